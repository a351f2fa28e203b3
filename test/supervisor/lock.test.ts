import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostname } from 'node:os';
import { execa, type ResultPromise } from 'execa';
import { Journal } from '../../src/journal/journal.js';
import { currentSupervisor, describeHolder, holderLives, type LockHolder, takeSupervisorLock } from '../../src/supervisor/lock.js';
import { readStatSync } from '../../src/system/procfs.js';
import { waitGone } from '../../src/system/signal.js';
import { withTmpDir } from '../helpers/tmp.js';

const CHILD = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ChildSays {
  pid: number;
  taken?: LockHolder;
  replaced?: LockHolder | null;
  held?: LockHolder;
  error?: string;
}

function child(
  path: string,
  home: string,
  mode: 'hold' | 'exit' | 'close-exit',
  startAt = 0,
): { proc: ResultPromise; says: Promise<ChildSays> } {
  const proc = execa(process.execPath, ['--import', 'tsx', CHILD, path, home, mode, String(startAt)], {
    cwd: ROOT,
    reject: false,
    env: { NODE_OPTIONS: '' },
    stdin: 'ignore',
  });
  const says = new Promise<ChildSays>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as ChildSays);
    });
    void proc.then((r) => reject(new Error(`the child ended without a word: ${r.exitCode} ${r.stderr}`)));
  });
  return { proc, says };
}

const rawRow = (j: Journal, home: string): unknown =>
  j.db.prepare('SELECT pid FROM supervisor_lock WHERE home = ?').get(home) as { pid: number } | undefined;

test(
  'a supervisor killed with SIGKILL does not block the next one; while it lives, a second one is told who holds it',
  withTmpDir('lock-', async (dir) => {
    const path = join(dir, 'state', 'journal.db');
    const j = new Journal(path);
    const first = child(path, '/h', 'hold');
    try {
      const a = await first.says;
      assert.equal(a.taken?.pid, a.pid);
      assert.equal(a.replaced, null);

      const second = takeSupervisorLock(j.db, '/h', { releaseOnExit: false });
      assert.ok('held' in second, JSON.stringify(second));
      assert.deepEqual([second.held.pid, second.held.user], [a.pid, `child-${a.pid}`]);
      assert.match(describeHolder(second.held), new RegExp(`^PID ${a.pid} \\(child-${a.pid}, since \\d{4}-\\d\\d-\\d\\dT`));
      assert.equal(currentSupervisor(j.db, '/h')?.pid, a.pid);
      assert.ok('taken' in takeSupervisorLock(j.db, '/other', { releaseOnExit: false }), 'another home is free');

      process.kill(a.pid, 'SIGKILL');
      assert.ok(await waitGone({ pid: a.pid, startTicks: a.taken!.startTicks }, 5000));
      assert.equal(currentSupervisor(j.db, '/h'), null, 'a dead holder is no supervisor');
      const third = takeSupervisorLock(j.db, '/h', { releaseOnExit: false });
      assert.ok('taken' in third, JSON.stringify(third));
      assert.equal(third.replaced?.pid, a.pid, 'it says whose row it took over');
      assert.equal(third.taken.holder.pid, process.pid);
      assert.equal(third.taken.release(), true);
      assert.equal(third.taken.release(), false);
      assert.equal(rawRow(j, '/h'), undefined);
    } finally {
      first.proc.kill('SIGKILL');
      await first.proc;
      j.close();
    }
  }),
);

test(
  'of four supervisors starting at the same moment exactly one wins; the others name it',
  withTmpDir('lock-', async (dir) => {
    const path = join(dir, 'journal.db');
    new Journal(path).close();
    const at = Date.now() + 4000; // after all four have loaded
    const kids = Array.from({ length: 4 }, () => child(path, '/h', 'hold', at));
    try {
      const said = await Promise.all(kids.map((k) => k.says));
      const winners = said.filter((s) => s.taken);
      assert.equal(winners.length, 1, JSON.stringify(said));
      for (const s of said.filter((x) => !x.taken)) assert.equal(s.held?.pid, winners[0]!.pid, JSON.stringify(s));
      const losers = await Promise.all(kids.filter((_, i) => !said[i]!.taken).map((k) => k.proc));
      assert.deepEqual(
        losers.map((r) => r.exitCode),
        [75, 75, 75],
      );
    } finally {
      for (const k of kids) k.proc.kill('SIGKILL');
      await Promise.all(kids.map((k) => k.proc));
    }
  }),
);

test(
  'a supervisor that exits normally leaves no lock behind',
  withTmpDir('lock-', async (dir) => {
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    try {
      for (const mode of ['exit', 'close-exit'] as const) {
        const k = child(path, '/h', mode);
        const said = await k.says;
        assert.equal(said.taken?.pid, said.pid);
        assert.equal((await k.proc).exitCode, 0);
        assert.equal(rawRow(j, '/h'), undefined, `${mode}: the row went with the process (not merely judged stale)`);
      }
    } finally {
      j.close();
    }
  }),
);

test(
  'a PID handed to another process does not count as the holder; a living one on another host does',
  withTmpDir('lock-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    const sleeper = execa('sleep', ['30'], { reject: false });
    try {
      const ticks = readStatSync(sleeper.pid!)!.startTicks;
      const put = (pid: number, startTicks: number, host = hostname()): void => {
        j.db
          .prepare('INSERT OR REPLACE INTO supervisor_lock (home, pid, start_ticks, user, host, since) VALUES (?, ?, ?, ?, ?, ?)')
          .run('/h', pid, startTicks, 'old', host, '2026-11-25T08:00:00.000Z');
      };
      takeSupervisorLock(j.db, '/warm-up', { releaseOnExit: false }); // creates the tables
      put(sleeper.pid!, ticks);
      const held = takeSupervisorLock(j.db, '/h', { releaseOnExit: false });
      assert.ok('held' in held && held.held.pid === sleeper.pid, 'the same PID and start time: it holds');

      put(sleeper.pid!, ticks - 1); // the PID now names another process than the one that took it
      const reused = takeSupervisorLock(j.db, '/h', { releaseOnExit: false, autoRestart: true });
      assert.ok('taken' in reused, JSON.stringify(reused));
      assert.equal(currentSupervisor(j.db, '/h')?.autoRestart, true, 'the mode it runs in is recorded with it');
      reused.taken.release();

      const elsewhere: LockHolder = { pid: 1, startTicks: 0, user: 'bob', host: 'other-host', since: 'x', autoRestart: false };
      assert.equal(holderLives(elsewhere), true, 'cannot be checked from here: it counts');
      assert.match(describeHolder(elsewhere), /^PID 1 on other-host \(bob, since x\)$/);
    } finally {
      sleeper.kill('SIGKILL');
      await sleeper;
      j.close();
    }
  }),
);
