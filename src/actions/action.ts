// What an action is: one definition per action (its key, its confirmation text, its CLI command, and
// how it runs), and the one way an action runs in this process: journaled and locked (runJournaled).
// The key table, help, hint line, confirm dialog, CLI commands and the dashboard's dispatcher are all
// derived from the definitions listed in registry.ts.
import type { Config } from '../config.js';
import type { SupervisionSnapshot } from '../collectors/supervision.js';
import type { HealthReport } from '../health/types.js';
import { type ActionRecord, type Journal, pastDeadline, whoAmI, whyNotRunning } from '../journal/journal.js';
import { readProcess } from '../system/procfs.js';
import { signalChecked } from '../system/signal.js';
import { type RunResult, runSteps, type Step } from './steps.js';

/**
 * What an action acts on: the daemon, a pane (architect, manager), a worker (its id), or the
 * supervisor of the home (its target says what is asked of it: 'pause' or 'resume').
 */
export type TargetType = 'daemon' | 'pane' | 'worker' | 'supervisor';

/** The screens an action key can live on (a subset of the dashboard's screens), or every screen. */
export type ActionScreen = 'overview' | 'workers' | 'panes' | 'global';

/** What the confirmation text needs from the configuration. */
export interface ActionSettings {
  drainTimeoutS: number;
  startCommand: string[];
}

export function actionSettings(config: Config): ActionSettings {
  return { drainTimeoutS: config.thresholds.drainTimeoutS, startCommand: config.daemonStartCommand };
}

/** The question asked before an action runs: the same words in the dialog and at the CLI prompt. */
export interface Confirmation {
  title: string;
  lines: string[];
  /** the action cannot run now (why): nothing is asked and nothing is done */
  refused?: string;
  /** refused because another action holds the target (the CLI exits 75) */
  busy?: boolean;
}

export interface ActionContext {
  config: Config;
  journal: Journal;
  /** aborted when the caller (the supervisor, a quitting dashboard) wants it to stop where it safely can */
  signal?: AbortSignal;
  /** who acts, as the journal records it (default: $USER and the ssh client's address) */
  who?: string;
}

/** How an action started: refused, busy (another holds the target), running detached, or done here. */
export type ActionLaunch =
  | { kind: 'refused'; why: string }
  | { kind: 'busy'; holder: ActionRecord }
  /** `note`: what the caller should know first (a restart of a dead daemon became a start) */
  | { kind: 'detached'; id: number; actionKind: string; note?: string }
  /** `actionKind`: the journal's kind when it is not the definition's (resume-supervisor) */
  | { kind: 'done'; id: number; ok: boolean; outcome: string; actionKind?: string };

/** What the question may need beyond the health report (the supervisor's state, for S). */
export interface ConfirmExtra {
  supervision?: SupervisionSnapshot | null;
  /** what the person gives besides the target (send) */
  input?: ActionInput;
}

/** What the person gives an action besides its target (send: the line, the tmux keys). */
export interface ActionInput {
  text?: string;
  keys?: string[];
  /** the pane's command when the person confirmed (the action refuses if it changed since) */
  expectCommand?: string | null;
}

export interface ActionDefinition {
  kind: string;
  /** one line for the help screen and the CLI's command list */
  title: string;
  target: TargetType;
  /** its key in the dashboard (none: a CLI command only) */
  key?: { keys: string[]; label: string; short: string; screen: ActionScreen; help: string };
  /**
   * its CLI command: `kind` plus a positional for a pane or worker target; null: no command of its
   * own (another command runs it: pause-supervisor is `oro-top supervise --pause / --resume`)
   */
  cli: {
    describe: string;
    positional?: { name: string; choices?: readonly string[] };
    /** an optional positional after the target, and --keys (send) */
    text?: { name: string; describe: string; keys: string };
  } | null;
  /** may run under --read-only (none does: every action changes the swarm) */
  readOnly: boolean;
  /** what will happen, from what oro-top sees now (null: nothing collected yet) */
  confirm(target: string, report: HealthReport | null, settings: ActionSettings, extra?: ConfirmExtra): Confirmation;
  run(ctx: ActionContext, target: string, input?: ActionInput): Promise<ActionLaunch>;
}

/** The kinds a running action on the same target excludes: a worker has one action at a time. */
export interface LockRequest {
  kind: string;
  target: string;
  /** kinds that exclude this one (default: every action on the same target) */
  conflicts?: readonly string[];
  boundMs?: number;
}

/**
 * Takes the lock: a running journal row for (home, target). A row whose runner died, or that is past
 * its overall bound, does not hold: it is closed as abandoned (a stuck detached runner is stopped,
 * after checking it is one).
 */
export async function takeLock(ctx: ActionContext, req: LockRequest): Promise<{ id: number } | { busy: ActionRecord }> {
  const { journal, config } = ctx;
  const conflicts = req.conflicts ?? null;
  const rows = journal
    .runningFor(config.home, conflicts ? [req.kind, ...conflicts] : undefined)
    .filter((r) => conflicts !== null || r.target === req.target);
  // liveness must be known inside the write transaction: look the running rows up first
  const dead = new Map<number, string | null>();
  for (const r of rows) {
    const why = await whyNotRunning(r);
    dead.set(r.id, why);
    if (why && pastDeadline(r) && r.runnerPid !== null) {
      // a runner alive past its bound is stuck: it must not act later on a swarm someone else restarts
      await signalChecked({ pid: r.runnerPid, startTicks: r.runnerStartTicks ?? 0 }, 'SIGKILL', (p) => p.argv.includes('__run-action'));
    }
  }
  return journal.begin(
    {
      kind: req.kind,
      home: config.home,
      target: req.target,
      who: ctx.who ?? whoAmI(),
      boundMs: req.boundMs,
      conflicts: conflicts ?? undefined,
    },
    (r) => (dead.has(r.id) ? dead.get(r.id) === null : true),
    (r) => dead.get(r.id) ?? null,
    conflicts === null ? req.target : undefined,
  );
}

/** The longest the steps can take together, plus slack: past it a runner is stuck. */
export function stepsBoundMs(steps: readonly Step<never>[]): number {
  return steps.reduce((n, st) => n + st.timeoutMs, 0) + 30_000;
}

export interface JournaledRun<S> {
  kind: string;
  target: string;
  steps: readonly Step<S>[];
  state: S;
  /** the action's outcome line */
  outcome(state: S, r: RunResult, journal: Journal, id: number): string;
}

/** Runs an action here: lock, steps journaled one by one, outcome; busy when the target is held. */
export async function runJournaled<S>(ctx: ActionContext, run: JournaledRun<S>): Promise<ActionLaunch> {
  const { journal } = ctx;
  const got = await takeLock(ctx, { kind: run.kind, target: run.target, boundMs: stepsBoundMs(run.steps as readonly Step<never>[]) });
  if ('busy' in got) return { kind: 'busy', holder: got.busy };
  const me = await readProcess(process.pid);
  journal.setRunner(got.id, process.pid, me?.startTicks ?? 0);
  const r = await runSteps(journal, got.id, run.steps, run.state, () => ctx.signal?.aborted === true || journal.cancelRequested(got.id));
  const outcome = run.outcome(run.state, r, journal, got.id);
  journal.finish(got.id, r.ok ? 'succeeded' : r.ending === 'cancelled' ? 'cancelled' : 'failed', outcome);
  return { kind: 'done', id: got.id, ok: r.ok, outcome, actionKind: run.kind };
}

/** "a restart-daemon is already running", "a kill-worker of w-2 is already running" */
export function busyText(holder: ActionRecord): string {
  return `a ${holder.kind}${holder.target === 'daemon' ? '' : ` of ${holder.target}`} is already running`;
}

/** The one line the dashboard shows when an action it started has been launched or has ended. */
export function launchText(def: Pick<ActionDefinition, 'kind' | 'target'>, target: string, l: ActionLaunch): string {
  const on = def.target === 'daemon' || def.target === 'supervisor' ? '' : ` ${target}`;
  switch (l.kind) {
    case 'refused':
      return l.why;
    case 'busy':
      return `${busyText(l.holder)} (#${l.holder.id} by ${l.holder.who}): nothing done`;
    case 'detached':
      return `${l.note ? `${l.note}; ` : ''}${l.actionKind} #${l.id} started; its steps show in the status line`;
    case 'done':
      return `${l.actionKind ?? def.kind} #${l.id}${on} ${l.ok ? 'succeeded' : 'failed'}: ${l.outcome}`;
  }
}
