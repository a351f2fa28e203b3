// What a screen shows, as data: rectangles of tagged text lines. The app turns each Panel into a
// blessed box; frame tests read them directly. Pure helpers for tables and scrolling live here too.
import type { Theme } from '../theme.js';
import { asciiCells, esc, fit, width } from '../text.js';

export interface Panel {
  id: string;
  top: number;
  left: number;
  width: number;
  height: number;
  /** border title; outside text in it must be escaped */
  label?: string;
  border: boolean;
  /** tagged lines (blessed tags), already fitted to the inner width */
  lines: string[];
  /** draws the border highlighted (the focused panel) */
  focus?: boolean;
  /** a selectable list in this panel: screen row and column of its first shown item, which item
   * that is, and how many are shown (a mouse click selects by these) */
  list?: { top: number; left: number; width: number; first: number; count: number };
}

export interface ScreenModel {
  panels: Panel[];
}

export interface Size {
  cols: number;
  rows: number;
}

export const MIN_SIZE: Size = { cols: 80, rows: 24 };

/** Inner size of a panel (inside its border). */
export function inner(p: Pick<Panel, 'width' | 'height' | 'border'>): Size {
  const b = p.border ? 2 : 0;
  return { cols: Math.max(0, p.width - b), rows: Math.max(0, p.height - b) };
}

export interface Column<R> {
  title: string;
  /** fixed width in cells; the one column with `flex` takes what is left */
  width: number;
  flex?: boolean;
  align?: 'left' | 'right';
  /** plain outside text for the cell (escaped and fitted by the table) */
  text: (row: R) => string;
  /** optional colouring of the fitted, escaped cell */
  paint?: (cell: string, row: R) => string;
}

/** Widths that fill `total` cells: fixed columns as given (shrunk last-first if needed), one flex. */
export function columnWidths<R>(cols: readonly Column<R>[], total: number): number[] {
  const gaps = cols.length - 1;
  const fixed = cols.reduce((a, c) => a + (c.flex ? 0 : c.width), 0);
  const flexIdx = cols.findIndex((c) => c.flex);
  const widths = cols.map((c) => (c.flex ? 0 : c.width));
  let left = total - gaps - fixed;
  if (flexIdx >= 0) {
    widths[flexIdx] = Math.max(cols[flexIdx]!.width, left);
    left -= widths[flexIdx]!;
  }
  // too narrow: shrink columns from the right, never below 1
  for (let i = widths.length - 1; left < 0 && i >= 0; i--) {
    const give = Math.min(widths[i]! - 1, -left);
    widths[i]! -= give;
    left += give;
  }
  return widths;
}

/** Header line and row lines of a table, each exactly `total` cells wide. */
export function renderTable<R>(
  cols: readonly Column<R>[],
  rows: readonly R[],
  total: number,
  theme: Theme,
  opts: { selected?: number; sortIndex?: number; sortDesc?: boolean } = {},
): { header: string; lines: string[] } {
  const widths = columnWidths(cols, total);
  const header = cols
    .map((c, i) => {
      const mark = opts.sortIndex === i ? (opts.sortDesc ? theme.arrowDown : theme.arrowUp) : '';
      return esc(fit(c.title + mark, widths[i]!, theme, c.align));
    })
    .join(' ');
  const lines = rows.map((r, ri) => {
    const cells = cols.map((c, i) => {
      const cell = esc(fit(c.text(r), widths[i]!, theme, c.align));
      return c.paint && ri !== opts.selected ? c.paint(cell, r) : cell;
    });
    const line = cells.join(' ');
    return ri === opts.selected ? theme.inverse(line) : line;
  });
  return { header: theme.bold(header), lines };
}

/** The first row to show so that `cursor` stays visible in a window of `height` rows. */
export function scrollTop(cursor: number, rows: number, height: number): number {
  if (rows <= height) return 0;
  const top = cursor - Math.floor(height / 2);
  return Math.max(0, Math.min(top, rows - height));
}

/** A line of plain text: escaped and fitted. */
export function plain(s: string, w: number, theme: Theme): string {
  return esc(fit(s, w, theme));
}

/** Fits a line that already holds tags: pads with spaces by its visible width (no truncation). */
export function padTagged(tagged: string, w: number): string {
  return tagged + ' '.repeat(Math.max(0, w - visibleWidth(tagged)));
}

/** Display width of a tagged line: tags take no room, escaped braces one cell each. */
export function visibleWidth(tagged: string): number {
  return width(tagged.replace(/\{(open|close)\}/g, 'x').replace(/\{\/?[\w-]+\}/g, ''));
}

/** A worker's reason without the daemon restart's note in front ("restarting (#11, step drain,
 * 12 s); ..."): the header, the daemon line and the status line already say it, and in a narrow
 * column it would hide what is particular to the worker. */
export function withoutRestartNote(reason: string): string {
  return reason.replace(/^restarting \(#\d+, step [^,)]*, \d+ s\); /, '');
}

/** "23-40 of 40": the rows a scrolled list shows. */
export function position(top: number, height: number, total: number): string {
  if (total === 0) return '0 of 0';
  return `${top + 1}-${Math.min(total, top + height)} of ${total}`;
}

/**
 * A border title cut to fit inside a border of `cols` inner cells (a longer one would overwrite
 * the frame). The label holds escaped text and no tags.
 */
export function fitLabel(label: string, cols: number, theme: Theme): string {
  const room = Math.max(4, cols - 2);
  if (visibleWidth(label) <= room) return label;
  const raw = label.replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');
  return `${esc(fit(raw.trimEnd(), room - 1, theme).trimEnd())} `;
}

/** A bordered panel over the whole body of a screen, with the focus (lists, help, the reader). */
export function bodyPanel(id: string, body: { top: number; left: number; cols: number; rows: number }): Panel {
  return { id, top: body.top, left: body.left, width: body.cols, height: body.rows, border: true, lines: [], focus: true };
}

/** The window of `all` that starts near `top` and fills `rows` (clamped so the end stays full). */
export function scrollWindow<T>(all: readonly T[], top: number, rows: number): { first: number; lines: T[] } {
  const first = Math.max(0, Math.min(top, all.length - rows));
  return { first, lines: all.slice(first, first + rows) };
}

/** ASCII mode: every character of every line and title becomes printable ASCII, cell for cell. */
export function asciiModel(m: ScreenModel): ScreenModel {
  return {
    panels: m.panels.map((p) => ({
      ...p,
      lines: p.lines.map(asciiCells),
      ...(p.label !== undefined ? { label: asciiCells(p.label) } : {}),
    })),
  };
}
