// The flags every command shares, the dashboard's screen flags, and checked whole-number flags.
import type { Argv } from 'yargs';
import { type Config, type ConfigFlags, loadConfig } from '../config.js';
import { OroTopError } from '../util/errors.js';

export const EXIT_USAGE = 64;
export const EXIT_FAILURE = 70;
/** another action holds the target (or another supervisor the home): nothing done */
export const EXIT_BUSY = 75;

export interface GlobalArgs {
  home?: string;
  'tmux-socket'?: string;
  session?: string;
  interval?: string;
  config?: string;
}

export interface ScreenArgs {
  ascii?: boolean;
  color?: boolean;
  'read-only'?: boolean;
}

export function configFrom(argv: GlobalArgs): Config {
  const flags: ConfigFlags = {
    home: argv.home,
    tmuxSocket: argv['tmux-socket'],
    session: argv.session,
    interval: argv.interval,
    config: argv.config,
  };
  return loadConfig(flags);
}

/** A yargs `coerce` for a whole-number flag within bounds: junk and NaN are refused with what was typed. */
export function wholeNumber(flag: string, min: number, max: number): (v: unknown) => number {
  return (v) => {
    const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new OroTopError(
        'usage',
        `--${flag}: must be a whole number from ${min} to ${max} (got ${Array.isArray(v) ? 'it more than once' : `'${String(v)}'`})`,
      );
    }
    return n;
  };
}

export function screenOptions<T>(y: Argv<T>): Argv<T & ScreenArgs> {
  return y
    .option('ascii', { type: 'boolean', describe: 'draw with ASCII only (no ● ◐ ○, no box drawing)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour (--no-color or NO_COLOR turns it off)' })
    .option('read-only', { type: 'boolean', default: false, describe: 'watch only: every action key is off' }) as Argv<T & ScreenArgs>;
}

export function globalOptions(y: Argv): Argv<GlobalArgs> {
  return y
    .option('home', { type: 'string', describe: 'oro state home (default $ORO_HOME or ~/.oro)' })
    .option('tmux-socket', { type: 'string', describe: 'tmux server name (tmux -L NAME); default: your default server' })
    .option('session', { type: 'string', describe: "tmux session (default 'oro')" })
    .option('interval', { type: 'string', describe: 'refresh seconds, 0.2 to 86400 (default 2)' })
    .option('config', { type: 'string', describe: 'config file (default $XDG_CONFIG_HOME/oro-top/config.json)' }) as Argv<GlobalArgs>;
}
