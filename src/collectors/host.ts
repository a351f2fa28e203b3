// Host load, CPU % and memory for the gauges.
import { readFileSync } from 'node:fs';
import { parseLoadavg, parseMeminfo, parseSystemStat, type CpuTotals } from '../system/proc-parse.js';
import { OroTopError } from '../util/errors.js';

export interface HostSnapshot {
  load: [number, number, number];
  cpuCount: number;
  /** % of all cores since the previous sample; null on the first sample */
  cpuPct: number | null;
  memTotalBytes: number;
  memUsedBytes: number;
}

export class HostCollector {
  private prev: CpuTotals | null = null;

  async collect(): Promise<HostSnapshot> {
    // /proc lives in memory: synchronous reads are cheaper than thread-pool round trips
    const statText = readFileSync('/proc/stat', 'utf8');
    const memText = readFileSync('/proc/meminfo', 'utf8');
    const loadText = readFileSync('/proc/loadavg', 'utf8');
    const st = parseSystemStat(statText);
    const mem = parseMeminfo(memText);
    const load = parseLoadavg(loadText);
    if (!st || !mem || !load) throw new OroTopError('parse', 'cannot parse /proc/stat, /proc/meminfo or /proc/loadavg');
    let cpuPct: number | null = null;
    if (this.prev && st.cpu.total > this.prev.total) {
      const busy = st.cpu.total - st.cpu.idle - (this.prev.total - this.prev.idle);
      cpuPct = Math.round((busy / (st.cpu.total - this.prev.total)) * 1000) / 10;
    }
    this.prev = st.cpu;
    return {
      load,
      cpuCount: st.cpuCount,
      cpuPct,
      memTotalBytes: mem.totalKb * 1024,
      memUsedBytes: (mem.totalKb - mem.availableKb) * 1024,
    };
  }
}
