// The restart budget of one home as the supervisor keeps it: the pure budget (budget.ts) with its
// persisted side — gave-up targets and the budget itself in the journal, resets made by
// `supervise --reset`, and the pause that `supervise --pause` (or S) sets.
import type { SupervisorStateStore } from '../journal/supervisor-state.js';
import { OroTopError } from '../util/errors.js';
import { type BudgetOptions, type BudgetState, type Decision, decide, emptyBudget, gaveUp, parseBudget, reset } from './budget.js';
import type { Finding, TargetId } from './types.js';

export class BudgetKeeper {
  private budget: BudgetState = emptyBudget();
  private wasPaused: boolean | null = null;
  private readonly toldPaused = new Set<TargetId>();

  constructor(
    private readonly state: SupervisorStateStore,
    private readonly home: string,
    private readonly opts: BudgetOptions,
    private readonly autoRestart: boolean,
    private readonly log: (line: string) => void,
    private readonly now: () => number,
  ) {
    const saved = state.get(home);
    if (saved instanceof OroTopError) return;
    const blob = saved.budget as { state?: unknown } | null;
    const parsed = parseBudget(blob?.state);
    if (blob) for (const p of parsed.problems) log(p);
    this.budget = parsed.state;
  }

  /** What to do about a target now (a 'restart' answer counts the attempt). */
  decide(target: TargetId, healthy: boolean): Decision {
    const { state, decision } = decide(this.budget, target, this.now(), healthy, this.opts);
    this.budget = state;
    return decision;
  }

  /** When the target was restarted within the window (each restart answered a failure). */
  restartTimes(target: TargetId): number[] {
    const cut = this.now() - this.opts.windowMs;
    return (this.budget.targets[target]?.restarts ?? []).filter((t) => t > cut);
  }

  /** The budget is spent: remembered in the journal, across supervisor restarts. */
  giveUp(target: TargetId, why: string): void {
    const r = this.state.giveUp(this.home, target, why);
    if (r instanceof OroTopError) this.log(`journal: ${r.message}`);
  }

  /** Healthy targets count toward clearing a gave-up state (healthy for a whole window). */
  settle(findings: Finding[]): void {
    const troubled = new Set(findings.filter((f) => f.severity === 'critical').map((f) => f.target));
    for (const target of Object.keys(this.budget.targets)) {
      if (troubled.has(target as TargetId)) continue;
      const decision = this.decide(target as TargetId, true);
      if (decision.action === 'none' && decision.cleared) {
        this.state.reset(this.home, target);
        this.log(`${target}: healthy for a whole window: no longer given up`);
      }
    }
  }

  /**
   * What `supervise --reset` and `--pause`/`--resume` (or S) changed in the journal since the last
   * pass, read once: resets are applied; true when auto-recovery is paused now.
   */
  followJournal(findings: Finding[]): boolean {
    const s = this.state.get(this.home);
    this.syncResets(s);
    return this.pausedNow(findings, s);
  }

  /** `supervise --reset TARGET` clears the persisted gave-up row: the budget forgets the target too. */
  private syncResets(s: ReturnType<SupervisorStateStore['get']>): void {
    if (s instanceof OroTopError) return;
    const persisted = new Set(s.gaveUp.map((g) => g.target));
    for (const t of gaveUp(this.budget)) {
      if (persisted.has(t)) continue;
      this.budget = reset(this.budget, t);
      this.log(`${t}: reset: it may be restarted again`);
    }
  }

  /** Whether auto-recovery is paused now; a change, and a target left alone because of it, is logged once. */
  private pausedNow(findings: Finding[], s: ReturnType<SupervisorStateStore['get']>): boolean {
    const paused = !(s instanceof OroTopError) && s.paused;
    if (this.autoRestart && this.wasPaused !== null && paused !== this.wasPaused) {
      const by = !(s instanceof OroTopError) && s.pausedBy ? ` by ${s.pausedBy}` : '';
      this.log(
        paused ? `auto-recovery paused${by}: watching, recording and alerting only (oro-top supervise --resume)` : 'auto-recovery resumed',
      );
      this.toldPaused.clear();
    }
    this.wasPaused = paused;
    if (paused && this.autoRestart)
      // (a target given up on is not restarted anyway: the pause is not its reason)
      for (const f of findings.filter(
        (x) => x.severity === 'critical' && !this.toldPaused.has(x.target) && !gaveUp(this.budget).includes(x.target),
      )) {
        this.toldPaused.add(f.target);
        this.log(`${f.target}: not restarted: auto-recovery is paused`);
      }
    return paused;
  }

  save(): void {
    const r = this.state.saveBudget(this.home, { state: this.budget, windowMs: this.opts.windowMs, maxRestarts: this.opts.maxRestarts });
    if (r instanceof OroTopError) this.log(`journal: ${r.message}`);
  }
}
