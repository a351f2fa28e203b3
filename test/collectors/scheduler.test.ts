import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../src/collectors/scheduler.js';
import { OroTopError } from '../../src/util/errors.js';

test('a failing source keeps its last good data beside the error', async () => {
  let n = 0;
  let t = 1000;
  const s = new Scheduler<{ a: number }>({ a: { name: 'a', intervalMs: 10, collect: async () => { n++; if (n === 2) throw new OroTopError('io', 'boom'); return n; } } }, 10, undefined, () => t);
  await s.tick(true);
  assert.deepEqual({ ...s.slices().a }, { data: 1, error: null, updatedAtMs: 1000, failures: 0 });
  t = 2000;
  await s.tick(true);
  const a = s.slices().a;
  assert.equal(a.data, 1, 'last good data kept');
  assert.equal(a.error?.message, 'boom');
  assert.equal(a.updatedAtMs, 1000, 'its age is known');
  assert.equal(a.failures, 1);
  t = 3000;
  await s.tick(true);
  assert.deepEqual({ ...s.slices().a }, { data: 3, error: null, updatedAtMs: 3000, failures: 0 });
});

test('a source is never run twice at once; a tick during a tick is skipped', async () => {
  let running = 0;
  let maxRunning = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const s = new Scheduler<{ slow: number }>({
    slow: { name: 'slow', intervalMs: 1, collect: async () => { running++; maxRunning = Math.max(maxRunning, running); await gate; running--; return 1; } },
  }, 1);
  const first = s.tick(true);
  await s.tick(true);
  await s.tick(true);
  release();
  await first;
  assert.equal(maxRunning, 1);
  assert.equal(s.skippedTicks, 2);
});

test('errors back off: a failing source is not retried every tick', async () => {
  let calls = 0;
  let t = 0;
  const s = new Scheduler<{ bad: number }>({ bad: { name: 'bad', intervalMs: 100, collect: async () => { calls++; throw new Error('down'); } } }, 100, undefined, () => t);
  for (t = 0; t <= 1000; t += 100) await s.tick();
  // due at 0, 100 (1st failure: 100), 300 (2nd: 200), 700 (3rd: 400): 4 calls, not 11
  assert.equal(calls, 4);
  assert.equal(s.slices().bad.failures, 4);
});

test('per-source intervals and one update per tick', async () => {
  let t = 0;
  const calls = { fast: 0, slow: 0 };
  let updates = 0;
  const s = new Scheduler<{ fast: number; slow: number }>(
    {
      fast: { name: 'fast', intervalMs: 100, collect: async () => ++calls.fast },
      slow: { name: 'slow', intervalMs: 300, collect: async () => ++calls.slow },
    },
    100,
    () => updates++,
    () => t,
  );
  for (t = 0; t < 600; t += 100) await s.tick();
  assert.deepEqual(calls, { fast: 6, slow: 2 });
  assert.equal(updates, 6);
  s.requestSoon('slow');
  await s.tick();
  assert.equal(calls.slow, 3);
});

test('an interval can be a function, asked after every run (a source slows down when nobody looks)', async () => {
  let t = 0;
  let calls = 0;
  let fast = false;
  const s = new Scheduler<{ a: number }>({ a: { name: 'a', intervalMs: () => (fast ? 100 : 200), collect: async () => ++calls } }, 100, undefined, () => t);
  for (t = 0; t < 800; t += 100) await s.tick();
  assert.equal(calls, 4);
  fast = true;
  for (; t < 1200; t += 100) await s.tick();
  assert.equal(calls, 8);
});
