// How an agent reads in one line and in JSON, shared by the dashboard's view models and
// `snapshot --json`. Pure.
import type { Status } from '../health/types.js';
import { formatAge } from '../util/format.js';
import type { AgentState, AgentView } from './types.js';

/** The colour an agent's state is drawn in: a person is needed (waiting) or something is wrong. */
export function agentStatus(state: AgentState): Status {
  if (state === 'error') return 'dead';
  if (state === 'waiting' || state === 'stuck' || state === 'unknown') return 'degraded';
  return 'healthy';
}

/** "working · 3/7 · 12s" (the state, its checklist, how long in this state) */
export function agentText(a: AgentView, nowMs: number): string {
  const parts: string[] = [a.state];
  if (a.progress) parts.push(`${a.progress.done}/${a.progress.total}`);
  parts.push(formatAge((nowMs - a.sinceMs) / 1000));
  return parts.join(' · ');
}

/** snapshot --json's `agent` of a pane: null when the pane runs no known agent. */
export function agentJson(a: AgentView | null | undefined): Record<string, unknown> | null {
  if (!a) return null;
  return {
    state: a.state,
    since: new Date(a.sinceMs).toISOString(),
    evidence: a.evidence,
    progress: a.progress ? { done: a.progress.done, total: a.progress.total } : null,
    program: a.program,
  };
}
