// The events screen: state.db events and pending escalations, with oro-top's own observations
// (a worker died, a pane came back), newest first, filterable.
import type { Status } from '../../health/types.js';
import type { View } from '../../store.js';
import { statusColour, type Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { UiState } from '../ui-state.js';
import type { BodyInput } from './overview.js';
import { bodyPanel, fitLabel, inner, position, scrollTop, type ScreenModel } from './panel.js';
import { matcher } from './workers.js';

export interface EventRow {
  atMs: number | null;
  origin: 'state.db' | 'escalation' | 'oro-top';
  status: Status | null;
  text: string;
}

/** SQLite datetime('now') text is UTC without a zone. */
export function sqliteTime(s: string | null): number | null {
  if (!s) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isFinite(t) ? t : null;
}

export function eventRows(view: View | null, ui: Pick<UiState, 'filter'>): EventRow[] {
  if (!view) return [];
  const rows: EventRow[] = [];
  const db = view.snapshot.slices.db.data;
  for (const e of db?.events ?? []) {
    const who = [e.workerId, e.beadId].filter(Boolean).join(' ');
    rows.push({
      atMs: sqliteTime(e.createdAt),
      origin: 'state.db',
      status: null,
      text: `${e.type ?? '?'}${who ? ` ${who}` : ''}${e.payload ? ` ${e.payload}` : ''}`,
    });
  }
  for (const x of db?.pendingEscalations ?? []) {
    rows.push({
      atMs: sqliteTime(x.createdAt),
      origin: 'escalation',
      status: 'degraded',
      text: `pending escalation #${x.id ?? '?'} ${x.type ?? ''}: ${x.message ?? ''}`,
    });
  }
  for (const a of view.snapshot.slices.actions.data?.recent ?? []) {
    const status: Status = a.status === 'failed' ? 'dead' : a.status === 'running' ? 'degraded' : 'healthy';
    rows.push({
      atMs: Date.parse(a.startedAt),
      origin: 'oro-top',
      status,
      text: `${a.kind} ${a.target} #${a.id} by ${a.who}: ${a.status}${a.outcome ? ` — ${a.outcome}` : ''}`,
    });
  }
  for (const o of view.observations) {
    const status: Status = o.status === 'critical' || o.status === 'unreachable' ? 'dead' : o.status;
    rows.push({ atMs: o.atMs, origin: 'oro-top', status, text: o.text });
  }
  const m = matcher(ui.filter.events);
  return rows.filter((r) => m.test(`${r.origin} ${r.text}`)).sort((a, b) => (b.atMs ?? 0) - (a.atMs ?? 0));
}

/** A stable id for an event row (the selection follows it as new events arrive on top). */
export function eventKey(r: EventRow): string {
  return `${r.origin}|${r.atMs ?? ''}|${r.text}`;
}

export function eventText(r: EventRow): { title: string; text: string } {
  return { title: `${r.origin}${r.atMs === null ? '' : ` ${new Date(r.atMs).toISOString()}`}`, text: r.text };
}

function when(ms: number | null): string {
  if (ms === null) return '--:--:--';
  return new Date(ms).toTimeString().slice(0, 8);
}

function line(r: EventRow, cols: number, theme: Theme): string {
  const origin = fit(r.origin, 10, theme);
  const text = esc(fit(`${when(r.atMs)} ${origin} ${r.text}`, cols - 2, theme));
  const glyph = r.status ? theme.glyph(r.status) : ' ';
  return `${glyph} ${r.status ? theme.paint(text, statusColour(r.status)) : text}`;
}

export function eventsModel(input: BodyInput): ScreenModel {
  const { view, ui, body, theme } = input;
  const rows = eventRows(view, ui);
  const panel = bodyPanel('events', body);
  const { cols, rows: h } = inner(panel);
  const cursor = Math.min(ui.cursor.events, Math.max(0, rows.length - 1));
  const top = scrollTop(cursor, rows.length, h);
  panel.lines = rows
    .slice(top, top + h)
    .map((r, i) =>
      top + i === cursor
        ? theme.inverse(
            esc(fit(`${r.status ? (theme.ascii ? '>' : '›') : ' '} ${when(r.atMs)} ${fit(r.origin, 10, theme)} ${r.text}`, cols, theme)),
          )
        : line(r, cols, theme),
    );
  if (rows.length === 0) panel.lines = [theme.paint(esc(fit(view ? 'no events' : 'collecting…', cols, theme)), 'gray')];
  const missing = view?.snapshot.slices.db.data?.missingTables ?? [];
  const dbErr = view?.snapshot.slices.db.error?.message;
  const note = dbErr ? ` · ${esc(dbErr)}` : missing.length ? ` · state.db lacks ${missing.join(', ')}` : '';
  const filter = ui.filter.events ? ` · filter ${esc(ui.filter.events)}${matcher(ui.filter.events).error ? ' (bad pattern)' : ''}` : '';
  const pos = rows.length > h ? ` · ${position(top, h, rows.length)}` : '';
  panel.label = fitLabel(` Events ${rows.length}${pos}${filter}${note} `, cols, theme);
  if (rows.length) panel.list = { top: body.top + 1, left: body.left + 1, width: cols, first: top, count: Math.min(h, rows.length - top) };
  return { panels: [panel] };
}
