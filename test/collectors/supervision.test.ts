// The supervision source on a real journal file: what a supervisor wrote (through the journal's own
// stores and lock) is read back for this home only; a journal from before supervision and a broken
// one are handled without a throw escaping the scheduler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBudgetBlob, SupervisionCollector } from '../../src/collectors/supervision.js';
import { Scheduler } from '../../src/collectors/scheduler.js';
import { IncidentStore } from '../../src/journal/incidents.js';
import { Journal } from '../../src/journal/journal.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { HealthTimeline } from '../../src/journal/timeline.js';
import { decide, DEFAULT_BUDGET, emptyBudget } from '../../src/supervisor/budget.js';
import { takeSupervisorLock } from '../../src/supervisor/lock.js';
import { withTmpDir } from '../helpers/tmp.js';

const NOW = Date.parse('2026-11-25T08:00:00.000Z');
const HOME = '/srv/oro-a';
const tables = (j: Journal): string[] =>
  (j.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);

test(
  'what a supervisor recorded is read back: holder, paused, gave up, restarts in the window, 24 h of incidents and timeline',
  withTmpDir('supervision-', async (dir) => {
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    const now = () => NOW;
    const incidents = new IncidentStore(j.db, now);
    const state = new SupervisorStateStore(j.db, now);
    // three restarts of w-2 (the budget's own logic), the third 2 minutes ago
    let budget = emptyBudget();
    for (const t of [NOW - 9 * 60_000, NOW - 5 * 60_000, NOW - 2 * 60_000])
      budget = decide(budget, 'worker:w-2', t, false, { ...DEFAULT_BUDGET, random: () => 0 }).state;
    budget = decide(budget, 'daemon', NOW - 20 * 60_000, false, { ...DEFAULT_BUDGET, random: () => 0 }).state; // outside the window
    state.saveBudget(HOME, { state: budget, windowMs: 600_000, maxRestarts: 3 });
    state.giveUp(HOME, 'worker:w-2', '3 restarts in 10 min');
    state.setPaused(HOME, true, 'alice');
    const at = (msAgo: number) => NOW - msAgo;
    incidents.record({
      home: HOME,
      target: 'worker:w-2',
      kind: 'exited',
      severity: 'critical',
      summary: 'exited with code 1',
      at: at(9 * 60_000),
    });
    const newest = incidents.record({
      home: HOME,
      target: 'worker:w-2',
      kind: 'exited',
      severity: 'critical',
      summary: 'exited with code 1',
      at: at(60_000),
      action: 'restart-worker',
      outcome: 'succeeded',
      attempt: 3,
      attemptsMax: 3,
    });
    incidents.record({ home: HOME, target: 'daemon', kind: 'exited', severity: 'critical', summary: 'old', at: at(25 * 3_600_000) });
    incidents.record({ home: '/srv/other', target: 'daemon', kind: 'frozen', severity: 'critical', summary: 'not mine', at: at(1000) });
    let tick = NOW - 3 * 3_600_000;
    const tl = new HealthTimeline(j.db, () => tick);
    tl.observe(HOME, { status: 'healthy', workersHealthy: 3, workersTotal: 3 });
    tick += 60_000;
    tl.observe(HOME, { status: 'degraded', workersHealthy: 2, workersTotal: 3, reason: 'workers: 2/3 healthy' });
    const lock = takeSupervisorLock(j.db, HOME, { autoRestart: true, releaseOnExit: false, user: 'bob' });
    assert.ok('taken' in lock);

    const c = new SupervisionCollector(HOME, path, now);
    try {
      const s = await c.collect();
      assert.equal(s.known, true);
      assert.equal(s.holder?.pid, process.pid);
      assert.equal(s.holder?.user, 'bob');
      assert.equal(s.holder?.autoRestart, true);
      assert.equal(s.paused, true);
      assert.equal(s.pausedBy, 'alice');
      assert.deepEqual(
        s.gaveUp.map((g) => g.target),
        ['worker:w-2'],
      );
      assert.deepEqual(s.restartsInWindow, { 'worker:w-2': 3 });
      assert.equal(s.maxRestarts, 3);
      assert.equal(s.windowMs, 600_000);
      assert.deepEqual(
        s.incidents.map((i) => [i.target, i.summary]),
        [
          ['worker:w-2', 'exited with code 1'],
          ['worker:w-2', 'exited with code 1'],
        ],
        'this home only, the last 24 h, newest first',
      );
      assert.equal(s.incidents[0]!.id, newest);
      assert.equal(s.incidents[0]!.attempt, 3);
      assert.equal(s.incidentsIn24h, 2);
      assert.deepEqual(
        s.timeline.map((e) => [e.kind, e.status]),
        [
          ['start', 'healthy'],
          ['transition', 'degraded'],
        ],
      );
      // read again only when the journal changed: a new incident (another connection) shows at once
      assert.equal(await c.collect().then((x) => x.incidents), s.incidents, 'unchanged journal: the same rows, not read again');
      incidents.record({ home: HOME, target: 'daemon', kind: 'frozen', severity: 'critical', summary: 'new one', at: at(1000) });
      assert.equal((await c.collect()).incidents[0]!.summary, 'new one');
      if ('taken' in lock) lock.taken.release();
      const after = await c.collect();
      assert.equal(after.holder, null, 'a released lock: no supervisor');
      assert.equal(after.paused, true, 'the pause stays for the next supervisor');
    } finally {
      c.close();
      j.close();
    }
  }),
);

test(
  'a journal from before supervision reads as off with nothing recorded, and is not upgraded by reading it',
  withTmpDir('supervision-', async (dir) => {
    const path = join(dir, 'journal.db');
    new Journal(path).close();
    const c = new SupervisionCollector(HOME, path, () => NOW);
    try {
      const s = await c.collect();
      assert.equal(s.known, false);
      assert.equal(s.holder, null);
      assert.deepEqual(s.incidents, []);
    } finally {
      c.close();
    }
    const j = new Journal(path);
    try {
      assert.ok(!tables(j).includes('incidents'), 'reading it wrote nothing');
    } finally {
      j.close();
    }
    // no journal at all: the same
    const none = new SupervisionCollector(HOME, join(dir, 'absent.db'), () => NOW);
    assert.equal((await none.collect()).known, false);
    none.close();
  }),
);

test(
  'a journal that is not a database: the source carries the error (naming the file), the collection goes on',
  withTmpDir('supervision-', async (dir) => {
    const path = join(dir, 'journal.db');
    writeFileSync(path, 'this is not sqlite '.repeat(100), { mode: 0o600 });
    const c = new SupervisionCollector(HOME, path, () => NOW);
    const sched = new Scheduler({ supervisor: { name: 'supervisor', intervalMs: 1000, collect: () => c.collect() } }, 1000, () => {});
    try {
      await sched.tick(true);
      const slice = sched.slices().supervisor;
      assert.equal(slice.data, null);
      assert.match(slice.error?.message ?? '', /journal\.db/);
    } finally {
      sched.stop();
      c.close();
    }
  }),
);

test('the saved budget: restarts in its own window; a missing or odd blob falls back without losing the rest', () => {
  let b = emptyBudget();
  b = decide(b, 'pane:architect', NOW - 30_000, false, { ...DEFAULT_BUDGET, random: () => 0 }).state;
  assert.deepEqual(readBudgetBlob({ state: b, windowMs: 60_000, maxRestarts: 5 }, NOW), {
    restarts: { 'pane:architect': 1 },
    windowMs: 60_000,
    maxRestarts: 5,
    problems: [],
  });
  assert.deepEqual(readBudgetBlob({ state: b, windowMs: 10_000, maxRestarts: 5 }, NOW).restarts, {}, 'outside a shorter window');
  assert.deepEqual(readBudgetBlob(null, NOW).restarts, {});
  const odd = readBudgetBlob({ state: 'junk', windowMs: -1, maxRestarts: 'x' }, NOW);
  assert.deepEqual([odd.restarts, odd.windowMs, odd.maxRestarts], [{}, 600_000, 3]);
  assert.equal(odd.problems.length, 1);
  assert.deepEqual(readBudgetBlob(42, NOW).restarts, {});
});
