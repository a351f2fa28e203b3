// The home screen: oro's swarm-health panel (daemon, panes, workers), gauges, the log-error
// sparkline, a compact workers table and the latest alerts.
import { agentStatus, agentText } from '../../agents/summary.js';
import type { AgentView } from '../../agents/types.js';
import type { DaemonHealth, PaneHealth, WorkerHealth } from '../../health/types.js';
import type { View } from '../../store.js';
import { formatAge } from '../../util/format.js';
import { statusColour, type Theme } from '../theme.js';
import { bar, esc, fit, sparkline } from '../text.js';
import type { UiState } from '../ui-state.js';
import { alerts } from './alerts.js';
import {
  fitLabel,
  inner,
  position,
  renderTable,
  scrollTop,
  withoutRestartNote,
  type Column,
  type Panel,
  type ScreenModel,
  type Size,
} from './panel.js';
import { cutWords } from './chrome.js';
import { wrapWords } from './help.js';

export interface BodyInput {
  view: View | null;
  ui: UiState;
  /** the body area: below the header, above the status and hint lines */
  body: { top: number; left: number; cols: number; rows: number };
  theme: Theme;
  nowMs: number;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function paneLine(p: PaneHealth, agent: AgentView | null, nowMs: number): string {
  if (p.status === 'dead') return `Dead (${p.reason.replace(/^pane /, '')})`;
  // "working · 3/7 · 12s": what its agent does, when oro-top reads one there
  if (agent) return agentText(agent, nowMs);
  const seen = p.lastActivityS ? `last seen ${formatAge(nowMs / 1000 - p.lastActivityS)} ago` : 'no activity recorded';
  return p.status === 'healthy' ? `Active (${seen})` : `Idle (${p.reason})`;
}

/** The daemon's state and reason, without saying the state twice ("Stopping: stopping (PID 1)",
 * "Stopping: restarting (#11, ...)"): the reason alone when it starts with what the state says. */
export function daemonText(d: DaemonHealth, restarting: boolean): string {
  if (d.status === 'healthy') return `Running (PID ${d.pid}${d.uptimeS !== null ? `, ${formatAge(d.uptimeS)}` : ''})`;
  if (d.status === 'dead') return `Dead: ${d.reason}`;
  const state = d.state ?? 'degraded';
  if (restarting || d.reason.toLowerCase().startsWith(state.toLowerCase())) return cap(d.reason);
  return `${cap(state)}: ${d.reason}`;
}

function healthLines(view: View, w: number, theme: Theme, nowMs: number): string[] {
  const r = view.report;
  const d = r.daemon;
  const labelW = 11;
  const room = w - labelW - 2;
  const row = (label: string, status: Parameters<Theme['glyph']>[0], text: string): string =>
    `${esc(fit(label, labelW, theme))}${theme.glyph(status)} ${theme.paint(esc(fit(text, room, theme)), statusColour(status))}`;
  // the daemon's reason is what matters most when it is down: it takes a second line if it needs one
  const [first = '', ...rest] = wrapWords(daemonText(d, r.restart !== null), room);
  const lines = [row('Daemon:', d.status, first)];
  if (rest.length)
    lines.push(`${' '.repeat(labelW + 2)}${theme.paint(esc(cutWords(rest.join(' '), room, theme)), statusColour(d.status))}`);
  const agents = view.snapshot.slices.agents?.data?.agents ?? {};
  for (const p of r.panes) {
    const a = p.status === 'dead' ? null : (agents[p.name] ?? null);
    const status = a && p.status === 'healthy' ? agentStatus(a.state) : p.status;
    const line = row(`${cap(p.name)}:`, status, paneLine(p, a, nowMs));
    // an agent waiting for a person stands out
    lines.push(a?.state === 'waiting' ? theme.inverse(line) : line);
  }
  const c = r.workerCounts;
  const wStatus = c.total === 0 ? 'degraded' : c.dead > 0 ? 'dead' : c.degraded > 0 ? 'degraded' : 'healthy';
  const detail = [c.degraded ? `${c.degraded} degraded` : '', c.dead ? `${c.dead} dead` : ''].filter(Boolean).join(', ');
  lines.push(row('Workers:', wStatus, `${c.healthy}/${c.total} healthy${detail ? ` (${detail})` : ''}`));
  const db = view.snapshot.slices.db.data;
  const logs = view.snapshot.slices.logs.data;
  const esc5 = db ? `${db.pendingEscalationCount} pending escalation${db.pendingEscalationCount === 1 ? '' : 's'}` : 'escalations unknown';
  const errs = logs ? `${logs.errorsLast5m} log error${logs.errorsLast5m === 1 ? '' : 's'} in 5m` : '';
  lines.push(esc(fit(`${esc5}${errs ? ` · ${errs}` : ''}`, w, theme)));
  return lines;
}

function gaugeLines(view: View, w: number, theme: Theme): string[] {
  const r = view.report;
  const host = view.snapshot.slices.host.data;
  const ctx = r.workers.map((x) => x.contextPct).filter((x): x is number => x !== null);
  const meanCtx = ctx.length ? ctx.reduce((a, b) => a + b, 0) / ctx.length : null;
  const healthyPct = r.workerCounts.total ? (r.workerCounts.healthy / r.workerCounts.total) * 100 : null;
  const memPct = host ? (host.memUsedBytes / host.memTotalBytes) * 100 : null;
  const labelW = 9;
  const valueW = 5;
  const barW = Math.max(4, w - labelW - valueW - 1);
  const gauge = (label: string, pct: number | null, colour: Parameters<Theme['paint']>[1]): string => {
    const value = pct === null ? '  –  ' : `${Math.round(pct)}%`.padStart(valueW);
    return `${esc(fit(label, labelW, theme))}${theme.paint(bar(pct, barW, theme), colour)} ${value}`;
  };
  const errs = view.snapshot.slices.logs.data?.errorsPerMinute ?? [];
  const sparkW = Math.max(4, w - labelW);
  return [
    gauge('Healthy', healthyPct, healthyPct === null || healthyPct >= 99.5 ? 'green' : healthyPct >= 50 ? 'yellow' : 'red'),
    gauge('Context', meanCtx, meanCtx !== null && meanCtx > 80 ? 'yellow' : 'cyan'),
    gauge('Host CPU', host?.cpuPct ?? null, (host?.cpuPct ?? 0) > 90 ? 'red' : 'cyan'),
    gauge('Memory', memPct, (memPct ?? 0) > 90 ? 'red' : 'cyan'),
    `${esc(fit('Err/min', labelW, theme))}${theme.paint(sparkline(errs, sparkW, theme), errs.slice(-5).some((e) => e > 0) ? 'red' : 'gray')}`,
  ];
}

/** The overview's workers table; `narrow`: no BEAD column (the Workers screen has it), the room
 * goes to the reason. */
export const COMPACT_WORKER_COLUMNS = (theme: Theme, narrow = false): Column<WorkerHealth>[] => [
  { title: 'ID', width: 6, text: (w) => w.id },
  { title: '', width: 1, text: (w) => theme.symbol(w.status), paint: (c, w) => theme.paint(c, statusColour(w.status)) },
  {
    title: 'STATE',
    width: 8,
    text: (w) => w.state ?? (w.status === 'dead' ? 'dead' : '?'),
    paint: (c, w) => theme.paint(c, statusColour(w.status)),
  },
  ...(narrow ? [] : [{ title: 'BEAD', width: 9, text: (w: WorkerHealth) => w.beadId ?? '' }]),
  { title: 'CTX', width: 4, align: 'right', text: (w) => (w.contextPct === null ? '' : `${w.contextPct}%`) },
  { title: 'REASON', width: 6, flex: true, text: (w) => (w.status === 'healthy' ? '' : withoutRestartNote(w.reason)) },
];

/** The panels of the overview, placed in the body; the health panel is `topH` rows high. */
function layout(body: BodyInput['body'], topH: number): Record<'health' | 'gauges' | 'workers' | 'alerts', Panel> {
  // the health panel gets the room its reasons need; the gauges need ~26 cells
  const topLeftW = Math.max(50, Math.floor(body.cols * 0.65));
  const bottomLeftW = Math.max(44, Math.floor(body.cols * 0.56));
  const bottomH = body.rows - topH;
  const panel = (id: string, label: string, top: number, left: number, width: number, height: number): Panel => ({
    id,
    top,
    left,
    width,
    height,
    border: true,
    label,
    lines: [],
  });
  return {
    health: panel('health', ' Swarm Health ', body.top, body.left, topLeftW, topH),
    gauges: panel('gauges', ' Gauges ', body.top, body.left + topLeftW, body.cols - topLeftW, topH),
    workers: panel('workers', ' Workers ', body.top + topH, body.left, bottomLeftW, bottomH),
    alerts: panel('alerts', ' Alerts ', body.top + topH, body.left + bottomLeftW, body.cols - bottomLeftW, bottomH),
  };
}

/** The compact workers table: the unhealthy first, so problems are never below the fold. */
function workerLines(view: View, workers: Panel, theme: Theme): string[] {
  const wi = inner(workers);
  const order = { dead: 0, degraded: 1, healthy: 2 } as const;
  const sorted = [...view.report.workers].sort((a, b) => order[a.status] - order[b.status]);
  const visible = wi.rows - 1;
  const more = sorted.length > visible ? sorted.length - visible + 1 : 0;
  const cols = COMPACT_WORKER_COLUMNS(theme, wi.cols < 60);
  const t = renderTable(cols, sorted.slice(0, more ? visible - 1 : visible), wi.cols, theme);
  const lines = [t.header, ...t.lines];
  if (more) lines.push(theme.paint(esc(fit(`… ${more} more (2: Workers screen)`, wi.cols, theme)), 'gray'));
  return lines;
}

/** The alerts, newest first: the overview's list (j/k select, Enter reads one in full). */
function alertLines(input: BodyInput, view: View, alertP: Panel): void {
  const { theme, nowMs } = input;
  const ai = inner(alertP);
  const list = alerts(view, nowMs);
  const cursor = Math.min(input.ui.cursor.overview, Math.max(0, list.length - 1));
  const top = scrollTop(cursor, list.length, ai.rows);
  alertP.lines = list.length
    ? list.slice(top, top + ai.rows).map((a, i) => {
        const text = esc(fit(`${formatAge((nowMs - a.atMs) / 1000)} ${a.text}`, ai.cols - 2, theme));
        return top + i === cursor
          ? theme.inverse(`${theme.symbol(a.status)} ${text}`)
          : `${theme.glyph(a.status)} ${theme.paint(text, a.status === 'healthy' ? 'green' : a.status === 'degraded' ? 'yellow' : 'red')}`;
      })
    : [theme.paint(esc(fit('no alerts', ai.cols, theme)), 'gray')];
  if (list.length > ai.rows) alertP.label = fitLabel(` Alerts · ${position(top, ai.rows, list.length)} `, ai.cols, theme);
  if (list.length)
    alertP.list = { top: alertP.top + 1, left: alertP.left + 1, width: ai.cols, first: top, count: Math.min(ai.rows, list.length - top) };
}

export function overviewModel(input: BodyInput): ScreenModel {
  const { view, body, theme, nowMs } = input;
  if (!view) {
    const p = layout(body, 7);
    p.health.lines = [theme.paint('collecting…', 'gray')];
    return { panels: [p.health, p.gauges, p.workers, p.alerts] };
  }
  // the health panel is as high as its lines (a daemon reason on two lines takes one more)
  const healthW = layout(body, 7).health.width;
  const hl = healthLines(view, inner({ width: healthW, height: 0, border: true }).cols, theme, nowMs);
  const p = layout(body, Math.max(7, hl.length + 2));
  p.health.lines = hl;
  p.gauges.lines = gaugeLines(view, inner(p.gauges).cols, theme);
  p.workers.lines = workerLines(view, p.workers, theme);
  p.workers.label = ` Workers ${view.report.workerCounts.healthy}/${view.report.workerCounts.total} `;
  alertLines(input, view, p.alerts);
  return { panels: [p.health, p.gauges, p.workers, p.alerts] };
}

export type { Size };
