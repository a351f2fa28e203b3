import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { OroTopError } from '../../src/util/errors.js';
import { actionRecord, daemonSnap, healthDetail, NOW, NOW_S, ok, OPTS, snapshot, workerProc } from '../helpers/snapshot.js';

test('a healthy swarm', () => {
  const r = classify(snapshot(), NOW, OPTS);
  assert.equal(r.overall, 'healthy');
  assert.equal(r.daemon.status, 'healthy');
  assert.match(r.daemon.reason, /^running \(PID 4242, up 1m 41s\)$/);
  assert.deepEqual(
    r.panes.map((p) => [p.name, p.status, p.reason]),
    [
      ['architect', 'healthy', 'active, last seen 10s ago'],
      ['manager', 'healthy', 'active, last seen 20s ago'],
    ],
  );
  assert.deepEqual(
    r.workers.map((w) => [w.id, w.status, w.reason, w.pid, w.supervised]),
    [
      ['w-1', 'healthy', 'busy on oro-1', 5001, true],
      ['w-2', 'healthy', 'idle', 5002, true],
    ],
  );
  assert.deepEqual(r.workerCounts, { healthy: 2, degraded: 0, dead: 0, total: 2 });
});

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

test('most workers dead is critical', () => {
  const procs = new Map([[5001, workerProc(5001, 'w-1')]]);
  const health = healthDetail({ workers: [{ id: 'w-1', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] });
  // w-2 and w-3 vanished a minute ago: no process, not listed, their logs last written then
  const files = ['w-2', 'w-3'].map((id) => ({
    source: `worker:${id}`,
    path: `/x/${id}/output.log`,
    exists: true,
    size: 10,
    mtimeMs: NOW - 60_000,
    error: null,
  }));
  const logs = { ...snapshot().slices.logs.data!, files };
  const r = classify(
    snapshot({ daemon: ok(daemonSnap({ health })), processes: ok({ byPid: procs, sampledAtMs: NOW }), logs: ok(logs) }),
    NOW,
    OPTS,
  );
  assert.deepEqual(r.workerCounts, { healthy: 1, degraded: 0, dead: 2, total: 3 });
  assert.equal(r.overall, 'critical');
});

test('nothing to read is unreachable', () => {
  const s = snapshot({
    daemon: ok(
      daemonSnap({
        pidFile: { kind: 'missing', path: 'x' },
        identity: null,
        process: null,
        healthSocket: { kind: 'no-socket' },
        health: null,
      }),
    ),
    processes: ok({ byPid: new Map(), sampledAtMs: NOW }),
    tmux: ok({ problem: 'no-server', problemText: 'no tmux server running', panes: [], contextPct: {} }),
  });
  assert.equal(classify(s, NOW, OPTS).overall, 'unreachable');
  const noHome = snapshot({
    home: ok({ exists: false, path: '/srv/nope' }),
    daemon: ok(
      daemonSnap({
        pidFile: { kind: 'missing', path: 'x' },
        identity: null,
        process: null,
        healthSocket: { kind: 'no-socket' },
        health: null,
      }),
    ),
  });
  assert.equal(classify(noHome, NOW, OPTS).overallReason, 'oro home /srv/nope does not exist (--home or ORO_HOME names another)');
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

// ---------------------------------------------------------------- one model, actions, stopped processes

import type { ActionRecord } from '../../src/journal/journal.js';
import { EXIT_CODES } from '../../src/report/check.js';
import { observe } from '../../src/health/observe.js';

const iso = (ms: number): string => new Date(ms).toISOString();
function action(over: Partial<ActionRecord>): ActionRecord {
  return actionRecord({
    steps: [
      { seq: 1, name: 'check', status: 'done', startedAt: iso(NOW - 12_000), endedAt: iso(NOW - 11_000), detail: null },
      { seq: 2, name: 'drain', status: 'running', startedAt: iso(NOW - 11_000), endedAt: null, detail: '1/2 workers approved, 49 s left' },
    ],
    ...over,
  });
}
const noDaemon = daemonSnap({
  pidFile: { kind: 'missing', path: 'x' },
  identity: null,
  process: null,
  healthSocket: { kind: 'no-socket' },
  health: null,
});
const workerLogs = (ids: string[], mtimeMs: number) => ({
  ...snapshot().slices.logs.data!,
  files: ids.map((id) => ({ source: `worker:${id}`, path: `/x/${id}/output.log`, exists: true, size: 10, mtimeMs, error: null })),
});

test('a restart in progress (from the journal) is its own state, not critical: exit 4', () => {
  // the old daemon is gone and its workers drained: without the journal this is critical
  const during = {
    daemon: ok(noDaemon),
    processes: ok({ byPid: new Map(), sampledAtMs: NOW }),
    logs: ok(workerLogs(['w-1', 'w-2'], NOW - 3000)),
  };
  assert.equal(classify(snapshot(during), NOW, OPTS).overall, 'critical');
  const r = classify(snapshot({ ...during, actions: ok({ recent: [action({})] }) }), NOW, OPTS);
  assert.equal(r.overall, 'restarting');
  assert.equal(EXIT_CODES[r.overall], 4);
  assert.match(r.overallReason, /^daemon restart #7 by alice in progress, step drain: 1\/2 workers approved, 49 s left \(12 s\)$/);
  assert.equal(r.daemon.status, 'degraded');
  assert.match(r.daemon.reason, /^restarting \(#7, step drain, 12 s\); not running/);
  assert.deepEqual(
    r.workers.map((w) => w.status),
    ['degraded', 'degraded'],
  );
  assert.match(r.workers[0]!.reason, /^restarting \(#7, step drain, 12 s\); process gone/);
  assert.deepEqual(r.restart, {
    actionId: 7,
    kind: 'restart-daemon',
    who: 'alice',
    step: 'drain',
    detail: '1/2 workers approved, 49 s left',
    elapsedS: 12,
  });
  // a pane that dies meanwhile has nothing to do with the restart: critical
  const t = snapshot().slices.tmux.data!;
  const paneDead = { ...t, panes: [{ ...t.panes[0]!, dead: true, deadStatus: 1 }, t.panes[1]!] };
  assert.equal(classify(snapshot({ ...during, tmux: ok(paneDead), actions: ok({ recent: [action({})] }) }), NOW, OPTS).overall, 'critical');
  // a dead daemon being started (start-daemon) is the same kind of repair under way
  const starting = classify(snapshot({ ...during, actions: ok({ recent: [action({ kind: 'start-daemon', steps: [] })] }) }), NOW, OPTS);
  assert.equal(starting.overall, 'restarting');
  assert.match(starting.overallReason, /^daemon start #7 by alice in progress, step starting/);
  // a restart that ended is no excuse any more
  const failed = action({ status: 'failed', endedAt: iso(NOW - 1000), outcome: 'failed at step start' });
  assert.equal(classify(snapshot({ ...during, actions: ok({ recent: [failed] }) }), NOW, OPTS).overall, 'critical');
});

test('a vanished worker: dead "gone since" its last output for gone_keep_s, then dropped; killed with kill-worker: dropped at once', () => {
  const procs = new Map([[5001, workerProc(5001, 'w-1')]]);
  const health = healthDetail({ workers: [{ id: 'w-1', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] });
  const base = { daemon: ok(daemonSnap({ health })), processes: ok({ byPid: procs, sampledAtMs: NOW }) };
  const fresh = classify(snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 60_000)) }), NOW, OPTS);
  const w2 = fresh.workers.find((w) => w.id === 'w-2')!;
  assert.equal(w2.status, 'dead');
  assert.match(w2.reason, /^process gone since \d\d:\d\d:\d\d \(its last output, 1m ago\); not listed by the daemon$/);
  assert.equal(w2.goneSinceMs, NOW - 60_000);
  assert.equal(fresh.overall, 'degraded');
  // past gone_keep_s (300 s by default) it is dropped: 1/1 healthy
  const old = classify(snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 301_000)) }), NOW, OPTS);
  assert.deepEqual(
    old.workers.map((w) => w.id),
    ['w-1'],
  );
  assert.equal(old.overall, 'healthy');
  // killed on purpose: no output after the kill -> dropped at once
  const kill = action({
    id: 9,
    kind: 'kill-worker',
    target: 'w-2',
    status: 'succeeded',
    startedAt: iso(NOW - 62_000),
    endedAt: iso(NOW - 59_000),
    steps: [],
  });
  const killed = classify(snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 60_000)), actions: ok({ recent: [kill] }) }), NOW, OPTS);
  assert.deepEqual(
    killed.workers.map((w) => w.id),
    ['w-1'],
  );
  assert.equal(killed.overall, 'healthy');
  assert.deepEqual(killed.removedWorkers, [{ id: 'w-2', reason: 'killed on purpose (kill-worker #9 by alice)' }]);
  const left = observe(fresh, killed, NOW).find((o) => o.kind === 'left');
  assert.equal(left?.text, 'worker w-2 left the list: killed on purpose (kill-worker #9 by alice)');
  // output after the kill means it lived on: not dropped
  const wrote = classify(snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 10_000)), actions: ok({ recent: [kill] }) }), NOW, OPTS);
  assert.equal(wrote.workers.find((w) => w.id === 'w-2')?.status, 'dead');
  // workers drained by a restart that succeeded left with the old daemon: dropped
  const restarted = action({ id: 10, status: 'succeeded', endedAt: iso(NOW - 50_000), steps: [] });
  assert.deepEqual(
    classify(
      snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 60_000)), actions: ok({ recent: [restarted] }) }),
      NOW,
      OPTS,
    ).workers.map((w) => w.id),
    ['w-1'],
  );
  // being killed right now reads so
  const killing = action({
    id: 11,
    kind: 'kill-worker',
    target: 'w-2',
    status: 'running',
    startedAt: iso(NOW - 2000),
    steps: [{ seq: 1, name: 'signal', status: 'running', startedAt: iso(NOW - 1000), endedAt: null, detail: null }],
  });
  const k = classify(
    snapshot({ ...base, logs: ok(workerLogs(['w-2'], NOW - 1000)), actions: ok({ recent: [killing] }) }),
    NOW,
    OPTS,
  ).workers.find((w) => w.id === 'w-2')!;
  assert.equal(k.status, 'degraded');
  assert.match(k.reason, /^being killed \(#11, step signal, 2 s\); process gone/);
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

test('stopped (SIGSTOP) worker, daemon and pane processes are degraded at once, with since when', () => {
  const since = NOW - 12_000;
  const hhmmss = new Date(since).toTimeString().slice(0, 8);
  const procs = new Map([
    [5001, workerProc(5001, 'w-1', { state: 'T', stoppedSinceMs: since })],
    [5002, workerProc(5002, 'w-2', { state: 't' })],
  ]);
  const r = classify(snapshot({ processes: ok({ byPid: procs, sampledAtMs: NOW }) }), NOW, OPTS);
  assert.deepEqual(
    r.workers.map((w) => [w.status, w.reason]),
    [
      ['degraded', `process 5001 is stopped (SIGSTOP) since ${hhmmss} (12s)`],
      ['degraded', 'process 5002 is stopped by a debugger (tracing stop)'],
    ],
  );
  assert.equal(r.overall, 'degraded');
  // a frozen daemon: stopped, not asked; its workers are still its children, so supervised
  const frozen = daemonSnap({
    process: { ...daemonSnap().process!, state: 'T', stoppedSinceMs: since },
    healthSocket: { kind: 'not-asked', why: 'PID 4242 is stopped' },
    health: null,
  });
  const f = classify(snapshot({ daemon: ok(frozen) }), NOW, OPTS);
  assert.equal(f.daemon.status, 'degraded');
  assert.equal(f.daemon.reason, `frozen: PID 4242 is stopped (SIGSTOP) since ${hhmmss} (12s)`);
  assert.deepEqual(
    f.workers.map((w) => [w.status, w.supervised]),
    [
      ['healthy', true],
      ['healthy', true],
    ],
  );
  assert.match(f.workers[0]!.reason, /supervised by the daemon \(PID 4242\), which does not answer: state unknown/);
  assert.doesNotMatch(f.workers.map((w) => w.reason).join(' '), /unsupervised|daemon down/);
  // a pane whose program (under its shell) is stopped
  const t = snapshot().slices.tmux.data!;
  const stoppedPane = {
    ...t,
    panes: [{ ...t.panes[0]!, processState: 'T', stoppedSinceMs: since, stopped: { pid: 6010, comm: 'claude' } }, t.panes[1]!],
  };
  const p = classify(snapshot({ tmux: ok(stoppedPane) }), NOW, OPTS);
  assert.equal(p.panes[0]!.status, 'degraded');
  assert.equal(p.panes[0]!.reason, `claude (PID 6010) in the pane is stopped (SIGSTOP) since ${hhmmss} (12s)`);
});

test("oro-top's own journal failing is shown as a source, not as the swarm's health", () => {
  const actions = {
    data: null,
    error: new OroTopError('database', 'journal.db: unable to open database file'),
    updatedAtMs: null,
    failures: 1,
  };
  const r = classify(snapshot({ actions }), NOW, OPTS);
  assert.equal(r.overall, 'healthy');
  assert.equal(r.sources.find((s) => s.name === 'journal')?.error, 'journal.db: unable to open database file');
});
