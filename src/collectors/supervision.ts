// The supervisor as oro-top's journal records it, read for the dashboard, `check` and `snapshot`:
// who supervises this home (if anyone), paused or not, the targets it gave up on, the restarts in
// the budget's window, the incidents and the health timeline of the last 24 hours. The same
// journal file the ActionsCollector reads, opened the same way. A journal that cannot be read
// (locked, corrupt) is the source's error (the scheduler keeps it beside the last good data); a
// journal no supervisor has written to yet reads as "off, nothing recorded", without writing to it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Incident, IncidentStore } from '../journal/incidents.js';
import { Journal, stateDir } from '../journal/journal.js';
import { type GaveUp, SupervisorStateStore } from '../journal/supervisor-state.js';
import { HealthTimeline, type TimelineEntry } from '../journal/timeline.js';
import { DEFAULT_BUDGET, parseBudget, restartsInWindow } from '../supervisor/budget.js';
import { currentSupervisor } from '../supervisor/lock.js';

export interface SupervisorHolder {
  pid: number;
  user: string;
  host: string;
  /** ISO time */
  since: string;
  autoRestart: boolean;
}

export interface SupervisionSnapshot {
  /** the journal holds the supervisor's tables (false: no supervisor has run with this journal) */
  known: boolean;
  /** the living supervisor of this home, or null */
  holder: SupervisorHolder | null;
  paused: boolean;
  pausedBy: string | null;
  /** ISO time */
  pausedAt: string | null;
  gaveUp: GaveUp[];
  /** restarts per target within the budget's window (targets without any left out) */
  restartsInWindow: Record<string, number>;
  /** the budget's window and limit as the supervisor saved them (defaults when it saved none) */
  windowMs: number;
  maxRestarts: number;
  /** what was wrong with the saved budget (it never stops the rest from showing) */
  budgetProblems: string[];
  /** this home's incidents of the last 24 hours, newest first, at most MAX_INCIDENTS */
  incidents: Incident[];
  /** how many there were in those 24 hours (more than `incidents` holds when bounded) */
  incidentsIn24h: number;
  /** this home's health timeline of the last 24 hours (and the row before them), oldest first */
  timeline: TimelineEntry[];
  readAtMs: number;
}

export const MAX_INCIDENTS = 200;
/** the incidents and timeline are read again at least this often (the 24 h window slides) */
const REREAD_MS = 60_000;
const DAY_MS = 86_400_000;

/** A snapshot with nothing in it: no supervisor, nothing recorded. */
export function emptySupervision(nowMs: number, known = false): SupervisionSnapshot {
  return {
    known,
    holder: null,
    paused: false,
    pausedBy: null,
    pausedAt: null,
    gaveUp: [],
    restartsInWindow: {},
    windowMs: DEFAULT_BUDGET.windowMs,
    maxRestarts: DEFAULT_BUDGET.maxRestarts,
    budgetProblems: [],
    incidents: [],
    incidentsIn24h: 0,
    timeline: [],
    readAtMs: nowMs,
  };
}

const positive = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : dflt);

/**
 * The budget blob the supervisor saves (`{ state, windowMs, maxRestarts }`): the restarts within
 * its window and its limits. Anything missing or odd falls back to the defaults, said in `problems`.
 */
export function readBudgetBlob(
  blob: unknown,
  nowMs: number,
): { restarts: Record<string, number>; windowMs: number; maxRestarts: number; problems: string[] } {
  if (blob === null || blob === undefined)
    return { restarts: {}, windowMs: DEFAULT_BUDGET.windowMs, maxRestarts: DEFAULT_BUDGET.maxRestarts, problems: [] };
  const o = typeof blob === 'object' ? (blob as Record<string, unknown>) : {};
  const windowMs = positive(o.windowMs, DEFAULT_BUDGET.windowMs);
  const maxRestarts = positive(o.maxRestarts, DEFAULT_BUDGET.maxRestarts);
  const { state, problems } = parseBudget(o.state);
  return { restarts: restartsInWindow(state, nowMs, windowMs), windowMs, maxRestarts, problems };
}

const SUPERVISION_TABLES = ['incidents', 'health_timeline', 'supervisor_state', 'supervisor_gave_up', 'supervisor_lock'];

export class SupervisionCollector {
  private journal: Journal | null = null;
  private stores: { incidents: IncidentStore; state: SupervisorStateStore; timeline: HealthTimeline } | null = null;
  private cache: { version: number; atMs: number; incidents: Incident[]; count: number; timeline: TimelineEntry[] } | null = null;

  constructor(
    readonly home: string,
    private readonly path: string = join(stateDir(), 'journal.db'),
    private readonly now: () => number = Date.now,
  ) {}

  async collect(): Promise<SupervisionSnapshot> {
    const nowMs = this.now();
    if (!this.journal) {
      if (!existsSync(this.path)) return emptySupervision(nowMs);
      this.journal = new Journal(this.path);
    }
    if (!this.stores) {
      const db = this.journal.db;
      const have = new Set(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
      );
      // a journal from before supervision: nothing to read, and a dashboard does not upgrade it
      if (!SUPERVISION_TABLES.every((t) => have.has(t))) return emptySupervision(nowMs);
      this.stores = {
        incidents: new IncidentStore(db, this.now),
        state: new SupervisorStateStore(db, this.now),
        timeline: new HealthTimeline(db, this.now),
      };
    }
    const { incidents, state, timeline } = this.stores;
    const st = state.get(this.home);
    if (st instanceof Error) throw st;
    const budget = readBudgetBlob(st.budget, nowMs);
    const h = currentSupervisor(this.journal.db, this.home);
    const since = nowMs - DAY_MS;
    // the incidents and the timeline are read again only when the journal changed (another
    // connection committed: SQLite's data_version), or once a minute as the 24 h window slides
    const version = Number(this.journal.db.pragma('data_version', { simple: true }));
    let c = this.cache;
    if (!c || c.version !== version || nowMs - c.atMs >= REREAD_MS || nowMs < c.atMs) {
      c = {
        version,
        atMs: nowMs,
        incidents: incidents.list({ home: this.home, sinceMs: since, limit: MAX_INCIDENTS }),
        count: incidents.count({ home: this.home, sinceMs: since }),
        timeline: timeline.last24h(this.home),
      };
      this.cache = c;
    }
    return {
      known: true,
      holder: h ? { pid: h.pid, user: h.user, host: h.host, since: h.since, autoRestart: h.autoRestart } : null,
      paused: st.paused,
      pausedBy: st.pausedBy,
      pausedAt: st.pausedAt,
      gaveUp: st.gaveUp,
      restartsInWindow: budget.restarts,
      windowMs: budget.windowMs,
      maxRestarts: budget.maxRestarts,
      budgetProblems: budget.problems,
      incidents: c.incidents,
      incidentsIn24h: c.count,
      timeline: c.timeline,
      readAtMs: nowMs,
    };
  }

  close(): void {
    this.journal?.close();
    this.journal = null;
    this.stores = null;
    this.cache = null;
  }
}
