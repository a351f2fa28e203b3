// The supervisor's memory and voice for one home: a new trouble becomes an incident in the journal
// (with its evidence) and an alert; a trouble that is over closes its incident and, when it was
// critical, says it recovered; a target that keeps failing gets one persistent-failure incident.
import type { IncidentStore } from '../journal/incidents.js';
import { OroTopError } from '../util/errors.js';
import type { AlertHook, AlertKind, AlertResult } from './alerts.js';
import type { Recovered } from './detect.js';
import { alertKindOf } from './plan.js';
import { DEFAULT_PERSISTENT, persistentFailureDue } from './report.js';
import type { Finding, TargetId } from './types.js';

export interface KeeperDeps {
  home: string;
  incidents: IncidentStore;
  hook: AlertHook;
  now: () => number;
  log: (line: string) => void;
  /** the restart window (ms): a persistent failure is counted within it */
  windowMs: number;
}

/** An incident row's evidence: the finding's detail, then the target's last lines. */
function evidenceOf(f: Finding): string[] {
  const e = f.evidence;
  const facts = [
    e.exitCode !== null ? `exit code ${e.exitCode}` : null,
    e.signal ? `signal ${e.signal}` : null,
    e.pid !== null ? `PID ${e.pid}` : null,
  ].filter((x): x is string => x !== null);
  return [...facts, ...e.detail, ...(e.lines.length ? ['--- last lines ---', ...e.lines] : [])];
}

export class IncidentKeeper {
  /** the open incident of each target in trouble */
  private readonly openIncident = new Map<TargetId, { id: number; critical: boolean; atMs: number }>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly d: KeeperDeps) {}

  incidentOf(target: TargetId): number | null {
    return this.openIncident.get(target)?.id ?? null;
  }

  /** A new trouble (or one that became frozen): an incident and, for its kind, an alert. */
  async opened(f: Finding): Promise<number | null> {
    const known = this.stillOpen(f);
    if (known !== null) {
      // an earlier supervisor (or --once) recorded this trouble and it never ended: the same incident
      this.openIncident.set(f.target, { id: known, critical: f.severity === 'critical', atMs: f.sinceMs });
      return known;
    }
    const id = this.record({
      target: f.target,
      kind: f.kind,
      severity: f.severity,
      summary: f.summary,
      evidence: evidenceOf(f),
      bead: f.evidence.bead,
      at: f.sinceMs,
    });
    const before = this.openIncident.get(f.target);
    if (before && id !== null) this.appendOutcome(before.id, `became ${f.kind} (incident #${id})`);
    if (id !== null) this.openIncident.set(f.target, { id, critical: f.severity === 'critical', atMs: f.sinceMs });
    const kind = alertKindOf(f);
    if (kind) await this.alert(kind, f.target, f.summary, id, f.severity === 'critical' ? 'critical' : 'warning');
    if (f.severity === 'critical') await this.persistentCheck(f.target);
    return id;
  }

  /** The incident of the same trouble recorded within the window and not ended since, if any. */
  private stillOpen(f: Finding): number | null {
    const last = this.d.incidents.list({ home: this.d.home, target: f.target, sinceMs: this.d.now() - this.d.windowMs, limit: 1 })[0];
    if (!last || last.kind !== f.kind || /healthy again|no longer listed/.test(last.outcome ?? '')) return null;
    return last.id;
  }

  /** A trouble that is over: its incident says how, and a critical one alerts 'recovered'. */
  async recovered(r: Recovered): Promise<void> {
    const open = this.openIncident.get(r.target);
    this.openIncident.delete(r.target);
    const after = Math.max(0, Math.round((r.atMs - r.sinceMs) / 1000));
    const text = r.how === 'healthy' ? `healthy again after ${after} s` : `no longer listed after ${after} s: ${r.detail}`;
    if (open) this.appendOutcome(open.id, text);
    this.d.log(`${r.target}: ${text}`);
    // each incident's recovery is told (the cooldown would hide the good news that pairs with a 'died')
    if (open?.critical && r.how === 'healthy')
      await this.alert('recovered', r.target, `${r.target} is ${text}`, open.id, 'info', `${r.target}#${open.id}`);
  }

  /** What a recovery did, on the target's open incident. */
  noteAction(target: TargetId, a: { action: string; actionId: number | null; outcome: string; attempt: number; max: number }): void {
    const open = this.openIncident.get(target);
    if (!open) return;
    // every attempt stays in the record (at what time, which action, how it ended): the report lists them
    const prev = this.d.incidents.get(open.id)?.outcome;
    const at = new Date(this.d.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const line = `${at} attempt ${a.attempt} of ${a.max}: ${a.action}${a.actionId !== null ? ` #${a.actionId}` : ''} ${a.outcome}`;
    this.store(
      this.d.incidents.update(open.id, {
        action: a.action,
        actionId: a.actionId,
        outcome: prev ? `${prev}; ${line}` : line,
        attempt: a.attempt,
        attemptsMax: a.max,
      }),
    );
  }

  /** The budget is spent: one alert, and the incident says so. */
  async gaveUp(target: TargetId, why: string): Promise<void> {
    const open = this.openIncident.get(target);
    if (open) this.appendOutcome(open.id, `gave up: ${why}`);
    await this.alert('gave-up', target, `gave up on ${target}: ${why}`, open?.id ?? null, 'critical');
  }

  private appendOutcome(id: number, text: string): void {
    const prev = this.d.incidents.get(id)?.outcome;
    this.store(this.d.incidents.update(id, { outcome: prev ? `${prev}; ${text}` : text }));
  }

  /** ≥ 3 critical incidents of a target within the window: one persistent-failure incident an hour. */
  async persistentCheck(target: TargetId, failedAtMs: readonly number[] = []): Promise<void> {
    const now = this.d.now();
    const recorded = this.d.incidents
      .list({ home: this.d.home, target, sinceMs: now - this.d.windowMs, limit: 1000 })
      .filter((i) => i.severity === 'critical' && i.kind !== 'persistent-failure')
      .map((i) => Date.parse(i.at));
    // a fast crash loop stays one open incident: each restart it needed counts as a failure too
    const failures = failedAtMs.length > recorded.length ? [...failedAtMs] : recorded;
    const last = this.d.incidents.list({
      home: this.d.home,
      target,
      kinds: ['persistent-failure'],
      sinceMs: now - DEFAULT_PERSISTENT.everyMs,
      limit: 1,
    })[0];
    if (!persistentFailureDue(failures, last ? Date.parse(last.at) : null, now, { ...DEFAULT_PERSISTENT, windowMs: this.d.windowMs }))
      return;
    const minutes = Math.round(this.d.windowMs / 60_000);
    const summary = `${target} failed ${failures.length} times in ${minutes} min`;
    const id = this.record({ target, kind: 'persistent-failure', severity: 'critical', summary, evidence: [], bead: null, at: now });
    await this.alert('persistent-failure', target, `${summary} (oro-top incidents show ${id ?? '?'})`, id, 'critical');
  }

  private record(i: {
    target: string;
    kind: string;
    severity: 'warning' | 'critical';
    summary: string;
    evidence: string[];
    bead: string | null;
    at: number;
  }): number | null {
    const id = this.store(this.d.incidents.record({ home: this.d.home, ...i }));
    if (id !== null) this.d.log(`incident #${id} ${i.target} ${i.kind}: ${i.summary}`);
    return id;
  }

  /**
   * Sends an alert without waiting for the hook (a slow or hanging hook must not hold up the
   * recovery); its outcome is logged when it ends. flush() waits for the ones still running.
   */
  private async alert(
    kind: AlertKind,
    target: string,
    message: string,
    incidentId: number | null,
    severity: 'info' | 'warning' | 'critical',
    cooldownKey?: string,
  ): Promise<void> {
    const sent = this.d.hook
      .send({ kind, target, message, severity, incidentId, ...(cooldownKey ? { cooldownKey } : {}) })
      .then((r: AlertResult) => {
        if ('sent' in r) {
          this.d.log(`alert ${kind} ${target}: ${r.text}`);
          // a hook that failed is part of the incident's record: nobody may have been told
          if (r.outcome.status !== 'delivered' && incidentId !== null)
            this.appendOutcome(incidentId, `alert ${kind} not delivered: ${r.text}`);
        }
        if ('suppressed' in r) this.d.log(`alert ${kind} ${target}: held back (cooldown until ${new Date(r.until).toISOString()})`);
      });
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  /** Waits for the alert hooks still running (each is bounded by its timeout). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** A journal write that failed is logged and the supervision goes on. */
  private store<T>(v: T | OroTopError): T | null {
    if (v instanceof OroTopError) {
      this.d.log(`journal: ${v.message}`);
      return null;
    }
    return v;
  }
}
