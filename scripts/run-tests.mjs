// Runs every test/**/*.test.ts with Node's test runner (Node 20's --test takes no globs).
// Extra arguments filter by path substring: `npm test -- file-follower`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
})(join(root, 'test'));
const chosen = filters.length ? files.filter((f) => filters.some((x) => f.includes(x))) : files;
if (chosen.length === 0) {
  console.error('no test files match', filters);
  process.exit(1);
}
const r = await execa(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...chosen], {
  cwd: root,
  stdio: 'inherit',
  reject: false,
  env: { NODE_OPTIONS: '' },
});
process.exit(r.exitCode ?? 1);
