// The reader: one alert, event or log line opened (Enter) to read its whole text, wrapped and
// scrollable; Esc closes it.
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import { wrapWords } from './help.js';
import { bodyPanel, fitLabel, inner, position, scrollWindow, type Panel } from './panel.js';

export function readerLines(r: { title: string; text: string }, cols: number, theme: Theme): string[] {
  const text = theme.ascii ? fit(r.text, r.text.length * 2 + 1, theme).trimEnd() : r.text;
  return text.split('\n').flatMap((p) => wrapWords(p, Math.max(1, cols)));
}

export function readerPanel(
  r: { title: string; text: string; top: number },
  body: { top: number; left: number; cols: number; rows: number },
  theme: Theme,
): Panel {
  const panel = bodyPanel('reader', body);
  const { cols, rows } = inner(panel);
  const all = readerLines(r, cols, theme);
  const { first, lines } = scrollWindow(all, r.top, rows);
  panel.lines = lines.map((l) => esc(fit(l, cols, theme)));
  const pos = all.length > rows ? ` · ${position(first, rows, all.length)}` : '';
  panel.label = fitLabel(` ${esc(fit(r.title, Math.max(8, cols - 30), theme).trimEnd())}${pos} · Esc closes `, cols, theme);
  return panel;
}
