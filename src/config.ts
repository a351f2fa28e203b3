// Where oro-top looks and what counts as healthy, resolved once at start:
// defaults < reference-swarm manifest in the home < config file < environment < flags.
// The parts live in ./config/: types, defaults, validate (one value), config-file, manifest-layer.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseConfigObject, readJsonFile } from './config/config-file.js';
import {
  DEFAULT_DAEMON_MATCH,
  DEFAULT_INTERVAL_S,
  DEFAULT_SESSION,
  DEFAULT_THRESHOLDS,
  defaultConfigPath,
  defaultDaemonStartCommand,
  defaultDaemonLog,
  defaultHome,
  defaultLogs,
} from './config/defaults.js';
import { readSwarmManifestLayer } from './config/manifest-layer.js';
import { DEFAULT_AGENTS } from './config/agents.js';
import { DEFAULT_SUPERVISE } from './config/supervise.js';
import type { Config, ConfigFlags, Layer, LogConfig } from './config/types.js';
import { BOUNDS, expectInRange } from './config/validate.js';
import { ConfigError } from './util/errors.js';

export { parseConfigObject } from './config/config-file.js';
export { DEFAULT_ERROR_PATTERNS, DEFAULT_THRESHOLDS } from './config/defaults.js';
export { readSwarmManifestLayer } from './config/manifest-layer.js';
export type { AgentsConfig, Config, ConfigFlags, LogConfig, MetricsConfig, SuperviseConfig, Thresholds } from './config/types.js';
export { BOUNDS } from './config/validate.js';

/** The config file named by --config, else the default one if it exists; and the path read. */
function readConfigFile(flags: ConfigFlags, env: NodeJS.ProcessEnv): { fileLayer: Layer; configFile: string | null } {
  if (flags.config !== undefined) {
    const configFile = resolve(flags.config);
    return { fileLayer: parseConfigObject(configFile, readJsonFile(configFile)), configFile };
  }
  const p = defaultConfigPath(env);
  if (existsSync(p)) return { fileLayer: parseConfigObject(p, readJsonFile(p)), configFile: p };
  return { fileLayer: {}, configFile: null };
}

/** The global flags another oro-top (a detached runner, a background supervisor) needs to see the same swarm. */
export function configArgs(config: Config): string[] {
  const a = ['--home', config.home, '--session', config.session, '--interval', String(config.intervalS)];
  if (config.tmuxSocket) a.push('--tmux-socket', config.tmuxSocket);
  if (config.configFile) a.push('--config', config.configFile);
  return a;
}

/** Resolves the configuration. Throws ConfigError (the CLI exits 64) on any bad value. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const { fileLayer, configFile } = readConfigFile(flags, env);

  const interval =
    flags.interval === undefined ? undefined : expectInRange('--interval', 'interval', flags.interval, BOUNDS.interval, true);
  for (const [name, v] of [
    ['--home', flags.home],
    ['--session', flags.session],
    ['--tmux-socket', flags.tmuxSocket],
  ] as const) {
    if (v !== undefined && v === '') throw new ConfigError(name, name.slice(2), 'must not be empty');
  }

  const home = resolve(flags.home ?? env.ORO_HOME ?? fileLayer.home ?? defaultHome());
  const manifest = readSwarmManifestLayer(home);
  const pick = <K extends keyof Layer>(k: K): Layer[K] => (fileLayer[k] !== undefined ? fileLayer[k] : manifest[k]);

  const thresholds = { ...DEFAULT_THRESHOLDS, ...(fileLayer.thresholds ?? {}) };
  const logs: LogConfig = { ...defaultLogs(), ...(fileLayer.logs ?? {}) };
  return {
    home,
    pidPath: resolve(env.ORO_PID_PATH || pick('pidPath') || join(home, 'oro.pid')),
    socketPath: resolve(env.ORO_SOCKET_PATH || pick('socketPath') || join(home, 'oro.sock')),
    dbPath: resolve(env.ORO_DB_PATH || pick('dbPath') || join(home, 'state.db')),
    daemonLog: resolve(pick('daemonLog') ?? defaultDaemonLog(env)),
    tmuxSocket: flags.tmuxSocket ?? pick('tmuxSocket') ?? null,
    session: flags.session ?? pick('session') ?? DEFAULT_SESSION,
    intervalS: interval ?? pick('intervalS') ?? DEFAULT_INTERVAL_S,
    thresholds,
    daemonStartCommand: pick('daemonStartCommand') ?? defaultDaemonStartCommand(),
    daemonMatch: pick('daemonMatch') ?? DEFAULT_DAEMON_MATCH,
    paneCommands: pick('paneCommands') ?? {},
    logs,
    supervise: { ...DEFAULT_SUPERVISE, ...(fileLayer.supervise ?? {}) },
    agents: { ...DEFAULT_AGENTS, ...(fileLayer.agents ?? {}) },
    metrics: { perWorker: 'auto', ...(fileLayer.metrics ?? {}) },
    configFile,
  };
}
