// Writes a shipped terminfo entry to the cache folder once (atomically) so blessed can read it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OroTopError } from '../util/errors.js';
import { addonCacheDir } from './sqlite.js';

export function writeCachedFile(sub: string, name: string, bytes: Buffer): string {
  const dir = join(addonCacheDir(), sub);
  const file = join(dir, name);
  try {
    if (existsSync(file) && readFileSync(file).equals(bytes)) return file;
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    return file;
  } catch (err) {
    throw new OroTopError('io', `cannot write ${name} to ${dir} (${(err as Error).message}); set ORO_TOP_CACHE_DIR to a writable folder`, { cause: err });
  }
}
