// The dashboard's own state (which screen, selection, filters, sort, modes) and the pure function
// that turns a key press into the next state. No I/O: the app applies effects such as quitting.
import { BINDINGS, bindingFor, SCREENS, type Binding, type Command, type ScreenId } from './keys.js';

export const WORKER_COLUMNS = ['id', 'status', 'state', 'bead', 'progress', 'ctx', 'pid', 'cpu', 'rss', 'restarts'] as const;
export type WorkerColumn = (typeof WORKER_COLUMNS)[number];

export type FilterTarget = 'workers' | 'logs' | 'events';

/** An action the user asked for; it runs only after a yes in the confirmation dialog. */
export type ActionRequest =
  | { kind: 'restart-daemon' }
  | { kind: 'respawn-pane'; pane: string }
  | { kind: 'restart-worker'; id: string }
  | { kind: 'kill-worker'; id: string }
  /** asks a running restart to stop where it safely can (Esc while it runs) */
  | { kind: 'cancel'; actionId: number };

export const PANE_ORDER = ['architect', 'manager'] as const;

export interface UiState {
  screen: ScreenId;
  help: boolean;
  /** selected row per screen */
  cursor: Record<ScreenId, number>;
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
  if (key === 'enter') return { ...ui, input: null, filter: { ...ui.filter, [input.target]: input.text }, cursor: { ...ui.cursor, [ui.screen]: 0 } };
  if (key === 'backspace') return { ...ui, input: { ...input, text: input.text.slice(0, -1) } };
  if (key === 'C-u') return { ...ui, input: { ...input, text: '' } };
  if ([...key].length === 1 && key >= ' ') return { ...ui, input: { ...input, text: (input.text + key).slice(0, 200) } };
  return ui;
}

function move(ui: UiState, to: number, ctx: KeyContext): UiState {
  const row = clamp(to, ctx.rows);
  const next = { ...ui, cursor: { ...ui.cursor, [ui.screen]: row } };
  // on the logs screen, leaving the last line pauses following; reaching it resumes
  if (ui.screen === 'logs') next.follow = row >= ctx.rows - 1;
  return next;
}

function switchTo(ui: UiState, screen: ScreenId): UiState {
  return { ...ui, screen, help: false, detail: null, flash: null };
}

export function applyCommand(ui: UiState, cmd: Command, ctx: KeyContext): UiState {
  const cur = ui.cursor[ui.screen];
  const i = SCREENS.indexOf(ui.screen);
  switch (cmd) {
    case 'quit': return { ...ui, quit: true };
    case 'help': return { ...ui, help: !ui.help };
    case 'next-screen': return switchTo(ui, SCREENS[(i + 1) % SCREENS.length]!);
    case 'prev-screen': return switchTo(ui, SCREENS[(i + SCREENS.length - 1) % SCREENS.length]!);
    case 'down': return move(ui, cur + 1, ctx);
    case 'up': return move(ui, cur - 1, ctx);
    case 'page-down': return move(ui, cur + Math.max(1, ctx.page - 1), ctx);
    case 'page-up': return move(ui, cur - Math.max(1, ctx.page - 1), ctx);
    case 'top': return move(ui, 0, ctx);
    case 'bottom': return move(ui, ctx.rows - 1, ctx);
    case 'back':
      if (ui.help) return { ...ui, help: false };
      if (ui.detail) return { ...ui, detail: null };
      if (ui.flash) return { ...ui, flash: null };
      if (isFilterTarget(ui.screen) && ui.filter[ui.screen] !== '') return { ...ui, filter: { ...ui.filter, [ui.screen]: '' } };
      // cancelling asks first: the dialog says what a cancel does at this point of the restart
      if (ctx.runningRestart) return { ...ui, confirm: { kind: 'cancel', actionId: ctx.runningRestart } };
      return ui;
    case 'open': {
      const id = ctx.workerAt?.(cur) ?? null;
      return ui.screen === 'workers' && id ? { ...ui, detail: id } : ui;
    }
    case 'filter':
      return isFilterTarget(ui.screen) ? { ...ui, input: { target: ui.screen, text: ui.filter[ui.screen] } } : ui;
    case 'sort-next':
    case 'sort-prev': {
      const j = WORKER_COLUMNS.indexOf(ui.sort.column);
      const step = cmd === 'sort-next' ? 1 : WORKER_COLUMNS.length - 1;
      return { ...ui, sort: { ...ui.sort, column: WORKER_COLUMNS[(j + step) % WORKER_COLUMNS.length]! } };
    }
    case 'sort-invert': return { ...ui, sort: { ...ui.sort, desc: !ui.sort.desc } };
    case 'follow': return ui.follow ? { ...ui, follow: false } : { ...move(ui, ctx.rows - 1, ctx), follow: true };
    case 'next-error': {
      const next = (ctx.errorRows ?? []).find((r) => r > cur);
      return next === undefined ? { ...ui, flash: 'no later error' } : { ...move(ui, next, ctx), flash: null };
    }
    case 'prev-error': {
      const prev = [...(ctx.errorRows ?? [])].reverse().find((r) => r < cur);
      return prev === undefined ? { ...ui, flash: 'no earlier error' } : { ...move(ui, prev, ctx), flash: null };
    }
    case 'restart-daemon':
      return { ...ui, confirm: { kind: 'restart-daemon' } };
    case 'respawn-pane':
      return { ...ui, confirm: { kind: 'respawn-pane', pane: PANE_ORDER[Math.min(cur, PANE_ORDER.length - 1)]! } };
    case 'restart-worker':
    case 'kill-worker': {
      const id = ui.detail ?? ctx.workerAt?.(cur) ?? null;
      return id ? { ...ui, confirm: { kind: cmd, id } } : { ...ui, flash: 'no worker selected' };
    }
    default:
      if (cmd.startsWith('screen:')) return switchTo(ui, cmd.slice('screen:'.length) as ScreenId);
      return ui;
  }
}

/** The next state after a key press (key names as blessed gives them: 'tab', 'S-tab', 'C-c', 'G', '/'). */
export function handleKey(ui: UiState, key: string, ctx: KeyContext): UiState {
  if (ui.input) return editInput(ui, key);
  // the confirmation dialog is modal; anything but y answers no
  if (ui.confirm) {
    if (key === 'y' || key === 'Y') return { ...ui, confirm: null, request: ui.confirm, flash: null };
    if (key === 'C-c') return { ...ui, confirm: null, quit: true };
    return { ...ui, confirm: null, flash: 'cancelled' };
  }
  // help is a modal layer: only its own keys work while it is open
  if (ui.help && !['escape', '?', 'q', 'C-c'].includes(key)) return ui;
  const b = bindingFor(key, ui.screen, ctx.bindings ?? BINDINGS);
  if (!b) return ui.flash ? { ...ui, flash: null } : ui;
  if (b.disabled) return { ...ui, flash: `${b.label}: ${b.help} — disabled: ${b.disabled}` };
  const next = applyCommand({ ...ui, flash: null }, b.command, ctx);
  return next;
}
