// Is the daemon running, and how many workers should a started one get? Asked before a start
// (by the start step, the CLI and the dashboard): a PID reused by another program counts as dead.
import type { Config } from '../config.js';
import { judgeIdentity } from '../collectors/pid-file.js';
import { type Effects, realEffects } from './effects.js';

export type Liveness =
  | { kind: 'alive'; pid: number }
  /** no daemon process, and nothing answers on the socket */
  | { kind: 'dead'; why: string }
  /** no daemon behind the PID file, but something answers on the socket */
  | { kind: 'answering'; why: string };

/** Is the daemon running? A PID reused by another program counts as dead (and is never signalled). */
export async function daemonLiveness(config: Config, fx: Effects = realEffects): Promise<Liveness> {
  const pf = await fx.readPidFile(config.pidPath);
  let why: string;
  if (pf.kind === 'ok') {
    const proc = await fx.readProcess(pf.pid);
    // a zombie has no command line left to judge: it is dead either way
    const id = proc?.state === 'Z' ? { kind: 'zombie' as const } : judgeIdentity(pf, proc, new RegExp(config.daemonMatch));
    if (id.kind === 'daemon') return { kind: 'alive', pid: pf.pid };
    why =
      id.kind === 'reused'
        ? `${id.reason}; it is left alone`
        : `the PID file names PID ${pf.pid}, which is ${id.kind === 'zombie' ? 'a zombie' : 'gone'}`;
  } else if (pf.kind === 'missing') why = `no PID file at ${pf.path}`;
  else if (pf.kind === 'corrupt') why = `the PID file is corrupt (${pf.problem})`;
  else why = `the PID file is unreadable (${pf.message})`;
  const r = await fx.directive(config.socketPath, 'health', '', config.thresholds.socketTimeoutMs);
  if (r.kind === 'answered') return { kind: 'answering', why };
  return { kind: 'dead', why };
}

/**
 * How many workers a started daemon gets: the swarm's own count when it recorded one, else as many
 * worker processes as are left running without a daemon (they reconnect to the successor).
 */
export async function startWorkerCount(config: Config, fx: Effects = realEffects): Promise<number> {
  const recorded = (await fx.readManifest(config.home))?.workers;
  return Math.max(1, recorded ?? (await fx.workerProcesses(config.socketPath)).length);
}
