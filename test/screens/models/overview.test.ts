import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepRecord } from '../../../src/journal/journal.js';
import { buildScreen } from '../../../src/screens/models/screen.js';
import { makeTheme } from '../../../src/screens/theme.js';
import { initialUi } from '../../../src/screens/ui-state.js';
import type { View } from '../../../src/store.js';
import { actionRecord, daemonSnap, healthDetail, NOW, ok, snapshot } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

const theme = makeTheme({ ascii: false, colour: false });
const plain = (lines: string[]): string[] => lines.map((l) => l.replace(/\{\/?[\w-]+\}/g, '').trimEnd());
function panel(view: View, id: string, screen: 'overview' | 'workers' = 'overview'): string[] {
  const m = buildScreen({ view, ui: { ...initialUi(), screen }, size: { cols: 80, rows: 24 }, theme, nowMs: NOW });
  return plain(m.panels.find((p) => p.id === id)!.lines);
}
const step = (seq: number, name: string, status: StepRecord['status'], detail: string | null = null): StepRecord => ({
  seq,
  name,
  status,
  startedAt: new Date(NOW - 9000 + seq * 1000).toISOString(),
  endedAt: status === 'running' ? null : new Date(NOW - 8500 + seq * 1000).toISOString(),
  detail,
});
const draining = [step(1, 'check', 'done'), step(2, 'directive', 'done'), step(3, 'drain', 'running', '1/2 workers approved, 58 s left')];
/** a daemon that exited (kill -9): its PID file names a PID that is gone, the socket file is left */
const deadDaemon = daemonSnap({
  pidFile: { kind: 'ok', path: '/home/u/.oro/oro.pid', pid: 32449, writtenAtS: NOW / 1000 - 600 },
  process: null,
  identity: { kind: 'gone' } as never,
  healthSocket: { kind: 'refused' } as never,
  health: null,
});

test('at 80x24 the daemon line says the restart and the state once, whole, on two lines if needed', () => {
  const view = viewOf(
    snapshot({
      daemon: ok(daemonSnap({ health: healthDetail({ daemon: { pid: 4242, uptimeS: 300, state: 'stopping' } }) })),
      actions: ok({ recent: [actionRecord({ id: 11, steps: draining })] }),
    }),
  );
  const lines = panel(view, 'health');
  assert.match(lines[0]!, /^Daemon:\s+◐ Restarting \(#11, step drain, 12 s\);$/);
  assert.match(lines[1]!, /^\s+stopping \(PID 4242, up [\dms ]+\)$/);
  assert.match(lines[2]!, /^Architect:/, 'the panes follow');
  assert.ok(!lines.join('\n').includes('…'), lines.join('\n'));
});

test('at 80x24 a dead daemon says why in full; the workers table gives the reason the room left', () => {
  const lines = panel(viewOf(snapshot({ daemon: ok(deadDaemon) })), 'health');
  assert.match(`${lines[0]} ${lines[1]!.trim()}`.replace(/\s+/g, ' '), /^Daemon: ○ Dead: PID file is stale: PID 32449 is gone; socket/);
  // mid-restart, the old daemon gone: the workers' reason is theirs, not the restart's note again
  const mid = viewOf(snapshot({ daemon: ok(deadDaemon), actions: ok({ recent: [actionRecord({ id: 11, steps: draining })] }) }));
  assert.match(mid.report.workers[0]!.reason, /^restarting \(#11, step drain, 12 s\); unsupervised/, 'the health model says both');
  const table = panel(mid, 'workers');
  assert.match(table[0]!, /REASON/);
  assert.match(table[1]!, /unsupervised: daem/);
  assert.doesNotMatch(table.join('\n'), /restarti/);
  // the Workers screen too
  const screen = panel(mid, 'workers-table', 'workers').join('\n');
  assert.match(screen, /unsupervis/);
  assert.doesNotMatch(screen, /restarti/);
});
