// oro-top's cache folder and the one way files are written into it: once, atomically (temp file +
// rename, so concurrent first starts never see half a file), and rewritten only if the bytes differ.
// The single executable's SQLite addon and the shipped terminfo entries live there.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OroTopError } from '../util/errors.js';

/** ORO_TOP_CACHE_DIR (e.g. when the home is mounted noexec), else $XDG_CACHE_HOME/oro-top. */
export function cacheDir(): string {
  if (process.env.ORO_TOP_CACHE_DIR) return process.env.ORO_TOP_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'oro-top');
}

/** Writes `bytes` to <cache>/<sub>/<name> unless it already holds them; returns the path. */
export function writeCachedFile(sub: string, name: string, bytes: Buffer, mode = 0o644): string {
  const dir = join(cacheDir(), sub);
  const file = join(dir, name);
  try {
    if (existsSync(file) && readFileSync(file).equals(bytes)) return file;
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, bytes, { mode });
    renameSync(tmp, file);
    return file;
  } catch (err) {
    throw new OroTopError('io', `cannot write ${name} to ${dir} (${(err as Error).message}); set ORO_TOP_CACHE_DIR to a writable folder`, { cause: err });
  }
}
