// What the CLI writes: plain output, and text for people (ASCII only outside a UTF-8 locale).
import { isUtf8Locale } from '../screens/terminal.js';
import { asciiOnly } from '../screens/text.js';

/** Writes to stdout; a closed pipe (`| head`) ends the program quietly. */
export function out(text: string): void {
  process.stdout.write(text);
}

/** Writes text for people: outside a UTF-8 locale only ASCII (look-alikes: ✓ v, · -), as the dashboard. */
export function say(text: string): void {
  out(isUtf8Locale(process.env) ? text : text.split('\n').map(asciiOnly).join('\n'));
}

/** One line on stderr, in the same ASCII rule. */
export function warn(text: string): void {
  process.stderr.write(isUtf8Locale(process.env) ? text : asciiOnly(text));
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

/** Resolves with the first of SIGINT, SIGTERM, SIGHUP: a long-running command's end. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => resolve(s);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    process.once('SIGHUP', on);
  });
}
