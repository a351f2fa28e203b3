// The health model as a whole (classify): the overall status and its reason, the sources, and
// what oro-top's own actions change. The daemon, pane and worker rules have their own test files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { OroTopError } from '../../src/util/errors.js';
import { actionRecord, daemonSnap, healthDetail, NOW, ok, OPTS, snapshot, workerProc } from '../helpers/snapshot.js';

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
