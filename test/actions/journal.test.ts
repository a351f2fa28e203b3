import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Journal, stateDir, whoAmI } from '../../src/actions/journal.js';
import { withTmpDir } from '../helpers/tmp.js';

test('an action and its steps are written as they happen, and read back', withTmpDir('journal-', (dir) => {
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
    assert.deepEqual(rec.steps.map((s) => [s.name, s.status, s.detail]), [['directive', 'done', 'ACK restarting daemon'], ['drain', 'done', '2/3 approved, 41 s left']]);
    assert.equal(j.list()[0]!.id, id);
  } finally {
    j.close();
  }
}));

test('one running action of a kind per home; a dead runner does not block', withTmpDir('journal-', (dir) => {
  const path = join(dir, 'journal.db');
  const a = new Journal(path);
  const b = new Journal(path); // a second oro-top
  try {
    const first = a.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'a' }, () => true);
    assert.ok('id' in first);
    const second = b.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'b' }, () => true);
    assert.ok('busy' in second);
    assert.equal((second as { busy: { who: string } }).busy.who, 'a');
    assert.ok('id' in b.begin({ kind: 'restart-daemon', home: '/other', target: 'daemon', who: 'b' }, () => true), 'another home is not blocked');
    assert.ok('id' in b.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'b' }, () => false), 'a dead runner does not block');
  } finally {
    a.close();
    b.close();
  }
}));

test('state folder and who', () => {
  assert.equal(stateDir({ ORO_TOP_STATE_DIR: '/s' }), '/s');
  assert.equal(stateDir({ XDG_STATE_HOME: '/x' }), '/x/oro-top');
  assert.equal(whoAmI({ USER: 'alice', SSH_CLIENT: '10.1.2.3 51234 22' }), 'alice from 10.1.2.3');
  assert.equal(whoAmI({ USER: 'bob' }), 'bob');
});

test('the dashboard sees an action whose runner died as abandoned, not running forever', withTmpDir('journal-', async (dir) => {
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
}));
