// The alert hook (`--on-alert CMD [ARG...]`): runs the configured command (an argument array
// through execa, never a shell string) with the alert as one JSON line on stdin and as
// ORO_TOP_ALERT_* variables, at most once per (kind, target) per cooldown. A hook is bounded: past
// its timeout its whole process group gets SIGTERM, then SIGKILL after a grace; whatever went
// wrong comes back as a value for the incident record and never stops supervision.
import { hostname } from 'node:os';
import { execa, type ResultPromise } from 'execa';
import type { Severity } from '../journal/incidents.js';
import { messageOf } from '../util/errors.js';
import { sanitizeField, sanitizeLine } from '../util/sanitize.js';

export const ALERT_KINDS = ['died', 'recovered', 'gave-up', 'frozen', 'error-burst', 'persistent-failure'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const DEFAULT_SEVERITY: Record<AlertKind, Severity> = {
  died: 'critical',
  recovered: 'info',
  'gave-up': 'critical',
  frozen: 'critical',
  'error-burst': 'warning',
  'persistent-failure': 'critical',
};

export const DEFAULT_COOLDOWN_MS = 300_000;
export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_KILL_GRACE_MS = 1_000;

/** What the hook reads on stdin (one JSON line). */
export interface Alert {
  kind: AlertKind;
  target: string;
  severity: Severity;
  message: string;
  incident_id: number | null;
  /** ISO time */
  at: string;
  host: string;
}

export interface AlertRequest {
  kind: AlertKind;
  target: string;
  /** what the cooldown counts by, with the kind (default: the target) */
  cooldownKey?: string;
  message: string;
  severity?: Severity;
  incidentId?: number | null;
}

export type HookOutcome =
  | { status: 'delivered'; ms: number }
  | { status: 'exit-code'; exitCode: number; stderr: string; ms: number }
  | { status: 'killed-by-signal'; signal: string; stderr: string; ms: number }
  | { status: 'timed-out'; timeoutMs: number; stderr: string; ms: number }
  | { status: 'not-found'; message: string }
  | { status: 'could-not-start'; message: string };

export type AlertResult =
  | { sent: Alert; outcome: HookOutcome /** one line for the record: "alert hook x: exit code 3 (...)" */; text: string }
  | { suppressed: Alert /** unix ms when (kind, target) may alert again */; until: number }
  | { noHook: Alert };

export interface AlertHookOptions {
  /** the command and its arguments; null or [] when none is configured */
  argv: readonly string[] | null;
  cooldownMs?: number;
  timeoutMs?: number;
  killGraceMs?: number;
  now?: () => number;
  host?: string;
}

export class AlertHook {
  private readonly last = new Map<string, number>();
  private readonly cooldownMs: number;

  constructor(private readonly o: AlertHookOptions) {
    this.cooldownMs = o.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  }

  /** Sends an alert unless the same (kind, target) alerted within the cooldown; never throws. */
  async send(req: AlertRequest): Promise<AlertResult> {
    const now = (this.o.now ?? Date.now)();
    const alert = alertOf(req, now, this.o.host ?? hostname());
    const key = `${alert.kind}\u0000${req.cooldownKey ?? alert.target}`;
    const prev = this.last.get(key);
    if (prev !== undefined && now - prev < this.cooldownMs) return { suppressed: alert, until: prev + this.cooldownMs };
    this.forgetOld(now);
    this.last.set(key, now); // also when the hook fails: a broken hook is not run on every tick
    const argv = this.o.argv ?? [];
    if (argv.length === 0) return { noHook: alert };
    const outcome = await runHook(argv, `${JSON.stringify(alert)}\n`, {
      timeoutMs: this.o.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
      killGraceMs: this.o.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      env: envOf(alert),
    });
    return { sent: alert, outcome, text: describeOutcome(argv, outcome) };
  }

  private forgetOld(now: number): void {
    if (this.last.size < 1000) return;
    for (const [k, t] of this.last) if (now - t >= this.cooldownMs) this.last.delete(k);
  }
}

function alertOf(req: AlertRequest, now: number, host: string): Alert {
  return {
    kind: req.kind,
    target: sanitizeField(req.target).slice(0, 200),
    severity: req.severity ?? DEFAULT_SEVERITY[req.kind],
    message: sanitizeField(req.message).slice(0, 2000),
    incident_id: req.incidentId ?? null,
    at: new Date(now).toISOString(),
    host: sanitizeField(host),
  };
}

function envOf(a: Alert): Record<string, string> {
  return {
    ORO_TOP_ALERT_KIND: a.kind,
    ORO_TOP_ALERT_TARGET: a.target,
    ORO_TOP_ALERT_SEVERITY: a.severity,
    ORO_TOP_ALERT_MESSAGE: a.message,
    ORO_TOP_ALERT_INCIDENT_ID: a.incident_id === null ? '' : String(a.incident_id),
    ORO_TOP_ALERT_AT: a.at,
    ORO_TOP_ALERT_HOST: a.host,
  };
}

/**
 * Runs a hook in its own process group with `input` on stdin. Past `timeoutMs` the group gets
 * SIGTERM, and SIGKILL `killGraceMs` later; a hook that exits while something it left behind
 * still holds its output open has that group killed after the grace. Never throws.
 */
export async function runHook(
  argv: readonly string[],
  input: string,
  o: { timeoutMs: number; killGraceMs: number; env?: Record<string, string> },
): Promise<HookOutcome> {
  const [file, ...args] = argv;
  if (!file) return { status: 'could-not-start', message: 'no command' };
  const t0 = performance.now();
  let child: ResultPromise;
  try {
    child = execa(file, args, { input, stdout: 'ignore', stderr: 'pipe', detached: true, reject: false, env: o.env, extendEnv: true });
  } catch (err) {
    return { status: 'could-not-start', message: messageOf(err) };
  }
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let timedOut = false;
  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      timers.push(setTimeout(() => killGroup('SIGKILL'), o.killGraceMs));
    }, o.timeoutMs),
  );
  child.once('exit', () => timers.push(setTimeout(() => killGroup('SIGKILL'), o.killGraceMs)));
  const r = await child;
  for (const t of timers) clearTimeout(t);
  const ms = Math.round(performance.now() - t0);
  const stderr = lastLine(String(r.stderr ?? ''));
  if (timedOut) return { status: 'timed-out', timeoutMs: o.timeoutMs, stderr, ms };
  if (r.code === 'ENOENT') return { status: 'not-found', message: `${file}: no such command` };
  if (r.exitCode === undefined && r.signal === undefined)
    return { status: 'could-not-start', message: sanitizeField(r.shortMessage ?? 'failed') };
  if (r.signal) return { status: 'killed-by-signal', signal: r.signal, stderr, ms };
  if (r.exitCode === 0) return { status: 'delivered', ms };
  return { status: 'exit-code', exitCode: r.exitCode ?? -1, stderr, ms };
}

function lastLine(s: string): string {
  const lines = s.split('\n').filter((l) => l.trim() !== '');
  return sanitizeLine(lines.at(-1) ?? '').slice(0, 300);
}

/** One line for the incident record and the supervisor's log. */
export function describeOutcome(argv: readonly string[], o: HookOutcome): string {
  const name = sanitizeField(argv[0] ?? '');
  const said = 'stderr' in o && o.stderr ? `; it said: ${o.stderr}` : '';
  switch (o.status) {
    case 'delivered':
      return `alert hook ${name}: delivered in ${o.ms} ms`;
    case 'exit-code':
      return `alert hook ${name}: failed with exit code ${o.exitCode}${said}`;
    case 'killed-by-signal':
      return `alert hook ${name}: killed by ${o.signal}${said}`;
    case 'timed-out':
      return `alert hook ${name}: timed out after ${o.timeoutMs / 1000} s and was killed (with its process group)${said}`;
    case 'not-found':
      return `alert hook ${name}: not found (${o.message}); check --on-alert`;
    case 'could-not-start':
      return `alert hook ${name}: could not start (${o.message}); check --on-alert`;
  }
}
