// Sends a signal only to the very process that was checked: same PID, same start time, and a
// command line that still passes the caller's test. A PID reused by another process is never hit.
import { readProcess, type ProcessInfo } from './procfs.js';

export type SignalOutcome = 'sent' | 'gone' | 'not-same-process' | 'failed';

export async function signalChecked(
  expected: { pid: number; startTicks: number },
  signal: NodeJS.Signals,
  isStillIt: (p: ProcessInfo) => boolean = () => true,
  opts: { group?: boolean } = {},
): Promise<SignalOutcome> {
  const now = await readProcess(expected.pid);
  if (!now || now.state === 'Z') return 'gone';
  if (now.startTicks !== expected.startTicks || !isStillIt(now)) return 'not-same-process';
  // a process group only when the checked process leads it (pgid = pid)
  const group = opts.group === true && now.pgid === now.pid;
  try {
    process.kill(group ? -expected.pid : expected.pid, signal);
    return 'sent';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'failed';
  }
}

/** Waits until the process is gone (or a zombie), polling; true if it went within timeoutMs. */
export async function waitGone(expected: { pid: number; startTicks: number }, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await readProcess(expected.pid);
    if (!p || p.state === 'Z' || p.startTicks !== expected.startTicks) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
