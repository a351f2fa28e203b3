// The reference dispatcher: `oro start --daemon-only --workers N` as the contract describes it.
// PID file, control socket (one JSON line each way), worker processes in their own process groups,
// beads in state.db, drain-and-exit on restart-daemon, SIGINT graceful, SIGTERM only when authorised.
// This file starts the daemon, handles its signals and hands out beads; the parts live in
// ./dispatcher/: connection (socket protocol), send, worker-messages, directives, replies (health and
// status JSON), worker-table (worker processes and records) and drain (shutdown).
import { argAfter, isWorkerArgv, ProcessTableSampler } from '../collectors/process-table.js';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { BeadStore } from './bead-store.js';
import { type Chaos, parseChaos } from './chaos.js';
import { serveConnection } from './dispatcher/connection.js';
import type { DaemonState, DispatcherCore, LogLevel } from './dispatcher/core.js';
import { drainAndExit } from './dispatcher/drain.js';
import { send } from './dispatcher/send.js';
import { WorkerTable } from './dispatcher/worker-table.js';
import { goLogTime, type SwarmPaths, swarmPaths } from './paths.js';

export interface DispatcherOptions {
  workers: number;
  /** one process hosts this many worker connections (benchmarks); 0 = one process per worker */
  pool: number;
}

export class Dispatcher implements DispatcherCore {
  readonly paths: SwarmPaths;
  readonly chaos: Chaos;
  readonly store: BeadStore;
  readonly workers: WorkerTable = new WorkerTable(this);
  readonly conns = new Set<Socket>();
  readonly startedAt = Date.now();
  readonly shutdownTimeoutS: number;
  server: Server | null = null;
  tickTimer: NodeJS.Timeout | null = null;
  state: DaemonState = 'inert';
  target: number;
  sigtermAuthorised = false;
  restarting = false;
  shuttingDown = false;
  private readonly logFd: number;

  constructor(
    private readonly opts: DispatcherOptions,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.paths = swarmPaths(env);
    this.chaos = parseChaos(env.ORO_REF_CHAOS);
    this.target = opts.workers;
    this.shutdownTimeoutS = Number(env.ORO_REF_SHUTDOWN_TIMEOUT_S || 10);
    mkdirSync(this.paths.home, { recursive: true });
    mkdirSync(this.paths.workersDir, { recursive: true });
    // the daemon log is truncated at each start, then only appended to
    closeSync(openSync(this.paths.daemonLog, 'w'));
    this.logFd = openSync(this.paths.daemonLog, 'a');
    this.store = new BeadStore(this.paths.dbPath);
  }

  log(level: LogLevel, msg: string): void {
    try {
      writeSync(this.logFd, `${goLogTime()} ${level} ${msg}\n`);
    } catch {
      /* the log is best effort */
    }
  }

  async start(): Promise<void> {
    await this.claimSocket();
    this.server = createServer((c) => serveConnection(this, c));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.paths.socketPath, () => resolve());
    });
    writeFileSync(this.paths.pidPath, `${process.pid}\n`);
    this.log('INFO', `dispatcher started pid=${process.pid} socket=${this.paths.socketPath} workers=${this.target}`);
    this.store.event('daemon_start', { payload: { pid: process.pid } });
    this.store.topUp(Math.max(this.target * 2, 4));
    if (this.opts.pool > 0) this.workers.spawnPool();
    else await this.spawnWorkers();
    this.handleSignals();
    this.tickTimer = setInterval(() => this.tick(), 250);
  }

  /**
   * Starts the workers it should have, except those still running from its predecessor (orphans
   * after a crash): they reconnect on their own, as the contract says, so no id runs twice.
   */
  private async spawnWorkers(): Promise<void> {
    const table = await new ProcessTableSampler((a) => isWorkerArgv(a, this.paths.socketPath)).sample();
    const orphans = new Map<string, number>();
    for (const p of table.byPid.values()) {
      const id = p.state === 'Z' ? null : argAfter(p.argv.slice(p.argv.indexOf('worker')), '--id');
      if (id) orphans.set(id, p.pid);
    }
    for (let i = 0; i < this.target; i++) {
      const id = this.workers.newId();
      const orphan = orphans.get(id);
      if (orphan === undefined) this.workers.spawn(id);
      else this.log('INFO', `worker ${id} still runs from before (PID ${orphan}): waiting for it to reconnect`);
    }
  }

  private handleSignals(): void {
    process.on('SIGINT', () => {
      this.log('INFO', 'SIGINT: graceful shutdown');
      void this.shutdown('SIGINT');
    });
    process.on('SIGTERM', () => {
      if (this.sigtermAuthorised && !this.chaos.daemonIgnoreSigterm) {
        this.log('INFO', 'SIGTERM (authorised): graceful shutdown');
        void this.shutdown('SIGTERM');
      } else {
        this.log('WARN', 'SIGTERM ignored: no shutdown directive authorised it');
      }
    });
  }

  /** Refuses to start over a live daemon; removes a stale socket file left by a dead one. */
  private async claimSocket(): Promise<void> {
    const alive = await new Promise<boolean>((resolve) => {
      const s = connect(this.paths.socketPath);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (alive) throw new Error(`another daemon is listening on ${this.paths.socketPath}`);
    rmSync(this.paths.socketPath, { force: true });
  }

  /** Every 250 ms while running: keeps the queue topped up and gives each idle connected worker a bead. */
  private tick(): void {
    if (this.state !== 'running') return;
    this.store.topUp(Math.max(this.target * 2, 4));
    for (const rec of this.workers.all()) {
      if (!rec.conn || rec.state !== 'idle') continue;
      const bead = this.store.assignNext(rec.id, join(this.paths.home, 'worktrees'));
      if (!bead) break;
      rec.state = 'busy';
      rec.beadId = bead.id;
      rec.lastProgressAtMs = Date.now();
      send(rec.conn, 'ASSIGN', {
        bead_id: bead.id,
        worktree: join(this.paths.home, 'worktrees', bead.id),
        title: bead.title,
        progress: bead.progress,
        total: bead.total,
      });
    }
  }

  /** Drain the workers and exit (once: later calls do nothing); see dispatcher/drain.ts. */
  async shutdown(why: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await drainAndExit(this, why);
  }
}
