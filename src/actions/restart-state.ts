// What a daemon restart (or start) knows as its steps run, and the one health question they all ask.
import type { Config } from '../config.js';
import { parseHealthDetail, type HealthDetail } from '../oro/health-detail.js';
import type { Effects } from './effects.js';

export interface RestartState {
  config: Config;
  /** argv of the successor, `{workers}` replaced (set by the start step) */
  startCommand: string[];
  startEnv: Record<string, string>;
  old: { pid: number; startTicks: number } | null;
  workersBefore: number;
  /** the beads in progress before the restart; null when the daemon did not say (it did not answer) */
  beadsBefore: string[] | null;
  /** true when the daemon did not take the directive: it is stopped with signals */
  signalPath: boolean;
  escalation: string | null;
  newPid: number | null;
  workersAfter: number;
  health: HealthDetail | null;
  /** how the successor's process ended, if it did (a start command that fails after a while) */
  successorExit: string | null;
  /** a cancel asked for after the directive: too late to stop, noted in the outcome */
  lateCancel: boolean;
  /** workers the successor is waited for (start-daemon: what was running, or the swarm's count) */
  workersWanted: number;
}

/** The daemon's `health` detail, or null when it does not answer (or answers nonsense). */
export async function daemonHealth(config: Config, fx: Effects): Promise<HealthDetail | null> {
  const r = await fx.directive(config.socketPath, 'health', '', config.thresholds.socketTimeoutMs);
  if (r.kind !== 'answered' || !r.ack.ok) return null;
  try {
    return parseHealthDetail(r.ack.detail);
  } catch {
    return null;
  }
}
