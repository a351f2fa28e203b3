// The incident report (seed 001's bug report), as Markdown built from plain data, and the
// "persistent failure" rule. Pure: the incident store hands the data in, the CLI writes the text out.
import { firstError } from './first-error.js';
import type { FindingKind, Severity, TargetId } from './types.js';

export interface ReportEvent {
  atMs: number;
  text: string;
}

export interface ReportAction {
  atMs: number;
  /** 'restart-worker attempt 2 of 3' */
  what: string;
  /** 'succeeded: worker w-3 runs as PID 812', 'failed at step verify: timed out', or null while it runs */
  outcome: string | null;
}

export interface IncidentReportInput {
  id: number | string;
  target: TargetId;
  kind: FindingKind | 'persistent-failure';
  severity: Severity;
  /** when it began (unix ms) */
  atMs: number;
  /** the finding's one-line summary */
  summary: string;
  exitCode: number | null;
  signal: string | null;
  bead: string | null;
  /** the finding's detail lines */
  detail: string[];
  timeline: ReportEvent[];
  /** the target's log lines around the failure, oldest first: the first error is searched here */
  logLines: string[];
  /** how many times this target failed in the last hour, this one included */
  failuresLastHour: number;
  actions: ReportAction[];
  /** what the supervisor is doing now ('gave up after 3 restarts in 10 min', 'watching only') */
  state: string | null;
  host: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A code fence longer than any run of backticks in the text, so log lines can never close it. */
export function fence(lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  const f = '`'.repeat(longest + 1);
  return [f, ...lines, f].join('\n');
}

/** Inline text: Markdown's own characters escaped, one line. */
export function inline(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function reportTitle(r: Pick<IncidentReportInput, 'target' | 'kind' | 'exitCode' | 'signal'>): string {
  const how = r.signal ? ` (${r.signal})` : r.exitCode !== null ? ` (exit ${r.exitCode})` : '';
  const what = r.kind === 'persistent-failure' ? 'keeps failing' : r.kind.replace(/-/g, ' ');
  return `${r.target}: ${what}${how}`;
}

/** What a person should look at next, by kind and by what was found. */
export function nextStep(r: Pick<IncidentReportInput, 'target' | 'kind' | 'failuresLastHour' | 'logLines'>, errorFound: boolean): string {
  const logs = errorFound
    ? 'Start from the first error above'
    : 'No error line was found in its logs: look at them in full (oro-top, Logs screen)';
  switch (r.kind) {
    case 'persistent-failure':
      return `${logs}; restarting does not help, so fix the cause, then clear the gave-up state with \`oro-top supervise --reset ${r.target}\`.`;
    case 'frozen':
      return 'Something stops the process (SIGSTOP, a debugger) or it is stuck: capture a stack dump before restarting it next time (for a Go daemon, SIGQUIT prints one).';
    case 'no-progress':
    case 'heartbeat-lost':
      return `${logs}; check the bead it holds: a task that cannot finish hangs every worker that takes it.`;
    case 'zombie':
      return 'Its parent does not reap it: look at the parent process (the daemon for a worker), which may be stuck itself.';
    case 'pid-file-bad':
    case 'stale-pid':
      return `${logs}; the daemon ended without cleaning up: look for an out-of-memory kill (\`journalctl -k | grep -i oom\`).`;
    case 'no-session':
      return 'The tmux session is gone: start the swarm again (oro start); oro-top does not start one.';
    case 'error-burst':
      return `${logs}; the sources with the most errors are listed under What happened.`;
    default:
      return r.failuresLastHour >= 3
        ? `${logs}; it failed ${r.failuresLastHour} times in the last hour: a restart will not fix it.`
        : `${logs}.`;
  }
}

/** The whole report. */
export function renderIncidentReport(r: IncidentReportInput): string {
  const err = firstError(r.logLines);
  const out: string[] = [`# Incident ${inline(String(r.id))}: ${inline(reportTitle(r))}`, ''];
  const facts = [
    `- **When:** ${iso(r.atMs)}`,
    `- **Target:** ${inline(r.target)}${r.host ? ` on ${inline(r.host)}` : ''}`,
    `- **Kind:** ${r.kind} (${r.severity})`,
    ...(r.exitCode !== null ? [`- **Exit status:** ${r.exitCode}`] : []),
    ...(r.signal ? [`- **Signal:** ${r.signal}`] : []),
    `- **Bead:** ${r.bead ? inline(r.bead) : 'none known'}`,
    `- **Failures of this target in the last hour:** ${r.failuresLastHour}`,
    ...(r.state ? [`- **Now:** ${inline(r.state)}`] : []),
  ];
  out.push(...facts, '', '## What happened', '', inline(r.summary), '');
  for (const d of r.detail) out.push(`- ${inline(d)}`);
  out.push('', '## Timeline', '');
  const events = [...r.timeline].sort((a, b) => a.atMs - b.atMs);
  if (events.length === 0) out.push('(nothing recorded)');
  for (const e of events) out.push(`- ${iso(e.atMs)} ${inline(e.text)}`);
  out.push('', '## First error', '');
  if (err) out.push(fence([err.line, ...err.stack]));
  else
    out.push(
      r.logLines.length === 0 ? '(no log lines of this target were kept)' : `(no error line in the ${r.logLines.length} log lines kept)`,
    );
  if (r.logLines.length > 0) out.push('', '## Last log lines', '', fence(r.logLines.slice(-20)));
  out.push('', '## What was done', '');
  if (r.actions.length === 0) out.push('Nothing (watching only, or no recovery for this kind).');
  for (const a of r.actions) out.push(`- ${iso(a.atMs)} ${inline(a.what)}: ${a.outcome === null ? 'running' : inline(a.outcome)}`);
  out.push('', '## Suggested next step', '', nextStep(r, err !== null), '');
  return out.join('\n');
}

export interface PersistentOptions {
  /** failures within the window that make it persistent (default 3) */
  threshold: number;
  /** ms (default 600 000, the restart window) */
  windowMs: number;
  /** at most one report per target this often (ms; default one hour) */
  everyMs: number;
}

export const DEFAULT_PERSISTENT: PersistentOptions = { threshold: 3, windowMs: 600_000, everyMs: 3_600_000 };

/**
 * Is a persistent-failure report due for a target now? `failuresMs`: when it failed (unix ms);
 * `lastReportMs`: its last persistent-failure report, or null. ≥ threshold failures within the
 * window, and no such report for this target within the last `everyMs`.
 */
export function persistentFailureDue(
  failuresMs: readonly number[],
  lastReportMs: number | null,
  nowMs: number,
  opts: PersistentOptions = DEFAULT_PERSISTENT,
): boolean {
  const recent = failuresMs.filter((t) => t > nowMs - opts.windowMs && t <= nowMs).length;
  if (recent < opts.threshold) return false;
  return lastReportMs === null || nowMs - lastReportMs >= opts.everyMs;
}

/** Failures within the last hour (for the report's "how often"). */
export function failuresInLastHour(failuresMs: readonly number[], nowMs: number): number {
  return failuresMs.filter((t) => t > nowMs - 3_600_000 && t <= nowMs).length;
}
