// Worker restart and kill steps against a scripted fake of the world (fake time): through the
// daemon, by signal to the process group when the daemon is down (each signal after the identity
// check), and a worker the daemon forgot started again the way the daemon starts it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type WorkerOp, type WorkerState, workerSteps } from '../../src/actions/worker.js';
import { ack, fakeConfig, FakeRun, HOME, healthAck, proc, workerArgv } from '../helpers/action-fixtures.js';
import { ANY, FakeEffects } from '../helpers/fake-effects.js';

const CFG = fakeConfig();
const SOCK = CFG.socketPath;

function freshState(op: WorkerOp, id = 'w-2'): WorkerState {
  return { config: CFG, op, id, viaDaemon: false, proc: null, daemonForgot: false, startedPid: null };
}

const w2 = proc(42, workerArgv('w-2'), { startTicks: 7000 });
const w2new = proc(43, workerArgv('w-2'), { startTicks: 9000 });
const w1 = proc(41, workerArgv('w-1'));

let dir: string;
let run: FakeRun;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'worker-steps-'));
  run = FakeRun.open(dir);
});
after(() => {
  run.close();
  rmSync(dir, { recursive: true, force: true });
});

test('restart-worker through the daemon: a new process that reports to the daemon', async () => {
  const fx = new FakeEffects();
  let restartedAt: number | null = null;
  // the daemon replaces the process 0.4 s after the directive
  fx.always('workerProcesses', [SOCK], () => (restartedAt !== null && fx.clock.now() - restartedAt >= 400 ? [w1, w2new] : [w1, w2]));
  fx.expect('directive', [SOCK, 'restart-worker', 'w-2', 2000], () => {
    restartedAt = fx.clock.now();
    return ack(true, 'restarting w-2');
  });
  fx.expect('directive', [SOCK, 'health'], healthAck('running', [['w-1', 'idle']]));
  fx.expect(
    'directive',
    [SOCK, 'health'],
    healthAck('running', [
      ['w-1', 'idle'],
      ['w-2', 'idle'],
    ]),
  );
  const s = freshState('restart-worker');
  const { r, steps } = await run.run(workerSteps(), s, fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => `${x.name} ${x.status}: ${x.detail}`),
    [
      'find done: worker w-2 is PID 42',
      'directive done: ACK: restarting w-2',
      'signal skipped: the daemon did it',
      'start skipped: the daemon does it',
      'verify done: worker w-2 runs again as PID 43 and reports to the daemon',
    ],
  );
});

test('kill-worker through the daemon: done when no process runs it', async () => {
  const fx = new FakeEffects();
  let killed = false;
  fx.always('workerProcesses', [SOCK], () => (killed ? [w1] : [w1, w2]));
  fx.expect('directive', [SOCK, 'kill-worker', 'w-2'], () => {
    fx.clock.after(500, () => (killed = true));
    return ack(true, 'killed w-2');
  });
  const { r, steps } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(steps.at(-1)!.detail, 'worker w-2 is stopped: no process of it is left');
});

test('daemon down: SIGTERM to the worker process group, checked first; done when it is gone', async () => {
  const fx = new FakeEffects();
  let termed = false;
  fx.expect('workerProcesses', [SOCK], [w1, w2]);
  fx.expect('directive', [SOCK, 'kill-worker', 'w-2'], { kind: 'no-socket' });
  fx.always('readProcess', [42], () => (termed ? null : w2));
  fx.expect('kill', [42, 'SIGTERM', true], () => {
    termed = true;
    return 'sent';
  });
  fx.expect('workerProcesses', [SOCK], [w1]);
  const { r, steps } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => x.detail),
    [
      'worker w-2 is PID 42',
      'the daemon does not answer (no socket file): by signal instead',
      'SIGTERM to its process group: worker w-2 exited',
      'a kill starts nothing',
      'worker w-2 is stopped: no process of it is left',
    ],
  );
});

test('daemon down, SIGTERM ignored: SIGKILL after the 5 s grace; restart-worker says it comes back with the daemon', async () => {
  const fx = new FakeEffects();
  let termedAt = 0;
  let killed = false;
  fx.expect('workerProcesses', [SOCK], [w2]);
  fx.expect('directive', [SOCK, 'restart-worker', 'w-2'], { kind: 'refused' });
  fx.always('readProcess', [42], () => (killed ? null : w2));
  fx.expect('kill', [42, 'SIGTERM', true], () => {
    termedAt = fx.clock.now();
    return 'sent';
  });
  fx.expect('kill', [42, 'SIGKILL', true], () => {
    assert.ok(fx.clock.now() - termedAt >= 5000, `SIGKILL ${fx.clock.now() - termedAt} ms after SIGTERM`);
    killed = true;
    return 'sent';
  });
  fx.expect('workerProcesses', [SOCK], []);
  const { r, steps } = await run.run(workerSteps(), freshState('restart-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(steps[2]!.detail, 'SIGTERM ignored for 5 s; SIGKILL: worker w-2 is gone');
  assert.equal(steps.at(-1)!.detail, 'worker w-2 has no process (the daemon is down: it comes back with the daemon)');
});

test('a worker that does not lead its process group gets the signal alone', async () => {
  const fx = new FakeEffects();
  const loner = { ...w2, pgid: 1 };
  let termed = false;
  fx.expect('workerProcesses', [SOCK], [loner]);
  fx.expect('directive', [SOCK, 'kill-worker', 'w-2'], { kind: 'refused' });
  fx.always('readProcess', [42], () => (termed ? null : loner));
  fx.expect('kill', [42, 'SIGTERM', false], () => {
    termed = true;
    return 'sent';
  });
  fx.expect('workerProcesses', [SOCK], []);
  const { r } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
});

test('its PID now runs another worker, or another program: never signalled', async () => {
  for (const now of [proc(42, workerArgv('w-7'), { startTicks: 7000 }), proc(42, ['bash'], { startTicks: 7000 })]) {
    const fx = new FakeEffects()
      .expect('workerProcesses', [SOCK], [w2])
      .expect('directive', [SOCK, 'kill-worker', 'w-2'], { kind: 'refused' })
      .expect('readProcess', [42], now);
    const { r } = await run.run(workerSteps(), freshState('kill-worker'), fx);
    assert.deepEqual([r.failedStep, r.error], ['signal', 'PID 42 is no longer worker w-2: not signalled']);
  }
});

test('daemon down and no process runs the worker: a clear failure', async () => {
  const fx = new FakeEffects()
    .expect('workerProcesses', [SOCK], [w1])
    .expect('directive', [SOCK, 'kill-worker', 'w-2'], { kind: 'refused' });
  const { r } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.error, 'the daemon is down and no process runs worker w-2');
});

test('the daemon refuses: a failure naming its answer', async () => {
  const fx = new FakeEffects()
    .expect('workerProcesses', [SOCK], [w2])
    .expect('directive', [SOCK, 'kill-worker', 'w-2'], ack(false, 'worker is preempting'));
  const { r } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.deepEqual([r.failedStep, r.error], ['directive', 'the daemon refused kill-worker w-2: worker is preempting']);
});

const FORGOTTEN = [CFG.daemonStartCommand[0]!, 'worker', '--socket', SOCK, '--id', 'w-3'];

test('restart of a worker the daemon forgot: started as the daemon starts one, with the swarm environment', async () => {
  const fx = new FakeEffects();
  let started = false;
  fx.always('workerProcesses', [SOCK], () => (started ? [proc(77, FORGOTTEN)] : []));
  fx.expect('directive', [SOCK, 'restart-worker', 'w-3'], ack(false, 'unknown worker: w-3'));
  fx.expect('pathExists', [join(HOME, 'workers', 'w-3')], true);
  fx.expect('readManifest', [HOME], { start_env: { ORO_FAKE: '1', ORO_HOME: '/elsewhere' } } as never);
  fx.expect('spawnDetached', [FORGOTTEN, ANY], () => {
    started = true;
    return { pid: 77 };
  });
  fx.expect('directive', [SOCK, 'health'], healthAck('running', [['w-3', 'idle']]));
  const s = freshState('restart-worker', 'w-3');
  const { r, steps } = await run.run(workerSteps(), s, fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => x.detail),
    [
      'no process for worker w-3',
      "the daemon does not know worker w-3 any more ('unknown worker: w-3'): oro-top starts it",
      'no process runs worker w-3',
      `started: ${FORGOTTEN.join(' ')} (PID 77)`,
      'worker w-3 runs again as PID 77 and reports to the daemon',
    ],
  );
  assert.equal(s.startedPid, 77);
  const env = fx.children[0]!.env;
  assert.deepEqual([env.ORO_FAKE, env.ORO_HOME, env.ORO_SOCKET_PATH], ['1', HOME, SOCK], 'the swarm paths win over the manifest');
  assert.equal(fx.children[0]!.outputFile, join(HOME, 'workers', 'w-3', 'output.log'));
  assert.equal(fx.children[0]!.unrefed, true);
});

test('a forgotten worker that never ran here is not invented; one whose start dies at once fails', async () => {
  const never = new FakeEffects()
    .expect('workerProcesses', [SOCK], [])
    .expect('directive', [SOCK, 'restart-worker', 'w-9'], ack(false, 'unknown worker w-9'))
    .expect('pathExists', [join(HOME, 'workers', 'w-9')], false);
  const a = await run.run(workerSteps(), freshState('restart-worker', 'w-9'), never);
  assert.equal(a.r.failedStep, 'start');
  assert.match(a.r.error!, /^unknown worker w-9: the daemon does not know it and it never ran in \/fake\/home/);

  const dies = new FakeEffects()
    .expect('workerProcesses', [SOCK], [])
    .expect('directive', [SOCK, 'restart-worker', 'w-3'], ack(false, 'unknown worker w-3'))
    .expect('pathExists', [join(HOME, 'workers', 'w-3')], true)
    .expect('readManifest', [HOME], null)
    .expect('spawnDetached', [FORGOTTEN], { pid: 78, ends: { how: 'exited with status 3' } });
  const b = await run.run(workerSteps(), freshState('restart-worker', 'w-3'), dies);
  assert.equal(b.r.error, `'${FORGOTTEN.join(' ')}': exited with status 3`);
  assert.equal(dies.children[0]!.unrefed, false);
});

test('a restart whose new process never shows: verify times out (15 s of fake time)', async () => {
  const fx = new FakeEffects();
  let gone = false;
  // the daemon takes the old process away but never starts a new one
  fx.always('workerProcesses', [SOCK], () => (gone ? [] : [w2]));
  fx.expect('directive', [SOCK, 'restart-worker', 'w-2'], () => {
    fx.clock.after(1000, () => (gone = true));
    return ack(true, 'restarting w-2');
  });
  const t0 = fx.clock.now();
  const { r } = await run.run(workerSteps(), freshState('restart-worker'), fx);
  assert.deepEqual([r.failedStep, r.ending], ['verify', 'timeout']);
  assert.ok(fx.clock.now() - t0 >= 15_000);
});

test('the daemon says yes but the old process stays (an orphan it does not own): stopped here, checked first', async () => {
  const fx = new FakeEffects();
  let termed = false;
  fx.always('workerProcesses', [SOCK], () => (termed ? [w1] : [w1, w2]));
  fx.expect('directive', [SOCK, 'kill-worker', 'w-2'], ack(true, 'killed w-2'));
  fx.always('readProcess', [42], () => (termed ? null : w2));
  fx.expect('kill', [42, 'SIGTERM', true], () => {
    termed = true;
    return 'sent';
  });
  const t0 = fx.clock.now();
  const { r, steps } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(
    steps.find((x) => x.name === 'signal')!.detail,
    'the daemon acknowledged, but PID 42 still ran 3 s later; SIGTERM to its process group: worker w-2 exited',
  );
  assert.ok(fx.clock.now() - t0 >= 3000, 'the daemon was given its 3 s first');
  fx.done();
});

test('restart through the daemon: a new process that got the old PID number (a later start) counts as new', async () => {
  const fx = new FakeEffects();
  let restarted = false;
  const samePidNewStart = proc(42, workerArgv('w-2'), { startTicks: 9500 });
  fx.always('workerProcesses', [SOCK], () => (restarted ? [samePidNewStart] : [w2]));
  fx.expect('directive', [SOCK, 'restart-worker', 'w-2'], () => {
    fx.clock.after(300, () => (restarted = true));
    return ack(true, 'restarting w-2');
  });
  fx.expect('directive', [SOCK, 'health'], healthAck('running', [['w-2', 'idle']]));
  const { r, steps } = await run.run(workerSteps(), freshState('restart-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(steps.at(-1)!.detail, 'worker w-2 runs again as PID 42 and reports to the daemon');
});

test('a stopped worker (SIGSTOP) is continued first, checked to be the worker, so that it can hand off', async () => {
  const fx = new FakeEffects();
  const stopped = { ...w2, state: 'T' };
  let continued = false;
  fx.expect('workerProcesses', [SOCK], [w1, stopped]);
  fx.expect('readProcess', [42], stopped);
  fx.expect('kill', [42, 'SIGCONT', true], () => {
    continued = true;
    return 'sent';
  });
  fx.expect('directive', [SOCK, 'kill-worker', 'w-2'], () => (continued ? ack(true, 'killing w-2') : ack(false, 'not continued first')));
  fx.always('workerProcesses', [SOCK], [w1]);
  const { r, steps } = await run.run(workerSteps(), freshState('kill-worker'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(steps[0]!.detail, 'worker w-2 is PID 42, stopped (state T): SIGCONT, so that it can hand off and exit');
  fx.done();
});

test('a stopped process that is no longer the worker is not continued', async () => {
  const fx = new FakeEffects();
  const stopped = { ...w2, state: 'T' };
  fx.expect('workerProcesses', [SOCK], [w1, stopped]);
  fx.expect('readProcess', [42], { ...stopped, startTicks: 99_999 });
  const { r } = await run.run(workerSteps(), freshState('restart-worker'), fx);
  assert.equal(r.ok, false);
  assert.match(r.error ?? '', /PID 42 is no longer worker w-2: not signalled/);
  fx.done();
});
