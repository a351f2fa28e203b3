// The worker rules of the health model (classify-worker.ts), through classify(): a worker's
// process and what the daemon says of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { daemonSnap, healthDetail, NOW, ok, OPTS, snapshot, workerProc } from '../helpers/snapshot.js';

test('workers: killed, zombie, slow, stuck, disconnected, unknown to the process table', () => {
  const s = snapshot();
  // w-1 killed: no process, no longer in health, but its log was written recently
  const procs = new Map([
    [5002, workerProc(5002, 'w-2')],
    [5003, workerProc(5003, 'w-3', { state: 'Z' })],
    [5004, workerProc(5004, 'w-4')],
    [5005, workerProc(5005, 'w-5')],
  ]);
  const health = healthDetail({
    workers: [
      { id: 'w-2', state: 'busy', beadId: 'oro-2', lastProgressS: 50, contextPct: 1 },
      { id: 'w-4', state: 'busy', beadId: 'oro-4', lastProgressS: 700, contextPct: 1 },
      { id: 'w-6', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 },
    ],
  });
  const logs = {
    ...s.slices.logs.data!,
    files: [{ source: 'worker:w-1', path: '/x/w-1/output.log', exists: true, size: 10, mtimeMs: NOW - 4000, error: null }],
  };
  const r = classify(
    snapshot({ daemon: ok(daemonSnap({ health })), processes: ok({ byPid: procs, sampledAtMs: NOW }), logs: ok(logs) }),
    NOW,
    OPTS,
  );
  const by = Object.fromEntries(r.workers.map((w) => [w.id, `${w.status}: ${w.reason}`]));
  assert.deepEqual(by, {
    'w-1': `dead: process gone since ${new Date(NOW - 4000).toTimeString().slice(0, 8)} (its last output, 4s ago); not listed by the daemon`,
    'w-2': 'degraded: no progress for 50s',
    'w-3': 'dead: process 5003 is a zombie (exited, not reaped)',
    'w-4': 'dead: stuck: no progress for 11m 40s',
    'w-5': 'degraded: process 5005 running but not connected to the daemon',
    'w-6': 'dead: process gone; the daemon still lists it as idle',
  });
  assert.deepEqual(
    r.workers.map((w) => w.id),
    ['w-1', 'w-2', 'w-3', 'w-4', 'w-5', 'w-6'],
  );
  assert.equal(r.overall, 'critical', '4 of 6 dead is most');
});

test('a worker whose process vanished is dead at once, though the daemon still lists it; unless no worker process is visible at all', () => {
  const procs = new Map([[5002, workerProc(5002, 'w-2')]]);
  const r = classify(snapshot({ processes: ok({ byPid: procs, sampledAtMs: NOW }) }), NOW, OPTS);
  assert.deepEqual([r.workers[0]!.status, r.workers[0]!.reason], ['dead', 'process gone; the daemon still lists it as busy']);
  const none = classify(snapshot({ processes: ok({ byPid: new Map(), sampledAtMs: NOW }) }), NOW, OPTS);
  assert.deepEqual(
    none.workers.map((w) => w.status),
    ['degraded', 'degraded'],
  );
  assert.match(none.workers[0]!.reason, /no worker process is visible to oro-top/);
});

test('two live processes for one worker id (an orphan next to its replacement): degraded, naming both; the daemon child is the worker', () => {
  const procs = new Map([
    [6001, workerProc(6001, 'w-1', { ppid: 1 })],
    [6002, workerProc(6002, 'w-1')],
  ]);
  const health = healthDetail({ workers: [{ id: 'w-1', state: 'busy', beadId: 'oro-1', lastProgressS: 1, contextPct: 1 }] });
  const r = classify(snapshot({ daemon: ok(daemonSnap({ health })), processes: ok({ byPid: procs, sampledAtMs: NOW }) }), NOW, OPTS);
  const w = r.workers.find((x) => x.id === 'w-1')!;
  assert.equal(w.status, 'degraded');
  assert.equal(w.reason, '2 processes claim worker w-1 (PIDs 6002, 6001): one of them should not run');
  assert.equal(w.pid, 6002, "the daemon's child");
  assert.equal(w.supervised, true);
  // either order in the process table gives the same answer
  const reversed = new Map([...procs].reverse());
  const again = classify(snapshot({ daemon: ok(daemonSnap({ health })), processes: ok({ byPid: reversed, sampledAtMs: NOW }) }), NOW, OPTS);
  assert.equal(again.workers.find((x) => x.id === 'w-1')!.pid, 6002);
});
