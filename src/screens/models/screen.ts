// Composes a whole screen from the store's view and the UI state: chrome plus the body of the
// current screen, or the help layer, or a "too small" notice. Pure: the same input, the same frame.
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { UiState } from '../ui-state.js';
import type { Binding } from '../keys.js';
import { header, hintLine, statusLine } from './chrome.js';
import { gaveUpBanner } from './supervision-chrome.js';
import { confirmationOf, confirmPanel, type DescribeAction } from './confirm.js';
import { eventsModel } from './events.js';
import { incidentsModel } from './incidents.js';
import { helpPanel } from './help.js';
import { logsModel } from './logs.js';
import { overviewModel, type BodyInput } from './overview.js';
import { MIN_SIZE, type ScreenModel, type Size } from './panel.js';
import { readerPanel } from './reader.js';
import { panesModel } from './panes.js';
import { workersModel } from './workers.js';

export interface ScreenInput {
  view: View | null;
  ui: UiState;
  size: Size;
  theme: Theme;
  nowMs: number;
  /** the question an action asks before it runs (from the action registry) */
  describeAction?: DescribeAction;
  /** the key bindings in force (--read-only turns the actions off) */
  bindings?: readonly Binding[];
  /** the oro home watched, shown in the status line */
  home?: string;
  userHome?: string;
}

/** The body: below the header (and the gave-up banner, when there is one), above the status and hint lines. */
export function bodyArea(size: Size, view: View | null = null): BodyInput['body'] {
  const banner = (view?.snapshot.slices.supervisor?.data?.gaveUp.length ?? 0) > 0 ? 1 : 0;
  return { top: 1 + banner, left: 0, cols: size.cols, rows: size.rows - 3 - banner };
}

export function tooSmall(size: Size, theme: Theme): ScreenModel {
  const msg = `terminal too small: ${size.cols}x${size.rows}; oro-top needs at least ${MIN_SIZE.cols}x${MIN_SIZE.rows} (q quits)`;
  const lines: string[] = [];
  const w = Math.max(1, size.cols);
  for (let i = 0; i < msg.length; i += w) lines.push(esc(fit(msg.slice(i, i + w), w, theme)));
  return {
    panels: [
      {
        id: 'too-small',
        top: 0,
        left: 0,
        width: size.cols,
        height: size.rows,
        border: false,
        lines: lines.slice(0, Math.max(1, size.rows)),
      },
    ],
  };
}

export function buildScreen(input: ScreenInput): ScreenModel {
  const { size, theme, ui } = input;
  if (size.cols < MIN_SIZE.cols || size.rows < MIN_SIZE.rows) return tooSmall(size, theme);
  const body: BodyInput = { view: input.view, ui, body: bodyArea(size, input.view), theme, nowMs: input.nowMs };
  const bannerText = gaveUpBanner(input.view?.snapshot.slices.supervisor?.data, size.cols, theme);
  const banner = bannerText ? [{ id: 'gave-up', top: 1, left: 0, width: size.cols, height: 1, border: false, lines: [bannerText] }] : [];
  let main: ScreenModel;
  if (ui.reader) main = { panels: [readerPanel(ui.reader, body.body, theme)] };
  else if (ui.help) main = { panels: [helpPanel(body.body, theme, input.bindings, ui.helpTop)] };
  else if (ui.screen === 'overview') main = overviewModel(body);
  else if (ui.screen === 'workers') main = workersModel(body);
  else if (ui.screen === 'panes') main = panesModel(body);
  else if (ui.screen === 'logs') main = logsModel(body);
  else if (ui.screen === 'incidents') main = incidentsModel(body);
  else main = eventsModel(body);
  const chrome = {
    view: input.view,
    ui,
    size,
    theme,
    nowMs: input.nowMs,
    bindings: input.bindings,
    home: input.home,
    userHome: input.userHome,
  };
  const dialog = ui.confirm ? [confirmPanel(confirmationOf(ui.confirm, input.view, input.describeAction), body.body, theme)] : [];
  return { panels: [header(chrome), ...banner, ...main.panels, ...dialog, statusLine(chrome), hintLine(chrome)] };
}
