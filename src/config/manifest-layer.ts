// The settings a reference swarm's manifest (in the oro home) gives: its tmux server, daemon log,
// start command and pane commands. A damaged manifest only loses these convenience defaults.
import { readManifest } from '../swarm-manifest.js';
import type { Json, Layer } from './types.js';

/** The manifest a reference swarm leaves in its home: its tmux server and daemon log. */
export function readSwarmManifestLayer(home: string): Layer {
  const m = readManifest(home) as Json | null;
  if (!m) return {};
  try {
    const layer: Layer = {};
    if (typeof m.tmux_socket === 'string') layer.tmuxSocket = m.tmux_socket;
    if (typeof m.daemon_log === 'string') layer.daemonLog = m.daemon_log;
    if (Array.isArray(m.start_command) && m.start_command.every((s) => typeof s === 'string')) {
      layer.daemonStartCommand = m.start_command as string[];
    }
    if (m.pane_commands && typeof m.pane_commands === 'object') {
      layer.paneCommands = {};
      for (const [k, v] of Object.entries(m.pane_commands as Json)) {
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) layer.paneCommands[k] = v as string[];
      }
    }
    return layer;
  } catch {
    return {}; // a damaged manifest only loses convenience defaults
  }
}
