// tmux invocations, always with an explicit server name when one is configured (-L NAME).
import { lstatSync, rmSync, type Stats } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { run, type ExecOutcome } from './exec.js';

export function tmuxArgs(socket: string | null, args: readonly string[]): string[] {
  return socket ? ['-L', socket, ...args] : [...args];
}

export function tmux(socket: string | null, args: readonly string[], timeoutMs = 3000): Promise<ExecOutcome> {
  return run('tmux', tmuxArgs(socket, args), { timeoutMs });
}

/** Where tmux keeps the socket of server `name` (tmux -L NAME). */
export function tmuxSocketPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, name);
}

/** Whether something accepts connections on the Unix socket at `path`. */
function listening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(path);
    const done = (v: boolean): void => {
      c.destroy();
      resolve(v);
    };
    c.once('connect', () => done(true));
    c.once('error', () => done(false));
    c.setTimeout(1000, () => done(true)); // a slow server is still a server: leave it alone
  });
}

/**
 * Stops tmux server `name` and removes the socket file it leaves behind (tmux 3.3 does not unlink
 * it on kill-server, and a dead socket file reads as "no server" to the next look).
 */
export async function killTmuxServer(name: string): Promise<boolean> {
  const r = await tmux(name, ['kill-server']);
  const path = tmuxSocketPath(name);
  for (let i = 0; i < 20; i++) {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch {
      break; // gone
    }
    if (!st.isSocket()) break; // not tmux's: not ours to remove
    if (!(await listening(path))) {
      rmSync(path, { force: true });
      break;
    }
    await new Promise((res) => setTimeout(res, 50)); // the server is still shutting down
  }
  return r.exitCode === 0;
}
