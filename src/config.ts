// Where oro-top looks and what counts as healthy, resolved once at start:
// defaults < reference-swarm manifest in the home < config file < environment < flags.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { readManifest } from './swarm-manifest.js';
import { ConfigError, messageOf } from './util/errors.js';

export interface Thresholds {
  /** A busy worker without progress for this long is degraded (oro's heartbeat timeout). */
  heartbeatS: number;
  /** A pane without activity for this long is degraded. */
  paneIdleS: number;
  /** A busy worker without progress for this long is stuck (oro's no-progress timeout). */
  noProgressS: number;
  /** How long to wait for the control socket to answer one directive. */
  socketTimeoutMs: number;
  /** How long a drain may take before oro-top escalates (used by restart actions). */
  drainTimeoutS: number;
  /** A vanished worker (no process, not listed by the daemon) is shown dead this long after its last output, then dropped. */
  goneKeepS: number;
}

export interface LogConfig {
  /** Extra log files or globs to tail, besides the daemon log and worker output logs. */
  globs: string[];
  errorPatterns: string[];
  ignorePatterns: string[];
  /** Lines kept in memory across all logs. */
  bufferLines: number;
  /** The newest lines handed out with each snapshot (`logs.recent` in snapshot JSON). */
  recentLines: number;
}

export interface Config {
  home: string;
  pidPath: string;
  socketPath: string;
  dbPath: string;
  daemonLog: string;
  /** tmux server name (`tmux -L NAME`); null means the user's default server. */
  tmuxSocket: string | null;
  session: string;
  intervalS: number;
  thresholds: Thresholds;
  /** argv of the daemon start command; `{workers}` is replaced by the worker count. */
  daemonStartCommand: string[];
  /** A process is the daemon only if its command line matches this. */
  daemonMatch: string;
  /** argv per pane for respawn; absent: the pane's own start command */
  paneCommands: Record<string, string[]>;
  logs: LogConfig;
  /** The config file that was read, if any. */
  configFile: string | null;
}

/** The flags every command shares; undefined means "not given". */
export interface ConfigFlags {
  home?: string | undefined;
  tmuxSocket?: string | undefined;
  session?: string | undefined;
  /** seconds; a string as typed on the command line, checked here */
  interval?: number | string | undefined;
  config?: string | undefined;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  heartbeatS: 45,
  paneIdleS: 300,
  noProgressS: 600,
  socketTimeoutMs: 1000,
  drainTimeoutS: 60,
  goneKeepS: 300,
};

export const DEFAULT_ERROR_PATTERNS = ['ERROR', 'Exception', 'Traceback', 'CRITICAL', 'FAILED'];

type Json = Record<string, unknown>;

/** One layer of settings as read from a file or the manifest, before defaults fill the rest. */
interface Layer {
  home?: string;
  pidPath?: string;
  socketPath?: string;
  dbPath?: string;
  daemonLog?: string;
  tmuxSocket?: string | null;
  session?: string;
  intervalS?: number;
  thresholds?: Partial<Thresholds>;
  daemonStartCommand?: string[];
  daemonMatch?: string;
  paneCommands?: Record<string, string[]>;
  logs?: Partial<LogConfig>;
}

const THRESHOLD_KEYS: Record<string, keyof Thresholds> = {
  heartbeat_s: 'heartbeatS',
  pane_idle_s: 'paneIdleS',
  no_progress_s: 'noProgressS',
  socket_timeout_ms: 'socketTimeoutMs',
  drain_timeout_s: 'drainTimeoutS',
  gone_keep_s: 'goneKeepS',
};

function expectString(src: string, key: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(src, key, 'must be a non-empty string');
  return v;
}

/**
 * Every duration and size has bounds: 0 or a negative value is meaningless, and a huge one
 * overflows Node's timers (a 1e9 s interval fired at once, thousands of times a second).
 */
export const BOUNDS = {
  interval: { min: 0.2, max: 86_400, unit: 'seconds' },
  seconds: { min: 0.2, max: 86_400, unit: 'seconds' },
  socketTimeoutMs: { min: 10, max: 600_000, unit: 'milliseconds' },
  lines: { min: 1, max: 1_000_000, unit: 'lines' },
} as const;
type Bound = (typeof BOUNDS)[keyof typeof BOUNDS];

/** What a value looked like, for an error: strings quoted, NaN and objects as written. */
function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** A number within `b`; from a command line (`typed`) a plain decimal string is read as one. */
function expectInRange(src: string, key: string, v: unknown, b: Bound, typed = false): number {
  const n = typed && typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < b.min || n > b.max) {
    throw new ConfigError(src, key, `must be a number of ${b.unit} from ${b.min} to ${b.max} (got ${shown(v)})`);
  }
  return n;
}

function expectStringArray(src: string, key: string, v: unknown, nonEmpty = false): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string') || (nonEmpty && v.length === 0)) {
    throw new ConfigError(src, key, `must be ${nonEmpty ? 'a non-empty' : 'an'} array of strings`);
  }
  return v as string[];
}

function expectRegex(src: string, key: string, v: unknown): string {
  const s = expectString(src, key, v);
  try {
    new RegExp(s);
  } catch (err) {
    throw new ConfigError(src, key, `not a valid regular expression (${messageOf(err)})`);
  }
  return s;
}

function expectObject(src: string, key: string, v: unknown): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(src, key, 'must be an object');
  return v as Json;
}

/** Validates a parsed config file (snake_case keys); unknown keys are an error, so typos show. */
export function parseConfigObject(src: string, raw: unknown): Layer {
  const obj = expectObject(src, '(top level)', raw);
  const layer: Layer = {};
  for (const [key, v] of Object.entries(obj)) {
    switch (key) {
      case 'home':
        layer.home = expectString(src, key, v);
        break;
      case 'pid_path':
        layer.pidPath = expectString(src, key, v);
        break;
      case 'socket_path':
        layer.socketPath = expectString(src, key, v);
        break;
      case 'db_path':
        layer.dbPath = expectString(src, key, v);
        break;
      case 'daemon_log':
        layer.daemonLog = expectString(src, key, v);
        break;
      case 'tmux_socket':
        layer.tmuxSocket = v === null ? null : expectString(src, key, v);
        break;
      case 'session':
        layer.session = expectString(src, key, v);
        break;
      case 'interval':
        layer.intervalS = expectInRange(src, key, v, BOUNDS.interval);
        break;
      case 'daemon_start_command':
        layer.daemonStartCommand = expectStringArray(src, key, v, true);
        break;
      case 'daemon_match':
        layer.daemonMatch = expectRegex(src, key, v);
        break;
      case 'pane_commands': {
        const o = expectObject(src, key, v);
        layer.paneCommands = {};
        for (const [pk, pv] of Object.entries(o)) layer.paneCommands[pk] = expectStringArray(src, `pane_commands.${pk}`, pv, true);
        break;
      }
      case 'thresholds': {
        const t = expectObject(src, key, v);
        layer.thresholds = {};
        for (const [tk, tv] of Object.entries(t)) {
          const name = THRESHOLD_KEYS[tk];
          if (!name) throw new ConfigError(src, `thresholds.${tk}`, `unknown key (known: ${Object.keys(THRESHOLD_KEYS).join(', ')})`);
          layer.thresholds[name] = expectInRange(
            src,
            `thresholds.${tk}`,
            tv,
            name === 'socketTimeoutMs' ? BOUNDS.socketTimeoutMs : BOUNDS.seconds,
          );
        }
        break;
      }
      case 'logs': {
        const l = expectObject(src, key, v);
        layer.logs = {};
        for (const [lk, lv] of Object.entries(l)) {
          const k = `logs.${lk}`;
          if (lk === 'globs') layer.logs.globs = expectStringArray(src, k, lv);
          else if (lk === 'error_patterns') layer.logs.errorPatterns = expectStringArray(src, k, lv).map((p) => expectRegex(src, k, p));
          else if (lk === 'ignore_patterns') layer.logs.ignorePatterns = expectStringArray(src, k, lv).map((p) => expectRegex(src, k, p));
          else if (lk === 'buffer_lines') layer.logs.bufferLines = Math.floor(expectInRange(src, k, lv, BOUNDS.lines));
          else if (lk === 'recent_lines') layer.logs.recentLines = Math.floor(expectInRange(src, k, lv, BOUNDS.lines));
          else throw new ConfigError(src, k, 'unknown key (known: globs, error_patterns, ignore_patterns, buffer_lines, recent_lines)');
        }
        break;
      }
      default:
        throw new ConfigError(src, key, 'unknown key');
    }
  }
  return layer;
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, '(file)', `cannot read (${messageOf(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, '(file)', `not valid JSON (${messageOf(err)})`);
  }
}

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

function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'oro-top', 'config.json');
}

/** Resolves the configuration. Throws ConfigError (the CLI exits 64) on any bad value. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  let fileLayer: Layer = {};
  let configFile: string | null = null;
  if (flags.config !== undefined) {
    configFile = resolve(flags.config);
    fileLayer = parseConfigObject(configFile, readJsonFile(configFile));
  } else {
    const p = defaultConfigPath(env);
    if (existsSync(p)) {
      configFile = p;
      fileLayer = parseConfigObject(p, readJsonFile(p));
    }
  }

  const interval =
    flags.interval === undefined ? undefined : expectInRange('--interval', 'interval', flags.interval, BOUNDS.interval, true);
  for (const [name, v] of [
    ['--home', flags.home],
    ['--session', flags.session],
    ['--tmux-socket', flags.tmuxSocket],
  ] as const) {
    if (v !== undefined && v === '') throw new ConfigError(name, name.slice(2), 'must not be empty');
  }

  const home = resolve(flags.home ?? env.ORO_HOME ?? fileLayer.home ?? join(homedir(), '.oro'));
  const manifest = readSwarmManifestLayer(home);
  const pick = <K extends keyof Layer>(k: K): Layer[K] => (fileLayer[k] !== undefined ? fileLayer[k] : manifest[k]);

  const tmp = env.TMPDIR && env.TMPDIR !== '' ? env.TMPDIR : '/tmp';
  const thresholds = { ...DEFAULT_THRESHOLDS, ...(fileLayer.thresholds ?? {}) };
  const logs: LogConfig = {
    globs: [],
    errorPatterns: DEFAULT_ERROR_PATTERNS,
    ignorePatterns: [],
    bufferLines: 2000,
    recentLines: 200,
    ...(fileLayer.logs ?? {}),
  };
  return {
    home,
    pidPath: resolve(env.ORO_PID_PATH || pick('pidPath') || join(home, 'oro.pid')),
    socketPath: resolve(env.ORO_SOCKET_PATH || pick('socketPath') || join(home, 'oro.sock')),
    dbPath: resolve(env.ORO_DB_PATH || pick('dbPath') || join(home, 'state.db')),
    daemonLog: resolve(pick('daemonLog') ?? join(tmp || tmpdir(), 'oro-daemon.log')),
    tmuxSocket: flags.tmuxSocket ?? pick('tmuxSocket') ?? null,
    session: flags.session ?? pick('session') ?? 'oro',
    intervalS: interval ?? pick('intervalS') ?? 2,
    thresholds,
    daemonStartCommand: pick('daemonStartCommand') ?? ['oro', 'start', '--daemon-only', '--workers', '{workers}'],
    daemonMatch: pick('daemonMatch') ?? '--daemon-only',
    paneCommands: pick('paneCommands') ?? {},
    logs,
    configFile,
  };
}
