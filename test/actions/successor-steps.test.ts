// The successor's steps (shared by a restart and a start) and the start of a dead daemon, against a
// scripted fake of the outside world in fake time: a stale socket file, a stale PID file, a
// successor that exits at once or later, a PID file that never comes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartSteps, startSteps } from '../../src/actions/drain-restart.js';
import {
  CFG,
  checked,
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

let dir: string;
let run: FakeRun;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'successor-steps-'));
  run = FakeRun.open(dir);
});
after(() => {
  run.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('successor start', () => {
  test('another daemon already answers on the socket: the file is not removed, nothing is started', async () => {
    const fx = new FakeEffects().expect('pathExists', [SOCK], true).expect('directive', [SOCK, 'health', '', 1000], healthAck('running'));
    const { r } = await run.run(restartSteps(CFG).slice(4), checked(), fx);
    assert.deepEqual([r.failedStep, r.error], ['socket', 'another daemon already answers on the socket']);
  });
  test('a successor that exits at once: the start step fails with how it ended', async () => {
    const fx = new FakeEffects()
      .expect('pathExists', [SOCK], false)
      .expect('spawnDetached', [STARTED], { pid: 1, ends: { how: 'exited with status 1' } });
    const { r } = await run.run(restartSteps(CFG).slice(4), checked(), fx);
    assert.deepEqual([r.failedStep, r.error], ['start', `'${STARTED.join(' ')}': exited with status 1`]);
    assert.equal(fx.children[0]!.unrefed, false);
  });

  test('a successor that exits after a while, before its PID file: wait-pid fails at once, pointing at the log', async () => {
    const fx = new FakeEffects();
    const t0 = fx.clock.now();
    fx.expect('pathExists', [SOCK], false)
      .expect('spawnDetached', [STARTED], { pid: 1, ends: { how: 'exited with status 2', afterMs: 1500 } })
      .always('readPidFile', [PIDS], { kind: 'missing', path: PIDS });
    const { r } = await run.run(restartSteps(CFG).slice(4), checked(), fx);
    assert.deepEqual(
      [r.failedStep, r.error],
      ['wait-pid', 'the new daemon exited with status 2 before writing its PID file (see /fake/tmp/oro-daemon.log)'],
    );
    assert.ok(fx.clock.now() - t0 < 2000, 'it does not wait for the step timeout');
  });

  test('wait-pid: the PID file still naming the old daemon, alive, is not the successor', async () => {
    const fx = new FakeEffects();
    const t0 = fx.clock.now();
    fx.always('readPidFile', [PIDS], () => (fx.clock.now() - t0 < 1000 ? pidFile(OLD) : pidFile(NEW, 5000)));
    fx.always('readProcess', [OLD], oldDaemon);
    fx.always('readProcess', [NEW], proc(NEW, STARTED, { startedAtS: 4999 }));
    const s = checked();
    const { detail } = await run.run(only(restartSteps(CFG), 'wait-pid'), s, fx);
    assert.equal(detail('wait-pid'), 'new daemon PID 200');
  });

  test('wait-pid: a successor that got the old PID number again (a later start) is taken', async () => {
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD, 5000))
      .expect('readProcess', [OLD], proc(OLD, STARTED, { startedAtS: 4999, startTicks: 88_000 }));
    const s = checked();
    const { r, detail } = await run.run(only(restartSteps(CFG), 'wait-pid'), s, fx);
    assert.equal(r.ok, true, r.error ?? '');
    assert.equal(detail('wait-pid'), 'new daemon PID 100');
  });

  test('no PID file ever: wait-pid times out after its 20 s', async () => {
    const fx = new FakeEffects()
      .expect('pathExists', [SOCK], false)
      .expect('spawnDetached', [STARTED], { pid: 1 })
      .always('readPidFile', [PIDS], { kind: 'missing', path: PIDS });
    const t0 = fx.clock.now();
    const { r } = await run.run(restartSteps(CFG).slice(4), checked(), fx);
    assert.deepEqual([r.failedStep, r.ending], ['wait-pid', 'timeout']);
    assert.ok(Math.abs(fx.clock.now() - t0 - 20_100) <= 200, `${fx.clock.now() - t0} ms`);
  });

  test('start-daemon: the PID file names a gone PID (stale): the daemon is started for the recorded worker count', async () => {
    const cfg = fakeConfig({ daemonStartCommand: ['oro', 'start', '--daemon-only', '--workers', '{workers}'] });
    const fx = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD))
      .expect('readProcess', [OLD], null)
      .expect('directive', [SOCK, 'health'], { kind: 'no-socket' })
      .expect('readManifest', [cfg.home], null)
      .expect('workerProcesses', [SOCK], [proc(31, workerArgv('w-1')), proc(32, workerArgv('w-2')), proc(33, workerArgv('w-3'))])
      .expect('pathExists', [SOCK], false)
      .expect('spawnDetached', [['oro', 'start', '--daemon-only', '--workers', '3']], { pid: 1, ends: { how: 'exited with status 0' } });
    const { r, detail } = await run.run(startSteps(), freshState(cfg), fx);
    assert.equal(detail('check'), 'the daemon is not running (the PID file names PID 100, which is gone); starting it for 3 worker(s)');
    assert.equal(r.failedStep, 'start');
  });

  test('start-daemon: a PID file naming another program leaves it alone; a live daemon or an answering socket: nothing started', async () => {
    const reused = new FakeEffects()
      .expect('readPidFile', [PIDS], pidFile(OLD))
      .expect('readProcess', [OLD], proc(OLD, ['vim']))
      .expect('directive', [SOCK, 'health'], { kind: 'refused' })
      .expect('readManifest', [CFG.home], { workers: 2 } as never)
      .expect('pathExists', [SOCK], true)
      .expect('directive', [SOCK, 'health'], { kind: 'refused' })
      .expect('removeFile', [SOCK], undefined)
      .expect('spawnDetached', [STARTED], { pid: 1, ends: { how: 'could not start: ENOENT' } });
    const a = await run.run(startSteps(), freshState(), reused);
    assert.match(a.detail('check')!, /which is now 'vim' \(vim\); it is left alone\); starting it for 2 worker/);
    assert.equal(a.r.error, `'${STARTED.join(' ')}': could not start: ENOENT`);

    const alive = new FakeEffects().expect('readPidFile', [PIDS], pidFile(OLD)).expect('readProcess', [OLD], oldDaemon);
    const b = await run.run(startSteps(), freshState(), alive);
    assert.equal(b.r.error, 'the daemon is running (PID 100): nothing to start (restart it with oro-top restart-daemon)');

    const answering = new FakeEffects()
      .expect('readPidFile', [PIDS], { kind: 'missing', path: PIDS })
      .expect('directive', [SOCK, 'health'], healthAck('running'));
    const c = await run.run(startSteps(), freshState(), answering);
    assert.equal(c.r.error, `a daemon answers on ${SOCK} (no PID file at ${PIDS}): nothing to start`);
  });
});
