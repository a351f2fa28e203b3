// The one door through which the action steps reach the outside world: the daemon's control
// socket, the PID file, /proc, signals, tmux, detached processes, a few files, and the clock.
// The steps get it as ctx.fx; realEffects is built from the src/system functions, and the unit
// tests give a scripted fake instead (test/helpers/fake-effects.ts), so the steps' logic runs in
// milliseconds without a swarm.
import { existsSync, rmSync } from 'node:fs';
import type { Config } from '../config.js';
import { readPidFile, type PidFile } from '../collectors/pid-file.js';
import { isWorkerArgv, ProcessTableSampler } from '../collectors/process-table.js';
import { collectTmux, type TmuxSnapshot } from '../collectors/tmux.js';
import { readManifest, type SwarmManifest } from '../swarm-manifest.js';
import { type Clock, realClock } from '../system/clock.js';
import type { ExecOutcome } from '../system/exec.js';
import { sendDirective, type SocketOutcome } from '../system/oro-socket.js';
import { readProcess, type ProcessInfo } from '../system/procfs.js';
import { killProcess, type ProcessControl } from '../system/signal.js';
import { spawnDetached } from '../system/spawn.js';
import { tmux } from '../system/tmux.js';
import { messageOf } from '../util/errors.js';

/** A process started detached: its PID, and one line saying how it ended, once it does. */
export interface DetachedChild {
  pid: number | undefined;
  /** 'exited with status 1', 'exited with signal SIGTERM', or why it could not start */
  ended: Promise<string>;
  /** stop watching it: the caller may exit while it runs on */
  unref(): void;
}

export interface Effects extends ProcessControl {
  clock: Clock;
  /** one directive on the control socket at socketPath, one ACK back (or why not) */
  directive(socketPath: string, op: string, args: string, timeoutMs: number): Promise<SocketOutcome>;
  readPidFile(path: string): Promise<PidFile>;
  readProcess(pid: number): Promise<ProcessInfo | null>;
  /** the live (not zombie) worker processes of the swarm on socketPath */
  workerProcesses(socketPath: string): Promise<ProcessInfo[]>;
  /** the session's panes as tmux lists them, each checked in /proc */
  tmuxPanes(where: Pick<Config, 'tmuxSocket' | 'session'>): Promise<TmuxSnapshot>;
  /** one tmux command on the given server */
  tmux(tmuxSocket: string | null, args: readonly string[]): Promise<ExecOutcome>;
  /** starts argv detached, its output appended to outputFile */
  spawnDetached(argv: readonly string[], opts: { outputFile: string; env: Record<string, string> }): DetachedChild;
  pathExists(path: string): Promise<boolean>;
  removeFile(path: string): Promise<void>;
  /** the reference swarm's manifest in home, or null */
  readManifest(home: string): Promise<SwarmManifest | null>;
}

/** How a detached child ended, in one line. */
export function describeEnd(r: {
  failed: boolean;
  exitCode?: number | undefined;
  signal?: string | undefined;
  shortMessage?: string;
}): string {
  if (r.failed && r.exitCode === undefined) return (r.shortMessage ?? 'could not start').split('\n')[0]!;
  return `exited with ${r.signal ? `signal ${r.signal}` : `status ${r.exitCode}`}`;
}

export const realEffects: Effects = {
  clock: realClock,
  directive: sendDirective,
  readPidFile,
  readProcess,
  async workerProcesses(socketPath) {
    const table = await new ProcessTableSampler((a) => isWorkerArgv(a, socketPath)).sample();
    return [...table.byPid.values()].filter((p) => p.state !== 'Z');
  },
  kill: killProcess,
  tmuxPanes: collectTmux,
  tmux: (socket, args) => tmux(socket, args),
  spawnDetached(argv, opts) {
    const child = spawnDetached(argv, { ...opts, watchExit: true });
    return { pid: child.pid, ended: child.then(describeEnd, (err: unknown) => messageOf(err)), unref: () => child.unref() };
  },
  pathExists: async (path) => existsSync(path),
  removeFile: async (path) => rmSync(path, { force: true }),
  readManifest: async (home) => readManifest(home),
};
