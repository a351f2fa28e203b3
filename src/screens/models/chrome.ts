// The frame around every screen: the header (screen tabs, overall status), the status line (last
// refresh, failing sources, oro-top's own CPU) and the hint line (keys, filter input, messages).
import { pastDirective } from './confirm.js';
import type { View } from '../../store.js';
import { formatAge, formatBytes } from '../../util/format.js';
import { hintsFor, SCREEN_TITLES, SCREENS, type Binding, type ScreenId } from '../keys.js';
import { statusColour, type Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { UiState } from '../ui-state.js';
import { padTagged, visibleWidth, type Panel, type Size } from './panel.js';

export interface ChromeInput {
  view: View | null;
  ui: UiState;
  size: Size;
  theme: Theme;
  nowMs: number;
  bindings?: readonly Binding[] | undefined;
}

/** Failing sources with the age of their last good data, e.g. "daemon: socket did not answer (stale 14s)". */
export function staleness(view: View, nowMs: number): string[] {
  const out: string[] = [];
  for (const [name, s] of Object.entries(view.snapshot.slices)) {
    if (!s.error) continue;
    const age = s.updatedAtMs === null ? 'never read' : `stale ${formatAge((nowMs - s.updatedAtMs) / 1000)}`;
    out.push(`${name}: ${s.error.message} (${age})`);
  }
  const d = view.snapshot.slices.daemon.data;
  if (d && d.healthSocket.kind === 'timeout') out.unshift(`socket: no answer within ${d.healthSocket.timeoutMs} ms`);
  return out;
}

function tabs(screen: ScreenId, theme: Theme): string {
  return SCREENS.map((s, i) => {
    const t = `${i + 1} ${SCREEN_TITLES[s]}`;
    return s === screen ? theme.inverse(` ${t} `) : ` ${t} `;
  }).join('');
}

export function header(c: ChromeInput): Panel {
  const { theme, size, view } = c;
  const left = `${theme.bold('oro-top')} ${tabs(c.ui.screen, theme)}`;
  let right = theme.paint('collecting…', 'gray');
  if (view) {
    const o = view.report.overall;
    right = `${theme.glyph(o)} ${theme.paint(o.toUpperCase(), statusColour(o))}`;
  }
  const line = padTagged(left, size.cols - 14) + padTagged(right, 14);
  return { id: 'header', top: 0, left: 0, width: size.cols, height: 1, border: false, lines: [line] };
}

export function statusLine(c: ChromeInput): Panel {
  const { theme, size, view, nowMs } = c;
  const parts: string[] = [];
  const act = actionSummary(view, nowMs);
  if (act) {
    const line = fit(act.text, size.cols, theme);
    const colour = act.status === 'failed' ? 'red' : act.status === 'running' ? 'cyan' : 'green';
    return { id: 'status', top: size.rows - 2, left: 0, width: size.cols, height: 1, border: false, lines: [theme.paint(esc(line), colour)] };
  }
  const stale = view ? staleness(view, nowMs) : [];
  if (!view) parts.push('waiting for the first collection…');
  else {
    parts.push(view.report.overall);
    parts.push(`refreshed ${new Date(view.snapshot.collectedAtMs).toTimeString().slice(0, 8)}`);
    parts.push(...stale);
    const self = view.snapshot.slices.self.data;
    if (self) parts.push(`oro-top ${self.cpuPct === null ? '–' : self.cpuPct.toFixed(1)}% CPU ${formatBytes(self.rssBytes)}`);
  }
  const text = fit(parts.join(' · '), size.cols, theme);
  const line = theme.paint(esc(text), stale.length > 0 ? 'yellow' : 'gray');
  return { id: 'status', top: size.rows - 2, left: 0, width: size.cols, height: 1, border: false, lines: [line] };
}

/** A running action, or one that ended in the last minute, in one line. */
export function actionSummary(view: View | null, nowMs: number): { status: string; text: string } | null {
  const a = view?.snapshot.slices.actions.data?.recent[0];
  if (!a) return null;
  const ended = a.endedAt ? Date.parse(a.endedAt) : null;
  if (a.status !== 'running' && (ended === null || nowMs - ended > 60_000)) return null;
  const label = `${a.kind} #${a.id}${a.target !== 'daemon' ? ` ${a.target}` : ''}`;
  if (a.status === 'running') {
    const step = a.steps.at(-1);
    const note = a.cancelRequested ? ' (cancel requested)' : a.kind === 'restart-daemon' ? (pastDirective(a) ? ' (Esc: why it cannot be cancelled now)' : ' (Esc: cancel)') : '';
    return { status: 'running', text: `${label} running${note}: ${step ? `${step.name}${step.detail ? ` — ${step.detail}` : ''}` : 'starting'}` };
  }
  return { status: a.status, text: `${label} ${a.status}: ${a.outcome ?? ''}` };
}

export function hintLine(c: ChromeInput): Panel {
  const { theme, size, ui } = c;
  let line: string;
  if (ui.input) {
    line = theme.bold(esc(fit(`filter ${ui.input.target}: ${ui.input.text}_   (Enter apply · Esc cancel · /regex/ for a pattern)`, size.cols, theme)));
  } else if (ui.flash) {
    line = theme.paint(esc(fit(ui.flash, size.cols, theme)), 'yellow');
  } else {
    const all = hintsFor(ui.screen, c.bindings);
    const hints = (ui.help ? all.filter((b) => b.command === 'help' || b.command === 'quit') : all).map((b) => {
      const word = b.short ?? b.help;
      return b.disabled ? theme.paint(esc(`${b.label} ${word} (off)`), 'gray') : `${theme.bold(esc(b.label))} ${esc(word)}`;
    });
    let out = '';
    let used = 0;
    for (const h of hints) {
      const w = visibleWidth(h) + 2;
      if (used + w > size.cols) break;
      out += (out ? '  ' : '') + h;
      used += w;
    }
    line = padTagged(out, size.cols);
  }
  return { id: 'hints', top: size.rows - 1, left: 0, width: size.cols, height: 1, border: false, lines: [line] };
}
