// The events stream's one shape (`oro-top events`): from the store's observations (health changes,
// agents, sends), from the supervisor's incidents and from the journal's sends (history). Pure.
import type { Observation } from '../health/observe.js';
import type { Incident } from '../journal/incidents.js';
import type { ActionRecord } from '../journal/journal.js';

export interface OroEvent {
  atMs: number;
  /** state_change, progress, agent_*, command_sent/failed, daemon/pane/worker_died/recovered/restarted/degraded, incident */
  kind: string;
  /** daemon, a pane's name, a worker's id */
  target: string;
  text: string;
  data?: Record<string, unknown>;
}

const DIED_KINDS = new Set([
  'exited',
  'signalled',
  'zombie',
  'stale-pid',
  'not-running',
  'pid-file-bad',
  'pane-died',
  'pane-missing',
  'no-session',
]);

/** "daemon" / "architect pane" / "worker w-1" / "architect agent" -> its type and name */
function componentOf(c: string): { type: 'daemon' | 'pane' | 'worker' | 'agent' | 'swarm'; name: string } {
  if (c === 'daemon') return { type: 'daemon', name: 'daemon' };
  if (c.startsWith('worker ')) return { type: 'worker', name: c.slice('worker '.length) };
  if (c.endsWith(' pane')) return { type: 'pane', name: c.slice(0, -' pane'.length) };
  if (c.endsWith(' agent')) return { type: 'agent', name: c.slice(0, -' agent'.length) };
  return { type: 'swarm', name: c };
}

/** An observation as an event; null for those the stream leaves out (appeared, left, overall). */
export function eventOfObservation(o: Observation): OroEvent | null {
  const c = componentOf(o.component);
  if (o.kind === 'appeared' || o.kind === 'left' || o.kind === 'overall') return null;
  if (o.kind === 'died' || o.kind === 'recovered' || o.kind === 'restarted' || o.kind === 'degraded') {
    if (c.type === 'agent' || c.type === 'swarm') return null;
    return { atMs: o.atMs, kind: `${c.type}_${o.kind}`, target: c.name, text: o.text };
  }
  return { atMs: o.atMs, kind: o.kind, target: c.name, text: o.text, ...(o.data ? { data: o.data } : {}) };
}

/** A supervisor's incident: TYPE_died when its target died, else `incident`. */
export function eventOfIncident(i: Incident): OroEvent {
  const [type, ...rest] = i.target.split(':');
  const name = rest.join(':') || type!;
  const died = DIED_KINDS.has(i.kind) && (type === 'daemon' || type === 'pane' || type === 'worker');
  return {
    atMs: Date.parse(i.at),
    kind: died ? `${type}_died` : 'incident',
    target: name,
    text: `${i.summary}${i.action ? `; ${i.action}: ${i.outcome ?? 'running'}` : ''} (incident #${i.id})`,
    data: { incident: i.id, incidentKind: i.kind, severity: i.severity },
  };
}

/** A send in the journal that ended: command_sent / command_failed; null for anything else. */
export function eventOfSend(a: ActionRecord): OroEvent | null {
  if (a.kind !== 'send' || a.status === 'running') return null;
  const ok = a.status === 'succeeded';
  return {
    atMs: Date.parse(a.endedAt ?? a.startedAt),
    kind: ok ? 'command_sent' : 'command_failed',
    target: a.target,
    text: `send #${a.id} to ${a.target} by ${a.who}: ${a.outcome ?? a.status}`,
    data: { pane: a.target, actionId: a.id, who: a.who, outcome: a.outcome },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "2026-11-25T10:04:05Z agent_waiting architect agent is waiting: Do you want to proceed?" (the text names the target) */
export function eventLine(e: OroEvent): string {
  return `${iso(e.atMs)} ${e.kind} ${e.text}`;
}

export function eventJson(e: OroEvent): Record<string, unknown> {
  return { at: new Date(e.atMs).toISOString(), kind: e.kind, target: e.target, text: e.text, ...(e.data ?? {}) };
}
