// The dashboard: turns the store's view and the UI state into blessed boxes. It redraws once per
// store update or key press, and only when the screen model changed; blessed then writes only the
// cells that changed. It runs no commands and reads no files: it asks the store for data.
import blessed from 'blessed';
import type { View } from '../store.js';
import { bindingsFor, type Binding } from './keys.js';
import type { ActionSettings } from './models/confirm.js';
import { buildScreen } from './models/screen.js';
import type { Panel, ScreenModel } from './models/panel.js';
import { logRows, errorRows } from './models/logs.js';
import { workerRows } from './models/workers.js';
import { eventRows } from './models/events.js';
import type { Theme } from './theme.js';
import { handleKey, initialUi, type ActionRequest, type KeyContext, type UiState } from './ui-state.js';

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
  settings?: ActionSettings;
  readOnly?: boolean;
  now?: () => number;
}

type Box = blessed.Widgets.BoxElement;

/** Key names as the bindings spell them: printable characters as themselves, the rest as blessed names. */
export function keyName(ch: string | undefined, key: { full?: string; name?: string; ctrl?: boolean; meta?: boolean } | undefined): string | null {
  const full = key?.full ?? key?.name ?? '';
  if (full === 'return' || full === 'enter') return 'enter';
  if (ch && [...ch].length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta) return ch;
  return full || null;
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
    const tput = (this.screen.program as unknown as { tput: unknown }).tput as { brokenACS: boolean; unicode: boolean; numbers: Record<string, number> };
    // draw borders as characters, never through the alternate character set, which tmux and
    // screen do not always pass through; in ASCII mode blessed maps box drawing to + - |
    tput.brokenACS = true;
    tput.unicode = o.unicode;
    if (!o.unicode) tput.numbers.U8 = 0;
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
    this.view = view;
    this.draw();
    if (this.firstDataFrameAtMs === null) this.firstDataFrameAtMs = performance.now();
  }

  private context(): KeyContext {
    const ctx = this.screenContext();
    const running = this.view?.snapshot.slices.actions.data?.recent.find((a) => a.status === 'running' && a.kind === 'restart-daemon');
    return { ...ctx, runningRestart: running?.id ?? null };
  }

  private screenContext(): KeyContext {
    const page = Math.max(1, (this.screen.height as number) - 6);
    switch (this.ui.screen) {
      case 'workers': {
        const rows = workerRows(this.view, this.ui);
        return { rows: rows.length, page, workerAt: (i) => rows[i]?.id ?? null };
      }
      case 'logs': {
        const rows = logRows(this.view, this.ui);
        return { rows: rows.length, page, errorRows: errorRows(rows) };
      }
      case 'events':
        return { rows: eventRows(this.view, this.ui).length, page };
      case 'panes':
        return { rows: 2, page };
      default:
        return { rows: 0, page };
    }
  }

  /** Applies one key press (named as in the bindings). */
  press(key: string): void {
    if (this.closed) return;
    const before = this.ui;
    this.ui = handleKey(this.ui, key, { ...this.context(), bindings: this.bindings });
    if (this.ui.quit) {
      this.close();
      return;
    }
    const req = this.ui.request;
    if (req) {
      this.ui = { ...this.ui, request: null, flash: 'starting…' };
      const run = this.o.onAction ? this.o.onAction(req) : Promise.resolve('actions are not available here');
      void run.then(
        (msg) => this.flash(msg),
        (err: unknown) => this.flash(`failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    if (before.screen !== this.ui.screen || before.detail !== this.ui.detail) {
      this.o.onDemand?.({ paneText: this.ui.screen === 'panes', workerTail: this.ui.detail, logs: this.ui.screen === 'logs' || this.ui.detail !== null });
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
    const model = buildScreen({
      view: this.view,
      ui: this.ui,
      size: { cols: this.screen.width as number, rows: this.screen.height as number },
      theme: this.o.theme,
      nowMs: now,
      ...(this.o.settings ? { settings: this.o.settings } : {}),
      bindings: this.bindings,
    });
    const key = JSON.stringify(model);
    if (!force && key === this.lastModel) return;
    this.lastModel = key;
    this.apply(model);
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
        if (this.o.theme.colour) (box.style as { border: { fg: string } }).border.fg = p.focus ? 'cyan' : 'gray';
      }
    }
  }

  private createBox(p: Panel): Box {
    const colour = this.o.theme.colour;
    return blessed.box({
      parent: this.screen,
      top: p.top,
      left: p.left,
      width: p.width,
      height: p.height,
      tags: true,
      wrap: false,
      scrollable: false,
      ...(p.border ? { border: { type: 'line' }, style: { border: colour ? { fg: 'gray' } : {}, label: colour ? { fg: 'white', bold: true } : {} } } : {}),
    });
  }

  /** The current frame as text lines, as the terminal shows it (ASCII mode maps as blessed does). */
  frame(): string[] {
    const lines = (this.screen as unknown as { lines: [unknown, string][][] }).lines;
    const tput = (this.screen.program as unknown as { tput: { utoa: Record<string, string> } }).tput;
    const map = (ch: string): string => (this.o.unicode || ch <= '~' ? ch : tput.utoa[ch] ?? '?');
    return lines.map((row) => row.map((cell) => (cell[1] === '\0' ? '' : map(cell[1]))).join('').replace(/\s+$/, ''));
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
