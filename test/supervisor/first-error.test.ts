// The first error and its stack, on output captured from real programs (Node 20 and Python 3.11 on
// this machine; the Go panic is Go's standard panic format, as the reference swarm's Go-style
// workers and oro print it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, MAX_STACK_LINES } from '../../src/supervisor/first-error.js';

const lines = (s: string): string[] => s.replace(/^\n/, '').split('\n');

test('JavaScript: an uncaught error after the source excerpt, with its frames', () => {
  const out = lines(`
2026-11-25T09:00:00.120Z INFO worker w-3 starting
[eval]:1
throw new TypeError('boom')
^

TypeError: boom
    at [eval]:1:7
    at runScriptInThisContext (node:internal/vm:209:10)
    at node:internal/process/execution:118:14

Node.js v20.20.2`);
  const e = firstError(out);
  assert.deepEqual(e, {
    line: 'TypeError: boom',
    index: 5,
    stack: [
      '    at [eval]:1:7',
      '    at runScriptInThisContext (node:internal/vm:209:10)',
      '    at node:internal/process/execution:118:14',
    ],
    style: 'js',
  });
});

test("JavaScript: a logger's ERROR line takes the error object printed under it", () => {
  const out = lines(`
2026-11-25T09:00:00.120Z INFO worker w-3 starting
2026-11-25T09:00:01.004Z ERROR dispatcher: connect failed
Error: connect ENOENT /nonexistent.sock
    at PipeConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {
  errno: -2,
  code: 'ENOENT',
  syscall: 'connect',
  address: '/nonexistent.sock'
}`);
  const e = firstError(out)!;
  assert.equal(e.line, '2026-11-25T09:00:01.004Z ERROR dispatcher: connect failed', 'the line as logged, timestamp and all');
  assert.equal(e.index, 1);
  assert.deepEqual(e.stack, [
    'Error: connect ENOENT /nonexistent.sock',
    '    at PipeConnectWrap.afterConnect [as oncomplete] (node:net:1611:16) {',
  ]);
  assert.equal(e.style, 'js');
});

test('Python: the traceback and the exception line after it (the exception is the error)', () => {
  const out = lines(`
2026-11-25 09:15:35,900 INFO worker: loading
Traceback (most recent call last):
  File "<string>", line 5, in <module>
  File "<string>", line 4, in load
  File "/root/.pyenv/versions/3.11.7/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^
json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
2026-11-25 09:15:36,000 INFO worker: exiting`);
  const e = firstError(out)!;
  assert.equal(e.line, 'json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)');
  assert.equal(e.index, 7);
  assert.equal(e.style, 'python');
  assert.equal(e.stack[0], 'Traceback (most recent call last):');
  assert.equal(e.stack.length, 6);
  assert.equal(e.stack.at(-1), '           ^^^^^^^^^^^^^^^^^^^^^^^^^^');
});

test("Python: logging's exception() line keeps the traceback under it", () => {
  const out = lines(`
2026-11-25 09:15:35,927 ERROR worker: assign failed
Traceback (most recent call last):
  File "<string>", line 7, in <module>
KeyError: 'bead'`);
  const e = firstError(out)!;
  assert.equal(e.line, '2026-11-25 09:15:35,927 ERROR worker: assign failed');
  assert.deepEqual(e.stack, ['Traceback (most recent call last):', '  File "<string>", line 7, in <module>', "KeyError: 'bead'"]);
  assert.equal(e.style, 'python');
});

test('Go: a panic with its goroutine stack; a one-line panic has none', () => {
  const out = lines(`
2026/11/25 09:20:01 worker w-7 starting
2026/11/25 09:20:03 claimed oro-1nf
panic: runtime error: index out of range [5] with length 3

goroutine 18 [running]:
github.com/oro/oro/internal/worker.(*Worker).step(0xc0000a6000, {0x6b2f40, 0xc0000b4000})
\t/home/u/src/oro/internal/worker/worker.go:214 +0x2a5
github.com/oro/oro/internal/worker.(*Worker).Run(0xc0000a6000)
\t/home/u/src/oro/internal/worker/worker.go:97 +0x1c5
created by main.main in goroutine 1
\t/home/u/src/oro/cmd/oro/main.go:41 +0x8f
exit status 2`);
  const e = firstError(out)!;
  assert.equal(e.line, 'panic: runtime error: index out of range [5] with length 3');
  assert.equal(e.index, 2);
  assert.equal(e.style, 'go');
  assert.equal(e.stack[0], 'goroutine 18 [running]:');
  assert.equal(e.stack.length, 7);
  assert.equal(e.stack.at(-1), '\t/home/u/src/oro/cmd/oro/main.go:41 +0x8f');
  const one = firstError([
    '2026/11/25 09:20:01 worker w-1 starting',
    'panic: runtime error: invalid memory address or nil pointer dereference [chaos]',
  ]);
  assert.deepEqual([one?.index, one?.stack, one?.style], [1, [], 'go']);
});

test('plain error lines (the reference swarm, level=error), the first of several; none in clean output', () => {
  const out = [
    '2026/11/25 09:20:01 worker w-1 starting',
    '2026/11/25 09:20:05 ERROR tool call bash failed: exit status 1 (retrying)',
    'time=2026-11-25T09:20:06Z level=error msg="second"',
  ];
  assert.deepEqual(firstError(out), { line: out[1], index: 1, stack: [], style: 'plain' });
  assert.equal(firstError(out.slice(2))?.line, out[2]);
  assert.equal(firstError(['all good', 'errors: 0', 'no ERRORS here', 'TypeError(x) was mentioned']), null);
  assert.equal(firstError([]), null);
});

test('a stack is bounded', () => {
  const frames = Array.from({ length: 500 }, (_, i) => `    at f${i} (a.js:${i}:1)`);
  assert.equal(firstError(['Error: deep', ...frames])!.stack.length, MAX_STACK_LINES);
  const coded = firstError(['Error [ERR_SOCKET_CLOSED]: Socket is closed', '    at Socket._writeGeneric (node:net:952:8)'])!;
  assert.deepEqual([coded.index, coded.style, coded.stack.length], [0, 'js', 1]);
});
