import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { Journal, journalError, stateDir, whoAmI } from '../../src/journal/journal.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'an action and its steps are written as they happen, and read back',
  withTmpDir('journal-', (dir) => {
    const j = new Journal(join(dir, 'state', 'journal.db'));
    try {
      const r = j.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'alice' }, () => true);
      assert.ok('id' in r);
      const id = (r as { id: number }).id;
      const s1 = j.stepStart(id, 'directive');
      j.stepEnd(id, s1, 'done', 'ACK restarting daemon');
      const s2 = j.stepStart(id, 'drain', '0/3 approved');
      j.stepProgress(id, s2, '2/3 approved, 41 s left');
      assert.equal(j.get(id)!.steps[1]!.detail, '2/3 approved, 41 s left');
      j.stepEnd(id, s2, 'done', null);
      j.finish(id, 'succeeded', 'restarted in 2.1 s');
      const rec = j.get(id)!;
      assert.equal(rec.status, 'succeeded');
      assert.deepEqual(
        rec.steps.map((s) => [s.name, s.status, s.detail]),
        [
          ['directive', 'done', 'ACK restarting daemon'],
          ['drain', 'done', '2/3 approved, 41 s left'],
        ],
      );
      assert.equal(j.list()[0]!.id, id);
    } finally {
      j.close();
    }
  }),
);

test(
  'one running action of a kind per home; a dead runner does not block',
  withTmpDir('journal-', (dir) => {
    const path = join(dir, 'journal.db');
    const a = new Journal(path);
    const b = new Journal(path); // a second oro-top
    try {
      const first = a.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'a' }, () => true);
      assert.ok('id' in first);
      const second = b.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'b' }, () => true);
      assert.ok('busy' in second);
      assert.equal((second as { busy: { who: string } }).busy.who, 'a');
      assert.ok(
        'id' in b.begin({ kind: 'restart-daemon', home: '/other', target: 'daemon', who: 'b' }, () => true),
        'another home is not blocked',
      );
      assert.ok(
        'id' in b.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'b' }, () => false),
        'a dead runner does not block',
      );
    } finally {
      a.close();
      b.close();
    }
  }),
);

test('state folder and who', () => {
  assert.equal(stateDir({ ORO_TOP_STATE_DIR: '/s' }), '/s');
  assert.equal(stateDir({ XDG_STATE_HOME: '/x' }), '/x/oro-top');
  assert.equal(whoAmI({ USER: 'alice', SSH_CLIENT: '10.1.2.3 51234 22' }), 'alice from 10.1.2.3');
  assert.equal(whoAmI({ USER: 'bob' }), 'bob');
});

test(
  'the dashboard sees an action whose runner died as abandoned, not running forever',
  withTmpDir('journal-', async (dir) => {
    const { ActionsCollector } = await import('../../src/collectors/actions.js');
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    const c = new ActionsCollector(path);
    try {
      const r = j.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'a' }, () => true) as { id: number };
      j.setRunner(r.id, 2 ** 22 - 3, 12345); // no such process
      const seen = await c.collect();
      assert.equal(seen.recent[0]!.status, 'failed');
      assert.match(seen.recent[0]!.outcome ?? '', /abandoned: its runner \(PID \d+\) is gone/);
    } finally {
      c.close();
      j.close();
    }
  }),
);

test(
  'the journal and its folder are private (0600 / 0700) whatever the umask',
  withTmpDir('journal-', (dir) => {
    const old = process.umask(0o022);
    try {
      const path = join(dir, 'state', 'journal.db');
      const j = new Journal(path);
      j.begin({ kind: 'k', home: '/h', target: 't', who: 'w' }, () => true);
      try {
        assert.equal(statSync(join(dir, 'state')).mode & 0o777, 0o700);
        for (const f of [path, `${path}-wal`, `${path}-shm`]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
      } finally {
        j.close();
      }
    } finally {
      process.umask(old);
    }
  }),
);

test(
  'a journal that is a link, or whose folder is one, is refused: nothing is written through it',
  withTmpDir('journal-', (dir) => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'not yours\n');
    mkdirSync(join(dir, 'state'));
    symlinkSync(victim, join(dir, 'state', 'journal.db'));
    assert.throws(
      () => new Journal(join(dir, 'state', 'journal.db')),
      /the journal .*journal\.db is a symbolic link; not used: .*ORO_TOP_STATE_DIR/,
    );
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'linked'));
    assert.throws(() => new Journal(join(dir, 'linked', 'journal.db')), /the state folder .*linked is a symbolic link/);
    assert.equal(readFileSync(victim, 'utf8'), 'not yours\n');
    assert.deepEqual(readdirSync(join(dir, 'real')), []);
  }),
);

test(
  'a corrupt journal: the error names the file and what to do, and the file is left as it was',
  withTmpDir('journal-', (dir) => {
    const path = join(dir, 'journal.db');
    const junk = Buffer.from("this is not an SQLite database, but it is somebody's data\n".repeat(100));
    writeFileSync(path, junk, { mode: 0o600 });
    assert.throws(
      () => new Journal(path),
      (err: Error) => {
        assert.equal(
          err.message,
          `the journal ${path}: file is not a database; move it aside (mv ${path} ${path}.bad); oro-top's history will start empty`,
        );
        return true;
      },
    );
    assert.ok(readFileSync(path).equals(junk));
  }),
);

test('journal errors say what to do for a folder that cannot be written or a lock', () => {
  const err = (code: string, message: string) => Object.assign(new Error(message), { code });
  assert.match(
    journalError('/s/journal.db', err('SQLITE_CANTOPEN', 'unable to open database file')).message,
    /^the journal \/s\/journal\.db: unable to open database file; oro-top cannot write there: .*ORO_TOP_STATE_DIR/,
  );
  assert.match(journalError('/s/journal.db', err('SQLITE_READONLY', 'attempt to write a readonly database')).message, /cannot write there/);
  assert.match(
    journalError('/s/journal.db', err('EACCES', 'permission denied')).message,
    /^the journal \/s\/journal\.db: EACCES: permission denied; oro-top cannot write there/,
  );
  assert.match(journalError('/s/journal.db', err('SQLITE_BUSY', 'database is locked')).message, /another oro-top holds it locked/);
});
