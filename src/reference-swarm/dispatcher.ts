// The reference dispatcher: `oro start --daemon-only --workers N` as the contract describes it.
// PID file, control socket (one JSON line each way), worker processes in their own process groups,
// beads in state.db, drain-and-exit on restart-daemon, SIGINT graceful, SIGTERM only when authorised.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { spawnDetached } from '../system/spawn.js';
import { decodeMessage, encodeMessage, goJson, LineReader } from '../oro/wire.js';
import { BeadStore } from './bead-store.js';
import { parseChaos, type Chaos } from './chaos.js';
import { goLogTime, swarmPaths, type SwarmPaths } from './paths.js';
import { selfArgv } from '../system/self.js';

type DaemonState = 'inert' | 'running' | 'paused' | 'stopping';

interface WorkerRec {
  id: string;
  conn: Socket | null;
  child: ResultPromise | null;
  pid: number | null;
  state: string;
  beadId: string | null;
  lastProgressAtMs: number;
  contextPct: number;
  approved: boolean;
  /** respawn with the same id once it exits (restart-worker) */
  respawn: boolean;
}

/** A worker as the dispatcher first knows it: idle, no process or connection yet. */
function newWorker(id: string, conn: Socket | null = null): WorkerRec {
  return {
    id,
    conn,
    child: null,
    pid: null,
    state: 'idle',
    beadId: null,
    lastProgressAtMs: Date.now(),
    contextPct: 0,
    approved: false,
    respawn: false,
  };
}

export interface DispatcherOptions {
  workers: number;
  /** one process hosts this many worker connections (benchmarks); 0 = one process per worker */
  pool: number;
}

const NS_PER_S = 1_000_000_000;

export class Dispatcher {
  private readonly paths: SwarmPaths;
  private readonly chaos: Chaos;
  private readonly store: BeadStore;
  private server: Server | null = null;
  private state: DaemonState = 'inert';
  private readonly startedAt = Date.now();
  private readonly workers = new Map<string, WorkerRec>();
  private target: number;
  private sigtermAuthorised = false;
  private restarting = false;
  private shuttingDown = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private logFd: number;
  private readonly shutdownTimeoutS: number;
  private nextWorkerNo = 1;
  private readonly conns = new Set<Socket>();
  /** workers that died or were killed (not scaled away): a restart-worker brings them back */
  private readonly lost = new Set<string>();
  private readonly scaledAway = new Set<string>();

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

  log(level: 'INFO' | 'WARN' | 'ERROR', msg: string): void {
    try {
      writeSync(this.logFd, `${goLogTime()} ${level} ${msg}\n`);
    } catch {
      /* the log is best effort */
    }
  }

  async start(): Promise<void> {
    await this.claimSocket();
    this.server = createServer((c) => this.onConnection(c));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.paths.socketPath, () => resolve());
    });
    writeFileSync(this.paths.pidPath, `${process.pid}\n`);
    this.log('INFO', `dispatcher started pid=${process.pid} socket=${this.paths.socketPath} workers=${this.target}`);
    this.store.event('daemon_start', { payload: { pid: process.pid } });
    this.store.topUp(Math.max(this.target * 2, 4));
    if (this.opts.pool > 0) this.spawnPool();
    else for (let i = 0; i < this.target; i++) this.spawnWorker(this.newWorkerId());

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
    this.tickTimer = setInterval(() => this.tick(), 250);
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

  private newWorkerId(): string {
    let id: string;
    do id = `w-${this.nextWorkerNo++}`;
    while (this.workers.has(id));
    return id;
  }

  private spawnWorker(id: string): void {
    const dir = join(this.paths.workersDir, id);
    mkdirSync(dir, { recursive: true });
    const child = spawnDetached([...selfArgv(), 'ref-oro', 'worker', '--socket', this.paths.socketPath, '--id', id], {
      outputFile: join(dir, 'output.log'),
      env: { ORO_HOME: this.paths.home, NODE_OPTIONS: '' },
      watchExit: true,
    });
    const rec: WorkerRec = this.workers.get(id) ?? newWorker(id);
    rec.child = child;
    rec.pid = child.pid ?? null;
    rec.respawn = false;
    this.workers.set(id, rec);
    this.log('INFO', `spawned worker ${id} pid=${child.pid}`);
    void child.then((r) => {
      const code = r.exitCode ?? null;
      const sig = r.signal ?? null;
      const cur = this.workers.get(id);
      if (!cur || cur.child !== child) return;
      cur.child = null;
      cur.pid = null;
      if (code === 0) this.log('INFO', `worker ${id} exited cleanly`);
      else {
        this.log('ERROR', `worker ${id} exited with ${sig ? `signal ${sig}` : `status ${code}`}`);
        if (!cur.respawn) this.lost.add(id);
      }
      if (cur.respawn && !this.shuttingDown) this.spawnWorker(id);
    });
  }

  private spawnPool(): void {
    const child = spawnDetached(
      [...selfArgv(), 'ref-oro', 'worker-pool', '--socket', this.paths.socketPath, '--count', String(this.target)],
      {
        outputFile: join(this.paths.home, 'worker-pool.log'),
        env: { ORO_HOME: this.paths.home, NODE_OPTIONS: '' },
        watchExit: true,
      },
    );
    this.log('INFO', `spawned worker pool of ${this.target} pid=${child.pid}`);
  }

  // ------------------------------------------------------------------ connections

  private onConnection(conn: Socket): void {
    conn.setEncoding('utf8');
    this.conns.add(conn);
    let workerId: string | null = null;
    const reader = new LineReader(
      (line) => {
        const msg = decodeMessage(line);
        if (!msg) {
          this.log('WARN', `malformed message dropped: ${line.slice(0, 80)}`);
          return;
        }
        if (msg.type === 'DIRECTIVE') {
          const op = String(msg.payload.op ?? '');
          const args = String(msg.payload.args ?? '');
          this.directive(op, args, conn);
          return;
        }
        const id = typeof msg.payload.worker_id === 'string' ? msg.payload.worker_id : workerId;
        if (!id) return;
        workerId = id;
        this.workerMessage(id, msg.type, msg.payload, conn);
      },
      () => {
        this.log('WARN', 'line over 1 MiB: connection closed');
        conn.destroy();
      },
    );
    conn.on('data', (d: string) => reader.push(d));
    conn.on('error', () => {});
    conn.on('close', () => {
      this.conns.delete(conn);
      if (workerId) this.workerGone(workerId, conn);
    });
  }

  private send(conn: Socket | null, type: string, payload?: unknown): void {
    if (conn && !conn.destroyed) conn.write(encodeMessage(type, payload));
  }

  private ack(conn: Socket, ok: boolean, detail: string): void {
    this.send(conn, 'ACK', detail === '' ? { ok } : { ok, detail });
  }

  private register(id: string, conn: Socket): WorkerRec {
    this.lost.delete(id);
    let rec = this.workers.get(id);
    if (!rec) {
      rec = newWorker(id, conn);
      this.workers.set(id, rec);
    }
    if (rec.conn !== conn) {
      rec.conn = conn;
      this.log('INFO', `worker ${id} connected`);
    }
    return rec;
  }

  private workerMessage(id: string, type: string, p: Record<string, unknown>, conn: Socket): void {
    const rec = this.register(id, conn);
    const bead = typeof p.bead_id === 'string' && p.bead_id !== '' ? p.bead_id : null;
    switch (type) {
      case 'HEARTBEAT':
        if (typeof p.context_pct === 'number') rec.contextPct = p.context_pct;
        break;
      case 'RECONNECT':
        if (typeof p.context_pct === 'number') rec.contextPct = p.context_pct;
        if (bead && this.store.adopt(bead, id, join(this.paths.home, 'worktrees'))) {
          rec.beadId = bead;
          rec.state = 'busy';
          rec.lastProgressAtMs = Date.now();
          this.log('INFO', `worker ${id} reconnected holding ${bead}`);
        } else {
          rec.state = 'idle';
          rec.beadId = null;
          if (bead) this.send(conn, 'PREEMPT', {});
        }
        break;
      case 'STATUS': {
        const m = /progress (\d+)\/(\d+)/.exec(String(p.result ?? ''));
        if (bead && m) {
          this.store.saveProgress(bead, Number(m[1]));
          rec.lastProgressAtMs = Date.now();
        }
        break;
      }
      case 'HANDOFF':
        if (bead) this.store.handoff(bead, id, Number(p.progress ?? 0));
        this.log('INFO', `worker ${id} handed off ${bead ?? '(no bead)'} at progress ${p.progress ?? '?'}`);
        break;
      case 'DONE':
        if (bead) {
          if (p.quality_gate_passed === true) this.store.complete(bead, id);
          else {
            this.store.requeue(bead, 'quality gate failed');
            this.log('ERROR', `bead ${bead} FAILED the quality gate on ${id}`);
          }
        }
        rec.state = 'idle';
        rec.beadId = null;
        rec.lastProgressAtMs = Date.now();
        break;
      case 'SHUTDOWN_APPROVED':
        rec.approved = true;
        rec.state = 'shutting_down';
        this.log('INFO', `worker ${id} approved shutdown`);
        break;
      default:
        this.log('WARN', `unknown message ${type} from ${id}`);
    }
  }

  private workerGone(id: string, conn: Socket): void {
    const rec = this.workers.get(id);
    if (!rec || rec.conn !== conn) return;
    rec.conn = null;
    if (rec.beadId) {
      this.store.requeue(rec.beadId, rec.approved ? 'drained' : 'worker lost');
      if (!rec.approved && !this.shuttingDown) {
        this.log('ERROR', `worker ${id} connection lost while on ${rec.beadId}; bead requeued`);
        this.store.escalate('worker_lost', `worker ${id} lost while working on ${rec.beadId}`, rec.beadId, id);
      }
      rec.beadId = null;
    } else if (!rec.approved && !this.shuttingDown && !rec.respawn) {
      this.log('ERROR', `worker ${id} connection lost`);
    }
    this.store.event('worker_disconnected', { workerId: id });
    if (!rec.approved && !this.shuttingDown && !rec.respawn && !this.scaledAway.delete(id)) this.lost.add(id);
    if (!rec.respawn) this.workers.delete(id);
    else rec.state = 'idle';
  }

  // ------------------------------------------------------------------ scheduling

  private tick(): void {
    if (this.state !== 'running') return;
    this.store.topUp(Math.max(this.target * 2, 4));
    for (const rec of this.workers.values()) {
      if (!rec.conn || rec.state !== 'idle') continue;
      const bead = this.store.assignNext(rec.id, join(this.paths.home, 'worktrees'));
      if (!bead) break;
      rec.state = 'busy';
      rec.beadId = bead.id;
      rec.lastProgressAtMs = Date.now();
      this.send(rec.conn, 'ASSIGN', {
        bead_id: bead.id,
        worktree: join(this.paths.home, 'worktrees', bead.id),
        title: bead.title,
        progress: bead.progress,
        total: bead.total,
      });
    }
  }

  private connected(): WorkerRec[] {
    return [...this.workers.values()].filter((w) => w.conn !== null);
  }

  private workerJson(w: WorkerRec): Record<string, unknown> {
    const o: Record<string, unknown> = { id: w.id, state: w.state };
    if (w.beadId) o.bead_id = w.beadId;
    o.last_progress_secs = w.state === 'idle' ? 0 : Math.round((Date.now() - w.lastProgressAtMs) / 100) / 10;
    o.context_pct = w.contextPct;
    return o;
  }

  private paneJson(name: string): Record<string, unknown> {
    const seen = this.store.paneLastSeen(name);
    const o: Record<string, unknown> = { name, alive: seen !== null && Date.now() / 1000 - seen <= 60 };
    if (seen !== null) o.last_activity = new Date(seen * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return o;
  }

  private uptime(): number {
    return Math.round((Date.now() - this.startedAt) / 100) / 10;
  }

  private healthDetail(): string {
    return goJson({
      daemon: { pid: process.pid, uptime_seconds: this.uptime(), state: this.state },
      architect_pane: this.paneJson('architect'),
      manager_pane: this.paneJson('manager'),
      workers: this.connected().map((w) => this.workerJson(w)),
    });
  }

  private statusDetail(): string {
    const ws = this.connected();
    const assignments: Record<string, string> = {};
    for (const w of ws) if (w.beadId) assignments[w.id] = w.beadId;
    return goJson({
      state: this.state,
      pid: process.pid,
      worker_count: ws.length,
      queue_depth: this.store.pendingCount(),
      assignments,
      workers: ws.map((w) => this.workerJson(w)),
      active_count: ws.filter((w) => w.state === 'busy').length,
      idle_count: ws.filter((w) => w.state === 'idle').length,
      target_count: this.target,
      uptime_seconds: this.uptime(),
      pending_handoff_count: 0,
      progress_timeout_secs: 600,
    });
  }

  // ------------------------------------------------------------------ directives

  private directive(op: string, args: string, conn: Socket): void {
    const arg = args.trim();
    const worker = (): WorkerRec | null => this.workers.get(arg.split(/\s+/)[0] ?? '') ?? null;
    try {
      this.store.db.prepare('INSERT INTO commands (op, args) VALUES (?, ?)').run(op, args);
    } catch {
      /* audit only */
    }
    switch (op) {
      case 'health':
        return this.ack(conn, true, this.healthDetail());
      case 'status':
        return this.ack(conn, true, this.statusDetail());
      case 'start':
        if (this.state === 'stopping') return this.ack(conn, false, 'daemon is stopping');
        this.state = 'running';
        this.log('INFO', 'start directive: running');
        return this.ack(conn, true, 'started');
      case 'stop':
        this.ack(conn, true, 'stopping');
        void this.shutdown('stop directive');
        return;
      case 'pause':
        if (this.state !== 'running') return this.ack(conn, false, `cannot pause in state ${this.state}`);
        this.state = 'paused';
        return this.ack(conn, true, 'paused');
      case 'resume':
        if (this.state !== 'paused') return this.ack(conn, false, `cannot resume in state ${this.state}`);
        this.state = 'running';
        return this.ack(conn, true, 'resumed');
      case 'scale': {
        const n = Number(arg);
        if (!Number.isInteger(n) || n < 0 || n > 10000) return this.ack(conn, false, 'scale needs a worker count');
        this.target = n;
        const live = [...this.workers.values()];
        for (let i = live.length; i < n; i++) this.spawnWorker(this.newWorkerId());
        for (const w of live.slice(n)) {
          this.scaledAway.add(w.id);
          this.send(w.conn, 'SHUTDOWN', {});
        }
        return this.ack(conn, true, `scaled to ${n}`);
      }
      case 'focus':
        return this.ack(conn, true, arg ? `focused on ${arg}` : 'focus cleared');
      case 'shutdown':
        this.sigtermAuthorised = true;
        return this.ack(conn, true, 'shutdown authorized');
      case 'kill-worker': {
        const w = worker();
        if (!w) return this.ack(conn, false, `unknown worker ${arg}`);
        if (w.pid) {
          try {
            process.kill(-w.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        this.lost.add(w.id);
        this.log('WARN', `worker ${w.id} killed by directive`);
        return this.ack(conn, true, `killed ${w.id}`);
      }
      case 'restart-worker': {
        const w = worker();
        if (!w && this.lost.has(arg) && !this.shuttingDown) {
          // a worker this daemon lost (killed, crashed): restarting it starts it again
          this.lost.delete(arg);
          this.spawnWorker(arg);
          return this.ack(conn, true, `restarting ${arg}`);
        }
        if (!w) return this.ack(conn, false, `unknown worker ${arg}`);
        w.respawn = true;
        if (w.beadId) this.store.requeue(w.beadId, 'worker restart');
        w.beadId = null;
        if (w.conn) this.send(w.conn, 'SHUTDOWN', {});
        else if (w.pid) {
          try {
            process.kill(-w.pid, 'SIGTERM');
          } catch {
            /* gone */
          }
        } else this.spawnWorker(w.id);
        return this.ack(conn, true, `restarting ${w.id}`);
      }
      case 'preempt': {
        const w = worker();
        if (!w) return this.ack(conn, false, `unknown worker ${arg}`);
        this.send(w.conn, 'PREEMPT', {});
        return this.ack(conn, true, `preempting ${w.id}`);
      }
      case 'spawn-for':
        return arg ? this.ack(conn, true, `spawn requested for ${arg}`) : this.ack(conn, false, 'spawn-for needs a bead id');
      case 'pending-escalations':
        return this.ack(conn, true, goJson(this.store.pendingEscalations()));
      case 'ack-escalation': {
        const id = Number(arg);
        return this.store.ackEscalation(id) ? this.ack(conn, true, `acked ${id}`) : this.ack(conn, false, `no pending escalation ${arg}`);
      }
      case 'worker-logs': {
        const [id, nStr] = arg.split(/\s+/);
        const n = Math.min(Math.max(Number(nStr ?? 50) || 50, 1), 1000);
        try {
          const text = readFileSync(join(this.paths.workersDir, id ?? '', 'output.log'), 'utf8');
          const lines = text.split('\n').filter((l) => l !== '');
          return this.ack(conn, true, lines.slice(-n).join('\n'));
        } catch {
          return this.ack(conn, false, `no logs for worker ${id ?? ''}`);
        }
      }
      case 'restart-daemon':
        if (this.restarting || this.shuttingDown) return this.ack(conn, false, 'restart already in progress');
        this.restarting = true;
        this.ack(conn, true, 'restarting daemon');
        this.log('INFO', 'restart-daemon directive: draining workers');
        void this.shutdown('restart-daemon');
        return;
      default:
        return this.ack(conn, false, 'invalid directive');
    }
  }

  // ------------------------------------------------------------------ shutdown

  /** Drain: PREPARE_SHUTDOWN to all, wait for approvals (timeout), SHUTDOWN to laggards, requeue, exit 0. */
  async shutdown(why: string): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.state = 'stopping';
    this.store.event('daemon_stopping', { payload: { why } });
    const ws = this.connected();
    for (const w of ws) {
      w.approved = false;
      this.send(w.conn, 'PREPARE_SHUTDOWN', { timeout: this.shutdownTimeoutS * NS_PER_S });
    }
    const deadline = Date.now() + this.shutdownTimeoutS * 1000;
    while (Date.now() < deadline && ws.some((w) => !w.approved && w.conn)) await sleep(50);
    const laggards = ws.filter((w) => !w.approved && w.conn);
    for (const w of laggards) {
      this.log('WARN', `worker ${w.id} did not approve within ${this.shutdownTimeoutS}s: hard SHUTDOWN`);
      this.send(w.conn, 'SHUTDOWN', {});
    }
    const gone = Date.now() + 2000;
    while (Date.now() < gone && this.connected().length > 0) await sleep(50);
    const reset = this.store.requeueAllActive(`daemon ${why}`);
    if (reset.length > 0) this.log('INFO', `reset ${reset.length} in-progress bead(s) for reassignment: ${reset.join(' ')}`);
    this.store.event('daemon_exit', { payload: { why, approved: ws.length - laggards.length, laggards: laggards.map((w) => w.id) } });
    if (this.chaos.daemonHangShutdown) {
      this.log('WARN', 'chaos: hanging instead of exiting');
      process.removeAllListeners('SIGINT');
      process.removeAllListeners('SIGTERM');
      process.on('SIGINT', () => {});
      process.on('SIGTERM', () => {});
      setInterval(() => {}, 1 << 30);
      return;
    }
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.store.close();
    for (const c of this.conns) c.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    rmSync(this.paths.socketPath, { force: true });
    try {
      if (readFileSync(this.paths.pidPath, 'utf8').trim() === String(process.pid)) rmSync(this.paths.pidPath, { force: true });
    } catch {
      /* already gone */
    }
    this.log('INFO', `dispatcher exiting (${why})`);
    process.exit(0);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
