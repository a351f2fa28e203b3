// oro-top's own journal of actions (not oro's state.db): every action and each of its steps is
// written before and after it happens, so an interrupted restart can be seen and finished, and
// `oro-top history` can tell who did what. One SQLite file in oro-top's state folder.
import { dirname, join } from 'node:path';
import { openDb, type Db } from '../system/sqlite.js';
import { checkPrivateFile, createPrivateFile, ensurePrivateDir } from '../system/private-files.js';
import { journalError, stateDir } from './location.js';

export type ActionStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'done' | 'failed' | 'skipped';

export interface StepRecord {
  seq: number;
  name: string;
  status: StepStatus;
  startedAt: string;
  endedAt: string | null;
  detail: string | null;
}

export interface ActionRecord {
  id: number;
  kind: string;
  home: string;
  target: string;
  who: string;
  status: ActionStatus;
  /** the process running the action (checked before trusting a 'running' row) */
  runnerPid: number | null;
  runnerStartTicks: number | null;
  startedAt: string;
  endedAt: string | null;
  outcome: string | null;
  /** someone asked to cancel (honoured only where it is still safe) */
  cancelRequested: boolean;
  /** the whole action's bound: a runner still alive past it no longer holds the lock (null: none) */
  deadlineAt: string | null;
  steps: StepRecord[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  home TEXT NOT NULL,
  target TEXT NOT NULL,
  who TEXT NOT NULL,
  status TEXT NOT NULL,
  runner_pid INTEGER,
  runner_start_ticks INTEGER,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ended_at TEXT,
  outcome TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  deadline_at TEXT
);
CREATE TABLE IF NOT EXISTS steps (
  action_id INTEGER NOT NULL REFERENCES actions(id),
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ended_at TEXT,
  detail TEXT,
  PRIMARY KEY (action_id, seq)
);
`;

type Row = Record<string, unknown>;

export { journalError, stateDir, whoAmI } from './location.js';
export { pastDeadline, runnerAlive, whyNotRunning } from './runner-liveness.js';

export class Journal {
  readonly db: Db;

  constructor(readonly path: string = join(stateDir(), 'journal.db')) {
    const hint = 'remove or fix it, or set ORO_TOP_STATE_DIR to another folder';
    ensurePrivateDir(dirname(path), 'the state folder', hint);
    const sidecars = [`${path}-wal`, `${path}-shm`];
    try {
      if (!checkPrivateFile(path, 'the journal', hint)) createPrivateFile(path);
      for (const f of sidecars) checkPrivateFile(f, 'the journal', hint);
    } catch (err) {
      throw journalError(path, err);
    }
    let db: Db | undefined;
    try {
      db = openDb(path, { timeoutMs: 5000 });
      db.pragma('journal_mode = WAL');
      db.exec(SCHEMA);
      // journals written before cancellation existed lack its column
      const cols = (db.prepare('PRAGMA table_info(actions)').all() as Row[]).map((r) => String(r.name));
      if (!cols.includes('cancel_requested')) db.exec('ALTER TABLE actions ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0');
      if (!cols.includes('deadline_at')) db.exec('ALTER TABLE actions ADD COLUMN deadline_at TEXT');
      for (const f of sidecars) checkPrivateFile(f, 'the journal', hint);
    } catch (err) {
      db?.close();
      throw journalError(path, err);
    }
    this.db = db;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Starts an action unless one of the same kind is already running for the same home, all in one
   * write transaction so two oro-tops cannot both start one. `isLive` says whether a running row's
   * runner still exists (a row left by a killed runner does not block).
   */
  begin(
    a: { kind: string; home: string; target: string; who: string; boundMs?: number; conflicts?: readonly string[] },
    isLive: (r: ActionRecord) => boolean,
    /** what a row that does not hold any more is closed with (abandoned); it is left alone when absent */
    whyDead?: (r: ActionRecord) => string | null,
    /** the lock is the target: any running action on it (whatever its kind) excludes this one */
    lockTarget?: string,
  ): { id: number } | { busy: ActionRecord } {
    const kinds = [...new Set([a.kind, ...(a.conflicts ?? [])])];
    const query =
      lockTarget === undefined
        ? this.db.prepare(
            `SELECT * FROM actions WHERE kind IN (${kinds.map(() => '?').join(', ')}) AND home = ? AND status = 'running' ORDER BY id DESC`,
          )
        : this.db.prepare("SELECT * FROM actions WHERE target = ? AND home = ? AND status = 'running' ORDER BY id DESC");
    return this.db
      .transaction(() => {
        const running = ((lockTarget === undefined ? query.all(...kinds, a.home) : query.all(lockTarget, a.home)) as Row[]).map((r) =>
          this.record(r),
        );
        for (const r of running) if (isLive(r)) return { busy: r };
        for (const r of running) {
          const why = whyDead?.(r);
          if (why) this.finishIfRunning(r.id, 'failed', why);
        }
        const deadline = a.boundMs === undefined ? null : new Date(Date.now() + a.boundMs).toISOString();
        const id = Number(
          this.db
            .prepare("INSERT INTO actions (kind, home, target, who, status, deadline_at) VALUES (?, ?, ?, ?, 'running', ?)")
            .run(a.kind, a.home, a.target, a.who, deadline).lastInsertRowid,
        );
        return { id };
      })
      .immediate();
  }

  setRunner(id: number, pid: number, startTicks: number): void {
    this.db.prepare('UPDATE actions SET runner_pid = ?, runner_start_ticks = ? WHERE id = ?').run(pid, startTicks, id);
  }

  stepStart(id: number, name: string, detail: string | null = null): number {
    const seq = Number((this.db.prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM steps WHERE action_id = ?').get(id) as Row).n);
    this.db.prepare("INSERT INTO steps (action_id, seq, name, status, detail) VALUES (?, ?, ?, 'running', ?)").run(id, seq, name, detail);
    return seq;
  }

  /** Updates a running step's detail (progress), e.g. "3/4 workers approved, 41 s left". */
  stepProgress(id: number, seq: number, detail: string): void {
    this.db.prepare("UPDATE steps SET detail = ? WHERE action_id = ? AND seq = ? AND status = 'running'").run(detail, id, seq);
  }

  stepEnd(id: number, seq: number, status: Exclude<StepStatus, 'running'>, detail: string | null): void {
    this.db
      .prepare(
        "UPDATE steps SET status = ?, detail = coalesce(?, detail), ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE action_id = ? AND seq = ?",
      )
      .run(status, detail, id, seq);
  }

  finish(id: number, status: Exclude<ActionStatus, 'running'>, outcome: string): void {
    this.db
      .prepare("UPDATE actions SET status = ?, outcome = ?, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?")
      .run(status, outcome, id);
  }

  /** Ends an action only if it is still running (e.g. marking it abandoned); false when it was not. */
  finishIfRunning(id: number, status: Exclude<ActionStatus, 'running'>, outcome: string): boolean {
    const done =
      this.db
        .prepare(
          "UPDATE actions SET status = ?, outcome = ?, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'running'",
        )
        .run(status, outcome, id).changes > 0;
    if (done)
      this.db
        .prepare(
          "UPDATE steps SET status = 'failed', detail = coalesce(detail, '') || ' (abandoned)', ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE action_id = ? AND status = 'running'",
        )
        .run(id);
    return done;
  }

  /** Asks a running action to stop where it safely can; false when it is not running. */
  requestCancel(id: number): boolean {
    return this.db.prepare("UPDATE actions SET cancel_requested = 1 WHERE id = ? AND status = 'running'").run(id).changes > 0;
  }

  cancelRequested(id: number): boolean {
    const r = this.db.prepare('SELECT cancel_requested FROM actions WHERE id = ?').get(id) as Row | undefined;
    return Number(r?.cancel_requested ?? 0) === 1;
  }

  get(id: number): ActionRecord | null {
    const r = this.db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Row | undefined;
    return r ? this.record(r) : null;
  }

  /** The most recent actions, newest first; only those of one home when `home` is given. */
  list(limit = 50, home?: string): ActionRecord[] {
    const rows =
      home === undefined
        ? this.db.prepare('SELECT * FROM actions ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM actions WHERE home = ? ORDER BY id DESC LIMIT ?').all(home, limit);
    return (rows as Row[]).map((r) => this.record(r));
  }

  /**
   * Which action is running for this home, and since when (newest first; rows whose runner died are
   * still 'running' here: check them with whyNotRunning).
   */
  runningFor(home: string, kinds?: readonly string[]): ActionRecord[] {
    const rows = this.db.prepare("SELECT * FROM actions WHERE home = ? AND status = 'running' ORDER BY id DESC").all(home) as Row[];
    return rows.map((r) => this.record(r)).filter((r) => !kinds || kinds.includes(r.kind));
  }

  private record(r: Row): ActionRecord {
    const id = Number(r.id);
    const steps = (this.db.prepare('SELECT * FROM steps WHERE action_id = ? ORDER BY seq').all(id) as Row[]).map((s) => ({
      seq: Number(s.seq),
      name: String(s.name),
      status: String(s.status) as StepStatus,
      startedAt: String(s.started_at),
      endedAt: s.ended_at === null ? null : String(s.ended_at),
      detail: s.detail === null ? null : String(s.detail),
    }));
    return {
      id,
      kind: String(r.kind),
      home: String(r.home),
      target: String(r.target),
      who: String(r.who),
      status: String(r.status) as ActionStatus,
      runnerPid: r.runner_pid === null ? null : Number(r.runner_pid),
      runnerStartTicks: r.runner_start_ticks === null ? null : Number(r.runner_start_ticks),
      startedAt: String(r.started_at),
      endedAt: r.ended_at === null ? null : String(r.ended_at),
      outcome: r.outcome === null ? null : String(r.outcome),
      cancelRequested: Number(r.cancel_requested ?? 0) === 1,
      deadlineAt: r.deadline_at === null || r.deadline_at === undefined ? null : String(r.deadline_at),
      steps,
    };
  }
}
