// What oro-top assumes when nothing says otherwise: thresholds, log patterns and sizes, the oro
// home and the paths in it, the daemon start command, and where the config file is looked for.
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { LogConfig, Thresholds } from './types.js';

export const DEFAULT_THRESHOLDS: Thresholds = {
  heartbeatS: 45,
  paneIdleS: 300,
  noProgressS: 600,
  socketTimeoutMs: 1000,
  drainTimeoutS: 60,
  goneKeepS: 300,
};

export const DEFAULT_ERROR_PATTERNS = ['ERROR', 'Exception', 'Traceback', 'CRITICAL', 'FAILED'];

/** A fresh object each time: a caller may change its copy. */
export function defaultLogs(): LogConfig {
  return {
    globs: [],
    errorPatterns: DEFAULT_ERROR_PATTERNS,
    ignorePatterns: [],
    bufferLines: 2000,
    recentLines: 200,
  };
}

export const DEFAULT_SESSION = 'oro';
export const DEFAULT_INTERVAL_S = 2;
/** oro's own start command; `{workers}` is replaced by the worker count (a fresh array each time). */
export const defaultDaemonStartCommand = (): string[] => ['oro', 'start', '--daemon-only', '--workers', '{workers}'];
export const DEFAULT_DAEMON_MATCH = '--daemon-only';

/** ~/.oro, oro's own default home. */
export function defaultHome(): string {
  return join(homedir(), '.oro');
}

/** oro's daemon log: in $TMPDIR (or /tmp), as oro writes it. */
export function defaultDaemonLog(env: NodeJS.ProcessEnv): string {
  const tmp = env.TMPDIR && env.TMPDIR !== '' ? env.TMPDIR : '/tmp';
  return join(tmp || tmpdir(), 'oro-daemon.log');
}

/** $XDG_CONFIG_HOME/oro-top/config.json (an absolute XDG_CONFIG_HOME only), else ~/.config/oro-top/config.json. */
export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'oro-top', 'config.json');
}
