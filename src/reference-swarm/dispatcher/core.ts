// What every part of the reference dispatcher shares: the daemon's state, its worker table, its
// bead store and its log. The Dispatcher class (../dispatcher.ts) is the one implementation; the
// other modules in this folder are functions over it.
import type { Server, Socket } from 'node:net';
import type { BeadStore } from '../bead-store.js';
import type { Chaos } from '../chaos.js';
import type { SwarmPaths } from '../paths.js';
import type { WorkerTable } from './worker-table.js';

export type DaemonState = 'inert' | 'running' | 'paused' | 'stopping';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface DispatcherCore {
  readonly paths: SwarmPaths;
  readonly chaos: Chaos;
  readonly store: BeadStore;
  readonly workers: WorkerTable;
  /** every open connection on the control socket (workers and directive senders) */
  readonly conns: Set<Socket>;
  readonly startedAt: number;
  readonly shutdownTimeoutS: number;
  server: Server | null;
  tickTimer: NodeJS.Timeout | null;
  state: DaemonState;
  /** the worker count asked for (--workers, then `scale`) */
  target: number;
  /** a `shutdown` directive arrived: the next SIGTERM is obeyed */
  sigtermAuthorised: boolean;
  restarting: boolean;
  shuttingDown: boolean;
  log(level: LogLevel, msg: string): void;
  shutdown(why: string): Promise<void>;
}
