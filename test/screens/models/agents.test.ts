// The agents on the dashboard: the overview's pane rows read "Architect: ● working · 3/7 · 12s", a
// waiting agent is highlighted there and listed first in the alerts (as long as it waits), the
// panes screen shows state, since, program, progress bar and evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentView } from '../../../src/agents/types.js';
import type { AgentsSnapshot } from '../../../src/collectors/agents.js';
import { alerts } from '../../../src/screens/models/alerts.js';
import { buildScreen } from '../../../src/screens/models/screen.js';
import { makeTheme } from '../../../src/screens/theme.js';
import { initialUi } from '../../../src/screens/ui-state.js';
import type { View } from '../../../src/store.js';
import { NOW, ok, snapshot } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

const theme = makeTheme({ ascii: false, colour: false });
const plain = (lines: string[]): string[] => lines.map((l) => l.replace(/\{\/?[\w-]+\}/g, '').trimEnd());
function raw(view: View, id: string, screen: 'overview' | 'panes' = 'overview'): string[] {
  const m = buildScreen({ view, ui: { ...initialUi(), screen }, size: { cols: 100, rows: 30 }, theme, nowMs: NOW });
  return m.panels.find((p) => p.id === id)!.lines;
}

const agent = (pane: string, state: AgentView['state'], over: Partial<AgentView> = {}): AgentView => ({
  pane,
  program: 'claude-code',
  state,
  sinceMs: NOW - 12_000,
  evidence: `evidence of ${pane}`,
  progress: null,
  changedAtMs: NOW - 1000,
  ...over,
});
const agents = (a: Record<string, AgentView | null>): AgentsSnapshot => ({ agents: a, lines: {}, watched: Object.keys(a) });

const view = viewOf(
  snapshot({
    agents: ok(
      agents({
        architect: agent('architect', 'working', { progress: { done: 3, total: 7 } }),
        manager: agent('manager', 'waiting', { sinceMs: NOW - 40_000, evidence: 'Do you want to proceed?' }),
      }),
    ),
  }),
);

test('overview: "Architect: ● working · 3/7 · 12s"; the waiting manager highlighted', () => {
  const lines = raw(view, 'health');
  const text = plain(lines);
  assert.match(text[1]!, /^Architect:\s+● working · 3\/7 · 12s$/);
  assert.match(text[2]!, /^Manager:\s+◐ waiting · 40s$/);
  assert.match(lines[2]!, /^\{inverse\}/, 'the waiting row is drawn inverse');
  assert.doesNotMatch(lines[1]!, /^\{inverse\}/);
});

test('alerts: an agent waiting (or stuck, or in error) is listed first while it is so; its other moves are not alerts', () => {
  const list = alerts(
    {
      ...view,
      observations: [
        { atMs: NOW - 1000, kind: 'state_change', component: 'architect agent', text: 'architect agent is working', status: 'healthy' },
      ],
    },
    NOW,
  );
  assert.equal(list[0]!.text, 'manager agent is waiting: Do you want to proceed?');
  assert.equal(list[0]!.status, 'degraded');
  assert.ok(!list.some((a) => a.text === 'architect agent is working'));
  const shown = plain(raw(view, 'alerts'));
  assert.match(shown[0]!, /40s manager agent is waiting: Do you/);
});

test('panes screen: state, since, program, progress and evidence under each pane', () => {
  const lines = plain(raw(view, 'pane-architect', 'panes'));
  assert.match(lines[2]!, /^● working 12s · claude-code · [█░]{8} 3\/7 · evidence of architect$/);
  const m = plain(raw(view, 'pane-manager', 'panes'));
  assert.match(m[2]!, /^◐ waiting 40s · claude-code · Do you want to proceed\?$/);
  const none = plain(raw(viewOf(snapshot({ agents: ok(agents({ architect: null, manager: null })) })), 'pane-architect', 'panes'));
  assert.equal(none[2], 'agent: none known in this pane');
});

test('snapshot --json: each pane gains `agent` (null when none known or the pane is dead); `agents` lists every watched one', async () => {
  const { snapshotJson } = await import('../../../src/report/snapshot-json.js');
  const withExtra = viewOf(
    snapshot({
      agents: ok(
        agents({
          architect: agent('architect', 'working', { progress: { done: 3, total: 7 } }),
          manager: null,
          helper: agent('helper', 'waiting', { program: 'codex' }),
        }),
      ),
    }),
  );
  const j = snapshotJson(withExtra.snapshot, withExtra.report, '/h') as {
    panes: { name: string; agent: unknown }[];
    agents: { pane: string; state: string; program: string }[];
  };
  assert.deepEqual(j.panes.find((p) => p.name === 'architect')!.agent, {
    state: 'working',
    since: new Date(NOW - 12_000).toISOString(),
    evidence: 'evidence of architect',
    progress: { done: 3, total: 7 },
    program: 'claude-code',
  });
  assert.equal(j.panes.find((p) => p.name === 'manager')!.agent, null);
  assert.deepEqual(
    j.agents.map((a) => [a.pane, a.state, a.program]),
    [
      ['architect', 'working', 'claude-code'],
      ['helper', 'waiting', 'codex'],
    ],
  );
});
