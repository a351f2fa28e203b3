import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { observe } from '../../src/health/observe.js';
import { NOW, OPTS, ok, snapshot, workerProc } from '../helpers/snapshot.js';

test('observations: a worker that dies, one that gets a new process, a pane that comes back', () => {
  const before = classify(snapshot(), NOW, OPTS);
  const t = snapshot().slices.tmux.data!;
  const procs = new Map([[5009, workerProc(5009, 'w-2')]]);
  const afterSnap = snapshot({
    processes: ok({ byPid: procs, sampledAtMs: NOW }),
    tmux: ok({ ...t, panes: [{ ...t.panes[0]!, dead: true, deadStatus: 2 }, t.panes[1]!] }),
  });
  const after = classify(afterSnap, NOW, OPTS);
  const seen = observe(before, after, NOW).map((o) => `${o.kind} ${o.component}`);
  // the daemon still lists w-1, but its process is gone: dead at once, one transition
  assert.ok(seen.includes('died worker w-1'), seen.join(', '));
  assert.ok(seen.includes('restarted worker w-2'), seen.join(', '));
  assert.ok(seen.includes('died architect pane'), seen.join(', '));
  assert.ok(seen.includes('overall swarm'), seen.join(', '));
  const back = observe(after, before, NOW).map((o) => `${o.kind} ${o.component}`);
  assert.ok(back.includes('recovered architect pane'), back.join(', '));
  assert.deepEqual(observe(null, before, NOW), []);
  assert.deepEqual(observe(before, before, NOW), []);
});
