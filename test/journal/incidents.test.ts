import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { IncidentStore, parseSince } from '../../src/journal/incidents.js';
import { HealthTimeline } from '../../src/journal/timeline.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { pruneSupervision } from '../../src/journal/retention.js';
import { openDb } from '../../src/system/sqlite.js';
import { OroTopError } from '../../src/util/errors.js';
import { withTmpDir } from '../helpers/tmp.js';

const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const tables = (j: Journal): string[] =>
  (j.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

test(
  'a journal written by the current code gains the supervisor tables; its actions stay, and a second open changes nothing',
  withTmpDir('incidents-', (dir) => {
    const path = join(dir, 'state', 'journal.db');
    const old = new Journal(path);
    const r = old.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 'alice' }, () => true);
    old.finish((r as { id: number }).id, 'succeeded', 'restarted in 2.1 s');
    assert.ok(!tables(old).includes('incidents'), 'the journal starts without them');
    old.close();

    const j = new Journal(path);
    try {
      const store = new IncidentStore(j.db, () => T0);
      assert.deepEqual(
        tables(j).filter((t) => /incident|timeline|supervisor/.test(t)),
        ['health_timeline', 'incidents', 'supervisor_gave_up', 'supervisor_lock', 'supervisor_state'],
      );
      assert.equal(j.list()[0]!.outcome, 'restarted in 2.1 s', 'the actions are intact');
      const id = store.record({ home: '/h', target: 'daemon', kind: 'exited', severity: 'critical', summary: 'exited with code 3' });
      assert.equal(typeof id, 'number');
    } finally {
      j.close();
    }
    const again = new Journal(path);
    try {
      new IncidentStore(again.db); // a second connection: the schema is there, nothing is added twice
      new HealthTimeline(again.db);
      assert.equal(new IncidentStore(again.db).count(), 1);
    } finally {
      again.close();
    }
  }),
);

test(
  'an incidents table of an earlier shape is upgraded in place; its rows read with defaults',
  withTmpDir('incidents-', (dir) => {
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    try {
      j.db.exec(
        'CREATE TABLE incidents (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, home TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL)',
      );
      j.db.prepare("INSERT INTO incidents (at, home, target, kind) VALUES ('2026-11-20T07:00:00.000Z', '/h', 'worker w1', 'zombie')").run();
      const store = new IncidentStore(j.db);
      const [old] = store.list({ home: '/h' });
      assert.deepEqual(
        [old!.kind, old!.severity, old!.summary, old!.evidence, old!.bead, old!.attempt],
        ['zombie', 'warning', '', [], null, null],
      );
    } finally {
      j.close();
    }
  }),
);

test(
  'incidents are recorded, updated with what was done, and queried by home, target and time',
  withTmpDir('incidents-', (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    let now = T0;
    const store = new IncidentStore(j.db, () => now);
    try {
      const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
      lines.push('\u001b[31mError: boom\u001b[0m\u0007', `x${'y'.repeat(5000)}`);
      const a = store.record({
        home: '/h',
        target: 'worker w3',
        kind: 'signalled',
        severity: 'critical',
        summary: 'killed by SIGKILL',
        evidence: lines,
        bead: 'oro-42',
        attempt: 1,
        attemptsMax: 3,
      }) as number;
      now += 30 * 60_000;
      const b = store.record({
        home: '/h',
        target: 'daemon',
        kind: 'frozen',
        severity: 'critical',
        summary: 'no answer for 60 s',
      }) as number;
      now += 60 * 60_000;
      store.record({ home: '/other', target: 'worker w3', kind: 'exited', severity: 'warning', summary: 'exited with code 1' });
      assert.equal(store.update(a, { action: 'restart worker w3', actionId: 17, outcome: 'running again after 1.2 s' }), true);
      assert.equal(store.update(9999, { outcome: 'x' }), false);

      const got = store.get(a)!;
      assert.equal(got.at, '2026-11-20T08:00:00.000Z');
      assert.deepEqual(
        [got.action, got.actionId, got.outcome, got.attempt, got.attemptsMax, got.bead],
        ['restart worker w3', 17, 'running again after 1.2 s', 1, 3, 'oro-42'],
      );
      assert.equal(got.evidence.length, 60, 'the last 60 lines are kept');
      assert.equal(got.evidence[57], 'line 99');
      assert.equal(got.evidence[58], 'Error: boom^G', 'no escape sequence or control character is stored (BEL shown as ^G)');
      assert.equal(got.evidence[59]!.length, 1000, 'a line is bounded');

      assert.deepEqual(
        store.list({ home: '/h' }).map((i) => i.id),
        [b, a],
        'newest first, one home',
      );
      assert.deepEqual(
        store.list({ target: 'worker w3', sinceMs: now - 2 * 3_600_000 }).map((i) => i.home),
        ['/other', '/h'],
      );
      assert.equal(store.count({ home: '/h', sinceMs: T0 + 1 }), 1);
      assert.equal(store.count({ kinds: ['frozen', 'exited'] }), 2);
      assert.equal(store.get(12345), null);
    } finally {
      j.close();
    }
  }),
);

test('--since takes an age or a date, and says what it wants otherwise', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  assert.equal(parseSince('24h', now), now - 86_400_000);
  assert.equal(parseSince('30m', now), now - 1_800_000);
  assert.equal(parseSince('7d', now), now - 7 * 86_400_000);
  assert.equal(parseSince('2026-11-25T08:00:00Z', now), Date.parse('2026-11-25T08:00:00Z'));
  const bad = parseSince('yesterday\u001b[2J', now);
  assert.ok(bad instanceof OroTopError);
  assert.match(bad.message, /^--since "yesterday": not an age/);
});

test(
  'the timeline keeps transitions and one sample a minute, and gives a day back with the status it began with',
  withTmpDir('incidents-', (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    let now = T0;
    const tl = new HealthTimeline(j.db, () => now);
    const ok = { status: 'healthy', workersHealthy: 10, workersTotal: 10 } as const;
    try {
      const written: (string | null)[] = [];
      for (let s = 0; s < 150; s += 5) {
        now = T0 + s * 1000;
        written.push(
          tl.observe('/h', s === 70 ? { status: 'degraded', workersHealthy: 9, workersTotal: 10, reason: 'w3 dead' } : ok) as string | null,
        );
      }
      assert.deepEqual(written.map((k, i) => (k ? `${i * 5}:${k}` : null)).filter(Boolean), [
        '0:start',
        '60:sample',
        '70:transition',
        '75:transition',
        '135:sample',
      ]);
      now = T0 + 150_000;
      assert.equal(tl.stop('/h'), true);
      const day = tl.entries('/h', T0 - 1);
      assert.deepEqual(
        day.map((e) => [e.kind, e.status, e.workersHealthy]),
        [
          ['start', 'healthy', 10],
          ['sample', 'healthy', 10],
          ['transition', 'degraded', 9],
          ['transition', 'healthy', 10],
          ['sample', 'healthy', 10],
          ['stop', 'healthy', 10],
        ],
      );
      assert.equal(day[2]!.reason, 'w3 dead');
      now = T0 + 86_400_000 + 80_000; // a day later: the row before the window says how it began
      assert.deepEqual(
        tl.last24h('/h').map((e) => [e.kind, e.at]),
        [
          ['transition', '2026-11-20T08:01:15.000Z'],
          ['sample', '2026-11-20T08:02:15.000Z'],
          ['stop', '2026-11-20T08:02:30.000Z'],
        ],
      );
    } finally {
      j.close();
    }
  }),
);

test(
  'the supervisor state (paused, gave up, budget) survives into another connection',
  withTmpDir('incidents-', (dir) => {
    const path = join(dir, 'journal.db');
    const a = new Journal(path);
    const s = new SupervisorStateStore(a.db, () => T0);
    try {
      assert.equal(s.setPaused('/h', true, 'alice from 10.0.0.1'), true);
      assert.equal(s.setPaused('/h', true, 'bob'), false, 'already paused');
      assert.equal(s.giveUp('/h', 'worker w3', '3 restarts in 600 s'), true);
      assert.equal(s.giveUp('/h', 'worker w3', 'again'), false, 'given up once (one alert)');
      assert.equal(s.saveBudget('/h', { 'worker w3': [T0, T0 + 1000] }), undefined);
    } finally {
      a.close();
    }
    const b = new Journal(path);
    const t = new SupervisorStateStore(b.db, () => T0 + 5000);
    try {
      assert.deepEqual(t.get('/h'), {
        home: '/h',
        paused: true,
        pausedBy: 'alice from 10.0.0.1',
        pausedAt: '2026-11-20T08:00:00.000Z',
        gaveUp: [{ target: 'worker w3', since: '2026-11-20T08:00:00.000Z', why: '3 restarts in 600 s' }],
        budget: { 'worker w3': [T0, T0 + 1000] },
        updatedAt: '2026-11-20T08:00:00.000Z',
      });
      assert.equal(t.reset('/h', 'worker w3'), true);
      assert.equal(t.reset('/h', 'worker w3'), false);
      assert.equal(t.setPaused('/h', false, 'bob'), true);
      const now = t.get('/h') as { paused: boolean; gaveUp: unknown[]; pausedBy: string | null };
      assert.deepEqual([now.paused, now.gaveUp, now.pausedBy], [false, [], null]);
      assert.deepEqual((t.get('/elsewhere') as { paused: boolean; budget: unknown }).budget, null);
    } finally {
      b.close();
    }
  }),
);

test(
  'a journal held by another writer: the supervisor gets the error as a value, not a throw',
  withTmpDir('incidents-', (dir) => {
    const path = join(dir, 'journal.db');
    const holder = new Journal(path);
    new IncidentStore(holder.db);
    const db = openDb(path, { timeoutMs: 50 });
    try {
      const store = new IncidentStore(db);
      holder.db.exec('BEGIN IMMEDIATE');
      const r = store.record({ home: '/h', target: 'daemon', kind: 'exited', severity: 'critical', summary: 'x' });
      assert.ok(r instanceof OroTopError, String(r));
      assert.match(r.message, /journal\.db: database is locked; another oro-top holds it locked/);
      assert.ok(new HealthTimeline(db).observe('/h', { status: 'healthy', workersHealthy: 1, workersTotal: 1 }) instanceof OroTopError);
      assert.ok(new SupervisorStateStore(db).giveUp('/h', 'daemon', 'x') instanceof OroTopError);
      holder.db.exec('ROLLBACK');
      assert.equal(typeof store.record({ home: '/h', target: 'daemon', kind: 'exited', severity: 'critical', summary: 'x' }), 'number');
    } finally {
      db.close();
      holder.close();
    }
  }),
);

test('retention: 100k old rows are pruned in short batches while the event loop keeps running; newer rows stay', (t) =>
  withTmpDir('incidents-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    const now = Date.parse('2026-11-25T10:00:00Z');
    new IncidentStore(j.db);
    try {
      const fill = (table: string, cols: string, values: string, n: number, startMs: number): void => {
        j.db
          .prepare(
            `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
             INSERT INTO ${table} (at, home, ${cols}) SELECT strftime('%Y-%m-%dT%H:%M:%fZ', (? + i * 1000) / 1000.0, 'unixepoch'), '/h', ${values} FROM k`,
          )
          .run(n, startMs);
      };
      const old = now - 10 * 86_400_000;
      fill(
        'incidents',
        'target, kind, severity, summary, evidence',
        "'worker w' || (i % 50), 'exited', 'warning', 'exited with code 1', '[\"a\",\"b\"]'",
        60_000,
        old,
      );
      fill('health_timeline', 'kind, status, workers_healthy, workers_total', "'sample', 'healthy', 10, 10", 40_000, old);
      fill('incidents', 'target, kind, severity, summary', "'daemon', 'frozen', 'critical', 'recent'", 100, now - 3_600_000);
      fill('health_timeline', 'kind, status', "'sample', 'degraded'", 100, now - 3_600_000);

      let maxGap = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const t2 = performance.now();
        maxGap = Math.max(maxGap, t2 - last);
        last = t2;
      }, 5);
      const r = await pruneSupervision(j.db, { now });
      clearInterval(tick);
      t.diagnostic(
        `pruned ${r.incidents} incidents + ${r.timeline} timeline rows in ${r.ms} ms, ${r.batches} batches, longest ${r.longestBatchMs} ms, longest event-loop gap ${maxGap.toFixed(1)} ms`,
      );
      assert.deepEqual([r.incidents, r.timeline, r.complete, r.error], [60_000, 40_000, true, null]);
      assert.ok(r.batches >= 200, `${r.batches} batches`);
      assert.ok(r.longestBatchMs < 250, `the longest batch held the journal ${r.longestBatchMs} ms`);
      assert.equal(new IncidentStore(j.db).count(), 100);
      assert.equal((j.db.prepare('SELECT count(*) AS n FROM health_timeline').get() as { n: number }).n, 100);

      fill('incidents', 'target, kind, severity, summary', "'daemon', 'exited', 'critical', 'old'", 5000, old);
      const bounded = await pruneSupervision(j.db, { now, budgetMs: 0 });
      assert.deepEqual([bounded.incidents, bounded.complete], [0, false], 'a budget stops it, to go on at the next call');
      const rest = await pruneSupervision(j.db, { now, days: 30 });
      assert.equal(rest.incidents, 0, '30 days keep the 10-day-old rows');
    } finally {
      j.close();
    }
  })());
