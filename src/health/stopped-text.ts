// How a stopped process reads in a reason ("stopped (SIGSTOP) since 10:04:05 (12s)"): shared by
// the daemon, pane and worker rules.
import { formatAge } from '../util/format.js';

/** "stopped (SIGSTOP) since 10:04:05 (12s)": what the kernel's T or t state means, and since when. */
export function stoppedText(state: string, sinceMs: number | null, nowMs: number): string {
  const what = state === 't' ? 'stopped by a debugger (tracing stop)' : 'stopped (SIGSTOP)';
  if (sinceMs === null) return what;
  return `${what} since ${new Date(sinceMs).toTimeString().slice(0, 8)} (${formatAge((nowMs - sinceMs) / 1000)})`;
}
