// One supervisor per oro home. The lock is a row in oro-top's journal (supervisor_lock), taken in
// an IMMEDIATE (write) transaction: the check of the current holder and the take-over of a dead
// one happen under SQLite's write lock, so of two supervisors starting at once exactly one wins,
// and two that both find a dead holder cannot both replace it (the race a lock file has between
// "it is stale" and "unlink and create again"). The holder is named by PID and its start time in
// clock ticks (/proc/PID/stat), so a supervisor killed with SIGKILL does not block the next one,
// and a PID the kernel handed to another process since does not count as the holder.
import { hostname } from 'node:os';
import { whoAmI } from '../journal/journal.js';
import { ensureSupervisionSchema, guarded, isoAt } from '../journal/supervision-schema.js';
import { readStatSync } from '../system/procfs.js';
import { openDb, type Db } from '../system/sqlite.js';
import { OroTopError } from '../util/errors.js';

export interface LockHolder {
  pid: number;
  startTicks: number;
  /** who started it ($USER, and the ssh client's address when there is one) */
  user: string;
  host: string;
  /** ISO time */
  since: string;
  /** it recovers what it finds (--auto-restart), else it only watches, records and alerts */
  autoRestart: boolean;
}

export interface SupervisorLock {
  home: string;
  holder: LockHolder;
  /** Gives the lock up (also done on a normal exit of the process); false when it was not held any more. */
  release(): boolean;
}

export type TakeResult =
  | { taken: SupervisorLock /** the dead supervisor whose row was taken over */; replaced: LockHolder | null }
  | { held: LockHolder }
  | { error: OroTopError };

type Row = Record<string, unknown>;

const holderOf = (r: Row): LockHolder => ({
  pid: Number(r.pid),
  startTicks: Number(r.start_ticks),
  user: String(r.user),
  host: String(r.host),
  since: String(r.since),
  autoRestart: Number(r.auto_restart ?? 0) === 1,
});

/**
 * Whether the holder still runs: the same PID with the same start time (not a zombie). A holder on
 * another host (a state folder shared over NFS) cannot be checked and counts as running.
 */
export function holderLives(h: LockHolder, host = hostname()): boolean {
  if (h.host !== host) return true;
  const st = readStatSync(h.pid);
  return st !== null && st.state !== 'Z' && st.startTicks === h.startTicks;
}

/** "PID 4242 (alice from 10.0.0.1, since 2026-11-25T09:04:05.123Z)", for the refusal of a second supervisor. */
export function describeHolder(h: LockHolder, host = hostname()): string {
  return `PID ${h.pid}${h.host === host ? '' : ` on ${h.host}`} (${h.user}, since ${h.since})`;
}

/** Takes the lock of a home for this process, unless a living supervisor holds it. */
export function takeSupervisorLock(
  db: Db,
  home: string,
  o: { user?: string; now?: () => number; releaseOnExit?: boolean; autoRestart?: boolean } = {},
): TakeResult {
  const self = readStatSync(process.pid);
  if (!self) return { error: new OroTopError('io', `cannot read /proc/${process.pid}/stat: a supervisor needs /proc to name itself`) };
  const me: LockHolder = {
    pid: process.pid,
    startTicks: self.startTicks,
    user: o.user ?? whoAmI(),
    host: hostname(),
    since: isoAt((o.now ?? Date.now)()),
    autoRestart: o.autoRestart === true,
  };
  const r = guarded(db, () => {
    ensureSupervisionSchema(db);
    return db
      .transaction((): { held: LockHolder } | { replaced: LockHolder | null } => {
        const row = db.prepare('SELECT * FROM supervisor_lock WHERE home = ?').get(home) as Row | undefined;
        const current = row ? holderOf(row) : null;
        if (current && holderLives(current)) return { held: current };
        db.prepare(
          'INSERT OR REPLACE INTO supervisor_lock (home, pid, start_ticks, user, host, since, auto_restart) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(home, me.pid, me.startTicks, me.user, me.host, me.since, me.autoRestart ? 1 : 0);
        return { replaced: current };
      })
      .immediate();
  });
  if (r instanceof OroTopError) return { error: r };
  if ('held' in r) return r;
  return { taken: lockOf(db, home, me, o.releaseOnExit ?? true), replaced: r.replaced };
}

function lockOf(db: Db, home: string, me: LockHolder, onExit: boolean): SupervisorLock {
  const path = db.name;
  let released = false;
  const release = (): boolean => {
    if (released) return false;
    released = true;
    process.removeListener('exit', release);
    // the caller may have closed its connection already (at exit): a short one of our own then
    let conn: Db | null = null;
    try {
      conn = db.open ? db : openDb(path, { timeoutMs: 2000 });
      const del = conn.prepare('DELETE FROM supervisor_lock WHERE home = ? AND pid = ? AND start_ticks = ?');
      return del.run(home, me.pid, me.startTicks).changes > 0;
    } catch {
      return false; // the row of a process that is gone does not block anyone
    } finally {
      if (conn && conn !== db) conn.close();
    }
  };
  if (onExit) process.once('exit', release);
  return { home, holder: me, release };
}

/**
 * The supervisor holding a home, or null (none, a dead one's row, or a journal from before
 * supervision). For `snapshot --json` and the status line; never throws.
 */
export function currentSupervisor(db: Db, home: string): LockHolder | null {
  try {
    const row = db.prepare('SELECT * FROM supervisor_lock WHERE home = ?').get(home) as Row | undefined;
    const h = row ? holderOf(row) : null;
    return h && holderLives(h) ? h : null;
  } catch {
    return null;
  }
}
