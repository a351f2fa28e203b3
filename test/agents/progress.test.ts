import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileProgress, screenProgress } from '../../src/agents/progress.js';
import { ROOT } from '../helpers/cli.js';

const fx = (p: string): string[] => readFileSync(join(ROOT, 'test/fixtures/agents', p), 'utf8').split('\n');

test("Claude Code's todo list: ☒ done, ☐ open, counted from the screen (escapes and wide text too)", () => {
  assert.deepEqual(screenProgress(fx('claude-code/working.txt')), { done: 2, total: 5 });
  assert.deepEqual(screenProgress(fx('claude-code/working-escapes.txt')), { done: 2, total: 5 });
  assert.deepEqual(screenProgress(fx('claude-code/complete.txt')), { done: 4, total: 4 });
});

test('only the newest list counts (an agent redraws its list at every update)', () => {
  const lines = [
    '● Update Todos',
    '  ⎿  ☐ one',
    '     ☐ two',
    '     ☐ three',
    '',
    '● Update(a.go)',
    '  ⎿  Updated a.go with 2 additions',
    '    more output',
    '● Update Todos',
    '  ⎿  ☒ one',
    '     ◼ two',
    '     ☐ three',
    '✻ Working… (esc to interrupt)',
  ];
  assert.deepEqual(screenProgress(lines), { done: 1, total: 3 });
});

test('[ ] / [x] lists, ✔ items, and no list at all', () => {
  assert.deepEqual(screenProgress(['Plan:', '- [x] parse', '- [X] check', '- [ ] write', '1. [ ] ship']), { done: 2, total: 4 });
  assert.deepEqual(screenProgress(['✔ build', '✔ lint', '☐ release']), { done: 2, total: 3 });
  assert.equal(screenProgress(['✔ Build passed', 'all good']), null, 'one ✔ line is output, not a list');
  assert.equal(screenProgress(['$ ls', 'a b c']), null);
});

test('a task file counts every markdown checkbox outside code blocks', () => {
  const md = ['# Lanes', '- [x] design', '- [ ] code', '  - [x] sub-task', '```', '- [ ] not a task', '```', '* [ ] docs'].join('\n');
  assert.deepEqual(fileProgress(md), { done: 2, total: 4 });
  assert.equal(fileProgress('# nothing to do\n'), null);
});
