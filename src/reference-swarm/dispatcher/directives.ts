// The directives the dispatcher answers on its control socket (`health`, `status`, `scale`,
// `kill-worker`, `restart-daemon`, ...): one handler each, every one answering with one ACK.
// Each directive is also written to the commands table (an audit trail).
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { goJson } from '../../oro/wire.js';
import { ack, send } from './send.js';
import type { DispatcherCore } from './core.js';
import { healthDetail, statusDetail } from './replies.js';
import type { WorkerRec } from './worker-table.js';

interface Call {
  core: DispatcherCore;
  /** the arguments, trimmed */
  arg: string;
  conn: Socket;
  /** the worker named by the first word of the arguments, if the dispatcher knows it */
  worker(): WorkerRec | null;
}

type Handler = (c: Call) => void;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function start({ core, conn }: Call): void {
  if (core.state === 'stopping') return ack(conn, false, 'daemon is stopping');
  core.state = 'running';
  core.log('INFO', 'start directive: running');
  return ack(conn, true, 'started');
}

function stop({ core, conn }: Call): void {
  ack(conn, true, 'stopping');
  void core.shutdown('stop directive');
}

function pause({ core, conn }: Call): void {
  if (core.state !== 'running') return ack(conn, false, `cannot pause in state ${core.state}`);
  core.state = 'paused';
  return ack(conn, true, 'paused');
}

function resume({ core, conn }: Call): void {
  if (core.state !== 'paused') return ack(conn, false, `cannot resume in state ${core.state}`);
  core.state = 'running';
  return ack(conn, true, 'resumed');
}

function scale({ core, arg, conn }: Call): void {
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 0 || n > 10000) return ack(conn, false, 'scale needs a worker count');
  core.target = n;
  const live = core.workers.all();
  for (let i = live.length; i < n; i++) core.workers.spawn(core.workers.newId());
  for (const w of live.slice(n)) {
    core.workers.scaledAway.add(w.id);
    send(w.conn, 'SHUTDOWN', {});
  }
  return ack(conn, true, `scaled to ${n}`);
}

function killWorker({ core, arg, conn, worker }: Call): void {
  const w = worker();
  if (!w) return ack(conn, false, `unknown worker ${arg}`);
  if (w.pid) killGroup(w.pid, 'SIGKILL');
  core.workers.lost.add(w.id);
  core.log('WARN', `worker ${w.id} killed by directive`);
  return ack(conn, true, `killed ${w.id}`);
}

function restartWorker({ core, arg, conn, worker }: Call): void {
  const w = worker();
  if (!w && core.workers.lost.has(arg) && !core.shuttingDown) {
    // a worker this daemon lost (killed, crashed): restarting it starts it again
    core.workers.lost.delete(arg);
    core.workers.spawn(arg);
    return ack(conn, true, `restarting ${arg}`);
  }
  if (!w) return ack(conn, false, `unknown worker ${arg}`);
  w.respawn = true;
  if (w.beadId) core.store.requeue(w.beadId, 'worker restart');
  w.beadId = null;
  if (w.conn) send(w.conn, 'SHUTDOWN', {});
  else if (w.pid) killGroup(w.pid, 'SIGTERM');
  else core.workers.spawn(w.id);
  return ack(conn, true, `restarting ${w.id}`);
}

function preempt({ arg, conn, worker }: Call): void {
  const w = worker();
  if (!w) return ack(conn, false, `unknown worker ${arg}`);
  send(w.conn, 'PREEMPT', {});
  return ack(conn, true, `preempting ${w.id}`);
}

function ackEscalation({ core, arg, conn }: Call): void {
  const id = Number(arg);
  return core.store.ackEscalation(id) ? ack(conn, true, `acked ${id}`) : ack(conn, false, `no pending escalation ${arg}`);
}

function workerLogs({ core, arg, conn }: Call): void {
  const [id, nStr] = arg.split(/\s+/);
  const n = Math.min(Math.max(Number(nStr ?? 50) || 50, 1), 1000);
  try {
    const text = readFileSync(join(core.paths.workersDir, id ?? '', 'output.log'), 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    return ack(conn, true, lines.slice(-n).join('\n'));
  } catch {
    return ack(conn, false, `no logs for worker ${id ?? ''}`);
  }
}

function restartDaemon({ core, conn }: Call): void {
  if (core.restarting || core.shuttingDown) return ack(conn, false, 'restart already in progress');
  core.restarting = true;
  ack(conn, true, 'restarting daemon');
  core.log('INFO', 'restart-daemon directive: draining workers');
  void core.shutdown('restart-daemon');
}

const HANDLERS = new Map<string, Handler>([
  ['health', ({ core, conn }) => ack(conn, true, healthDetail(core))],
  ['status', ({ core, conn }) => ack(conn, true, statusDetail(core))],
  ['start', start],
  ['stop', stop],
  ['pause', pause],
  ['resume', resume],
  ['scale', scale],
  ['focus', ({ arg, conn }) => ack(conn, true, arg ? `focused on ${arg}` : 'focus cleared')],
  [
    'shutdown',
    ({ core, conn }) => {
      core.sigtermAuthorised = true;
      ack(conn, true, 'shutdown authorized');
    },
  ],
  ['kill-worker', killWorker],
  ['restart-worker', restartWorker],
  ['preempt', preempt],
  ['spawn-for', ({ arg, conn }) => (arg ? ack(conn, true, `spawn requested for ${arg}`) : ack(conn, false, 'spawn-for needs a bead id'))],
  ['pending-escalations', ({ core, conn }) => ack(conn, true, goJson(core.store.pendingEscalations()))],
  ['ack-escalation', ackEscalation],
  ['worker-logs', workerLogs],
  ['restart-daemon', restartDaemon],
]);

export function directive(core: DispatcherCore, op: string, args: string, conn: Socket): void {
  const arg = args.trim();
  try {
    core.store.db.prepare('INSERT INTO commands (op, args) VALUES (?, ?)').run(op, args);
  } catch {
    /* audit only */
  }
  const handler = HANDLERS.get(op);
  if (!handler) return ack(conn, false, 'invalid directive');
  handler({ core, arg, conn, worker: () => core.workers.get(arg.split(/\s+/)[0] ?? '') ?? null });
}
