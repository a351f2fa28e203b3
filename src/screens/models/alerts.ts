// The latest alerts for the overview: the agents that need someone now (waiting for a person,
// stuck, in error) first, then deaths and recoveries oro-top observed, failed sends, agents that
// completed, and bursts of log errors. Newest first. Pure.
import { agentStatus } from '../../agents/summary.js';
import type { AgentState } from '../../agents/types.js';
import type { Status } from '../../health/types.js';
import type { View } from '../../store.js';

export interface Alert {
  atMs: number;
  status: Status;
  text: string;
  /** an agent that needs someone now (waiting, stuck, error): drawn highlighted */
  agent?: AgentState;
}

/** A minute with at least this many error lines is a burst. */
export const ERROR_BURST = 5;

/** Observations the alerts leave to the events screen: an agent's other moves, its progress, a send that went. */
const NOT_ALERTS = new Set([
  'appeared',
  'overall',
  'state_change',
  'progress',
  'command_sent',
  'agent_waiting',
  'agent_stuck',
  'agent_error',
]);

/** The agents that need someone now (waiting, stuck, in error): first, as long as they are. */
function agentAlerts(view: View): Alert[] {
  const out: Alert[] = [];
  for (const a of Object.values(view.snapshot.slices.agents?.data?.agents ?? {})) {
    if (!a || (a.state !== 'waiting' && a.state !== 'stuck' && a.state !== 'error')) continue;
    out.push({ atMs: a.sinceMs, status: agentStatus(a.state), text: `${a.pane} agent is ${a.state}: ${a.evidence}`, agent: a.state });
  }
  return out;
}

export function alerts(view: View, nowMs: number, max = 50): Alert[] {
  const out: Alert[] = [];
  for (const o of view.observations) {
    if (NOT_ALERTS.has(o.kind)) continue;
    const status: Status = o.status === 'critical' || o.status === 'unreachable' ? 'dead' : o.status;
    out.push({ atMs: o.atMs, status, text: o.text });
  }
  const perMin = view.snapshot.slices.logs.data?.errorsPerMinute ?? [];
  const thisMinute = Math.floor(nowMs / 60_000);
  perMin.forEach((n, i) => {
    if (n >= ERROR_BURST) {
      const minute = thisMinute - (perMin.length - 1 - i);
      out.push({ atMs: minute * 60_000, status: 'degraded', text: `${n} log errors in one minute` });
    }
  });
  // an agent that needs someone stays on top while it does
  const now = agentAlerts(view).sort((a, b) => b.atMs - a.atMs);
  return [...now, ...out.sort((a, b) => b.atMs - a.atMs)].slice(0, max);
}

export function alertKey(a: Alert): string {
  return `${a.atMs}|${a.text}`;
}
