// The agents' events kept in oro-top's journal while a supervisor watches the home (`oro-top
// supervise`: one per home, so each change is written once): their state changes and progress, for
// `oro-top events --since` to tell what happened while nobody looked. Kept 7 days. Writes return
// errors as values; the query throws OroTopError('database').
import type { Db } from '../system/sqlite.js';
import { journalError } from './journal.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agent_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  home TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  text TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS agent_events_home_at ON agent_events (home, at_ms);
`;

export const AGENT_EVENT_KINDS = new Set(['state_change', 'progress', 'agent_stuck', 'agent_waiting', 'agent_error', 'agent_complete']);
const KEEP_MS = 7 * 86_400_000;

export interface StoredAgentEvent {
  atMs: number;
  kind: string;
  target: string;
  text: string;
  data: Record<string, unknown>;
}

/** What is recorded: an observation of an agent (kind, "NAME agent", text, data). */
export interface AgentObservation {
  atMs: number;
  kind: string;
  component: string;
  text: string;
  data?: Record<string, unknown>;
}

export class AgentEventLog {
  private readonly written = new WeakSet<object>();
  private pruned = 0;

  constructor(private readonly db: Db) {
    try {
      db.exec(SCHEMA);
    } catch (err) {
      throw journalError(db.name, err);
    }
  }

  /** Writes the agents' observations not written yet; the number written, or the error. */
  recordNew(home: string, observations: readonly AgentObservation[]): number | Error {
    const fresh = observations.filter((o) => AGENT_EVENT_KINDS.has(o.kind) && !this.written.has(o));
    if (fresh.length === 0) return 0;
    try {
      const ins = this.db.prepare('INSERT INTO agent_events (at_ms, home, kind, target, text, data) VALUES (?, ?, ?, ?, ?, ?)');
      this.db.transaction(() => {
        for (const o of fresh) ins.run(o.atMs, home, o.kind, o.component.replace(/ agent$/, ''), o.text, JSON.stringify(o.data ?? {}));
        if (++this.pruned % 100 === 1) this.db.prepare('DELETE FROM agent_events WHERE at_ms < ?').run(Date.now() - KEEP_MS);
      })();
      for (const o of fresh) this.written.add(o);
      return fresh.length;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  list(home: string, sinceMs: number, limit = 10_000): StoredAgentEvent[] {
    try {
      const rows = this.db
        .prepare(
          'SELECT at_ms, kind, target, text, data FROM agent_events WHERE home = ? AND at_ms >= ? ORDER BY at_ms DESC, id DESC LIMIT ?',
        )
        .all(home, sinceMs, limit) as { at_ms: number; kind: string; target: string; text: string; data: string }[];
      return rows.reverse().map((r) => ({ atMs: Number(r.at_ms), kind: r.kind, target: r.target, text: r.text, data: parseData(r.data) }));
    } catch (err) {
      throw journalError(this.db.name, err);
    }
  }
}

function parseData(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const logs = new WeakMap<Db, AgentEventLog>();

/** The supervisor's one call a pass: records the agents' new observations in its journal. */
export function recordAgentEvents(db: Db, home: string, observations: readonly AgentObservation[]): number | Error {
  try {
    const log = logs.get(db) ?? new AgentEventLog(db);
    logs.set(db, log);
    return log.recordNew(home, observations);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
