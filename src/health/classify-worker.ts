// One worker's status and reason, from what the daemon says of it and its process (zombie,
// stopped, vanished, unsupervised, not connected, stuck or slow, shutting down, working).
import type { Thresholds } from '../config.js';
import type { MergedWorker } from '../collectors/workers.js';
import { isStoppedState } from '../system/proc-parse.js';
import { formatAge } from '../util/format.js';
import { sanitizeId } from '../util/sanitize.js';
import { stoppedText } from './stopped-text.js';
import type { Status, WorkerHealth } from './types.js';

export interface WorkerContext {
  /** the daemon answered `health` */
  daemonAnswered: boolean;
  /** the daemon's process lives (answering or not: a frozen daemon still supervises) */
  daemonAlive: boolean;
  daemonPid: number | null;
  /** worker processes can be seen at all (see classify) */
  processesVisible: boolean;
}

/**
 * One worker's status. The rule for a worker that vanished (no process, not listed by the
 * daemon) is stateless, so the dashboard, `check` and `snapshot` agree: it is dead, "gone since"
 * its last output, while that output is younger than thresholds.gone_keep_s; then it is dropped
 * (mergeWorkers no longer lists it). A worker whose process vanished is dead at once, even while
 * the daemon still lists it.
 */
export function classifyWorker(w: MergedWorker, ctx: WorkerContext, nowMs: number, t: Thresholds): WorkerHealth {
  const h = w.health;
  const p = w.process;
  const out: WorkerHealth = {
    id: sanitizeId(w.id),
    status: 'healthy',
    reason: '',
    state: h?.state ?? null,
    beadId: h?.beadId ? sanitizeId(h.beadId) : null,
    pid: p?.pid ?? null,
    lastProgressS: h?.lastProgressS ?? null,
    contextPct: h?.contextPct ?? null,
    cpuPct: p?.cpuPct ?? null,
    rssBytes: p?.rssBytes ?? null,
    supervised: w.supervised,
    logBytes: w.log?.size ?? null,
    logWrittenAtMs: w.log?.mtimeMs ?? null,
    goneSinceMs: null,
  };
  const set = (status: Status, reason: string): WorkerHealth => ({ ...out, status, reason });
  const lastOut = w.log?.mtimeMs ? `, last output ${formatAge((nowMs - w.log.mtimeMs) / 1000)} ago` : '';

  if (p?.state === 'Z') return set('dead', `process ${p.pid} is a zombie (exited, not reaped)`);
  if (p && w.duplicates.length > 0)
    return set(
      'degraded',
      `${w.duplicates.length + 1} processes claim worker ${sanitizeId(w.id)} (PIDs ${[p.pid, ...w.duplicates].join(', ')}): one of them should not run`,
    );
  if (p && isStoppedState(p.state)) return set('degraded', `process ${p.pid} is ${stoppedText(p.state, p.stoppedSinceMs ?? null, nowMs)}`);
  if (!h) {
    if (!p) {
      const since = w.log?.mtimeMs ?? null;
      const when = since
        ? ` since ${new Date(since).toTimeString().slice(0, 8)} (its last output, ${formatAge((nowMs - since) / 1000)} ago)`
        : '';
      return { ...set('dead', `process gone${when}; not listed by the daemon`), goneSinceMs: since };
    }
    if (w.supervised && !ctx.daemonAnswered)
      return set(
        'healthy',
        `process ${p.pid} running, supervised by the daemon (PID ${ctx.daemonPid}), which does not answer: state unknown`,
      );
    if (!ctx.daemonAlive) return set('degraded', `unsupervised: daemon down, process ${p.pid} still running`);
    if (!w.supervised) return set('degraded', `unsupervised: process ${p.pid} runs, but its parent is PID ${p.ppid}, not the daemon`);
    return set('degraded', `process ${p.pid} running but not connected to the daemon`);
  }
  if (!p) {
    if (!ctx.processesVisible) return set('degraded', `daemon lists it as ${h.state} but no worker process is visible to oro-top`);
    return set('dead', `process gone${lastOut}; the daemon still lists it as ${h.state}`);
  }
  const progress = h.lastProgressS ?? 0;
  const working = h.state === 'busy' || h.state === 'reviewing';
  if (working && progress >= t.noProgressS) return set('dead', `stuck: no progress for ${formatAge(progress)}`);
  if (working && progress >= t.heartbeatS) return set('degraded', `no progress for ${formatAge(progress)}`);
  if (h.state === 'shutting_down' || h.state === 'preempting') return set('degraded', h.state.replace('_', ' '));
  const bead = h.beadId ? ` on ${sanitizeId(h.beadId)}` : '';
  return set('healthy', `${h.state}${bead}`);
}
