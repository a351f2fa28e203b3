// The JSON the dispatcher puts in the ACK detail of `health` and `status` (the shapes the
// contract gives, Go-style JSON): daemon, panes and the connected workers.
import { goJson } from '../../oro/wire.js';
import type { DispatcherCore } from './core.js';
import type { WorkerRec } from './worker-table.js';

function workerJson(w: WorkerRec): Record<string, unknown> {
  const o: Record<string, unknown> = { id: w.id, state: w.state };
  if (w.beadId) o.bead_id = w.beadId;
  o.last_progress_secs = w.state === 'idle' ? 0 : Math.round((Date.now() - w.lastProgressAtMs) / 100) / 10;
  o.context_pct = w.contextPct;
  return o;
}

function paneJson(core: DispatcherCore, name: string): Record<string, unknown> {
  const seen = core.store.paneLastSeen(name);
  const o: Record<string, unknown> = { name, alive: seen !== null && Date.now() / 1000 - seen <= 60 };
  if (seen !== null) o.last_activity = new Date(seen * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return o;
}

function uptime(core: DispatcherCore): number {
  return Math.round((Date.now() - core.startedAt) / 100) / 10;
}

export function healthDetail(core: DispatcherCore): string {
  return goJson({
    daemon: { pid: process.pid, uptime_seconds: uptime(core), state: core.state },
    architect_pane: paneJson(core, 'architect'),
    manager_pane: paneJson(core, 'manager'),
    workers: core.workers.connected().map(workerJson),
  });
}

export function statusDetail(core: DispatcherCore): string {
  const ws = core.workers.connected();
  const assignments: Record<string, string> = {};
  for (const w of ws) if (w.beadId) assignments[w.id] = w.beadId;
  return goJson({
    state: core.state,
    pid: process.pid,
    worker_count: ws.length,
    queue_depth: core.store.pendingCount(),
    assignments,
    workers: ws.map(workerJson),
    active_count: ws.filter((w) => w.state === 'busy').length,
    idle_count: ws.filter((w) => w.state === 'idle').length,
    target_count: core.target,
    uptime_seconds: uptime(core),
    pending_handoff_count: 0,
    progress_timeout_secs: 600,
  });
}
