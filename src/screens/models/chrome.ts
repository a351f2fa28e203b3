// The frame around every screen: the header (screen tabs, overall status), the status line (last
// refresh, failing sources, oro-top's own CPU) and the hint line (keys, filter input, messages).
import { SOURCE_NAMES } from '../../collectors/source-names.js';
import { pastDirective } from './confirm.js';
import type { View } from '../../store.js';
import { formatAge, formatBytes } from '../../util/format.js';
import { hintsFor, SCREEN_TITLES, SCREENS, type Binding, type ScreenId } from '../keys.js';
import { statusColour, type Theme } from '../theme.js';
import { esc, fit, width } from '../text.js';
import { isFilterTarget, type UiState } from '../ui-state.js';
import { matcher } from './workers.js';
import { supervisorStatus } from './supervision-chrome.js';
import { padTagged, visibleWidth, type Panel, type Size } from './panel.js';

export interface ChromeInput {
  view: View | null;
  ui: UiState;
  size: Size;
  theme: Theme;
  nowMs: number;
  bindings?: readonly Binding[] | undefined;
  /** the oro home watched */
  home?: string | undefined;
  /** the user's own home folder (for ~) */
  userHome?: string | undefined;
}

/** A path in at most `max` cells: the user's home as ~, then the middle cut out (~/a/…/end). */
export function shortPath(path: string, max: number, userHome: string | undefined, theme: Pick<Theme, 'ascii' | 'ellipsis'>): string {
  let p = path;
  if (userHome && userHome !== '/' && (p === userHome || p.startsWith(`${userHome}/`))) p = `~${p.slice(userHome.length)}`;
  if (width(p) <= max) return p;
  const dots = theme.ascii ? '...' : '…';
  const parts = p.split('/');
  const last = parts.at(-1) ?? p;
  const head = parts[0] === '' ? `/${parts[1] ?? ''}` : parts[0]!;
  const mid = `${head}/${dots}/${last}`;
  if (width(mid) <= max && parts.length > 2) return mid;
  const tail = `${dots}${[...last].slice(-(max - width(dots))).join('')}`;
  return tail;
}

/** Cuts text to `w` cells at a word boundary (an ellipsis marks the cut). */
export function cutWords(text: string, w: number, theme: Pick<Theme, 'ascii' | 'ellipsis'>): string {
  if (width(text) <= w) return text;
  const e = theme.ascii ? '...' : '…';
  let out = '';
  for (const word of text.split(' ')) {
    const next = out ? `${out} ${word}` : word;
    if (width(next) + width(e) > w) {
      // a word whose trailing punctuation is all that does not fit still goes in, without it
      const bare = next.replace(/[,;:.]+$/, '');
      if (bare !== next && width(bare) + width(e) <= w) out = bare;
      break;
    }
    out = next;
  }
  return out ? out + e : fit(text, w, theme).trimEnd();
}

/** Failing sources with the age of their last good data, e.g. "daemon: socket did not answer (stale 14s)". */
export function staleness(view: View, nowMs: number): string[] {
  const out: string[] = [];
  for (const [key, s] of Object.entries(view.snapshot.slices)) {
    if (!s.error) continue;
    // named as check and snapshot name it (collectors/source-names.ts)
    const name = SOURCE_NAMES[key as keyof typeof SOURCE_NAMES] ?? key;
    const age = s.updatedAtMs === null ? 'never read' : `stale ${formatAge((nowMs - s.updatedAtMs) / 1000)}`;
    const msg = s.error.message.startsWith(`${name}: `) ? s.error.message.slice(name.length + 2) : s.error.message;
    out.push(`${name}: ${msg} (${age})`);
  }
  const d = view.snapshot.slices.daemon.data;
  if (d && d.healthSocket.kind === 'timeout') out.unshift(`socket: no answer within ${d.healthSocket.timeoutMs} ms`);
  return out;
}

/** The screen tabs; `compact`: one space between them (an 80-column terminal has no room for more). */
function tabs(screen: ScreenId, theme: Theme, compact = false): string {
  return SCREENS.map((s, i) => {
    const t = `${i + 1} ${SCREEN_TITLES[s]}`;
    if (compact) return s === screen ? theme.inverse(t) : t;
    return s === screen ? theme.inverse(` ${t} `) : ` ${t} `;
  }).join(compact ? ' ' : '');
}

export function header(c: ChromeInput): Panel {
  const { theme, size, view } = c;
  const wide = `${theme.bold('oro-top')} ${tabs(c.ui.screen, theme)}`;
  const left = visibleWidth(wide) <= size.cols - 14 ? wide : `${theme.bold('oro-top')} ${tabs(c.ui.screen, theme, true)}`;
  let right = theme.paint('collecting…', 'gray');
  if (view) {
    const o = view.report.overall;
    right = `${theme.glyph(o)} ${theme.paint(o.toUpperCase(), statusColour(o))}`;
  }
  const line = padTagged(left, size.cols - 14) + padTagged(right, 14);
  return { id: 'header', top: 0, left: 0, width: size.cols, height: 1, border: false, lines: [line] };
}

/**
 * The status line: the home watched, the refresh time, every stale source, a running or just-ended
 * action (beside them, never instead), oro-top's own cost. When it does not fit: stale sources
 * lose their message (keeping the age), the action is cut at a word, then whole parts go, least
 * important first. The overall state is in the header.
 */
export function statusLine(c: ChromeInput): Panel {
  const { theme, size, view, nowMs } = c;
  const sep = theme.ascii ? ' | ' : ' · ';
  type Part = { text: string; short?: string; prio: number; colour: Parameters<Theme['paint']>[1] };
  const parts: Part[] = [];
  const home = c.home ? shortPath(c.home, 24, c.userHome, theme) : null;
  if (home) parts.push({ text: home, prio: 3, colour: 'gray' });
  if (!view) parts.push({ text: 'waiting for the first collection', prio: 0, colour: 'gray' });
  else {
    parts.push({ text: `refreshed ${new Date(view.snapshot.collectedAtMs).toTimeString().slice(0, 8)}`, prio: 0, colour: 'gray' });
    for (const s of staleness(view, nowMs))
      parts.push({ text: s, short: s.replace(/^([\w .-]+): .*\((stale [^)]+|never read)\)$/, '$1: $2'), prio: 1, colour: 'yellow' });
  }
  const sup = view ? supervisorStatus(view.snapshot.slices.supervisor?.data ?? null) : null;
  if (sup) parts.push({ text: sup.text, short: sup.short, prio: 2.5, colour: sup.colour });
  // the action's own result is on the hint line until the next key: not twice on screen
  const summary = actionSummary(view, nowMs);
  const outcome = summary && summary.status !== 'running' ? summary.text.slice(summary.text.indexOf(': ') + 2) : '';
  const act =
    summary && c.ui.flash && outcome !== '' && c.ui.flash.includes(outcome)
      ? { ...summary, text: summary.text.slice(0, summary.text.indexOf(': ')) }
      : summary;
  if (act) parts.push({ text: act.text, prio: 2, colour: act.status === 'failed' ? 'red' : act.status === 'running' ? 'cyan' : 'green' });
  const self = view?.snapshot.slices.self.data;
  if (self)
    parts.push({
      text: `oro-top ${self.cpuPct === null ? '-' : self.cpuPct.toFixed(1)}% CPU ${formatBytes(self.rssBytes)}`,
      prio: 4,
      colour: 'gray',
    });
  let kept = parts;
  const len = (ps: Part[]): number => width(ps.map((p) => p.text).join(sep));
  // 1. oro-top's own cost goes first; 2. stale sources keep only their age
  if (len(kept) > size.cols) kept = kept.filter((p) => p.prio !== 4);
  if (len(kept) > size.cols) kept = kept.map((p) => (p.short && p.prio === 1 ? { ...p, text: p.short } : p));
  // 3. the home goes; the supervisor says less; 4. the action is cut at a word; 5. whole parts from the least important
  if (len(kept) > size.cols && (act || sup)) kept = kept.filter((p) => p.prio !== 3);
  if (len(kept) > size.cols) kept = kept.map((p) => (p.short && p.prio === 2.5 ? { ...p, text: p.short } : p));
  const a = kept.find((p) => p.prio === 2);
  if (a && len(kept) > size.cols) {
    const room = size.cols - (len(kept) - width(a.text));
    if (room >= 16) kept = kept.map((p) => (p === a ? { ...p, text: cutWords(p.text, room, theme) } : p));
  }
  while (len(kept) > size.cols && kept.length > 1) {
    const worst = kept.reduce((w, p) => (p.prio > w.prio ? p : w));
    kept = kept.filter((p) => p !== worst);
  }
  const line = kept.map((p) => theme.paint(esc(cutWords(p.text, size.cols, theme)), p.colour)).join(theme.paint(sep, 'gray'));
  return { id: 'status', top: size.rows - 2, left: 0, width: size.cols, height: 1, border: false, lines: [padTagged(line, size.cols)] };
}

/** A running action, or one that ended in the last minute, in one line. */
export function actionSummary(view: View | null, nowMs: number): { status: string; text: string } | null {
  const a = view?.snapshot.slices.actions.data?.recent[0];
  if (!a) return null;
  const ended = a.endedAt ? Date.parse(a.endedAt) : null;
  if (a.status !== 'running' && (ended === null || nowMs - ended > 60_000)) return null;
  const label = `${a.kind} #${a.id}${a.target !== 'daemon' && a.target !== 'supervisor' ? ` ${a.target}` : ''}`;
  if (a.status === 'running') {
    const step = a.steps.at(-1);
    // past the directive a cancel changes nothing (Esc explains why): the room goes to the step's progress
    const note = a.cancelRequested ? ' (cancel requested)' : a.kind === 'restart-daemon' ? (pastDirective(a) ? '' : ' (Esc cancels)') : '';
    return {
      status: 'running',
      text: `${label} running${note}: ${step ? `${step.name}${step.detail ? ` — ${step.detail}` : ''}` : 'starting'}`,
    };
  }
  return { status: a.status, text: `${label} ${a.status}: ${a.outcome ?? ''}` };
}

/** The applied filter of the screen on show, when it is a bad /regex/: what is wrong and what to do. */
export function badFilter(ui: UiState): string | null {
  if (!isFilterTarget(ui.screen)) return null;
  const f = ui.filter[ui.screen];
  const err = matcher(f).error;
  return err ? `filter ${f} not applied: ${err.replace(/^bad pattern: /, '')} — / edits, Esc clears` : null;
}

export function hintLine(c: ChromeInput): Panel {
  const { theme, size, ui } = c;
  let line: string;
  if (ui.input?.target === 'send') {
    // a line for an agent: typed as it is; Enter shows it in the dialog before anything is sent
    const prompt = `send to ${ui.input.pane}: ${ui.input.text}_`;
    const tail = 'Enter preview, Esc cancel, Ctrl-U clear';
    const room = size.cols - width(prompt) - 2;
    line =
      theme.bold(esc(fit(prompt, Math.min(size.cols, width(prompt)), theme))) +
      (room > 8 ? theme.paint(esc(`  ${cutWords(tail, room, theme)}`), 'gray') : '');
  } else if (ui.input) {
    // the prompt: the text, then the pattern's error if it is a bad /regex/, else the keys
    const err = matcher(ui.input.text).error;
    const prompt = `filter ${ui.input.target}: ${ui.input.text}_`;
    const tail = err ?? 'Enter apply, Esc cancel, Ctrl-U clear, /re/ regex';
    const room = size.cols - width(prompt) - 2;
    const t = room > 8 ? `  ${cutWords(tail, room, theme)}` : '';
    line =
      theme.bold(esc(fit(prompt, Math.min(size.cols, width(prompt)), theme))) +
      (err ? theme.paint(esc(t), 'red') : theme.paint(esc(t), 'gray'));
  } else if (ui.flash) {
    line = theme.paint(esc(cutWords(ui.flash, size.cols, theme)), 'yellow');
  } else if (!ui.reader && !ui.help && badFilter(ui)) {
    // a bad /regex/ filters nothing: said where it is read, not only in a panel title that may be cut
    line = theme.paint(esc(cutWords(badFilter(ui)!, size.cols, theme)), 'red');
  } else if (ui.reader) {
    line = padTagged(`${theme.bold('j/k')} scroll  ${theme.bold('PgUp/PgDn')} page  ${theme.bold('Esc')} close`, size.cols);
  } else {
    const all = hintsFor(ui.screen, c.bindings);
    const hints = (ui.help ? all.filter((b) => b.command === 'help' || b.command === 'quit') : all).map((b) => {
      const word = b.short ?? b.help;
      return b.disabled ? theme.paint(esc(`${b.label} ${word} (off)`), 'gray') : `${theme.bold(esc(b.label))} ${esc(word)}`;
    });
    let out = '';
    let used = 0;
    for (const h of hints) {
      const w = visibleWidth(h) + (out ? 2 : 0);
      if (used + w > size.cols) break;
      out += (out ? '  ' : '') + h;
      used += w;
    }
    line = padTagged(out, size.cols);
  }
  return { id: 'hints', top: size.rows - 1, left: 0, width: size.cols, height: 1, border: false, lines: [line] };
}
