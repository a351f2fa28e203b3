// check's lines: one per component, and a workers line that never calls "no workers" healthy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/health/classify.js';
import { checkLines } from '../../src/report/check.js';
import { daemonSnap, healthDetail, NOW, ok, OPTS, snapshot } from '../helpers/snapshot.js';

test('no workers at all reads degraded "no workers", not a green 0/0 healthy', () => {
  const r = classify(
    snapshot({ daemon: ok(daemonSnap({ health: healthDetail({ workers: [] }) })), processes: ok({ byPid: new Map(), sampledAtMs: NOW }) }),
    NOW,
    OPTS,
  );
  assert.equal(r.workerCounts.total, 0);
  const line = checkLines(r).find((l) => l.component === 'workers');
  assert.deepEqual(line, { component: 'workers', status: 'degraded', reason: 'no workers' });
});
