// What a key press needs to know about the screen on show: its rows, their ids, the page size, the
// text an Enter opens. Pure: derived from the view, the UI state and the terminal size.
import type { View } from '../store.js';
import type { Binding } from './keys.js';
import { alertKey, alerts } from './models/alerts.js';
import { eventKey, eventRows, eventText } from './models/events.js';
import { incidentKey, incidentReader, incidentRows, STRIP_HEIGHT } from './models/incidents.js';
import { helpLines } from './models/help.js';
import { errorRows, lastLogSeq, logRows, logText } from './models/logs.js';
import { inner, type Size } from './models/panel.js';
import { readerLines } from './models/reader.js';
import { bodyArea } from './models/screen.js';
import { workerRows } from './models/workers.js';
import type { Theme } from './theme.js';
import { type KeyContext, PANE_ORDER, type UiState } from './ui-state.js';

export interface KeyContextInput {
  view: View | null;
  ui: UiState;
  size: Size;
  theme: Theme;
  bindings: readonly Binding[];
  nowMs: number;
}

export function screenKeyContext(input: KeyContextInput): KeyContext {
  const { view, ui, theme, bindings } = input;
  const body = bodyArea(input.size, view);
  const page = Math.max(1, body.rows - 3);
  const layer = {
    page: Math.max(1, body.rows - 2),
    helpLines: helpLines(inner({ width: body.cols, height: body.rows, border: true }).cols, theme, bindings).length,
  };
  const readerN = ui.reader ? readerLines(ui.reader, body.cols - 2, theme).length : 0;
  const base = {
    ...layer,
    readerLines: readerN,
    page: ui.help || ui.reader ? layer.page : page,
    supervisorPaused: view?.snapshot.slices.supervisor?.data?.paused === true,
    paneCommand: (pane: string) => view?.report.panes.find((p) => p.name === pane)?.currentCommand ?? null,
  };
  switch (ui.screen) {
    case 'workers': {
      const rows = workerRows(view, ui);
      return { ...base, rows: rows.length, ids: rows.map((r) => r.id), workerAt: (i) => rows[i]?.id ?? null };
    }
    case 'logs': {
      const rows = logRows(view, ui);
      return {
        ...base,
        rows: rows.length,
        ids: rows.map((l) => String(l.seq)),
        errorRows: errorRows(rows),
        lastLogSeq: lastLogSeq(view),
        textAt: (i) => (rows[i] ? logText(rows[i]!) : null),
      };
    }
    case 'events': {
      const rows = eventRows(view, ui);
      return { ...base, rows: rows.length, ids: rows.map(eventKey), textAt: (i) => (rows[i] ? eventText(rows[i]!) : null) };
    }
    case 'incidents': {
      const rows = incidentRows(view);
      // the list sits below the health strip: its page is that much shorter
      return {
        ...base,
        page: ui.help || ui.reader ? layer.page : Math.max(1, page - STRIP_HEIGHT),
        rows: rows.length,
        ids: rows.map(incidentKey),
        textAt: (i) => (rows[i] ? incidentReader(view, rows[i]!) : null),
      };
    }
    case 'panes':
      return { ...base, rows: PANE_ORDER.length, ids: [...PANE_ORDER] };
    default: {
      const list = view ? alerts(view, input.nowMs) : [];
      return {
        ...base,
        rows: list.length,
        ids: list.map(alertKey),
        textAt: (i) => (list[i] ? { title: `alert ${new Date(list[i]!.atMs).toISOString()}`, text: list[i]!.text } : null),
      };
    }
  }
}
