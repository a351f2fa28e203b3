// The dashboard's own state (which screen, selection, filters, sort, modes) and the pure function
// that turns a key press into the next state. No I/O: the app applies effects such as quitting.
import { PANE_NAMES } from '../oro/panes.js';
import { BINDINGS, bindingFor, SCREENS, type Binding, type Command, type ScreenId } from './keys.js';

export const WORKER_COLUMNS = ['id', 'status', 'state', 'bead', 'progress', 'ctx', 'pid', 'cpu', 'rss', 'restarts'] as const;
export type WorkerColumn = (typeof WORKER_COLUMNS)[number];

export type FilterTarget = 'workers' | 'logs' | 'events';

/** An action the user asked for; it runs only after a yes in the confirmation dialog. */
export type ActionRequest =
  /** an action of the registry on its target (the daemon, a pane name, a worker id) */
  | { kind: 'action'; action: string; target: string }
  /** asks a running restart to stop where it safely can (Esc while it runs) */
  | { kind: 'cancel'; actionId: number };

/** the panes screen's rows, in order */
export const PANE_ORDER = PANE_NAMES;

export interface UiState {
  screen: ScreenId;
  help: boolean;
  /** selected row per screen (derived from `selected` whenever the rows change) */
  cursor: Record<ScreenId, number>;
  /** the selected item per screen, by its id (worker id, pane name, log seq, event key): the
   * selection follows the item across re-sorts, filters and refreshes, never the row number */
  selected: Record<ScreenId, string | null>;
  /** the logs screen is paused at this log line (seq): newer lines are held back until it follows */
  pausedAt: number | null;
  /** first line of the help screen on show (it scrolls) */
  helpTop: number;
  /** an item opened to read its whole text (Enter on an alert, event or log line) */
  reader: { title: string; text: string; top: number } | null;
  filter: Record<FilterTarget, string>;
  /** a filter being typed; keys go to it until Enter or Esc */
  input: { target: FilterTarget; text: string } | null;
  sort: { column: WorkerColumn; desc: boolean };
  /** worker id whose detail is open */
  detail: string | null;
  /** the logs screen follows new lines (the cursor sticks to the last one) */
  follow: boolean;
  /** a one-line message, e.g. why a key is disabled */
  flash: string | null;
  /** the dialog asking to confirm an action (default answer: no) */
  confirm: ActionRequest | null;
  /** a confirmed action for the app to start (it clears this) */
  request: ActionRequest | null;
  quit: boolean;
}

export function initialUi(): UiState {
  return {
    screen: 'overview',
    help: false,
    cursor: { overview: 0, workers: 0, panes: 0, logs: 0, events: 0 },
    selected: { overview: null, workers: null, panes: null, logs: null, events: null },
    pausedAt: null,
    helpTop: 0,
    reader: null,
    filter: { workers: '', logs: '', events: '' },
    input: null,
    sort: { column: 'id', desc: false },
    detail: null,
    follow: true,
    flash: null,
    confirm: null,
    request: null,
    quit: false,
  };
}

/** What the reducer needs to know about the rows on show. */
export interface KeyContext {
  /** rows on the current screen (after filtering) */
  rows: number;
  /** visible rows of the current list (for paging) */
  page: number;
  /** log rows that are errors (for n / N), ascending */
  errorRows?: readonly number[];
  /** worker id at a row of the workers screen */
  workerAt?: (row: number) => string | null;
  /** the id of every row on the current screen, in the order shown */
  ids?: readonly string[];
  /** the newest log line's seq (pausing holds the screen there) */
  lastLogSeq?: number | null;
  /** the whole text of a row, for Enter on the overview (alerts), logs and events */
  textAt?: (row: number) => { title: string; text: string } | null;
  /** lines of the help screen and of the reader, and their visible height */
  helpLines?: number;
  readerLines?: number;
  /** a restart running now, which Esc can cancel */
  runningRestart?: number | null;
  bindings?: readonly Binding[];
}

const clamp = (n: number, rows: number): number => Math.max(0, Math.min(n, Math.max(0, rows - 1)));

function isFilterTarget(s: ScreenId): s is FilterTarget {
  return s === 'workers' || s === 'logs' || s === 'events';
}

/** Keys while a filter is being typed: printable characters, Backspace, Enter, Esc. */
function editInput(ui: UiState, key: string): UiState {
  const input = ui.input!;
  if (key === 'escape') return { ...ui, input: null };
  // the selection stays on its item if the new filter keeps it (reconcile moves it otherwise)
  if (key === 'enter') return { ...ui, input: null, filter: { ...ui.filter, [input.target]: input.text.trim() } };
  if (key === 'backspace') return { ...ui, input: { ...input, text: input.text.slice(0, -1) } };
  if (key === 'C-u') return { ...ui, input: { ...input, text: '' } };
  if ([...key].length === 1 && key >= ' ') return { ...ui, input: { ...input, text: (input.text + key).slice(0, 200) } };
  return ui;
}

function move(ui: UiState, to: number, ctx: KeyContext): UiState {
  const row = clamp(to, ctx.rows);
  const next = { ...ui, cursor: { ...ui.cursor, [ui.screen]: row }, selected: { ...ui.selected, [ui.screen]: ctx.ids?.[row] ?? null } };
  // on the logs screen, leaving the last line pauses (the lines on show freeze); G resumes following
  if (ui.screen === 'logs') {
    const last = row >= ctx.rows - 1;
    if (ui.follow && !last) return pause(next, ctx);
    if (!ui.follow && last && to >= ctx.rows - 1 && ctx.rows > 0 && ui.pausedAt !== null && ui.pausedAt >= (ctx.lastLogSeq ?? 0))
      return { ...next, follow: true, pausedAt: null };
  }
  return next;
}

function pause(ui: UiState, ctx: KeyContext): UiState {
  return { ...ui, follow: false, pausedAt: ctx.lastLogSeq ?? null };
}

/**
 * Puts the cursor back on the selected item after the rows changed (a refresh, a re-sort, a new
 * filter). When the item is gone the cursor stays on the row where it was (its neighbour), and the
 * hint line says so; the item stays the selection, so that if it comes back (a worker between two
 * states for one refresh) the cursor returns to it. Keys act on what the cursor shows.
 */
export function reconcile(ui: UiState, screen: ScreenId, ids: readonly string[]): UiState {
  const cur = ui.cursor[screen];
  const sel = ui.selected[screen];
  if (screen === 'logs' && ui.follow) {
    const row = Math.max(0, ids.length - 1);
    const id = ids[row] ?? null;
    return row === cur && id === sel ? ui : { ...ui, cursor: { ...ui.cursor, logs: row }, selected: { ...ui.selected, logs: id } };
  }
  if (sel !== null && ids.includes(sel)) {
    const row = ids.indexOf(sel);
    return row === cur ? ui : { ...ui, cursor: { ...ui.cursor, [screen]: row } };
  }
  const row = clamp(cur, ids.length);
  const id = ids[row] ?? null;
  if (sel === null)
    return row === cur && id === null ? ui : { ...ui, cursor: { ...ui.cursor, [screen]: row }, selected: { ...ui.selected, [screen]: id } };
  if (row === cur && ui.flash?.startsWith(`${sel} is no longer listed`)) return ui;
  const next = { ...ui, cursor: { ...ui.cursor, [screen]: row } };
  // a worker the keys would act on changed under the cursor: say so
  if (screen === 'workers' && id !== null) next.flash = `${sel} is no longer listed; the cursor is on ${id}`;
  return next;
}

/** The item the keys act on: the selection when it is on show, else what the cursor shows. */
function itemUnderCursor(ui: UiState, ctx: KeyContext): string | null {
  const sel = ui.selected[ui.screen];
  if (sel !== null && (ctx.ids === undefined || ctx.ids.includes(sel))) return sel;
  return ctx.ids?.[ui.cursor[ui.screen]] ?? null;
}

function switchTo(ui: UiState, screen: ScreenId): UiState {
  return { ...ui, screen, help: false, detail: null, flash: null };
}

/** An action key: the confirmation dialog for the action on what it acts on (the daemon, the pane or
 * worker under the cursor, or the worker whose detail is open). */
function askAction(ui: UiState, action: NonNullable<Binding['action']>, ctx: KeyContext): UiState {
  const cur = ui.cursor[ui.screen];
  const ask = (target: string): UiState => ({ ...ui, confirm: { kind: 'action', action: action.kind, target } });
  if (action.target === 'daemon') return ask('daemon');
  if (action.target === 'pane') return ask(PANE_ORDER[Math.min(cur, PANE_ORDER.length - 1)]!);
  const id = ui.detail ?? itemUnderCursor(ui, ctx) ?? ctx.workerAt?.(cur) ?? null;
  return id ? ask(id) : { ...ui, flash: 'no worker selected' };
}

export function applyCommand(ui: UiState, cmd: Command, ctx: KeyContext): UiState {
  const cur = ui.cursor[ui.screen];
  const i = SCREENS.indexOf(ui.screen);
  switch (cmd) {
    case 'quit':
      return { ...ui, quit: true };
    case 'help':
      return { ...ui, help: !ui.help, helpTop: 0 };
    case 'next-screen':
      return switchTo(ui, SCREENS[(i + 1) % SCREENS.length]!);
    case 'prev-screen':
      return switchTo(ui, SCREENS[(i + SCREENS.length - 1) % SCREENS.length]!);
    case 'down':
      return move(ui, cur + 1, ctx);
    case 'up':
      return move(ui, cur - 1, ctx);
    case 'page-down':
      return move(ui, cur + Math.max(1, ctx.page - 1), ctx);
    case 'page-up':
      return move(ui, cur - Math.max(1, ctx.page - 1), ctx);
    case 'top':
      return move(ui, 0, ctx);
    case 'bottom':
      return move(ui, ctx.rows - 1, ctx);
    case 'back':
      if (ui.reader) return { ...ui, reader: null };
      if (ui.help) return { ...ui, help: false };
      if (ui.detail) return { ...ui, detail: null };
      if (ui.flash) return { ...ui, flash: null };
      if (isFilterTarget(ui.screen) && ui.filter[ui.screen] !== '') return { ...ui, filter: { ...ui.filter, [ui.screen]: '' } };
      // cancelling asks first: the dialog says what a cancel does at this point of the restart
      if (ctx.runningRestart) return { ...ui, confirm: { kind: 'cancel', actionId: ctx.runningRestart } };
      return ui;
    case 'open': {
      if (ui.screen === 'workers') {
        const id = ctx.workerAt?.(cur) ?? null;
        return id ? { ...ui, detail: id } : ui;
      }
      const t = ctx.textAt?.(cur) ?? null;
      return t ? { ...ui, reader: { ...t, top: 0 } } : ui;
    }
    case 'filter':
      return isFilterTarget(ui.screen) ? { ...ui, input: { target: ui.screen, text: ui.filter[ui.screen] } } : ui;
    case 'sort-next':
    case 'sort-prev': {
      const j = WORKER_COLUMNS.indexOf(ui.sort.column);
      const step = cmd === 'sort-next' ? 1 : WORKER_COLUMNS.length - 1;
      return { ...ui, sort: { ...ui.sort, column: WORKER_COLUMNS[(j + step) % WORKER_COLUMNS.length]! } };
    }
    case 'sort-invert':
      return { ...ui, sort: { ...ui.sort, desc: !ui.sort.desc } };
    case 'follow': {
      if (ui.follow) return pause(ui, ctx);
      const last = Math.max(0, ctx.rows - 1);
      return {
        ...ui,
        follow: true,
        pausedAt: null,
        flash: null,
        cursor: { ...ui.cursor, logs: last },
        selected: { ...ui.selected, logs: ctx.ids?.[last] ?? null },
      };
    }
    case 'next-error': {
      const next = (ctx.errorRows ?? []).find((r) => r > cur);
      return next === undefined ? { ...ui, flash: 'no later error' } : { ...move(ui, next, ctx), flash: null };
    }
    case 'prev-error': {
      const prev = [...(ctx.errorRows ?? [])].reverse().find((r) => r < cur);
      return prev === undefined ? { ...ui, flash: 'no earlier error' } : { ...move(ui, prev, ctx), flash: null };
    }
    default:
      if (cmd.startsWith('screen:')) return switchTo(ui, cmd.slice('screen:'.length) as ScreenId);
      return ui;
  }
}

/** A click on a row of the list on show selects it. */
export function clickRow(ui: UiState, row: number, ctx: KeyContext): UiState {
  if (row < 0 || row >= ctx.rows) return ui;
  return { ...move(ui, row, ctx), flash: null };
}

/** Scrolls a text layer (help, reader): j k, pages, g G; the rest is ignored. */
function scrollLayer(top: number, key: string, lines: number, page: number): number | null {
  const max = Math.max(0, lines - page);
  const step = Math.max(1, page - 1);
  const to =
    key === 'j' || key === 'down' || key === 'wheeldown'
      ? top + 1
      : key === 'k' || key === 'up' || key === 'wheelup'
        ? top - 1
        : key === 'pagedown' || key === 'C-f' || key === ' '
          ? top + step
          : key === 'pageup' || key === 'C-b'
            ? top - step
            : key === 'g' || key === 'home'
              ? 0
              : key === 'G' || key === 'end'
                ? max
                : null;
  return to === null ? null : Math.max(0, Math.min(max, to));
}

/** The next state after a key press (key names as blessed gives them: 'tab', 'S-tab', 'C-c', 'G', '/'). */
export function handleKey(ui: UiState, key: string, ctx: KeyContext): UiState {
  if (ui.input) return editInput(ui, key);
  // the reader (an item's whole text) is a modal layer: it scrolls; Esc, Enter or q close it
  if (ui.reader) {
    if (key === 'C-c') return { ...ui, quit: true };
    if (key === 'escape' || key === 'q' || key === 'enter') return { ...ui, reader: null };
    const top = scrollLayer(ui.reader.top, key, ctx.readerLines ?? 0, ctx.page);
    return top === null ? ui : { ...ui, reader: { ...ui.reader, top } };
  }
  // the confirmation dialog is modal; anything but y answers no
  if (ui.confirm) {
    if (key === 'y' || key === 'Y') return { ...ui, confirm: null, request: ui.confirm, flash: null };
    if (key === 'C-c') return { ...ui, confirm: null, quit: true };
    return { ...ui, confirm: null, flash: 'cancelled' };
  }
  // help is a modal layer: only its own keys work while it is open
  if (ui.help && !['escape', '?', 'q', 'C-c'].includes(key)) {
    const top = scrollLayer(ui.helpTop, key, ctx.helpLines ?? 0, ctx.page);
    return top === null ? ui : { ...ui, helpTop: top };
  }
  const b = bindingFor(key, ui.screen, ctx.bindings ?? BINDINGS);
  if (!b) return ui.flash ? { ...ui, flash: null } : ui;
  if (b.disabled) return { ...ui, flash: `${b.label}: ${b.help} — disabled: ${b.disabled}` };
  if (b.action) return askAction({ ...ui, flash: null }, b.action, ctx);
  const next = applyCommand({ ...ui, flash: null }, b.command, ctx);
  return next;
}
