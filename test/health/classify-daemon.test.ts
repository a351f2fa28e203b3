// The daemon rules of the health model (classify-daemon.ts), through classify(): PID file,
// process identity and the control socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { daemonSnap, healthDetail, NOW, ok, OPTS, snapshot } from '../helpers/snapshot.js';

test('daemon: no PID file and no socket is dead and critical', () => {
  const d = daemonSnap({
    pidFile: { kind: 'missing', path: 'x' },
    identity: null,
    process: null,
    healthSocket: { kind: 'no-socket' },
    health: null,
  });
  const r = classify(snapshot({ daemon: ok(d) }), NOW, OPTS);
  assert.equal(r.daemon.status, 'dead');
  assert.equal(r.daemon.reason, 'not running (no PID file, no socket)');
  assert.equal(r.overall, 'critical');
  // the workers still run: without the daemon they are unsupervised
  assert.deepEqual(
    r.workers.map((w) => [w.status, w.reason]),
    [
      ['degraded', 'unsupervised: daemon down, process 5001 still running'],
      ['degraded', 'unsupervised: daemon down, process 5002 still running'],
    ],
  );
});

test('daemon: stale PID file, reused PID, zombie, corrupt PID file', () => {
  const stale = classify(
    snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'gone' }, process: null, healthSocket: { kind: 'refused' }, health: null })) }),
    NOW,
    OPTS,
  );
  assert.equal(stale.daemon.reason, 'PID file is stale: PID 4242 is gone; socket file is stale (nobody listening)');
  const reused = classify(
    snapshot({
      daemon: ok(
        daemonSnap({
          identity: { kind: 'reused', reason: "PID file names PID 4242, which is now 'sshd' (sshd: alice)" },
          process: null,
          healthSocket: { kind: 'no-socket' },
          health: null,
        }),
      ),
    }),
    NOW,
    OPTS,
  );
  assert.equal(reused.daemon.status, 'dead');
  assert.match(reused.daemon.reason, /which is now 'sshd'.*not signalled/);
  const zombie = classify(snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'zombie' } })) }), NOW, OPTS);
  assert.match(zombie.daemon.reason, /zombie/);
  const corrupt = classify(
    snapshot({
      daemon: ok(
        daemonSnap({
          pidFile: { kind: 'corrupt', path: 'x', problem: '9 bytes, not a decimal PID' },
          identity: null,
          process: null,
          healthSocket: { kind: 'no-socket' },
          health: null,
        }),
      ),
    }),
    NOW,
    OPTS,
  );
  assert.equal(corrupt.daemon.status, 'dead');
  assert.equal(corrupt.daemon.reason, 'PID file is corrupt (9 bytes, not a decimal PID); no socket file');
});

test('daemon: alive but frozen, or paused, is degraded', () => {
  const frozen = classify(
    snapshot({ daemon: ok(daemonSnap({ healthSocket: { kind: 'timeout', phase: 'reply', timeoutMs: 1000 }, health: null })) }),
    NOW,
    OPTS,
  );
  assert.equal(frozen.daemon.status, 'degraded');
  assert.equal(frozen.daemon.reason, 'PID 4242 alive but socket did not answer within 1000 ms (frozen?)');
  const paused = classify(
    snapshot({ daemon: ok(daemonSnap({ health: healthDetail({ daemon: { pid: 4242, uptimeS: 1, state: 'paused' } }) })) }),
    NOW,
    OPTS,
  );
  assert.equal(paused.daemon.status, 'degraded');
  assert.match(paused.daemon.reason, /^paused/);
  assert.equal(paused.overall, 'degraded');
});
