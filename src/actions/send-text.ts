// What `send` may type into a pane, checked before anything is sent (pure): a line of text with no
// control characters (a newline or an escape would act before the person saw it), and tmux key names
// given explicitly with --keys. And which pane a name means, from tmux's listing.
import type { PaneView } from '../collectors/tmux.js';

/** The longest line `send` types. */
export const MAX_TEXT = 4000;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** tmux key names: Enter, Escape, Tab, BSpace, arrows, F1..F12, C-x / M-x / S-x, one printable character */
const KEY =
  /^(Enter|Escape|Tab|BTab|BSpace|Space|Up|Down|Left|Right|Home|End|PageUp|PageDown|PgUp|PgDn|PPage|NPage|DC|IC|F([1-9]|1[0-2])|[CMS]-([A-Za-z0-9]|Space|Enter|Tab|Up|Down|Left|Right)|[!-~])$/;

/** The shells: a pane that fell back to one would run the line as a command. */
export const SHELLS = new Set(['bash', 'sh', 'dash', 'zsh', 'fish', 'ksh', 'mksh', 'tcsh', 'csh', 'login', 'nu', 'elvish', 'xonsh']);

/** Why the input cannot be sent, or null. */
export function checkSendInput(text: string, keys: readonly string[]): string | null {
  if (text === '' && keys.length === 0) return 'nothing to send: give a line, or tmux keys with --keys';
  const chars = [...text];
  const i = chars.findIndex((c) => CONTROL.test(c));
  if (i >= 0) {
    const code = chars[i]!.codePointAt(0) ?? 0;
    return `the line has a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${i + 1}): nothing sent; name keys with --keys (Enter, Escape, C-c...)`;
  }
  if (chars.length > MAX_TEXT) return `the line is longer than ${MAX_TEXT} characters: nothing sent`;
  const bad = keys.find((k) => !KEY.test(k));
  if (bad !== undefined)
    return `'${bad.replace(CONTROL, '?')}' is not a tmux key name (Enter, Escape, Tab, BSpace, Up, F1, C-c, M-x, y...): nothing sent`;
  return null;
}

/** The keys typed after the line: those named, else Enter. */
export function keysAfter(keys: readonly string[]): string[] {
  return keys.length > 0 ? [...keys] : ['Enter'];
}

/**
 * The pane a name means: a window's name (its only pane), WINDOW.%ID, or a pane id (%3); or why none.
 */
export function findPane(panes: readonly PaneView[], name: string): { pane: PaneView } | { why: string } {
  const byId = /^(?:(.+)\.)?(%\d+)$/.exec(name);
  if (byId) {
    const p = panes.find((x) => x.paneId === byId[2] && (byId[1] === undefined || x.window === byId[1]));
    return p ? { pane: p } : { why: `no pane ${name} in the session` };
  }
  const inWindow = panes.filter((x) => x.window === name);
  if (inWindow.length === 0) return { why: `no window '${name}' in the session` };
  if (inWindow.length > 1) return { why: `window '${name}' has ${inWindow.length} panes: name one as ${name}.${inWindow[0]!.paneId}` };
  return { pane: inWindow[0]! };
}

/** The line as the journal and the question show it: quoted (JSON: control characters escaped), bounded. */
export function shownText(text: string, keys: readonly string[], max = 80): string {
  const chars = [...text];
  const t = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
  // JSON quoting: a control character shows as \u001b, never raw; key names are checked before they are shown
  const keyText = keys.every((k) => !CONTROL.test(k)) ? keysAfter(keys).join(' ') : JSON.stringify(keys);
  return `${text === '' ? '' : JSON.stringify(t)}${text !== '' ? ' + ' : ''}${keyText}`;
}
