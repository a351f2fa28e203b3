// The dashboard: turns the store's view and the UI state into blessed boxes. It redraws once per
// store update or key press, and only when the screen model changed; blessed then writes only the
// cells that changed. It runs no commands and reads no files: it asks the store for data.
import blessed from 'blessed';
import type { View } from '../store.js';
import { bindingsFor, type Binding } from './keys.js';
import type { DescribeAction } from './models/confirm.js';
import { buildScreen } from './models/screen.js';
import type { Panel, ScreenModel } from './models/panel.js';
import { logRows, errorRows, lastLogSeq, logText } from './models/logs.js';
import { workerRows } from './models/workers.js';
import { eventKey, eventRows, eventText } from './models/events.js';
import { alertKey, alerts } from './models/alerts.js';
import { helpLines } from './models/help.js';
import { readerLines } from './models/reader.js';
import { bodyArea } from './models/screen.js';
import { inner } from './models/panel.js';
import { asciiCells } from './text.js';
import { withColours, type Theme } from './theme.js';
import { clickRow, handleKey, initialUi, reconcile, PANE_ORDER, type ActionRequest, type KeyContext, type UiState } from './ui-state.js';

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

type Box = blessed.Widgets.BoxElement;

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

/** ASCII mode: every character of every line and title becomes printable ASCII, cell for cell. */
function asciiModel(m: ScreenModel): ScreenModel {
  return {
    panels: m.panels.map((p) => ({
      ...p,
      lines: p.lines.map(asciiCells),
      ...(p.label !== undefined ? { label: asciiCells(p.label) } : {}),
    })),
  };
}

export class Dashboard {
  readonly screen: blessed.Widgets.Screen;
  private readonly boxes = new Map<string, Box>();
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
  /** the journaled action last seen running (its end is announced once) */
  private runningAction: number | null = null;
  /** an action asked for here: the first journaled action above this id is announced when it ends */
  private announceAbove: number | null = null;
  private announced: number | null = null;

  constructor(private readonly o: DashboardOptions) {
    this.quitted = new Promise((r) => (this.quitResolve = r));
    this.bindings = bindingsFor({ readOnly: o.readOnly === true });
    // blessed lower-cases the terminal it is given, so a file path would break on any upper-case
    // letter in it (a cache under /tmp/Ab3...); it gets a name and our folder searched first
    const ipaths = (blessed as unknown as { Tput: { ipaths: unknown[] } }).Tput.ipaths;
    if (ipaths[0] !== o.terminfo.dir) ipaths.unshift(o.terminfo.dir);
    this.screen = blessed.screen({
      smartCSR: true,
      fullUnicode: o.unicode,
      forceUnicode: o.unicode,
      terminal: o.terminfo.name,
      title: 'oro-top',
      warnings: false,
      autoPadding: false,
      dockBorders: false,
      input: o.input,
      output: o.output,
      sendFocus: false,
      useBCE: false,
    } as blessed.Widgets.IScreenOptions);
    const tput = (this.screen.program as unknown as { tput: unknown }).tput as {
      brokenACS: boolean;
      unicode: boolean;
      numbers: Record<string, number>;
    };
    // draw borders as characters, never through the alternate character set, which tmux and
    // screen do not always pass through; in ASCII mode blessed maps box drawing to + - |
    tput.brokenACS = true;
    tput.unicode = o.unicode;
    if (!o.unicode) tput.numbers.U8 = 0;
    this.colours = (this.screen.program as unknown as { tput: { colors: number } }).tput.colors ?? 8;
    this.theme = withColours(o.theme, this.colours);
    // mouse: the wheel scrolls, a click selects (blessed turns on the SGR/X10 reports)
    this.screen.program.enableMouse();
    this.screen.on('mouse', (data: { action: string; x: number; y: number }) => this.mouse(data));
    this.screen.on('keypress', (ch: string | undefined, key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean }) => {
      const k = keyName(ch, key);
      if (k === null) return;
      // blessed reports one Enter press as both 'return' and 'enter'
      if (k === 'enter') {
        const t = Date.now();
        if (t - this.lastEnterAt < 30) return;
        this.lastEnterAt = t;
      }
      this.press(k);
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
    const latest = view.snapshot.slices.actions.data?.recent[0];
    const a = latest?.kind === 'restart-daemon' || latest?.kind === 'start-daemon' ? latest : undefined;
    if (a && a.status === 'running') this.runningAction = a.id;
    else if (a && a.id !== this.announced && (this.runningAction === a.id || (this.announceAbove !== null && a.id > this.announceAbove))) {
      this.runningAction = null;
      this.announceAbove = null;
      this.announced = a.id;
      this.ui = {
        ...this.ui,
        flash: `${a.kind} #${a.id}${a.target !== 'daemon' ? ` ${a.target}` : ''} ${a.status}: ${a.outcome ?? ''}`.replace(/\s+/g, ' '),
      };
    }
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
    const body = bodyArea(size);
    const page = Math.max(1, body.rows - 3);
    const layer = {
      page: Math.max(1, body.rows - 2),
      helpLines: helpLines(inner({ width: body.cols, height: body.rows, border: true }).cols, this.theme, this.bindings).length,
    };
    const ui = this.ui;
    const readerN = ui.reader ? readerLines(ui.reader, body.cols - 2, this.theme).length : 0;
    const base = { ...layer, readerLines: readerN, page: ui.help || ui.reader ? layer.page : page };
    switch (ui.screen) {
      case 'workers': {
        const rows = workerRows(this.view, ui);
        return { ...base, rows: rows.length, ids: rows.map((r) => r.id), workerAt: (i) => rows[i]?.id ?? null };
      }
      case 'logs': {
        const rows = logRows(this.view, ui);
        return {
          ...base,
          rows: rows.length,
          ids: rows.map((l) => String(l.seq)),
          errorRows: errorRows(rows),
          lastLogSeq: lastLogSeq(this.view),
          textAt: (i) => (rows[i] ? logText(rows[i]!) : null),
        };
      }
      case 'events': {
        const rows = eventRows(this.view, ui);
        return { ...base, rows: rows.length, ids: rows.map(eventKey), textAt: (i) => (rows[i] ? eventText(rows[i]!) : null) };
      }
      case 'panes':
        return { ...base, rows: PANE_ORDER.length, ids: [...PANE_ORDER] };
      default: {
        const list = this.view ? alerts(this.view, this.o.now?.() ?? Date.now()) : [];
        return {
          ...base,
          rows: list.length,
          ids: list.map(alertKey),
          textAt: (i) => (list[i] ? { title: `alert ${new Date(list[i]!.atMs).toISOString()}`, text: list[i]!.text } : null),
        };
      }
    }
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
    const req = this.ui.request;
    if (req) {
      this.ui = { ...this.ui, request: null, flash: 'starting…' };
      const before = this.announced;
      this.announceAbove = this.view?.snapshot.slices.actions.data?.recent[0]?.id ?? 0;
      const run = this.o.onAction ? this.o.onAction(req) : Promise.resolve('actions are not available here');
      void run.then(
        // the action's end may already be announced (a quick restart): that stays on show
        (msg) => this.announced === before && this.flash(msg),
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

  /** Shows a one-line message (an action's result) until the next key. */
  flash(text: string): void {
    if (this.closed) return;
    this.ui = { ...this.ui, flash: text.replace(/\s+/g, ' ') };
    this.draw();
  }

  /** Builds the screen model; redraws only when it differs from the last one drawn. */
  draw(force = false): void {
    if (this.closed) return;
    const now = this.o.now?.() ?? Date.now();
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
    this.apply(this.o.unicode ? model : asciiModel(model));
    this.screen.render();
    this.renders++;
  }

  private apply(model: ScreenModel): void {
    const want = new Set(model.panels.map((p) => p.id));
    for (const [id, box] of this.boxes) {
      if (!want.has(id)) {
        box.destroy();
        this.boxes.delete(id);
      }
    }
    for (const p of model.panels) {
      let box = this.boxes.get(p.id);
      if (!box || (box.border !== undefined) !== p.border) {
        box?.destroy();
        box = this.createBox(p);
        this.boxes.set(p.id, box);
      }
      if (box.top !== p.top) box.top = p.top;
      if (box.left !== p.left) box.left = p.left;
      if (box.width !== p.width) box.width = p.width;
      if (box.height !== p.height) box.height = p.height;
      const content = p.lines.join('\n');
      if (box.getContent() !== content) box.setContent(content);
      if (p.border) {
        const label = p.label ?? '';
        if ((box as unknown as { _label?: { getContent(): string } })._label?.getContent() !== label) {
          if (label) box.setLabel(label);
          else box.removeLabel();
        }
        if (this.theme.colour) (box.style as { border: { fg: string | undefined } }).border.fg = p.focus ? 'cyan' : this.unfocused();
      }
    }
  }

  private createBox(p: Panel): Box {
    const colour = this.theme.colour;
    return blessed.box({
      parent: this.screen,
      top: p.top,
      left: p.left,
      width: p.width,
      height: p.height,
      tags: true,
      wrap: false,
      scrollable: false,
      ...(p.border
        ? {
            border: { type: 'line' },
            style: { border: colour ? { fg: this.unfocused() } : {}, label: colour ? { fg: 'white', bold: true } : {} },
          }
        : {}),
    });
  }

  /** An unfocused border: gray where the terminal has 16 colours or more; else its default colour
   * (blessed folds gray, colour 8, into 0 = black on an 8-colour terminal: an invisible frame). */
  private unfocused(): string | undefined {
    return this.colours >= 16 ? 'gray' : undefined;
  }

  /** The current frame as text lines, as the terminal shows it (ASCII mode maps as blessed does). */
  frame(): string[] {
    const lines = (this.screen as unknown as { lines: [unknown, string][][] }).lines;
    const tput = (this.screen.program as unknown as { tput: { utoa: Record<string, string> } }).tput;
    const map = (ch: string): string => (this.o.unicode || ch <= '~' ? ch : (tput.utoa[ch] ?? '?'));
    return lines.map((row) =>
      row
        .map((cell) => (cell[1] === '\0' ? '' : map(cell[1])))
        .join('')
        .replace(/\s+$/, ''),
    );
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
