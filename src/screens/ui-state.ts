// The dashboard's own state (which screen, selection, filters, sort, modes) and the pure function
// that turns a key press into the next state. No I/O: the app applies effects such as quitting.
import type { ActionInput } from '../actions/action.js';
import { PANE_NAMES } from '../oro/panes.js';
import type { Binding, ScreenId } from './keys.js';

export const WORKER_COLUMNS = ['id', 'status', 'state', 'bead', 'progress', 'ctx', 'pid', 'cpu', 'rss', 'restarts'] as const;
export type WorkerColumn = (typeof WORKER_COLUMNS)[number];

export type FilterTarget = 'workers' | 'logs' | 'events';

/** An action the user asked for; it runs only after a yes in the confirmation dialog. */
export type ActionRequest =
  /** an action of the registry on its target (the daemon, a pane name, a worker id) */
  | { kind: 'action'; action: string; target: string; input?: ActionInput }
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
  /** a filter, or a line for an agent (s), being typed; keys go to it until Enter or Esc */
  input: { target: FilterTarget; text: string } | { target: 'send'; pane: string; text: string } | null;
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
    cursor: { overview: 0, workers: 0, panes: 0, logs: 0, events: 0, incidents: 0 },
    selected: { overview: null, workers: null, panes: null, logs: null, events: null, incidents: null },
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
  /** auto-recovery is paused for this home (S asks to resume) */
  supervisorPaused?: boolean;
  /** a restart running now, which Esc can cancel */
  runningRestart?: number | null;
  /** a pane's command now (a line is sent only to the program the person saw) */
  paneCommand?: (pane: string) => string | null;
  bindings?: readonly Binding[];
}

const clamp = (n: number, rows: number): number => Math.max(0, Math.min(n, Math.max(0, rows - 1)));

export function isFilterTarget(s: ScreenId): s is FilterTarget {
  return s === 'workers' || s === 'logs' || s === 'events';
}

/** Keys while a filter is being typed: printable characters, Backspace, Enter, Esc. */
export function move(ui: UiState, to: number, ctx: KeyContext): UiState {
  const row = clamp(to, ctx.rows);
  // on a newest-first list the top row means "the newest", whichever that is: no item is held
  const id = NEWEST_FIRST.includes(ui.screen) && row === 0 ? null : (ctx.ids?.[row] ?? null);
  const next = { ...ui, cursor: { ...ui.cursor, [ui.screen]: row }, selected: { ...ui.selected, [ui.screen]: id } };
  // on the logs screen, leaving the last line pauses (the lines on show freeze); G resumes following
  if (ui.screen === 'logs') {
    const last = row >= ctx.rows - 1;
    if (ui.follow && !last) return pause(next, ctx);
    if (!ui.follow && last && to >= ctx.rows - 1 && ctx.rows > 0 && ui.pausedAt !== null && ui.pausedAt >= (ctx.lastLogSeq ?? 0))
      return { ...next, follow: true, pausedAt: null };
  }
  return next;
}

/** Lists shown newest first: until the user moves off the top, the cursor stays on the newest row. */
export const NEWEST_FIRST: readonly ScreenId[] = ['overview', 'events', 'incidents'];

export function pause(ui: UiState, ctx: KeyContext): UiState {
  return { ...ui, follow: false, pausedAt: ctx.lastLogSeq ?? null };
}

/**
 * Puts the cursor back on the selected item after the rows changed (a refresh, a re-sort, a new
 * filter). When the item is gone the cursor stays on the row where it was (its neighbour), and the
 * hint line says so; the item stays the selection, so that if it comes back (a worker between two
 * states for one refresh) the cursor returns to it. Keys act on what the cursor shows. On a list
 * shown newest first (alerts, events, incidents) nothing is held until the user moves off the top
 * row: the cursor stays on the newest item as new ones arrive.
 */
export function reconcile(ui: UiState, screen: ScreenId, ids: readonly string[]): UiState {
  const cur = ui.cursor[screen];
  const sel = ui.selected[screen];
  if (screen === 'logs' && ui.follow) {
    const row = Math.max(0, ids.length - 1);
    const id = ids[row] ?? null;
    return row === cur && id === sel ? ui : { ...ui, cursor: { ...ui.cursor, logs: row }, selected: { ...ui.selected, logs: id } };
  }
  // a newest-first list the user has not moved in: the newest row, as new items arrive on top
  if (sel === null && NEWEST_FIRST.includes(screen)) return cur === 0 ? ui : { ...ui, cursor: { ...ui.cursor, [screen]: 0 } };
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
export function itemUnderCursor(ui: UiState, ctx: KeyContext): string | null {
  const sel = ui.selected[ui.screen];
  if (sel !== null && (ctx.ids === undefined || ctx.ids.includes(sel))) return sel;
  return ctx.ids?.[ui.cursor[ui.screen]] ?? null;
}

export function switchTo(ui: UiState, screen: ScreenId): UiState {
  return { ...ui, screen, help: false, detail: null, flash: null };
}
