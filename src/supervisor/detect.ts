// detect(): what is wrong now, for each target, from the health report (and the facts of the same
// snapshot), and which earlier troubles are over. Pure. The transitions between two reports come
// from the health model's observe(); this adds what a supervisor needs on top: a kind, a severity,
// evidence, since when, and the freeze rule (alive but silent for --freeze-after seconds).
import type { Thresholds } from '../config.js';
import { observe, type Observation } from '../health/observe.js';
import type { HealthReport, WorkerHealth } from '../health/types.js';
import { isStoppedState } from '../system/proc-parse.js';
import type { DetectFacts } from './facts.js';
import { daemonFinding, errorBurst, paneFinding } from './detect-parts.js';
import { paneTarget, workerTarget, type Evidence, type Finding, type FindingKind, type Severity, type TargetId } from './types.js';

export interface DetectOptions {
  thresholds: Pick<Thresholds, 'heartbeatS' | 'noProgressS'>;
  /** a daemon alive but silent (or a worker stopped) this long is frozen; default 60 */
  freezeAfterS: number;
  /** this many error lines in one minute or more is an error burst */
  errorBurstPerMin: number;
  /** log lines kept as evidence per finding */
  evidenceLines: number;
}

export const DEFAULT_DETECT: Omit<DetectOptions, 'thresholds'> = { freezeAfterS: 60, errorBurstPerMin: 30, evidenceLines: 10 };

export interface DetectInput {
  prev: HealthReport | null;
  next: HealthReport;
  nowMs: number;
  facts: DetectFacts;
  /** seconds the daemon's process has been alive without answering `health` (see silentSince) */
  daemonSilentS: number;
  /** the findings still open after the previous detect (its `open`); [] at start */
  open: readonly Finding[];
}

/** A trouble that is over. */
export interface Recovered {
  target: TargetId;
  /** the kind it had when it was last in trouble */
  kind: FindingKind;
  sinceMs: number;
  atMs: number;
  /** healthy: it is healthy again; left: it is no longer listed (removed on purpose, or dropped long after it died) */
  how: 'healthy' | 'left';
  detail: string;
}

export interface Detection {
  /** every target in trouble now */
  findings: Finding[];
  /** the targets among them that were not in trouble before (a new incident each) */
  opened: Finding[];
  /** the targets among them that were in trouble before with another kind: unresponsive → frozen, heartbeat-lost → no-progress, stopped → frozen */
  changed: Finding[];
  /** earlier troubles that are over */
  recovered: Recovered[];
  /** hand this to the next detect: the findings, plus earlier ones whose target is not healthy yet */
  open: Finding[];
  /** the health model's transitions between the two reports */
  changes: Observation[];
}

/**
 * Since when the daemon's process has been alive without answering `health` (unix ms), given the
 * previous value: null while it answers, and while it is not alive (then it is dead, not frozen).
 */
export function silentSince(prevMs: number | null, alive: boolean, answered: boolean, nowMs: number): number | null {
  if (!alive || answered) return null;
  return prevMs ?? nowMs;
}

/** The target an observation of the health model (its component names) is about. */
export function targetOfComponent(component: string): TargetId | null {
  if (component === 'daemon') return 'daemon';
  const pane = /^(.+) pane$/.exec(component);
  if (pane) return paneTarget(pane[1]!);
  const worker = /^worker (.+)$/.exec(component);
  return worker ? workerTarget(worker[1]!) : null;
}

export interface Draft {
  kind: FindingKind;
  severity: Severity;
  summary: string;
  /** when the trouble began if the report or facts tell; else the first time it is seen */
  sinceMs?: number | null;
  evidence: Partial<Evidence>;
}

export function detect(input: DetectInput, opts: DetectOptions): Detection {
  const { prev, next, nowMs, facts } = input;
  const changes = observe(prev, next, nowMs);
  const drafts = new Map<TargetId, Draft>();
  // a restart or start of the daemon under way owns the daemon and its workers for now
  if (!next.restart) {
    const d = daemonFinding(next.daemon, facts.daemon, input.daemonSilentS, opts.freezeAfterS);
    if (d) drafts.set('daemon', d);
  }
  for (const p of next.panes) {
    const d = paneFinding(p, facts);
    if (d) drafts.set(paneTarget(p.name), d);
  }
  if (!next.restart) {
    for (const w of next.workers) {
      const d = workerFinding(w, input, opts);
      if (d) drafts.set(workerTarget(w.id), d);
    }
  }
  const burst = errorBurst(facts, nowMs, opts.errorBurstPerMin);
  if (burst) drafts.set('logs', burst);

  const openBy = new Map(input.open.map((f) => [f.target, f]));
  const findings = [...drafts].map(([target, d]) => finish(target, d, input, changes, openBy.get(target), opts));
  const opened = findings.filter((f) => !openBy.has(f.target));
  const changed = findings.filter((f) => openBy.has(f.target) && openBy.get(f.target)!.kind !== f.kind);
  const { recovered, stillOpen } = closeOpen(input, drafts, changes);
  return { findings, opened, changed, recovered, open: [...findings, ...stillOpen], changes };
}

function finish(
  target: TargetId,
  d: Draft,
  input: DetectInput,
  changes: Observation[],
  was: Finding | undefined,
  opts: DetectOptions,
): Finding {
  const seen = changes.filter((o) => targetOfComponent(o.component) === target).map((o) => o.text);
  const detail = [...(d.evidence.detail ?? []), ...seen.filter((t) => !(d.evidence.detail ?? []).includes(t))];
  const lines = d.evidence.lines ?? linesOf(target, input.facts, opts.evidenceLines);
  return {
    target,
    kind: d.kind,
    severity: d.severity,
    summary: d.summary,
    evidence: {
      exitCode: d.evidence.exitCode ?? null,
      signal: d.evidence.signal ?? null,
      // a worker long dead no longer tells its bead: the one noted when its trouble began stays
      bead: d.evidence.bead ?? was?.evidence.bead ?? null,
      pid: d.evidence.pid ?? null,
      detail,
      lines,
    },
    sinceMs: was?.sinceMs ?? d.sinceMs ?? input.nowMs,
  };
}

/** The target's newest log lines: the daemon log, a worker's output.log, or a pane's captured text. */
export function linesOf(target: TargetId, facts: DetectFacts, n: number): string[] {
  if (n <= 0) return [];
  if (target.startsWith('pane:')) return (facts.paneLines[target.slice(5)] ?? []).filter((l) => l.trim() !== '').slice(-n);
  if (target === 'logs')
    return facts.logLines
      .filter((l) => l.level === 'error')
      .map((l) => `${l.source}: ${l.text}`)
      .slice(-n);
  return facts.logLines
    .filter((l) => l.source === target)
    .map((l) => l.text)
    .slice(-n);
}

function closeOpen(
  input: DetectInput,
  drafts: Map<TargetId, Draft>,
  changes: Observation[],
): { recovered: Recovered[]; stillOpen: Finding[] } {
  const recovered: Recovered[] = [];
  const stillOpen: Finding[] = [];
  const text = (t: TargetId): string | undefined => changes.filter((o) => targetOfComponent(o.component) === t).at(-1)?.text;
  for (const f of input.open) {
    if (drafts.has(f.target)) continue;
    const h = healthOf(f.target, input.next);
    const base = { target: f.target, kind: f.kind, sinceMs: f.sinceMs, atMs: input.nowMs };
    if (h === 'absent') recovered.push({ ...base, how: 'left', detail: text(f.target) ?? `${f.target} is no longer listed` });
    else if (h.status === 'healthy')
      recovered.push({ ...base, how: 'healthy', detail: text(f.target) ?? `${f.target} is healthy again: ${h.reason}` });
    else stillOpen.push(f);
  }
  return { recovered, stillOpen };
}

function healthOf(target: TargetId, r: HealthReport): { status: string; reason: string } | 'absent' {
  if (target === 'daemon') return r.daemon;
  // a burst is over when no finding says otherwise
  if (target === 'logs') return { status: 'healthy', reason: 'the error rate is below the threshold' };
  if (target.startsWith('pane:')) return r.panes.find((p) => paneTarget(p.name) === target) ?? 'absent';
  return r.workers.find((w) => workerTarget(w.id) === target) ?? 'absent';
}

function workerFinding(w: WorkerHealth, input: DetectInput, opts: DetectOptions): Draft | null {
  if (w.status === 'healthy') return null;
  const { facts, nowMs } = input;
  const bead = w.beadId ?? input.prev?.workers.find((b) => b.id === w.id)?.beadId ?? facts.assignments[w.id] ?? null;
  const ev: Partial<Evidence> = { bead, pid: w.pid, detail: [w.reason] };
  const state = facts.workerStates[w.id] ?? null;
  const name = `worker ${w.id}`;
  if (state === 'Z') return { kind: 'zombie', severity: 'critical', summary: `${name} is a zombie (exited, not reaped)`, evidence: ev };
  if (state !== null && isStoppedState(state)) {
    const since = facts.workerStoppedSinceMs[w.id] ?? input.open.find((f) => f.target === workerTarget(w.id))?.sinceMs ?? nowMs;
    const forS = Math.max(0, Math.round((nowMs - since) / 1000));
    const frozen = forS >= opts.freezeAfterS;
    return {
      kind: frozen ? 'frozen' : 'stopped',
      severity: frozen ? 'critical' : 'warning',
      summary: `${name} is stopped for ${forS} s${frozen ? ` (frozen: ${opts.freezeAfterS} s or more)` : ''}`,
      sinceMs: since,
      evidence: ev,
    };
  }
  if (w.pid === null && w.status === 'dead')
    return { kind: 'exited', severity: 'critical', summary: `${name} exited (its process is gone)`, sinceMs: w.goneSinceMs, evidence: ev };
  const working = w.state === 'busy' || w.state === 'reviewing';
  const progress = w.lastProgressS ?? 0;
  const since = nowMs - progress * 1000;
  if (working && progress >= opts.thresholds.noProgressS)
    return {
      kind: 'no-progress',
      severity: 'critical',
      summary: `${name} is hung: no progress for ${Math.round(progress)} s`,
      sinceMs: since,
      evidence: ev,
    };
  if (working && progress >= opts.thresholds.heartbeatS)
    return {
      kind: 'heartbeat-lost',
      severity: 'warning',
      summary: `${name}: no progress for ${Math.round(progress)} s`,
      sinceMs: since,
      evidence: ev,
    };
  return null;
}
