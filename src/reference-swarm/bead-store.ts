// The reference dispatcher's durable state in state.db: the bead queue, assignments, events and
// escalations. Progress only ever moves forward, so a drain or crash can be checked for lost work.
import { openDb, type Db } from '../system/sqlite.js';
import { STATE_DB_SCHEMA } from './schema.js';

export interface Bead {
  id: string;
  title: string;
  status: string;
  progress: number;
  total: number;
  workerId: string | null;
}

const TITLES = [
  'fix flaky retry in queue consumer',
  'add pagination to events API',
  'refactor worktree cleanup',
  'document escalation policy',
  'speed up bead search index',
  'handle SIGHUP in manager',
  'migrate kv_store to WAL',
  'tighten quality gate thresholds',
];

export class BeadStore {
  readonly db: Db;
  private seq = 0;

  constructor(path: string) {
    this.db = openDb(path, { timeoutMs: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(STATE_DB_SCHEMA);
    this.seq = (this.db.prepare('SELECT count(*) AS c FROM ref_beads').get() as { c: number }).c;
  }

  close(): void {
    this.db.close();
  }

  event(type: string, opts: { beadId?: string | null; workerId?: string | null; payload?: unknown } = {}): void {
    this.db
      .prepare('INSERT INTO events (type, source, bead_id, worker_id, payload) VALUES (?, ?, ?, ?, ?)')
      .run(
        type,
        'dispatcher',
        opts.beadId ?? null,
        opts.workerId ?? null,
        opts.payload === undefined ? null : JSON.stringify(opts.payload),
      );
  }

  escalate(type: string, message: string, beadId: string | null, workerId: string | null): void {
    this.db.prepare('INSERT INTO escalations (type, bead_id, worker_id, message) VALUES (?, ?, ?, ?)').run(type, beadId, workerId, message);
  }

  pendingCount(): number {
    return (this.db.prepare("SELECT count(*) AS c FROM ref_beads WHERE status = 'pending'").get() as { c: number }).c;
  }

  /** Keeps at least `min` beads queued, so the demo never runs dry. */
  topUp(min: number): void {
    const missing = min - this.pendingCount();
    const insert = this.db.prepare('INSERT OR IGNORE INTO ref_beads (id, title, total) VALUES (?, ?, ?)');
    for (let i = 0; i < missing; i++) {
      this.seq++;
      const id = `oro-${(this.seq * 7919 + 1296).toString(36).slice(-3)}${this.seq.toString(36)}`;
      insert.run(id, TITLES[this.seq % TITLES.length]!, 4 + ((this.seq * 5) % 9));
    }
  }

  /** Takes the next pending bead for a worker and records the assignment; null if the queue is empty. */
  assignNext(workerId: string, worktreeRoot: string): Bead | null {
    return this.db.transaction((): Bead | null => {
      const row = this.db
        .prepare("SELECT id, title, status, progress, total, worker_id FROM ref_beads WHERE status = 'pending' ORDER BY rowid LIMIT 1")
        .get() as { id: string; title: string; status: string; progress: number; total: number; worker_id: string | null } | undefined;
      if (!row) return null;
      const attempts = (this.db.prepare('SELECT count(*) AS c FROM assignments WHERE bead_id = ?').get(row.id) as { c: number }).c;
      this.db
        .prepare("UPDATE ref_beads SET status = 'active', worker_id = ?, updated_at = datetime('now') WHERE id = ?")
        .run(workerId, row.id);
      this.db
        .prepare("INSERT INTO assignments (bead_id, worker_id, worktree, status, attempt_count) VALUES (?, ?, ?, 'active', ?)")
        .run(row.id, workerId, `${worktreeRoot}/${row.id}`, attempts + 1);
      this.event('assigned', { beadId: row.id, workerId, payload: { progress: row.progress, total: row.total } });
      return { id: row.id, title: row.title, status: 'active', progress: row.progress, total: row.total, workerId };
    })();
  }

  /** Saves progress; never moves it backwards. */
  saveProgress(beadId: string, progress: number): void {
    this.db.prepare("UPDATE ref_beads SET progress = max(progress, ?), updated_at = datetime('now') WHERE id = ?").run(progress, beadId);
  }

  complete(beadId: string, workerId: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE ref_beads SET status = 'done', progress = total, updated_at = datetime('now') WHERE id = ?").run(beadId);
      this.db
        .prepare("UPDATE assignments SET status = 'completed', completed_at = datetime('now') WHERE bead_id = ? AND status = 'active'")
        .run(beadId);
      this.event('bead_done', { beadId, workerId });
    })();
  }

  handoff(beadId: string, workerId: string, progress: number): void {
    this.saveProgress(beadId, progress);
    this.db.prepare("UPDATE assignments SET handoff_count = handoff_count + 1 WHERE bead_id = ? AND status = 'active'").run(beadId);
    this.event('handoff', { beadId, workerId, payload: { progress } });
  }

  /** Puts a bead back in the queue with its saved progress (worker lost, drained, or restarted). */
  requeue(beadId: string, reason: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE ref_beads SET status = 'pending', worker_id = NULL, updated_at = datetime('now') WHERE id = ? AND status = 'active'",
        )
        .run(beadId);
      this.db
        .prepare("UPDATE assignments SET status = 'reset', completed_at = datetime('now') WHERE bead_id = ? AND status = 'active'")
        .run(beadId);
      this.event('bead_reset', { beadId, payload: { reason } });
    })();
  }

  /** Re-adopts a bead a reconnecting worker still holds. */
  adopt(beadId: string, workerId: string, worktreeRoot: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT status FROM ref_beads WHERE id = ?').get(beadId) as { status: string } | undefined;
      if (!row || row.status === 'done') return false;
      this.db.prepare("UPDATE assignments SET status = 'reset' WHERE bead_id = ? AND status = 'active'").run(beadId);
      this.db.prepare("UPDATE ref_beads SET status = 'active', worker_id = ? WHERE id = ?").run(workerId, beadId);
      this.db
        .prepare("INSERT INTO assignments (bead_id, worker_id, worktree, status) VALUES (?, ?, ?, 'active')")
        .run(beadId, workerId, `${worktreeRoot}/${beadId}`);
      this.event('reconnected', { beadId, workerId });
      return true;
    })();
  }

  requeueAllActive(reason: string): string[] {
    const ids = (this.db.prepare("SELECT id FROM ref_beads WHERE status = 'active'").all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) this.requeue(id, reason);
    return ids;
  }

  paneLastSeen(pane: string): number | null {
    const row = this.db.prepare('SELECT last_seen FROM pane_activity WHERE pane = ?').get(pane) as { last_seen: number } | undefined;
    return row ? row.last_seen : null;
  }

  pendingEscalations(): unknown[] {
    return this.db
      .prepare("SELECT id, type, bead_id, worker_id, message, created_at FROM escalations WHERE status = 'pending' ORDER BY id")
      .all();
  }

  ackEscalation(id: number): boolean {
    return (
      this.db.prepare("UPDATE escalations SET status = 'acked', acked_at = datetime('now') WHERE id = ? AND status = 'pending'").run(id)
        .changes > 0
    );
  }
}
