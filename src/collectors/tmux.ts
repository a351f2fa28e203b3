// One `tmux list-panes` call per tick for the oro session; the panes' processes checked in /proc.
import type { Config } from '../config.js';
import { isAlive } from '../system/procfs.js';
import { tmux } from '../system/tmux.js';
import { OroTopError } from '../util/errors.js';
import { classifyTmuxError, PANE_FORMAT, parsePaneLines, type TmuxPane, type TmuxProblem } from './tmux-parse.js';

export interface PaneView extends TmuxPane {
  /** whether the pane's process is still alive in /proc */
  processAlive: boolean;
}

export interface TmuxSnapshot {
  /** null when the session could be listed */
  problem: TmuxProblem | null;
  problemText: string | null;
  panes: PaneView[];
}

export async function collectTmux(config: Pick<Config, 'tmuxSocket' | 'session'>): Promise<TmuxSnapshot> {
  const r = await tmux(config.tmuxSocket, ['list-panes', '-s', '-t', `=${config.session}`, '-F', PANE_FORMAT]);
  if (r.exitCode !== 0) {
    const problem = classifyTmuxError(r.stderr, r.failure);
    if (problem === 'other') {
      throw new OroTopError('tmux', `tmux list-panes failed: ${(r.stderr || r.failure || `exit ${r.exitCode}`).trim().split('\n')[0]}`);
    }
    const where = config.tmuxSocket ? `tmux server '${config.tmuxSocket}'` : 'the default tmux server';
    const text = {
      'no-server': `no tmux server running (${where})`,
      'no-session': `no tmux session '${config.session}' on ${where}`,
      'no-tmux': 'tmux is not installed',
    }[problem];
    return { problem, problemText: text, panes: [] };
  }
  const panes = parsePaneLines(r.stdout);
  const alive = await Promise.all(panes.map((p) => (p.pid !== null && !p.dead ? isAlive(p.pid) : Promise.resolve(false))));
  return { problem: null, problemText: null, panes: panes.map((p, i) => ({ ...p, processAlive: alive[i]! })) };
}
