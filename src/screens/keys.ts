// Key bindings are data: the same table drives key handling, the hint line and the help screen. The
// action keys come from the action registry (src/actions/registry.ts), one binding per action with a key.
import type { TargetType } from '../actions/action.js';
import { ACTIONS } from '../actions/registry.js';

export const SCREENS = ['overview', 'workers', 'panes', 'logs', 'events', 'incidents'] as const;
export type ScreenId = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<ScreenId, string> = {
  overview: 'Overview',
  workers: 'Workers',
  panes: 'Panes',
  logs: 'Logs',
  events: 'Events',
  incidents: 'Incidents',
};

export type Command =
  | 'next-screen'
  | 'prev-screen'
  | `screen:${ScreenId}`
  | 'down'
  | 'up'
  | 'page-down'
  | 'page-up'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'filter'
  | 'help'
  | 'quit'
  | 'sort-next'
  | 'sort-prev'
  | 'sort-invert'
  | 'follow'
  | 'next-error'
  | 'prev-error'
  /** asks to run an action of the registry (after the confirmation dialog) */
  | `action:${string}`;

export interface Binding {
  keys: string[];
  /** the key as the hint line names it */
  label: string;
  /** a word or two for the hint line (default: the help text) */
  short?: string;
  /** one line for the help screen */
  help: string;
  /** where it applies: everywhere, or on one screen */
  scope: 'global' | ScreenId;
  command: Command;
  /** shown in the hint line: every binding of a screen is, unless false (its pair names it, as
   * `</>` does `>`); a global one only when true */
  hint?: boolean;
  /** changes the swarm: asks for confirmation */
  dangerous?: boolean;
  /** why it cannot be used now; shown dimmed with this reason */
  disabled?: string;
  /** the action it asks for, and what it acts on (the daemon, the selected pane or worker) */
  action?: { kind: string; target: TargetType };
}

/** One binding per action of the registry that has a key. */
const ACTION_BINDINGS: Binding[] = ACTIONS.flatMap((a) =>
  a.key
    ? [
        {
          keys: a.key.keys,
          label: a.key.label,
          help: a.key.help,
          short: a.key.short,
          scope: a.key.screen,
          command: `action:${a.kind}` as const,
          hint: true,
          dangerous: !a.readOnly,
          action: { kind: a.kind, target: a.target },
        },
      ]
    : [],
);

export const BINDINGS: readonly Binding[] = [
  { keys: ['tab'], label: 'Tab', help: 'next screen', scope: 'global', command: 'next-screen' },
  { keys: ['S-tab'], label: 'S-Tab', help: 'previous screen', scope: 'global', command: 'prev-screen' },
  { keys: ['1'], label: '1', help: 'overview', scope: 'global', command: 'screen:overview' },
  { keys: ['2'], label: '2', help: 'workers', scope: 'global', command: 'screen:workers' },
  { keys: ['3'], label: '3', help: 'panes', scope: 'global', command: 'screen:panes' },
  { keys: ['4'], label: '4', help: 'logs', scope: 'global', command: 'screen:logs' },
  { keys: ['5'], label: '5', help: 'events', scope: 'global', command: 'screen:events' },
  { keys: ['6'], label: '6', help: 'incidents (what the supervisor saw, the last 24 h)', scope: 'global', command: 'screen:incidents' },
  { keys: ['down', 'j'], label: 'j', help: 'move down', scope: 'global', command: 'down' },
  { keys: ['up', 'k'], label: 'k', help: 'move up', scope: 'global', command: 'up' },
  { keys: ['pagedown', 'C-f'], label: 'PgDn', help: 'page down', scope: 'global', command: 'page-down' },
  { keys: ['pageup', 'C-b'], label: 'PgUp', help: 'page up', scope: 'global', command: 'page-up' },
  { keys: ['g', 'home'], label: 'g', help: 'go to the top', scope: 'global', command: 'top' },
  { keys: ['G', 'end'], label: 'G', help: 'go to the bottom', scope: 'global', command: 'bottom' },
  {
    keys: ['enter'],
    label: 'Enter',
    help: 'open the selected worker (its detail and output.log)',
    short: 'open',
    scope: 'workers',
    command: 'open',
    hint: true,
  },
  {
    keys: ['enter'],
    label: 'Enter',
    help: 'read the selected alert in full',
    short: 'read',
    scope: 'overview',
    command: 'open',
    hint: true,
  },
  { keys: ['enter'], label: 'Enter', help: 'read the selected line in full', short: 'read', scope: 'logs', command: 'open', hint: true },
  { keys: ['enter'], label: 'Enter', help: 'read the selected event in full', short: 'read', scope: 'events', command: 'open', hint: true },
  {
    keys: ['enter'],
    label: 'Enter',
    help: 'read the incident report of the selected incident',
    short: 'report',
    scope: 'incidents',
    command: 'open',
    hint: true,
  },
  { keys: ['escape'], label: 'Esc', help: 'back out (close detail, help, or clear the filter)', scope: 'global', command: 'back' },
  { keys: ['/'], label: '/', help: 'filter (plain text, or /regex/)', short: 'filter', scope: 'workers', command: 'filter', hint: true },
  { keys: ['/'], label: '/', help: 'filter (plain text, or /regex/)', short: 'filter', scope: 'logs', command: 'filter', hint: true },
  { keys: ['/'], label: '/', help: 'filter (plain text, or /regex/)', short: 'filter', scope: 'events', command: 'filter', hint: true },
  { keys: ['<'], label: '</>', help: 'sort by the previous column', short: 'sort', scope: 'workers', command: 'sort-prev', hint: true },
  { keys: ['>'], label: '>', help: 'sort by the next column', scope: 'workers', command: 'sort-next', hint: false },
  { keys: ['I'], label: 'I', help: 'invert the sort order', short: 'invert', scope: 'workers', command: 'sort-invert', hint: true },
  { keys: ['f'], label: 'f', help: 'pause / follow the log', short: 'pause/follow', scope: 'logs', command: 'follow', hint: true },
  { keys: ['n'], label: 'n', help: 'next error', short: 'next error', scope: 'logs', command: 'next-error', hint: true },
  { keys: ['N'], label: 'N', help: 'previous error', short: 'prev error', scope: 'logs', command: 'prev-error', hint: true },
  ...ACTION_BINDINGS.filter((b) => b.scope !== 'global'),
  { keys: ['?'], label: '?', help: 'help: every key', short: 'help', scope: 'global', command: 'help', hint: true },
  { keys: ['q', 'C-c'], label: 'q', help: 'quit', short: 'quit', scope: 'global', command: 'quit', hint: true },
  // an action key on every screen: after help and quit in the hint line (the first to go when it is full)
  ...ACTION_BINDINGS.filter((b) => b.scope === 'global'),
];

/** The bindings in force: with --read-only every binding that changes the swarm is off, saying why. */
export function bindingsFor(opts: { readOnly: boolean }): readonly Binding[] {
  if (!opts.readOnly) return BINDINGS;
  return BINDINGS.map((b) => (b.dangerous ? { ...b, disabled: 'read-only mode (--read-only)' } : b));
}

/** The binding a key triggers on a screen: a screen's own binding wins over a global one. */
export function bindingFor(key: string, screen: ScreenId, bindings: readonly Binding[] = BINDINGS): Binding | null {
  return (
    bindings.find((b) => b.scope === screen && b.keys.includes(key)) ??
    bindings.find((b) => b.scope === 'global' && b.keys.includes(key)) ??
    null
  );
}

/** Bindings for the hint line of a screen: its own first, then the global ones marked as hints. */
export function hintsFor(screen: ScreenId, bindings: readonly Binding[] = BINDINGS): Binding[] {
  // hint: true on a screen binding, or on a global one
  return [...bindings.filter((b) => b.scope === screen && b.hint !== false), ...bindings.filter((b) => b.scope === 'global' && b.hint)];
}

/** Key names as the bindings spell them: printable characters as themselves, the rest as blessed names. */
export function keyName(
  ch: string | undefined,
  key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean } | undefined,
): string | null {
  const full = key?.full ?? key?.name ?? '';
  if (full === 'return' || full === 'enter') return 'enter';
  if (ch && [...ch].length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta) return ch;
  return full || null;
}

/**
 * The keys of one keypress event. Esc and the next key read together (a quick typist, or ssh
 * sending both in one packet) reach blessed as one Alt-key ("\x1b2"), which no binding has: that is
 * Esc, then the key. CSI and SS3 (Esc [, Esc O) stay blessed's: they start arrow and function keys.
 */
export function keyNames(
  ch: string | undefined,
  key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean; sequence?: string } | undefined,
): string[] {
  const seq = key?.sequence ?? '';
  if (seq.length === 2 && seq[0] === '\x1b' && seq[1] !== '[' && seq[1] !== 'O') {
    const c = seq[1]!;
    const next =
      c === '\x1b'
        ? 'escape'
        : c === '\r' || c === '\n'
          ? 'enter'
          : c === '\x7f' || c === '\b'
            ? 'backspace'
            : c === '\t'
              ? 'tab'
              : c > ' '
                ? c
                : c === ' '
                  ? ' '
                  : null;
    return next ? ['escape', next] : ['escape'];
  }
  const k = keyName(ch, key);
  return k === null ? [] : [k];
}
