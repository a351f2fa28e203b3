// Typed forms of the `health` and `status` ACK details, parsed defensively: an older or newer oro
// may add or drop fields, so what is missing becomes null rather than an error.

export interface HealthWorker {
  id: string;
  state: string;
  beadId: string | null;
  lastProgressS: number | null;
  contextPct: number | null;
}

export interface HealthPane {
  name: string;
  alive: boolean;
  lastActivity: string | null;
}

export interface HealthDetail {
  daemon: { pid: number | null; uptimeS: number | null; state: string | null };
  architectPane: HealthPane | null;
  managerPane: HealthPane | null;
  workers: HealthWorker[];
}

export interface StatusDetail {
  state: string | null;
  pid: number | null;
  workerCount: number | null;
  queueDepth: number | null;
  activeCount: number | null;
  idleCount: number | null;
  targetCount: number | null;
  uptimeS: number | null;
  pendingHandoffCount: number | null;
  progressTimeoutS: number | null;
  assignments: Record<string, string>;
}

type Obj = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);

function pane(v: unknown): HealthPane | null {
  const o = obj(v);
  if (!o) return null;
  return { name: str(o.name) ?? '', alive: o.alive === true, lastActivity: str(o.last_activity) };
}

export function parseWorkers(v: unknown): HealthWorker[] {
  if (!Array.isArray(v)) return [];
  const out: HealthWorker[] = [];
  for (const w of v) {
    const o = obj(w);
    const id = o && str(o.id);
    if (!o || !id) continue;
    out.push({
      id,
      state: str(o.state) ?? 'unknown',
      beadId: str(o.bead_id),
      lastProgressS: num(o.last_progress_secs),
      contextPct: num(o.context_pct),
    });
  }
  return out;
}

/** The detail string is itself JSON ("parse it twice"). Throws a plain Error on garbage. */
function parseDetailObject(detail: string, what: string): Obj {
  let v: unknown;
  try {
    v = JSON.parse(detail);
  } catch {
    throw new Error(`${what} detail is not JSON: ${detail.slice(0, 80)}`);
  }
  const o = obj(v);
  if (!o) throw new Error(`${what} detail is not a JSON object`);
  return o;
}

export function parseHealthDetail(detail: string): HealthDetail {
  const o = parseDetailObject(detail, 'health');
  const d = obj(o.daemon) ?? {};
  return {
    daemon: { pid: num(d.pid), uptimeS: num(d.uptime_seconds), state: str(d.state) },
    architectPane: pane(o.architect_pane),
    managerPane: pane(o.manager_pane),
    workers: parseWorkers(o.workers),
  };
}

export function parseStatusDetail(detail: string): StatusDetail {
  const o = parseDetailObject(detail, 'status');
  const assignments: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(o.assignments) ?? {})) if (typeof v === 'string') assignments[k] = v;
  return {
    state: str(o.state),
    pid: num(o.pid),
    workerCount: num(o.worker_count),
    queueDepth: num(o.queue_depth),
    activeCount: num(o.active_count),
    idleCount: num(o.idle_count),
    targetCount: num(o.target_count),
    uptimeS: num(o.uptime_seconds),
    pendingHandoffCount: num(o.pending_handoff_count),
    progressTimeoutS: num(o.progress_timeout_secs),
    assignments,
  };
}
