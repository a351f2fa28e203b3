// Reads oro's state.db read-only: pane activity, recent events, pending escalations and active
// assignments. Tolerates an older or newer schema: absent tables and columns are reported, not fatal.
import { statSync } from 'node:fs';
import { openDb, type Db } from '../system/sqlite.js';
import { OroTopError, messageOf } from '../util/errors.js';

export interface DbEvent {
  id: number | null;
  type: string | null;
  source: string | null;
  beadId: string | null;
  workerId: string | null;
  payload: string | null;
  createdAt: string | null;
}

export interface DbEscalation {
  id: number | null;
  type: string | null;
  beadId: string | null;
  workerId: string | null;
  message: string | null;
  status: string | null;
  createdAt: string | null;
}

export interface DbAssignment {
  beadId: string | null;
  workerId: string | null;
  status: string | null;
  assignedAt: string | null;
  attemptCount: number | null;
  handoffCount: number | null;
}

export interface StateDbSnapshot {
  path: string;
  tables: string[];
  /** tables oro-top reads that this database lacks */
  missingTables: string[];
  /** pane name -> unix seconds */
  paneActivity: Record<string, number>;
  events: DbEvent[];
  pendingEscalations: DbEscalation[];
  pendingEscalationCount: number;
  activeAssignments: DbAssignment[];
}

const WANTED = ['pane_activity', 'events', 'escalations', 'assignments'] as const;

type Row = Record<string, unknown>;
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);

/** Keeps one read-only connection open between ticks; reopens when the file is replaced. */
export class StateDbCollector {
  private db: Db | null = null;
  private ino: number | null = null;

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs = 250,
  ) {}

  close(): void {
    try {
      this.db?.close();
    } catch {
      /* already closed */
    }
    this.db = null;
    this.ino = null;
  }

  async collect(): Promise<StateDbSnapshot> {
    let ino: number;
    try {
      ino = statSync(this.path).ino;
    } catch (err) {
      this.close();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new OroTopError('not-found', `state.db not found at ${this.path}`);
      throw new OroTopError('database', `state.db: ${messageOf(err)}`, { cause: err });
    }
    if (this.db && this.ino !== ino) this.close();
    if (!this.db) {
      this.db = openDb(this.path, { readonly: true, timeoutMs: this.busyTimeoutMs });
      this.ino = ino;
    }
    try {
      return readAll(this.db, this.path);
    } catch (err) {
      this.close(); // a corrupt or replaced file: start afresh next tick
      throw new OroTopError('database', `state.db: ${messageOf(err)}`, { cause: err });
    }
  }
}

function columnsOf(db: Db, table: string): Set<string> {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as Row[];
  return new Set(rows.map((r) => String(r.name)));
}

/** SELECTs only the columns that exist; a missing one comes back as NULL. */
function selectList(cols: Set<string>, wanted: string[]): string {
  return wanted.map((c) => (cols.has(c) ? `"${c}"` : `NULL AS "${c}"`)).join(', ');
}

function readPaneActivity(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  const cols = columnsOf(db, 'pane_activity');
  if (cols.has('pane') && cols.has('last_seen')) {
    for (const r of db.prepare('SELECT pane, last_seen FROM pane_activity').all() as Row[]) {
      const t = n(r.last_seen);
      if (r.pane !== null && t !== null) out[String(r.pane)] = t;
    }
  }
  return out;
}

/** The newest 100 events, newest first. */
function readEvents(db: Db): StateDbSnapshot['events'] {
  const cols = columnsOf(db, 'events');
  const order = cols.has('id') ? 'id' : 'rowid';
  const rows = db
    .prepare(
      `SELECT ${selectList(cols, ['id', 'type', 'source', 'bead_id', 'worker_id', 'payload', 'created_at'])} FROM events ORDER BY ${order} DESC LIMIT 100`,
    )
    .all() as Row[];
  return rows.map((r) => ({
    id: n(r.id),
    type: s(r.type),
    source: s(r.source),
    beadId: s(r.bead_id),
    workerId: s(r.worker_id),
    payload: s(r.payload),
    createdAt: s(r.created_at),
  }));
}

/** The newest 50 pending escalations (newest first) and how many are pending in all. */
function readEscalations(db: Db): Pick<StateDbSnapshot, 'pendingEscalations' | 'pendingEscalationCount'> {
  const cols = columnsOf(db, 'escalations');
  const where = cols.has('status') ? "WHERE status = 'pending'" : '';
  const order = cols.has('id') ? 'id' : 'rowid';
  const rows = db
    .prepare(
      `SELECT ${selectList(cols, ['id', 'type', 'bead_id', 'worker_id', 'message', 'status', 'created_at'])} FROM escalations ${where} ORDER BY ${order} DESC LIMIT 50`,
    )
    .all() as Row[];
  return {
    pendingEscalations: rows.map((r) => ({
      id: n(r.id),
      type: s(r.type),
      beadId: s(r.bead_id),
      workerId: s(r.worker_id),
      message: s(r.message),
      status: s(r.status),
      createdAt: s(r.created_at),
    })),
    pendingEscalationCount: n((db.prepare(`SELECT count(*) AS c FROM escalations ${where}`).get() as Row).c) ?? 0,
  };
}

/** Active assignments (at most 2000). */
function readAssignments(db: Db): StateDbSnapshot['activeAssignments'] {
  const cols = columnsOf(db, 'assignments');
  const where = cols.has('status') ? "WHERE status = 'active'" : '';
  const rows = db
    .prepare(
      `SELECT ${selectList(cols, ['bead_id', 'worker_id', 'status', 'assigned_at', 'attempt_count', 'handoff_count'])} FROM assignments ${where} LIMIT 2000`,
    )
    .all() as Row[];
  return rows.map((r) => ({
    beadId: s(r.bead_id),
    workerId: s(r.worker_id),
    status: s(r.status),
    assignedAt: s(r.assigned_at),
    attemptCount: n(r.attempt_count),
    handoffCount: n(r.handoff_count),
  }));
}

export function readAll(db: Db, path: string): StateDbSnapshot {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name").all() as Row[]).map((r) =>
    String(r.name),
  );
  const have = new Set(tables);
  const snap: StateDbSnapshot = {
    path,
    tables,
    missingTables: WANTED.filter((t) => !have.has(t)),
    paneActivity: {},
    events: [],
    pendingEscalations: [],
    pendingEscalationCount: 0,
    activeAssignments: [],
  };
  if (have.has('pane_activity')) snap.paneActivity = readPaneActivity(db);
  if (have.has('events')) snap.events = readEvents(db);
  if (have.has('escalations')) Object.assign(snap, readEscalations(db));
  if (have.has('assignments')) snap.activeAssignments = readAssignments(db);
  return snap;
}
