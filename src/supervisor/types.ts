// The supervisor's vocabulary: what it watches (targets), what it finds wrong with them (findings)
// and the evidence it keeps. Plain, serialisable data; no behaviour.

/**
 * What a finding is about. One scheme everywhere (journal of incidents, alerts, `--reset`,
 * `snapshot --json`):
 * - `daemon` — oro's daemon;
 * - `pane:<window>` — the architect or manager pane (`pane:architect`);
 * - `worker:<id>` — one worker (`worker:w-3`); the same string the logs collector uses as the
 *   source of that worker's output.log, so a worker's log lines are found by its target;
 * - `logs` — all tailed logs together (error bursts).
 */
export type TargetId = 'daemon' | 'logs' | `pane:${string}` | `worker:${string}`;

export type ParsedTarget = { kind: 'daemon' } | { kind: 'logs' } | { kind: 'pane'; name: string } | { kind: 'worker'; id: string };

export const paneTarget = (name: string): TargetId => `pane:${name}`;
export const workerTarget = (id: string): TargetId => `worker:${id}`;

/** Reads a target id as typed by a person (`--reset worker:w-3`); null when it is not one. */
export function parseTarget(s: string): ParsedTarget | null {
  if (s === 'daemon') return { kind: 'daemon' };
  if (s === 'logs') return { kind: 'logs' };
  const m = /^(pane|worker):([A-Za-z0-9][\w.-]{0,63})$/.exec(s);
  if (!m) return null;
  return m[1] === 'pane' ? { kind: 'pane', name: m[2]! } : { kind: 'worker', id: m[2]! };
}

/**
 * What is wrong:
 * - daemon: `not-running` (no PID file), `pid-file-bad` (corrupt or unreadable), `stale-pid` (the
 *   PID file names a process that is gone or is another program), `zombie` (exited, not reaped),
 *   `unresponsive` (alive, `health` unanswered for less than the freeze threshold), `frozen`
 *   (alive, unanswered for the threshold or longer);
 * - pane: `pane-died` (with its exit status or signal where tmux tells), `pane-missing` (its
 *   window is gone), `no-session` (no tmux server or session at all);
 * - worker: `exited` (its process is gone), `zombie`, `stopped` (SIGSTOP or a debugger, for less
 *   than the freeze threshold), `frozen` (stopped for the threshold or longer), `heartbeat-lost`
 *   (busy without progress past oro's heartbeat timeout), `no-progress` (past oro's no-progress
 *   timeout: hung);
 * - logs: `error-burst`.
 */
export type FindingKind =
  | 'not-running'
  | 'pid-file-bad'
  | 'stale-pid'
  | 'zombie'
  | 'unresponsive'
  | 'frozen'
  | 'pane-died'
  | 'pane-missing'
  | 'no-session'
  | 'exited'
  | 'stopped'
  | 'heartbeat-lost'
  | 'no-progress'
  | 'error-burst';

/** warning: recorded and shown, never recovered; critical: recovered (with --auto-restart). Alerts: see alertKindOf (plan.ts). */
export type Severity = 'warning' | 'critical';

export interface Evidence {
  /** the exit status, where something reported it (tmux for a pane); null when unknown */
  exitCode: number | null;
  /** the signal that ended it ('SIGKILL'), where known */
  signal: string | null;
  /** the bead the target held (a worker's, from the daemon, the report before, or state.db) */
  bead: string | null;
  pid: number | null;
  /** why, in a few lines (the health model's reason, what changed since the last look) */
  detail: string[];
  /** the target's last log lines (daemon log, worker output.log, pane text), oldest first */
  lines: string[];
}

export interface Finding {
  target: TargetId;
  kind: FindingKind;
  severity: Severity;
  /** one line for lists and alerts */
  summary: string;
  evidence: Evidence;
  /** unix ms: since when the target has been in trouble (kept across kinds while it stays in trouble) */
  sinceMs: number;
}
