// Key presses: the pure function that turns a key into the next UI state (screens, lists, filters,
// sorting, the modal layers: help, reader, the confirmation dialog) and asks for actions.
import { actionByKind } from '../actions/registry.js';
import { MAX_TEXT } from '../actions/send-text.js';
import { BINDINGS, type Binding, bindingFor, type Command, SCREENS, type ScreenId } from './keys.js';
import {
  isFilterTarget,
  itemUnderCursor,
  type KeyContext,
  move,
  PANE_ORDER,
  pause,
  switchTo,
  type UiState,
  WORKER_COLUMNS,
} from './ui-state.js';

/** A line for an agent being typed (s): Enter shows it in the dialog, to be sent on y. */
function editSendInput(ui: UiState, key: string, input: { target: 'send'; pane: string; text: string }): UiState {
  if (key === 'escape') return { ...ui, input: null, flash: 'nothing sent' };
  if (key === 'enter') {
    if (input.text.trim() === '') return { ...ui, input: null, flash: 'nothing sent: the line was empty' };
    return { ...ui, input: null, confirm: { kind: 'action', action: 'send', target: input.pane, input: { text: input.text } } };
  }
  if (key === 'backspace') return { ...ui, input: { ...input, text: [...input.text].slice(0, -1).join('') } };
  if (key === 'C-u') return { ...ui, input: { ...input, text: '' } };
  if ([...key].length === 1 && key >= ' ') return { ...ui, input: { ...input, text: [...(input.text + key)].slice(0, MAX_TEXT).join('') } };
  return ui;
}

function editInput(ui: UiState, key: string): UiState {
  const input = ui.input!;
  if (input.target === 'send') return editSendInput(ui, key, input);
  if (key === 'escape') return { ...ui, input: null };
  // the selection stays on its item if the new filter keeps it (reconcile moves it otherwise)
  if (key === 'enter') return { ...ui, input: null, filter: { ...ui.filter, [input.target]: input.text.trim() } };
  if (key === 'backspace') return { ...ui, input: { ...input, text: input.text.slice(0, -1) } };
  if (key === 'C-u') return { ...ui, input: { ...input, text: '' } };
  if ([...key].length === 1 && key >= ' ') return { ...ui, input: { ...input, text: (input.text + key).slice(0, 200) } };
  return ui;
}

/** An action key: the confirmation dialog for the action on what it acts on (the daemon, the pane or
 * worker under the cursor, or the worker whose detail is open). */
function askAction(ui: UiState, action: NonNullable<Binding['action']>, ctx: KeyContext): UiState {
  const cur = ui.cursor[ui.screen];
  const ask = (target: string): UiState => ({ ...ui, confirm: { kind: 'action', action: action.kind, target } });
  if (action.target === 'daemon') return ask('daemon');
  // the supervisor: the one of pause / resume that changes something now
  if (action.target === 'supervisor') return ask(ctx.supervisorPaused ? 'resume' : 'pause');
  if (action.target === 'pane') {
    const pane = PANE_ORDER[Math.min(cur, PANE_ORDER.length - 1)]!;
    // an action that takes a line (send): the line first, on the hint line
    return actionByKind(action.kind)?.cli?.text ? { ...ui, input: { target: 'send', pane, text: '' } } : ask(pane);
  }
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

/** A line goes only to the program the person saw in the dialog: its command is checked when it is sent. */
function withCommand(req: NonNullable<UiState['confirm']>, ctx: KeyContext): NonNullable<UiState['confirm']> {
  if (req.kind !== 'action' || !req.input) return req;
  return { ...req, input: { ...req.input, expectCommand: ctx.paneCommand?.(req.target) ?? null } };
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
    if (key === 'y' || key === 'Y') return { ...ui, confirm: null, request: withCommand(ui.confirm, ctx), flash: null };
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
