// Small modules and functions (README, "For the next engineer"): no file of src/ over about 250
// lines, no function over about 80; the hard limits are in scripts/code-sizes.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { FILE_LINES, FUNCTION_LINES, measure } from '../scripts/code-sizes.mjs';
import { ROOT } from './helpers/cli.js';

interface Measured {
  file: string;
  lines: number;
  functions: { name: string; line: number; lines: number }[];
}

const all = (measure(join(ROOT, 'src')) as Measured[]).map((m) => ({ ...m, file: m.file.slice(m.file.indexOf('src/')) }));

test(`no file of src/ over ${FILE_LINES} lines`, () => {
  assert.ok(all.length > 100, 'the files are read');
  assert.deepEqual(
    all.filter((m) => m.lines > FILE_LINES).map((m) => `${m.file}: ${m.lines} lines`),
    [],
  );
});

test(`no function over ${FUNCTION_LINES} lines`, () => {
  assert.ok(
    all.some((m) => m.functions.length > 0),
    'the functions are read',
  );
  assert.deepEqual(
    all.flatMap((m) => m.functions.filter((f) => f.lines > FUNCTION_LINES).map((f) => `${m.file}:${f.line} ${f.name}: ${f.lines} lines`)),
    [],
  );
});
