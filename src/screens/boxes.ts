// The blessed boxes of the dashboard, one per panel of the screen model: created, moved, refilled or
// destroyed so that they match the model (blessed then writes only the cells that changed).
import blessed from 'blessed';
import type { Panel, ScreenModel } from './models/panel.js';
import type { Theme } from './theme.js';

type Box = blessed.Widgets.BoxElement;

export class PanelBoxes {
  private readonly boxes = new Map<string, Box>();

  constructor(
    private readonly screen: blessed.Widgets.Screen,
    private readonly theme: Theme,
    /** colours the terminal's terminfo entry says it has */
    private readonly colours: number,
  ) {}

  apply(model: ScreenModel): void {
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
}
