// The environment of a process oro-top starts for the swarm (a daemon, a worker): the same paths as
// the running swarm, over what `swarm up` recorded in its manifest.
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import type { SwarmManifest } from '../swarm-manifest.js';

export function successorEnv(config: Config, manifest: SwarmManifest | null): Record<string, string> {
  const env: Record<string, string> = {
    ORO_HOME: config.home,
    ORO_PID_PATH: config.pidPath,
    ORO_SOCKET_PATH: config.socketPath,
    ORO_DB_PATH: config.dbPath,
    TMPDIR: dirname(config.daemonLog),
    NODE_OPTIONS: '',
  };
  return { ...(manifest?.start_env ?? {}), ...env };
}
