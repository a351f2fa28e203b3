// Reading oro-top's config file: JSON with snake_case keys, every value checked, unknown keys an
// error (so typos show). The result is one Layer of settings.
import { readFileSync } from 'node:fs';
import { ConfigError, messageOf } from '../util/errors.js';
import { parseAgents } from './agents.js';
import { parseSupervise } from './supervise.js';
import type { Layer, LogConfig, MetricsConfig, Thresholds } from './types.js';
import { BOUNDS, expectInRange, expectObject, expectRegex, expectString, expectStringArray } from './validate.js';

const THRESHOLD_KEYS: Record<string, keyof Thresholds> = {
  heartbeat_s: 'heartbeatS',
  pane_idle_s: 'paneIdleS',
  no_progress_s: 'noProgressS',
  socket_timeout_ms: 'socketTimeoutMs',
  drain_timeout_s: 'drainTimeoutS',
  gone_keep_s: 'goneKeepS',
};

function parseThresholds(src: string, v: unknown): Partial<Thresholds> {
  const t = expectObject(src, 'thresholds', v);
  const out: Partial<Thresholds> = {};
  for (const [tk, tv] of Object.entries(t)) {
    const name = THRESHOLD_KEYS[tk];
    if (!name) throw new ConfigError(src, `thresholds.${tk}`, `unknown key (known: ${Object.keys(THRESHOLD_KEYS).join(', ')})`);
    out[name] = expectInRange(src, `thresholds.${tk}`, tv, name === 'socketTimeoutMs' ? BOUNDS.socketTimeoutMs : BOUNDS.seconds);
  }
  return out;
}

function parseLogs(src: string, v: unknown): Partial<LogConfig> {
  const l = expectObject(src, 'logs', v);
  const out: Partial<LogConfig> = {};
  for (const [lk, lv] of Object.entries(l)) {
    const k = `logs.${lk}`;
    if (lk === 'globs') out.globs = expectStringArray(src, k, lv);
    else if (lk === 'error_patterns') out.errorPatterns = expectStringArray(src, k, lv).map((p) => expectRegex(src, k, p));
    else if (lk === 'ignore_patterns') out.ignorePatterns = expectStringArray(src, k, lv).map((p) => expectRegex(src, k, p));
    else if (lk === 'buffer_lines') out.bufferLines = Math.floor(expectInRange(src, k, lv, BOUNDS.lines));
    else if (lk === 'recent_lines') out.recentLines = Math.floor(expectInRange(src, k, lv, BOUNDS.lines));
    else throw new ConfigError(src, k, 'unknown key (known: globs, error_patterns, ignore_patterns, buffer_lines, recent_lines)');
  }
  return out;
}

function parseMetrics(src: string, v: unknown): Partial<MetricsConfig> {
  const o = expectObject(src, 'metrics', v);
  const out: Partial<MetricsConfig> = {};
  for (const [k, mv] of Object.entries(o)) {
    if (k !== 'per_worker') throw new ConfigError(src, `metrics.${k}`, 'unknown key (known: per_worker)');
    if (mv !== true && mv !== false && mv !== 'auto') throw new ConfigError(src, 'metrics.per_worker', 'must be true, false or "auto"');
    out.perWorker = mv;
  }
  return out;
}

function parsePaneCommands(src: string, v: unknown): Record<string, string[]> {
  const o = expectObject(src, 'pane_commands', v);
  const out: Record<string, string[]> = {};
  for (const [pk, pv] of Object.entries(o)) out[pk] = expectStringArray(src, `pane_commands.${pk}`, pv, true);
  return out;
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
      case 'pane_commands':
        layer.paneCommands = parsePaneCommands(src, v);
        break;
      case 'thresholds':
        layer.thresholds = parseThresholds(src, v);
        break;
      case 'logs':
        layer.logs = parseLogs(src, v);
        break;
      case 'supervise':
        layer.supervise = parseSupervise(src, v);
        break;
      case 'agents':
        layer.agents = parseAgents(src, v);
        break;
      case 'metrics':
        layer.metrics = parseMetrics(src, v);
        break;
      default:
        throw new ConfigError(src, key, 'unknown key');
    }
  }
  return layer;
}

export function readJsonFile(path: string): unknown {
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
