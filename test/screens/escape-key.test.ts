// Esc and the next key read together (a quick typist over ssh): blessed reads them as one Alt-key.
// The real blessed screen in a fake terminal, fed the bytes a terminal sends.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dashboard } from '../../src/screens/app.js';
import { keyNames } from '../../src/screens/keys.js';
import { shippedTerminfo } from '../../src/screens/run.js';
import { chooseTerminfo } from '../../src/screens/terminal.js';
import { makeTheme } from '../../src/screens/theme.js';
import { FakeInput, FakeOutput } from '../helpers/fake-tty.js';
import { NOW } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'oro-top-Esc-'));
process.env.ORO_TOP_CACHE_DIR = cacheDir;
after(() => rmSync(cacheDir, { recursive: true, force: true }));
const flushed = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

test('Esc then a key in one read: both keys act (help closes, then screen 2 opens)', async () => {
  const input = new FakeInput();
  const d = new Dashboard({
    theme: makeTheme({ ascii: false, colour: true }),
    terminfo: shippedTerminfo(chooseTerminfo('xterm-256color')),
    unicode: true,
    input,
    output: new FakeOutput(80, 24),
    now: () => NOW,
  });
  try {
    d.update(viewOf());
    input.write('?');
    await flushed();
    assert.equal(d.state.help, true);
    input.write('\x1b2');
    await flushed();
    assert.equal(d.state.help, false, 'Esc closed help');
    assert.equal(d.state.screen, 'workers', 'and 2 was not lost');
    // a filter being typed: Esc cancels it, the next key is a key again
    input.write('/');
    input.write('w');
    await flushed();
    assert.equal(d.state.input?.text, 'w');
    input.write('\x1b4');
    await flushed();
    assert.equal(d.state.input, null);
    assert.equal(d.state.screen, 'logs');
    // arrow keys (Esc [ A) are still arrow keys
    input.write('\x1b[A');
    await flushed();
    assert.equal(d.state.screen, 'logs');
    assert.equal(d.state.help, false);
  } finally {
    d.close();
  }
});

test('keyNames: an Alt-key is Esc then the key; arrows, Enter and plain keys are one key', () => {
  assert.deepEqual(keyNames('2', { name: '2', meta: true, sequence: '\x1b2', full: 'M-2' }), ['escape', '2']);
  assert.deepEqual(keyNames('/', { meta: true, sequence: '\x1b/' }), ['escape', '/']);
  assert.deepEqual(keyNames(undefined, { name: 'return', meta: true, sequence: '\x1b\r', full: 'M-return' }), ['escape', 'enter']);
  assert.deepEqual(keyNames(undefined, { name: 'escape', meta: true, sequence: '\x1b\x1b', full: 'M-escape' }), ['escape', 'escape']);
  assert.deepEqual(keyNames(undefined, { name: 'escape', sequence: '\x1b', full: 'escape' }), ['escape']);
  assert.deepEqual(keyNames(undefined, { name: 'up', sequence: '\x1b[A', full: 'up' }), ['up']);
  assert.deepEqual(keyNames('j', { name: 'j', sequence: 'j', full: 'j' }), ['j']);
});
