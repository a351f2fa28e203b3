// A reference worker: `oro worker --socket <sock> --id <id>`. Connects to the dispatcher, heartbeats,
// works through assigned beads step by step (reporting progress so it is saved), hands off and
// approves on PREPARE_SHUTDOWN, and reconnects with RECONNECT when the dispatcher goes away.
import { connect, type Socket } from 'node:net';
import { decodeMessage, encodeMessage, LineReader } from '../oro/wire.js';
import { parseChaos } from './chaos.js';
import { goLogTime } from './paths.js';

export interface WorkerOptions {
  socketPath: string;
  id: string;
  stepMs: number;
  heartbeatMs: number;
  /** write lines here (the output log); the pool passes a no-op */
  out: (line: string) => void;
  /** the pool keeps running when one of its connections is told to shut down */
  exit: (code: number) => void;
}

interface Job {
  beadId: string;
  progress: number;
  total: number;
}

const TOOLS = ['Read', 'Edit', 'Bash(go test ./...)', 'Grep', 'Write', 'Bash(git diff)'];

export class RefWorker {
  private conn: Socket | null = null;
  private job: Job | null = null;
  private contextPct = 0;
  private stepTimer: NodeJS.Timeout | null = null;
  private hbTimer: NodeJS.Timeout | null = null;
  private everConnected = false;
  private stopping = false;
  private hung = false;
  private readonly chaos = parseChaos(process.env.ORO_REF_CHAOS);
  private steps = 0;

  constructor(private readonly o: WorkerOptions) {}

  start(): void {
    this.o.out(`${goLogTime()} worker ${this.o.id} starting`);
    const crash = this.chaos.crash.get(this.o.id);
    if (crash !== undefined) {
      setTimeout(() => {
        this.o.out(`panic: runtime error: invalid memory address or nil pointer dereference [chaos]`);
        this.o.exit(1);
      }, crash * 1000);
    }
    const hang = this.chaos.hang.get(this.o.id);
    if (hang !== undefined) {
      setTimeout(() => {
        this.o.out(`${goLogTime()} worker ${this.o.id} waiting on a tool call that never returns [chaos]`);
        this.hung = true;
      }, hang * 1000);
    }
    this.hbTimer = setInterval(() => this.heartbeat(), this.o.heartbeatMs);
    this.stepTimer = setInterval(() => this.step(), this.o.stepMs);
    this.dial();
  }

  private dial(): void {
    if (this.stopping) return;
    const c = connect(this.o.socketPath);
    c.setEncoding('utf8');
    const reader = new LineReader((line) => this.onLine(line));
    c.on('connect', () => {
      this.conn = c;
      if (this.everConnected) {
        const payload: Record<string, unknown> = {
          worker_id: this.o.id,
          state: this.job ? 'busy' : 'idle',
          context_pct: this.contextPct,
          buffered_events: [],
        };
        if (this.job) payload.bead_id = this.job.beadId;
        this.send('RECONNECT', payload);
        this.o.out(`${goLogTime()} reconnected to dispatcher`);
      } else {
        this.heartbeat();
      }
      this.everConnected = true;
    });
    c.on('data', (d: string) => reader.push(d));
    c.on('error', () => {});
    c.on('close', () => {
      if (this.conn === c) this.conn = null;
      if (!this.stopping) setTimeout(() => this.dial(), 500);
    });
  }

  private send(type: string, payload: unknown): void {
    if (this.conn && !this.conn.destroyed) this.conn.write(encodeMessage(type, payload));
  }

  private heartbeat(): void {
    if (this.hung) return;
    this.send('HEARTBEAT', { bead_id: this.job?.beadId ?? '', worker_id: this.o.id, context_pct: this.contextPct });
  }

  private onLine(line: string): void {
    const msg = decodeMessage(line);
    if (!msg) return;
    const p = msg.payload;
    switch (msg.type) {
      case 'ASSIGN': {
        const beadId = String(p.bead_id ?? '');
        this.job = { beadId, progress: Number(p.progress ?? 0), total: Number(p.total ?? 5) };
        this.o.out(`${goLogTime()} assigned ${beadId}: ${String(p.title ?? '')} (resuming at ${this.job.progress}/${this.job.total})`);
        break;
      }
      case 'PREPARE_SHUTDOWN': {
        if (this.chaos.noApprove.has(this.o.id)) {
          this.o.out(`${goLogTime()} PREPARE_SHUTDOWN ignored [chaos]`);
          return;
        }
        this.stopping = true;
        const job = this.job;
        if (job) {
          this.send('HANDOFF', {
            bead_id: job.beadId,
            worker_id: this.o.id,
            progress: job.progress,
            total: job.total,
            summary: `saved context at step ${job.progress}`,
          });
          this.o.out(`${goLogTime()} handoff ${job.beadId} at ${job.progress}/${job.total}`);
        }
        this.send('SHUTDOWN_APPROVED', { worker_id: this.o.id });
        this.o.out(`${goLogTime()} shutdown approved`);
        this.finish(0);
        break;
      }
      case 'SHUTDOWN':
        this.stopping = true;
        this.o.out(`${goLogTime()} SHUTDOWN received`);
        this.finish(0);
        break;
      case 'PREEMPT':
        if (this.job) {
          this.send('HANDOFF', { bead_id: this.job.beadId, worker_id: this.o.id, progress: this.job.progress, total: this.job.total });
          this.o.out(`${goLogTime()} preempted on ${this.job.beadId}`);
        }
        this.job = null;
        break;
      default:
        break;
    }
  }

  private step(): void {
    if (this.hung || this.stopping || !this.job || !this.conn) return;
    const job = this.job;
    this.steps++;
    job.progress = Math.min(job.progress + 1, job.total);
    this.contextPct = Math.min(95, this.contextPct + 3);
    const tool = TOOLS[this.steps % TOOLS.length]!;
    this.o.out(`${goLogTime()} [${job.beadId}] step ${job.progress}/${job.total}: ${tool}`);
    if (Math.random() < this.chaos.errorRate) {
      this.o.out(`${goLogTime()} ERROR tool call ${tool} failed: exit status 1 (retrying)`);
    }
    this.send('STATUS', { bead_id: job.beadId, worker_id: this.o.id, state: 'working', result: `progress ${job.progress}/${job.total}` });
    if (job.progress >= job.total) {
      this.send('DONE', { bead_id: job.beadId, worker_id: this.o.id, quality_gate_passed: true });
      this.o.out(`${goLogTime()} done ${job.beadId}: quality gate passed`);
      this.job = null;
      if (this.contextPct > 80) this.contextPct = 10; // a fresh context after a long stretch
    }
  }

  private finish(code: number): void {
    if (this.stepTimer) clearInterval(this.stepTimer);
    if (this.hbTimer) clearInterval(this.hbTimer);
    const c = this.conn;
    if (c && !c.destroyed) c.end(() => this.o.exit(code));
    else this.o.exit(code);
    setTimeout(() => this.o.exit(code), 500).unref();
  }
}
