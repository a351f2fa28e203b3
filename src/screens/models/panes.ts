// The panes screen: the architect and manager panes — alive or dead with its exit status, pane id,
// PID, current command, last activity, context use — and a preview of each pane's last lines.
import { PANE_NAMES } from '../../oro/panes.js';
import { agentStatus } from '../../agents/summary.js';
import type { AgentView } from '../../agents/types.js';
import type { PaneHealth } from '../../health/types.js';
import { formatAge } from '../../util/format.js';
import { statusColour, type Theme } from '../theme.js';
import { bar, esc, fit, width } from '../text.js';
import type { BodyInput } from './overview.js';
import { inner, type Panel, type ScreenModel } from './panel.js';

function paneInfo(p: PaneHealth, nowMs: number): string {
  const parts = [
    `pane ${p.paneId ?? '–'}`,
    `PID ${p.pid ?? '–'}`,
    `cmd ${p.currentCommand ?? '–'}`,
    `last activity ${p.lastActivityS ? `${formatAge(nowMs / 1000 - p.lastActivityS)} ago` : '–'}`,
    `context ${p.contextPct === null ? '–' : `${p.contextPct}%`}`,
  ];
  if (p.deadStatus !== null) parts.push(`exit status ${p.deadStatus}`);
  return parts.join(' · ');
}

/** "● waiting 12s · claude-code · [██░░░] 2/5 · Do you want to proceed?" (state, since, program, progress, evidence) */
export function agentLine(a: AgentView | null, cols: number, theme: Theme, nowMs: number): string {
  if (!a) return theme.paint(esc(fit('agent: none known in this pane', cols, theme)), 'gray');
  const st = agentStatus(a.state);
  const head = `${a.state} ${formatAge((nowMs - a.sinceMs) / 1000)} · ${a.program}`;
  const count = a.progress ? ` ${a.progress.done}/${a.progress.total}` : '';
  const progress = a.progress ? ` · ${bar((a.progress.done / Math.max(1, a.progress.total)) * 100, 8, theme)}${count}` : '';
  // the glyph and its space, the state, the progress (" · " + 8 cells + count): the evidence gets the rest
  const used = 2 + width(head) + (a.progress ? 3 + 8 + width(count) : 0);
  const line = `${theme.glyph(st)} ${theme.paint(esc(head), statusColour(st))}${progress}${theme.paint(esc(fit(` · ${a.evidence}`, Math.max(0, cols - used), theme)), 'gray')}`;
  return a.state === 'waiting' ? theme.inverse(line) : line;
}

export function panesModel(input: BodyInput): ScreenModel {
  const { view, ui, body, theme, nowMs } = input;
  const names = PANE_NAMES;
  const h1 = Math.floor(body.rows / 2);
  const panels: Panel[] = names.map((name, i) => ({
    id: `pane-${name}`,
    top: body.top + (i === 0 ? 0 : h1),
    left: body.left,
    width: body.cols,
    height: i === 0 ? h1 : body.rows - h1,
    border: true,
    label: ` ${name} `,
    lines: [],
    focus: ui.cursor.panes === i,
  }));
  if (!view) {
    panels[0]!.lines = [theme.paint('collecting…', 'gray')];
    return { panels };
  }
  const text = view.snapshot.slices.paneText.data?.lines ?? {};
  panels.forEach((panel, i) => {
    const p = view.report.panes.find((x) => x.name === names[i]);
    const { cols, rows } = inner(panel);
    if (!p) return;
    panel.label = ` ${ui.cursor.panes === i ? '> ' : ''}${p.name} `;
    const agent = p.status === 'dead' ? null : (view.snapshot.slices.agents?.data?.agents[p.name] ?? null);
    const head = [
      `${theme.glyph(p.status)} ${theme.paint(esc(fit(`${p.status}: ${p.reason}`, cols - 2, theme)), statusColour(p.status))}`,
      esc(fit(paneInfo(p, nowMs), cols, theme)),
      agentLine(agent, cols, theme, nowMs),
      theme.paint((theme.ascii ? '-' : '─').repeat(cols), 'gray'),
    ];
    const preview = text[p.name] ?? ['(reading the pane…)'];
    const room = Math.max(0, rows - head.length);
    const shown = preview.filter((l, j, all) => !(l === '' && all.slice(j).every((x) => x === ''))).slice(-room);
    panel.lines = [...head, ...shown.map((l) => esc(fit(l, cols, theme)))];
  });
  return { panels };
}
