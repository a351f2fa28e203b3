// oro-top's own observations: what changed between two health reports (a worker died, a pane came
// back, a worker got a new process). Pure; the store keeps a bounded history of them.
import type { HealthReport, Status } from './types.js';

export interface Observation {
  atMs: number;
  /** the health changes below; the agents' and the sends' (src/events/observe-agents.ts) */
  kind:
    | 'died'
    | 'recovered'
    | 'degraded'
    | 'restarted'
    | 'appeared'
    | 'left'
    | 'overall'
    | 'state_change'
    | 'progress'
    | 'agent_stuck'
    | 'agent_waiting'
    | 'agent_error'
    | 'agent_complete'
    | 'command_sent'
    | 'command_failed';
  component: string;
  text: string;
  /** the status the component moved to */
  status: Status | 'critical' | 'unreachable';
  /** an agent's or a send's details (the events stream's JSON) */
  data?: Record<string, unknown>;
}

function statusChanges(
  name: string,
  before: { status: Status; reason: string } | undefined,
  after: { status: Status; reason: string },
  atMs: number,
): Observation | null {
  if (!before || before.status === after.status) return null;
  if (after.status === 'dead') return { atMs, kind: 'died', component: name, text: `${name} is dead: ${after.reason}`, status: 'dead' };
  if (after.status === 'healthy')
    return { atMs, kind: 'recovered', component: name, text: `${name} is healthy again: ${after.reason}`, status: 'healthy' };
  return {
    atMs,
    kind: before.status === 'dead' ? 'recovered' : 'degraded',
    component: name,
    text: `${name} is degraded: ${after.reason}`,
    status: 'degraded',
  };
}

/** What happened between `prev` and `next`; empty for the first report. */
export function observe(prev: HealthReport | null, next: HealthReport, atMs: number): Observation[] {
  if (!prev) return [];
  const out: Observation[] = [];
  const push = (o: Observation | null): void => {
    if (o) out.push(o);
  };
  push(statusChanges('daemon', prev.daemon, next.daemon, atMs));
  if (prev.daemon.pid !== null && next.daemon.pid !== null && prev.daemon.pid !== next.daemon.pid && next.daemon.status !== 'dead') {
    out.push({
      atMs,
      kind: 'restarted',
      component: 'daemon',
      text: `daemon has a new PID ${next.daemon.pid} (was ${prev.daemon.pid})`,
      status: next.daemon.status,
    });
  }
  const prevPanes = new Map(prev.panes.map((p) => [p.name, p]));
  for (const p of next.panes) {
    const b = prevPanes.get(p.name);
    push(statusChanges(`${p.name} pane`, b, p, atMs));
    if (b && b.pid !== null && p.pid !== null && b.pid !== p.pid && p.status !== 'dead') {
      out.push({
        atMs,
        kind: 'restarted',
        component: `${p.name} pane`,
        text: `${p.name} pane has a new process ${p.pid} (was ${b.pid})`,
        status: p.status,
      });
    }
  }
  const prevWorkers = new Map(prev.workers.map((w) => [w.id, w]));
  for (const w of next.workers) {
    const b = prevWorkers.get(w.id);
    if (!b) {
      out.push({ atMs, kind: 'appeared', component: `worker ${w.id}`, text: `worker ${w.id} appeared (${w.reason})`, status: w.status });
      continue;
    }
    push(statusChanges(`worker ${w.id}`, b, w, atMs));
    if (b.pid !== null && w.pid !== null && b.pid !== w.pid) {
      out.push({
        atMs,
        kind: 'restarted',
        component: `worker ${w.id}`,
        text: `worker ${w.id} has a new process ${w.pid} (was ${b.pid})`,
        status: w.status,
      });
    }
  }
  const nextIds = new Set(next.workers.map((w) => w.id));
  const removed = new Map((next.removedWorkers ?? []).map((r) => [r.id, r.reason]));
  for (const b of prev.workers) {
    if (nextIds.has(b.id)) continue;
    const why = removed.get(b.id) ?? (b.status === 'dead' ? 'gone for longer than thresholds.gone_keep_s' : 'no longer reported');
    out.push({ atMs, kind: 'left', component: `worker ${b.id}`, text: `worker ${b.id} left the list: ${why}`, status: 'healthy' });
  }
  if (prev.overall !== next.overall) {
    out.push({
      atMs,
      kind: 'overall',
      component: 'swarm',
      text: `swarm is ${next.overall}`,
      status:
        next.overall === 'healthy' ? 'healthy' : next.overall === 'degraded' || next.overall === 'restarting' ? 'degraded' : next.overall,
    });
  }
  return out;
}
