// The contract's paths as a swarm process reads them from its environment.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface SwarmPaths {
  home: string;
  pidPath: string;
  socketPath: string;
  dbPath: string;
  daemonLog: string;
  workersDir: string;
}

export function swarmPaths(env: NodeJS.ProcessEnv = process.env): SwarmPaths {
  const home = resolve(env.ORO_HOME || join(homedir(), '.oro'));
  return {
    home,
    pidPath: resolve(env.ORO_PID_PATH || join(home, 'oro.pid')),
    socketPath: resolve(env.ORO_SOCKET_PATH || join(home, 'oro.sock')),
    dbPath: resolve(env.ORO_DB_PATH || join(home, 'state.db')),
    daemonLog: join(env.TMPDIR || '/tmp', 'oro-daemon.log'),
    workersDir: join(home, 'workers'),
  };
}

/** Go's log package format: `2026/11/22 21:05:03 message`. */
export function goLogTime(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
