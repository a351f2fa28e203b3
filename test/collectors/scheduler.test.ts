import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../../src/collectors/scheduler.js';
import { OroTopError } from '../../src/util/errors.js';

test('a failing source keeps its last good data beside the error', async () => {
  let n = 0;
  let t = 1000;
  const s = new Scheduler<{ a: number }>(
    {
      a: {
        name: 'a',
        intervalMs: 10,
        collect: async () => {
          n++;
          if (n === 2) throw new OroTopError('io', 'boom');
          return n;
        },
      },
    },
    10,
    undefined,
    () => t,
  );
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
  const s = new Scheduler<{ slow: number }>(
    {
      slow: {
        name: 'slow',
        intervalMs: 1,
        collect: async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await gate;
          running--;
          return 1;
        },
      },
    },
    1,
  );
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
  const s = new Scheduler<{ bad: number }>(
    {
      bad: {
        name: 'bad',
        intervalMs: 100,
        collect: async () => {
          calls++;
          throw new Error('down');
        },
      },
    },
    100,
    undefined,
    () => t,
  );
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
  const s = new Scheduler<{ a: number }>(
    { a: { name: 'a', intervalMs: () => (fast ? 100 : 200), collect: async () => ++calls } },
    100,
    undefined,
    () => t,
  );
  for (t = 0; t < 800; t += 100) await s.tick();
  assert.equal(calls, 4);
  fast = true;
  for (; t < 1200; t += 100) await s.tick();
  assert.equal(calls, 8);
});

test('running: one complete update per tick, after every source of that tick ran, though a source is asked for early all the time', async () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const log: { complete: boolean; a: number | null; b: number | null; c: number | null }[] = [];
  let a = 0;
  let b = 0;
  let c = 0;
  const s = new Scheduler<{ a: number; b: number; c: number }>(
    {
      a: { name: 'a', intervalMs: 200, collect: async () => ++a },
      b: {
        name: 'b',
        intervalMs: 200,
        collect: async () => {
          await sleep(15);
          return ++b;
        },
      },
      c: {
        name: 'c',
        intervalMs: 200,
        collect: async () => {
          await sleep(35);
          return ++c;
        },
      },
    },
    200,
    (slices, complete) => log.push({ complete, a: slices.a.data, b: slices.b.data, c: slices.c.data }),
  );
  s.start();
  // as chokidar does on a busy log: the logs source is asked for early, again and again
  const poke = setInterval(() => s.requestSoon('c'), 30);
  await sleep(2100);
  clearInterval(poke);
  s.stop();
  const complete = log.filter((u) => u.complete);
  assert.ok(
    complete.length >= 9 && complete.length <= 12,
    `about one complete update per 200 ms tick in 2.1 s: ${complete.length} of ${log.length}`,
  );
  // a and b run only in complete ticks: each complete update carries a new generation of both
  for (let i = 1; i < complete.length; i++) {
    assert.equal(complete[i]!.a, complete[i - 1]!.a! + 1, JSON.stringify(complete));
    assert.equal(complete[i]!.b, complete[i]!.a, JSON.stringify(complete[i]));
  }
});

test('running: a faster source updates in between, marked incomplete', async () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const log: boolean[] = [];
  const s = new Scheduler<{ slow: number; fast: number }>(
    { slow: { name: 'slow', intervalMs: 300, collect: async () => 1 }, fast: { name: 'fast', intervalMs: 75, collect: async () => 2 } },
    300,
    (_slices, complete) => log.push(complete),
  );
  s.start();
  await sleep(1250);
  s.stop();
  const complete = log.filter((x) => x).length;
  assert.ok(complete >= 4 && complete <= 6, `one complete update per 300 ms: ${complete}`);
  assert.ok(log.length - complete >= 6, `the fast source updated in between: ${log.join(',')}`);
});
