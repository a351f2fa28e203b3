// Reads the process table from /proc. The only module that touches /proc. Reads are synchronous:
// /proc files live in memory, and a sync read costs a fraction of a thread-pool round trip, which
// matters when a tick reads a thousand of them.
import { readdirSync, readFileSync } from 'node:fs';
import {
  isStoppedState,
  parseCmdline,
  parseProcStat,
  parseSchedExecStart,
  parseSystemStat,
  parseUptime,
  type ProcStat,
} from './proc-parse.js';

/** Linux reports process times in USER_HZ, which is 100 on every mainstream architecture. */
export const CLOCK_TICKS_PER_S = 100;
export const PAGE_SIZE = 4096;

export interface ProcessInfo extends ProcStat {
  argv: string[];
  /** unix seconds */
  startedAtS: number;
  rssBytes: number;
  /** for a stopped process (state T or t): when it stopped (unix ms), if the kernel tells */
  stoppedSinceMs?: number | null;
}

let bootTimeCache: number | null = null;

export async function bootTimeS(): Promise<number> {
  if (bootTimeCache !== null) return bootTimeCache;
  const st = parseSystemStat(readFileSync('/proc/stat', 'utf8'));
  bootTimeCache = st?.bootTimeS ?? 0;
  return bootTimeCache;
}

export async function readStat(pid: number): Promise<ProcStat | null> {
  return readStatSync(pid);
}

/** /proc/PID/stat now, or null (for checks inside a synchronous SQLite transaction). */
export function readStatSync(pid: number): ProcStat | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export async function readArgv(pid: number): Promise<string[] | null> {
  try {
    return parseCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return null;
  }
}

/** One process, or null when it does not exist (or vanished while being read). */
export async function readProcess(pid: number): Promise<ProcessInfo | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const [stat, argv, boot] = await Promise.all([readStat(pid), readArgv(pid), bootTimeS()]);
  if (!stat) return null;
  return withDerived(stat, argv ?? [], boot);
}

export function withDerived(stat: ProcStat, argv: string[], boot: number): ProcessInfo {
  const info: ProcessInfo = {
    ...stat,
    argv,
    startedAtS: boot + stat.startTicks / CLOCK_TICKS_PER_S,
    rssBytes: stat.rssPages * PAGE_SIZE,
  };
  if (isStoppedState(stat.state)) info.stoppedSinceMs = stoppedSinceMs(stat.pid);
  return info;
}

/**
 * When a stopped process stopped (unix ms): the last time the scheduler ran it (/proc/PID/sched
 * se.exec_start, ms since boot) placed on the wall clock through /proc/uptime. null when the
 * kernel does not tell (no CONFIG_SCHED_DEBUG). Read only for stopped processes.
 */
export function stoppedSinceMs(pid: number, nowMs = Date.now()): number | null {
  try {
    const execStartMs = parseSchedExecStart(readFileSync(`/proc/${pid}/sched`, 'utf8'));
    const upS = parseUptime(readFileSync('/proc/uptime', 'utf8'));
    if (execStartMs === null || upS === null) return null;
    return Math.min(nowMs, Math.round(nowMs - (upS * 1000 - execStartMs)));
  } catch {
    return null;
  }
}

/** A process's state letter (R, S, D, T, t, Z...), or null when it does not exist. */
export async function readState(pid: number): Promise<{ state: string; stoppedSinceMs: number | null } | null> {
  const st = await readStat(pid);
  if (!st) return null;
  return { state: st.state, stoppedSinceMs: isStoppedState(st.state) ? stoppedSinceMs(pid) : null };
}

export async function listPids(): Promise<number[]> {
  const names = readdirSync('/proc');
  const pids: number[] = [];
  for (const n of names) {
    const c = n.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(n));
  }
  return pids;
}

/** True when a process with this PID exists and is not a zombie. */
export async function isAlive(pid: number): Promise<boolean> {
  const st = await readStat(pid);
  return st !== null && st.state !== 'Z';
}

/** The environment of a process (readable for one's own processes), or null. */
export async function readEnviron(pid: number): Promise<Map<string, string> | null> {
  try {
    const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
    const env = new Map<string, string>();
    for (const kv of raw.split('\0')) {
      const eq = kv.indexOf('=');
      if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    return env;
  } catch {
    return null;
  }
}

/** The PIDs of a process's children (/proc/PID/task/PID/children), [] when unknown. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((x) => x !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * The first stopped process (state T or t) in a process's tree, itself included, breadth first,
 * looking at no more than `max` processes. A pane's process is one: tmux resumes a pane process
 * that stops, but not the program it runs (an agent under a shell).
 */
export async function findStopped(
  pid: number,
  max = 64,
): Promise<{ pid: number; comm: string; state: string; stoppedSinceMs: number | null } | null> {
  const queue = [pid];
  for (let seen = 0; queue.length > 0 && seen < max; seen++) {
    const p = queue.shift()!;
    const st = await readStat(p);
    if (!st) continue;
    if (isStoppedState(st.state)) return { pid: p, comm: st.comm, state: st.state, stoppedSinceMs: stoppedSinceMs(p) };
    queue.push(...childPids(p));
  }
  return null;
}
