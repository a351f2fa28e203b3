import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Incident } from '../../src/journal/incidents.js';
import { doneText, incidentReport, incidentReportInput, splitEvidence, supervisionLine } from '../../src/supervisor/incident-report.js';

const T0 = Date.parse('2026-11-25T03:12:05.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 17,
    at: iso(T0),
    home: '/srv/oro',
    target: 'worker:w-3',
    kind: 'exited',
    severity: 'critical',
    summary: 'worker w-3 exited (its process is gone)',
    evidence: [
      'exit code 2',
      'PID 812',
      'the daemon still lists it as busy',
      '--- last lines ---',
      '2026/11/25 03:12:01 worker w-3 starting',
      'panic: runtime error: index out of range [5] with length 3',
      '',
      'goroutine 18 [running]:',
      'main.step()',
      '\t/src/worker.go:214 +0x2a5',
    ],
    bead: 'oro-1nf',
    action: 'restart-worker',
    actionId: 41,
    outcome: 'worker w-3 runs again as PID 901',
    attempt: 2,
    attemptsMax: 3,
    ...over,
  };
}

const section = (md: string, name: string): string => md.split(`## ${name}\n`)[1]?.split('\n## ')[0] ?? '';

test("the supervisor's evidence is read back: exit code and signal, the detail, the log lines after the mark", () => {
  const e = splitEvidence(['exit code 137', 'signal SIGKILL', 'PID 5', 'why', '--- last lines ---', 'a', 'b']);
  assert.deepEqual(e, { exitCode: 137, signal: 'SIGKILL', detail: ['PID 5', 'why'], logLines: ['a', 'b'] });
  assert.deepEqual(splitEvidence(['only detail']), { exitCode: null, signal: null, detail: ['only detail'], logLines: [] });
});

test('an incident report: facts, the first error with its stack from the log lines, how often in the hour, what was done, the target now', () => {
  const earlier = incident({ id: 15, at: iso(T0 - 20 * 60_000), action: 'restart-worker', attempt: 1, outcome: 'succeeded' });
  const longAgo = incident({ id: 3, at: iso(T0 - 3 * 3_600_000) });
  const otherTarget = incident({ id: 16, target: 'daemon', at: iso(T0 - 60_000) });
  const md = incidentReport(incident(), {
    others: [earlier, longAgo, otherTarget],
    timeline: [
      { atMs: T0 - 5 * 60_000, kind: 'sample', status: 'healthy', workersHealthy: 3, workersTotal: 3, reason: null },
      { atMs: T0 + 1000, kind: 'transition', status: 'degraded', workersHealthy: 2, workersTotal: 3, reason: 'workers: 2/3 healthy' },
      { atMs: T0 - 2 * 3_600_000, kind: 'transition', status: 'critical', workersHealthy: 0, workersTotal: 3, reason: 'far away' },
    ],
    supervision: {
      running: true,
      autoRestart: true,
      paused: false,
      gaveUp: [{ target: 'worker:w-3', since: iso(T0 + 5000), why: '3 restarts in 10 min' }],
    },
    host: 'build-01',
  });
  assert.match(md, /^# Incident 17: worker:w-3: exited \(exit 2\)/);
  assert.match(md, /\*\*Exit status:\*\* 2/);
  assert.match(md, /\*\*Bead:\*\* oro-1nf/);
  assert.match(md, /\*\*Failures of this target in the last hour:\*\* 2/, 'this one and #15; not #3 (3 h ago), not the daemon');
  assert.match(md, /\*\*Now:\*\* gave up on it since .*oro-top supervise --reset worker:w-3/);
  assert.match(section(md, 'First error'), /panic: runtime error: index out of range[\s\S]*goroutine 18 \[running\]:[\s\S]*worker\.go:214/);
  assert.match(section(md, 'What was done'), /restart-worker attempt 2 of 3: worker w-3 runs again as PID 901/);
  const tl = section(md, 'Timeline');
  assert.match(tl, /incident 15: exited/);
  assert.match(tl, /this incident: exited/);
  assert.match(tl, /overall degraded, workers 2\/3 healthy: workers: 2\/3 healthy/);
  assert.doesNotMatch(tl, /far away|incident 3\b|incident 16/, 'only what is around it, of its target');
  assert.ok(tl.indexOf('incident 15') < tl.indexOf('this incident'), 'oldest first');
  assert.match(section(md, 'What happened'), /PID 812[\s\S]*still lists it as busy/);
});

test('a persistent failure borrows the last lines of the failure before it; no action: the outcome is said, nothing done', () => {
  const before = incident({ id: 20, at: iso(T0 - 60_000) });
  const pf = incident({
    id: 21,
    kind: 'persistent-failure',
    summary: 'worker:w-3 failed 3 times in 10 min',
    evidence: [],
    action: null,
    attempt: null,
    attemptsMax: null,
    outcome: 'healthy again after 40 s',
  });
  const r = incidentReportInput(pf, { others: [before], timeline: [] });
  assert.ok(r.logLines.some((l) => l.startsWith('panic:')));
  assert.deepEqual(r.actions, []);
  assert.ok(r.detail.includes('outcome: healthy again after 40 s'));
  assert.equal(r.failuresLastHour, 1, 'a persistent-failure row is not a failure of its own');
  const md = incidentReport(pf, { others: [before], timeline: [] });
  assert.match(md, /keeps failing/);
  assert.match(md, /Nothing \(watching only/);
});

test('the "now" line for a target: gave up, off, watching only, paused, restarting', () => {
  const base = { running: true, autoRestart: true, paused: false, gaveUp: [] };
  assert.equal(supervisionLine('daemon', null), null);
  assert.match(supervisionLine('daemon', { ...base, running: false }) ?? '', /^no supervisor runs now$/);
  assert.match(supervisionLine('daemon', { ...base, running: false, paused: true }) ?? '', /paused for the next one/);
  assert.match(supervisionLine('daemon', { ...base, autoRestart: false }) ?? '', /no --auto-restart/);
  assert.match(supervisionLine('daemon', { ...base, paused: true }) ?? '', /restarts nothing/);
  assert.match(supervisionLine('daemon', base) ?? '', /within its budget/);
});

test('a crash loop kept as one incident: every attempt is listed with its own time, and each counts as a failure', () => {
  const outcome = [
    '2026-11-25T03:12:06Z attempt 1 of 2: restart-worker w-2 #11 succeeded: worker w-2 runs again as PID 812',
    '2026-11-25T03:12:09Z attempt 2 of 2: restart-worker w-2 #12 succeeded: worker w-2 runs again as PID 815',
    'gave up: it kept failing: 2 restart(s) within 10 min used up its budget',
  ].join('; ');
  const input = incidentReportInput(incident({ action: 'restart-worker w-2', actionId: 12, attempt: 2, attemptsMax: 2, outcome }), {
    others: [],
    timeline: [],
    supervision: null,
  } as never);
  assert.deepEqual(
    input.actions.map((a) => [new Date(a.atMs).toISOString(), a.what]),
    [
      ['2026-11-25T03:12:06.000Z', 'restart-worker w-2 #11 (attempt 1 of 2)'],
      ['2026-11-25T03:12:09.000Z', 'restart-worker w-2 #12 (attempt 2 of 2)'],
    ],
  );
  assert.match(input.actions[1]!.outcome ?? '', /; gave up: it kept failing/);
  assert.ok(input.failuresLastHour >= 2, `failures ${input.failuresLastHour}`);
});

test('what was done is said once: an outcome with the attempts in it is not prefixed with the last action again', () => {
  const history = '2026-11-25T03:12:06Z attempt 1 of 2: restart-worker w-2 #11 succeeded: runs again';
  assert.equal(doneText(incident({ action: 'restart-worker w-2', attempt: 1, attemptsMax: 2, outcome: history }), true), `; ${history}`);
  // an older record (no attempt lines in its outcome) keeps the action and attempt
  assert.equal(
    doneText(incident({ action: 'restart-worker w-2', attempt: 1, attemptsMax: 2, outcome: 'succeeded' }), true),
    '; restart-worker w-2 attempt 1 of 2: succeeded',
  );
});
