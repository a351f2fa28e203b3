// The dispatcher's way out: drain the workers (PREPARE_SHUTDOWN to all, wait for approvals up to
// the timeout, SHUTDOWN to the laggards), requeue what is still in progress, then close the
// socket, remove the PID file and exit 0. Chaos `daemon-hang-shutdown` hangs instead of exiting.
import { readFileSync, rmSync } from 'node:fs';
import { send } from './send.js';
import type { DispatcherCore } from './core.js';
import type { WorkerRec } from './worker-table.js';

const NS_PER_S = 1_000_000_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks every connected worker to approve a shutdown; returns those that did not in time (sent SHUTDOWN). */
async function drainWorkers(core: DispatcherCore, ws: WorkerRec[]): Promise<WorkerRec[]> {
  for (const w of ws) {
    w.approved = false;
    send(w.conn, 'PREPARE_SHUTDOWN', { timeout: core.shutdownTimeoutS * NS_PER_S });
  }
  const deadline = Date.now() + core.shutdownTimeoutS * 1000;
  while (Date.now() < deadline && ws.some((w) => !w.approved && w.conn)) await sleep(50);
  const laggards = ws.filter((w) => !w.approved && w.conn);
  for (const w of laggards) {
    core.log('WARN', `worker ${w.id} did not approve within ${core.shutdownTimeoutS}s: hard SHUTDOWN`);
    send(w.conn, 'SHUTDOWN', {});
  }
  const gone = Date.now() + 2000;
  while (Date.now() < gone && core.workers.connected().length > 0) await sleep(50);
  return laggards;
}

/** Chaos: stays alive, deaf to SIGINT and SIGTERM (only SIGKILL ends it). */
function hangForever(core: DispatcherCore): void {
  core.log('WARN', 'chaos: hanging instead of exiting');
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  setInterval(() => {}, 1 << 30);
}

async function closeAndExit(core: DispatcherCore, why: string): Promise<void> {
  const { paths } = core;
  if (core.tickTimer) clearInterval(core.tickTimer);
  core.store.close();
  for (const c of core.conns) c.destroy();
  await new Promise<void>((resolve) => (core.server ? core.server.close(() => resolve()) : resolve()));
  rmSync(paths.socketPath, { force: true });
  try {
    if (readFileSync(paths.pidPath, 'utf8').trim() === String(process.pid)) rmSync(paths.pidPath, { force: true });
  } catch {
    /* already gone */
  }
  core.log('INFO', `dispatcher exiting (${why})`);
  process.exit(0);
}

/** Drain: PREPARE_SHUTDOWN to all, wait for approvals (timeout), SHUTDOWN to laggards, requeue, exit 0. */
export async function drainAndExit(core: DispatcherCore, why: string): Promise<void> {
  core.state = 'stopping';
  core.store.event('daemon_stopping', { payload: { why } });
  const ws = core.workers.connected();
  const laggards = await drainWorkers(core, ws);
  const reset = core.store.requeueAllActive(`daemon ${why}`);
  if (reset.length > 0) core.log('INFO', `reset ${reset.length} in-progress bead(s) for reassignment: ${reset.join(' ')}`);
  core.store.event('daemon_exit', { payload: { why, approved: ws.length - laggards.length, laggards: laggards.map((w) => w.id) } });
  if (core.chaos.daemonHangShutdown) return hangForever(core);
  await closeAndExit(core, why);
}
