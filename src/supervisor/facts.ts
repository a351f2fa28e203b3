// The few things the supervisor needs from a snapshot beyond the health report: how the daemon's
// PID file and process were judged, how a dead pane ended, each worker's process state, the last
// log lines and the error counts. Plain data, so detection is tested without building snapshots.
import type { Snapshot } from '../collectors/sources.js';
import type { HealthReport } from '../health/types.js';

export interface DaemonFacts {
  pidFile: 'missing' | 'corrupt' | 'unreadable' | 'ok';
  /** how the PID file's process was judged; null without a PID */
  identity: 'daemon' | 'gone' | 'zombie' | 'reused' | null;
  /** the socket answered `health` this time (a refusal is an answer) */
  answered: boolean;
  /** when a stopped daemon stopped (unix ms), if the kernel tells */
  stoppedSinceMs: number | null;
}

export interface LogLineFact {
  /** 'daemon', 'worker:<id>' or a file path (the logs collector's naming) */
  source: string;
  text: string;
  level: string;
  timeMs: number | null;
}

export interface DetectFacts {
  /** null when the daemon was not read */
  daemon: DaemonFacts | null;
  /** tmux's own problem (no server, no session), if any */
  tmuxProblem: string | null;
  /** per pane window: how its process ended (tmux 3.4+ names the signal) and when */
  panes: Record<string, { deadSignal: number | null; deadAtS: number | null }>;
  /** per worker id: its process state letter ('S', 'Z', 'T', ...) */
  workerStates: Record<string, string>;
  /** per worker id: when its stopped process stopped (unix ms), where the kernel tells */
  workerStoppedSinceMs: Record<string, number>;
  /** per worker id: the bead state.db assigns to it */
  assignments: Record<string, string>;
  /** the newest log lines, oldest first */
  logLines: LogLineFact[];
  /** per pane window: its captured text, when a screen asked for it */
  paneLines: Record<string, string[]>;
  /** error lines per calendar minute, oldest first, the last entry the current minute */
  errorsPerMinute: number[];
  /** error lines of the last 5 minutes per log source */
  errorsBySource5m: Record<string, number>;
}

export function emptyFacts(): DetectFacts {
  return {
    daemon: null,
    tmuxProblem: null,
    panes: {},
    workerStates: {},
    workerStoppedSinceMs: {},
    assignments: {},
    logLines: [],
    paneLines: {},
    errorsPerMinute: [],
    errorsBySource5m: {},
  };
}

function daemonFacts(snap: Snapshot): DaemonFacts | null {
  const d = snap.slices.daemon.data;
  if (!d) return null;
  return {
    pidFile: d.pidFile.kind,
    identity: d.identity?.kind ?? null,
    answered: d.healthSocket.kind === 'answered',
    stoppedSinceMs: d.process?.stoppedSinceMs ?? null,
  };
}

/** The facts of one snapshot, for the workers of its health report. */
export function factsFromSnapshot(snap: Snapshot, report: HealthReport): DetectFacts {
  const f = emptyFacts();
  const s = snap.slices;
  f.daemon = daemonFacts(snap);
  f.tmuxProblem = s.tmux.data?.problem ?? null;
  for (const p of s.tmux.data?.panes ?? []) f.panes[p.window] = { deadSignal: p.deadSignal, deadAtS: p.deadAtS };
  const procs = s.processes.data?.byPid;
  for (const w of report.workers) {
    const p = w.pid === null ? undefined : procs?.get(w.pid);
    if (!p) continue;
    f.workerStates[w.id] = p.state;
    if (p.stoppedSinceMs != null) f.workerStoppedSinceMs[w.id] = p.stoppedSinceMs;
  }
  for (const a of s.db.data?.activeAssignments ?? []) if (a.workerId && a.beadId) f.assignments[a.workerId] = a.beadId;
  const logs = s.logs.data;
  if (logs) {
    f.logLines = logs.recent.map((l) => ({ source: l.source, text: l.text, level: l.level, timeMs: l.timeMs }));
    f.errorsPerMinute = [...logs.errorsPerMinute];
    f.errorsBySource5m = { ...(logs.errorsBySource5m ?? {}) };
  }
  f.paneLines = { ...(s.paneText.data?.lines ?? {}) };
  return f;
}
