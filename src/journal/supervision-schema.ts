// The supervisor's tables in oro-top's journal (journal.db, next to the actions): incidents, the
// health timeline, its persisted state per home and its lock. Created on first use and upgraded
// in place (a journal written before supervision existed gains the tables; a table written by an
// earlier version gains its missing columns), inside one write transaction so two oro-tops opening
// the same journal at once cannot both add a column.
import type { Db } from '../system/sqlite.js';
import { OroTopError } from '../util/errors.js';
import { journalError } from './journal.js';

const TABLES = `
CREATE TABLE IF NOT EXISTS incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  home TEXT NOT NULL,
  target TEXT NOT NULL,
  kind TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS health_timeline (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  home TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS supervisor_state (
  home TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS supervisor_gave_up (
  home TEXT NOT NULL,
  target TEXT NOT NULL,
  since TEXT NOT NULL,
  why TEXT NOT NULL,
  PRIMARY KEY (home, target)
);
CREATE TABLE IF NOT EXISTS supervisor_lock (
  home TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  start_ticks INTEGER NOT NULL,
  user TEXT NOT NULL,
  host TEXT NOT NULL,
  since TEXT NOT NULL
);
`;

/** Columns added after a table's first shape (name, declaration); missing ones are added in place. */
const COLUMNS: Record<string, [string, string][]> = {
  incidents: [
    ['severity', "TEXT NOT NULL DEFAULT 'warning'"],
    ['summary', "TEXT NOT NULL DEFAULT ''"],
    ['evidence', "TEXT NOT NULL DEFAULT '[]'"],
    ['bead', 'TEXT'],
    ['action', 'TEXT'],
    ['action_id', 'INTEGER'],
    ['outcome', 'TEXT'],
    ['attempt', 'INTEGER'],
    ['attempts_max', 'INTEGER'],
  ],
  health_timeline: [
    ['workers_healthy', 'INTEGER'],
    ['workers_total', 'INTEGER'],
    ['reason', 'TEXT'],
  ],
  supervisor_lock: [['auto_restart', 'INTEGER NOT NULL DEFAULT 0']],
  supervisor_state: [
    ['paused', 'INTEGER NOT NULL DEFAULT 0'],
    ['paused_by', 'TEXT'],
    ['paused_at', 'TEXT'],
    ['budget', 'TEXT'],
    ['updated_at', 'TEXT'],
  ],
};

const INDEXES = `
CREATE INDEX IF NOT EXISTS incidents_at ON incidents (at);
CREATE INDEX IF NOT EXISTS incidents_home_target_at ON incidents (home, target, at);
CREATE INDEX IF NOT EXISTS health_timeline_at ON health_timeline (at);
CREATE INDEX IF NOT EXISTS health_timeline_home_at ON health_timeline (home, at);
`;

const ready = new WeakSet<Db>();

/** Creates or upgrades the supervisor's tables (once per connection). Throws OroTopError('database'). */
export function ensureSupervisionSchema(db: Db): void {
  if (ready.has(db)) return;
  try {
    db.transaction(() => {
      db.exec(TABLES);
      for (const [table, cols] of Object.entries(COLUMNS)) {
        const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
        for (const [name, decl] of cols) if (!have.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${decl}`);
      }
      db.exec(INDEXES);
    }).immediate();
  } catch (err) {
    throw journalError(db.name, err);
  }
  ready.add(db);
}

/** ISO time with milliseconds (sorts as text, as the journal's own timestamps do). */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

/** An error as a value, for callers that must go on (the supervisor's loop). */
export type Stored<T> = T | OroTopError;

/** Runs a journal statement; what went wrong comes back as a value naming the journal and what to do. */
export function guarded<T>(db: Db, fn: () => T): Stored<T> {
  try {
    return fn();
  } catch (err) {
    return journalError(db.name, err);
  }
}

/** The same, for queries whose caller reports and exits (a command): throws OroTopError('database'). */
export function queried<T>(db: Db, fn: () => T): T {
  const r = guarded(db, fn);
  if (r instanceof OroTopError) throw r;
  return r;
}
