// Where oro-top keeps its own state (the journal), who is acting, and what to say when the journal
// cannot be opened.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { messageOf, OroTopError } from '../util/errors.js';

/** oro-top's state folder: ORO_TOP_STATE_DIR, else $XDG_STATE_HOME/oro-top, else ~/.local/state/oro-top. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORO_TOP_STATE_DIR) return env.ORO_TOP_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'oro-top');
}

/** Who is acting: $USER, and the ssh client's address when there is one. */
export function whoAmI(env: NodeJS.ProcessEnv = process.env): string {
  const user = env.USER || env.LOGNAME || `uid ${process.getuid?.() ?? '?'}`;
  const ssh = (env.SSH_CLIENT || env.SSH_CONNECTION || '').split(' ')[0];
  return ssh ? `${user} from ${ssh}` : user;
}

/** A journal that cannot be opened: the file, what went wrong, and what to do; nothing is touched. */
export function journalError(path: string, err: unknown): OroTopError {
  if (err instanceof OroTopError) return err;
  const code = String((err as { code?: unknown }).code ?? '');
  const what = messageOf(err);
  let todo = 'check the file and its folder, or set ORO_TOP_STATE_DIR to another folder';
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'))
    todo = `move it aside (mv ${path} ${path}.bad); oro-top's history will start empty`;
  else if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS')
    todo = 'oro-top cannot write there: make the file and its folder writable for you, or set ORO_TOP_STATE_DIR to a writable folder';
  else if (code.startsWith('SQLITE_BUSY')) todo = 'another oro-top holds it locked; try again';
  return new OroTopError('database', `the journal ${path}: ${what}; ${todo}`, { cause: err });
}
