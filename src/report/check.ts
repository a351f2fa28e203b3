// `oro-top check`: one line per component and an exit code scripts can branch on.
import type { HealthReport, Overall, Status } from '../health/types.js';
import { STATUS_ASCII, STATUS_GLYPH } from '../health/types.js';
import { asciiOnly } from '../screens/text.js';

/** 0 healthy, 1 degraded, 2 critical, 3 unreachable, 4 restarting (a planned restart, not a page). */
export const EXIT_CODES: Record<Overall, number> = { healthy: 0, degraded: 1, critical: 2, unreachable: 3, restarting: 4 };

export interface CheckLine {
  component: string;
  status: Status | Overall;
  reason: string;
}

export function checkLines(r: HealthReport): CheckLine[] {
  const lines: CheckLine[] = [{ component: 'daemon', status: r.daemon.status, reason: r.daemon.reason }];
  for (const p of r.panes) lines.push({ component: p.name, status: p.status, reason: p.reason });
  for (const w of r.workers) lines.push({ component: `worker ${w.id}`, status: w.status, reason: w.reason });
  const c = r.workerCounts;
  lines.push({
    component: 'workers',
    status: c.dead > 0 ? 'dead' : c.degraded > 0 ? 'degraded' : 'healthy',
    reason: `${c.healthy}/${c.total} healthy`,
  });
  for (const s of r.sources) if (s.error) lines.push({ component: `source ${s.name}`, status: 'degraded', reason: s.error });
  lines.push({ component: 'overall', status: r.overall, reason: r.overallReason });
  return lines;
}

function glyph(status: Status | Overall, ascii: boolean): string {
  const s: Status = status === 'healthy' ? 'healthy' : status === 'degraded' || status === 'restarting' ? 'degraded' : 'dead';
  return (ascii ? STATUS_ASCII : STATUS_GLYPH)[s];
}

export function checkText(r: HealthReport, ascii = false): string {
  const lines = checkLines(r);
  const width = Math.min(Math.max(...lines.map((l) => l.component.length)), 24);
  const text = `${lines.map((l) => `${l.component.padEnd(width)}  ${glyph(l.status, ascii)} ${l.status.padEnd(11)} ${l.reason}`).join('\n')}\n`;
  // ASCII means every byte: reasons and ids from outside are transliterated too
  return ascii ? text.split('\n').map(asciiOnly).join('\n') : text;
}

export function checkJson(r: HealthReport): Record<string, unknown> {
  return { overall: r.overall, exit_code: EXIT_CODES[r.overall], components: checkLines(r) };
}
