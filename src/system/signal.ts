// Sends a signal only to the very process that was checked: same PID, same start time, and a
// command line that still passes the caller's test. A PID reused by another process is never hit.
// The reads and the kill go through a ProcessControl (the real one by default), so the rule itself
// is tested against a scripted fake.
import { type Clock, realClock } from './clock.js';
import { readProcess, type ProcessInfo } from './procfs.js';

export type SignalOutcome = 'sent' | 'gone' | 'not-same-process' | 'failed';

/** What the identity-checked signal needs of the world. */
export interface ProcessControl {
  readProcess(pid: number): Promise<ProcessInfo | null>;
  /** kill(2) on the PID, or on its process group (-PID) */
  kill(pid: number, signal: NodeJS.Signals, group: boolean): Promise<'sent' | 'gone' | 'failed'>;
  clock: Clock;
}

/** kill(2), ESRCH read as 'gone'. */
export async function killProcess(pid: number, signal: NodeJS.Signals, group: boolean): Promise<'sent' | 'gone' | 'failed'> {
  try {
    process.kill(group ? -pid : pid, signal);
    return 'sent';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'failed';
  }
}

export const realProcessControl: ProcessControl = { readProcess, kill: killProcess, clock: realClock };

export async function signalChecked(
  expected: { pid: number; startTicks: number },
  signal: NodeJS.Signals,
  isStillIt: (p: ProcessInfo) => boolean = () => true,
  opts: { group?: boolean } = {},
  io: ProcessControl = realProcessControl,
): Promise<SignalOutcome> {
  const now = await io.readProcess(expected.pid);
  if (!now || now.state === 'Z') return 'gone';
  if (now.startTicks !== expected.startTicks || !isStillIt(now)) return 'not-same-process';
  // a process group only when the checked process leads it (pgid = pid)
  const group = opts.group === true && now.pgid === now.pid;
  return io.kill(expected.pid, signal, group);
}

/**
 * Waits until the process is gone (or a zombie, or its PID reused), polling; true if it went within
 * timeoutMs. An aborted `signal` ends the wait with its reason.
 */
export async function waitGone(
  expected: { pid: number; startTicks: number },
  timeoutMs: number,
  io: Pick<ProcessControl, 'readProcess' | 'clock'> = realProcessControl,
  signal?: AbortSignal,
): Promise<boolean> {
  const deadline = io.clock.now() + timeoutMs;
  for (;;) {
    const p = await io.readProcess(expected.pid);
    if (!p || p.state === 'Z' || p.startTicks !== expected.startTicks) return true;
    if (io.clock.now() >= deadline) return false;
    await io.clock.sleep(50, signal);
  }
}
