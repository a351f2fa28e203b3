import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingsFor } from '../../src/screens/keys.js';
import { handleKey } from '../../src/screens/key-handler.js';
import { initialUi, type KeyContext, type UiState } from '../../src/screens/ui-state.js';

const ctx: KeyContext = { rows: 10, page: 5, workerAt: (i) => `w-${i + 1}`, errorRows: [2, 7] };
const press = (ui: UiState, ...keys: string[]): UiState => keys.reduce((u, k) => handleKey(u, k, ctx), ui);

test('Tab, Shift-Tab and 1-6 switch screens', () => {
  const ui = initialUi();
  assert.equal(press(ui, 'tab').screen, 'workers');
  assert.equal(press(ui, 'S-tab').screen, 'incidents');
  assert.equal(press(ui, 'tab', 'tab', 'tab', 'tab', 'tab', 'tab').screen, 'overview');
  assert.equal(press(ui, '6').screen, 'incidents');
  assert.equal(press(ui, '3').screen, 'panes');
  assert.equal(press(ui, '5', '1').screen, 'overview');
});

test('moving: j k, paging, g G, clamped to the rows', () => {
  let ui = press(initialUi(), '2');
  ui = press(ui, 'j', 'j', 'down');
  assert.equal(ui.cursor.workers, 3);
  ui = press(ui, 'k', 'up', 'up', 'up', 'up');
  assert.equal(ui.cursor.workers, 0);
  assert.equal(press(ui, 'pagedown').cursor.workers, 4);
  assert.equal(press(ui, 'G').cursor.workers, 9);
  assert.equal(press(ui, 'G', 'j').cursor.workers, 9);
  assert.equal(press(ui, 'G', 'g').cursor.workers, 0);
});

test('Enter opens a worker, Esc backs out', () => {
  const ui = press(initialUi(), '2', 'j', 'enter');
  assert.equal(ui.detail, 'w-2');
  assert.equal(press(ui, 'escape').detail, null);
});

test('/ edits a filter: keys go to it until Enter; Esc cancels; Esc again clears', () => {
  let ui = press(initialUi(), '2', '/');
  assert.deepEqual(ui.input, { target: 'workers', text: '' });
  ui = press(ui, 'w', '-', '3', 'q'); // q types, it does not quit
  assert.equal(ui.quit, false);
  ui = press(ui, 'backspace', 'enter');
  assert.equal(ui.filter.workers, 'w-3');
  assert.equal(ui.input, null);
  assert.equal(press(ui, '/', 'x', 'escape').filter.workers, 'w-3');
  assert.equal(press(ui, 'escape').filter.workers, '');
});

test('sort keys cycle the column and invert', () => {
  const ui = press(initialUi(), '2', '>', '>');
  assert.equal(ui.sort.column, 'state');
  assert.equal(press(ui, '<').sort.column, 'status');
  assert.equal(press(ui, 'I').sort.desc, true);
  assert.equal(press(initialUi(), '2', '<').sort.column, 'restarts');
});

test('logs: moving up pauses, f follows again, n and N jump between errors', () => {
  let ui = press(initialUi(), '4', 'G');
  assert.equal(ui.follow, true);
  ui = press(ui, 'k');
  assert.equal(ui.follow, false);
  ui = press(ui, 'g', 'n');
  assert.equal(ui.cursor.logs, 2);
  ui = press(ui, 'n');
  assert.equal(ui.cursor.logs, 7);
  assert.equal(press(ui, 'n').flash, 'no later error');
  assert.equal(press(ui, 'N').cursor.logs, 2);
  ui = press(ui, 'f');
  assert.equal(ui.follow, true);
  assert.equal(ui.cursor.logs, 9);
});

test('action keys open a confirmation; y confirms, anything else cancels; read-only turns them off', () => {
  const r = press(initialUi(), 'R');
  assert.deepEqual(r.confirm, { kind: 'action', action: 'restart-daemon', target: 'daemon' });
  assert.deepEqual(press(r, 'y').request, { kind: 'action', action: 'restart-daemon', target: 'daemon' });
  assert.equal(press(r, 'enter').request, null, 'Enter is not yes: the default is no');
  assert.equal(press(r, 'enter').flash, 'cancelled');
  assert.deepEqual(press(initialUi(), '3', 'j', 'p').confirm, { kind: 'action', action: 'respawn-pane', target: 'manager' });
  assert.deepEqual(press(initialUi(), '2', 'j', 'r').confirm, { kind: 'action', action: 'restart-worker', target: 'w-2' });
  assert.deepEqual(press(initialUi(), '2', 'K').confirm, { kind: 'action', action: 'kill-worker', target: 'w-1' });
  const ro = handleKey(initialUi(), 'R', { ...ctx, bindings: bindingsFor({ readOnly: true }) });
  assert.equal(ro.confirm, null);
  assert.match(ro.flash ?? '', /disabled: read-only mode/);
});

test('help is a modal layer; disabled keys explain themselves; q and Ctrl-C quit', () => {
  const help = press(initialUi(), '?');
  assert.equal(help.help, true);
  assert.equal(press(help, '2').screen, 'overview', 'other keys do nothing under help');
  assert.equal(press(help, 'escape').help, false);
  assert.equal(press(initialUi(), 'q').quit, true);
  assert.equal(press(initialUi(), 'C-c').quit, true);
  assert.equal(press(help, 'q').quit, true);
});

test('Esc while a restart runs asks to cancel it (after closing whatever else Esc closes first)', () => {
  const c = { ...ctx, runningRestart: 7 };
  // it asks first: the confirmation dialog, nothing requested before y
  const asked = handleKey(initialUi(), 'escape', c);
  assert.deepEqual(asked.confirm, { kind: 'cancel', actionId: 7 });
  assert.equal(asked.request, null);
  assert.deepEqual(handleKey(asked, 'y', c).request, { kind: 'cancel', actionId: 7 });
  const withHelp = handleKey(handleKey(initialUi(), '?', c), 'escape', c);
  assert.equal(withHelp.help, false);
  assert.equal(withHelp.request, null);
  assert.equal(withHelp.confirm, null);
  assert.equal(handleKey(initialUi(), 'escape', ctx).request, null);
});
