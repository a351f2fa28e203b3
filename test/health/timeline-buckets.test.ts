import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketTimeline, type TimelinePoint } from '../../src/health/timeline-buckets.js';

const H = 3_600_000;
const M = 60_000;

test('the day in hourly buckets: worst status per hour, gaps where nobody watched', () => {
  const from = 0;
  const p = (atMs: number, kind: TimelinePoint['kind'], status: TimelinePoint['status']): TimelinePoint => ({ atMs, kind, status });
  const points: TimelinePoint[] = [
    p(-30_000, 'sample', 'healthy'), // the row before the window: the day began healthy
    ...Array.from({ length: 5 * 60 }, (_, i) => p(i * M, 'sample', 'healthy')),
    p(5 * H + 30 * M, 'transition', 'critical'),
    p(5 * H + 30 * M + 5000, 'transition', 'healthy'), // a 5-second blip still marks its hour
    p(5 * H + 31 * M, 'sample', 'healthy'),
    p(5 * H + 32 * M, 'stop', 'healthy'),
    p(10 * H, 'start', 'degraded'), // then the supervisor was killed: silent after 3 minutes
    p(30 * H, 'sample', 'unreachable'), // after the window: ignored
  ];
  const day = bucketTimeline(points, from, 24 * H, 24);
  assert.deepEqual(day.slice(0, 12), [
    'healthy',
    'healthy',
    'healthy',
    'healthy',
    'healthy',
    'critical',
    null,
    null,
    null,
    null,
    'degraded',
    null,
  ]);
  assert.ok(day.slice(11).every((b) => b === null));
  assert.deepEqual(bucketTimeline([], 0, H, 4), [null, null, null, null]);
  assert.deepEqual(bucketTimeline(points, 0, 0, 4), [null, null, null, null], 'an empty window');
  assert.deepEqual(
    bucketTimeline([p(0, 'start', 'healthy'), p(2 * M, 'transition', 'restarting'), p(3 * M, 'transition', 'degraded')], 0, 4 * M, 4),
    ['healthy', 'healthy', 'restarting', 'degraded'],
  );
});
