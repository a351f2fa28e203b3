// The restart budget: at most maxRestarts per target per window, exponential backoff with jitter
// between attempts, and "gave up" past the budget until reset() or until the target has been healthy
// for a whole window. Pure: every call takes the state and returns the next one. The state is plain
// JSON (the supervisor persists it, so a gave-up target stays given up across supervisor restarts).

export interface BudgetOptions {
  /** restarts allowed per target per window (default 3) */
  maxRestarts: number;
  /** ms (default 600 000) */
  windowMs: number;
  /** the pause after the first attempt, doubling after each (default 1 000 ms) */
  backoffBaseMs: number;
  /** the longest pause (default 60 000 ms) */
  backoffCapMs: number;
  /** up to this fraction is added at random to each pause (default 0.2) */
  jitterFraction: number;
  /** a number in [0, 1): Math.random, or a fixed one in tests */
  random: () => number;
}

export const DEFAULT_BUDGET: BudgetOptions = {
  maxRestarts: 3,
  windowMs: 600_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 60_000,
  jitterFraction: 0.2,
  random: Math.random,
};

export interface TargetBudget {
  /** when each restart in the window was decided (unix ms), oldest first */
  restarts: number[];
  /** no restart before this (unix ms): the backoff after the last one */
  notBeforeMs: number | null;
  /** given up since (unix ms), or null */
  gaveUpAtMs: number | null;
  /** the one alert for the current gave-up state was asked for */
  gaveUpAlerted: boolean;
  /** healthy without a break since (unix ms), or null while it is not */
  healthySinceMs: number | null;
}

export interface BudgetState {
  version: 1;
  targets: Record<string, TargetBudget>;
}

export type Decision =
  /** restart it now; the attempt is counted (attempt n of max) */
  | { action: 'restart'; attempt: number; max: number }
  /** in the backoff after the last attempt: nothing before untilMs */
  | { action: 'wait'; untilMs: number }
  /** past the budget; `first`: the first time this is said (send the one alert) */
  | { action: 'gave-up'; first: boolean; sinceMs: number }
  /** nothing to do; `cleared`: a gave-up state ended now (healthy for a whole window) */
  | { action: 'none'; cleared: boolean };

export function emptyBudget(): BudgetState {
  return { version: 1, targets: {} };
}

const fresh = (): TargetBudget => ({ restarts: [], notBeforeMs: null, gaveUpAtMs: null, gaveUpAlerted: false, healthySinceMs: null });

/** The pause after the n-th attempt (n ≥ 1): base·2^(n−1), capped, plus up to jitterFraction of it. */
export function backoffMs(n: number, opts: Pick<BudgetOptions, 'backoffBaseMs' | 'backoffCapMs' | 'jitterFraction' | 'random'>): number {
  const raw = Math.min(opts.backoffCapMs, opts.backoffBaseMs * 2 ** Math.max(0, n - 1));
  const r = Math.min(Math.max(opts.random(), 0), 1);
  return Math.min(opts.backoffCapMs, Math.round(raw * (1 + opts.jitterFraction * r)));
}

function withTarget(state: BudgetState, target: string, t: TargetBudget): BudgetState {
  return { version: 1, targets: { ...state.targets, [target]: t } };
}

/**
 * What to do about `target` now. Call it on every pass for every target the supervisor could
 * restart, with `healthy` as the health model says; a 'restart' answer counts the attempt, so
 * ask only when ready to act (after plan.ts said no manual action runs on the target).
 */
export function decide(
  state: BudgetState,
  target: string,
  nowMs: number,
  healthy: boolean,
  opts: BudgetOptions = DEFAULT_BUDGET,
): { state: BudgetState; decision: Decision } {
  const was = state.targets[target] ?? fresh();
  const t: TargetBudget = { ...was, restarts: was.restarts.filter((at) => at > nowMs - opts.windowMs && at <= nowMs) };
  if (healthy) {
    t.healthySinceMs = t.healthySinceMs ?? nowMs;
    const cleared = t.gaveUpAtMs !== null && nowMs - t.healthySinceMs >= opts.windowMs;
    if (cleared) Object.assign(t, { gaveUpAtMs: null, gaveUpAlerted: false });
    return { state: withTarget(state, target, t), decision: { action: 'none', cleared } };
  }
  t.healthySinceMs = null;
  // the last attempt is given its backoff to prove itself before the budget is judged
  if (t.notBeforeMs !== null && nowMs < t.notBeforeMs && t.gaveUpAtMs === null)
    return { state: withTarget(state, target, t), decision: { action: 'wait', untilMs: t.notBeforeMs } };
  if (t.gaveUpAtMs === null && t.restarts.length >= opts.maxRestarts) t.gaveUpAtMs = nowMs;
  if (t.gaveUpAtMs !== null) {
    const first = !t.gaveUpAlerted;
    t.gaveUpAlerted = true;
    return { state: withTarget(state, target, t), decision: { action: 'gave-up', first, sinceMs: t.gaveUpAtMs } };
  }
  t.restarts = [...t.restarts, nowMs];
  t.notBeforeMs = nowMs + backoffMs(t.restarts.length, opts);
  return { state: withTarget(state, target, t), decision: { action: 'restart', attempt: t.restarts.length, max: opts.maxRestarts } };
}

/** Forgets everything about `target` (`supervise --reset TARGET`): a gave-up target may be restarted again. */
export function reset(state: BudgetState, target: string): BudgetState {
  const targets = { ...state.targets };
  delete targets[target];
  return { version: 1, targets };
}

/** The targets given up on, sorted. */
export function gaveUp(state: BudgetState): string[] {
  return Object.keys(state.targets)
    .filter((k) => state.targets[k]!.gaveUpAtMs !== null)
    .sort();
}

/** Restarts per target within the window ending now (`snapshot --json` supervisor.restarts_in_window); targets with none are left out. */
export function restartsInWindow(state: BudgetState, nowMs: number, windowMs: number = DEFAULT_BUDGET.windowMs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(state.targets)) {
    const n = t.restarts.filter((at) => at > nowMs - windowMs && at <= nowMs).length;
    if (n > 0) out[k] = n;
  }
  return out;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): number | null => (num(v) ? v : null);

/**
 * Reads a persisted state back (JSON.parse'd). Anything malformed is dropped target by target and
 * said in `problems`: a bad file never stops the supervisor, and never loses the good targets.
 */
export function parseBudget(v: unknown): { state: BudgetState; problems: string[] } {
  const state = emptyBudget();
  const problems: string[] = [];
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  if (!o || o.version !== 1 || typeof o.targets !== 'object' || o.targets === null) {
    return { state, problems: ['the restart budget state is not a version 1 state object: starting afresh'] };
  }
  for (const [k, raw] of Object.entries(o.targets as Record<string, unknown>)) {
    const t = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
    if (!t || !Array.isArray(t.restarts) || !t.restarts.every(num)) {
      problems.push(`the restart budget of ${JSON.stringify(k).slice(0, 80)} is malformed: dropped`);
      continue;
    }
    state.targets[k] = {
      restarts: [...(t.restarts as number[])].sort((a, b) => a - b),
      notBeforeMs: numOrNull(t.notBeforeMs),
      gaveUpAtMs: numOrNull(t.gaveUpAtMs),
      gaveUpAlerted: t.gaveUpAlerted === true,
      healthySinceMs: numOrNull(t.healthySinceMs),
    };
  }
  return { state, problems };
}
