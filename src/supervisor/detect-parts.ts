// The daemon's and the panes' findings (see detect.ts). Pure.
import type { DaemonHealth, PaneHealth } from '../health/types.js';
import type { DaemonFacts, DetectFacts } from './facts.js';
import type { Draft } from './detect.js';

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};

/** 'SIGKILL' for 9; 'signal 42' for one without a common name. */
export function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}

/**
 * The daemon's trouble, if any. Dead: by how its PID file and process were judged. Alive but not
 * answering `health`: unresponsive, then frozen once silent for `freezeAfterS` (a stopped daemon
 * is not even asked, so it counts as silent from the first look).
 */
export function daemonFinding(d: DaemonHealth, f: DaemonFacts | null, silentS: number, freezeAfterS: number): Draft | null {
  const ev = { pid: d.pid, detail: [d.reason] };
  if (d.status === 'dead') {
    const pid = d.pid === null ? '' : ` (PID ${d.pid})`;
    if (f?.identity === 'zombie')
      return { kind: 'zombie', severity: 'critical', summary: `daemon${pid} is a zombie (exited, not reaped)`, evidence: ev };
    if (f?.identity === 'gone' || f?.identity === 'reused')
      return { kind: 'stale-pid', severity: 'critical', summary: `daemon is not running: its PID file is stale${pid}`, evidence: ev };
    if (f?.pidFile === 'corrupt' || f?.pidFile === 'unreadable')
      return { kind: 'pid-file-bad', severity: 'critical', summary: `daemon is not running: its PID file is ${f.pidFile}`, evidence: ev };
    return { kind: 'not-running', severity: 'critical', summary: 'daemon is not running (no PID file)', evidence: ev };
  }
  if (f?.identity !== 'daemon' || silentS <= 0) return null;
  const s = Math.round(silentS);
  const stopped = f.stoppedSinceMs !== null ? 'stopped, ' : '';
  const detail = [...ev.detail, `the socket has not answered health for ${s} s (frozen after ${freezeAfterS} s)`];
  if (silentS >= freezeAfterS)
    return {
      kind: 'frozen',
      severity: 'critical',
      summary: `daemon${d.pid === null ? '' : ` (PID ${d.pid})`} is frozen: ${stopped}silent for ${s} s`,
      evidence: { ...ev, detail },
    };
  return { kind: 'unresponsive', severity: 'warning', summary: `daemon has not answered health for ${s} s`, evidence: { ...ev, detail } };
}

/** A pane's trouble, if any: only a dead pane (an idle or stopped one is the health model's warning, not an incident). */
export function paneFinding(p: PaneHealth, facts: DetectFacts): Draft | null {
  if (p.status !== 'dead') return null;
  const ev = { pid: p.pid, detail: [p.reason] };
  if (facts.tmuxProblem !== null && facts.tmuxProblem !== 'other')
    return { kind: 'no-session', severity: 'critical', summary: `${p.name} pane: ${p.reason}`, evidence: ev };
  if (p.paneId === null) return { kind: 'pane-missing', severity: 'critical', summary: `${p.name} pane: its window is gone`, evidence: ev };
  const t = facts.panes[p.name];
  const signal = t?.deadSignal != null ? signalName(t.deadSignal) : null;
  const how = signal ? `killed by ${signal}` : p.deadStatus !== null ? `exited with status ${p.deadStatus}` : 'its process ended';
  return {
    kind: 'pane-died',
    severity: 'critical',
    summary: `${p.name} pane died: ${how}`,
    sinceMs: t?.deadAtS ? t.deadAtS * 1000 : null,
    evidence: { ...ev, exitCode: p.deadStatus, signal },
  };
}

/**
 * An error burst: `perMin` error lines or more in the current minute or the one before (the logs
 * collector counts by calendar minute; the last entry is the minute under way).
 */
/** A burst is at least this many times the usual rate (the median minute of the last hour). */
const BURST_OVER_USUAL = 3;

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function errorBurst(facts: DetectFacts, nowMs: number, perMin: number): Draft | null {
  const m = facts.errorsPerMinute;
  const current = m.at(-1) ?? 0;
  const previous = m.at(-2) ?? 0;
  const rate = Math.max(current, previous);
  // a burst stands out from the usual rate: a big swarm's steady trickle of errors is not one
  const usual = median(m.slice(0, -2));
  const threshold = Math.max(perMin, Math.ceil(BURST_OVER_USUAL * usual));
  if (perMin <= 0 || rate < threshold) return null;
  const top = Object.entries(facts.errorsBySource5m)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([s, n]) => `${s} ${n}`);
  const minuteStart = Math.floor(nowMs / 60_000) * 60_000;
  return {
    kind: 'error-burst',
    severity: 'warning',
    summary: `error burst: ${rate} error lines in one minute (threshold ${threshold}/min${usual > 0 ? `; usually ${usual}/min` : ''})`,
    sinceMs: current >= threshold && previous < threshold ? minuteStart : minuteStart - 60_000,
    evidence: {
      detail: [
        `errors per minute, newest last: ${m.slice(-5).join(' ')}`,
        ...(top.length ? [`last 5 min by source: ${top.join(', ')}`] : []),
      ],
    },
  };
}
