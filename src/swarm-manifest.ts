// The manifest a reference swarm leaves in its home (`reference-swarm.json`): its private tmux
// server, daemon log, start command and environment, pane commands and worker count. Written by
// `swarm up`; read here, in one place, by the configuration, the actions and `swarm down`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SWARM_MANIFEST = 'reference-swarm.json';

export interface SwarmManifest {
  home: string;
  tmux_socket: string;
  daemon_log: string;
  tmpdir: string;
  start_command: string[];
  start_env: Record<string, string>;
  /** argv per pane, for respawn when its window is gone */
  pane_commands: Record<string, string[]>;
  workers: number;
  chaos: string;
  started_at: string;
}

/** The manifest in `home`, or null when there is none (or it cannot be read: it only adds defaults). */
export function readManifest(home: string): SwarmManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(home, SWARM_MANIFEST), 'utf8')) as unknown;
    // its fields are checked where they are used (the configuration checks each one it takes)
    return m !== null && typeof m === 'object' && !Array.isArray(m) ? (m as SwarmManifest) : null;
  } catch {
    return null;
  }
}
