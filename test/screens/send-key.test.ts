// `s` on the panes screen: the line typed on the hint line, Enter shows it in the dialog, y sends it
// to the program the dialog showed; Esc or an empty line sends nothing; --read-only turns s off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleKey } from '../../src/screens/key-handler.js';
import { bindingsFor } from '../../src/screens/keys.js';
import { hintLine } from '../../src/screens/models/chrome.js';
import { makeTheme } from '../../src/screens/theme.js';
import { initialUi, type KeyContext, type UiState } from '../../src/screens/ui-state.js';

const ctx: KeyContext = { rows: 2, page: 2, paneCommand: (p) => (p === 'manager' ? 'claude' : null) };
const press = (ui: UiState, ...keys: string[]): UiState => keys.reduce((u, k) => handleKey(u, k, ctx), ui);

test('s on the manager pane: a line typed (wide characters, backspace), Enter: the dialog; y: the request with its command', () => {
  let ui = press(initialUi(), '3', 'j', 's');
  assert.deepEqual(ui.input, { target: 'send', pane: 'manager', text: '' });
  ui = press(ui, 'y', 'e', 's', ' ', '继', '续', 'x', 'backspace');
  assert.equal(ui.input?.text, 'yes 继续', 'keys go to the line (y is a letter here, not an answer)');
  assert.equal(ui.confirm, null);
  ui = press(ui, 'enter');
  assert.equal(ui.input, null);
  assert.deepEqual(ui.confirm, { kind: 'action', action: 'send', target: 'manager', input: { text: 'yes 继续' } });
  ui = press(ui, 'y');
  assert.deepEqual(ui.request, {
    kind: 'action',
    action: 'send',
    target: 'manager',
    input: { text: 'yes 继续', expectCommand: 'claude' },
  });
});

test('Esc, or an empty line, sends nothing; any key but y in the dialog cancels', () => {
  assert.equal(press(initialUi(), '3', 's', 'h', 'escape').flash, 'nothing sent');
  const empty = press(initialUi(), '3', 's', ' ', 'enter');
  assert.equal(empty.confirm, null);
  assert.match(empty.flash ?? '', /nothing sent: the line was empty/);
  const no = press(initialUi(), '3', 's', 'h', 'i', 'enter', 'n');
  assert.equal(no.request, null);
  assert.equal(no.flash, 'cancelled');
});

test('the line being typed is on the hint line; under --read-only s is off', () => {
  const ui = press(initialUi(), '3', 's', 'g', 'o');
  const theme = makeTheme({ ascii: false, colour: false });
  const line = hintLine({ theme, size: { cols: 80, rows: 24 }, ui, bindings: bindingsFor({ readOnly: false }) } as never).lines[0]!;
  assert.match(line.replace(/\{\/?[\w-]+\}/g, ''), /^send to architect: go_ {2}Enter preview, Esc cancel, Ctrl-U clear/);
  const ro = [...'3s'].reduce((u, k) => handleKey(u, k, { ...ctx, bindings: bindingsFor({ readOnly: true }) }), initialUi());
  assert.equal(ro.input, null);
  assert.match(ro.flash ?? '', /s: .* — disabled: .*read-only/);
});
