// Decides whether and how the dashboard can draw: a TTY on both ends, a usable TERM, Unicode or
// ASCII, colour or not, and the terminfo file blessed reads.
import { OroTopError } from '../util/errors.js';
import type { ShippedTerminfo } from './terminfo-data.js';

export interface TerminalChoice {
  /** the TERM as the user has it */
  term: string;
  /** the shipped terminfo entry blessed reads */
  terminfo: ShippedTerminfo;
  unicode: boolean;
  colour: boolean;
}

export interface TerminalFlags {
  ascii?: boolean | undefined;
  noColor?: boolean | undefined;
}

/** Refuses what cannot work, with one line that says what to do instead. */
export function checkTerminal(io: { stdinTTY: boolean; stdoutTTY: boolean }, env: NodeJS.ProcessEnv): void {
  if (!io.stdoutTTY || !io.stdinTTY) {
    throw new OroTopError(
      'usage',
      'the dashboard needs a terminal (stdin and stdout must be a TTY); for scripts use `oro-top snapshot --json` or `oro-top check`',
    );
  }
  const term = env.TERM ?? '';
  if (term === '' || term === 'dumb' || term === 'unknown') {
    throw new OroTopError(
      'usage',
      `TERM=${term || '(unset)'} cannot draw a full-screen dashboard; set TERM (e.g. TERM=xterm-256color) or use \`oro-top snapshot\` / \`oro-top check\``,
    );
  }
}

/** Picks the shipped terminfo closest to TERM: 256 colours, the Linux console, or plain xterm. */
export function chooseTerminfo(term: string): ShippedTerminfo {
  if (term === 'linux') return 'linux';
  if (/256col|direct|truecolor/.test(term)) return 'xterm-256color';
  return 'xterm';
}

export function isUtf8Locale(env: NodeJS.ProcessEnv): boolean {
  const v = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(v);
}

export function chooseTerminal(flags: TerminalFlags, env: NodeJS.ProcessEnv): TerminalChoice {
  const term = env.TERM ?? 'xterm';
  return {
    term,
    terminfo: chooseTerminfo(term),
    // a terminal without a UTF-8 locale (or the Linux console) gets ASCII: ● would come out as junk
    unicode: !flags.ascii && isUtf8Locale(env) && term !== 'linux',
    colour: !flags.noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
  };
}
