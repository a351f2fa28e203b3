// How oro-top starts another copy of itself (the reference swarm's daemon, workers and panes, and
// detached actions): the single executable alone, or Node with the bundle.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seaModule } from './sqlite.js';

export function selfArgv(): string[] {
  if (seaModule()) return [process.execPath];
  if (process.env.ORO_TOP_BUNDLE) return [process.execPath, resolve(process.env.ORO_TOP_BUNDLE)];
  const script = process.argv[1];
  if (script?.endsWith('.cjs') && existsSync(script)) return [process.execPath, resolve(script)];
  // running from source (tests): the bundle built by `npm run bundle`
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'dist', 'oro-top.cjs');
    if (existsSync(candidate)) return [process.execPath, candidate];
    dir = dirname(dir);
  }
  throw new Error('cannot find dist/oro-top.cjs: run `npm run bundle` first');
}
