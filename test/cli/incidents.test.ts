// `oro-top incidents` and `incidents show` on a real journal holding real incidents (written through
// the journal's own stores), run as the bundle runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentStore } from '../../src/journal/incidents.js';
import { Journal } from '../../src/journal/journal.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { HealthTimeline } from '../../src/journal/timeline.js';
import { oroTop } from '../helpers/cli.js';
import { withTmpDir } from '../helpers/tmp.js';

const HOME = '/srv/oro-cli';

function seed(state: string): { crash: number; old: number; frozen: number; other: number } {
  const j = new Journal(join(state, 'journal.db'));
  try {
    const store = new IncidentStore(j.db);
    const now = Date.now();
    const id = (v: unknown): number => {
      assert.equal(typeof v, 'number');
      return v as number;
    };
    const old = id(
      store.record({
        home: HOME,
        target: 'worker:w-2',
        kind: 'exited',
        severity: 'critical',
        summary: 'two days ago',
        at: now - 48 * 3_600_000,
      }),
    );
    const frozen = id(
      store.record({
        home: HOME,
        target: 'daemon',
        kind: 'frozen',
        severity: 'critical',
        summary: 'daemon frozen',
        at: now - 3 * 3_600_000,
      }),
    );
    const crash = id(
      store.record({
        home: HOME,
        target: 'worker:w-2',
        kind: 'exited',
        severity: 'critical',
        summary: 'worker w-2 exited',
        evidence: [
          'exit code 3',
          'PID 812',
          '--- last lines ---',
          'claimed oro-9',
          'TypeError: bead.steps is undefined',
          '    at run (worker.js:12:5)',
        ],
        bead: 'oro-9',
        at: now - 60_000,
        action: 'restart-worker',
        outcome: 'worker w-2 runs again as PID 900',
        attempt: 1,
        attemptsMax: 3,
      }),
    );
    const other = id(
      store.record({ home: '/srv/elsewhere', target: 'daemon', kind: 'exited', severity: 'critical', summary: 'not this home' }),
    );
    const tl = new HealthTimeline(j.db, () => now - 120_000);
    tl.observe(HOME, { status: 'healthy', workersHealthy: 2, workersTotal: 2 });
    new SupervisorStateStore(j.db).giveUp(HOME, 'worker:w-2', '3 restarts in 10 min');
    return { crash, old, frozen, other };
  } finally {
    j.close();
  }
}

test(
  'incidents: this home, the last 24 h by default, newest first; --since, --target, --json',
  withTmpDir('incidents-cli-', async (state) => {
    const ids = seed(state);
    const env = { ORO_TOP_STATE_DIR: state };
    const r = await oroTop(['incidents', '--home', HOME], { env });
    assert.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0]!,
      new RegExp(
        `^#${ids.crash} \\S+Z worker:w-2 exited \\(critical\\): worker w-2 exited; restart-worker attempt 1 of 3: worker w-2 runs again as PID 900$`,
      ),
    );
    assert.match(lines[1]!, new RegExp(`^#${ids.frozen} .* daemon frozen \\(critical\\): daemon frozen$`));
    assert.match(lines[2]!, /^2 incidents since .*newest first; oro-top incidents show ID for a report$/);
    assert.doesNotMatch(r.stdout, /two days ago|not this home/);

    const week = await oroTop(['incidents', '--home', HOME, '--since', '7d', '--target', 'worker:w-2'], { env });
    assert.match(week.stdout, /two days ago/);
    assert.doesNotMatch(week.stdout, /daemon frozen/);

    const j = await oroTop(['incidents', '--home', HOME, '--json'], { env });
    const list = JSON.parse(j.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      list.map((i) => i.id),
      [ids.crash, ids.frozen],
    );
    assert.deepEqual(Object.keys(list[0]!).sort(), [
      'action',
      'action_id',
      'at',
      'attempt',
      'attempts_max',
      'bead',
      'evidence',
      'home',
      'id',
      'kind',
      'outcome',
      'severity',
      'summary',
      'target',
    ]);
    assert.equal(list[0]!.attempts_max, 3);

    const none = await oroTop(['incidents', '--home', '/srv/quiet'], { env });
    assert.match(none.stdout, /^no incidents for \/srv\/quiet since /);
  }),
);

test(
  'incidents: a bad --since or --target is a one-line usage error, exit 64',
  withTmpDir('incidents-cli-', async (state) => {
    const env = { ORO_TOP_STATE_DIR: state };
    for (const args of [
      ['--since', 'yesterday'],
      ['--since', '5 parsecs'],
      ['--target', 'w 2'],
    ]) {
      const r = await oroTop(['incidents', ...args], { env });
      assert.equal(r.exitCode, 64, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^oro-top: --(since|target) "/);
      assert.equal(r.stdout, '');
    }
  }),
);

test(
  'incidents show: the Markdown report; --out writes it private; an unknown id is a clear error, exit 1',
  withTmpDir('incidents-cli-', async (state) => {
    const ids = seed(state);
    const env = { ORO_TOP_STATE_DIR: state };
    const r = await oroTop(['incidents', 'show', String(ids.crash)], { env });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^# Incident ${ids.crash}: worker:w-2: exited \\(exit 3\\)`));
    assert.match(r.stdout, /## First error\n\n```\nTypeError: bead\.steps is undefined\n {4}at run \(worker\.js:12:5\)\n```/);
    assert.match(r.stdout, /\*\*Bead:\*\* oro-9/);
    assert.match(r.stdout, /restart-worker attempt 1 of 3: worker w-2 runs again as PID 900/);
    assert.match(r.stdout, /\*\*Now:\*\* gave up on it since .*oro-top supervise --reset worker:w-2/);
    assert.match(r.stdout, /supervisor started watching: overall healthy/);

    const file = join(state, 'report.md');
    writeFileSync(file, 'old contents that must go', { mode: 0o644 });
    const w = await oroTop(['incidents', 'show', String(ids.crash), '--out', file], { env });
    assert.equal(w.exitCode, 0, w.stderr);
    assert.match(w.stdout, new RegExp(`^incident ${ids.crash}: report written to `));
    assert.equal(readFileSync(file, 'utf8'), `${r.stdout}\n`, 'the same report (execa drops the final newline of stdout)');
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const link = join(state, 'link.md');
    symlinkSync(join(state, 'elsewhere.md'), link);
    const refused = await oroTop(['incidents', 'show', String(ids.crash), '--out', link], { env });
    assert.equal(refused.exitCode, 64, 'a path refused on purpose is a usage error, not oro-top failing');
    assert.match(refused.stderr, /link\.md is a symbolic link: not written/);

    const missing = await oroTop(['incidents', 'show', '99999'], { env });
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /^oro-top: no incident 99999 in the journal .*journal\.db \(oro-top incidents lists them\)$/);
    const junk = await oroTop(['incidents', 'show', 'x1'], { env });
    assert.equal(junk.exitCode, 64);
  }),
);
