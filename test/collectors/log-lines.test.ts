import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLineSplitter, classifyLine, makeClassifier, parseLineTime } from '../../src/collectors/log-lines.js';
import { DEFAULT_ERROR_PATTERNS } from '../../src/config.js';

test('splitter keeps partial lines until their newline arrives', () => {
  const s = new ByteLineSplitter();
  assert.deepEqual(
    s.push(Buffer.from('one\ntw')).map((l) => l.bytes.toString()),
    ['one'],
  );
  assert.equal(s.pendingBytes, 2);
  assert.deepEqual(
    s.push(Buffer.from('o\r\nthree\n')).map((l) => l.bytes.toString()),
    ['two', 'three'],
  );
});

test('splitter never tears a multi-byte character split across chunks', () => {
  const s = new ByteLineSplitter();
  const bytes = Buffer.from('héllo ●\n');
  const a = s.push(bytes.subarray(0, 2));
  const b = s.push(bytes.subarray(2));
  assert.equal(a.length, 0);
  assert.equal(b[0]!.bytes.toString('utf8'), 'héllo ●');
});

test('a line longer than the limit is cut, and the cut is counted', () => {
  const s = new ByteLineSplitter(10);
  const [l] = s.push(Buffer.from('0123456789abcdef\nnext\n'));
  assert.equal(l!.bytes.toString(), '0123456789');
  assert.equal(l!.cutBytes, 6);
  assert.equal(s.push(Buffer.from('x\n'))[0]!.cutBytes, 0);
});

test('classifyLine: default error patterns, ignore patterns, levels', () => {
  const c = makeClassifier(DEFAULT_ERROR_PATTERNS, ['ERROR tool call .* \\(retrying\\)']);
  assert.equal(classifyLine('2026/11/22 22:10:11 ERROR worker w-2 connection lost', c), 'error');
  assert.equal(classifyLine('Traceback (most recent call last):', c), 'error');
  assert.equal(classifyLine('tests FAILED: 3', c), 'error');
  assert.equal(classifyLine('2026/11/22 ERROR tool call Edit failed: exit status 1 (retrying)', c), 'info');
  assert.equal(classifyLine('2026/11/22 WARN SIGTERM ignored', c), 'warn');
  assert.equal(classifyLine('all good', c), 'info');
});

test('parseLineTime reads Go log and ISO timestamps as UTC', () => {
  assert.equal(parseLineTime('2026/11/22 22:10:11 INFO x'), Date.UTC(2026, 10, 22, 22, 10, 11));
  assert.equal(parseLineTime('2026-11-22T22:10:11.250Z x'), Date.UTC(2026, 10, 22, 22, 10, 11, 250));
  assert.equal(parseLineTime('[2026-11-22 22:10:11+0100] x'), Date.UTC(2026, 10, 22, 21, 10, 11));
  assert.equal(parseLineTime('no time here'), null);
});
