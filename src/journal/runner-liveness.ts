// Whether a 'running' action still holds: its runner (a detached `__run-action`, or the oro-top that
// ran it in-process) is alive and within the action's overall bound.
import { readProcess } from '../system/procfs.js';
import type { ActionRecord } from './journal.js';

/** A running row counts only while its runner lives (or for a few seconds before it registers). */
export async function runnerAlive(r: ActionRecord): Promise<boolean> {
  if (r.runnerPid === null) return Date.now() - Date.parse(r.startedAt) < 15_000;
  // the runner is a detached `__run-action` or the oro-top that ran the action itself: the PID and its
  // start time name that process (a reused PID has another start time)
  const p = await readProcess(r.runnerPid);
  return p !== null && p.state !== 'Z' && p.startTicks === r.runnerStartTicks;
}

/** True when a running action is past its overall bound (a stuck runner: it holds no lock any more). */
export function pastDeadline(r: ActionRecord, now = Date.now()): boolean {
  return r.deadlineAt !== null && now > Date.parse(r.deadlineAt);
}

/** Why a 'running' row no longer holds: its runner died, or it is past its bound; null while it holds. */
export async function whyNotRunning(r: ActionRecord): Promise<string | null> {
  if (r.status !== 'running') return null;
  if (!(await runnerAlive(r))) {
    return r.runnerPid === null ? 'abandoned: its runner never started' : `abandoned: its runner (PID ${r.runnerPid}) is gone`;
  }
  if (pastDeadline(r)) return `abandoned: still running past its bound (${r.deadlineAt}); its runner (PID ${r.runnerPid}) is stuck`;
  return null;
}
