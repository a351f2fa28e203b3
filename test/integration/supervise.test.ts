// `oro-top supervise` against a real reference swarm: real processes killed, stopped and crashing,
// real tmux, oro-top's real journal; the supervisor runs as the bundle, as users run it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { execa, type ResultPromise } from 'execa';
import { IncidentStore, type Incident } from '../../src/journal/incidents.js';
import { Journal, type ActionRecord } from '../../src/journal/journal.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { BUNDLE, oroTop } from '../helpers/cli.js';
import { beadProgress, eventually, sleep, startSwarm, type TestSwarm } from '../helpers/swarm.js';

interface Sup {
  proc: ResultPromise;
  /** everything it printed so far */
  out(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<number | undefined>;
}

function supervise(s: TestSwarm, state: string, args: string[]): Sup {
  let text = '';
  const proc = execa(process.execPath, [BUNDLE, 'supervise', '--home', s.home, '--interval', '0.5', ...args], {
    reject: false,
    env: { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-test', LANG: 'C.UTF-8', ORO_TOP_STATE_DIR: state },
    stdin: 'ignore',
    all: true,
  });
  proc.all?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return {
    proc,
    out: () => text,
    waitFor: (re, timeoutMs = 20_000) =>
      eventually(async () => (re.test(text) ? text : undefined), timeoutMs, String(re)).catch((err: Error) => {
        throw new Error(`${err.message}; the supervisor printed:\n${text}`);
      }),
    async stop() {
      proc.kill('SIGTERM');
      return (await proc).exitCode;
    },
  };
}

function withJournal<T>(state: string, fn: (j: Journal) => T): T {
  const j = new Journal(join(state, 'journal.db'));
  try {
    return fn(j);
  } finally {
    j.close();
  }
}

const incidents = (state: string, home: string): Incident[] => withJournal(state, (j) => new IncidentStore(j.db).list({ home }));
const actions = (state: string, home: string): ActionRecord[] => withJournal(state, (j) => j.list(100, home));
const alerts = (file: string): { kind: string; target: string; incident_id: number | null }[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** PIDs whose command line matches (pgrep -f). */
function pgrep(pattern: string): number[] {
  const r = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
  return String(r.stdout).split('\n').filter(Boolean).map(Number);
}

function workerPid(home: string, id: string): number {
  const pid = pgrep(`worker --socket ${home}/oro.sock --id ${id}$`)[0];
  if (pid === undefined) throw new Error(`no process for worker ${id}`);
  return pid;
}

const daemonPid = (home: string): number => Number(readFileSync(join(home, 'oro.pid'), 'utf8').trim());

const dirs: string[] = [];
function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'oro-top-sup-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('supervise --auto-restart on a real swarm', { concurrency: false }, () => {
  test('a worker killed with SIGKILL is restarted; the incident, the action and the alerts say so', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const hookOut = join(state, 'alerts.jsonl');
    const sup = supervise(s, state, [
      '--auto-restart',
      '--metrics-listen',
      '127.0.0.1:0',
      '--on-alert',
      'sh',
      '--',
      '-c',
      `cat >> ${hookOut}`,
    ]);
    try {
      await sup.waitFor(/supervising .*auto-restart/);
      // the supervisor serves the same /metrics as oro-top metrics
      const url = /serving Prometheus metrics on (\S+)/.exec(sup.out())![1]!;
      const metrics = await eventually(async () => {
        const t = await (await fetch(url)).text();
        return /^oro_supervisor_running 1$/m.test(t) ? t : undefined;
      });
      assert.match(metrics, /^oro_swarm_up 1$/m);
      process.kill(workerPid(s.home, 'w-1'), 'SIGKILL');
      await sup.waitFor(/worker:w-1: restart-worker #\d+ \(attempt 1 of 3\) succeeded/);
      await sup.waitFor(/worker:w-1: healthy again/);
      const inc = incidents(state, s.home).find((i) => i.target === 'worker:w-1');
      assert.ok(inc, 'an incident for w-1');
      assert.equal(inc.kind, 'exited');
      assert.equal(inc.action, 'restart-worker w-1');
      assert.equal(inc.attempt, 1);
      assert.equal(inc.attemptsMax, 3);
      assert.match(inc.outcome ?? '', /succeeded: .*; healthy again after \d+ s/);
      assert.ok(inc.evidence.length > 0, 'evidence kept');
      const a = actions(state, s.home).filter((x) => x.kind === 'restart-worker');
      assert.equal(a.length, 1);
      assert.equal(a[0]!.status, 'succeeded');
      assert.match(a[0]!.who, /^supervisor \(PID \d+, /, 'the journal says the supervisor did it');
      await eventually(async () => (alerts(hookOut).length >= 2 ? true : undefined), 5000, 'two alerts');
      assert.deepEqual(
        alerts(hookOut).map((x) => `${x.kind} ${x.target}`),
        ['died worker:w-1', 'recovered worker:w-1'],
      );
      assert.equal(alerts(hookOut)[0]!.incident_id, inc.id);
      const check = await oroTop(['check', '--home', s.home]);
      assert.equal(check.exitCode, 0, check.stdout);
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test('a crash loop: exactly --max-restarts restarts, then gave up: one alert, one persistent-failure report; --reset tries again', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200, chaos: 'worker-crash=w-2@1' });
    const state = stateDir();
    const hookOut = join(state, 'alerts.jsonl');
    const sup = supervise(s, state, ['--auto-restart', '--max-restarts', '2', '--on-alert', 'sh', '--', '-c', `cat >> ${hookOut}`]);
    try {
      await sup.waitFor(/worker:w-2: gave up/, 40_000);
      await sleep(3000); // it stays given up: no further restart
      const restarts = actions(state, s.home).filter((x) => x.kind === 'restart-worker' && x.target === 'w-2');
      assert.equal(restarts.length, 2, sup.out());
      const kinds = alerts(hookOut).map((x) => `${x.kind} ${x.target}`);
      assert.equal(kinds.filter((k) => k === 'gave-up worker:w-2').length, 1, kinds.join('\n'));
      assert.equal(kinds.filter((k) => k === 'persistent-failure worker:w-2').length, 1, kinds.join('\n'));
      assert.equal(kinds.filter((k) => k === 'died worker:w-2').length, 1, 'one died alert: the rest are within the cooldown');
      const persistent = incidents(state, s.home).filter((i) => i.kind === 'persistent-failure');
      assert.equal(persistent.length, 1);
      const gave = withJournal(state, (j) => new SupervisorStateStore(j.db).get(s.home));
      assert.ok(!(gave instanceof Error));
      assert.deepEqual(
        gave.gaveUp.map((g) => g.target),
        ['worker:w-2'],
      );
      // the CLI clears it; the running supervisor tries again within its budget
      const reset = await oroTop(['supervise', '--reset', 'worker:w-2', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(reset.exitCode, 0, reset.stderr);
      assert.match(reset.stdout, /worker:w-2 is no longer given up/);
      await sup.waitFor(/worker:w-2: reset: it may be restarted again/);
      await eventually(
        async () =>
          actions(state, s.home).filter((x) => x.kind === 'restart-worker' && x.target === 'w-2').length === 3 ? true : undefined,
        20_000,
        'a third restart after the reset',
      );
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test('the daemon killed with SIGKILL: its successor starts, the workers come back, no bead goes backwards', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const sup = supervise(s, state, ['--auto-restart']);
    try {
      await sup.waitFor(/supervising/);
      await sleep(1500);
      const before = beadProgress(s.home);
      const old = daemonPid(s.home);
      process.kill(old, 'SIGKILL');
      await sup.waitFor(/daemon: start-daemon #\d+ \(attempt 1 of 3\) succeeded/, 30_000);
      assert.notEqual(daemonPid(s.home), old);
      await eventually(
        async () => ((await oroTop(['check', '--home', s.home])).exitCode === 0 ? true : undefined),
        15_000,
        'healthy again',
      );
      const after = beadProgress(s.home);
      for (const [bead, p] of before) assert.ok((after.get(bead) ?? p) >= p, `bead ${bead} went from ${p} to ${after.get(bead)}`);
      // each worker id runs once: the orphans reconnected, none was started twice
      for (const id of ['w-1', 'w-2']) assert.equal(pgrep(`worker --socket ${s.home}/oro.sock --id ${id}$`).length, 1, id);
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test('the daemon stopped with SIGSTOP: frozen after --freeze-after, escalated, a successor runs', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const cfg = join(state, 'config.json');
    writeFileSync(cfg, JSON.stringify({ thresholds: { drain_timeout_s: 2, socket_timeout_ms: 500 } }));
    const sup = supervise(s, state, ['--auto-restart', '--freeze-after', '2', '--config', cfg]);
    const old = daemonPid(s.home);
    try {
      await sup.waitFor(/supervising/);
      process.kill(old, 'SIGSTOP');
      await sup.waitFor(/incident #\d+ daemon frozen/, 20_000);
      await sup.waitFor(/daemon: restart-daemon #\d+ \(attempt 1 of 3\) succeeded/, 60_000);
      assert.notEqual(daemonPid(s.home), old);
      const a = actions(state, s.home).find((x) => x.kind === 'restart-daemon');
      assert.ok(
        a?.steps.some((st) => st.name === 'escalate' && /SIGKILL/.test(st.detail ?? '')),
        JSON.stringify(a?.steps),
      );
    } finally {
      try {
        process.kill(old, 'SIGKILL');
      } catch {}
      await sup.stop();
      await s.down();
    }
  });

  test('a pane whose process was killed is respawned', async () => {
    const s = await startSwarm({ workers: 1, stepMs: 200 });
    const state = stateDir();
    const sup = supervise(s, state, ['--auto-restart']);
    try {
      await sup.waitFor(/supervising/);
      const old = Number((await s.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
      process.kill(old, 'SIGKILL');
      await sup.waitFor(/pane:architect: respawn-pane #\d+ \(attempt 1 of 3\) succeeded/);
      const now = Number((await s.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
      assert.notEqual(now, old);
    } finally {
      await sup.stop();
      await s.down();
    }
  });
});

describe('supervise: one per home, its own bounds, and the person first', { concurrency: false }, () => {
  test('a second supervisor exits 75 naming the first; one killed with SIGKILL does not block the next', async () => {
    const s = await startSwarm({ workers: 1, stepMs: 200 });
    const state = stateDir();
    const first = supervise(s, state, []);
    try {
      await first.waitFor(/supervising .*watching only/);
      const second = await oroTop(['supervise', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(second.exitCode, 75);
      assert.match(second.stderr, new RegExp(`a supervisor already watches .*: PID ${first.proc.pid} `));
      first.proc.kill('SIGKILL');
      await first.proc;
      // a look that changes nothing runs beside a supervisor; one that may act needs the lock
      const second2 = supervise(s, state, []);
      await second2.waitFor(/supervising/);
      const look = await oroTop(['supervise', '--once', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(look.exitCode, 0, look.stdout + look.stderr);
      assert.match(look.stdout, /a supervisor watches this home: PID \d+ .*this look wrote nothing/);
      const act = await oroTop(['supervise', '--once', '--auto-restart', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(act.exitCode, 75, act.stdout + act.stderr);
      await second2.stop();
      const third = await oroTop(['supervise', '--once', '--auto-restart', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(third.exitCode, 0, third.stdout + third.stderr);
    } finally {
      await first.stop();
      await s.down();
    }
  });

  test('a hanging alert hook is stopped at its timeout and supervision goes on', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const sup = supervise(s, state, ['--auto-restart', '--alert-timeout', '4', '--on-alert', 'sleep', '600']);
    try {
      await sup.waitFor(/supervising/);
      process.kill(workerPid(s.home, 'w-2'), 'SIGKILL');
      await sup.waitFor(/alert died worker:w-2: .*timed out/);
      const out = await sup.waitFor(/worker:w-2: restart-worker #\d+ \(attempt 1 of 3\) succeeded/);
      // the hook does not hold the recovery up: the restart ended before the hook's timeout
      assert.ok(out.search(/restart-worker #\d+ \(attempt 1 of 3\) succeeded/) < out.search(/alert died worker:w-2: .*timed out/), out);
      await eventually(async () => (pgrep('^sleep 600$').length === 0 ? true : undefined), 5000, 'the hook killed');
      const inc = incidents(state, s.home).find((i) => i.target === 'worker:w-2');
      assert.match(inc?.outcome ?? '', /alert died not delivered: .*timed out/, 'the failed alert is in the incident');
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test("during a person's restart of the daemon the supervisor does not restart it too", async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const sup = supervise(s, state, ['--auto-restart']);
    try {
      await sup.waitFor(/supervising/);
      const r = await oroTop(['restart-daemon', '--yes', '--home', s.home], { env: { ORO_TOP_STATE_DIR: state } });
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      await sleep(2000);
      const daemonActions = actions(state, s.home).filter((a) => a.target === 'daemon');
      assert.deepEqual(
        daemonActions.map((a) => a.kind),
        ['restart-daemon'],
        sup.out(),
      );
      assert.doesNotMatch(sup.out(), /start-daemon|restart-daemon #/);
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test('--once exits as check does, and says what it would do when only watching', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const env = { ORO_TOP_STATE_DIR: state };
    try {
      const healthy = await oroTop(['supervise', '--once', '--home', s.home], { env });
      assert.equal(healthy.exitCode, 0, healthy.stdout);
      assert.match(healthy.stdout, /healthy, nothing wrong/);
      process.kill(workerPid(s.home, 'w-1'), 'SIGKILL');
      const degraded = await eventually(async () => {
        const r = await oroTop(['supervise', '--once', '--home', s.home], { env });
        return r.exitCode === 1 ? r : undefined;
      });
      assert.match(degraded.stdout, /✗ worker:w-1 exited/);
      assert.match(degraded.stdout, /watching only: --auto-restart recovers what it can/);
      process.kill(daemonPid(s.home), 'SIGKILL');
      const critical = await eventually(async () => {
        const r = await oroTop(['supervise', '--once', '--home', s.home], { env });
        return r.exitCode === 2 ? r : undefined;
      });
      assert.match(critical.stdout, /✗ daemon/);
      // one incident per trouble, however many --once passes saw it
      assert.equal(incidents(state, s.home).filter((i) => i.target === 'worker:w-1').length, 1);
      // with --auto-restart it acts, and exits by how the swarm is after it
      const fixed = await oroTop(['supervise', '--once', '--auto-restart', '--home', s.home], { env });
      assert.match(fixed.stdout, /start-daemon #\d+ \(attempt 1 of 3\) succeeded/);
      assert.match(fixed.stdout, /after the recovery: (healthy|degraded)/);
      assert.notEqual(fixed.exitCode, 2, fixed.stdout);
      // an alert command that cannot run is refused at start, not at the first alert
      const bad = await oroTop(['supervise', '--once', '--home', s.home, '--on-alert', 'no-such-alert-cmd'], { env });
      assert.equal(bad.exitCode, 64);
      assert.match(bad.stderr, /--on-alert: 'no-such-alert-cmd' is not an executable file on PATH/);
    } finally {
      await s.down();
    }
  });

  test('paused: it records and alerts but restarts nothing; resumed: it recovers', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    const state = stateDir();
    const env = { ORO_TOP_STATE_DIR: state };
    const pause = await oroTop(['supervise', '--pause', '--home', s.home], { env });
    assert.equal(pause.exitCode, 0, pause.stderr);
    assert.match(pause.stdout, /auto-recovery of .* paused/);
    const sup = supervise(s, state, ['--auto-restart']);
    try {
      await sup.waitFor(/supervising/);
      process.kill(workerPid(s.home, 'w-1'), 'SIGKILL');
      await sup.waitFor(/incident #\d+ worker:w-1 exited/);
      await sup.waitFor(/worker:w-1: not restarted: auto-recovery is paused/);
      await sleep(2000);
      assert.equal(actions(state, s.home).filter((a) => a.kind === 'restart-worker').length, 0, 'nothing restarted while paused');
      const resume = await oroTop(['supervise', '--resume', '--home', s.home], { env });
      assert.match(resume.stdout, /auto-recovery of .* resumed/);
      await sup.waitFor(/auto-recovery resumed/);
      await sup.waitFor(/worker:w-1: restart-worker #\d+ \(attempt 1 of 3\) succeeded/);
    } finally {
      await sup.stop();
      await s.down();
    }
  });

  test('--detach: runs in the background holding the home, says its PID and log; a second --detach exits 75', async () => {
    const home = mkdtempSync(join(tmpdir(), 'oro-top-sup-home-'));
    dirs.push(home);
    const state = stateDir();
    const env = { ORO_TOP_STATE_DIR: state };
    const r = await oroTop(['supervise', '--detach', '--home', home, '--interval', '0.5'], { env });
    assert.equal(r.exitCode, 0, r.stderr);
    const m = /supervisor started in the background: PID (\d+); log: (\S+); stop it: kill \d+/.exec(r.stdout);
    assert.ok(m, r.stdout);
    const pid = Number(m[1]);
    try {
      assert.ok(existsSync(m[2]!), 'its log exists');
      await eventually(async () => (/supervising /.test(readFileSync(m[2]!, 'utf8')) ? true : undefined), 5000, 'the log line');
      const again = await oroTop(['supervise', '--detach', '--home', home], { env });
      assert.equal(again.exitCode, 75);
      assert.match(again.stderr, new RegExp(`PID ${pid} `));
    } finally {
      process.kill(pid, 'SIGTERM');
    }
    await eventually(async () => (pgrep(`supervise --home ${home}`).length === 0 ? true : undefined), 5000, 'it stopped');
    assert.match(readFileSync(m[2]!, 'utf8'), /stopped \(SIGTERM\)/);
  });
});
