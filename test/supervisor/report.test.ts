import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_PERSISTENT,
  failuresInLastHour,
  fence,
  type IncidentReportInput,
  inline,
  nextStep,
  persistentFailureDue,
  renderIncidentReport,
  reportTitle,
} from '../../src/supervisor/report.js';

const T0 = Date.UTC(2026, 10, 25, 3, 12, 5);

function input(over: Partial<IncidentReportInput> = {}): IncidentReportInput {
  return {
    id: 17,
    target: 'worker:w-3',
    kind: 'exited',
    severity: 'critical',
    atMs: T0,
    summary: 'worker w-3 exited (its process is gone)',
    exitCode: null,
    signal: null,
    bead: 'oro-1nf',
    detail: ['process gone; the daemon still lists it as busy'],
    timeline: [
      { atMs: T0 + 2000, text: 'restart-worker attempt 1 of 3 started' },
      { atMs: T0, text: 'worker w-3 is dead: process gone' },
    ],
    logLines: [
      '2026/11/25 03:12:01 worker w-3 starting',
      '2026/11/25 03:12:03 claimed oro-1nf',
      'panic: runtime error: index out of range [5] with length 3',
      '',
      'goroutine 18 [running]:',
      'main.step()',
      '\t/src/worker.go:214 +0x2a5',
    ],
    failuresLastHour: 1,
    actions: [{ atMs: T0 + 2000, what: 'restart-worker attempt 1 of 3', outcome: 'succeeded: worker w-3 runs as PID 812' }],
    state: null,
    host: 'build-01',
    ...over,
  };
}

/** The text of one `## Section`, up to the next one. */
function section(md: string, name: string): string {
  const start = md.indexOf(`## ${name}\n`);
  assert.ok(start >= 0, `no section ${name} in:\n${md}`);
  const end = md.indexOf('\n## ', start + 3);
  return md.slice(start, end < 0 ? undefined : end);
}

test('the report has every part seed 001 asks for, from the data given', () => {
  const md = renderIncidentReport(input());
  assert.match(md, /^# Incident 17: worker:w-3: exited\n/);
  assert.match(md, /- \*\*When:\*\* 2026-11-25T03:12:05Z/);
  assert.match(md, /- \*\*Target:\*\* worker:w-3 on build-01/);
  assert.match(md, /- \*\*Bead:\*\* oro-1nf/);
  assert.match(md, /- \*\*Failures of this target in the last hour:\*\* 1/);
  assert.match(
    section(md, 'What happened'),
    /worker w-3 exited \(its process is gone\)\n\n- process gone; the daemon still lists it as busy/,
  );
  const timeline = section(md, 'Timeline');
  assert.ok(timeline.indexOf('03:12:05Z worker w-3 is dead') < timeline.indexOf('03:12:07Z restart-worker'), 'in time order');
  const first = section(md, 'First error');
  assert.match(
    first,
    /```\npanic: runtime error: index out of range \[5\] with length 3\ngoroutine 18 \[running\]:\nmain.step\(\)\n\t\/src\/worker.go:214 \+0x2a5\n```/,
  );
  assert.match(section(md, 'Last log lines'), /claimed oro-1nf/);
  assert.match(section(md, 'What was done'), /2026-11-25T03:12:07Z restart-worker attempt 1 of 3: succeeded: worker w-3 runs as PID 812/);
  assert.match(section(md, 'Suggested next step'), /Start from the first error above\./);
});

test('exit status and signal show in the title and facts; unknown ones are left out, not invented', () => {
  const pane = renderIncidentReport(input({ target: 'pane:architect', kind: 'pane-died', exitCode: 2, bead: null }));
  assert.match(pane, /^# Incident 17: pane:architect: pane died \(exit 2\)/);
  assert.match(pane, /- \*\*Exit status:\*\* 2/);
  assert.match(pane, /- \*\*Bead:\*\* none known/);
  assert.equal(
    reportTitle({ target: 'pane:manager', kind: 'pane-died', exitCode: null, signal: 'SIGKILL' }),
    'pane:manager: pane died (SIGKILL)',
  );
  const worker = renderIncidentReport(input());
  assert.doesNotMatch(worker, /Exit status|Signal/);
});

test('without an error line or without log lines the report says so; nothing done says so', () => {
  const clean = renderIncidentReport(input({ logLines: ['starting', 'working'], actions: [] }));
  assert.match(section(clean, 'First error'), /no error line in the 2 log lines kept/);
  assert.match(section(clean, 'What was done'), /Nothing \(watching only/);
  assert.match(section(clean, 'Suggested next step'), /No error line was found in its logs/);
  const none = renderIncidentReport(input({ logLines: [], timeline: [] }));
  assert.match(section(none, 'First error'), /no log lines of this target were kept/);
  assert.doesNotMatch(none, /## Last log lines/);
  assert.match(section(none, 'Timeline'), /nothing recorded/);
});

test('log lines cannot break out of their code block; inline text cannot inject Markdown', () => {
  const md = renderIncidentReport(
    input({ logLines: ['ERROR a ```` fence', '# not a heading'], summary: 'x\n# injected *bold* [link](y)' }),
  );
  const first = section(md, 'First error');
  assert.match(first, /`````\nERROR a ```` fence\n`````/);
  assert.doesNotMatch(md, /\n# injected/);
  assert.match(md, /x \\# injected \\\*bold\\\* \\\[link\\\]\(y\)/);
  assert.equal(fence(['plain']), '```\nplain\n```');
  assert.equal(inline('a|b_c'), 'a\\|b\\_c');
});

test('the suggested next step follows the kind', () => {
  const base = { target: 'worker:w-3' as const, failuresLastHour: 1, logLines: [] };
  assert.match(nextStep({ ...base, kind: 'persistent-failure' }, true), /supervise --reset worker:w-3/);
  assert.match(nextStep({ ...base, kind: 'frozen' }, false), /SIGQUIT/);
  assert.match(nextStep({ ...base, kind: 'zombie' }, false), /does not reap/);
  assert.match(nextStep({ ...base, kind: 'exited', failuresLastHour: 4 }, true), /failed 4 times in the last hour/);
  const persistent = renderIncidentReport(
    input({ kind: 'persistent-failure', failuresLastHour: 3, state: 'gave up after 3 restarts in 10 min' }),
  );
  assert.match(persistent, /^# Incident 17: worker:w-3: keeps failing/);
  assert.match(persistent, /- \*\*Now:\*\* gave up after 3 restarts in 10 min/);
});

test('persistent failure: 3 failures within the window, at most one report per target per hour', () => {
  const w = DEFAULT_PERSISTENT.windowMs;
  const three = [T0, T0 + 60_000, T0 + 120_000];
  assert.equal(persistentFailureDue(three.slice(0, 2), null, T0 + 120_000), false);
  assert.equal(persistentFailureDue(three, null, T0 + 120_000), true);
  assert.equal(persistentFailureDue(three, null, T0 + w + 1), false, 'the first failure left the window');
  assert.equal(persistentFailureDue(three, T0 + 120_000, T0 + 130_000), false, 'already reported');
  const later = [...three, T0 + 3_600_000, T0 + 3_650_000, T0 + 3_700_000];
  assert.equal(persistentFailureDue(later, T0 + 120_000, T0 + 3_700_000), false, 'less than an hour since the report');
  assert.equal(persistentFailureDue(later, T0 + 120_000, T0 + 3_720_000), true);
  assert.equal(persistentFailureDue([T0, T0, T0 + 1], null, T0 + 1, { ...DEFAULT_PERSISTENT, threshold: 4 }), false);
  assert.equal(failuresInLastHour(later, T0 + 3_700_000), 4, 'T0 + 120 s is inside the hour, T0 + 60 s is not');
});
