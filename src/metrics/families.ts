// What `oro-top metrics` exposes, as a pure mapping from one View (the snapshot, its health report
// and the supervision slice) to metric families with a bounded set of labels. prom-client writes
// them out (./registry.ts); the README's table lists every name here (a test holds it to that).
import type { Overall, Status } from '../health/types.js';
import type { View } from '../store.js';

export type MetricType = 'gauge' | 'counter';

export interface MetricDef {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
  /** a per-worker series: left out when per-worker series are off */
  perWorker?: boolean;
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export const OVERALL_VALUES: readonly Overall[] = ['healthy', 'degraded', 'critical', 'unreachable', 'restarting'];
export const STATUS_VALUES: readonly Status[] = ['healthy', 'degraded', 'dead'];
/** per-worker series are on up to this many workers when metrics.per_worker is "auto" */
export const PER_WORKER_AUTO_LIMIT = 200;

const d = (name: string, type: MetricType, labels: readonly string[], help: string, perWorker = false): MetricDef => ({
  name,
  type,
  help,
  labels,
  ...(perWorker ? { perWorker } : {}),
});

/** Every family, in exposition order. */
export const METRICS = {
  swarmUp: d('oro_swarm_up', 'gauge', [], '1 when there is a swarm to read (overall status is not unreachable)'),
  swarmStatus: d('oro_swarm_status', 'gauge', ['status'], '1 for the overall status now, 0 for the others'),
  daemonUp: d('oro_daemon_up', 'gauge', [], '1 when the daemon is not dead (running, paused or slow to answer)'),
  daemonUptime: d('oro_daemon_uptime_seconds', 'gauge', [], "the daemon process's age (absent when no daemon runs)"),
  workers: d('oro_workers', 'gauge', ['status'], 'workers by health status (healthy, degraded, dead)'),
  workerUp: d('oro_worker_up', 'gauge', ['worker'], '1 when the worker is not dead', true),
  workerProgressAge: d(
    'oro_worker_last_progress_age_seconds',
    'gauge',
    ['worker'],
    "seconds since the worker's last progress (absent when unknown)",
    true,
  ),
  workerContext: d('oro_worker_context_ratio', 'gauge', ['worker'], "share of the worker's context window used, 0 to 1", true),
  workerRestarts: d(
    'oro_worker_restarts_seen_total',
    'counter',
    ['worker'],
    'times this oro-top saw the worker come back with a new process',
    true,
  ),
  paneUp: d('oro_pane_up', 'gauge', ['pane'], '1 when the pane is not dead (0 also when it is gone)'),
  logErrors: d(
    'oro_log_errors_total',
    'counter',
    ['log'],
    'error lines read since oro-top started (log: daemon, workers, other), not counting what a log held at the first read',
  ),
  supervisorRunning: d('oro_supervisor_running', 'gauge', [], '1 when a supervisor watches this home'),
  supervisorPaused: d('oro_supervisor_paused', 'gauge', [], "1 when auto-recovery of this home is paused (the journal's state)"),
  restartsInWindow: d(
    'oro_supervisor_restarts_in_window',
    'gauge',
    ['target'],
    "the supervisor's restarts of the target within its budget window",
  ),
  maxRestarts: d('oro_supervisor_max_restarts', 'gauge', [], 'restarts allowed per target per window (the budget)'),
  windowSeconds: d('oro_supervisor_window_seconds', 'gauge', [], "the restart budget's window"),
  incidents24h: d(
    'oro_supervisor_incidents_last_24h',
    'gauge',
    ['target', 'kind'],
    "the supervisor's incidents of the last 24 hours by target and kind (from the newest 200)",
  ),
  incidents24hAll: d('oro_supervisor_incidents_last_24h_all', 'gauge', [], "all of the supervisor's incidents of the last 24 hours"),
  gaveUp: d('oro_supervisor_gave_up', 'gauge', ['target'], '1 for each target the supervisor gave up on'),
  gaveUpTargets: d('oro_supervisor_gave_up_targets', 'gauge', [], 'how many targets the supervisor gave up on'),
  sourceUp: d('oro_top_source_up', 'gauge', ['source'], "1 when the source's last read succeeded"),
  sourceAge: d('oro_top_source_age_seconds', 'gauge', ['source'], "seconds since the source's last good data (absent: never)"),
  lastCollection: d('oro_top_last_collection_timestamp_seconds', 'gauge', [], 'when the data exposed was collected (unix seconds)'),
  perWorkerSeries: d('oro_top_per_worker_series', 'gauge', [], '1 when the per-worker series are exposed'),
  buildInfo: d('oro_top_build_info', 'gauge', ['version'], "oro-top's version (always 1)"),
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;
export type Families = Record<MetricKey, Sample[]>;

export interface MapOptions {
  perWorker: boolean | 'auto';
  version: string;
}

/** Whether the per-worker series are on for this many workers (and why not, when not). */
export function perWorkerOn(opt: boolean | 'auto', workers: number): { on: boolean; why: string | null } {
  if (opt === true) return { on: true, why: null };
  if (opt === false) return { on: false, why: 'metrics.per_worker is off' };
  return workers > PER_WORKER_AUTO_LIMIT
    ? {
        on: false,
        why: `${workers} workers, over ${PER_WORKER_AUTO_LIMIT}: per-worker series are off (metrics.per_worker: true turns them on)`,
      }
    : { on: true, why: null };
}

const one = (value: number, labels: Record<string, string> = {}): Sample => ({ labels, value });
const bool = (b: boolean): number => (b ? 1 : 0);

/** A log's group, so the label stays bounded: daemon, workers, other. */
export function logGroup(source: string): string {
  if (source === 'daemon') return 'daemon';
  return source.startsWith('worker:') ? 'workers' : 'other';
}

/** Without per-worker series a worker target is folded into `worker:*` (bounded labels). */
const targetLabel = (t: string, perWorker: boolean): string => (!perWorker && t.startsWith('worker:') ? 'worker:*' : t);

function sum(into: Map<string, number>, key: string, n: number): void {
  into.set(key, (into.get(key) ?? 0) + n);
}

export function metricFamilies(view: View, opts: MapOptions): Families {
  const { report, snapshot } = view;
  const pw = perWorkerOn(opts.perWorker, report.workers.length).on;
  const daemon = report.daemon;
  const f = Object.fromEntries(Object.keys(METRICS).map((k) => [k, [] as Sample[]])) as Families;
  f.swarmUp.push(one(bool(report.overall !== 'unreachable')));
  for (const s of OVERALL_VALUES) f.swarmStatus.push(one(bool(report.overall === s), { status: s }));
  f.daemonUp.push(one(bool(daemon.status !== 'dead')));
  if (daemon.uptimeS !== null) f.daemonUptime.push(one(Math.floor(daemon.uptimeS)));
  for (const s of STATUS_VALUES) f.workers.push(one(report.workerCounts[s], { status: s }));
  if (pw) {
    for (const w of report.workers) {
      const worker = { worker: w.id };
      f.workerUp.push(one(bool(w.status !== 'dead'), worker));
      if (w.lastProgressS !== null) f.workerProgressAge.push(one(w.lastProgressS, worker));
      if (w.contextPct !== null) f.workerContext.push(one(w.contextPct / 100, worker));
    }
    // every listed worker from 0, so the first restart is an increase (a series that appears at 1 is not)
    const ids = new Set([...report.workers.map((w) => w.id), ...view.restarts.keys()]);
    for (const id of ids) f.workerRestarts.push(one(view.restarts.get(id) ?? 0, { worker: id }));
  }
  for (const name of ['architect', 'manager']) {
    const p = report.panes.find((x) => x.name === name);
    f.paneUp.push(one(bool(p !== undefined && p.status !== 'dead'), { pane: name }));
  }
  const byLog = new Map<string, number>([
    ['daemon', 0],
    ['workers', 0],
    ['other', 0],
  ]);
  for (const [source, n] of Object.entries(snapshot.slices.logs.data?.errorsSeen ?? {})) sum(byLog, logGroup(source), n);
  for (const [log, n] of byLog) f.logErrors.push(one(n, { log }));
  supervision(view, pw, f);
  for (const s of report.sources) {
    f.sourceUp.push(one(bool(s.error === null && s.ageS !== null), { source: s.name }));
    if (s.ageS !== null) f.sourceAge.push(one(s.ageS, { source: s.name }));
  }
  f.lastCollection.push(one(snapshot.collectedAtMs / 1000));
  f.perWorkerSeries.push(one(bool(pw)));
  f.buildInfo.push(one(1, { version: opts.version }));
  return f;
}

/** The supervision slice: nothing of it when the journal could not be read (its source says so). */
function supervision(view: View, pw: boolean, f: Families): void {
  const s = view.snapshot.slices.supervisor.data;
  if (!s) return;
  f.supervisorRunning.push(one(bool(s.holder !== null)));
  f.supervisorPaused.push(one(bool(s.paused)));
  const restarts = new Map<string, number>();
  for (const [t, n] of Object.entries(s.restartsInWindow)) sum(restarts, targetLabel(t, pw), n);
  for (const [target, n] of restarts) f.restartsInWindow.push(one(n, { target }));
  f.maxRestarts.push(one(s.maxRestarts));
  f.windowSeconds.push(one(s.windowMs / 1000));
  const incidents = new Map<string, { target: string; kind: string; n: number }>();
  for (const i of s.incidents) {
    const target = targetLabel(i.target, pw);
    const key = `${target}\u0000${i.kind}`;
    const cur = incidents.get(key) ?? { target, kind: i.kind, n: 0 };
    cur.n++;
    incidents.set(key, cur);
  }
  for (const { target, kind, n } of incidents.values()) f.incidents24h.push(one(n, { target, kind }));
  f.incidents24hAll.push(one(s.incidentsIn24h));
  const gaveUp = new Set(s.gaveUp.map((g) => targetLabel(g.target, pw)));
  for (const target of gaveUp) f.gaveUp.push(one(1, { target }));
  f.gaveUpTargets.push(one(s.gaveUp.length));
}
