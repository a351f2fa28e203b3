// The pane rules of the health model (classify-pane.ts), through classify(): tmux pane state
// and activity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { NOW, NOW_S, ok, OPTS, snapshot } from '../helpers/snapshot.js';

test('panes: exited with a status, killed, missing window, idle, no tmux server', () => {
  const base = snapshot();
  const t = base.slices.tmux.data!;
  const exited = { ...t, panes: [{ ...t.panes[0]!, dead: true, deadStatus: 1, deadAtS: NOW_S - 5 }, t.panes[1]!] };
  const r1 = classify(snapshot({ tmux: ok(exited) }), NOW, OPTS);
  assert.equal(r1.panes[0]!.status, 'dead');
  assert.equal(r1.panes[0]!.reason, 'pane exited with status 1 5s ago');
  assert.equal(r1.overall, 'critical');
  const gone = { ...t, panes: [t.panes[0]!, { ...t.panes[1]!, processAlive: false }] };
  assert.equal(classify(snapshot({ tmux: ok(gone) }), NOW, OPTS).panes[1]!.reason, 'pane process 6002 is gone');
  const missing = { ...t, panes: [t.panes[1]!] };
  assert.equal(classify(snapshot({ tmux: ok(missing) }), NOW, OPTS).panes[0]!.reason, "no window 'architect' in tmux session 'oro'");
  const idle = { ...t, panes: [{ ...t.panes[0]!, activityS: NOW_S - 400 }, t.panes[1]!] };
  const r4 = classify(snapshot({ tmux: ok(idle) }), NOW, OPTS);
  assert.equal(r4.panes[0]!.status, 'degraded');
  assert.equal(r4.panes[0]!.reason, 'alive but idle for 6m 40s');
  const noServer = { ...t, problem: 'no-server' as const, problemText: "no tmux server running (tmux server 'x')", panes: [] };
  assert.equal(classify(snapshot({ tmux: ok(noServer) }), NOW, OPTS).panes[1]!.reason, "no tmux server running (tmux server 'x')");
});

test('panes: pane_activity in state.db counts as activity when it is later than tmux', () => {
  const s = snapshot();
  const t = s.slices.tmux.data!;
  const idle = { ...t, panes: [{ ...t.panes[0]!, activityS: NOW_S - 4000 }, t.panes[1]!] };
  const db = { ...s.slices.db.data!, paneActivity: { architect: NOW_S - 30 } };
  const r = classify(snapshot({ tmux: ok(idle), db: ok(db) }), NOW, OPTS);
  assert.equal(r.panes[0]!.status, 'healthy');
  assert.equal(r.panes[0]!.lastActivityS, NOW_S - 30);
});
