// What the supervisor keeps across restarts, per oro home: paused or not (and by whom), the targets
// it gave up on (since when, why) and its restart budgets (a JSON blob the budget logic owns).
// A supervisor that is killed and started again picks up where the last one stood.
import type { Db } from '../system/sqlite.js';
import { sanitizeField } from '../util/sanitize.js';
import { ensureSupervisionSchema, guarded, isoAt, type Stored } from './supervision-schema.js';

export interface GaveUp {
  target: string;
  /** ISO time */
  since: string;
  why: string;
}

export interface SupervisorState {
  home: string;
  paused: boolean;
  pausedBy: string | null;
  /** ISO time */
  pausedAt: string | null;
  gaveUp: GaveUp[];
  /** the budget logic's own state, as it saved it; null when none (or unreadable) */
  budget: unknown;
  updatedAt: string | null;
}

type Row = Record<string, unknown>;

export class SupervisorStateStore {
  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    ensureSupervisionSchema(db);
  }

  /** The state of a home (defaults when nothing was saved yet). */
  get(home: string): Stored<SupervisorState> {
    return guarded(this.db, () => {
      const r = this.db.prepare('SELECT * FROM supervisor_state WHERE home = ?').get(home) as Row | undefined;
      const gaveUp = (this.db.prepare('SELECT * FROM supervisor_gave_up WHERE home = ? ORDER BY since, target').all(home) as Row[]).map(
        (g) => ({ target: String(g.target), since: String(g.since), why: String(g.why) }),
      );
      return {
        home,
        paused: Number(r?.paused ?? 0) === 1,
        pausedBy: r?.paused_by == null ? null : String(r.paused_by),
        pausedAt: r?.paused_at == null ? null : String(r.paused_at),
        gaveUp,
        budget: budgetOf(r?.budget),
        updatedAt: r?.updated_at == null ? null : String(r.updated_at),
      };
    });
  }

  /** Pauses or resumes auto-recovery; true when that changed anything. */
  setPaused(home: string, paused: boolean, who: string): Stored<boolean> {
    return guarded(this.db, () =>
      this.db
        .transaction(() => {
          this.ensureRow(home);
          return (
            this.db
              .prepare(
                'UPDATE supervisor_state SET paused = ?, paused_by = ?, paused_at = ?, updated_at = ? WHERE home = ? AND paused != ?',
              )
              .run(
                paused ? 1 : 0,
                paused ? sanitizeField(who) : null,
                paused ? isoAt(this.now()) : null,
                isoAt(this.now()),
                home,
                paused ? 1 : 0,
              ).changes > 0
          );
        })
        .immediate(),
    );
  }

  /** Marks a target as given up; true the first time (the caller alerts once), false when it already was. */
  giveUp(home: string, target: string, why: string): Stored<boolean> {
    return guarded(
      this.db,
      () =>
        this.db
          .prepare('INSERT INTO supervisor_gave_up (home, target, since, why) VALUES (?, ?, ?, ?) ON CONFLICT (home, target) DO NOTHING')
          .run(home, target, isoAt(this.now()), sanitizeField(why)).changes > 0,
    );
  }

  /** Clears a gave-up target (`--reset TARGET`, or healthy for a whole window); true when it was given up. */
  reset(home: string, target: string): Stored<boolean> {
    return guarded(
      this.db,
      () => this.db.prepare('DELETE FROM supervisor_gave_up WHERE home = ? AND target = ?').run(home, target).changes > 0,
    );
  }

  /** Saves the budget logic's state (anything JSON can hold). */
  saveBudget(home: string, budget: unknown): Stored<void> {
    const json = JSON.stringify(budget ?? null);
    return guarded(this.db, () => {
      this.db.transaction(() => {
        this.ensureRow(home);
        this.db.prepare('UPDATE supervisor_state SET budget = ?, updated_at = ? WHERE home = ?').run(json, isoAt(this.now()), home);
      })();
    });
  }

  private ensureRow(home: string): void {
    this.db.prepare('INSERT INTO supervisor_state (home) VALUES (?) ON CONFLICT (home) DO NOTHING').run(home);
  }
}

function budgetOf(raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  try {
    return JSON.parse(String(raw)) as unknown;
  } catch {
    return null;
  }
}
