import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileFollower, INITIAL_TAIL_BYTES } from '../../src/collectors/file-follower.js';
import { withTmpDir } from '../helpers/tmp.js';

const texts = (r: { lines: { bytes: Buffer }[] }): string[] => r.lines.map((l) => l.bytes.toString('utf8'));

const withDir = (fn: (dir: string) => void | Promise<void>) => withTmpDir('follow-', fn);

test(
  'reads existing lines, then only what is appended; a partial line waits for its newline',
  withDir(async (dir) => {
    const p = join(dir, 'a.log');
    writeFileSync(p, 'one\ntwo\n');
    const f = new FileFollower(p);
    const first = await f.poll();
    assert.deepEqual(texts(first), ['one', 'two']);
    assert.equal(first.initial, true);
    appendFileSync(p, 'thr');
    assert.deepEqual(texts(await f.poll()), []);
    appendFileSync(p, 'ee\nfour\n');
    const next = await f.poll();
    assert.deepEqual(texts(next), ['three', 'four']);
    assert.equal(next.initial, false);
  }),
);

test(
  'a large file: only the last 64 KiB is read, starting at a whole line',
  withDir(async (dir) => {
    const p = join(dir, 'big.log');
    const line = `${'x'.repeat(99)}\n`;
    const lines = 5000; // 500 KB
    writeFileSync(p, Array.from({ length: lines }, (_, i) => `${String(i).padStart(5, '0')} ${line.slice(6)}`).join(''));
    const f = new FileFollower(p);
    const got = texts(await f.poll());
    assert.ok(got.length <= INITIAL_TAIL_BYTES / 100 + 1, `read ${got.length} lines`);
    assert.ok(got.length >= INITIAL_TAIL_BYTES / 100 - 2);
    assert.match(got[0]!, /^\d{5} x+$/, 'first line is whole');
    assert.match(got.at(-1)!, /^04999 /);
  }),
);

test(
  'truncation: reading restarts from the beginning',
  withDir(async (dir) => {
    const p = join(dir, 't.log');
    writeFileSync(p, 'old 1\nold 2\nold 3\n');
    const f = new FileFollower(p);
    await f.poll();
    truncateSync(p, 0);
    appendFileSync(p, 'new 1\n');
    const r = await f.poll();
    assert.deepEqual(r.events, [{ kind: 'truncated' }]);
    assert.deepEqual(texts(r), ['new 1']);
  }),
);

test(
  'rotation by rename: the tail of the old file is recovered, then the new file is followed from 0',
  withDir(async (dir) => {
    const p = join(dir, 'worker.log');
    writeFileSync(p, 'a\n');
    const f = new FileFollower(p);
    await f.poll();
    appendFileSync(p, 'b (written just before rotation)\n');
    renameSync(p, join(dir, 'worker.log.1'));
    writeFileSync(p, 'c (new file)\n');
    const r = await f.poll();
    assert.equal(r.events[0]?.kind, 'rotated');
    assert.deepEqual(texts(r), ['b (written just before rotation)', 'c (new file)']);
    appendFileSync(p, 'd\n');
    assert.deepEqual(texts(await f.poll()), ['d']);
  }),
);

test(
  'deletion and re-creation',
  withDir(async (dir) => {
    const p = join(dir, 'd.log');
    writeFileSync(p, 'a\n');
    const f = new FileFollower(p);
    await f.poll();
    unlinkSync(p);
    const gone = await f.poll();
    assert.deepEqual(gone.events, [{ kind: 'deleted' }]);
    assert.equal(f.state.exists, false);
    writeFileSync(p, 'again\n');
    const back = await f.poll();
    assert.deepEqual(texts(back), ['again']);
    assert.equal(back.initial, false);
  }),
);

test(
  'a file that does not exist yet is not an error',
  withDir(async (dir) => {
    const f = new FileFollower(join(dir, 'later.log'));
    const r = await f.poll();
    assert.deepEqual(texts(r), []);
    assert.equal(f.state.exists, false);
    assert.equal(f.state.error, null);
  }),
);

test(
  'a flood beyond the per-poll limit is skipped, not read',
  withDir(async (dir) => {
    const p = join(dir, 'flood.log');
    writeFileSync(p, 'start\n');
    const f = new FileFollower(p);
    await f.poll();
    appendFileSync(p, Buffer.alloc(5 * 1024 * 1024, 'y\n'));
    const r = await f.poll();
    assert.equal(r.events[0]?.kind, 'skipped');
    assert.ok(r.lines.length <= INITIAL_TAIL_BYTES / 2 + 1);
  }),
);

test(
  'truncated and rewritten past the old offset between two polls: still noticed',
  withDir(async (dir) => {
    const p = join(dir, 'rw.log');
    writeFileSync(p, 'short\n');
    const f = new FileFollower(p);
    await f.poll();
    writeFileSync(p, 'a longer replacement line\n'); // truncate + write, bigger than before
    const r = await f.poll();
    assert.deepEqual(r.events, [{ kind: 'truncated' }]);
    assert.deepEqual(texts(r), ['a longer replacement line']);
    appendFileSync(p, 'more\n');
    const r2 = await f.poll();
    assert.deepEqual(r2.events, []);
    assert.deepEqual(texts(r2), ['more']);
  }),
);
