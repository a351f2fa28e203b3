// Builds an incident report (report.ts renders it) from what the journal keeps: the incident, the
// other incidents of its target and the health timeline around it. Pure: the dashboard's reader (from
// the supervision source) and `oro-top incidents show` (from the journal) hand in the same data.
import type { Incident } from '../journal/incidents.js';
import type { TimelineEntry } from '../journal/timeline.js';
import { type IncidentReportInput, type ReportAction, type ReportEvent, renderIncidentReport } from './report.js';
import type { FindingKind, TargetId } from './types.js';

/** What the supervisor does about a target now, as the report's "Now" line says it. */
export interface TargetSupervision {
  /** a supervisor holds the home */
  running: boolean;
  autoRestart: boolean;
  paused: boolean;
  gaveUp: readonly { target: string; since: string; why: string }[];
}

export interface IncidentReportContext {
  /** other incidents (of any target: those of this one are picked), in any order */
  others: readonly Incident[];
  /** the home's health timeline rows (any span: those around the incident are picked) */
  timeline: readonly Pick<TimelineEntry, 'atMs' | 'kind' | 'status' | 'workersHealthy' | 'workersTotal' | 'reason'>[];
  supervision?: TargetSupervision | null;
  host?: string | null;
}

/** The line the supervisor's own evidence puts before the target's log lines (incident-keeper). */
export const LAST_LINES_MARK = '--- last lines ---';
/** The health timeline shown around an incident: this long before and after it. */
export const AROUND_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
const MAX_EVENTS = 40;

/** "gave up (since …): why; …", "watching only", … for a target; null when nothing is known. */
export function supervisionLine(target: string, s: TargetSupervision | null | undefined): string | null {
  if (!s) return null;
  const g = s.gaveUp.find((x) => x.target === target);
  if (g) return `gave up on it since ${g.since} (${g.why}); oro-top supervise --reset ${target} lets the supervisor restart it again`;
  if (!s.running) return s.paused ? 'no supervisor runs now (auto-recovery is paused for the next one)' : 'no supervisor runs now';
  if (!s.autoRestart) return 'a supervisor watches, records and alerts (no --auto-restart)';
  if (s.paused) return 'auto-recovery is paused: the supervisor watches, records and alerts, and restarts nothing';
  return 'a supervisor watches it and restarts it within its budget';
}

/** The evidence lines split as the supervisor wrote them: facts, detail, then the target's log lines. */
export function splitEvidence(evidence: readonly string[]): {
  exitCode: number | null;
  signal: string | null;
  detail: string[];
  logLines: string[];
} {
  const mark = evidence.indexOf(LAST_LINES_MARK);
  const head = mark < 0 ? evidence : evidence.slice(0, mark);
  const logLines = mark < 0 ? [] : evidence.slice(mark + 1);
  let exitCode: number | null = null;
  let signal: string | null = null;
  const detail: string[] = [];
  for (const l of head) {
    const code = /^exit code (-?\d+)$/.exec(l);
    const sig = /^signal (SIG[A-Z0-9]+)$/.exec(l);
    if (code && exitCode === null) exitCode = Number(code[1]);
    else if (sig && signal === null) signal = sig[1]!;
    else detail.push(l);
  }
  return { exitCode, signal, detail, logLines };
}

const atOf = (i: Pick<Incident, 'at'>): number => Date.parse(i.at);

function timelineText(e: IncidentReportContext['timeline'][number]): string {
  if (e.kind === 'start') return `supervisor started watching: overall ${e.status}, workers ${e.workersHealthy}/${e.workersTotal} healthy`;
  if (e.kind === 'stop') return `supervisor stopped watching${e.reason ? ` (${e.reason})` : ''}`;
  return `overall ${e.status}, workers ${e.workersHealthy}/${e.workersTotal} healthy${e.reason ? `: ${e.reason}` : ''}`;
}

function incidentText(i: Incident, self: boolean): string {
  return `${self ? 'this incident' : `incident ${i.id}`}: ${i.kind}, ${i.summary}${doneText(i, true)}`;
}

/**
 * What was done about an incident, as "; <text>": its outcome carries each attempt itself ("<time>
 * attempt n of N: <action> #id <how it ended>"); an older record only the last action and attempt.
 */
export function doneText(i: Incident, withAttempt: boolean): string {
  if (i.outcome && / attempt \d+ of \d+: /.test(i.outcome)) return `; ${i.outcome}`;
  if (i.action) return `; ${i.action}${withAttempt ? attemptText(i) : ''}: ${i.outcome ?? 'running'}`;
  return i.outcome ? `; ${i.outcome}` : '';
}

/** " attempt 2 of 3", or "" */
export function attemptText(i: Pick<Incident, 'attempt' | 'attemptsMax'>): string {
  if (i.attempt === null) return '';
  return ` attempt ${i.attempt}${i.attemptsMax !== null ? ` of ${i.attemptsMax}` : ''}`;
}

/** The data of the report of one incident. */
export function incidentReportInput(i: Incident, ctx: IncidentReportContext): IncidentReportInput {
  const at = atOf(i);
  const same = ctx.others.filter((o) => o.target === i.target && o.home === i.home && o.id !== i.id);
  const ev = splitEvidence(i.evidence);
  // a persistent failure carries no lines of its own: those of the target's latest failure before it
  if (ev.logLines.length === 0 && i.kind === 'persistent-failure') {
    const before = same.filter((o) => atOf(o) <= at).sort((a, b) => atOf(b) - atOf(a) || b.id - a.id);
    const withLines = before.find((o) => splitEvidence(o.evidence).logLines.length > 0);
    if (withLines) ev.logLines = splitEvidence(withLines.evidence).logLines;
  }
  const failures = [i, ...same].filter((o) => o.kind !== 'persistent-failure' && atOf(o) > at - HOUR_MS && atOf(o) <= at);
  const events: ReportEvent[] = [
    { atMs: at, text: incidentText(i, true) },
    ...same.filter((o) => Math.abs(atOf(o) - at) <= HOUR_MS).map((o) => ({ atMs: atOf(o), text: incidentText(o, false) })),
    ...ctx.timeline
      .filter((e) => e.kind !== 'sample' && Math.abs(e.atMs - at) <= AROUND_MS)
      .map((e) => ({ atMs: e.atMs, text: timelineText(e) })),
  ];
  // the nearest events when there are too many
  const timeline = events
    .sort((a, b) => Math.abs(a.atMs - at) - Math.abs(b.atMs - at))
    .slice(0, MAX_EVENTS)
    .sort((a, b) => a.atMs - b.atMs);
  const actions = actionsOf(i, at);
  const detail = !i.action && i.outcome ? [...ev.detail, `outcome: ${i.outcome}`] : ev.detail;
  return {
    id: i.id,
    target: i.target as TargetId,
    kind: i.kind as FindingKind | 'persistent-failure',
    severity: i.severity === 'critical' ? 'critical' : 'warning',
    atMs: at,
    summary: i.summary,
    exitCode: ev.exitCode,
    signal: ev.signal,
    bead: i.bead,
    detail,
    timeline,
    logLines: ev.logLines,
    // a crash loop can be one incident with several restarts: each restart answered a failure
    failuresLastHour: Math.max(failures.length, actions.filter((a) => a.atMs > at - HOUR_MS).length),
    actions,
    state: supervisionLine(i.target, ctx.supervision),
    host: ctx.host ?? null,
  };
}

/** The report of one incident, as Markdown. */
export function incidentReport(i: Incident, ctx: IncidentReportContext): string {
  return renderIncidentReport(incidentReportInput(i, ctx));
}

/**
 * What was done, attempt by attempt: the supervisor appends each attempt to the incident's outcome
 * ("<time> attempt n of N: <action> #id <how it ended>"); what came after one (healthy again, gave
 * up) belongs to it.
 */
function actionsOf(i: Incident, at: number): ReportAction[] {
  const out: ReportAction[] = [];
  for (const part of (i.outcome ?? '').split('; ')) {
    const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) attempt (\d+) of (\d+): (\S+ \S+(?: #\d+)?) (.*)$/.exec(part);
    if (m) out.push({ atMs: Date.parse(m[1]!), what: `${m[4]} (attempt ${m[2]} of ${m[3]})`, outcome: m[5]! });
    else if (out.length > 0) out[out.length - 1]!.outcome = `${out[out.length - 1]!.outcome}; ${part}`;
  }
  if (out.length === 0 && i.action) return [{ atMs: at, what: `${i.action}${attemptText(i)}`, outcome: i.outcome }];
  return out;
}
