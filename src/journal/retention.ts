// Retention of the crash history and the health timeline: rows older than N days (default 7) are
// deleted in small batches, each its own short transaction, yielding to the event loop between
// them, so a prune of a large backlog never holds the journal (or the supervisor's loop) for long.
import type { Db } from '../system/sqlite.js';
import type { OroTopError } from '../util/errors.js';
import { ensureSupervisionSchema, guarded, isoAt } from './supervision-schema.js';

export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_PRUNE_BATCH = 500;

export interface PruneOptions {
  /** keep this many days (default 7) */
  days?: number;
  /** rows deleted per transaction (default 500) */
  batchSize?: number;
  now?: number;
  /** stop after this many ms overall, to go on at the next call (default: no bound) */
  budgetMs?: number;
}

export interface PruneResult {
  incidents: number;
  timeline: number;
  batches: number;
  ms: number;
  /** the longest single transaction: how long the journal was held at most */
  longestBatchMs: number;
  /** true when everything older than the cut was deleted (false: stopped by budgetMs or an error) */
  complete: boolean;
  error: OroTopError | null;
}

const TABLES = [
  ['incidents', 'incidents'],
  ['health_timeline', 'timeline'],
] as const;

/** Deletes old incidents and timeline rows in batches; errors come back in the result. */
export async function pruneSupervision(db: Db, o: PruneOptions = {}): Promise<PruneResult> {
  const started = performance.now();
  const days = o.days ?? DEFAULT_RETENTION_DAYS;
  const batch = Math.max(1, Math.floor(o.batchSize ?? DEFAULT_PRUNE_BATCH));
  const cut = isoAt((o.now ?? Date.now()) - days * 86_400_000);
  const out: PruneResult = { incidents: 0, timeline: 0, batches: 0, ms: 0, longestBatchMs: 0, complete: false, error: null };
  const schema = guarded(db, () => ensureSupervisionSchema(db));
  if (schema) out.error = schema;
  for (const [table, key] of TABLES) {
    if (out.error) break;
    const del = db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE at < ? ORDER BY at LIMIT ?)`);
    for (;;) {
      if (o.budgetMs !== undefined && performance.now() - started >= o.budgetMs) return finish(out, started);
      const t0 = performance.now();
      const n = guarded(db, () => del.run(cut, batch).changes);
      if (typeof n !== 'number') {
        out.error = n;
        break;
      }
      out.batches++;
      out.longestBatchMs = Math.max(out.longestBatchMs, performance.now() - t0);
      out[key] += n;
      if (n < batch) break;
      await new Promise((r) => setImmediate(r));
    }
  }
  out.complete = out.error === null;
  return finish(out, started);
}

function finish(out: PruneResult, started: number): PruneResult {
  out.ms = Math.round(performance.now() - started);
  out.longestBatchMs = Math.round(out.longestBatchMs * 10) / 10;
  return out;
}
