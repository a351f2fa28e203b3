// Reads the daemon PID file and judges whether the PID in it is still the daemon.
import { readFileSync, statSync } from 'node:fs';
import type { ProcessInfo } from '../system/procfs.js';
import { messageOf } from '../util/errors.js';
import { sanitizeId } from '../util/sanitize.js';

export type PidFile =
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; message: string }
  | { kind: 'corrupt'; path: string; content: string }
  | { kind: 'ok'; path: string; pid: number; writtenAtS: number };

/** Parses PID file content: a decimal PID, newline optional, nothing else. */
export function parsePidText(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const pid = Number(t);
  return pid > 0 && pid <= 4194304 ? pid : null;
}

export async function readPidFile(path: string): Promise<PidFile> {
  try {
    const text = readFileSync(path, 'utf8');
    const st = statSync(path);
    const pid = parsePidText(text.slice(0, 64));
    if (pid === null) return { kind: 'corrupt', path, content: text.slice(0, 40) };
    return { kind: 'ok', path, pid, writtenAtS: st.mtimeMs / 1000 };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', path };
    return { kind: 'unreadable', path, message: messageOf(err) };
  }
}

export type Identity =
  | { kind: 'daemon' }
  | { kind: 'gone' }
  | { kind: 'zombie' }
  | { kind: 'reused'; reason: string };

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
    return { kind: 'reused', reason: `PID file names PID ${pidFile.pid}, which is now '${sanitizeId(proc.comm, 32)}' (${sanitizeId(cmd, 60)})` };
  }
  if (proc.startedAtS > pidFile.writtenAtS + START_SLACK_S) {
    return { kind: 'reused', reason: `PID ${pidFile.pid} started after the PID file was written: not the daemon that wrote it` };
  }
  if (proc.state === 'Z') return { kind: 'zombie' };
  return { kind: 'daemon' };
}
