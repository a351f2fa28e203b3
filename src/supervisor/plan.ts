// Which recovery each finding gets, as plain data naming the action kind (the same kinds as
// src/actions/ and oro-top's journal use) and its journal target; and the rule that the supervisor
// never acts on a target while another action on it runs. Pure.
import type { DaemonActionKind } from '../actions/daemon-runner.js';
import type { WorkerOp } from '../actions/worker.js';
import type { Thresholds } from '../config.js';
import type { ActionRecord } from '../journal/journal.js';
import type { Finding, FindingKind, TargetId } from './types.js';

/** the actions' own kinds (type-only imports: a renamed action kind fails to compile here) */
export type RecoveryKind = DaemonActionKind | 'respawn-pane' | Extract<WorkerOp, 'restart-worker'>;

export interface EscalationStep {
  signal: 'SIGINT' | 'SIGKILL';
  /** how long to wait for the process to go after this signal before the next step (ms) */
  graceMs: number;
}

export interface RecoveryAction {
  kind: RecoveryKind;
  target: TargetId;
  /** the journal's target for this kind: 'daemon', the pane's window, the worker id */
  journalTarget: string;
  /** a frozen daemon: the signals, each after the identity check, before the successor starts */
  escalation: EscalationStep[];
  why: string;
}

export type Plan =
  | { target: TargetId; do: 'recover'; recovery: RecoveryAction }
  /** watched and recorded only; `why` says why nothing is done */
  | { target: TargetId; do: 'nothing'; why: string }
  /** another action holds the target; try again on a later pass */
  | { target: TargetId; do: 'blocked'; by: ActionRecord; why: string };

export interface PlanOptions {
  /** after SIGINT, how long a frozen daemon is given to exit before SIGKILL (ms; default 10 000) */
  sigintGraceMs: number;
  /** after SIGKILL, how long to wait for it to go (ms; default 5 000) */
  sigkillGraceMs: number;
}

export const DEFAULT_PLAN: PlanOptions = { sigintGraceMs: 10_000, sigkillGraceMs: 5_000 };

/** The graces restart-daemon's signal step uses (drain-restart.ts): SIGINT's follows drain_timeout_s, 2 to 10 s. */
export function planOptionsFrom(t: Pick<Thresholds, 'drainTimeoutS'>): PlanOptions {
  return { sigintGraceMs: Math.max(2000, Math.min(10_000, t.drainTimeoutS * 1000)), sigkillGraceMs: 5_000 };
}

const DAEMON_DEAD: readonly FindingKind[] = ['not-running', 'pid-file-bad', 'stale-pid', 'zombie'];
const WORKER_DOWN: readonly FindingKind[] = ['exited', 'zombie', 'frozen', 'no-progress'];

/** The recovery for one finding, or why there is none. */
export function recoveryFor(f: Finding, opts: PlanOptions = DEFAULT_PLAN): RecoveryAction | string {
  if (f.severity !== 'critical') return `${f.kind} is a warning: recorded, not acted on`;
  const t = f.target;
  if (t === 'daemon') {
    if (DAEMON_DEAD.includes(f.kind))
      return { kind: 'start-daemon', target: t, journalTarget: 'daemon', escalation: [], why: 'the daemon is dead: start its successor' };
    if (f.kind === 'frozen')
      return {
        kind: 'restart-daemon',
        target: t,
        journalTarget: 'daemon',
        escalation: [
          { signal: 'SIGINT', graceMs: opts.sigintGraceMs },
          { signal: 'SIGKILL', graceMs: opts.sigkillGraceMs },
        ],
        why: 'the daemon is frozen: SIGINT, grace, SIGKILL, then its successor',
      };
  }
  if (t.startsWith('pane:')) {
    if (f.kind === 'no-session') return 'the tmux session is gone: oro-top respawns panes, it does not start a swarm';
    const name = t.slice(5);
    return {
      kind: 'respawn-pane',
      target: t,
      journalTarget: name,
      escalation: [],
      why: `the ${name} pane is ${f.kind === 'pane-missing' ? 'gone' : 'dead'}: respawn it`,
    };
  }
  if (t.startsWith('worker:') && WORKER_DOWN.includes(f.kind)) {
    const id = t.slice(7);
    return {
      kind: 'restart-worker',
      target: t,
      journalTarget: id,
      escalation: [],
      why: `worker ${id} is ${f.kind === 'no-progress' || f.kind === 'frozen' ? 'hung' : 'dead'}: restart it`,
    };
  }
  return `no recovery for ${f.kind} on ${t}`;
}

const DAEMON_ACTIONS: readonly string[] = ['restart-daemon', 'start-daemon'] satisfies DaemonActionKind[];
const WORKER_ACTIONS: readonly string[] = ['restart-worker', 'kill-worker'] satisfies WorkerOp[];

/**
 * The running action that forbids acting on `target` now, if any: one on the same target (a
 * respawn of that pane; a restart or kill of that worker; a start or restart of the daemon), or a
 * daemon restart for a worker (the successor brings its workers back). Rows must be the running
 * ones whose runner lives (the journal's lock); anyone's rows count, the supervisor's own included.
 */
export function blockingAction(target: TargetId, running: readonly ActionRecord[]): ActionRecord | null {
  const live = running.filter((a) => a.status === 'running');
  const daemonAction = live.find((a) => DAEMON_ACTIONS.includes(a.kind)) ?? null;
  if (target === 'daemon') return daemonAction;
  if (target.startsWith('pane:')) return live.find((a) => a.kind === 'respawn-pane' && a.target === target.slice(5)) ?? null;
  if (target.startsWith('worker:'))
    return live.find((a) => WORKER_ACTIONS.includes(a.kind) && a.target === target.slice(7)) ?? daemonAction;
  return null;
}

/**
 * What to do about each finding, the daemon first. Workers wait while the daemon is in trouble:
 * its successor brings them back, and a restart through a dead daemon cannot work.
 */
export function planAll(findings: readonly Finding[], running: readonly ActionRecord[], opts: PlanOptions = DEFAULT_PLAN): Plan[] {
  const daemonDown = findings.some((f) => f.target === 'daemon' && f.severity === 'critical');
  const order = (f: Finding): number => (f.target === 'daemon' ? 0 : f.target.startsWith('pane:') ? 1 : 2);
  return [...findings]
    .sort((a, b) => order(a) - order(b) || a.target.localeCompare(b.target))
    .map((f): Plan => {
      const r = recoveryFor(f, opts);
      if (typeof r === 'string') return { target: f.target, do: 'nothing', why: r };
      if (r.kind === 'restart-worker' && daemonDown)
        return { target: f.target, do: 'nothing', why: 'the daemon is down: its successor brings the workers back' };
      const by = blockingAction(f.target, running);
      if (by) return { target: f.target, do: 'blocked', by, why: `${by.kind} #${by.id} by ${by.who} is running on ${by.target}` };
      return { target: f.target, do: 'recover', recovery: r };
    });
}

/** The alert a newly opened finding raises (see the list), or null. */
export function alertKindOf(f: Finding): 'died' | 'frozen' | 'error-burst' | null {
  if (f.kind === 'error-burst') return 'error-burst';
  // a hung worker (no progress past oro's timeout) is frozen in the alert's words
  if (f.kind === 'frozen' || f.kind === 'no-progress') return 'frozen';
  return f.severity === 'critical' ? 'died' : null;
}
