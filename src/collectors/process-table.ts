// Samples the whole process table once per tick: stat for every process, the command line only
// for processes not seen before, CPU % from the difference to the previous sample.
import { bootTimeS, CLOCK_TICKS_PER_S, listPids, readArgv, readStat, withDerived, type ProcessInfo } from '../system/procfs.js';

export interface ProcessSample extends ProcessInfo {
  /** % of one core since the previous sample (or since the process started, on the first). */
  cpuPct: number;
}

export interface ProcessTable {
  byPid: Map<number, ProcessSample>;
  sampledAtMs: number;
}

interface Seen {
  startTicks: number;
  argv: string[];
  cpuTicks: number;
}

/** A process-table sampler; keep one per program so CPU % can be measured between ticks. */
export class ProcessTableSampler {
  private seen = new Map<number, Seen>();
  private lastAtMs = 0;

  async sample(nowMs = Date.now()): Promise<ProcessTable> {
    const [pids, boot] = await Promise.all([listPids(), bootTimeS()]);
    const stats = await Promise.all(pids.map((p) => readStat(p)));
    const elapsedS = this.lastAtMs > 0 ? (nowMs - this.lastAtMs) / 1000 : 0;
    const next = new Map<number, Seen>();
    const byPid = new Map<number, ProcessSample>();
    const needArgv: number[] = [];
    for (const st of stats) {
      if (!st) continue;
      const prev = this.seen.get(st.pid);
      if (!prev || prev.startTicks !== st.startTicks) needArgv.push(st.pid);
    }
    const argvs = await Promise.all(needArgv.map((p) => readArgv(p)));
    const fresh = new Map<number, string[]>(needArgv.map((p, i) => [p, argvs[i] ?? []]));
    for (const st of stats) {
      if (!st) continue;
      const prev = this.seen.get(st.pid);
      const same = prev && prev.startTicks === st.startTicks;
      const argv = same ? prev.argv : fresh.get(st.pid) ?? [];
      const info = withDerived(st, argv, boot);
      let cpuPct: number;
      if (same && elapsedS > 0) {
        cpuPct = ((st.cpuTicks - prev.cpuTicks) / CLOCK_TICKS_PER_S / elapsedS) * 100;
      } else {
        const lifeS = Math.max(nowMs / 1000 - info.startedAtS, 0.01);
        cpuPct = (st.cpuTicks / CLOCK_TICKS_PER_S / lifeS) * 100;
      }
      byPid.set(st.pid, { ...info, cpuPct: Math.max(0, Math.round(cpuPct * 10) / 10) });
      next.set(st.pid, { startTicks: st.startTicks, argv, cpuTicks: st.cpuTicks });
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
  const eq = argv.find((a) => a.startsWith(flag + '='));
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
