import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentJson, agentStatus, agentText } from '../../src/agents/summary.js';
import type { AgentView } from '../../src/agents/types.js';

const a: AgentView = {
  pane: 'architect',
  program: 'claude-code',
  state: 'working',
  sinceMs: Date.parse('2026-11-25T10:00:00Z'),
  evidence: '● Update(queue.go)',
  progress: { done: 3, total: 7 },
  changedAtMs: 0,
};

test('an agent in one line, its colour, its JSON', () => {
  assert.equal(agentText(a, a.sinceMs + 12_000), 'working · 3/7 · 12s');
  assert.equal(agentText({ ...a, progress: null, state: 'waiting' }, a.sinceMs + 65_000), 'waiting · 1m 5s');
  assert.deepEqual(
    ['working', 'waiting', 'stuck', 'error', 'complete'].map((s) => agentStatus(s as AgentView['state'])),
    ['healthy', 'degraded', 'degraded', 'dead', 'healthy'],
  );
  assert.deepEqual(agentJson(a), {
    state: 'working',
    since: '2026-11-25T10:00:00.000Z',
    evidence: '● Update(queue.go)',
    progress: { done: 3, total: 7 },
    program: 'claude-code',
  });
  assert.equal(agentJson(null), null);
});
