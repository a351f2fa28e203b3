// Builds Snapshot values for pure health-model tests.
import type { ActionRecord } from '../../src/journal/journal.js';
import type { DaemonSnapshot } from '../../src/collectors/daemon.js';
import type { ProcessSample } from '../../src/collectors/process-table.js';
import { emptySlice, type Slice } from '../../src/collectors/slice.js';
import type { SourceData, Snapshot } from '../../src/collectors/sources.js';
import type { HealthDetail } from '../../src/oro/health-detail.js';
import { DEFAULT_THRESHOLDS } from '../../src/config.js';

export const NOW = 1_795_385_500_000;
export const NOW_S = NOW / 1000;
export const SOCK = '/home/u/.oro/oro.sock';
export const OPTS = { thresholds: DEFAULT_THRESHOLDS, socketPath: SOCK, session: 'oro' };

export const ok = <T>(data: T): Slice<T> => ({ data, error: null, updatedAtMs: NOW, failures: 0 });

export function healthDetail(over: Partial<HealthDetail> = {}): HealthDetail {
  return {
    daemon: { pid: 4242, uptimeS: 100, state: 'running' },
    architectPane: { name: 'architect', alive: true, lastActivity: null },
    managerPane: { name: 'manager', alive: true, lastActivity: null },
    workers: [
      { id: 'w-1', state: 'busy', beadId: 'oro-1', lastProgressS: 3, contextPct: 40 },
      { id: 'w-2', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 },
    ],
    ...over,
  };
}

export function daemonSnap(over: Partial<DaemonSnapshot> = {}): DaemonSnapshot {
  const health = over.health === undefined ? healthDetail() : over.health;
  return {
    pidFile: { kind: 'ok', path: '/home/u/.oro/oro.pid', pid: 4242, writtenAtS: NOW_S - 100 },
    identity: { kind: 'daemon' },
    process: {
      pid: 4242,
      argv: ['oro', 'start', '--daemon-only'],
      comm: 'oro',
      state: 'S',
      startedAtS: NOW_S - 101,
      cpuPct: 1.5,
      rssBytes: 50e6,
    },
    healthSocket: { kind: 'answered', ack: { ok: true, detail: '{}' }, latencyMs: 2 },
    health,
    healthError: null,
    status: null,
    statusError: null,
    ...over,
  };
}

export function workerProc(pid: number, id: string, over: Partial<ProcessSample> = {}): ProcessSample {
  return {
    pid,
    comm: 'oro',
    state: 'S',
    ppid: 4242,
    pgid: pid,
    cpuTicks: 10,
    startTicks: 100,
    rssPages: 100,
    argv: ['oro', 'worker', '--socket', SOCK, '--id', id],
    startedAtS: NOW_S - 90,
    rssBytes: 409600,
    cpuPct: 2,
    ...over,
  };
}

export function snapshot(over: Partial<{ [K in keyof SourceData]: Slice<SourceData[K]> }> = {}): Snapshot {
  const procs = [workerProc(5001, 'w-1'), workerProc(5002, 'w-2')];
  return {
    collectedAtMs: NOW,
    slices: {
      home: ok({ exists: true, path: '/home/me/.oro' }),
      processes: ok({ byPid: new Map(procs.map((p) => [p.pid, p])), sampledAtMs: NOW }),
      daemon: ok(daemonSnap()),
      tmux: ok({
        problem: null,
        problemText: null,
        contextPct: { architect: 30, manager: 20 },
        panes: [
          {
            paneId: '%0',
            window: 'architect',
            pid: 6001,
            dead: false,
            deadStatus: null,
            currentCommand: 'claude',
            activityS: NOW_S - 10,
            deadAtS: null,
            deadSignal: null,
            title: 't',
            processAlive: true,
          },
          {
            paneId: '%1',
            window: 'manager',
            pid: 6002,
            dead: false,
            deadStatus: null,
            currentCommand: 'claude',
            activityS: NOW_S - 20,
            deadAtS: null,
            deadSignal: null,
            title: 't',
            processAlive: true,
          },
        ],
      }),
      db: ok({
        path: 'state.db',
        tables: [],
        missingTables: [],
        paneActivity: {},
        events: [],
        pendingEscalations: [],
        pendingEscalationCount: 0,
        activeAssignments: [],
      }),
      logs: ok({ files: [], recent: [], errorsLast5m: 0, errorsPerMinute: [], notices: [] }),
      host: emptySlice(),
      self: emptySlice(),
      paneText: emptySlice(),
      agents: emptySlice(),
      workerTail: emptySlice(),
      actions: emptySlice(),
      supervisor: emptySlice(),
      ...over,
    },
  };
}

/** A journal row of a running restart-daemon (#7 by alice, started 12 s before NOW, no steps yet). */
export function actionRecord(over: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: 7,
    kind: 'restart-daemon',
    home: '/home/u/.oro',
    target: 'daemon',
    who: 'alice',
    status: 'running',
    runnerPid: 1,
    runnerStartTicks: 1,
    startedAt: new Date(NOW - 12_000).toISOString(),
    endedAt: null,
    outcome: null,
    cancelRequested: false,
    deadlineAt: null,
    steps: [],
    ...over,
  };
}
