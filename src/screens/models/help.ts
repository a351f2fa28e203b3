// The help screen, generated from the key-binding table the screens use: one column, a heading
// kept with its keys, a key column as wide as the widest key, descriptions wrapped at word
// boundaries; it scrolls (j/k, PgUp/PgDn, g/G, the mouse wheel).
import { BINDINGS, SCREEN_TITLES, type Binding } from '../keys.js';
import type { Theme } from '../theme.js';
import { esc, fit, width } from '../text.js';
import { bodyPanel, fitLabel, inner, position, scrollWindow, type Panel } from './panel.js';

/** Key names as the help shows them. */
export function keyText(b: Binding): string {
  const name = (k: string): string =>
    ({
      pagedown: 'PgDn',
      pageup: 'PgUp',
      escape: 'Esc',
      enter: 'Enter',
      tab: 'Tab',
      'S-tab': 'Shift-Tab',
      home: 'Home',
      end: 'End',
      up: 'Up',
      down: 'Down',
    })[k] ?? k.replace(/^C-/, 'Ctrl-');
  return b.keys.map(name).join(' ');
}

/** Wraps text at spaces into lines of at most `w` cells (a word longer than `w` is cut). */
export function wrapWords(text: string, w: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (width(line) + 1 + width(word) <= w) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
    while (width(line) > w) {
      out.push(line.slice(0, w));
      line = line.slice(w);
    }
  }
  if (line !== '' || out.length === 0) out.push(line);
  return out;
}

/** Every line of the help text for an inner width of `cols`. */
export function helpLines(cols: number, theme: Theme, bindings: readonly Binding[] = BINDINGS): string[] {
  const keyW = Math.min(Math.floor(cols / 3), Math.max(...bindings.map((b) => width(keyText(b)))) + 2);
  const descW = Math.max(10, cols - 2 - keyW);
  const lines: string[] = [];
  const scopes = ['global', 'overview', 'workers', 'panes', 'logs', 'events', 'incidents'] as const;
  for (const scope of scopes) {
    const bs = bindings.filter((b) => b.scope === scope);
    if (bs.length === 0) continue;
    if (lines.length) lines.push('');
    lines.push(theme.bold(esc(fit(scope === 'global' ? 'Everywhere' : `${SCREEN_TITLES[scope]} screen`, cols, theme))));
    for (const b of bs) {
      const extra = b.disabled ? ' (off)' : b.dangerous ? ' (asks first)' : '';
      wrapWords(`${b.help}${extra}`, descW).forEach((d, i) => {
        const text = `  ${fit(i === 0 ? keyText(b) : '', keyW, theme)}${d}`;
        lines.push(b.disabled ? theme.paint(esc(fit(text, cols, theme)), 'gray') : esc(fit(text, cols, theme)));
      });
    }
  }
  const reasons = [...new Set(bindings.filter((b) => b.disabled).map((b) => b.disabled!))];
  if (reasons.length) lines.push('');
  for (const r of reasons) for (const l of wrapWords(`off: ${r}`, cols)) lines.push(theme.paint(esc(fit(l, cols, theme)), 'gray'));
  return lines;
}

export function helpPanel(
  body: { top: number; left: number; cols: number; rows: number },
  theme: Theme,
  bindings: readonly Binding[] = BINDINGS,
  top = 0,
): Panel {
  const panel = bodyPanel('help', body);
  const { cols, rows } = inner(panel);
  const all = helpLines(cols, theme, bindings);
  const { first, lines } = scrollWindow(all, top, rows);
  panel.lines = lines;
  const pos = all.length > rows ? ` · ${position(first, rows, all.length)} · j/k scroll` : '';
  panel.label = fitLabel(` Help${pos} · Esc or ? closes `, cols, theme);
  return panel;
}
