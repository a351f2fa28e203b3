// The oro session's panes from `tmux list-panes`, the panes' processes checked in /proc.
// A tmux client costs a fork and an exec, so the collector asks tmux only when it must: not at all
// when the server's socket file is absent, and otherwise once every few ticks while every pane's
// process is as it was — a pane whose process dies is listed again at once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { isStoppedState } from '../system/proc-parse.js';
import { findStopped, readState } from '../system/procfs.js';
import { tmux } from '../system/tmux.js';
import { OroTopError } from '../util/errors.js';
import { classifyTmuxError, PANE_FORMAT, parsePaneLines, type TmuxPane, type TmuxProblem } from './tmux-parse.js';

export interface PaneView extends TmuxPane {
  /** whether the pane's process is still alive in /proc */
  processAlive: boolean;
  /** its state letter in /proc (R, S, T...), null when gone */
  processState?: string | null;
  /** when a stopped (SIGSTOP) pane process stopped, unix ms, if the kernel tells */
  stoppedSinceMs?: number | null;
  /** the stopped process when it is one the pane's process runs (the pane's own process is resumed by tmux) */
  stopped?: { pid: number; comm: string } | null;
}

export interface TmuxSnapshot {
  /** null when the session could be listed */
  problem: TmuxProblem | null;
  problemText: string | null;
  panes: PaneView[];
}

/** Where tmux keeps a server's socket: $TMUX inside tmux for the default server, else TMUX_TMPDIR. */
export function tmuxSocketPath(name: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (!name && env.TMUX) return env.TMUX.split(',')[0]!;
  const base = env.TMUX_TMPDIR || '/tmp';
  return join(base, `tmux-${process.getuid?.() ?? 0}`, name ?? 'default');
}

export class TmuxCollector {
  private last: { snap: TmuxSnapshot; atMs: number } | null = null;

  /** @param reuseMs how long a listing may be reused while the panes' processes are unchanged */
  constructor(
    private readonly config: Pick<Config, 'tmuxSocket' | 'session'>,
    private readonly reuseMs = 6000,
  ) {}

  /** Forget the cached listing: the pane set or its PIDs may have changed (an action ran). */
  invalidate(): void {
    this.last = null;
  }

  async collect(nowMs = Date.now()): Promise<TmuxSnapshot> {
    if (!existsSync(tmuxSocketPath(this.config.tmuxSocket))) {
      this.last = null;
      return noServer(this.config);
    }
    const last = this.last;
    // a listing is reused only while it shows a session whose panes all live, with the same
    // processes in the same states; a problem ("no server" from a socket file left behind) or a
    // dead pane (it may be respawned at any moment) is always listed again
    if (last && nowMs - last.atMs < this.reuseMs && reusable(last.snap)) {
      const states = await Promise.all(last.snap.panes.map((p) => paneProcess(p)));
      if (states.every((st, i) => sameProcess(st, last.snap.panes[i]!))) return last.snap;
    }
    const snap = await collectTmux(this.config);
    this.last = { snap, atMs: nowMs };
    return snap;
  }
}

function reusable(snap: TmuxSnapshot): boolean {
  return snap.problem === null && snap.panes.length > 0 && snap.panes.every((p) => !p.dead && p.processAlive);
}

function sameProcess(now: ProcessState, was: PaneView): boolean {
  // R and S alternate all the time; stopped or not is what matters
  return now.processAlive === was.processAlive && isStoppedState(now.processState ?? '') === isStoppedState(was.processState ?? '');
}

interface ProcessState {
  processAlive: boolean;
  processState?: string | null;
  stoppedSinceMs?: number | null;
  stopped?: { pid: number; comm: string } | null;
}

async function paneProcess(p: TmuxPane): Promise<ProcessState> {
  if (p.pid === null || p.dead) return { processAlive: false, processState: null, stoppedSinceMs: null, stopped: null };
  const st = await readState(p.pid);
  if (!st || st.state === 'Z') return { processAlive: false, processState: st?.state ?? null, stoppedSinceMs: null, stopped: null };
  // the pane's process itself, or what it runs (an agent under a shell)
  const inner = await findStopped(p.pid);
  if (inner)
    return {
      processAlive: true,
      processState: inner.state,
      stoppedSinceMs: inner.stoppedSinceMs,
      stopped: inner.pid === p.pid ? null : { pid: inner.pid, comm: inner.comm },
    };
  return { processAlive: true, processState: st.state, stoppedSinceMs: null, stopped: null };
}

function where(config: Pick<Config, 'tmuxSocket'>): string {
  return config.tmuxSocket ? `tmux server '${config.tmuxSocket}'` : 'the default tmux server';
}

function noServer(config: Pick<Config, 'tmuxSocket'>): TmuxSnapshot {
  return { problem: 'no-server', problemText: `no tmux server running (${where(config)})`, panes: [] };
}

export async function collectTmux(config: Pick<Config, 'tmuxSocket' | 'session'>): Promise<TmuxSnapshot> {
  const r = await tmux(config.tmuxSocket, ['list-panes', '-s', '-t', `=${config.session}`, '-F', PANE_FORMAT]);
  if (r.exitCode !== 0) {
    const problem = classifyTmuxError(r.stderr, r.failure);
    if (problem === 'other') {
      throw new OroTopError('tmux', `tmux list-panes failed: ${(r.stderr || r.failure || `exit ${r.exitCode}`).trim().split('\n')[0]}`);
    }
    const text = {
      'no-server': `no tmux server running (${where(config)})`,
      'no-session': `no tmux session '${config.session}' on ${where(config)}`,
      'no-tmux': 'tmux is not installed',
    }[problem];
    return { problem, problemText: text, panes: [] };
  }
  const panes = parsePaneLines(r.stdout);
  const states = await Promise.all(panes.map((p) => paneProcess(p)));
  return { problem: null, problemText: null, panes: panes.map((p, i) => ({ ...p, ...states[i]! })) };
}
