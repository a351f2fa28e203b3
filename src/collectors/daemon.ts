// The daemon as oro-top sees it: its PID file, the process behind it, and what its control
// socket answers to `health` and `status`.
import type { Config } from '../config.js';
import { parseHealthDetail, parseStatusDetail, type HealthDetail, type StatusDetail } from '../oro/health-detail.js';
import { sendDirective, type SocketOutcome } from '../system/oro-socket.js';
import { isStoppedState } from '../system/proc-parse.js';
import { CLOCK_TICKS_PER_S, readProcess, type ProcessInfo } from '../system/procfs.js';
import { messageOf } from '../util/errors.js';
import { judgeIdentity, readPidFile, type Identity, type PidFile } from './pid-file.js';

export interface DaemonProcessView {
  pid: number;
  argv: string[];
  comm: string;
  state: string;
  startedAtS: number;
  cpuPct: number | null;
  rssBytes: number;
  /** when it stopped (unix ms), for a stopped (SIGSTOP) daemon whose kernel tells */
  stoppedSinceMs?: number | null;
}

export interface DaemonSnapshot {
  pidFile: PidFile;
  /** null when there is no PID to look at */
  identity: Identity | null;
  /** the process behind the PID when it is the daemon (or a zombie of it) */
  process: DaemonProcessView | null;
  healthSocket: SocketOutcome;
  health: HealthDetail | null;
  healthError: string | null;
  status: StatusDetail | null;
  statusError: string | null;
}

/** `status` costs a second round trip and changes slowly: asked every this many collections. */
export const STATUS_EVERY = 5;

/** Reads the daemon; keeps the previous CPU reading so that CPU % is measured between ticks. */
export class DaemonCollector {
  private calls = 0;
  private lastStatus: { value: StatusDetail | null; error: string | null } = { value: null, error: null };
  private prev: { pid: number; startTicks: number; cpuTicks: number; atMs: number } | null = null;
  private readonly match: RegExp;

  constructor(private readonly config: Config) {
    this.match = new RegExp(config.daemonMatch);
  }

  async collect(): Promise<DaemonSnapshot> {
    const { socketPath, thresholds } = this.config;
    const askStatus = this.calls++ % STATUS_EVERY === 0;
    // the PID file and /proc first (both in memory, fast): a stopped daemon is not asked, since it
    // cannot answer and asking would hold the whole tick up for the socket timeout
    const pidFile = await readPidFile(this.config.pidPath);
    let identity: Identity | null = null;
    let procView: DaemonProcessView | null = null;
    if (pidFile.kind === 'ok') {
      const proc = await readProcess(pidFile.pid);
      identity = judgeIdentity(pidFile, proc, this.match);
      if (proc && (identity.kind === 'daemon' || identity.kind === 'zombie')) procView = this.view(proc);
    }
    const stopped = identity?.kind === 'daemon' && procView !== null && isStoppedState(procView.state);
    const notAsked: SocketOutcome = { kind: 'not-asked', why: `PID ${procView?.pid ?? '?'} is stopped` };
    const [healthSocket, statusSocket] = stopped
      ? [notAsked, null]
      : await Promise.all([
          sendDirective(socketPath, 'health', '', thresholds.socketTimeoutMs),
          askStatus ? sendDirective(socketPath, 'status', '', thresholds.socketTimeoutMs) : Promise.resolve(null),
        ]);
    const health = parseAnswer(healthSocket, parseHealthDetail);
    if (statusSocket) this.lastStatus = parseAnswer(statusSocket, parseStatusDetail);
    // without a health answer a kept status would be stale: drop it
    if (healthSocket.kind !== 'answered') this.lastStatus = { value: null, error: null };
    const status = this.lastStatus;
    return {
      pidFile,
      identity,
      process: procView,
      healthSocket,
      health: health.value,
      healthError: health.error,
      status: status.value,
      statusError: status.error,
    };
  }

  private view(proc: ProcessInfo): DaemonProcessView {
    const now = Date.now();
    let cpuPct: number | null = null;
    if (this.prev && this.prev.pid === proc.pid && this.prev.startTicks === proc.startTicks && now > this.prev.atMs) {
      cpuPct = Math.round(((proc.cpuTicks - this.prev.cpuTicks) / CLOCK_TICKS_PER_S / ((now - this.prev.atMs) / 1000)) * 1000) / 10;
    } else {
      // first look: the average over the process's life
      const lifeS = Math.max(now / 1000 - proc.startedAtS, 0.01);
      cpuPct = Math.round((proc.cpuTicks / CLOCK_TICKS_PER_S / lifeS) * 1000) / 10;
    }
    this.prev = { pid: proc.pid, startTicks: proc.startTicks, cpuTicks: proc.cpuTicks, atMs: now };
    return {
      pid: proc.pid,
      argv: proc.argv,
      comm: proc.comm,
      state: proc.state,
      startedAtS: proc.startedAtS,
      cpuPct,
      rssBytes: proc.rssBytes,
      stoppedSinceMs: proc.stoppedSinceMs ?? null,
    };
  }
}

function parseAnswer<T>(o: SocketOutcome, parse: (detail: string) => T): { value: T | null; error: string | null } {
  if (o.kind !== 'answered') return { value: null, error: null };
  if (!o.ack.ok) return { value: null, error: `daemon refused: ${o.ack.detail || '(no detail)'}` };
  try {
    return { value: parse(o.ack.detail), error: null };
  } catch (err) {
    return { value: null, error: messageOf(err) };
  }
}
