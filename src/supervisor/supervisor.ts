// One supervisor pass over a fresh view of the swarm: detect what is wrong (detect.ts), remember it
// (incidents, the health timeline), tell someone (the alert hook) and, with --auto-restart and not
// paused, recover within the budget (budget.ts, plan.ts) through the same actions a person runs.
// Passes never overlap: the loop (cli/supervise.ts) waits for one before it starts the next.
import type { Config } from '../config.js';
import type { HealthReport, Overall } from '../health/types.js';
import { IncidentStore } from '../journal/incidents.js';
import type { ActionRecord, Journal } from '../journal/journal.js';
import { whoAmI } from '../journal/location.js';
import { pruneSupervision } from '../journal/retention.js';
import { SupervisorStateStore } from '../journal/supervisor-state.js';
import { recordAgentEvents } from '../journal/agent-events.js';
import { HealthTimeline } from '../journal/timeline.js';
import type { View } from '../store.js';
import { OroTopError } from '../util/errors.js';
import { windowText } from '../util/format.js';
import { AlertHook } from './alerts.js';
import { BudgetKeeper } from './budget-keeper.js';
import { DEFAULT_BUDGET } from './budget.js';
import { DEFAULT_DETECT, detect, silentSince } from './detect.js';
import { factsFromSnapshot } from './facts.js';
import { IncidentKeeper } from './incident-keeper.js';
import { planAll, planOptionsFrom, type RecoveryAction } from './plan.js';
import { liveActions, runRecovery, withOwnLines } from './recovery.js';
import type { Finding, TargetId } from './types.js';

export interface SupervisorOptions {
  autoRestart: boolean;
  maxRestarts: number;
  windowS: number;
  freezeAfterS: number;
  errorBurstPerMin: number;
  /** the alert command and its arguments (null: none) */
  onAlert: string[] | null;
  alertCooldownS: number;
  alertTimeoutS: number;
  retentionDays: number;
}

export interface SupervisorDeps {
  config: Config;
  journal: Journal;
  log: (line: string) => void;
  now?: () => number;
  /** the budget's jitter (tests fix it) */
  random?: () => number;
}

/** What one pass saw and did. */
export interface PassResult {
  overall: Overall;
  findings: Finding[];
  /** a line per thing done (a restart and its outcome, a gave-up) */
  did: string[];
}

const EVIDENCE_LINES = 30;
const PRUNE_EVERY_MS = 3_600_000;

export class Supervisor {
  private prev: HealthReport | null = null;
  private open: Finding[] = [];
  private silentSinceMs: number | null = null;
  private readonly budget: BudgetKeeper;
  private lastPruneMs = 0;
  private readonly incidents: IncidentStore;
  private readonly timeline: HealthTimeline;
  private readonly keeper: IncidentKeeper;
  private readonly now: () => number;

  constructor(
    readonly opts: SupervisorOptions,
    private readonly d: SupervisorDeps,
  ) {
    this.now = d.now ?? Date.now;
    const db = d.journal.db;
    this.incidents = new IncidentStore(db, this.now);
    this.timeline = new HealthTimeline(db, this.now);
    const hook = new AlertHook({
      argv: opts.onAlert,
      cooldownMs: opts.alertCooldownS * 1000,
      timeoutMs: opts.alertTimeoutS * 1000,
      now: this.now,
    });
    this.keeper = new IncidentKeeper({
      home: d.config.home,
      incidents: this.incidents,
      hook,
      now: this.now,
      log: d.log,
      windowMs: opts.windowS * 1000,
    });
    this.budget = new BudgetKeeper(
      new SupervisorStateStore(db, this.now),
      d.config.home,
      { ...DEFAULT_BUDGET, maxRestarts: opts.maxRestarts, windowMs: opts.windowS * 1000, random: d.random ?? Math.random },
      opts.autoRestart,
      d.log,
      this.now,
    );
  }

  get home(): string {
    return this.d.config.home;
  }

  /** One pass over a complete view of the swarm. Never throws for what it finds; journal errors are logged. */
  async pass(view: View): Promise<PassResult> {
    const now = this.now();
    const { snapshot, report } = view;
    const facts = factsFromSnapshot(snapshot, report);
    this.silentSinceMs = silentSince(this.silentSinceMs, facts.daemon?.identity === 'daemon', facts.daemon?.answered === true, now);
    const det = detect(
      {
        prev: this.prev,
        next: report,
        nowMs: now,
        facts,
        daemonSilentS: this.silentSinceMs === null ? 0 : (now - this.silentSinceMs) / 1000,
        open: this.open,
      },
      {
        ...DEFAULT_DETECT,
        thresholds: this.d.config.thresholds,
        freezeAfterS: this.opts.freezeAfterS,
        errorBurstPerMin: this.opts.errorBurstPerMin,
      },
    );
    this.prev = report;
    this.observeTimeline(report);
    const agents = recordAgentEvents(this.d.journal.db, this.home, view.observations); // for `events --since`
    if (agents instanceof Error) this.d.log(`agent events not recorded: ${agents.message}`);
    const running = await liveActions(this.d.journal, this.home);
    const heldBack = new Set<TargetId>();
    for (const f of [...det.opened, ...det.changed.filter((c) => c.kind === 'frozen' || c.kind === 'no-progress')]) {
      // a person's action on the target is under way: it is theirs; seen again when it ends
      if (planAll([f], running)[0]?.do === 'blocked') {
        heldBack.add(f.target);
        continue;
      }
      await this.keeper.opened(await withOwnLines(this.d.config, f, EVIDENCE_LINES));
    }
    this.open = det.open.filter((f) => !heldBack.has(f.target));
    for (const r of det.recovered) await this.keeper.recovered(r);
    const paused = this.budget.followJournal(det.findings);
    const did: string[] = [];
    if (this.opts.autoRestart && !paused)
      did.push(
        ...(await this.recover(
          det.findings.filter((f) => !heldBack.has(f.target)),
          running,
        )),
      );
    this.budget.settle(det.findings);
    this.budget.save();
    await this.pruneNow();
    return { overall: report.overall, findings: det.findings, did };
  }

  /** Restarts each target in trouble that the plan allows and the budget still has room for. */
  private async recover(findings: Finding[], running: ActionRecord[]): Promise<string[]> {
    const did: string[] = [];
    for (const plan of planAll(findings, running, planOptionsFrom(this.d.config.thresholds))) {
      if (plan.do !== 'recover') continue;
      const decision = this.budget.decide(plan.target, false);
      if (decision.action === 'gave-up' && decision.first) {
        const why = `it kept failing: ${this.opts.maxRestarts} restart(s) within ${windowText(this.opts.windowS * 1000)} used up its budget`;
        this.budget.giveUp(plan.target, why);
        await this.keeper.gaveUp(plan.target, why);
        await this.keeper.persistentCheck(plan.target, [...this.budget.restartTimes(plan.target), this.now()]);
        const line = `${plan.target}: gave up (${why}); oro-top supervise --reset ${plan.target} tries again`;
        this.d.log(line);
        did.push(line);
      }
      if (decision.action !== 'restart') continue;
      did.push(await this.restart(plan.recovery, decision.attempt, decision.max));
      // each restart answered a failure: a crash loop that never looks healthy in between counts too
      await this.keeper.persistentCheck(plan.target, this.budget.restartTimes(plan.target));
    }
    return did;
  }

  private async restart(r: RecoveryAction, attempt: number, max: number): Promise<string> {
    this.d.log(`${r.target}: ${r.kind} (attempt ${attempt} of ${max}): ${r.why}`);
    const res = await runRecovery(
      { config: this.d.config, journal: this.d.journal, who: `supervisor (PID ${process.pid}, ${whoAmI()})` },
      r,
    );
    const outcome = `${res.ok ? 'succeeded' : res.busy ? 'not done' : 'failed'}: ${res.outcome}`;
    this.keeper.noteAction(r.target, { action: `${r.kind} ${r.journalTarget}`, actionId: res.actionId, outcome, attempt, max });
    const line = `${r.target}: ${r.kind}${res.actionId !== null ? ` #${res.actionId}` : ''} (attempt ${attempt} of ${max}) ${outcome}`;
    this.d.log(line);
    return line;
  }

  private observeTimeline(r: HealthReport): void {
    const o = this.timeline.observe(this.home, {
      status: r.overall,
      workersHealthy: r.workerCounts.healthy,
      workersTotal: r.workerCounts.total,
      reason: r.overallReason,
    });
    if (o instanceof OroTopError) this.d.log(`journal: ${o.message}`);
  }

  private async pruneNow(): Promise<void> {
    if (this.now() - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = this.now();
    const r = await pruneSupervision(this.d.journal.db, { days: this.opts.retentionDays, now: this.now() });
    if (r.error) this.d.log(`retention: ${r.error.message}`);
    else if (r.incidents + r.timeline > 0) this.d.log(`retention: pruned ${r.incidents} incident(s), ${r.timeline} timeline row(s)`);
  }

  /** The supervisor stops: the alerts still running end, and the timeline says nobody watches from here on. */
  async stop(): Promise<void> {
    await this.keeper.flush();
    this.timeline.stop(this.home);
  }
}
