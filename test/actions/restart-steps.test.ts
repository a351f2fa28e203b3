// The daemon restart's steps against a scripted fake of the outside world (no swarm, fake time):
// the check, the directive and its retry, the drain and its deadline, the escalation and its
// identity checks, the cancels; and one whole restart. The successor's steps: successor-steps.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beadsNow, restartSteps } from '../../src/actions/drain-restart.js';
import {
  ack,
  CFG,
  checked,
  DAEMON_ARGV,
  FakeRun,
  fakeConfig,
  freshState,
  healthAck,
  NEW,
  OLD,
  oldDaemon,
  only,
  PIDS,
  pidFile,
  proc,
  SOCK,
  STARTED,
  workerArgv,
} from '../helpers/action-fixtures.js';
import { FakeEffects } from '../helpers/fake-effects.js';

const twoBusy = healthAck('running', [
  ['w-1', 'busy', 'oro-1'],
  ['w-2', 'idle'],
]);

let dir: string;
let run: FakeRun;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'restart-steps-'));
  run = FakeRun.open(dir);
});
after(() => {
  run.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('check and directive', () => {
  test('check names the daemon, its workers and beads; the directive is ACKed', async () => {
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD))
      .expect('readProcess', [OLD], oldDaemon)
      .expect('directive', [SOCK, 'health', '', 1000], twoBusy)
      .expect('readManifest', [CFG.home], { workers: 3 } as never)
      .expect('directive', [SOCK, 'restart-daemon', '', 2000], ack(true, 'restarting daemon'));
    const s = freshState();
    const { r, detail } = await run.run(only(restartSteps(CFG), 'check', 'directive'), s, fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(detail('check'), 'daemon PID 100, 2 workers, 1 beads in progress');
    assert.equal(detail('directive'), 'ACK: restarting daemon');
    // the swarm was started with 3: the one missing now (crashed) comes back with the successor
    assert.deepEqual([s.old, s.workersWanted, s.beadsBefore, s.signalPath], [{ pid: OLD, startTicks: 5000 }, 3, ['oro-1'], false]);
  });

  test('a frozen daemon (health unanswered): its workers counted from the process table, the successor wanted for the swarm; beads unknown', async () => {
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD))
      .expect('readProcess', [OLD], oldDaemon)
      .expect('directive', [SOCK, 'health', '', 1000], { kind: 'timeout', phase: 'reply', timeoutMs: 1000 })
      .expect('workerProcesses', [SOCK], [proc(201, workerArgv('w-1')), proc(202, workerArgv('w-2'))])
      .expect('readManifest', [CFG.home], { workers: 3 } as never);
    const s = freshState();
    const { r, detail } = await run.run(only(restartSteps(CFG), 'check'), s, fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(detail('check'), 'daemon PID 100 (health did not answer), 2 worker processes; beads in progress unknown');
    assert.deepEqual([s.workersBefore, s.workersWanted, s.beadsBefore], [2, 3, null], 'not 0 workers and no beads, as it said before');
    assert.equal(beadsNow(s.beadsBefore, null), 'unknown (the daemon did not answer before the restart)');
    fx.done();
  });

  test('a connection dropped before the ACK is asked once more, and the answer counts', async () => {
    const fx = new FakeEffects()
      .expect('directive', [SOCK, 'restart-daemon'], { kind: 'closed' })
      .expect('directive', [SOCK, 'restart-daemon'], ack(false, 'restart already in progress'));
    const s = checked();
    const { r, detail } = await run.run(only(restartSteps(CFG), 'directive'), s, fx);
    assert.equal(r.ok, true);
    assert.equal(detail('directive'), 'ACK: restart already in progress');
    assert.equal(s.signalPath, false);
  });

  test('dropped twice, or refused by a stale socket: no drain, the daemon is stopped by signal', async () => {
    const twice = new FakeEffects()
      .expect('directive', [SOCK, 'restart-daemon'], { kind: 'closed' })
      .expect('directive', [SOCK, 'restart-daemon'], { kind: 'closed' });
    const s1 = checked();
    const a = await run.run(only(restartSteps(CFG), 'directive', 'drain'), s1, twice);
    assert.equal(
      a.detail('directive'),
      'no answer (socket closed the connection without answering, after a retry): stopping it with SIGINT instead',
    );
    assert.deepEqual([s1.signalPath, a.steps[1]!.status], [true, 'skipped']);
    // refused is not retried: a second directive would be an unexpected call
    const refused = new FakeEffects().expect('directive', [SOCK, 'restart-daemon'], { kind: 'refused' });
    const s2 = checked();
    const b = await run.run(only(restartSteps(CFG), 'directive'), s2, refused);
    assert.equal(b.detail('directive'), 'no answer (socket file is stale (nobody listening)): stopping it with SIGINT instead');
    assert.equal(s2.signalPath, true);
  });

  test('a refusal other than "in progress" fails the restart with the daemon left as it was', async () => {
    const fx = new FakeEffects().expect('directive', [SOCK, 'restart-daemon'], ack(false, 'invalid directive'));
    const { r } = await run.run(restartSteps(CFG).slice(1), checked(), fx); // later steps would be unexpected calls
    assert.deepEqual([r.ok, r.failedStep, r.error], [false, 'directive', 'the daemon refused restart-daemon: invalid directive']);
  });

  test('a PID file naming another program: refused, nothing asked and nothing signalled', async () => {
    const fx = new FakeEffects().expect('readPidFile', [PIDS], pidFile(OLD)).expect('readProcess', [OLD], proc(OLD, ['vim', 'notes.txt']));
    const { r } = await run.run(restartSteps(CFG), freshState(), fx);
    assert.equal(r.failedStep, 'check');
    assert.match(r.error!, /PID file names PID 100, which is now 'vim' \(vim notes\.txt\); refusing to signal it/);
  });

  test('a PID that started after the PID file was written is a reused PID: refused', async () => {
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD, 900))
      .expect('readProcess', [OLD], proc(OLD, DAEMON_ARGV, { startedAtS: 1000 }));
    const { r } = await run.run(restartSteps(CFG), freshState(), fx);
    assert.match(r.error!, /started after the PID file was written/);
  });

  test('a missing or corrupt PID file: nothing to restart', async () => {
    const fx = new FakeEffects().expect('readPidFile', [PIDS], { kind: 'corrupt', path: PIDS, problem: 'empty' });
    const { r } = await run.run(restartSteps(CFG), freshState(), fx);
    assert.equal(r.error, 'no daemon to restart: PID file corrupt (empty)');
  });
});

describe('cancel', () => {
  test('asked before the directive: the restart stops there and nothing was asked or signalled', async () => {
    let cancel = false;
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD))
      .expect('readProcess', [OLD], oldDaemon)
      .expect('directive', [SOCK, 'health'], () => {
        cancel = true; // the operator cancels while the check runs
        return twoBusy;
      })
      .expect('readManifest', [CFG.home], null);
    const { r, steps } = await run.run(restartSteps(CFG), freshState(), fx, () => cancel);
    assert.deepEqual([r.ok, r.ending, r.failedStep], [false, 'cancelled', 'directive']);
    assert.equal(steps.at(-1)!.detail, 'cancelled before the daemon was asked: nothing was changed');
  });

  for (const at of ['drain', 'escalate', 'socket', 'start', 'wait-pid', 'wait-healthy', 'wait-workers']) {
    test(`asked during '${at}' (after the directive): the restart goes on to a new daemon, the cancel noted as late`, async () => {
      let cancel = false;
      const fx = successorWorld({ cancelAt: at, onCancel: () => (cancel = true) });
      const s = checked();
      const { r, steps } = await run.run(restartSteps(CFG).slice(2), s, fx.fx, () => cancel);
      assert.equal(r.ok, true, r.error ?? '');
      assert.equal(cancel, true, 'the cancel was asked');
      assert.equal(s.lateCancel, true);
      assert.equal(s.newPid, NEW);
      assert.deepEqual(
        steps.map((x) => x.status),
        ['done', 'skipped', 'done', 'done', 'done', 'done', 'done'],
      );
    });
  }
});

/**
 * The world of a restart after the directive: the old daemon drains (its workers hand off) and exits
 * after 3 s; the socket file it leaves is stale; the successor writes its PID file 0.5 s after its
 * start, comes up inert (so it is sent `start`), and its two workers reconnect one by one.
 * `cancelAt` names the step during which onCancel is called.
 */
function successorWorld(o: { cancelAt?: string; onCancel?: () => void; drainOnly?: boolean } = {}) {
  const fx = new FakeEffects();
  const t0 = fx.clock.now();
  let spawnedAt: number | null = null;
  let started = false;
  const since = (t: number | null): number => (t === null ? -1 : fx.clock.now() - t);
  const oldGone = (): boolean => fx.clock.now() - t0 >= 3000;
  const cancelIn = (step: string): void => {
    if (o.cancelAt === step) o.onCancel?.();
  };
  let readsOfGone = 0;
  fx.always('readProcess', [OLD], () => {
    if (!oldGone()) {
      cancelIn('drain');
      return oldDaemon;
    }
    // the drain sees it gone first, then the escalation step looks once
    if (++readsOfGone === 2) cancelIn('escalate');
    return null;
  });
  fx.always('directive', [SOCK, 'health'], () => {
    if (spawnedAt === null) {
      if (oldGone()) return { kind: 'refused' };
      // the workers hand off one after the other while the daemon drains
      return healthAck('stopping', [
        ['w-1', since(t0) > 1000 ? 'shutting_down' : 'busy', 'oro-1'],
        ['w-2', since(t0) > 2000 ? 'shutting_down' : 'idle'],
      ]);
    }
    cancelIn('wait-workers');
    if (!started) return healthAck('inert');
    return healthAck(
      'running',
      since(spawnedAt) < 1500
        ? [['w-1', 'idle']]
        : [
            ['w-1', 'idle'],
            ['w-2', 'idle'],
          ],
    );
  });
  if (o.drainOnly) return { fx, t0 };
  fx.expect('pathExists', [SOCK], () => {
    cancelIn('socket');
    return true;
  });
  fx.expect('removeFile', [SOCK], undefined);
  fx.expect('spawnDetached', [STARTED, { outputFile: CFG.daemonLog, env: { ORO_HOME: CFG.home, EXTRA: 'from-manifest' } }], () => {
    spawnedAt = fx.clock.now();
    cancelIn('start');
    return { pid: 4321 };
  });
  fx.always('readPidFile', [PIDS], () => {
    cancelIn('wait-pid');
    // a stale PID file (the old daemon's) until the successor writes its own
    return since(spawnedAt) >= 500 ? pidFile(NEW, 5000) : pidFile(OLD);
  });
  fx.always('readProcess', [NEW], proc(NEW, STARTED, { startedAtS: 4999 }));
  fx.expect('directive', [SOCK, 'start', '', 2000], () => {
    started = true;
    cancelIn('wait-healthy');
    return ack(true, 'started');
  });
  return { fx, t0 };
}

describe('drain, escalation, successor', () => {
  test('the whole restart: drain with progress, stale socket removed, successor started and waited for', async () => {
    const { fx, t0 } = successorWorld();
    const s = checked();
    const { r, steps, detail } = await run.run(restartSteps(CFG).slice(2), s, fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(detail('drain'), 'old daemon exited after 3.0 s');
    assert.deepEqual(steps[1], { name: 'escalate', status: 'skipped', detail: 'the old daemon is gone' });
    assert.equal(detail('socket'), 'removed the stale socket file (socket file is stale (nobody listening))');
    assert.equal(detail('start'), `started: ${STARTED.join(' ')}`);
    assert.equal(detail('wait-pid'), 'new daemon PID 200', 'the stale PID file naming the old daemon is not taken for the new one');
    assert.equal(detail('wait-healthy'), 'healthy (state running), after a start directive');
    assert.equal(detail('wait-workers'), '2/2 workers connected');
    assert.deepEqual([s.newPid, s.workersAfter, s.escalation, s.lateCancel], [NEW, 2, null, false]);
    assert.equal(fx.children[0]!.unrefed, true, 'the successor is let go once it runs');
    assert.ok(fx.clock.now() - t0 < 10_000, 'fake time stays short');
    assert.ok(!fx.calls.some((c) => c.startsWith('kill')), 'nothing was signalled');
  });

  test('the drain shows who approved and which beads are being saved', async () => {
    const { fx } = successorWorld({ drainOnly: true });
    const progress: string[] = [];
    const orig = run.journal.stepProgress.bind(run.journal);
    run.journal.stepProgress = (id, seq, d) => {
      progress.push(d);
      return orig(id, seq, d);
    };
    try {
      const { r } = await run.run(only(restartSteps(CFG), 'drain'), checked(), fx);
      assert.equal(r.ok, true);
    } finally {
      run.journal.stepProgress = orig;
    }
    // a health round every 250 ms: w-1 hands off after 1 s, w-2 after 2 s, the daemon exits at 3 s
    assert.deepEqual(
      [...new Set(progress)],
      [
        '0/2 workers approved, 60 s left; saving oro-1 (w-1)',
        '0/2 workers approved, 59 s left; saving oro-1 (w-1)',
        '1/2 workers approved, 59 s left',
        '1/2 workers approved, 58 s left',
        '2/2 workers approved, 58 s left',
      ],
    );
  });

  test('workers never hand off: at the deadline SIGINT; ignored: SIGKILL; each after the identity check', async () => {
    const cfg = fakeConfig({ thresholds: { ...CFG.thresholds, drainTimeoutS: 60 } });
    const fx = new FakeEffects();
    const t0 = fx.clock.now();
    let killedAt: number | null = null;
    fx.always('readProcess', [OLD], () => (killedAt === null ? oldDaemon : null));
    fx.always('directive', [SOCK, 'health'], healthAck('stopping', [['w-1', 'busy', 'oro-1']]));
    let sigintAt = 0;
    fx.expect('kill', [OLD, 'SIGINT', false], () => {
      sigintAt = fx.clock.now();
      return 'sent';
    });
    fx.expect('kill', [OLD, 'SIGKILL', false], () => {
      killedAt = fx.clock.now();
      return 'sent';
    });
    const s = checked(cfg);
    const { r, detail } = await run.run(only(restartSteps(cfg), 'drain', 'escalate'), s, fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(detail('drain'), 'still running at the 60 s deadline');
    assert.equal(detail('escalate'), 'SIGINT was ignored; SIGKILL: the old daemon is gone');
    assert.equal(s.escalation, 'SIGKILL');
    assert.ok(sigintAt - t0 >= 60_000 && sigintAt - t0 < 61_000, `SIGINT at the deadline (${sigintAt - t0} ms)`);
    assert.ok(killedAt! - sigintAt >= 10_000 && killedAt! - sigintAt < 10_500, `SIGKILL after the 10 s grace (${killedAt! - sigintAt} ms)`);
  });

  test('a daemon that honours SIGINT is not killed', async () => {
    const fx = new FakeEffects();
    let sent = false;
    fx.always('readProcess', [OLD], () => (sent ? null : oldDaemon));
    fx.expect('kill', [OLD, 'SIGINT', false], () => {
      sent = true;
      return 'sent';
    });
    const s = { ...checked(), signalPath: true };
    const { r, steps } = await run.run(only(restartSteps(CFG), 'drain', 'escalate'), s, fx);
    assert.equal(r.ok, true);
    assert.deepEqual(
      steps.map((x) => [x.status, x.detail]),
      [
        ['skipped', 'no drain: the daemon did not take the directive'],
        ['done', 'SIGINT: the old daemon exited'],
      ],
    );
    assert.equal(s.escalation, 'SIGINT');
  });

  test('the PID now runs another program (same process, exec): it is never signalled', async () => {
    const fx = new FakeEffects().always('readProcess', [OLD], proc(OLD, ['sleep', '1000']));
    const { r } = await run.run(only(restartSteps(CFG), 'escalate'), checked(), fx);
    assert.deepEqual([r.failedStep, r.error], ['escalate', 'PID 100 is no longer the daemon: not signalled']);
    assert.ok(!fx.calls.some((c) => c.startsWith('kill')), fx.calls.join('\n'));
  });

  test('the PID was reused between SIGINT and SIGKILL: the new process is never signalled', async () => {
    const fx = new FakeEffects();
    let reused = false;
    // after SIGINT the daemon is gone and a new program got its PID, with the daemon's start time
    // (a clock-tick collision): the command line tells them apart
    fx.always('readProcess', [OLD], () => (reused ? proc(OLD, ['bash']) : oldDaemon));
    fx.expect('kill', [OLD, 'SIGINT', false], () => {
      fx.clock.after(3000, () => (reused = true));
      return 'sent';
    });
    const { r } = await run.run(only(restartSteps(CFG), 'escalate'), checked(), fx);
    assert.equal(r.error, 'PID 100 is no longer the daemon: not signalled');
  });

  test('its PID now runs a process that started later: the daemon is gone and nothing is signalled', async () => {
    const fx = new FakeEffects().always('readProcess', [OLD], proc(OLD, DAEMON_ARGV, { startTicks: 99_000 }));
    const { r, steps } = await run.run(only(restartSteps(CFG), 'escalate'), checked(), fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.deepEqual(steps[0], { name: 'escalate', status: 'skipped', detail: 'the old daemon is gone' });
  });

  test('a daemon that survives SIGKILL: a clear failure', async () => {
    const fx = new FakeEffects()
      .always('readProcess', [OLD], oldDaemon)
      .expect('kill', [OLD, 'SIGINT', false], 'sent')
      .expect('kill', [OLD, 'SIGKILL', false], 'sent');
    const { r } = await run.run(only(restartSteps(CFG), 'escalate'), checked(), fx);
    assert.equal(r.error, 'PID 100 survived SIGKILL');
  });
});
