// The document `oro-top snapshot --json` prints (documented in the README). Field names are
// snake_case and stable; times are ISO-8601 UTC; absent values are null.
import type { Snapshot } from '../collectors/sources.js';
import { agentJson } from '../agents/summary.js';
import type { AgentView } from '../agents/types.js';
import type { DaemonHealth, HealthReport, PaneHealth, WorkerHealth } from '../health/types.js';
import type { SupervisionSnapshot } from '../collectors/supervision.js';

const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

type Json = Record<string, unknown>;

function restartJson(r: HealthReport['restart']): Json | null {
  if (!r) return null;
  return { action_id: r.actionId, kind: r.kind, who: r.who, step: r.step, detail: r.detail, elapsed_s: r.elapsedS };
}

function daemonJson(d: DaemonHealth): Json {
  return {
    pid: d.pid,
    state: d.state,
    status: d.status,
    reason: d.reason,
    uptime_s: d.uptimeS === null ? null : Math.floor(d.uptimeS),
    cpu_pct: d.cpuPct,
    rss_bytes: d.rssBytes,
    socket: d.socket,
  };
}

function paneJson(p: PaneHealth, agents: Record<string, AgentView | null>): Json {
  return {
    name: p.name,
    status: p.status,
    reason: p.reason,
    pane_id: p.paneId,
    pid: p.pid,
    last_activity: p.lastActivityS === null ? null : iso(p.lastActivityS * 1000),
    dead_status: p.deadStatus,
    current_command: p.currentCommand,
    context_pct: p.contextPct,
    // what its agent does (null: the pane runs no known agent, or is dead)
    agent: p.status === 'dead' ? null : agentJson(agents[p.name]),
  };
}

function workerJson(w: WorkerHealth): Json {
  return {
    id: w.id,
    state: w.state,
    status: w.status,
    reason: w.reason,
    pid: w.pid,
    bead_id: w.beadId,
    last_progress_s: round1(w.lastProgressS),
    context_pct: w.contextPct,
    cpu_pct: w.cpuPct,
    rss_bytes: w.rssBytes,
    supervised: w.supervised,
    log_bytes: w.logBytes,
    last_output: iso(w.logWrittenAtMs),
    gone_since: iso(w.goneSinceMs),
  };
}

function logsJson(logs: Snapshot['slices']['logs']['data']): Json {
  return {
    errors_last_5m: logs?.errorsLast5m ?? null,
    errors_by_source_5m: logs ? (logs.errorsBySource5m ?? {}) : null,
    errors_per_minute: logs?.errorsPerMinute.slice(-10) ?? [],
    // every line the collector hands out (config logs.recent_lines, default 200), oldest first
    recent: (logs?.recent ?? []).map((l) => ({ source: l.source, level: l.level, time: iso(l.timeMs), text: l.text })),
    files: (logs?.files ?? []).map((f) => ({ source: f.source, path: f.path, exists: f.exists, size: f.size, error: f.error })),
    notices: logs?.notices ?? [],
  };
}

function escalationsJson(db: Snapshot['slices']['db']['data']): Json {
  return {
    pending: db?.pendingEscalationCount ?? null,
    recent: (db?.pendingEscalations ?? [])
      .slice(0, 10)
      .map((e) => ({ id: e.id, type: e.type, bead_id: e.beadId, worker_id: e.workerId, message: e.message, created_at: e.createdAt })),
  };
}

function hostJson(host: Snapshot['slices']['host']['data']): Json | null {
  if (!host) return null;
  return {
    load: host.load,
    cpu_count: host.cpuCount,
    cpu_pct: host.cpuPct,
    mem_total_bytes: host.memTotalBytes,
    mem_used_bytes: host.memUsedBytes,
  };
}

export function snapshotJson(snap: Snapshot, report: HealthReport, home: string): Json {
  const { slices } = snap;
  const db = slices.db.data;
  return {
    overall: report.overall,
    reason: report.overallReason,
    collected_at: iso(snap.collectedAtMs),
    restart: restartJson(report.restart),
    home,
    daemon: daemonJson(report.daemon),
    panes: report.panes.map((p) => paneJson(p, slices.agents?.data?.agents ?? {})),
    // every watched pane's agent: architect and manager, and the other panes running a known agent
    agents: Object.entries(slices.agents?.data?.agents ?? {})
      .filter(([, a]) => a !== null)
      .map(([pane, a]) => ({ pane, ...agentJson(a) })),
    workers: report.workers.map(workerJson),
    worker_counts: report.workerCounts,
    removed_workers: report.removedWorkers ?? [],
    logs: logsJson(slices.logs.data),
    escalations: escalationsJson(db),
    state_db: db
      ? { tables: db.tables, missing_tables: db.missingTables, active_assignments: db.activeAssignments.length, events: db.events.length }
      : null,
    host: hostJson(slices.host.data),
    supervisor: supervisorJson(slices.supervisor?.data ?? null),
    sources: report.sources.map((s) => ({ name: s.name, error: s.error, age_s: s.ageS })),
  };
}

/**
 * `supervisor`: the one running for this home (pid, auto_restart: null when none runs) and what the
 * journal keeps for the next one (paused, the targets given up on, restarts within the budget's
 * window); null when the journal could not be read (the source's error is in `sources`).
 */
export function supervisorJson(s: SupervisionSnapshot | null): Record<string, unknown> | null {
  if (!s) return null;
  return {
    running: s.holder !== null,
    pid: s.holder?.pid ?? null,
    auto_restart: s.holder ? s.holder.autoRestart : null,
    paused: s.paused,
    gave_up: s.gaveUp.map((g) => g.target),
    restarts_in_window: { ...s.restartsInWindow },
  };
}
