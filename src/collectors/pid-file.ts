// Reads the daemon PID file and judges whether the PID in it is still the daemon.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { ProcessInfo } from '../system/procfs.js';
import { messageOf } from '../util/errors.js';
import { sanitizeId } from '../util/sanitize.js';

export type PidFile =
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; message: string }
  /** not a decimal PID: only its size and a description are kept, never its bytes */
  | { kind: 'corrupt'; path: string; problem: string }
  | { kind: 'ok'; path: string; pid: number; writtenAtS: number };

/** Parses PID file content: a decimal PID, newline optional, nothing else. */
export function parsePidText(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const pid = Number(t);
  return pid > 0 && pid <= 4194304 ? pid : null;
}

/** A PID file is a few bytes; anything longer is not one (and is not read further). */
const MAX_PID_FILE_BYTES = 64;

/** What kind of thing a non-regular file is, for the message. */
function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads the PID file without following a symbolic link and without blocking on a pipe: a PID file
 * that is not a regular file is reported as such, and a corrupt one is described, never quoted
 * (it could be a link to someone's secrets, or escape sequences).
 */
export async function readPidFile(path: string): Promise<PidFile> {
  let fd: number | undefined;
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return { kind: 'unreadable', path, message: `it is ${kindOf(st)}, not a regular file; not read` };
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { kind: 'unreadable', path, message: `it is ${kindOf(opened)}, not a regular file; not read` };
    const buf = Buffer.alloc(MAX_PID_FILE_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const pid = parsePidText(buf.subarray(0, n).toString('latin1'));
    if (pid === null) {
      const problem =
        opened.size === 0 ? 'empty' : opened.size > 16 ? `${opened.size} bytes, not a PID` : `${opened.size} bytes, not a decimal PID`;
      return { kind: 'corrupt', path, problem };
    }
    return { kind: 'ok', path, pid, writtenAtS: opened.mtimeMs / 1000 };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing', path };
    if (code === 'ELOOP') return { kind: 'unreadable', path, message: 'it is a symbolic link, not a regular file; not read' };
    return { kind: 'unreadable', path, message: messageOf(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export type Identity = { kind: 'daemon' } | { kind: 'gone' } | { kind: 'zombie' } | { kind: 'reused'; reason: string };

/** Slack for the PID file's mtime against the process start time (clock ticks, fs rounding). */
const START_SLACK_S = 2;

/**
 * Decides whether `proc` (the process now holding the PID) is the daemon the PID file was written
 * for: its command line must match `daemonMatch`, and it must have started before the file was
 * written. Anything else is a reused PID, which must never be signalled.
 */
export function judgeIdentity(pidFile: { pid: number; writtenAtS: number }, proc: ProcessInfo | null, daemonMatch: RegExp): Identity {
  if (!proc) return { kind: 'gone' };
  // an exited, unreaped process has no command line left to match: judge it by its start time
  // alone (a zombie that started before the file was written is the daemon that wrote it)
  if (proc.state === 'Z' && proc.startedAtS <= pidFile.writtenAtS + START_SLACK_S) return { kind: 'zombie' };
  const cmd = proc.argv.join(' ') || `[${proc.comm}]`;
  if (!daemonMatch.test(proc.argv.join(' '))) {
    return {
      kind: 'reused',
      reason: `PID file names PID ${pidFile.pid}, which is now '${sanitizeId(proc.comm, 32)}' (${sanitizeId(cmd, 60)})`,
    };
  }
  if (proc.startedAtS > pidFile.writtenAtS + START_SLACK_S) {
    return { kind: 'reused', reason: `PID ${pidFile.pid} started after the PID file was written: not the daemon that wrote it` };
  }
  if (proc.state === 'Z') return { kind: 'zombie' };
  return { kind: 'daemon' };
}
