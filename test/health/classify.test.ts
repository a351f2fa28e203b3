import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { OroTopError } from '../../src/util/errors.js';
import { daemonSnap, healthDetail, NOW, NOW_S, ok, OPTS, snapshot, workerProc } from '../helpers/snapshot.js';

test('a healthy swarm', () => {
  const r = classify(snapshot(), NOW, OPTS);
  assert.equal(r.overall, 'healthy');
  assert.equal(r.daemon.status, 'healthy');
  assert.match(r.daemon.reason, /^running \(PID 4242, up 1m 41s\)$/);
  assert.deepEqual(r.panes.map((p) => [p.name, p.status, p.reason]), [
    ['architect', 'healthy', 'active, last seen 10s ago'],
    ['manager', 'healthy', 'active, last seen 20s ago'],
  ]);
  assert.deepEqual(r.workers.map((w) => [w.id, w.status, w.reason, w.pid, w.supervised]), [
    ['w-1', 'healthy', 'busy on oro-1', 5001, true],
    ['w-2', 'healthy', 'idle', 5002, true],
  ]);
  assert.deepEqual(r.workerCounts, { healthy: 2, degraded: 0, dead: 0, total: 2 });
});

test('daemon: no PID file and no socket is dead and critical', () => {
  const d = daemonSnap({ pidFile: { kind: 'missing', path: 'x' }, identity: null, process: null, healthSocket: { kind: 'no-socket' }, health: null });
  const r = classify(snapshot({ daemon: ok(d) }), NOW, OPTS);
  assert.equal(r.daemon.status, 'dead');
  assert.equal(r.daemon.reason, 'not running (no PID file, no socket)');
  assert.equal(r.overall, 'critical');
  // the workers still run: without the daemon they are unsupervised
  assert.deepEqual(r.workers.map((w) => [w.status, w.reason]), [
    ['degraded', 'unsupervised: daemon down, process 5001 still running'],
    ['degraded', 'unsupervised: daemon down, process 5002 still running'],
  ]);
});

test('daemon: stale PID file, reused PID, zombie, corrupt PID file', () => {
  const stale = classify(snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'gone' }, process: null, healthSocket: { kind: 'refused' }, health: null })) }), NOW, OPTS);
  assert.equal(stale.daemon.reason, 'PID file is stale: PID 4242 is gone; socket file is stale (nobody listening)');
  const reused = classify(
    snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'reused', reason: "PID file names PID 4242, which is now 'sshd' (sshd: alice)" }, process: null, healthSocket: { kind: 'no-socket' }, health: null })) }),
    NOW,
    OPTS,
  );
  assert.equal(reused.daemon.status, 'dead');
  assert.match(reused.daemon.reason, /which is now 'sshd'.*not signalled/);
  const zombie = classify(snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'zombie' } })) }), NOW, OPTS);
  assert.match(zombie.daemon.reason, /zombie/);
  const corrupt = classify(snapshot({ daemon: ok(daemonSnap({ pidFile: { kind: 'corrupt', path: 'x', content: '\u001b[31mjunk' }, identity: null, process: null, healthSocket: { kind: 'no-socket' }, health: null })) }), NOW, OPTS);
  assert.equal(corrupt.daemon.status, 'dead');
  assert.equal(corrupt.daemon.reason, "PID file is corrupt ('junk'); no socket file");
});

test('daemon: alive but frozen, or paused, is degraded', () => {
  const frozen = classify(snapshot({ daemon: ok(daemonSnap({ healthSocket: { kind: 'timeout', phase: 'reply', timeoutMs: 1000 }, health: null })) }), NOW, OPTS);
  assert.equal(frozen.daemon.status, 'degraded');
  assert.equal(frozen.daemon.reason, 'PID 4242 alive but socket did not answer within 1000 ms (frozen?)');
  const paused = classify(snapshot({ daemon: ok(daemonSnap({ health: healthDetail({ daemon: { pid: 4242, uptimeS: 1, state: 'paused' } }) })) }), NOW, OPTS);
  assert.equal(paused.daemon.status, 'degraded');
  assert.match(paused.daemon.reason, /^paused/);
  assert.equal(paused.overall, 'degraded');
});

test('panes: exited with a status, killed, missing window, idle, no tmux server', () => {
  const base = snapshot();
  const t = base.slices.tmux.data!;
  const exited = { ...t, panes: [{ ...t.panes[0]!, dead: true, deadStatus: 1, deadAtS: NOW_S - 5 }, t.panes[1]!] };
  const r1 = classify(snapshot({ tmux: ok(exited) }), NOW, OPTS);
  assert.equal(r1.panes[0]!.status, 'dead');
  assert.equal(r1.panes[0]!.reason, 'pane exited with status 1 5s ago');
  assert.equal(r1.overall, 'critical');
  const gone = { ...t, panes: [t.panes[0]!, { ...t.panes[1]!, processAlive: false }] };
  assert.equal(classify(snapshot({ tmux: ok(gone) }), NOW, OPTS).panes[1]!.reason, 'pane process 6002 is gone');
  const missing = { ...t, panes: [t.panes[1]!] };
  assert.equal(classify(snapshot({ tmux: ok(missing) }), NOW, OPTS).panes[0]!.reason, "no window 'architect' in tmux session 'oro'");
  const idle = { ...t, panes: [{ ...t.panes[0]!, activityS: NOW_S - 400 }, t.panes[1]!] };
  const r4 = classify(snapshot({ tmux: ok(idle) }), NOW, OPTS);
  assert.equal(r4.panes[0]!.status, 'degraded');
  assert.equal(r4.panes[0]!.reason, 'alive but idle for 6m 40s');
  const noServer = { ...t, problem: 'no-server' as const, problemText: "no tmux server running (tmux server 'x')", panes: [] };
  assert.equal(classify(snapshot({ tmux: ok(noServer) }), NOW, OPTS).panes[1]!.reason, "no tmux server running (tmux server 'x')");
});

test('panes: pane_activity in state.db counts as activity when it is later than tmux', () => {
  const s = snapshot();
  const t = s.slices.tmux.data!;
  const idle = { ...t, panes: [{ ...t.panes[0]!, activityS: NOW_S - 4000 }, t.panes[1]!] };
  const db = { ...s.slices.db.data!, paneActivity: { architect: NOW_S - 30 } };
  const r = classify(snapshot({ tmux: ok(idle), db: ok(db) }), NOW, OPTS);
  assert.equal(r.panes[0]!.status, 'healthy');
  assert.equal(r.panes[0]!.lastActivityS, NOW_S - 30);
});

test('workers: killed, zombie, slow, stuck, disconnected, unknown to the process table', () => {
  const s = snapshot();
  // w-1 killed: no process, no longer in health, but its log was written recently
  const procs = new Map([[5002, workerProc(5002, 'w-2')], [5003, workerProc(5003, 'w-3', { state: 'Z' })], [5004, workerProc(5004, 'w-4')], [5005, workerProc(5005, 'w-5')]]);
  const health = healthDetail({
    workers: [
      { id: 'w-2', state: 'busy', beadId: 'oro-2', lastProgressS: 50, contextPct: 1 },
      { id: 'w-4', state: 'busy', beadId: 'oro-4', lastProgressS: 700, contextPct: 1 },
      { id: 'w-6', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 },
    ],
  });
  const logs = { ...s.slices.logs.data!, files: [{ source: 'worker:w-1', path: '/x/w-1/output.log', exists: true, size: 10, mtimeMs: NOW - 4000, error: null }] };
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
  assert.deepEqual(r.workers.map((w) => w.id), ['w-1', 'w-2', 'w-3', 'w-4', 'w-5', 'w-6']);
  assert.equal(r.overall, 'critical', '4 of 6 dead is most');
});

test('most workers dead is critical', () => {
  const procs = new Map([[5001, workerProc(5001, 'w-1')]]);
  const health = healthDetail({ workers: [{ id: 'w-1', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] });
  // w-2 and w-3 vanished a minute ago: no process, not listed, their logs last written then
  const files = ['w-2', 'w-3'].map((id) => ({ source: `worker:${id}`, path: `/x/${id}/output.log`, exists: true, size: 10, mtimeMs: NOW - 60_000, error: null }));
  const logs = { ...snapshot().slices.logs.data!, files };
  const r = classify(snapshot({ daemon: ok(daemonSnap({ health })), processes: ok({ byPid: procs, sampledAtMs: NOW }), logs: ok(logs) }), NOW, OPTS);
  assert.deepEqual(r.workerCounts, { healthy: 1, degraded: 0, dead: 2, total: 3 });
  assert.equal(r.overall, 'critical');
});

test('nothing to read is unreachable', () => {
  const s = snapshot({
    daemon: ok(daemonSnap({ pidFile: { kind: 'missing', path: 'x' }, identity: null, process: null, healthSocket: { kind: 'no-socket' }, health: null })),
    processes: ok({ byPid: new Map(), sampledAtMs: NOW }),
    tmux: ok({ problem: 'no-server', problemText: 'no tmux server running', panes: [], contextPct: {} }),
  });
  assert.equal(classify(s, NOW, OPTS).overall, 'unreachable');
  const noHome = snapshot({ home: ok({ exists: false }), daemon: ok(daemonSnap({ pidFile: { kind: 'missing', path: 'x' }, identity: null, process: null, healthSocket: { kind: 'no-socket' }, health: null })) });
  assert.equal(classify(noHome, NOW, OPTS).overallReason, 'oro home does not exist');
});

test('a failing source keeps its last good data, and its error and age are reported', () => {
  const s = snapshot();
  const db = { ...s.slices.db, error: new OroTopError('database', 'state.db: database is locked'), updatedAtMs: NOW - 12_000 };
  const r = classify(snapshot({ db }), NOW, OPTS);
  const src = r.sources.find((x) => x.name === 'state.db')!;
  assert.deepEqual(src, { name: 'state.db', error: 'state.db: database is locked', ageS: 12 });
  assert.equal(r.overall, 'degraded');
  assert.match(r.overallReason, /(^|; )state.db: database is locked/);
});
