import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeId, sanitizeLine, sanitizeText } from '../../src/util/sanitize.js';

const ESC = '\u001b';

test('colour, cursor and OSC sequences are removed', () => {
  // captured from the reference architect pane
  assert.equal(sanitizeText(`${ESC}[36m●${ESC}[0m Reviewing epic oro-e12`), '● Reviewing epic oro-e12');
  assert.equal(sanitizeText(`a${ESC}[2J${ESC}[H b`), 'a b');
  assert.equal(sanitizeText(`${ESC}]0;evil title\u0007text`), 'text');
  assert.equal(sanitizeText(`${ESC}]2;my\ttitle${ESC}\\rest`), 'rest');
});

test('no control character survives', () => {
  const out = sanitizeText(`bell\u0007 bs\u0008 nul\u0000 c1\u009b31m esc${ESC} del\u007f`);
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
});

test('tabs become spaces; a trailing CR goes', () => {
  assert.equal(sanitizeText('a\tb\r'), 'a    b');
});

test('binary junk becomes a short placeholder', () => {
  const junk = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x1b, 0x5b, 0x00, 0x10, 0x11]).toString('utf8');
  assert.equal(sanitizeLine(junk, 10), '[binary data, 10 bytes]');
  assert.equal(sanitizeLine('plain text'), 'plain text');
});

test('ids are flattened and bounded', () => {
  assert.equal(sanitizeId(`w-1\n${ESC}[31mred`), 'w-1 red');
  assert.equal(sanitizeId('x'.repeat(100), 10).length, 10);
});

test('a control character shows as people write it (^G for BEL, ^? for DEL), never raw, never a bare replacement sign', () => {
  assert.equal(sanitizeText('done\u0007 next'), 'done^G next');
  assert.equal(sanitizeText('a\u007fb'), 'a^?b');
  assert.equal(sanitizeLine('ring \u0007 twice \u0007'), 'ring ^G twice ^G');
  assert.equal(sanitizeText('c1 \u0085 stays a replacement'), 'c1 \ufffd stays a replacement');
  // mostly junk is still one placeholder
  assert.match(sanitizeLine('\u0001\u0002\u0003\u0004ab'), /^\[binary data, \d+ bytes\]$/);
});
