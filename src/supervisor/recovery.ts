// Runs one planned recovery through the action registry, the same definitions a person's key press
// or CLI command runs (identity checks, locks, journal), and waits for its end: a daemon action runs
// detached, so its journal row is followed until it ends.
import type { ActionContext, ActionLaunch } from '../actions/action.js';
import { follow } from '../actions/daemon-runner.js';
import { actionByKind } from '../actions/registry.js';
import { readWorkerTail } from '../collectors/worker-tail.js';
import { capturePanes } from '../collectors/pane-text.js';
import type { Config } from '../config.js';
import type { RecoveryAction } from './plan.js';
import type { ActionRecord, Journal } from '../journal/journal.js';
import { whyNotRunning } from '../journal/runner-liveness.js';
import { type Finding, parseTarget, type TargetId } from './types.js';

export interface RecoveryResult {
  ok: boolean;
  /** the journal's action id, when one was started */
  actionId: number | null;
  /** one line: what happened (the action's outcome, or why it did not run) */
  outcome: string;
  /** another action held the target: nothing was done, try again later */
  busy: boolean;
}

export async function runRecovery(ctx: ActionContext, r: RecoveryAction): Promise<RecoveryResult> {
  const def = actionByKind(r.kind);
  if (!def) return { ok: false, actionId: null, outcome: `oro-top has no action '${r.kind}'`, busy: false };
  let launch: ActionLaunch;
  try {
    launch = await def.run(ctx, r.journalTarget);
  } catch (err) {
    return {
      ok: false,
      actionId: null,
      outcome: `${r.kind} could not start: ${err instanceof Error ? err.message : String(err)}`,
      busy: false,
    };
  }
  switch (launch.kind) {
    case 'refused':
      return { ok: false, actionId: null, outcome: `${r.kind} refused: ${launch.why}`, busy: false };
    case 'busy':
      return {
        ok: false,
        actionId: null,
        outcome: `${launch.holder.kind} #${launch.holder.id} by ${launch.holder.who} holds ${launch.holder.target}`,
        busy: true,
      };
    case 'done':
      return { ok: launch.ok, actionId: launch.id, outcome: launch.outcome, busy: false };
    case 'detached': {
      // the runner journals its steps; follow ends when it ends, or marks it abandoned if it dies
      const ok = await follow(ctx.journal, launch.id, () => {});
      const outcome = ctx.journal.get(launch.id)?.outcome ?? (ok ? 'succeeded' : 'failed');
      return { ok, actionId: launch.id, outcome, busy: false };
    }
  }
}

/** The target's own last lines for an incident's evidence: a worker's output.log, a pane's screen. */
export async function targetLines(config: Config, target: TargetId, n: number): Promise<string[] | null> {
  const t = parseTarget(target);
  if (t?.kind === 'worker') {
    const tail = await readWorkerTail(config.home, t.id, n);
    return tail.error ? null : tail.lines;
  }
  if (t?.kind === 'pane') {
    const text = await capturePanes(config, n).catch(() => null);
    return text?.lines[t.name] ?? null;
  }
  return null;
}

/** A worker's or pane's own last lines are better evidence than the mixed tail of every log. */
export async function withOwnLines(config: Config, f: Finding, n: number): Promise<Finding> {
  const own = await targetLines(config, f.target, n).catch(() => null);
  return own && own.length > 0 ? { ...f, evidence: { ...f.evidence, lines: own } } : f;
}

/** The actions running on a home whose runners live (a person's, or an earlier recovery's). */
export async function liveActions(journal: Journal, home: string): Promise<ActionRecord[]> {
  const live: ActionRecord[] = [];
  for (const r of journal.runningFor(home)) if ((await whyNotRunning(r)) === null) live.push(r);
  return live;
}
