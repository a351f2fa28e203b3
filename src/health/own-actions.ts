// What oro-top's own actions (its journal) change in the health model: a daemon restart or start
// in progress, a worker being killed or restarted right now, and workers that left on purpose
// (kill-worker, a drain-and-restart) and so are dropped rather than shown dead.
import type { MergedWorker } from '../collectors/workers.js';
import type { ActionRecord } from '../journal/journal.js';
import type { RestartInProgress, WorkerHealth } from './types.js';

/** A drain-and-restart (or a start) of the daemon whose runner still runs (the collector marks dead runners). */
export function restartInProgress(actions: readonly ActionRecord[], nowMs: number): RestartInProgress | null {
  const a = actions.find((x) => (x.kind === 'restart-daemon' || x.kind === 'start-daemon') && x.status === 'running');
  if (!a) return null;
  const step = a.steps.at(-1) ?? null;
  const started = Date.parse(a.startedAt);
  return {
    actionId: a.id,
    kind: a.kind,
    who: a.who,
    step: step?.name ?? null,
    detail: step?.detail ?? null,
    elapsedS: Number.isFinite(started) ? Math.max(0, Math.round((nowMs - started) / 1000)) : 0,
  };
}

export function restartNote(r: RestartInProgress): string {
  return `restarting (#${r.actionId}, step ${r.step ?? 'starting'}, ${r.elapsedS} s)`;
}

/** The newest worker action on this worker id, if any. */
function lastWorkerAction(id: string, actions: readonly ActionRecord[]): ActionRecord | null {
  return actions.find((a) => (a.kind === 'kill-worker' || a.kind === 'restart-worker') && a.target === id) ?? null;
}

/**
 * A worker that left on purpose is not a dead worker: it is dropped from the list at once. That is
 * one that vanished (no process, not listed by the daemon) with no output since an action of
 * oro-top's that succeeded took it away: `kill-worker` on it, or a drain-and-restart of the daemon
 * (the successor's workers are the swarm now).
 */
export function removedOnPurpose(w: MergedWorker, actions: readonly ActionRecord[]): string | null {
  if (w.health || w.process) return null;
  const lastOutput = w.log?.mtimeMs ?? null;
  const before = (a: ActionRecord | null | undefined): boolean => {
    if (a?.status !== 'succeeded' || !a.endedAt) return false;
    const ended = Date.parse(a.endedAt);
    return !Number.isFinite(ended) || lastOutput === null || lastOutput <= ended + 2000;
  };
  const killed = lastWorkerAction(w.id, actions);
  if (killed?.kind === 'kill-worker' && before(killed)) return `killed on purpose (kill-worker #${killed.id} by ${killed.who})`;
  const restart = actions.find((a) => a.kind === 'restart-daemon' && a.status === 'succeeded');
  return before(restart) ? `left with the old daemon (restart-daemon #${restart!.id} by ${restart!.who})` : null;
}

/** A worker being killed or restarted by oro-top right now reads so, not dead. */
export function withWorkerAction(w: WorkerHealth, actions: readonly ActionRecord[], nowMs: number): WorkerHealth {
  if (w.status === 'healthy') return w;
  const a = lastWorkerAction(w.id, actions);
  if (a?.status !== 'running') return w;
  const step = a.steps.at(-1)?.name ?? 'starting';
  const s = Math.max(0, Math.round((nowMs - Date.parse(a.startedAt)) / 1000));
  const what = a.kind === 'kill-worker' ? 'being killed' : 'restarting';
  return { ...w, status: 'degraded', reason: `${what} (#${a.id}, step ${step}, ${s} s); ${w.reason}` };
}
