import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiOnly, bar, esc, fit, sparkline, width } from '../../src/screens/text.js';
import { makeTheme } from '../../src/screens/theme.js';

const uni = makeTheme({ ascii: false, colour: false });
const ascii = makeTheme({ ascii: true, colour: false });

test('fit pads and cuts by display width; wide characters count two cells', () => {
  assert.equal(fit('abc', 5, uni), 'abc  ');
  assert.equal(fit('abcdef', 4, uni), 'abc…');
  assert.equal(fit('中文字', 5, uni), '中文…');
  assert.equal(width(fit('中文字', 5, uni)), 5);
  assert.equal(width(fit('w-中文', 8, uni)), 8);
  assert.equal(fit('7', 3, uni, 'right'), '  7');
  assert.equal(fit('x', 0, uni), '');
});

test('ASCII mode: non-ASCII is transliterated (a look-alike, else ?), widths hold, the ellipsis is ~', () => {
  assert.equal(fit('héllo ●', 8, ascii), 'hello * ');
  assert.equal(fit('a·b — c…', 8, ascii), 'a-b - c~');
  assert.equal(fit('abcdef', 4, ascii), 'abc~');
  assert.equal(asciiOnly('中'), '??');
  assert.equal(asciiOnly('Ω'), '?');
});

test('esc shows braces instead of letting blessed read them as tags', () => {
  assert.equal(esc('{red-fg}x{/red-fg}'), '{open}red-fg{close}x{open}/red-fg{close}');
  assert.equal(esc('a\u001b]0;t\u0007b'), 'a\ufffd]0;t\ufffdb', 'a control character never reaches blessed');
});

test('bar and sparkline in both modes', () => {
  assert.equal(bar(50, 10, uni), '█████░░░░░');
  assert.equal(bar(null, 4, ascii), '....');
  assert.equal(bar(150, 4, ascii), '####');
  assert.equal(sparkline([0, 1, 2, 4], 6, uni), '▁▁▁▃▅█');
  assert.equal(sparkline([0, 0, 8], 3, ascii), '  #');
  assert.match(sparkline([3, 9], 5, ascii), /^[ .:=+*#-]{5}$/);
});

test('width agrees with string-width on mixed text, combining marks and emoji sequences', async () => {
  const { default: stringWidth } = await import('string-width');
  for (const s of ['● healthy', '中文 abc', 'e\u0301te', '👩‍💻 dev', '✓ done', '🇫🇷', 'a\u200bb', '½ ◐ ○']) {
    assert.equal(width(s), stringWidth(s), JSON.stringify(s));
  }
});
