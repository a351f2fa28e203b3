// The dashboard: turns the store's view and the UI state into blessed boxes. It redraws once per
// store update or key press, and only when the screen model changed; blessed then writes only the
// cells that changed. It runs no commands and reads no files: it asks the store for data.
import type blessed from 'blessed';
import { createScreen, frameLines } from './blessed-screen.js';
import type { View } from '../store.js';
import { bindingsFor, type Binding, keyNames } from './keys.js';
import { cancelMoot, confirmationOf, type DescribeAction } from './models/confirm.js';
import { buildScreen } from './models/screen.js';
import { asciiModel, type Panel } from './models/panel.js';
import { withColours, type Theme } from './theme.js';
import { ActionAnnouncer } from './announcer.js';
import { PanelBoxes } from './boxes.js';
import { screenKeyContext } from './key-context.js';
import { clickRow, handleKey } from './key-handler.js';
import { initialUi, reconcile, type ActionRequest, type KeyContext, type UiState } from './ui-state.js';

/** how long an action's result stays on the message line */
export const RESULT_MS = 15_000;

export interface DashboardOptions {
  theme: Theme;
  /** the terminfo entry blessed reads: a terminfo folder (x/xterm layout) and the entry's name */
  terminfo: { dir: string; name: string };
  unicode: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** tells the data side what the screen on show needs (pane previews, a worker's log tail) */
  onDemand?: (d: { paneText: boolean; workerTail: string | null; logs: boolean }) => void;
  /** starts a confirmed action; resolves to the line to show */
  onAction?: (req: ActionRequest) => Promise<string>;
  /** the question an action asks before it runs (from the action registry) */
  describeAction?: DescribeAction;
  readOnly?: boolean;
  now?: () => number;
  /** the oro home watched (shown in the status line) */
  home?: string;
}

export class Dashboard {
  readonly screen: blessed.Widgets.Screen;
  private boxes!: PanelBoxes;
  private ui: UiState = initialUi();
  private view: View | null = null;
  private lastModel = '';
  private lastEnterAt = 0;
  private closed = false;
  private quitResolve: (() => void) | null = null;
  readonly quitted: Promise<void>;
  /** renders done (for tests and benchmarks) */
  renders = 0;
  firstDataFrameAtMs: number | null = null;
  private readonly bindings: readonly Binding[];
  /** the theme with colours the terminal can show (8-colour terminals have no gray) */
  private readonly theme: Theme;
  /** colours the terminal's terminfo entry says it has */
  readonly colours: number;
  /** list geometry of the last frame, for mouse clicks */
  private lists: NonNullable<Panel['list']>[] = [];
  /** the end of a detached daemon action, announced once on the message line */
  private readonly announcer = new ActionAnnouncer();
  /** an action's result on the message line and when it gives the line back to the key hints */
  private result: { text: string; untilMs: number } | null = null;

  constructor(private readonly o: DashboardOptions) {
    this.quitted = new Promise((r) => (this.quitResolve = r));
    this.bindings = bindingsFor({ readOnly: o.readOnly === true });
    const made = createScreen(o);
    this.screen = made.screen;
    this.colours = made.colours;
    this.theme = withColours(o.theme, this.colours);
    this.boxes = new PanelBoxes(this.screen, this.theme, this.colours);
    // mouse: the wheel scrolls, a click selects (blessed turns on the SGR/X10 reports)
    this.screen.program.enableMouse();
    this.screen.on('mouse', (data: { action: string; x: number; y: number }) => this.mouse(data));
    this.screen.on('keypress', (ch: string | undefined, key: Parameters<typeof keyNames>[1]) => {
      for (const k of keyNames(ch, key)) {
        // blessed reports one Enter press as both 'return' and 'enter'
        if (k === 'enter') {
          const t = Date.now();
          if (t - this.lastEnterAt < 30) continue;
          this.lastEnterAt = t;
        }
        this.press(k);
      }
    });
    this.screen.on('resize', () => this.draw(true));
    this.draw(true);
  }

  get state(): UiState {
    return this.ui;
  }

  /** New data from the store. */
  update(view: View): void {
    // a daemon restart or start (they run detached, so no reply carries its result) seen running or asked
    // for here that has now ended: its whole result goes to the message line; the in-process
    // actions (pane respawn, worker restart / kill) report through their own reply
    const ended = this.announcer.seen(view.snapshot.slices.actions.data?.recent[0]);
    if (ended) this.showResult(ended);
    this.view = view;
    this.draw();
    if (this.firstDataFrameAtMs === null) this.firstDataFrameAtMs = performance.now();
  }

  /** Mouse: the wheel moves (or scrolls help and the reader), a click selects the row under it. */
  mouse(data: { action: string; x: number; y: number }): void {
    if (this.closed || this.ui.input || this.ui.confirm) return;
    if (data.action === 'wheelup' || data.action === 'wheeldown') {
      const layer = this.ui.help || this.ui.reader;
      this.press(layer ? data.action : data.action === 'wheelup' ? 'up' : 'down');
      return;
    }
    if (data.action !== 'mousedown' || this.ui.help || this.ui.reader) return;
    const hit = this.lists.find((l) => data.y >= l.top && data.y < l.top + l.count && data.x >= l.left && data.x < l.left + l.width);
    if (!hit) return;
    this.ui = this.reconciled(this.ui);
    this.ui = clickRow(this.ui, hit.first + (data.y - hit.top), this.context());
    this.draw();
  }

  private reconciled(ui: UiState): UiState {
    const ids = this.screenContext().ids;
    return ids ? reconcile(ui, ui.screen, ids) : ui;
  }

  private context(): KeyContext {
    const ctx = this.screenContext();
    const running = this.view?.snapshot.slices.actions.data?.recent.find((a) => a.status === 'running' && a.kind === 'restart-daemon');
    return { ...ctx, runningRestart: running?.id ?? null };
  }

  private screenContext(): KeyContext {
    const size = { cols: this.screen.width as number, rows: this.screen.height as number };
    return screenKeyContext({
      view: this.view,
      ui: this.ui,
      size,
      theme: this.theme,
      bindings: this.bindings,
      nowMs: this.o.now?.() ?? Date.now(),
    });
  }

  /** Applies one key press (named as in the bindings). */
  press(key: string): void {
    if (this.closed) return;
    const before = this.ui;
    this.ui = this.reconciled(this.ui);
    this.ui = handleKey(this.ui, key, { ...this.context(), bindings: this.bindings });
    if (this.ui.quit) {
      this.close();
      return;
    }
    // an action that cannot run now opens no dialog: why, at once, on the message line
    const ask = this.ui.confirm;
    const refused = ask?.kind === 'action' ? confirmationOf(ask, this.view, this.o.describeAction).refused : undefined;
    if (refused) this.ui = { ...this.ui, confirm: null, flash: refused };
    const req = this.ui.request;
    if (req) {
      this.ui = { ...this.ui, request: null, flash: 'starting…' };
      const before = this.announcer.announced;
      this.announcer.asked(this.view?.snapshot.slices.actions.data?.recent[0]?.id ?? null);
      const run = this.o.onAction ? this.o.onAction(req) : Promise.resolve('actions are not available here');
      void run.then(
        // the action's end may already be announced (a quick restart): that stays on show
        (msg) => this.announcer.announced === before && this.flash(msg),
        (err: unknown) => this.flash(`failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    if (before.screen !== this.ui.screen || before.detail !== this.ui.detail) {
      this.o.onDemand?.({
        paneText: this.ui.screen === 'panes',
        workerTail: this.ui.detail,
        logs: this.ui.screen === 'logs' || this.ui.detail !== null,
      });
    }
    this.draw();
  }

  /** Shows an action's result on the message line until the next key, a newer result, or
   * RESULT_MS later; then the key hints return (the status line keeps the latest action). */
  flash(text: string): void {
    if (this.closed) return;
    this.showResult(text);
    this.draw();
  }

  private showResult(text: string): void {
    const line = text.replace(/\s+/g, ' ');
    this.ui = { ...this.ui, flash: line };
    this.result = { text: line, untilMs: (this.o.now?.() ?? Date.now()) + RESULT_MS };
    setTimeout(() => this.draw(), RESULT_MS + 100).unref();
  }

  /** The result on show has had its time: the hint line goes back to the keys. */
  private expireResult(now: number): void {
    if (!this.result || now < this.result.untilMs) return;
    if (this.ui.flash === this.result.text) this.ui = { ...this.ui, flash: null };
    this.result = null;
  }

  /** Builds the screen model; redraws only when it differs from the last one drawn. */
  draw(force = false): void {
    if (this.closed) return;
    const now = this.o.now?.() ?? Date.now();
    this.expireResult(now);
    // a cancel dialog about a restart that has ended since asks nothing: it says so
    const moot = cancelMoot(this.ui.confirm, this.view);
    if (moot) this.ui = { ...this.ui, confirm: null, flash: this.ui.flash ?? moot };
    // the rows changed (a refresh, a re-sort): the cursor goes back to the selected item
    this.ui = this.reconciled(this.ui);
    const model = buildScreen({
      view: this.view,
      ui: this.ui,
      size: { cols: this.screen.width as number, rows: this.screen.height as number },
      theme: this.theme,
      ...(this.o.home !== undefined ? { home: this.o.home } : {}),
      ...(process.env.HOME ? { userHome: process.env.HOME } : {}),
      nowMs: now,
      ...(this.o.describeAction ? { describeAction: this.o.describeAction } : {}),
      bindings: this.bindings,
    });
    const key = JSON.stringify(model);
    if (!force && key === this.lastModel) return;
    this.lastModel = key;
    this.lists = model.panels.flatMap((p) => (p.list ? [p.list] : []));
    this.boxes.apply(this.o.unicode ? model : asciiModel(model));
    this.screen.render();
    this.renders++;
  }

  /** The current frame as text lines, as the terminal shows it (ASCII mode maps as blessed does). */
  frame(): string[] {
    return frameLines(this.screen, this.o.unicode);
  }

  /** Restores the terminal. Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.screen.destroy();
    } finally {
      this.quitResolve?.();
    }
  }
}
