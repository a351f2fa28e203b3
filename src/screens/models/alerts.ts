// The latest alerts for the overview: deaths and recoveries oro-top observed, and bursts of log
// errors. Newest first. Pure.
import type { Status } from '../../health/types.js';
import type { View } from '../../store.js';

export interface Alert {
  atMs: number;
  status: Status;
  text: string;
}

/** A minute with at least this many error lines is a burst. */
export const ERROR_BURST = 5;

export function alerts(view: View, nowMs: number, max = 50): Alert[] {
  const out: Alert[] = [];
  for (const o of view.observations) {
    if (o.kind === 'appeared' || o.kind === 'overall') continue;
    const status: Status = o.status === 'critical' || o.status === 'unreachable' ? 'dead' : o.status;
    out.push({ atMs: o.atMs, status, text: o.text });
  }
  const perMin = view.snapshot.slices.logs.data?.errorsPerMinute ?? [];
  const thisMinute = Math.floor(nowMs / 60_000);
  perMin.forEach((n, i) => {
    if (n >= ERROR_BURST) {
      const minute = thisMinute - (perMin.length - 1 - i);
      out.push({ atMs: minute * 60_000, status: 'degraded', text: `${n} log errors in one minute` });
    }
  });
  return out.sort((a, b) => b.atMs - a.atMs).slice(0, max);
}

export function alertKey(a: Alert): string {
  return `${a.atMs}|${a.text}`;
}
