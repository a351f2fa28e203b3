// oro-top's cache folder and the one way files are written into it: once, atomically (temp file +
// rename, so concurrent first starts never see half a file), and rewritten only if the bytes differ.
// The single executable's SQLite addon and the shipped terminfo entries live there.
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { OroTopError } from '../util/errors.js';
import { ensurePrivateDir, isOwnRegularFile, PRIVATE_FILE_MODE } from './private-files.js';

/** ORO_TOP_CACHE_DIR (e.g. when the home is mounted noexec), else $XDG_CACHE_HOME/oro-top. */
export function cacheDir(): string {
  if (process.env.ORO_TOP_CACHE_DIR) return process.env.ORO_TOP_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'oro-top');
}

/**
 * Writes `bytes` to <cache>/<sub>/<name> unless it already holds them; returns the path. The cache
 * folders are private (0700) and the file gets `mode` (0600, or 0700 for code), whatever the umask;
 * a file there that is a link or someone else's is replaced, never read or loaded.
 */
export function writeCachedFile(sub: string, name: string, bytes: Buffer, mode = PRIVATE_FILE_MODE): string {
  const root = cacheDir();
  const dir = join(root, sub);
  const file = join(dir, name);
  const hint = 'set ORO_TOP_CACHE_DIR to a folder of your own';
  let at = root;
  ensurePrivateDir(at, 'the cache folder', hint);
  for (const part of sub.split(sep)) {
    at = join(at, part);
    ensurePrivateDir(at, 'the cache folder', hint);
  }
  try {
    if (isOwnRegularFile(file) && readFileSync(file).equals(bytes)) {
      if ((statSync(file).mode & 0o777) !== mode) chmodSync(file, mode);
      return file;
    }
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, bytes, { mode, flag: 'wx' });
    chmodSync(tmp, mode); // the umask may have taken bits off
    renameSync(tmp, file);
    return file;
  } catch (err) {
    throw new OroTopError('io', `cannot write ${name} to ${dir} (${(err as Error).message}); ${hint}`, { cause: err });
  }
}
