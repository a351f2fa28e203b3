// Merges what is known of each worker: the daemon's `health` reply (state, bead, progress), the
// process table (pid, alive/zombie, CPU, RSS, whether the daemon is its parent) and its output.log.
// Pure: the sources are collected elsewhere.
import type { HealthWorker } from '../oro/health-detail.js';
import type { LogFileView } from './logs.js';
import { argAfter, isWorkerArgv, type ProcessSample } from './process-table.js';

export interface WorkerProcess {
  pid: number;
  state: string;
  ppid: number;
  cpuPct: number;
  rssBytes: number;
  startedAtS: number;
  /** when a stopped process stopped (unix ms), if the kernel tells */
  stoppedSinceMs?: number | null;
}

export interface MergedWorker {
  id: string;
  /** the daemon's view; null when the daemon did not list it */
  health: HealthWorker | null;
  /** the worker's process; null when none was found */
  process: WorkerProcess | null;
  /** its parent is the daemon */
  supervised: boolean;
  /** other live processes that claim the same worker id (an orphan next to its replacement) */
  duplicates: number[];
  log: { size: number; mtimeMs: number | null } | null;
}

export interface WorkerSources {
  /** null when the daemon gave no health reply */
  healthWorkers: HealthWorker[] | null;
  daemonPid: number | null;
  processes: Iterable<ProcessSample> | null;
  socketPath: string;
  logFiles: LogFileView[];
  nowMs: number;
  /**
   * worker logs written within this window bring their worker into the list: a worker that
   * vanished stays listed (as dead) this long after its last output, then drops out. Stateless on
   * purpose, so every oro-top (dashboard, check, snapshot) lists the same workers.
   */
  recentLogWindowS: number;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Sorts ids the way people count: w-2 before w-10. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b);
}

export function mergeWorkers(src: WorkerSources): MergedWorker[] {
  const byId = new Map<string, MergedWorker>();
  const get = (id: string): MergedWorker => {
    let w = byId.get(id);
    if (!w) {
      w = { id, health: null, process: null, supervised: false, log: null, duplicates: [] };
      byId.set(id, w);
    }
    return w;
  };
  for (const hw of src.healthWorkers ?? []) get(hw.id).health = hw;
  for (const p of src.processes ?? []) {
    if (!isWorkerArgv(p.argv, src.socketPath)) continue;
    const id = argAfter(p.argv.slice(p.argv.indexOf('worker')), '--id');
    if (!id) continue;
    const w = get(id);
    // prefer a live process over a zombie with the same id
    if (w.process && w.process.state !== 'Z' && p.state === 'Z') continue;
    if (w.process && w.process.state !== 'Z') {
      // two live processes for one id: the daemon's child is the worker, the other a duplicate
      const daemonsChild = src.daemonPid !== null && p.ppid === src.daemonPid && !w.supervised;
      if (!daemonsChild) {
        w.duplicates.push(p.pid);
        continue;
      }
      w.duplicates.push(w.process.pid);
    }
    w.process = {
      pid: p.pid,
      state: p.state,
      ppid: p.ppid,
      cpuPct: p.cpuPct,
      rssBytes: p.rssBytes,
      startedAtS: p.startedAtS,
      stoppedSinceMs: p.stoppedSinceMs ?? null,
    };
    w.supervised = src.daemonPid !== null && p.ppid === src.daemonPid;
  }
  for (const f of src.logFiles) {
    if (!f.source.startsWith('worker:')) continue;
    const id = f.source.slice('worker:'.length);
    const recent = f.mtimeMs !== null && src.nowMs - f.mtimeMs <= src.recentLogWindowS * 1000;
    if (byId.has(id) || (f.exists && recent)) get(id).log = f.exists ? { size: f.size, mtimeMs: f.mtimeMs } : null;
  }
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}
