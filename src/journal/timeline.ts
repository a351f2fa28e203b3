// The health timeline kept while a supervisor runs: a row when the overall status changes (and
// when the supervisor starts and stops), otherwise one sample a minute (overall status, workers
// healthy/total), so "what happened overnight" can be drawn from at most ~1,500 rows a day.
import type { Overall } from '../health/types.js';
import type { Db } from '../system/sqlite.js';
import { sanitizeField } from '../util/sanitize.js';
import { ensureSupervisionSchema, guarded, isoAt, queried, type Stored } from './supervision-schema.js';

/** start/stop: the supervisor began or ended watching (a gap between them is "not watched") */
export type TimelineKind = 'start' | 'transition' | 'sample' | 'stop';

export interface HealthObservation {
  status: Overall;
  workersHealthy: number;
  workersTotal: number;
  /** why, for transitions: the health model's overall reason */
  reason?: string | null;
}

export interface TimelineEntry extends HealthObservation {
  id: number;
  /** ISO time */
  at: string;
  atMs: number;
  home: string;
  kind: TimelineKind;
  reason: string | null;
}

export const SAMPLE_EVERY_MS = 60_000;

interface Last {
  atMs: number;
  status: Overall;
  workersHealthy: number;
  workersTotal: number;
}

type Row = Record<string, unknown>;

export class HealthTimeline {
  private readonly last = new Map<string, Last>();

  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
    readonly sampleEveryMs = SAMPLE_EVERY_MS,
  ) {
    ensureSupervisionSchema(db);
  }

  /**
   * Called on every supervisor tick: writes a 'start' row on the first call for a home, a
   * 'transition' row when the overall status changed, a 'sample' row when the last row is a
   * minute old, else nothing. Returns the kind written (null: none), or the error.
   */
  observe(home: string, o: HealthObservation): Stored<TimelineKind | null> {
    const now = this.now();
    const last = this.last.get(home);
    const kind: TimelineKind | null = !last
      ? 'start'
      : last.status !== o.status
        ? 'transition'
        : now - last.atMs >= this.sampleEveryMs
          ? 'sample'
          : null;
    if (kind === null) return null;
    const wrote = this.write(home, kind, now, o);
    if (typeof wrote !== 'number') return wrote;
    this.last.set(home, { atMs: now, status: o.status, workersHealthy: o.workersHealthy, workersTotal: o.workersTotal });
    return kind;
  }

  /** The supervisor stops watching this home (a 'stop' row with the last status seen). */
  stop(home: string, reason = 'supervisor stopped'): Stored<boolean> {
    const last = this.last.get(home);
    if (!last) return false;
    this.last.delete(home);
    const wrote = this.write(home, 'stop', this.now(), { ...last, reason });
    return typeof wrote === 'number' ? true : wrote;
  }

  /** The rows of one home between two times (unix ms; until defaults to now), oldest first. */
  entries(home: string, sinceMs: number, untilMs = this.now()): TimelineEntry[] {
    const rows = queried(
      this.db,
      () =>
        this.db
          .prepare('SELECT * FROM health_timeline WHERE home = ? AND at >= ? AND at <= ? ORDER BY at, id')
          .all(home, isoAt(sinceMs), isoAt(untilMs)) as Row[],
    );
    return rows.map(entryOf);
  }

  /** The last 24 hours of one home, plus the row before them (the status the day began with). */
  last24h(home: string): TimelineEntry[] {
    const until = this.now();
    const since = until - 86_400_000;
    const before = queried(
      this.db,
      () =>
        this.db
          .prepare('SELECT * FROM health_timeline WHERE home = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1')
          .get(home, isoAt(since)) as Row | undefined,
    );
    return [...(before ? [entryOf(before)] : []), ...this.entries(home, since, until)];
  }

  private write(home: string, kind: TimelineKind, atMs: number, o: HealthObservation): Stored<number> {
    return guarded(this.db, () =>
      Number(
        this.db
          .prepare(
            'INSERT INTO health_timeline (at, home, kind, status, workers_healthy, workers_total, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            isoAt(atMs),
            home,
            kind,
            o.status,
            o.workersHealthy,
            o.workersTotal,
            o.reason == null ? null : sanitizeField(o.reason).slice(0, 500),
          ).lastInsertRowid,
      ),
    );
  }
}

const KINDS: readonly string[] = ['start', 'transition', 'sample', 'stop'];

function entryOf(r: Row): TimelineEntry {
  const at = String(r.at);
  return {
    id: Number(r.id),
    at,
    atMs: Date.parse(at),
    home: String(r.home),
    kind: (KINDS.includes(String(r.kind)) ? String(r.kind) : 'sample') as TimelineKind,
    status: String(r.status) as Overall,
    workersHealthy: Number(r.workers_healthy ?? 0),
    workersTotal: Number(r.workers_total ?? 0),
    reason: r.reason === null || r.reason === undefined ? null : String(r.reason),
  };
}
