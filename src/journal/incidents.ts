// The crash history: every incident the supervisor saw (what, when, the evidence, the bead the
// target held), what it did about it and how that ended, in oro-top's journal. Writes return
// errors as values (the supervisor's loop records and goes on); the queries behind
// `oro-top incidents` throw OroTopError('database') for the command to print.
import type { Db } from '../system/sqlite.js';
import { OroTopError } from '../util/errors.js';
import { sanitizeField, sanitizeLine } from '../util/sanitize.js';
import { ensureSupervisionSchema, guarded, isoAt, queried, type Stored } from './supervision-schema.js';

export type { Stored } from './supervision-schema.js';

export type Severity = 'info' | 'warning' | 'critical';

export interface IncidentInput {
  home: string;
  /** "daemon", "worker w3", "pane oro:2"... */
  target: string;
  /** exited / signalled / zombie / stale-pid / frozen / heartbeat-lost / no-progress / pane-died... */
  kind: string;
  severity: Severity;
  /** one line: "exited with code 3", "killed by SIGKILL", "pane died with status 1" */
  summary: string;
  /** the last log lines of the target, its stack trace... (sanitized, bounded) */
  evidence?: readonly string[];
  bead?: string | null;
  /** unix ms; now when absent */
  at?: number;
  action?: string | null;
  actionId?: number | null;
  outcome?: string | null;
  /** attempt n of N within the restart budget */
  attempt?: number | null;
  attemptsMax?: number | null;
}

export interface Incident {
  id: number;
  /** ISO time */
  at: string;
  home: string;
  target: string;
  kind: string;
  severity: Severity;
  summary: string;
  evidence: string[];
  bead: string | null;
  action: string | null;
  actionId: number | null;
  outcome: string | null;
  attempt: number | null;
  attemptsMax: number | null;
}

export type IncidentUpdate = Partial<Pick<Incident, 'severity' | 'action' | 'actionId' | 'outcome' | 'attempt' | 'attemptsMax'>>;

export interface IncidentQuery {
  home?: string;
  target?: string;
  /** unix ms, inclusive */
  sinceMs?: number;
  untilMs?: number;
  kinds?: readonly string[];
  /** newest first, at most this many (default 200) */
  limit?: number;
}

export const MAX_EVIDENCE_LINES = 60;
export const MAX_EVIDENCE_LINE = 1000;

const COLUMN: Record<keyof IncidentUpdate, string> = {
  severity: 'severity',
  action: 'action',
  actionId: 'action_id',
  outcome: 'outcome',
  attempt: 'attempt',
  attemptsMax: 'attempts_max',
};

type Row = Record<string, unknown>;

export class IncidentStore {
  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    ensureSupervisionSchema(db);
  }

  /** Records an incident; its id, or the error. */
  record(i: IncidentInput): Stored<number> {
    const evidence = (i.evidence ?? []).slice(-MAX_EVIDENCE_LINES).map((l) => sanitizeLine(l).slice(0, MAX_EVIDENCE_LINE));
    return guarded(this.db, () =>
      Number(
        this.db
          .prepare(
            `INSERT INTO incidents (at, home, target, kind, severity, summary, evidence, bead, action, action_id, outcome, attempt, attempts_max)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            isoAt(i.at ?? this.now()),
            i.home,
            sanitizeField(i.target),
            sanitizeField(i.kind),
            i.severity,
            sanitizeField(i.summary),
            JSON.stringify(evidence),
            i.bead == null ? null : sanitizeField(i.bead),
            i.action == null ? null : sanitizeField(i.action),
            i.actionId ?? null,
            i.outcome == null ? null : sanitizeField(i.outcome),
            i.attempt ?? null,
            i.attemptsMax ?? null,
          ).lastInsertRowid,
      ),
    );
  }

  /** Sets what was done and how it ended; false when there is no such incident. */
  update(id: number, patch: IncidentUpdate): Stored<boolean> {
    const keys = (Object.keys(patch) as (keyof IncidentUpdate)[]).filter((k) => k in COLUMN && patch[k] !== undefined);
    if (keys.length === 0) return guarded(this.db, () => this.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id) !== undefined);
    const values = keys.map((k) => {
      const v = patch[k];
      return typeof v === 'string' ? sanitizeField(v) : (v ?? null);
    });
    const sets = keys.map((k) => `${COLUMN[k]} = ?`).join(', ');
    return guarded(this.db, () => this.db.prepare(`UPDATE incidents SET ${sets} WHERE id = ?`).run(...values, id).changes > 0);
  }

  get(id: number): Incident | null {
    const r = queried(this.db, () => this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as Row | undefined);
    return r ? incidentOf(r) : null;
  }

  /** Newest first. */
  list(q: IncidentQuery = {}): Incident[] {
    const { where, args } = whereOf(q);
    const rows = queried(
      this.db,
      () => this.db.prepare(`SELECT * FROM incidents ${where} ORDER BY at DESC, id DESC LIMIT ?`).all(...args, q.limit ?? 200) as Row[],
    );
    return rows.map(incidentOf);
  }

  /** How many incidents match (e.g. of one target in the last hour, for a report). */
  count(q: IncidentQuery = {}): number {
    const { where, args } = whereOf(q);
    return Number(queried(this.db, () => (this.db.prepare(`SELECT count(*) AS n FROM incidents ${where}`).get(...args) as Row).n));
  }
}

function whereOf(q: IncidentQuery): { where: string; args: unknown[] } {
  const conds: string[] = [];
  const args: unknown[] = [];
  const add = (cond: string, ...a: unknown[]): void => {
    conds.push(cond);
    args.push(...a);
  };
  if (q.home !== undefined) add('home = ?', q.home);
  if (q.target !== undefined) add('target = ?', q.target);
  if (q.sinceMs !== undefined) add('at >= ?', isoAt(q.sinceMs));
  if (q.untilMs !== undefined) add('at < ?', isoAt(q.untilMs));
  if (q.kinds !== undefined) add(q.kinds.length === 0 ? '0' : `kind IN (${q.kinds.map(() => '?').join(', ')})`, ...q.kinds);
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', args };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function evidenceOf(raw: unknown): string[] {
  try {
    const v = JSON.parse(String(raw)) as unknown;
    if (Array.isArray(v)) return v.map((l) => sanitizeLine(String(l)));
  } catch {
    // falls through
  }
  return ['(the evidence of this incident is unreadable in the journal)'];
}

function incidentOf(r: Row): Incident {
  const sev = String(r.severity);
  return {
    id: Number(r.id),
    at: String(r.at),
    home: String(r.home),
    target: String(r.target),
    kind: String(r.kind),
    severity: sev === 'info' || sev === 'critical' ? sev : 'warning',
    summary: String(r.summary ?? ''),
    evidence: evidenceOf(r.evidence),
    bead: text(r.bead),
    action: text(r.action),
    actionId: num(r.action_id),
    outcome: text(r.outcome),
    attempt: num(r.attempt),
    attemptsMax: num(r.attempts_max),
  };
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: an age (90s, 30m, 24h, 7d, 2w) or a date/time (2026-11-25, 2026-11-25T08:00:00Z):
 * the unix ms it names, or a one-line error.
 */
export function parseSince(value: string, now = Date.now()): number | OroTopError {
  const v = value.trim();
  const age = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(v);
  if (age) return now - Number(age[1]) * UNIT_MS[age[2]!.toLowerCase()]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  return new OroTopError(
    'usage',
    `--since ${JSON.stringify(sanitizeField(v))}: not an age (90s, 30m, 24h, 7d, 2w) or a date (2026-11-25, 2026-11-25T08:00:00Z)`,
  );
}
