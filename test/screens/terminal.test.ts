import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTerminal, chooseTerminal, chooseTerminfo } from '../../src/screens/terminal.js';

test('no TTY and TERM=dumb are refused with a pointer to the headless commands', () => {
  assert.throws(
    () => checkTerminal({ stdinTTY: true, stdoutTTY: false }, { TERM: 'xterm' }),
    /needs a terminal .*oro-top snapshot --json.*oro-top check/,
  );
  assert.throws(() => checkTerminal({ stdinTTY: false, stdoutTTY: true }, { TERM: 'xterm' }), /needs a terminal/);
  assert.throws(() => checkTerminal({ stdinTTY: true, stdoutTTY: true }, { TERM: 'dumb' }), /TERM=dumb cannot draw/);
  assert.throws(() => checkTerminal({ stdinTTY: true, stdoutTTY: true }, {}), /TERM=\(unset\)/);
  assert.doesNotThrow(() => checkTerminal({ stdinTTY: true, stdoutTTY: true }, { TERM: 'screen' }));
});

test('terminfo: 256 colours, the Linux console, else plain xterm (tmux and screen included)', () => {
  assert.equal(chooseTerminfo('xterm-256color'), 'xterm-256color');
  assert.equal(chooseTerminfo('tmux-256color'), 'xterm-256color');
  assert.equal(chooseTerminfo('screen'), 'xterm');
  assert.equal(chooseTerminfo('vt100'), 'xterm');
  assert.equal(chooseTerminfo('linux'), 'linux');
});

test('Unicode needs a UTF-8 locale and no --ascii; colour goes with NO_COLOR or --no-color', () => {
  assert.equal(chooseTerminal({}, { TERM: 'xterm', LANG: 'en_US.UTF-8' }).unicode, true);
  assert.equal(chooseTerminal({}, { TERM: 'xterm', LANG: 'C' }).unicode, false);
  assert.equal(chooseTerminal({}, { TERM: 'xterm', LANG: 'C', LC_ALL: 'C.utf8' }).unicode, true);
  assert.equal(chooseTerminal({ ascii: true }, { TERM: 'xterm', LANG: 'C.UTF-8' }).unicode, false);
  assert.equal(chooseTerminal({}, { TERM: 'linux', LANG: 'C.UTF-8' }).unicode, false);
  assert.equal(chooseTerminal({}, { TERM: 'xterm', NO_COLOR: '1' }).colour, false);
  assert.equal(chooseTerminal({}, { TERM: 'xterm', NO_COLOR: '' }).colour, true);
  assert.equal(chooseTerminal({ noColor: true }, { TERM: 'xterm' }).colour, false);
});
