// The default rules against fixture captures: one realistic screen per state and agent program
// (test/fixtures/agents/PROGRAM/STATE[-variant].txt), some with escape sequences and wide characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyAgent, detectProgram } from '../../src/agents/classify.js';
import { compileRules, DEFAULT_RULES, mergeRules } from '../../src/agents/rules.js';
import { screenProgress } from '../../src/agents/progress.js';
import { cleanLines } from '../../src/agents/text.js';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'test/fixtures/agents');
const RULES = compileRules(DEFAULT_RULES);
const COMMAND: Record<string, string> = { 'claude-code': 'claude', codex: 'codex', aider: 'aider', gemini: 'gemini', generic: 'bash' };

function fixture(program: string, file: string): string[] {
  return readFileSync(join(DIR, program, file), 'utf8').split('\n');
}

const classify = (lines: string[], command: string, nowMs = 1000) =>
  classifyAgent(RULES, { pane: 'p', lines, command, prev: null, nowMs, stuckAfterMs: 300_000, progress: screenProgress(lines) });

for (const program of readdirSync(DIR)) {
  for (const file of readdirSync(join(DIR, program))) {
    const expected = file.replace(/(-[\w-]+)?\.txt$/, '');
    test(`${program}/${file} is ${expected}`, () => {
      const got = classify(fixture(program, file), COMMAND[program]!)!.view;
      assert.equal(got.state, expected, `evidence: ${got.evidence}`);
      assert.equal(got.program, program === 'generic' ? 'unknown' : program);
      assert.doesNotMatch(got.evidence, /[\u0000-\u001f\u007f-\u009f]/, 'no control characters in the evidence');
    });
  }
}

test('every state but stuck has a fixture for Claude Code', () => {
  const have = new Set(readdirSync(join(DIR, 'claude-code')).map((f) => f.replace(/(-[\w-]+)?\.txt$/, '')));
  for (const s of ['initializing', 'reading', 'thinking', 'working', 'testing', 'waiting', 'idle', 'error', 'complete'])
    assert.ok(have.has(s), s);
});

test('a program is recognised by its screen when its command is a plain node', () => {
  for (const program of ['claude-code', 'codex', 'gemini']) {
    const lines = cleanLines(fixture(program, 'idle.txt'));
    assert.equal(detectProgram(RULES, 'node', lines)?.name, program);
  }
  assert.equal(detectProgram(RULES, 'bash', cleanLines(fixture('generic', 'unknown.txt'))), null);
});

test('the evidence is the matching line, cleaned of escapes, wide characters kept', () => {
  const v = classify(fixture('claude-code', 'working-escapes.txt'), 'claude')!.view;
  assert.equal(v.state, 'working');
  assert.equal(v.evidence, '● Update(internal/dispatcher/queue.go)');
  const w = classify(fixture('claude-code', 'waiting-wide.txt'), 'claude')!.view;
  assert.equal(w.state, 'waiting');
  assert.equal(w.evidence, 'Do you want to proceed?');
});

test('the newest tool line decides among the busy states (a Read after a test run is reading)', () => {
  const lines = [...fixture('claude-code', 'testing.txt')];
  lines.splice(
    lines.findIndex((l) => l.startsWith('✳')),
    0,
    '● Read(go.mod)',
    '  ⎿  Read 12 lines',
  );
  assert.equal(classify(lines, 'claude')!.view.state, 'reading');
});

test('busy text unchanged for stuck_after is stuck; the spinner seconds are no change', () => {
  const first = classify(fixture('claude-code', 'thinking.txt'), 'claude', 0)!;
  const later = fixture('claude-code', 'thinking.txt').map((l) => l.replace('41s', '5m 41s').replace('2.3k', '2.4k'));
  const input = { pane: 'p', command: 'claude', stuckAfterMs: 300_000, progress: null, prev: first };
  const at299 = classifyAgent(RULES, { ...input, lines: later, nowMs: 299_000 })!;
  assert.equal(at299.view.state, 'thinking');
  assert.equal(at299.view.sinceMs, 0);
  const at300 = classifyAgent(RULES, { ...input, lines: later, nowMs: 300_000, prev: at299 })!;
  assert.equal(at300.view.state, 'stuck');
  assert.match(at300.view.evidence, /^thinking, no change for 300s: ● Let me reason/);
  assert.equal(at300.view.sinceMs, 300_000);
  // a new line is a change: busy again, since now
  const at = later.findIndex((l) => l.startsWith('✻'));
  const newer = [...later.slice(0, at), '● Read(go.sum)', ...later.slice(at)];
  const moved = classifyAgent(RULES, { ...input, lines: newer, nowMs: 301_000, prev: at300 })!;
  assert.equal(moved.view.state, 'reading');
  assert.equal(moved.view.changedAtMs, 301_000);
});

test('an idle pane is never stuck, however long it stays', () => {
  const first = classify(fixture('claude-code', 'idle.txt'), 'claude', 0)!;
  const v = classifyAgent(RULES, {
    pane: 'p',
    lines: fixture('claude-code', 'idle.txt'),
    command: 'claude',
    prev: first,
    nowMs: 10_000_000,
    stuckAfterMs: 300_000,
    progress: null,
  })!;
  assert.equal(v.view.state, 'idle');
});

test('a pane of no known agent is null when a known one is required', () => {
  const v = classifyAgent(RULES, {
    pane: 'w',
    lines: fixture('generic', 'unknown.txt'),
    command: 'bash',
    prev: null,
    nowMs: 0,
    stuckAfterMs: 1,
    progress: null,
    requireProgram: true,
  });
  assert.equal(v, null);
});

test('config rules go before the defaults; a new program is tried first; replace_rules replaces', () => {
  const merged = compileRules(
    mergeRules(DEFAULT_RULES, {
      programs: [
        { name: 'claude-code', rules: [{ state: 'waiting', pattern: 'Pondering' }] },
        { name: 'mybot', commands: '^mybot$', rules: [{ state: 'working', pattern: '^BUSY' }] },
      ],
    }),
  );
  const v = classifyAgent(merged, {
    pane: 'p',
    lines: fixture('claude-code', 'thinking.txt'),
    command: 'claude',
    prev: null,
    nowMs: 0,
    stuckAfterMs: 1e9,
    progress: null,
  })!;
  assert.equal(v.view.state, 'waiting');
  const b = classifyAgent(merged, {
    pane: 'p',
    lines: ['BUSY compiling'],
    command: 'mybot',
    prev: null,
    nowMs: 0,
    stuckAfterMs: 1e9,
    progress: null,
  })!;
  assert.deepEqual([b.view.program, b.view.state], ['mybot', 'working']);
  const replaced = compileRules(mergeRules(DEFAULT_RULES, { programs: [{ name: 'aider', replaceRules: true, rules: [] }] }));
  assert.equal(replaced.programs.find((p) => p.name === 'aider')!.rules.length, 0);
});

test("the agent's own words say complete, whatever its checklist (rules match the capitalised sentence)", () => {
  const v = classifyAgent(RULES, {
    pane: 'p',
    lines: fixture('claude-code', 'complete.txt'),
    command: 'claude',
    prev: null,
    nowMs: 0,
    stuckAfterMs: 1e9,
    progress: null,
  })!;
  assert.equal(v.view.state, 'complete');
  assert.match(v.view.evidence, /^● All tasks are complete/);
});
