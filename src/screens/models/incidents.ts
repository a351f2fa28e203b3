// The incidents screen: on top, the overall health of the last 24 hours from the supervisor's health
// timeline ("what happened overnight"), one column per time slice, its worst status; below, the
// incidents of those 24 hours, newest first; Enter reads one's incident report. Pure.
import type { SupervisionSnapshot } from '../../collectors/supervision.js';
import { bucketTimeline } from '../../health/timeline-buckets.js';
import type { Overall } from '../../health/types.js';
import type { Incident } from '../../journal/incidents.js';
import type { View } from '../../store.js';
import { attemptText, doneText, incidentReport } from '../../supervisor/incident-report.js';
import { statusColour, type Colour, type Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { BodyInput } from './overview.js';
import { bodyPanel, fitLabel, inner, type Panel, position, renderTable, scrollTop, type Column, type ScreenModel } from './panel.js';

export const DAY_MS = 86_400_000;
/** rows of the health strip's panel: its border, the strip, the time axis, the legend */
export const STRIP_HEIGHT = 5;

const ORDER: readonly (Overall | null)[] = ['healthy', 'restarting', 'degraded', 'critical', 'unreachable', null];
const UNICODE: Record<Overall | 'none', string> = {
  healthy: '█',
  restarting: '▆',
  degraded: '▄',
  critical: '▂',
  unreachable: '▁',
  none: '·',
};
const ASCII: Record<Overall | 'none', string> = {
  healthy: '#',
  restarting: 'r',
  degraded: '~',
  critical: '!',
  unreachable: '?',
  none: '.',
};

export function stripGlyph(s: Overall | null, theme: Pick<Theme, 'ascii'>): string {
  return (theme.ascii ? ASCII : UNICODE)[s ?? 'none'];
}

const colourOf = (s: Overall | null): Colour => (s === null ? 'gray' : statusColour(s));

export function supervision(view: View | null): SupervisionSnapshot | null {
  return view?.snapshot.slices.supervisor?.data ?? null;
}

/** The 24 h strip: one status (or null: nobody watched) per column, oldest first. */
export function healthBuckets(s: SupervisionSnapshot | null, nowMs: number, columns: number): (Overall | null)[] {
  return bucketTimeline(s?.timeline ?? [], nowMs - DAY_MS, nowMs, Math.max(1, columns));
}

/** The strip as a tagged line: runs of one status painted together. */
export function stripLine(buckets: readonly (Overall | null)[], theme: Theme): string {
  let out = '';
  for (let i = 0; i < buckets.length; ) {
    let j = i;
    while (j < buckets.length && buckets[j] === buckets[i]) j++;
    out += theme.paint(esc(stripGlyph(buckets[i]!, theme).repeat(j - i)), colourOf(buckets[i]!));
    i = j;
  }
  return out;
}

/** "-24h ... -18h ... -12h ... -6h ... now" under the strip, `cols` wide. */
export function axisLine(cols: number): string {
  const cells = new Array<string>(cols).fill(' ');
  const put = (at: number, label: string): void => {
    const from = Math.max(0, Math.min(cols - label.length, at));
    if (cells.slice(Math.max(0, from - 1), from + label.length + 1).some((c) => c !== ' ')) return;
    for (let k = 0; k < label.length && from + k < cols; k++) cells[from + k] = label[k]!;
  };
  put(0, '-24h');
  put(cols - 3, 'now');
  for (const [q, label] of [
    [0.25, '-18h'],
    [0.5, '-12h'],
    [0.75, '-6h'],
  ] as const)
    put(Math.round(cols * q) - Math.floor(label.length / 2), label);
  return cells.join('');
}

export function legendLine(cols: number, theme: Theme): string {
  const parts = ORDER.map((s) => `${theme.paint(esc(stripGlyph(s, theme)), colourOf(s))} ${s ?? 'not watched'}`);
  const plainLen = ORDER.reduce((n, s) => n + 2 + (s ?? 'not watched').length, 0) + ORDER.length - 1;
  return plainLen <= cols
    ? parts.join(' ')
    : esc(fit(ORDER.map((s) => `${stripGlyph(s, theme)}${(s ?? 'none').slice(0, 4)}`).join(' '), cols, theme));
}

/** The incidents on show, newest first. */
export function incidentRows(view: View | null): Incident[] {
  return supervision(view)?.incidents ?? [];
}

export const incidentKey = (i: Pick<Incident, 'id'>): string => String(i.id);

/** What an incident's list row says after its kind: the summary, then what was done and how it ended. */
export function incidentWhat(i: Incident): string {
  const done = doneText(i, false);
  return `${i.summary}${done}`;
}

/** Enter: the incident's report (the same Markdown as `oro-top incidents show ID`). */
export function incidentReader(view: View | null, i: Incident): { title: string; text: string } {
  const s = supervision(view);
  const text = incidentReport(i, {
    others: s?.incidents ?? [],
    timeline: s?.timeline ?? [],
    supervision: s ? { running: s.holder !== null, autoRestart: s.holder?.autoRestart ?? false, paused: s.paused, gaveUp: s.gaveUp } : null,
  });
  return { title: `incident ${i.id} report (oro-top incidents show ${i.id})`, text };
}

const hhmmss = (iso: string): string => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toTimeString().slice(0, 8) : '--:--:--';
};

const SEVERITY_COLOUR: Record<Incident['severity'], Colour> = { critical: 'red', warning: 'yellow', info: 'gray' };

export function incidentColumns(theme: Theme): Column<Incident>[] {
  return [
    { title: 'time', width: 8, text: (i) => hhmmss(i.at) },
    { title: 'target', width: 14, text: (i) => i.target },
    { title: 'kind', width: 14, text: (i) => i.kind, paint: (c, i) => theme.paint(c, SEVERITY_COLOUR[i.severity]) },
    {
      title: 'try',
      width: 4,
      align: 'right',
      text: (i) => (i.attempt === null ? '-' : attemptText(i).replace(/^ attempt (\d+)(?: of (\d+))?$/, '$1/$2')),
    },
    { title: 'what happened; done: outcome', width: 10, flex: true, text: incidentWhat },
  ];
}

function stripPanel(input: BodyInput, s: SupervisionSnapshot | null): Panel {
  const { body, theme, nowMs } = input;
  const panel: Panel = {
    id: 'health-strip',
    top: body.top,
    left: body.left,
    width: body.cols,
    height: STRIP_HEIGHT,
    border: true,
    lines: [],
  };
  const { cols } = inner(panel);
  const watched = (s?.timeline.length ?? 0) > 0;
  const buckets = healthBuckets(s, nowMs, cols);
  const minutes = Math.round(DAY_MS / cols / 60_000);
  panel.lines = watched
    ? [stripLine(buckets, theme), esc(axisLine(cols)), legendLine(cols, theme)]
    : [
        theme.paint(esc(fit('no health timeline in the last 24 h: it is kept while a supervisor runs', cols, theme)), 'gray'),
        theme.paint(esc(fit('(oro-top supervise, see the README)', cols, theme)), 'gray'),
        '',
      ];
  const bad = buckets.filter((b) => b !== null && b !== 'healthy').length;
  const trouble = watched ? ` · ${bad === 0 ? 'healthy throughout' : `${bad}/${cols} not healthy`}` : '';
  panel.label = fitLabel(` Health, last 24 h (${minutes} min a column, its worst)${trouble} `, cols, theme);
  return panel;
}

export function incidentsModel(input: BodyInput): ScreenModel {
  const { view, ui, body, theme } = input;
  const s = supervision(view);
  const strip = stripPanel(input, s);
  const listBody = { ...body, top: body.top + STRIP_HEIGHT, rows: body.rows - STRIP_HEIGHT };
  const panel = bodyPanel('incidents', listBody);
  const { cols, rows: h } = inner(panel);
  const rows = incidentRows(view);
  const cap = Math.max(1, h - 1);
  const cursor = Math.min(ui.cursor.incidents, Math.max(0, rows.length - 1));
  const top = scrollTop(cursor, rows.length, cap);
  const t = renderTable(incidentColumns(theme), rows.slice(top, top + cap), cols, theme, { selected: cursor - top });
  const err = view?.snapshot.slices.supervisor?.error?.message;
  if (rows.length === 0) {
    const empty = !view
      ? 'collecting…'
      : err
        ? `the journal could not be read: ${err}`
        : s?.known
          ? 'no incidents in the last 24 h'
          : 'nothing recorded: no supervisor has run with this journal (oro-top supervise watches, records and recovers)';
    panel.lines = [t.header, theme.paint(esc(fit(empty, cols, theme)), 'gray')];
  } else panel.lines = [t.header, ...t.lines];
  const shown = s && s.incidentsIn24h > rows.length ? ` (newest ${rows.length} of ${s.incidentsIn24h})` : '';
  const pos = rows.length > cap ? ` · ${position(top, cap, rows.length)}` : '';
  const note = err && rows.length > 0 ? ` · ${esc(err)}` : '';
  panel.label = fitLabel(` Incidents, last 24 h: ${s?.incidentsIn24h ?? rows.length}${shown}${pos}${note} `, cols, theme);
  if (rows.length)
    panel.list = { top: listBody.top + 2, left: listBody.left + 1, width: cols, first: top, count: Math.min(cap, rows.length - top) };
  return { panels: [strip, panel] };
}
