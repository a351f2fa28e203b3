// oro-top's own folders (state, cache) and files (journal, action logs, the SQLite addon) are the
// user's alone: folders 0700, files 0600 (the addon 0700), whatever the umask. A folder or file
// that is a symbolic link, or that belongs to someone else, is refused: oro-top would otherwise
// write (or, for the addon, load code) wherever that link or that person points it.
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, type Stats, writeSync } from 'node:fs';
import { OroTopError } from '../util/errors.js';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const myUid = (): number | null => process.getuid?.() ?? null;

/** Why `st` may not be used as oro-top's own file or folder, or null when it may. */
function refusal(st: Stats, want: 'folder' | 'file'): string | null {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (want === 'folder' && !st.isDirectory()) return 'is not a folder';
  if (want === 'file' && !st.isFile()) return 'is not a regular file';
  const uid = myUid();
  if (uid !== null && st.uid !== uid) return `belongs to uid ${st.uid}, not to you (uid ${uid})`;
  return null;
}

/**
 * Creates `dir` (and missing parents) as a private folder, or checks an existing one: refused when
 * it is a link, not a folder, or someone else's; its mode is set to 0700. `what` names it in errors,
 * `hint` says what the user can do.
 */
export function ensurePrivateDir(dir: string, what: string, hint: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new OroTopError('io', `${what} ${dir}: cannot create it (${(err as Error).message}); ${hint}`, { cause: err });
  }
  const st = lstatSync(dir);
  const why = refusal(st, 'folder');
  if (why) throw new OroTopError('io', `${what} ${dir} ${why}; oro-top keeps its files only in a folder of your own: ${hint}`);
  if ((st.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Checks a file of oro-top's own that may exist: refused when it is a link, not a regular file, or
 * someone else's; its mode is set to `mode`. Returns whether it exists.
 */
export function checkPrivateFile(path: string, what: string, hint: string, mode = PRIVATE_FILE_MODE): boolean {
  const st = lstatOrNull(path);
  if (!st) return false;
  const why = refusal(st, 'file');
  if (why) throw new OroTopError('io', `${what} ${path} ${why}; not used: ${hint}`);
  if ((st.mode & 0o777) !== mode) chmodSync(path, mode);
  return true;
}

/** Whether `path` is a regular file of the user's own (not a link): safe to trust and reuse. */
export function isOwnRegularFile(path: string): boolean {
  const st = lstatOrNull(path);
  return st !== null && refusal(st, 'file') === null;
}

/** Creates an empty private file (never through a link; it must not exist yet). */
export function createPrivateFile(path: string, mode = PRIVATE_FILE_MODE): void {
  closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, mode));
  chmodSync(path, mode); // the umask may have taken bits off
}

/**
 * Writes `text` to a file of the user's (a report asked for with --out): created 0600, or an
 * existing one of the user's own replaced and set to 0600; never through a link, never someone
 * else's file. Throws OroTopError('io') naming the file.
 */
export function writePrivateFile(path: string, text: string, what: string): void {
  const st = lstatOrNull(path);
  const why = st ? refusal(st, 'file') : null;
  // a path given that oro-top refuses to write through is a usage error (exit 64), not oro-top failing
  if (why) throw new OroTopError('usage', `${what} ${path} ${why}: not written`);
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY | constants.O_NOFOLLOW, PRIVATE_FILE_MODE);
    chmodSync(path, PRIVATE_FILE_MODE);
    writeSync(fd, text);
  } catch (err) {
    throw new OroTopError('io', `${what} ${path}: cannot write it (${(err as Error).message})`, { cause: err });
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
