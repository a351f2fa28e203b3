// The one event model: agents' and sends' observations beside the health ones, and their events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentView } from '../../src/agents/types.js';
import type { AgentsSnapshot } from '../../src/collectors/agents.js';
import { eventJson, eventLine, eventOfIncident, eventOfObservation, eventOfSend } from '../../src/events/event.js';
import { observeAgents, observeSends } from '../../src/events/observe-agents.js';
import type { ActionRecord } from '../../src/journal/journal.js';

const view = (state: AgentView['state'], over: Partial<AgentView> = {}): AgentView => ({
  pane: 'architect',
  program: 'claude-code',
  state,
  sinceMs: 0,
  evidence: `line for ${state}`,
  progress: null,
  changedAtMs: 0,
  ...over,
});
const snap = (a: AgentView | null, m: AgentView | null = null): AgentsSnapshot => ({
  agents: { architect: a, manager: m },
  lines: {},
  watched: ['architect', 'manager'],
});

test('one observation per change: the special kinds for waiting, stuck, error, complete; state_change else; progress apart', () => {
  const at = 5000;
  assert.deepEqual(observeAgents(null, snap(view('working')), at), [], 'the first refresh tells no change');
  assert.deepEqual(observeAgents(snap(view('working')), snap(view('working')), at), []);
  const kinds = (from: AgentView['state'], to: AgentView['state']) =>
    observeAgents(snap(view(from)), snap(view(to)), at).map((o) => o.kind);
  assert.deepEqual(kinds('working', 'waiting'), ['agent_waiting']);
  assert.deepEqual(kinds('thinking', 'stuck'), ['agent_stuck']);
  assert.deepEqual(kinds('working', 'error'), ['agent_error']);
  assert.deepEqual(kinds('idle', 'complete'), ['agent_complete']);
  assert.deepEqual(kinds('waiting', 'working'), ['state_change']);
  const w = observeAgents(snap(view('working')), snap(view('waiting', { evidence: 'Do you want to proceed?' })), at)[0]!;
  assert.equal(w.text, 'architect agent is waiting: Do you want to proceed?');
  assert.equal(w.status, 'degraded');
  const p = observeAgents(
    snap(view('working', { progress: { done: 2, total: 7 } })),
    snap(view('working', { progress: { done: 3, total: 7 } })),
    at,
  );
  assert.deepEqual(
    p.map((o) => [o.kind, o.text]),
    [['progress', 'architect agent: 3/7 done']],
  );
  // an agent that appears (a pane came back) is a change from nothing
  assert.deepEqual(
    observeAgents(snap(null), snap(view('idle')), at).map((o) => o.kind),
    ['state_change'],
  );
});

const action = (over: Partial<ActionRecord>): ActionRecord => ({
  id: 7,
  kind: 'send',
  home: '/h',
  target: 'architect',
  who: 'uid 1000',
  status: 'running',
  runnerPid: null,
  runnerStartTicks: null,
  startedAt: '2026-11-25T10:00:00.000Z',
  endedAt: null,
  outcome: null,
  cancelRequested: false,
  deadlineAt: null,
  steps: [],
  ...over,
});

test('a send that ended is command_sent or command_failed, once', () => {
  const done = action({ status: 'succeeded', endedAt: '2026-11-25T10:00:01.000Z', outcome: 'sent "go" + Enter to architect (claude)' });
  const obs = observeSends({ recent: [action({})] }, { recent: [done] }, 0);
  assert.deepEqual(
    obs.map((o) => [o.kind, o.atMs]),
    [['command_sent', Date.parse('2026-11-25T10:00:01.000Z')]],
  );
  assert.deepEqual(observeSends({ recent: [done] }, { recent: [done] }, 0), []);
  const failed = action({
    id: 8,
    status: 'failed',
    endedAt: '2026-11-25T10:00:02.000Z',
    outcome: 'not sent "go": the architect pane is dead',
  });
  assert.deepEqual(
    observeSends({ recent: [] }, { recent: [failed] }, 0).map((o) => o.kind),
    ['command_failed'],
  );
  assert.equal(eventOfSend(failed)!.kind, 'command_failed');
  // the journal lists newest first; the events go oldest first
  const two = observeSends({ recent: [] }, { recent: [failed, done] }, 0);
  assert.deepEqual(
    two.map((o) => o.kind),
    ['command_sent', 'command_failed'],
  );
  assert.equal(eventOfSend(action({ kind: 'restart-daemon', status: 'succeeded' })), null);
});

test('health observations become daemon/pane/worker_died/recovered; incidents TYPE_died or incident; lines and JSON', () => {
  const e = eventOfObservation({ atMs: 0, kind: 'died', component: 'worker w-2', text: 'worker w-2 is dead: gone', status: 'dead' })!;
  assert.deepEqual([e.kind, e.target], ['worker_died', 'w-2']);
  assert.equal(
    eventOfObservation({ atMs: 0, kind: 'recovered', component: 'architect pane', text: 'x', status: 'healthy' })!.kind,
    'pane_recovered',
  );
  assert.equal(eventOfObservation({ atMs: 0, kind: 'overall', component: 'swarm', text: 'x', status: 'healthy' }), null);
  const base = {
    home: '/h',
    severity: 'critical' as const,
    evidence: [],
    bead: null,
    action: null,
    actionId: null,
    outcome: null,
    attempt: null,
    attemptsMax: null,
  };
  assert.equal(
    eventOfIncident({ ...base, id: 3, at: '2026-11-25T10:00:00.000Z', target: 'daemon', kind: 'not-running', summary: 's' }).kind,
    'daemon_died',
  );
  assert.equal(
    eventOfIncident({ ...base, id: 4, at: '2026-11-25T10:00:00.000Z', target: 'worker:w-1', kind: 'frozen', summary: 's' }).kind,
    'incident',
  );
  const a = eventOfObservation(observeAgents(snap(view('working')), snap(view('waiting')), Date.parse('2026-11-25T10:04:05Z'))[0]!)!;
  assert.equal(eventLine(a), '2026-11-25T10:04:05Z agent_waiting architect agent is waiting: line for waiting');
  assert.deepEqual(
    { kind: eventJson(a).kind, target: eventJson(a).target, state: eventJson(a).state, from: eventJson(a).from },
    { kind: 'agent_waiting', target: 'architect', state: 'waiting', from: 'working' },
  );
});
