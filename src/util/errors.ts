// One error class for the whole program, with a kind for callers to switch on and the
// original error as `cause` (as execa does). Collectors return these as values.
export type ErrorKind =
  | 'config'
  | 'io'
  | 'not-found'
  | 'parse'
  | 'timeout'
  | 'refused'
  | 'protocol'
  | 'database'
  | 'tmux'
  | 'usage'
  | 'internal';

export class OroTopError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'OroTopError';
  }
}

/** A config problem: always names the file (or source), the key and what is wrong. */
export class ConfigError extends OroTopError {
  constructor(source: string, key: string, problem: string) {
    // a flag names itself once ("--interval: must be ..."); a file names the file, then the key
    super('config', `${source.startsWith('--') && source.slice(2) === key ? source : `${source}: ${key}`}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The short text of anything thrown, for one-line reports. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    // SQLite's codes (SQLITE_NOTADB...) only repeat what its message says
    return code && !code.startsWith('SQLITE_') && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** Wraps anything thrown into an OroTopError of the given kind (keeps one that already is). */
export function toError(kind: ErrorKind, err: unknown, prefix?: string): OroTopError {
  if (err instanceof OroTopError) return err;
  const msg = messageOf(err);
  return new OroTopError(kind, prefix ? `${prefix}: ${msg}` : msg, { cause: err });
}
