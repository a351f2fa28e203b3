// The logs screen: the merged tail of the daemon log and worker logs, coloured by level, with a
// filter, pause/follow, and jumps between errors.
import { stripLineTime } from '../../collectors/log-lines.js';
import type { LogLine } from '../../collectors/logs.js';
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { UiState } from '../ui-state.js';
import type { BodyInput } from './overview.js';
import { bodyPanel, fitLabel, inner, position, scrollTop, type ScreenModel } from './panel.js';
import { matcher } from './workers.js';

/** The lines on show: the whole buffer, held at the pause point while paused, then filtered. */
export function logRows(view: View | null, ui: Pick<UiState, 'filter' | 'follow' | 'pausedAt'>): LogLine[] {
  let all = view?.snapshot.slices.logs.data?.recent ?? [];
  const at = ui.pausedAt;
  if (!ui.follow && at !== null) all = all.filter((l) => l.seq <= at);
  const m = matcher(ui.filter.logs);
  return ui.filter.logs ? all.filter((l) => m.test(`${l.source} ${l.text}`)) : [...all];
}

/** Lines that arrived since the pause (held back until following again). */
export function newSincePause(view: View | null, ui: Pick<UiState, 'follow' | 'pausedAt'>): number {
  const at = ui.pausedAt;
  if (ui.follow || at === null) return 0;
  const all = view?.snapshot.slices.logs.data?.recent ?? [];
  let n = 0;
  for (let i = all.length - 1; i >= 0 && all[i]!.seq > at; i--) n++;
  return n;
}

export function lastLogSeq(view: View | null): number | null {
  return view?.snapshot.slices.logs.data?.recent.at(-1)?.seq ?? null;
}

/** The whole text of a log line, for the reader. */
export function logText(l: LogLine): { title: string; text: string } {
  return { title: `${l.source} ${l.level}${l.timeMs === null ? '' : ` ${new Date(l.timeMs).toISOString()}`}`, text: l.text };
}

/** Indices of the error lines among the rows (for n / N). */
export function errorRows(rows: readonly LogLine[]): number[] {
  const out: number[] = [];
  rows.forEach((l, i) => {
    if (l.level === 'error') out.push(i);
  });
  return out;
}

function hhmmss(ms: number | null): string {
  return ms === null ? '--:--:--' : new Date(ms).toTimeString().slice(0, 8);
}

function colour(line: string, l: LogLine, theme: Theme): string {
  if (l.level === 'error') return theme.paint(line, 'red');
  if (l.level === 'warn') return theme.paint(line, 'yellow');
  if (l.level === 'debug') return theme.paint(line, 'gray');
  return line;
}

export function logsModel(input: BodyInput): ScreenModel {
  const { view, ui, body, theme } = input;
  const rows = logRows(view, ui);
  const panel = bodyPanel('logs', body);
  const { cols, rows: h } = inner(panel);
  const cursor = ui.follow ? rows.length - 1 : Math.min(ui.cursor.logs, rows.length - 1);
  const held = newSincePause(view, ui);
  const top = ui.follow ? Math.max(0, rows.length - h) : scrollTop(cursor, rows.length, h);
  const srcW = Math.min(14, Math.max(8, ...rows.slice(top, top + h).map((l) => l.source.replace(/^worker:/, '').length)));
  panel.lines = rows.slice(top, top + h).map((l, i) => {
    const src = l.source.replace(/^worker:/, '');
    const text = `${hhmmss(l.timeMs)} ${fit(src, srcW, theme)} ${l.timeMs === null ? l.text : stripLineTime(l.text)}`;
    const line = esc(fit(text, cols, theme));
    return !ui.follow && top + i === cursor ? theme.inverse(line) : colour(line, l, theme);
  });
  if (rows.length) panel.list = { top: body.top + 1, left: body.left + 1, width: cols, first: top, count: Math.min(h, rows.length - top) };
  if (rows.length === 0)
    panel.lines = [
      theme.paint(esc(fit(view ? (ui.filter.logs ? 'no lines match' : 'no log lines yet') : 'collecting…', cols, theme)), 'gray'),
    ];
  const errs = errorRows(rows).length;
  const filter = ui.filter.logs ? ` · filter ${esc(ui.filter.logs)}${matcher(ui.filter.logs).error ? ' (bad pattern)' : ''}` : '';
  const pos = rows.length > h ? ` · ${position(top, h, rows.length)}` : '';
  const state = ui.follow ? 'following' : `PAUSED${held ? ` (${held} new)` : ''} f follows`;
  panel.label = fitLabel(` Logs ${rows.length} lines · ${errs} errors · ${state}${pos}${filter} `, cols, theme);
  return { panels: [panel] };
}
