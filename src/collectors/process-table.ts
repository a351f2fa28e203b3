// Samples the process table once per tick for the processes oro-top cares about (by default oro
// workers): CPU % from the difference to the previous sample, RSS, state. Every process's stat is
// read each tick (a PID can be reused by a new process at any time, a worker among them); its
// command line is read again while the process is young (a fresh child shows its parent's command
// line until its exec) and then kept.
import { bootTimeS, CLOCK_TICKS_PER_S, listPids, readArgv, readStat, withDerived, type ProcessInfo } from '../system/procfs.js';

export interface ProcessSample extends ProcessInfo {
  /** % of one core since the previous sample (or since the process started, on the first). */
  cpuPct: number;
}

export interface ProcessTable {
  /** the interesting processes only */
  byPid: Map<number, ProcessSample>;
  sampledAtMs: number;
}

/** A process younger than this may still exec: its command line is not trusted yet. */
const YOUNG_S = 5;

interface Seen {
  startTicks: number;
  argv: string[];
  cpuTicks: number;
  interesting: boolean;
}

export class ProcessTableSampler {
  private seen = new Map<number, Seen>();
  private lastAtMs = 0;

  constructor(private readonly interesting: (argv: readonly string[]) => boolean = (a) => isWorkerArgv(a)) {}

  async sample(nowMs = Date.now()): Promise<ProcessTable> {
    const [pids, boot] = await Promise.all([listPids(), bootTimeS()]);
    const elapsedS = this.lastAtMs > 0 ? (nowMs - this.lastAtMs) / 1000 : 0;
    const next = new Map<number, Seen>();
    const byPid = new Map<number, ProcessSample>();
    for (const pid of pids) {
      const prev = this.seen.get(pid);
      const st = await readStat(pid);
      if (!st) continue;
      const same = prev !== undefined && prev.startTicks === st.startTicks;
      const young = nowMs / 1000 - (boot + st.startTicks / CLOCK_TICKS_PER_S) < YOUNG_S;
      const argv = same && !young ? prev.argv : ((await readArgv(pid)) ?? []);
      const isIt = same && !young ? prev.interesting : this.interesting(argv);
      next.set(pid, { startTicks: st.startTicks, argv, cpuTicks: st.cpuTicks, interesting: isIt });
      if (!isIt) continue;
      const info = withDerived(st, argv, boot);
      let cpuPct: number;
      if (same && elapsedS > 0) {
        cpuPct = ((st.cpuTicks - prev.cpuTicks) / CLOCK_TICKS_PER_S / elapsedS) * 100;
      } else {
        const lifeS = Math.max(nowMs / 1000 - info.startedAtS, 0.01);
        cpuPct = (st.cpuTicks / CLOCK_TICKS_PER_S / lifeS) * 100;
      }
      byPid.set(pid, { ...info, cpuPct: Math.max(0, Math.round(cpuPct * 10) / 10) });
    }
    this.seen = next;
    this.lastAtMs = nowMs;
    return { byPid, sampledAtMs: nowMs };
  }
}

/** The value after `flag` in argv (e.g. `--id`), or null. */
export function argAfter(argv: readonly string[], flag: string): string | null {
  const i = argv.indexOf(flag);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1]!;
  const eq = argv.find((a) => a.startsWith(`${flag}=`));
  return eq ? eq.slice(flag.length + 1) : null;
}

/**
 * True for an oro worker process: argv holds `worker` followed later by `--id X`, as in
 * `oro worker --socket <sock> --id <id>`. When socketPath is given the worker must use it.
 */
export function isWorkerArgv(argv: readonly string[], socketPath?: string): boolean {
  const w = argv.indexOf('worker');
  if (w < 0) return false;
  const rest = argv.slice(w);
  if (argAfter(rest, '--id') === null) return false;
  if (socketPath === undefined) return true;
  const sock = argAfter(rest, '--socket');
  return sock === null || sock === socketPath;
}
