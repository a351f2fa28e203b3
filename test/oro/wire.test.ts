import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, encodeMessage, goJson, LineReader, MAX_LINE_BYTES } from '../../src/oro/wire.js';

test('encodeMessage matches the contract byte for byte', () => {
  assert.equal(encodeMessage('DIRECTIVE', { op: 'health', args: '' }), '{"type":"DIRECTIVE","directive":{"op":"health","args":""}}\n');
  assert.equal(encodeMessage('ACK', { ok: true, detail: '...' }), '{"type":"ACK","ack":{"ok":true,"detail":"..."}}\n');
  assert.equal(
    encodeMessage('HEARTBEAT', { bead_id: 'oro-1nf', worker_id: 'w-1', context_pct: 41 }),
    '{"type":"HEARTBEAT","heartbeat":{"bead_id":"oro-1nf","worker_id":"w-1","context_pct":41}}\n',
  );
  assert.equal(
    encodeMessage('SHUTDOWN_APPROVED', { worker_id: 'w-1' }),
    '{"type":"SHUTDOWN_APPROVED","shutdown_approved":{"worker_id":"w-1"}}\n',
  );
});

test('goJson escapes HTML characters as Go does', () => {
  assert.equal(goJson({ d: 'a<b>&c' }), '{"d":"a\\u003cb\\u003e\\u0026c"}');
  assert.deepEqual(JSON.parse(goJson({ d: 'a<b>&c' })), { d: 'a<b>&c' });
});

test('decodeMessage reads the payload under the snake-case key', () => {
  assert.deepEqual(decodeMessage('{"type":"ACK","ack":{"ok":false,"detail":"invalid directive"}}'), {
    type: 'ACK',
    payload: { ok: false, detail: 'invalid directive' },
  });
  assert.equal(decodeMessage('not json'), null);
  assert.equal(decodeMessage('[1]'), null);
  assert.deepEqual(decodeMessage('{"type":"SHUTDOWN"}'), { type: 'SHUTDOWN', payload: {} });
});

test('LineReader joins chunks and splits lines', () => {
  const lines: string[] = [];
  const r = new LineReader((l) => lines.push(l));
  r.push('{"a":');
  r.push('1}\n{"b":2}\n\n{"c"');
  r.push(':3}\n');
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
});

test('LineReader drops a line over 1 MiB and recovers on the next', () => {
  const lines: string[] = [];
  let overflows = 0;
  const r = new LineReader(
    (l) => lines.push(l),
    () => overflows++,
  );
  const big = 'x'.repeat(256 * 1024);
  for (let i = 0; i < 5; i++) r.push(big);
  r.push('tail\nok\n');
  assert.equal(overflows, 1);
  assert.deepEqual(lines, ['ok']);
  assert.ok(5 * big.length > MAX_LINE_BYTES);
});
