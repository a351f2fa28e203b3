// One tmux pane's status and reason (architect, manager): missing window, exited or killed, its
// process gone or stopped, idle past thresholds.pane_idle_s, or active.
import type { Snapshot } from '../collectors/sources.js';
import { isStoppedState } from '../system/proc-parse.js';
import { formatAge } from '../util/format.js';
import { sanitizeId } from '../util/sanitize.js';
import type { ClassifyOptions } from './classify-options.js';
import { stoppedText } from './stopped-text.js';
import type { PaneHealth } from './types.js';

export function classifyPane(name: string, snap: Snapshot, nowMs: number, opts: ClassifyOptions): PaneHealth {
  const t = snap.slices.tmux;
  const dbActivity = snap.slices.db.data?.paneActivity[name] ?? null;
  const base: PaneHealth = {
    name,
    status: 'dead',
    reason: '',
    paneId: null,
    pid: null,
    lastActivityS: dbActivity,
    deadStatus: null,
    currentCommand: null,
    title: null,
    contextPct: t.data?.contextPct[name] ?? null,
  };
  if (!t.data) return { ...base, status: 'degraded', reason: `tmux not read${t.error ? `: ${t.error.message}` : ' yet'}` };
  if (t.data.problem) return { ...base, reason: t.data.problemText ?? t.data.problem };
  const pane = t.data.panes.find((p) => p.window === name);
  if (!pane) return { ...base, reason: `no window '${name}' in tmux session '${opts.session}'` };
  const last = Math.max(dbActivity ?? 0, pane.activityS ?? 0) || null;
  const withPane: PaneHealth = {
    ...base,
    paneId: pane.paneId,
    pid: pane.pid,
    lastActivityS: last,
    deadStatus: pane.deadStatus,
    currentCommand: sanitizeId(pane.currentCommand),
    title: sanitizeId(pane.title),
  };
  if (pane.dead) {
    const when = pane.deadAtS ? ` ${formatAge(nowMs / 1000 - pane.deadAtS)} ago` : '';
    // tmux 3.3 leaves the status empty both for exit 0 and for a signal; 3.4+ names the signal
    const how =
      pane.deadSignal !== null
        ? `pane process was killed by signal ${pane.deadSignal}`
        : pane.deadStatus === null
          ? 'pane process ended (exit 0 or a signal)'
          : `pane exited with status ${pane.deadStatus}`;
    return { ...withPane, reason: `${how}${when}` };
  }
  if (!pane.processAlive) return { ...withPane, reason: `pane process ${pane.pid ?? '?'} is gone` };
  if (pane.processState && isStoppedState(pane.processState)) {
    const who = pane.stopped
      ? `${sanitizeId(pane.stopped.comm, 32)} (PID ${pane.stopped.pid}) in the pane`
      : `pane process ${pane.pid ?? '?'}`;
    return { ...withPane, status: 'degraded', reason: `${who} is ${stoppedText(pane.processState, pane.stoppedSinceMs ?? null, nowMs)}` };
  }
  const stale = t.error ? ` (tmux stale: ${t.error.message})` : '';
  if (last === null) return { ...withPane, status: 'healthy', reason: `alive, no activity recorded${stale}` };
  const idle = nowMs / 1000 - last;
  if (idle > opts.thresholds.paneIdleS) return { ...withPane, status: 'degraded', reason: `alive but idle for ${formatAge(idle)}${stale}` };
  return { ...withPane, status: 'healthy', reason: `active, last seen ${formatAge(idle)} ago${stale}` };
}
