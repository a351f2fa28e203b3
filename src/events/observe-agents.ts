// What changed in the agents between two refreshes, and which sends ended: observations beside the
// health ones (health/observe.ts), so the store's one list feeds the alerts, the events screen and
// `oro-top events`. One observation per change: agent_waiting / agent_stuck / agent_error /
// agent_complete when the agent moved into that state, state_change for any other move; progress
// when done/total changed. Pure.
import type { AgentView } from '../agents/types.js';
import type { ActionsSnapshot } from '../collectors/actions.js';
import type { AgentsSnapshot } from '../collectors/agents.js';
import type { Observation } from '../health/observe.js';
import type { Status } from '../health/types.js';

const SPECIAL: Partial<Record<AgentView['state'], Observation['kind']>> = {
  waiting: 'agent_waiting',
  stuck: 'agent_stuck',
  error: 'agent_error',
  complete: 'agent_complete',
};

const STATUS: Partial<Record<AgentView['state'], Status>> = { waiting: 'degraded', stuck: 'degraded', error: 'dead', unknown: 'degraded' };

export const agentComponent = (pane: string): string => `${pane} agent`;

function agentData(a: AgentView, from: string | null): Record<string, unknown> {
  return { pane: a.pane, state: a.state, from, evidence: a.evidence, program: a.program, progress: a.progress };
}

export function observeAgents(prev: AgentsSnapshot | null, next: AgentsSnapshot | null, atMs: number): Observation[] {
  if (!prev || !next) return [];
  const out: Observation[] = [];
  for (const [pane, a] of Object.entries(next.agents)) {
    const b = prev.agents[pane];
    if (!a) continue;
    const component = agentComponent(pane);
    if (!b || b.state !== a.state) {
      const kind = SPECIAL[a.state] ?? 'state_change';
      const text =
        kind === 'state_change'
          ? `${pane} agent is ${a.state}${b ? ` (was ${b.state})` : ''}: ${a.evidence}`
          : `${pane} agent is ${a.state}: ${a.evidence}`;
      out.push({ atMs, kind, component, text, status: STATUS[a.state] ?? 'healthy', data: agentData(a, b?.state ?? null) });
    }
    const p = a.progress;
    const q = b?.progress ?? null;
    if (p && (!q || p.done !== q.done || p.total !== q.total)) {
      out.push({
        atMs,
        kind: 'progress',
        component,
        text: `${pane} agent: ${p.done}/${p.total} done`,
        status: 'healthy',
        data: { pane, done: p.done, total: p.total, was: q },
      });
    }
  }
  return out;
}

/** The sends that ended since the previous refresh (the journal's rows): command_sent / command_failed. */
export function observeSends(prev: ActionsSnapshot | null, next: ActionsSnapshot | null, atMs: number): Observation[] {
  if (!prev || !next) return [];
  const ended = new Set(prev.recent.filter((a) => a.status !== 'running').map((a) => a.id));
  const out: Observation[] = [];
  for (const a of next.recent) {
    if (a.kind !== 'send' || a.status === 'running' || ended.has(a.id)) continue;
    const ok = a.status === 'succeeded';
    out.push({
      atMs: a.endedAt ? Date.parse(a.endedAt) || atMs : atMs,
      kind: ok ? 'command_sent' : 'command_failed',
      component: `${a.target} pane`,
      text: `send #${a.id} to ${a.target} by ${a.who}: ${a.outcome ?? a.status}`,
      status: ok ? 'healthy' : 'dead',
      data: { pane: a.target, actionId: a.id, who: a.who, outcome: a.outcome },
    });
  }
  // the journal lists newest first: the events go oldest first
  return out.sort((x, y) => x.atMs - y.atMs);
}
