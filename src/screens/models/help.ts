// The help screen, generated from the key-binding table the screens use.
import { BINDINGS, SCREEN_TITLES, type Binding } from '../keys.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import { inner, type Panel } from './panel.js';

export function helpPanel(body: { top: number; left: number; cols: number; rows: number }, theme: Theme, bindings: readonly Binding[] = BINDINGS): Panel {
  const panel: Panel = { id: 'help', top: body.top, left: body.left, width: body.cols, height: body.rows, border: true, label: ' Help — Esc or ? closes ', lines: [], focus: true };
  const { cols } = inner(panel);
  const keyW = cols >= 2 * 38 ? 11 : 16;
  const lines: string[] = [];
  const scopes = ['global', 'overview', 'workers', 'panes', 'logs', 'events'] as const;
  for (const scope of scopes) {
    const bs = bindings.filter((b) => b.scope === scope);
    if (bs.length === 0) continue;
    lines.push(theme.bold(esc(scope === 'global' ? 'Everywhere' : `${SCREEN_TITLES[scope]} screen`)));
    for (const b of bs) {
      const keys = b.keys.join(' ');
      const extra = b.disabled ? ' (off)' : b.dangerous ? ' (asks first)' : '';
      const text = `  ${fit(keys, keyW, theme)}${b.help}${extra}`;
      lines.push(b.disabled ? theme.paint(esc(fit(text, cols, theme)), 'gray') : esc(fit(text, cols, theme)));
    }
  }
  const reasons = [...new Set(bindings.filter((b) => b.disabled).map((b) => b.disabled!))];
  const footer = reasons.map((r) => theme.paint(esc(fit(`off: ${r}`, cols, theme)), 'gray'));
  // two columns when one does not fit
  const h = inner(panel).rows;
  if (lines.length + footer.length > h && cols >= 2 * 38) {
    const half = Math.ceil(lines.length / 2);
    const colW = Math.floor(cols / 2);
    const left = lines.slice(0, half);
    const right = lines.slice(half);
    panel.lines = [...left.map((l, i) => `${refit(l, colW, theme)}${right[i] ?? ''}`), '', ...footer];
  } else panel.lines = [...lines, '', ...footer];
  return panel;
}

/** Cuts a tagged single-span line to a width (help lines are one tag deep at most). */
function refit(tagged: string, w: number, theme: Theme): string {
  const m = /^(\{[\w-]+\})?(.*?)(\{\/[\w-]+\})?$/.exec(tagged);
  const open = m?.[1] ?? '';
  const body = (m?.[2] ?? tagged).replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');
  const close = m?.[3] ?? '';
  return `${open}${esc(fit(body.trimEnd(), w - 1, theme))} ${close}`;
}
