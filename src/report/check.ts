// `oro-top check`: one line per component and an exit code scripts can branch on.
import type { SupervisionSnapshot } from '../collectors/supervision.js';
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

/**
 * The targets the supervisor gave up on, as one line (null: none). It names them and how to clear
 * the state; it does not change the overall status: a given-up target that is still broken is
 * already judged by the health model, and one that came back by itself is not a page.
 */
export function gaveUpLine(s: Pick<SupervisionSnapshot, 'gaveUp'> | null | undefined): CheckLine | null {
  const g = s?.gaveUp ?? [];
  if (g.length === 0) return null;
  const targets = g.map((x) => x.target);
  const reset = g.length === 1 ? `oro-top supervise --reset ${targets[0]}` : 'oro-top supervise --reset TARGET';
  const why = g.length === 1 ? ` (${g[0]!.why}, since ${g[0]!.since})` : '';
  return { component: 'supervisor', status: 'degraded', reason: `gave up on ${targets.join(', ')}${why}: no auto-recovery until ${reset}` };
}

export function checkLines(r: HealthReport, sup?: Pick<SupervisionSnapshot, 'gaveUp'> | null): CheckLine[] {
  const lines: CheckLine[] = [{ component: 'daemon', status: r.daemon.status, reason: r.daemon.reason }];
  for (const p of r.panes) lines.push({ component: p.name, status: p.status, reason: p.reason });
  for (const w of r.workers) lines.push({ component: `worker ${w.id}`, status: w.status, reason: w.reason });
  const c = r.workerCounts;
  lines.push(
    c.total === 0
      ? { component: 'workers', status: 'degraded', reason: 'no workers' }
      : {
          component: 'workers',
          status: c.dead > 0 ? 'dead' : c.degraded > 0 ? 'degraded' : 'healthy',
          reason: `${c.healthy}/${c.total} healthy`,
        },
  );
  for (const s of r.sources) if (s.error) lines.push({ component: `source ${s.name}`, status: 'degraded', reason: s.error });
  const gave = gaveUpLine(sup);
  if (gave) lines.push(gave);
  lines.push({ component: 'overall', status: r.overall, reason: r.overallReason });
  return lines;
}

function glyph(status: Status | Overall, ascii: boolean): string {
  const s: Status = status === 'healthy' ? 'healthy' : status === 'degraded' || status === 'restarting' ? 'degraded' : 'dead';
  return (ascii ? STATUS_ASCII : STATUS_GLYPH)[s];
}

export function checkText(r: HealthReport, ascii = false, sup?: Pick<SupervisionSnapshot, 'gaveUp'> | null): string {
  const lines = checkLines(r, sup);
  const width = Math.min(Math.max(...lines.map((l) => l.component.length)), 24);
  const text = `${lines.map((l) => `${l.component.padEnd(width)}  ${glyph(l.status, ascii)} ${l.status.padEnd(11)} ${l.reason}`).join('\n')}\n`;
  // ASCII means every byte: reasons and ids from outside are transliterated too
  return ascii ? text.split('\n').map(asciiOnly).join('\n') : text;
}

export function checkJson(r: HealthReport, sup?: Pick<SupervisionSnapshot, 'gaveUp'> | null): Record<string, unknown> {
  return { overall: r.overall, exit_code: EXIT_CODES[r.overall], components: checkLines(r, sup) };
}
