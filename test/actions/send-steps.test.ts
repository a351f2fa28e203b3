// `send` against a scripted fake of tmux: the line typed literally then Enter (or the named keys);
// refused, with nothing typed, for control characters, bad key names, a rate over the limit, a dead
// pane, a shell, a command changed since the person confirmed, an ambiguous window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SendState, sendSteps } from '../../src/actions/send-to-pane.js';
import { checkSendInput } from '../../src/actions/send-text.js';
import { fakeConfig, FakeRun, pane, panes } from '../helpers/action-fixtures.js';
import { FakeEffects } from '../helpers/fake-effects.js';

const CFG = fakeConfig();
const TMUX = CFG.tmuxSocket;
const ok = { exitCode: 0, stdout: '', stderr: '', failure: null };

function state(over: Partial<SendState> = {}): SendState {
  return {
    config: CFG,
    pane: 'architect',
    text: 'run the tests',
    keys: [],
    expectCommand: null,
    recentSends: 0,
    paneId: null,
    command: null,
    ...over,
  };
}

let dir: string;
let run: FakeRun;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-steps-'));
  run = FakeRun.open(dir);
});
after(() => {
  run.close();
  rmSync(dir, { recursive: true, force: true });
});

const claudePanes = () => panes(pane('architect', { paneId: '%1', pid: 701, currentCommand: 'claude' }), pane('manager', { paneId: '%2' }));

test('the line is typed literally into the pane by its id, then Enter', async () => {
  const fx = new FakeEffects();
  fx.expect('tmuxPanes', [CFG], claudePanes());
  fx.expect('tmux', [TMUX, ['send-keys', '-t', '%1', '-l', '--', 'run the tests; -t x']], ok);
  fx.expect('tmux', [TMUX, ['send-keys', '-t', '%1', 'Enter']], ok);
  const { r, steps } = await run.run(sendSteps(), state({ text: 'run the tests; -t x', expectCommand: 'claude' }), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((s) => s.detail),
    ['pane %1 runs claude (PID 701)', 'typed "run the tests; -t x" + Enter'],
  );
});

test('--keys: the named keys instead of Enter (a menu answer), or keys alone', async () => {
  const fx = new FakeEffects();
  fx.expect('tmuxPanes', [CFG], claudePanes());
  fx.expect('tmux', [TMUX, ['send-keys', '-t', '%1', 'Escape']], ok);
  const { r, steps } = await run.run(sendSteps(), state({ text: '', keys: ['Escape'] }), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.equal(steps[1]!.detail, 'typed Escape');
});

for (const [what, over, panesNow, why] of [
  ['a control character', { text: 'yes\u001b[2J' }, null, /control character \(U\+001B at 4\)/],
  ['a newline', { text: 'one\ntwo' }, null, /control character \(U\+000A at 4\)/],
  ['a bad key name', { keys: ['Enter; rm'] }, null, /'Enter; rm' is not a tmux key name/],
  [
    'a rate over the limit',
    { recentSends: 6 },
    null,
    /rate limited: 6 lines sent to architect in the last minute \(agents.send_per_minute 6\)/,
  ],
  [
    'a dead pane',
    {},
    panes(pane('architect', { dead: true, deadStatus: 1, processAlive: false })),
    /architect pane is dead \(exited with status 1\): nothing sent/,
  ],
  ['a shell', {}, panes(pane('architect', { currentCommand: 'bash' })), /runs a shell \(bash\), not an agent/],
  [
    'a changed command',
    { expectCommand: 'claude' },
    panes(pane('architect', { currentCommand: 'vim' })),
    /runs vim now, not claude as when confirmed/,
  ],
  [
    'a window of two panes',
    {},
    panes(pane('architect', { paneId: '%1' }), pane('architect', { paneId: '%7' })),
    /window 'architect' has 2 panes: name one as architect.%1/,
  ],
  ['no such pane', { pane: 'w9' }, claudePanes(), /no window 'w9' in the session/],
] as const) {
  test(`refused, nothing typed: ${what}`, async () => {
    const fx = new FakeEffects();
    if (panesNow) fx.expect('tmuxPanes', [CFG], panesNow);
    const { r } = await run.run(sendSteps(), state(over as Partial<SendState>), fx);
    assert.equal(r.ok, false);
    assert.equal(r.failedStep, 'check');
    assert.match(r.error ?? '', why);
    assert.ok(!fx.calls.some((c) => c.startsWith('tmux(')), fx.calls.join('\n'));
  });
}

test('checkSendInput: plain and wide text pass; empty input is refused', () => {
  assert.equal(checkSendInput('继续 — next step ✓', []), null);
  assert.match(checkSendInput('', []) ?? '', /nothing to send/);
  assert.equal(checkSendInput('', ['C-c']), null);
});

test('the line as shown: quoted as JSON, so a refused escape never reaches a terminal raw', async () => {
  const { shownText } = await import('../../src/actions/send-text.js');
  assert.equal(shownText('bad\u001b[2J', []), '"bad\\u001b[2J" + Enter');
  assert.equal(shownText('', ['Escape']), 'Escape');
  assert.equal(shownText('x', ['a\u0007']), '"x" + ["a\\u0007"]');
});
