// classify(snapshot, now, thresholds): every component's status with a short human reason, and
// the swarm's overall status. Pure: it reads the snapshot and nothing else. The rules live in
// classify-daemon, classify-pane, classify-worker, own-actions (oro-top's journal) and overall.
import { PANE_NAMES } from '../collectors/pane-context.js';
import type { Snapshot } from '../collectors/sources.js';
import { SOURCE_NAMES } from '../collectors/source-names.js';
import { mergeWorkers } from '../collectors/workers.js';
import { sanitizeId } from '../util/sanitize.js';
import { classifyDaemon } from './classify-daemon.js';
import type { ClassifyOptions } from './classify-options.js';
import { classifyPane } from './classify-pane.js';
import { classifyWorker, type WorkerContext } from './classify-worker.js';
import { overallOf } from './overall.js';
import { removedOnPurpose, restartInProgress, restartNote, withWorkerAction } from './own-actions.js';
import type { HealthReport, SourceHealth } from './types.js';

export type { ClassifyOptions } from './classify-options.js';

export function classify(snap: Snapshot, nowMs: number, opts: ClassifyOptions): HealthReport {
  const { slices } = snap;
  const actions = slices.actions.data?.recent ?? [];
  const restart = restartInProgress(actions, nowMs);
  let daemon = classifyDaemon(slices.daemon.data, slices.daemon.error?.message ?? null, nowMs);
  const panes = PANE_NAMES.map((name) => classifyPane(name, snap, nowMs, opts));
  // the workers' supervisor: the daemon's process while it lives, answering or not (a frozen
  // daemon is still their parent)
  const daemonAlive = slices.daemon.data?.identity?.kind === 'daemon';
  const merged = mergeWorkers({
    healthWorkers: slices.daemon.data?.health?.workers ?? null,
    daemonPid: daemonAlive ? daemon.pid : null,
    processes: slices.processes.data?.byPid.values() ?? null,
    socketPath: opts.socketPath,
    logFiles: slices.logs.data?.files ?? [],
    nowMs,
    recentLogWindowS: opts.thresholds.goneKeepS,
  });
  const ctx: WorkerContext = {
    daemonAnswered: daemon.status !== 'dead' && slices.daemon.data?.health != null,
    daemonAlive,
    daemonPid: daemon.pid,
    // the daemon lists workers but not one of them has a process oro-top can see (another PID
    // namespace, hidepid, one process hosting them all): a missing process proves nothing then
    processesVisible:
      slices.processes.data === null ? false : merged.some((w) => w.process !== null) || merged.every((w) => w.health === null),
  };
  const removedWorkers: { id: string; reason: string }[] = [];
  let workers = merged
    .filter((w) => {
      const why = removedOnPurpose(w, actions);
      if (why) removedWorkers.push({ id: sanitizeId(w.id), reason: why });
      return why === null;
    })
    .map((w) => withWorkerAction(classifyWorker(w, ctx, nowMs, opts.thresholds), actions, nowMs));
  if (restart) {
    // a planned restart takes the daemon and its workers away for a while: that is not a death
    const note = restartNote(restart);
    if (daemon.status !== 'healthy') daemon = { ...daemon, status: 'degraded', reason: `${note}; ${daemon.reason}` };
    workers = workers.map((w) => (w.status === 'healthy' ? w : { ...w, status: 'degraded', reason: `${note}; ${w.reason}` }));
  }
  const counts = { healthy: 0, degraded: 0, dead: 0, total: workers.length };
  for (const w of workers) counts[w.status]++;

  const sources: SourceHealth[] = Object.entries(slices).map(([k, s]) => ({
    name: SOURCE_NAMES[k as keyof typeof SOURCE_NAMES] ?? k,
    error: s.error?.message ?? null,
    ageS: s.updatedAtMs === null ? null : Math.max(0, Math.round((nowMs - s.updatedAtMs) / 1000)),
  }));

  const { overall, reason } = overallOf(snap, daemon, panes, workers, counts, restart);
  return { overall, overallReason: reason, restart, daemon, panes, workers, workerCounts: counts, removedWorkers, sources };
}
