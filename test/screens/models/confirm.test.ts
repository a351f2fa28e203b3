import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepRecord } from '../../../src/journal/journal.js';
import { confirmationOf, confirmPanel } from '../../../src/screens/models/confirm.js';
import { makeTheme } from '../../../src/screens/theme.js';
import { actionRecord, NOW, ok, snapshot } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

const theme = makeTheme({ ascii: false, colour: false });
const body = { top: 1, left: 0, cols: 80, rows: 21 };
const step = (seq: number, name: string, status: StepRecord['status'], detail: string | null = null): StepRecord => ({
  seq,
  name,
  status,
  startedAt: new Date(NOW - 9000 + seq * 1000).toISOString(),
  endedAt: status === 'running' ? null : new Date(NOW - 8500 + seq * 1000).toISOString(),
  detail,
});
const restartAt = (...steps: StepRecord[]) =>
  viewOf(snapshot({ actions: ok({ recent: [actionRecord({ id: 11, who: 'bob (PID 4100)', steps })] }) }));
const untagged = (lines: string[]): string[] => lines.map((l) => l.replace(/\{\/?[\w-]+\}/g, '').trimEnd());

test('Esc during the drain: the dialog says SIGINT and SIGKILL come only past the deadline, and has one y line', () => {
  const view = restartAt(
    step(1, 'check', 'done'),
    step(2, 'directive', 'done'),
    step(3, 'drain', 'running', '1/2 workers approved, 58 s left'),
  );
  const c = confirmationOf({ kind: 'cancel', actionId: 11 }, view);
  const text = c.lines.join(' ');
  assert.match(text, /The drain goes on \(1\/2 workers approved, 58 s left\): workers that approve in time end it/);
  assert.match(text, /only if it still runs at the deadline: SIGINT, then SIGKILL if SIGINT is ignored/);
  assert.doesNotMatch(text, /then SIGINT, then SIGKILL, and the successor/);
  const lines = untagged(confirmPanel(c, body, theme).lines);
  assert.equal(lines.filter((l) => /^y:/.test(l)).length, 1, lines.join('\n'));
  assert.ok(lines.includes('y: only record the cancel request in the journal'), lines.join('\n'));
  // at the escalation: the deadline has passed, the signals are what happens now
  const late = confirmationOf(
    { kind: 'cancel', actionId: 11 },
    restartAt(step(1, 'check', 'done'), step(2, 'directive', 'done'), step(3, 'drain', 'done'), step(4, 'escalate', 'running')),
  );
  assert.match(late.lines.join(' '), /outlived its drain deadline: SIGINT, then SIGKILL if SIGINT is ignored/);
  // before the directive: one y line that says what it does
  const early = confirmPanel(confirmationOf({ kind: 'cancel', actionId: 11 }, restartAt(step(1, 'check', 'running'))), body, theme);
  assert.deepEqual(
    untagged(early.lines).filter((l) => /^y:/.test(l)),
    ['y: cancel the restart    any other key: no (the default)'],
  );
});
