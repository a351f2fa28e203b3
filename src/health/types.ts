// The health model's output: a status and a short human reason for every component.

export type Status = 'healthy' | 'degraded' | 'dead';
/** restarting: a drain-and-restart of the daemon, started by oro-top, is under way (its journal says so) */
export type Overall = 'healthy' | 'degraded' | 'critical' | 'unreachable' | 'restarting';

export const STATUS_GLYPH: Record<Status, string> = { healthy: '●', degraded: '◐', dead: '○' };
export const STATUS_ASCII: Record<Status, string> = { healthy: '*', degraded: '~', dead: 'o' };

export interface ComponentHealth {
  status: Status;
  reason: string;
}

export interface DaemonHealth extends ComponentHealth {
  pid: number | null;
  state: string | null;
  uptimeS: number | null;
  cpuPct: number | null;
  rssBytes: number | null;
  /** how the control socket behaved */
  socket: string;
}

export interface PaneHealth extends ComponentHealth {
  name: string;
  paneId: string | null;
  pid: number | null;
  /** unix seconds */
  lastActivityS: number | null;
  deadStatus: number | null;
  currentCommand: string | null;
  title: string | null;
  contextPct: number | null;
}

export interface WorkerHealth extends ComponentHealth {
  id: string;
  state: string | null;
  beadId: string | null;
  pid: number | null;
  lastProgressS: number | null;
  contextPct: number | null;
  cpuPct: number | null;
  rssBytes: number | null;
  supervised: boolean;
  logBytes: number | null;
  /** unix ms */
  logWrittenAtMs: number | null;
  /** a vanished worker (no process, not listed by the daemon): since when, unix ms (its last output) */
  goneSinceMs: number | null;
}

export interface SourceHealth {
  name: string;
  error: string | null;
  /** seconds since the source last gave good data; null if it never did */
  ageS: number | null;
}

/** A drain-and-restart of the daemon under way, from oro-top's journal. */
export interface RestartInProgress {
  actionId: number;
  /** restart-daemon (drain and restart) or start-daemon (a dead daemon being started) */
  kind: string;
  who: string;
  step: string | null;
  detail: string | null;
  /** seconds since the restart began */
  elapsedS: number;
}

export interface HealthReport {
  overall: Overall;
  restart: RestartInProgress | null;
  overallReason: string;
  daemon: DaemonHealth;
  panes: PaneHealth[];
  workers: WorkerHealth[];
  workerCounts: { healthy: number; degraded: number; dead: number; total: number };
  /** vanished workers that left on purpose (kill-worker, a restart) and are not listed or counted */
  removedWorkers?: { id: string; reason: string }[];
  sources: SourceHealth[];
}
