// The dispatcher's workers: their records, spawning worker processes (one each, or one pool),
// registering a connection as a worker, and what happens when a worker's connection goes away.
// It also remembers workers that were lost (a restart-worker brings them back) and scaled away.
import { mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { spawnDetached } from '../../system/spawn.js';
import { selfArgv } from '../../system/self.js';
import type { DispatcherCore } from './core.js';

export interface WorkerRec {
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

export class WorkerTable {
  readonly byId = new Map<string, WorkerRec>();
  /** workers that died or were killed (not scaled away): a restart-worker brings them back */
  readonly lost = new Set<string>();
  readonly scaledAway = new Set<string>();
  private nextWorkerNo = 1;

  constructor(private readonly core: DispatcherCore) {}

  get(id: string): WorkerRec | undefined {
    return this.byId.get(id);
  }

  all(): WorkerRec[] {
    return [...this.byId.values()];
  }

  connected(): WorkerRec[] {
    return this.all().filter((w) => w.conn !== null);
  }

  newId(): string {
    let id: string;
    do id = `w-${this.nextWorkerNo++}`;
    while (this.byId.has(id));
    return id;
  }

  spawn(id: string): void {
    const { paths } = this.core;
    const dir = join(paths.workersDir, id);
    mkdirSync(dir, { recursive: true });
    const child = spawnDetached([...selfArgv(), 'ref-oro', 'worker', '--socket', paths.socketPath, '--id', id], {
      outputFile: join(dir, 'output.log'),
      env: { ORO_HOME: paths.home, NODE_OPTIONS: '' },
      watchExit: true,
    });
    const rec: WorkerRec = this.byId.get(id) ?? newWorker(id);
    rec.child = child;
    rec.pid = child.pid ?? null;
    rec.respawn = false;
    this.byId.set(id, rec);
    this.core.log('INFO', `spawned worker ${id} pid=${child.pid}`);
    void child.then((r) => this.exited(id, child, r.exitCode ?? null, r.signal ?? null));
  }

  private exited(id: string, child: ResultPromise, code: number | null, sig: string | null): void {
    const cur = this.byId.get(id);
    if (!cur || cur.child !== child) return;
    cur.child = null;
    cur.pid = null;
    if (code === 0) this.core.log('INFO', `worker ${id} exited cleanly`);
    else {
      this.core.log('ERROR', `worker ${id} exited with ${sig ? `signal ${sig}` : `status ${code}`}`);
      if (!cur.respawn) this.lost.add(id);
    }
    if (cur.respawn && !this.core.shuttingDown) this.spawn(id);
  }

  spawnPool(): void {
    const { paths, target } = this.core;
    const child = spawnDetached([...selfArgv(), 'ref-oro', 'worker-pool', '--socket', paths.socketPath, '--count', String(target)], {
      outputFile: join(paths.home, 'worker-pool.log'),
      env: { ORO_HOME: paths.home, NODE_OPTIONS: '' },
      watchExit: true,
    });
    this.core.log('INFO', `spawned worker pool of ${target} pid=${child.pid}`);
  }

  /** The worker record for a message from `id` on `conn` (made on its first message). */
  register(id: string, conn: Socket): WorkerRec {
    this.lost.delete(id);
    let rec = this.byId.get(id);
    if (!rec) {
      rec = newWorker(id, conn);
      this.byId.set(id, rec);
    }
    if (rec.conn !== conn) {
      rec.conn = conn;
      this.core.log('INFO', `worker ${id} connected`);
    }
    return rec;
  }

  /** A worker's connection closed: requeue its bead, and remember it as lost unless that was expected. */
  gone(id: string, conn: Socket): void {
    const { store, shuttingDown } = this.core;
    const rec = this.byId.get(id);
    if (!rec || rec.conn !== conn) return;
    rec.conn = null;
    if (rec.beadId) {
      store.requeue(rec.beadId, rec.approved ? 'drained' : 'worker lost');
      if (!rec.approved && !shuttingDown) {
        this.core.log('ERROR', `worker ${id} connection lost while on ${rec.beadId}; bead requeued`);
        store.escalate('worker_lost', `worker ${id} lost while working on ${rec.beadId}`, rec.beadId, id);
      }
      rec.beadId = null;
    } else if (!rec.approved && !shuttingDown && !rec.respawn) {
      this.core.log('ERROR', `worker ${id} connection lost`);
    }
    store.event('worker_disconnected', { workerId: id });
    if (!rec.approved && !shuttingDown && !rec.respawn && !this.scaledAway.delete(id)) this.lost.add(id);
    if (!rec.respawn) this.byId.delete(id);
    else rec.state = 'idle';
  }
}
