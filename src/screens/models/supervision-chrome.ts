// The supervisor in the frame: its state in the status line and the red banner shown on every
// screen while a target is given up.
import type { SupervisionSnapshot } from '../../collectors/supervision.js';
import { formatAge, windowText } from '../../util/format.js';
import { esc, fit, width } from '../text.js';
import type { Theme } from '../theme.js';
import { cutWords } from './chrome.js';

/**
 * The supervisor in the status line: "supervisor: on (auto-restart)" (it restarts), "watching" (it
 * watches, records and alerts only), "paused" (auto-recovery paused), "off"; then the restarts within
 * its budget's window ("2 restarts in 10m"). Null when nothing is known yet.
 */
export function supervisorStatus(
  s: SupervisionSnapshot | null,
): { text: string; short: string; colour: Parameters<Theme['paint']>[1]; state: 'on' | 'watching' | 'paused' | 'off' } | null {
  if (!s) return null;
  const state = !s.holder ? 'off' : s.holder.autoRestart ? (s.paused ? 'paused' : 'on') : 'watching';
  const word = state === 'on' ? 'on (auto-restart)' : state === 'off' && s.paused ? 'off (paused)' : state;
  const n = Object.values(s.restartsInWindow).reduce((a, b) => a + b, 0);
  const win = formatAge(s.windowMs / 1000).replace(/ /g, '');
  const restarts = s.holder || n > 0 ? `, ${n} restart${n === 1 ? '' : 's'} in ${win}` : '';
  const colour = state === 'on' ? 'green' : state === 'paused' ? 'yellow' : state === 'watching' ? 'cyan' : 'gray';
  return {
    text: `supervisor: ${word}${restarts}`,
    short: `supervisor: ${state === 'off' && s.paused ? 'off (paused)' : state}${n > 0 ? `, ${n} restarts` : ''}`,
    colour,
    state,
  };
}

/**
 * The red line on every screen while the supervisor has given up on a target: which, after how many
 * restarts, and the command that clears it. Null when none is given up.
 */
export function gaveUpBanner(s: SupervisionSnapshot | null | undefined, cols: number, theme: Theme): string | null {
  const g = s?.gaveUp ?? [];
  if (!s || g.length === 0) return null;
  const targets = g.map((x) => x.target);
  const win = windowText(s.windowMs);
  const one = targets.length === 1;
  const reset = `oro-top supervise --reset ${one ? targets[0] : 'TARGET'}`;
  const dash = theme.ascii ? '-' : '—';
  const who = targets.join(', ');
  const options = [
    `gave up on ${who} after ${s.maxRestarts} restarts in ${win}${one ? '' : ' each'} ${dash} ${reset}`,
    `gave up on ${who} (${s.maxRestarts} restarts/${win}): ${reset}`,
    `gave up on ${who}: ${reset}`,
  ];
  const text = options.find((o) => width(o) <= cols) ?? cutWords(options.at(-1)!, cols, theme);
  return theme.inverse(theme.paint(esc(fit(text, cols, theme)), 'red'));
}
