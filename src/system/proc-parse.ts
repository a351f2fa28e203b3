// Pure parsers for the /proc files oro-top reads. Tested on strings captured from a real host.

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z, T, ... (Z = zombie: exited, not yet reaped) */
  state: string;
  ppid: number;
  pgid: number;
  /** user + system CPU time, in clock ticks */
  cpuTicks: number;
  /** start time, in clock ticks after boot */
  startTicks: number;
  rssPages: number;
}

/** Parses /proc/PID/stat. The command name may hold spaces and ')' so it is cut at the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3]
  const f = (n: number): number => Number(rest[n - 3]);
  const state = rest[0];
  if (!Number.isInteger(pid) || !state || rest.length < 22) return null;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: f(4),
    pgid: f(5),
    cpuTicks: f(14) + f(15),
    startTicks: f(22),
    rssPages: f(24),
  };
}

/** True for the kernel's stopped states: T (a job-control stop, SIGSTOP/SIGTSTP) and t (tracing stop). */
export function isStoppedState(state: string): boolean {
  return state === 'T' || state === 't';
}

/**
 * The `se.exec_start` line of /proc/PID/sched: when the task last ran, in ms since boot (the
 * scheduler's clock). For a stopped task that is when it stopped. null when absent (a kernel
 * without CONFIG_SCHED_DEBUG) or garbled.
 */
export function parseSchedExecStart(text: string): number | null {
  const m = /^se\.exec_start\s*:\s*(\d+(?:\.\d+)?)\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Parses /proc/uptime: seconds since boot. */
export function parseUptime(text: string): number | null {
  const n = Number(text.trim().split(/\s+/)[0]);
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

/** Splits /proc/PID/cmdline (NUL-separated, usually NUL-terminated) into argv. */
export function parseCmdline(raw: string): string[] {
  const parts = raw.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export interface CpuTotals {
  /** all ticks, idle included */
  total: number;
  /** idle + iowait ticks */
  idle: number;
}

export interface SystemStat {
  bootTimeS: number;
  cpu: CpuTotals;
  cpuCount: number;
}

/** Parses /proc/stat: boot time, the aggregate cpu line and the number of cpuN lines. */
export function parseSystemStat(text: string): SystemStat | null {
  let bootTimeS = NaN;
  let cpu: CpuTotals | null = null;
  let cpuCount = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) {
      const n = line.trim().split(/\s+/).slice(1).map(Number);
      const total = n.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      cpu = { total, idle: (n[3] ?? 0) + (n[4] ?? 0) };
    } else if (/^cpu\d+ /.test(line)) {
      cpuCount++;
    } else if (line.startsWith('btime ')) {
      bootTimeS = Number(line.slice(6).trim());
    }
  }
  if (!cpu || !Number.isFinite(bootTimeS)) return null;
  return { bootTimeS, cpu, cpuCount: Math.max(cpuCount, 1) };
}

export interface MemInfo {
  totalKb: number;
  availableKb: number;
}

/** Parses /proc/meminfo (MemAvailable, else MemFree + Buffers + Cached). */
export function parseMeminfo(text: string): MemInfo | null {
  const kv = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kv.set(m[1]!, Number(m[2]));
  }
  const totalKb = kv.get('MemTotal');
  if (totalKb === undefined) return null;
  const availableKb = kv.get('MemAvailable') ?? (kv.get('MemFree') ?? 0) + (kv.get('Buffers') ?? 0) + (kv.get('Cached') ?? 0);
  return { totalKb, availableKb };
}

/** Parses /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): [number, number, number] | null {
  const n = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (n.length < 3 || n.some((x) => !Number.isFinite(x))) return null;
  return [n[0]!, n[1]!, n[2]!];
}
