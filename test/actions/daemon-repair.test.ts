// The repair paths against a real reference swarm: a dead daemon is started (start-daemon, and
// restart-daemon on a dead daemon), a killed worker is restarted, a follower whose runner is killed
// ends, a stuck runner does not hold the lock, and each home sees only its own actions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BUNDLE, oroTop } from '../helpers/cli.js';
import { sleep, startSwarm, withSwarm } from '../helpers/swarm.js';
import { startTui } from '../helpers/tui.js';
import { Journal } from '../../src/journal/journal.js';
import { sendDirective } from '../../src/system/oro-socket.js';
import { readProcess } from '../../src/system/procfs.js';

const pidOf = (home: string): number => Number(readFileSync(join(home, 'oro.pid'), 'utf8'));

async function killDaemon(home: string): Promise<number> {
  const pid = pidOf(home);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50; i++) {
    const p = await readProcess(pid);
    if (!p || p.state === 'Z') break;
    await sleep(50);
  }
  return pid;
}

async function healthWorkers(home: string): Promise<string[]> {
  const r = await sendDirective(join(home, 'oro.sock'), 'health', '', 2000);
  if (r.kind !== 'answered') return [];
  return (JSON.parse(r.ack.detail) as { workers: { id: string }[] }).workers.map((w) => w.id);
}

describe('a dead daemon is started', () => {
  test(
    'start-daemon: a killed daemon comes back with its workers; a live one is refused',
    withSwarm({ workers: 2, stepMs: 200 }, async (s, state) => {
      const env = { ORO_TOP_STATE_DIR: state };
      const old = await killDaemon(s.home);
      const t0 = Date.now();
      const r = await oroTop(['start-daemon', '--yes', '--home', s.home], { env });
      const secs = (Date.now() - t0) / 1000;
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✓ check: the daemon is not running \(.*\); starting it for 2 worker\(s\)/);
      assert.match(r.stdout, /✓ start: started: /);
      assert.match(r.stdout, /succeeded: started in [\d.]+ s, PID \d+, workers 2\/2/);
      assert.notEqual(pidOf(s.home), old);
      const check = await oroTop(['check', '--home', s.home]);
      assert.equal(check.exitCode, 0, check.stdout);
      process.stderr.write(
        `start-daemon after SIGKILL: ${secs.toFixed(1)} s (${/started in ([\d.]+) s/.exec(r.stdout)?.[1]} s in the runner)\n`,
      );
      // a running daemon is not started twice
      const again = await oroTop(['start-daemon', '--yes', '--home', s.home], { env });
      assert.equal(again.exitCode, 1);
      assert.match(again.stderr, /the daemon of .* is running \(PID \d+\): nothing to start \(oro-top restart-daemon restarts it\)/);
    }),
  );

  test(
    'restart-daemon on a dead daemon says so and starts it',
    withSwarm({ workers: 2, stepMs: 200 }, async (s, state) => {
      await killDaemon(s.home);
      const r = await oroTop(['restart-daemon', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.match(
        r.stderr,
        /the daemon of .* is not running \(.*\): there is nothing to drain; it is started instead \(as oro-top start-daemon\)/,
      );
      assert.match(r.stdout, /succeeded: started in [\d.]+ s, PID \d+, workers 2\/2/);
      const check = await oroTop(['check', '--home', s.home]);
      assert.equal(check.exitCode, 0, check.stdout);
    }),
  );

  test('a PID file naming another live program: that program is never signalled, the daemon is started', async () => {
    const s = await startSwarm({ workers: 1, stepMs: 200 });
    const state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    const victim = execa('sleep', ['60'], { reject: false });
    try {
      await killDaemon(s.home);
      await sleep(1100); // the PID file must be newer than the victim for it to count as reused
      writeFileSync(join(s.home, 'oro.pid'), `${victim.pid}\n`);
      const r = await oroTop(['start-daemon', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        new RegExp(`✓ check: the daemon is not running \\(PID file names PID ${victim.pid}, which is now 'sleep'.*it is left alone\\)`),
      );
      assert.equal(victim.exitCode, null, 'the unrelated program still runs');
      assert.notEqual(pidOf(s.home), victim.pid);
    } finally {
      victim.kill('SIGKILL');
      await victim;
      await s.down();
      rmSync(state, { recursive: true, force: true });
    }
  });

  test(
    'in a terminal: start-daemon and restart-daemon ask first, saying the daemon is dead',
    withSwarm({ workers: 2, stepMs: 200 }, async (s, state) => {
      await killDaemon(s.home);
      const no = await startTui(['start-daemon', '--home', s.home], {
        cols: 200,
        rows: 20,
        env: { ORO_TOP_STATE_DIR: state },
        joinWrapped: true,
      });
      try {
        // (the terminal wraps the long question: read with wrapped lines joined)
        // the same words as the dashboard's dialog
        await no.waitFor(
          /The daemon is not running: .*\.\s+Nothing to drain: oro-top starts it with\s+.* start --daemon-only --workers 2\s[\s\S]*Start the daemon\? \[y\/N\]/,
        );
        await no.keys('n', 'Enter');
        await no.waitFor(/cancelled\s+\[exit 1\]/);
      } finally {
        await no.kill();
      }
      assert.equal((await readProcess(pidOf(s.home)))?.state ?? 'Z', 'Z', 'nothing was started');
      const yes = await startTui(['restart-daemon', '--home', s.home], { cols: 200, rows: 20, env: { ORO_TOP_STATE_DIR: state } });
      try {
        await yes.waitFor(/The daemon is not running: [\s\S]*Nothing to drain[\s\S]*Start the daemon\? \[y\/N\]/);
        await yes.keys('y', 'Enter');
        await yes.waitFor(/succeeded: started in [\d.]+ s, PID \d+, workers 2\/2[\s\S]*\[exit 0\]/, 20_000);
      } finally {
        await yes.kill();
      }
    }),
  );

  test(
    'without --yes and without a terminal: refused before anything happens',
    withSwarm({ workers: 1, stepMs: 200 }, async (s, state) => {
      await killDaemon(s.home);
      const r = await oroTop(['start-daemon', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(r.exitCode, 64);
      assert.match(r.stderr, /asks for confirmation: run it in a terminal or pass --yes/);
      assert.equal(existsSync(join(state, 'journal.db')), false);
    }),
  );
});

describe('a killed worker is restarted', () => {
  test(
    'kill-worker w-2, then restart-worker w-2: it runs again and reports to the daemon',
    withSwarm({ workers: 3, stepMs: 200 }, async (s, state) => {
      const env = { ORO_TOP_STATE_DIR: state };
      const k = await oroTop(['kill-worker', 'w-2', '--yes', '--home', s.home], { env });
      assert.equal(k.exitCode, 0, k.stdout + k.stderr);
      await sleep(300);
      const r = await oroTop(['restart-worker', 'w-2', '--yes', '--home', s.home], { env });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /succeeded: worker w-2 runs again as PID \d+ and reports to the daemon/);
      assert.ok((await healthWorkers(s.home)).includes('w-2'));
    }),
  );

  test(
    'a worker the daemon does not know any more is started the way the daemon starts workers',
    withSwarm({ workers: 3, stepMs: 200 }, async (s, state) => {
      // scaling down makes the daemon forget w-3 for good (it never respawns it itself)
      const sc = await sendDirective(join(s.home, 'oro.sock'), 'scale', '2', 2000);
      assert.equal(sc.kind === 'answered' && sc.ack.ok, true);
      for (let i = 0; i < 50 && (await healthWorkers(s.home)).includes('w-3'); i++) await sleep(100);
      assert.ok(!(await healthWorkers(s.home)).includes('w-3'));
      const r = await oroTop(['restart-worker', 'w-3', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✓ directive: the daemon does not know worker w-3 any more \('unknown worker w-3'\): oro-top starts it/);
      assert.match(r.stdout, /✓ start: started: .* worker --socket .*oro\.sock --id w-3 \(PID \d+\)/);
      assert.match(r.stdout, /succeeded: worker w-3 runs again as PID \d+ and reports to the daemon/);
      assert.ok((await healthWorkers(s.home)).includes('w-3'));
      // a worker that never ran here is not invented
      const never = await oroTop(['restart-worker', 'w-99', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(never.exitCode, 1);
      assert.match(never.stderr, /oro-top: no worker 'w-99' ever ran in .* \(no workers\/w-99 folder\): check the id/);
      // refused before anything: nothing journaled
      const hist = await oroTop(['history', '--json', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.ok(!(JSON.parse(hist.stdout) as { target: string }[]).some((a) => a.target === 'w-99'), 'no journal row for w-99');
    }),
  );
});

describe('the runner of a restart', () => {
  test(
    'killed during the drain: the foreground command says so and ends non-zero; the row is abandoned',
    withSwarm({ workers: 2, stepMs: 200, chaos: 'worker-no-approve=w-2', shutdownTimeoutS: 30 }, async (s, state) => {
      const follower = execa(process.execPath, [BUNDLE, 'restart-daemon', '--yes', '--home', s.home], {
        reject: false,
        timeout: 40_000,
        env: { ORO_TOP_STATE_DIR: state, XDG_CONFIG_HOME: '/nonexistent-oro-top-test', NODE_OPTIONS: '' },
      });
      const j = new Journal(join(state, 'journal.db'));
      try {
        let runner: number | null = null;
        for (let i = 0; i < 200 && runner === null; i++) {
          const a = j.list(1)[0];
          if (a?.runnerPid && a.steps.some((x) => x.name === 'drain' && x.status === 'running')) runner = a.runnerPid;
          else await sleep(50);
        }
        assert.ok(runner, 'the drain started');
        await sleep(500);
        const killedAt = Date.now();
        process.kill(runner, 'SIGKILL');
        const r = await follower;
        const secs = (Date.now() - killedAt) / 1000;
        assert.equal(r.timedOut, false, 'the follower returned');
        assert.equal(r.exitCode, 1, String(r.stdout));
        assert.match(String(r.stdout), new RegExp(`failed: abandoned: its runner \\(PID ${runner}\\) is gone during step 'drain'`));
        assert.ok(secs < 5, `noticed after ${secs} s`);
        const a = j.list(1)[0]!;
        assert.equal(a.status, 'failed');
        assert.match(a.outcome ?? '', /abandoned/);
      } finally {
        j.close();
        follower.kill('SIGKILL');
      }
    }),
  );

  test(
    'a runner alive but past its bound does not hold the lock: it is stopped and the next restart runs',
    withSwarm({ workers: 1, stepMs: 200 }, async (s, state) => {
      // a stuck runner: a live process that looks like one, with a row past its bound
      const stuck = execa(process.execPath, ['-e', 'setInterval(() => {}, 1e9)', '__run-action'], { reject: false });
      const j = new Journal(join(state, 'journal.db'));
      try {
        await sleep(200);
        const me = (await readProcess(stuck.pid!))!;
        const got = j.begin({ kind: 'restart-daemon', home: s.home, target: 'daemon', who: 'stuck', boundMs: -1000 }, () => true) as {
          id: number;
        };
        j.setRunner(got.id, stuck.pid!, me.startTicks);
        const r = await oroTop(['restart-daemon', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
        assert.equal(r.exitCode, 0, r.stdout + r.stderr);
        const old = j.get(got.id)!;
        assert.equal(old.status, 'failed');
        assert.match(old.outcome ?? '', /abandoned: still running past its bound .*its runner \(PID \d+\) is stuck/);
        const ended = await stuck;
        assert.equal(ended.signal, 'SIGKILL', 'the stuck runner was stopped');
      } finally {
        stuck.kill('SIGKILL');
        j.close();
      }
    }),
  );
});

describe('each home sees its own actions', () => {
  test(
    'history: this home only (with its name), --all-homes every one, an empty one says so',
    withSwarm({ workers: 1, stepMs: 200 }, async (s, state) => {
      const env = { ORO_TOP_STATE_DIR: state };
      const j = new Journal(join(state, 'journal.db'));
      try {
        const other = j.begin({ kind: 'kill-worker', home: '/srv/other-home', target: 'w-7', who: 'eve' }, () => false) as { id: number };
        j.finish(other.id, 'succeeded', 'worker w-7 has no process');
      } finally {
        j.close();
      }
      const empty = await oroTop(['history', '--home', s.home], { env });
      assert.equal(empty.exitCode, 0);
      assert.equal(empty.stdout, `no actions recorded for ${s.home}`); // (execa drops the final newline)
      await oroTop(['kill-worker', 'w-1', '--yes', '--home', s.home], { env });
      const mine = await oroTop(['history', '--home', s.home], { env });
      assert.match(mine.stdout, new RegExp(`^#\\d+ \\S+ kill-worker w-1 of ${s.home} by `));
      assert.doesNotMatch(mine.stdout, /other-home|w-7/);
      const json = JSON.parse((await oroTop(['history', '--json', '--home', s.home], { env })).stdout) as { home: string }[];
      assert.deepEqual([...new Set(json.map((a) => a.home))], [s.home]);
      const all = await oroTop(['history', '--all-homes', '--home', s.home], { env });
      assert.match(all.stdout, /kill-worker w-7 of \/srv\/other-home by eve/);
      assert.match(all.stdout, /kill-worker w-1 of /);
    }),
  );

  test('the dashboard reads only its home from the shared journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    const { ActionsCollector } = await import('../../src/collectors/actions.js');
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    const c = new ActionsCollector(path, '/srv/a');
    try {
      const a = j.begin({ kind: 'kill-worker', home: '/srv/a', target: 'w-1', who: 'x' }, () => false) as { id: number };
      j.finish(a.id, 'succeeded', 'ok');
      const b = j.begin({ kind: 'restart-daemon', home: '/srv/b', target: 'daemon', who: 'y' }, () => false) as { id: number };
      j.finish(b.id, 'failed', 'nope');
      const seen = await c.collect();
      assert.deepEqual(
        seen.recent.map((x) => `${x.home} ${x.kind}`),
        ['/srv/a kill-worker'],
      );
    } finally {
      c.close();
      j.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
