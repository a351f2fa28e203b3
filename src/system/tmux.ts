// tmux invocations, always with an explicit server name when one is configured (-L NAME).
import { run, type ExecOutcome } from './exec.js';

export function tmuxArgs(socket: string | null, args: readonly string[]): string[] {
  return socket ? ['-L', socket, ...args] : [...args];
}

export function tmux(socket: string | null, args: readonly string[], timeoutMs = 3000): Promise<ExecOutcome> {
  return run('tmux', tmuxArgs(socket, args), { timeoutMs });
}
