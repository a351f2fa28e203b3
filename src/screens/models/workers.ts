// The workers screen: every worker in a sortable, filterable table; Enter opens a detail view with
// the tail of the worker's output.log.
import { compareIds } from '../../collectors/workers.js';
import type { WorkerHealth } from '../../health/types.js';
import type { View } from '../../store.js';
import { formatAge, formatBytes } from '../../util/format.js';
import { statusColour, type Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import { WORKER_COLUMNS, type UiState, type WorkerColumn } from '../ui-state.js';
import type { BodyInput } from './overview.js';
import {
  bodyPanel,
  fitLabel,
  inner,
  position,
  renderTable,
  scrollTop,
  type Column,
  type Panel,
  type ScreenModel,
  withoutRestartNote,
} from './panel.js';

export interface WorkerRow extends WorkerHealth {
  restarts: number;
  /** killed on purpose (kill-worker): not counted, still listed so that `r` can start it again */
  removed?: boolean;
}

/** Workers the operator killed on purpose: rows of their own, after the live ones. */
function removedRows(view: View): WorkerRow[] {
  const listed = new Set(view.report.workers.map((w) => w.id));
  return (view.report.removedWorkers ?? [])
    .filter((r) => r.reason.startsWith('killed on purpose') && !listed.has(r.id))
    .map((r) => ({
      id: r.id,
      status: 'dead' as const,
      state: 'removed',
      reason: `${r.reason}; r starts it again`,
      beadId: null,
      pid: null,
      lastProgressS: null,
      contextPct: null,
      cpuPct: null,
      rssBytes: null,
      supervised: false,
      logBytes: null,
      logWrittenAtMs: null,
      goneSinceMs: null,
      restarts: view.restarts.get(r.id) ?? 0,
      removed: true,
    }));
}

/** Compiles a filter: `/regex/` is a case-insensitive pattern, anything else plain text. */
export function matcher(filter: string): { test: (s: string) => boolean; error: string | null } {
  const f = filter.trim();
  if (f === '') return { test: () => true, error: null };
  const m = /^\/(.*)\/([a-z]*)$/.exec(f);
  if (m) {
    try {
      const re = new RegExp(m[1]!, m[2]!.includes('i') ? m[2] : `${m[2]}i`);
      return { test: (s) => re.test(s), error: null };
    } catch (err) {
      // "Invalid regular expression: /x/i: Unterminated ..." -> the part that says what is wrong
      return {
        test: () => true,
        error: `bad pattern: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`,
      };
    }
  }
  const low = f.toLowerCase();
  return { test: (s) => s.toLowerCase().includes(low), error: null };
}

const STATUS_RANK = { dead: 0, degraded: 1, healthy: 2 } as const;

function sortValue(r: WorkerRow, c: WorkerColumn): string | number {
  switch (c) {
    case 'id':
      return r.id;
    case 'state':
      return r.state ?? '';
    case 'status':
      return STATUS_RANK[r.status];
    case 'bead':
      return r.beadId ?? '';
    case 'progress':
      return r.lastProgressS ?? -1;
    case 'ctx':
      return r.contextPct ?? -1;
    case 'pid':
      return r.pid ?? -1;
    case 'cpu':
      return r.cpuPct ?? -1;
    case 'rss':
      return r.rssBytes ?? -1;
    case 'restarts':
      return r.restarts;
  }
}

/** The rows on show: filtered on every visible field, sorted by the chosen column (ties by id). */
export function workerRows(view: View | null, ui: Pick<UiState, 'filter' | 'sort'>): WorkerRow[] {
  if (!view) return [];
  const m = matcher(ui.filter.workers);
  const rows = [
    ...view.report.workers.map((w): WorkerRow => ({ ...w, restarts: view.restarts.get(w.id) ?? 0 })),
    ...removedRows(view),
  ].filter((w) => m.test([w.id, w.state ?? '', w.status, w.beadId ?? '', w.reason, String(w.pid ?? '')].join(' ')));
  const dir = ui.sort.desc ? -1 : 1;
  return rows.sort((a, b) => {
    if (a.removed !== b.removed) return a.removed ? 1 : -1; // removed ones last, whatever the sort
    const va = sortValue(a, ui.sort.column);
    const vb = sortValue(b, ui.sort.column);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : compareIds(String(va), String(vb));
    return c !== 0 ? c * dir : compareIds(a.id, b.id);
  });
}

export function workerColumns(theme: Theme): Column<WorkerRow>[] {
  // the status is a glyph (and a colour): the room goes to the reason
  return [
    { title: 'ID', width: 7, text: (w) => w.id },
    {
      title: 'S',
      width: 1,
      text: (w) => (w.removed ? '-' : theme.symbol(w.status)),
      paint: (c, w) => theme.paint(c, w.removed ? 'gray' : statusColour(w.status)),
    },
    {
      title: 'STATE',
      width: 9,
      text: (w) => w.state ?? (w.status === 'dead' ? 'dead' : ''),
      paint: (c, w) => theme.paint(c, w.removed ? 'gray' : statusColour(w.status)),
    },
    { title: 'BEAD', width: 9, text: (w) => w.beadId ?? '' },
    { title: 'PROG', width: 5, align: 'right', text: (w) => (w.lastProgressS === null ? '' : formatAge(w.lastProgressS)) },
    { title: 'CTX', width: 4, align: 'right', text: (w) => (w.contextPct === null ? '' : `${w.contextPct}%`) },
    { title: 'PID', width: 7, align: 'right', text: (w) => (w.pid === null ? '' : String(w.pid)) },
    { title: 'CPU', width: 5, align: 'right', text: (w) => (w.cpuPct === null ? '' : w.cpuPct.toFixed(1)) },
    { title: 'RSS', width: 6, align: 'right', text: (w) => (w.rssBytes === null ? '' : formatBytes(w.rssBytes)) },
    { title: 'RST', width: 3, align: 'right', text: (w) => String(w.restarts) },
    { title: 'REASON', width: 6, flex: true, text: (w) => (w.status === 'healthy' ? '' : withoutRestartNote(w.reason)) },
  ];
}

function detailPanels(input: BodyInput, row: WorkerRow | undefined, id: string): Panel[] {
  const { view, body, theme, nowMs } = input;
  const info: Panel = {
    id: 'detail-info',
    top: body.top,
    left: body.left,
    width: body.cols,
    height: 7,
    border: true,
    label: ` Worker ${esc(id)} `,
    lines: [],
    focus: true,
  };
  const tail: Panel = {
    id: 'detail-log',
    top: body.top + 7,
    left: body.left,
    width: body.cols,
    height: body.rows - 7,
    border: true,
    label: ' output.log ',
    lines: [],
  };
  const w = inner(info).cols;
  if (!row) info.lines = [esc(fit('this worker is no longer listed', w, theme))];
  else {
    const kv = (k: string, v: string): string => `${theme.bold(esc(fit(k, 10, theme)))}${esc(fit(v, w - 10, theme))}`;
    info.lines = [
      `${theme.glyph(row.status)} ${theme.paint(esc(fit(`${row.status}: ${row.reason}`, w - 2, theme)), statusColour(row.status))}`,
      kv(
        'state',
        `${row.state ?? '–'}   bead ${row.beadId ?? '–'}   progress ${row.lastProgressS === null ? '–' : `${formatAge(row.lastProgressS)} ago`}   context ${row.contextPct ?? '–'}%`,
      ),
      kv(
        'process',
        row.pid === null
          ? 'none found'
          : `PID ${row.pid}   CPU ${row.cpuPct ?? '–'}%   RSS ${row.rssBytes === null ? '–' : formatBytes(row.rssBytes)}   ${row.supervised ? 'child of the daemon' : "not the daemon's child"}`,
      ),
      kv(
        'log',
        row.logBytes === null
          ? 'no output.log'
          : `${formatBytes(row.logBytes)}, last written ${row.logWrittenAtMs ? `${formatAge((nowMs - row.logWrittenAtMs) / 1000)} ago` : '–'}`,
      ),
      kv('restarts', `${row.restarts} seen by this oro-top`),
    ];
  }
  const t = view?.snapshot.slices.workerTail.data;
  const ti = inner(tail);
  if (!t || t.id !== id) tail.lines = [theme.paint('reading…', 'gray')];
  else if (t.error) tail.lines = [theme.paint(esc(fit(t.error, ti.cols, theme)), 'gray')];
  else tail.lines = t.lines.slice(-ti.rows).map((l) => esc(fit(l, ti.cols, theme)));
  return [info, tail];
}

export function workersModel(input: BodyInput): ScreenModel {
  const { view, ui, body, theme } = input;
  const rows = workerRows(view, ui);
  if (ui.detail)
    return {
      panels: detailPanels(
        input,
        rows.find((r) => r.id === ui.detail) ??
          workerRows(view, { ...ui, filter: { ...ui.filter, workers: '' } }).find((r) => r.id === ui.detail),
        ui.detail,
      ),
    };
  const panel = bodyPanel('workers-table', body);
  const { cols, rows: h } = inner(panel);
  const cursor = Math.min(ui.cursor.workers, Math.max(0, rows.length - 1));
  const cap = h - 1;
  const top = scrollTop(cursor, rows.length, cap);
  const t = renderTable(workerColumns(theme), rows.slice(top, top + cap), cols, theme, {
    selected: cursor - top,
    sortIndex: WORKER_COLUMNS.indexOf(ui.sort.column),
    sortDesc: ui.sort.desc,
  });
  panel.lines = [t.header, ...t.lines];
  if (rows.length === 0) panel.lines.push(theme.paint(esc(fit(view ? 'no workers match' : 'collecting…', cols, theme)), 'gray'));
  const m = matcher(ui.filter.workers);
  // a bad pattern is named briefly here; its message shows in the prompt (the frame stays whole)
  const filter = ui.filter.workers ? ` filter ${esc(ui.filter.workers)}${m.error ? ' (bad pattern)' : ''}` : '';
  const removed = view ? removedRows(view).length : 0;
  const total = (view?.report.workers.length ?? 0) + removed;
  // the count is the health's (removed workers are not counted there): they are named apart
  const count = `${rows.length === total ? total - removed : `${rows.length} of ${total}`}${removed ? ` (+${removed} removed)` : ''}`;
  const pos = rows.length > cap ? ` · ${position(top, cap, rows.length)}` : '';
  panel.label = fitLabel(` Workers ${count}${filter} · sort ${ui.sort.column}${ui.sort.desc ? ' desc' : ''}${pos} `, cols, theme);
  if (rows.length)
    panel.list = { top: body.top + 2, left: body.left + 1, width: cols, first: top, count: Math.min(cap, rows.length - top) };
  return { panels: [panel] };
}
