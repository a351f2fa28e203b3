// `oro-top swarm up`: starts a reference swarm detached (daemon, workers, a private tmux server with
// the architect and manager panes) and returns once it is healthy.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnDetached } from '../system/spawn.js';
import { SWARM_MANIFEST, type SwarmManifest } from '../swarm-manifest.js';
import { parseHealthDetail } from '../oro/health-detail.js';
import { sendDirective } from '../system/oro-socket.js';
import { tmux } from '../system/tmux.js';
import { OroTopError } from '../util/errors.js';
import { parseChaos } from './chaos.js';
import { selfArgv } from '../system/self.js';

export interface SwarmUpOptions {
  home: string;
  workers: number;
  tmuxSocket?: string | undefined;
  chaos?: string | undefined;
  /** one process hosts all worker connections (for benchmarks with many workers) */
  pool?: boolean;
  /** ms between work steps (default 1000) */
  stepMs?: number;
  /** how long the daemon waits for workers to approve a shutdown (default 10 s, as oro) */
  shutdownTimeoutS?: number;
  timeoutMs?: number;
}

/** A private tmux server name derived from the home, so two swarms never share one. */
export function defaultTmuxSocket(home: string): string {
  return `oro-ref-${createHash('sha256').update(resolve(home)).digest('hex').slice(0, 10)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function swarmUp(o: SwarmUpOptions): Promise<SwarmManifest> {
  const home = resolve(o.home);
  parseChaos(o.chaos); // reject a bad knob before anything starts
  if (!Number.isInteger(o.workers) || o.workers < 0 || o.workers > 5000)
    throw new OroTopError('usage', `--workers must be 0..5000 (got ${o.workers})`);
  const tmuxSocket = o.tmuxSocket ?? defaultTmuxSocket(home);
  const sock = join(home, 'oro.sock');
  const existing = await sendDirective(sock, 'health', '', 1000);
  if (existing.kind === 'answered') throw new OroTopError('usage', `a swarm is already running in ${home} (its socket answers)`);
  const tmpdir = join(home, 'tmp');
  mkdirSync(tmpdir, { recursive: true });
  mkdirSync(join(home, 'workers'), { recursive: true });
  const daemonLog = join(tmpdir, 'oro-daemon.log');
  const self = selfArgv();
  const startCommand = [...self, 'ref-oro', 'start', '--daemon-only', '--workers', '{workers}'];
  const env: Record<string, string> = {
    ORO_HOME: home,
    TMPDIR: tmpdir,
    ORO_REF_CHAOS: o.chaos ?? '',
    ORO_REF_STEP_MS: String(o.stepMs ?? 1000),
    ORO_REF_POOL: o.pool ? '1' : '',
    ORO_REF_SHUTDOWN_TIMEOUT_S: String(o.shutdownTimeoutS ?? 10),
    NODE_OPTIONS: '',
  };
  const manifest: SwarmManifest = {
    home,
    tmux_socket: tmuxSocket,
    daemon_log: daemonLog,
    tmpdir,
    start_command: startCommand,
    start_env: env,
    pane_commands: {
      architect: ['env', `ORO_HOME=${home}`, 'NODE_OPTIONS=', ...self, 'ref-oro', 'pane', 'architect'],
      manager: ['env', `ORO_HOME=${home}`, 'NODE_OPTIONS=', ...self, 'ref-oro', 'pane', 'manager'],
    },
    workers: o.workers,
    chaos: o.chaos ?? '',
    started_at: new Date().toISOString(),
  };
  writeFileSync(join(home, SWARM_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

  // the daemon, detached in its own session; its stdout/stderr catch anything it cannot log itself
  const argv = startCommand.map((a) => (a === '{workers}' ? String(o.workers) : a));
  const daemon = spawnDetached(argv, { outputFile: join(tmpdir, 'oro-daemon.stdout'), env });
  let daemonExit: string | null = null;
  void daemon.then((r) => {
    daemonExit = r.exitCode !== undefined ? `status ${r.exitCode}` : `signal ${r.signal}`;
  });

  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  // 1. the daemon answers
  for (;;) {
    const r = await sendDirective(sock, 'health', '', 1000);
    if (r.kind === 'answered') break;
    if (daemonExit)
      throw new OroTopError('internal', `the reference daemon exited (${daemonExit}); see ${join(tmpdir, 'oro-daemon.stdout')}`);
    if (Date.now() > deadline) throw new OroTopError('timeout', `the reference daemon did not answer within ${o.timeoutMs ?? 20_000} ms`);
    await sleep(50);
  }
  const started = await sendDirective(sock, 'start', '', 2000);
  if (started.kind !== 'answered' || !started.ack.ok) throw new OroTopError('protocol', 'the reference daemon refused the start directive');

  // 2. the panes, on a private tmux server
  const conf = join(home, 'tmux.conf');
  writeFileSync(conf, 'set -g remain-on-exit on\nset -g history-limit 5000\nset -g status off\n');
  const paneEnv = ['-e', `ORO_HOME=${home}`, '-e', 'NODE_OPTIONS='];
  const has = await tmux(tmuxSocket, ['has-session', '-t', '=oro']);
  if (has.exitCode === 0) await tmux(tmuxSocket, ['kill-session', '-t', '=oro']);
  const ns = await tmux(tmuxSocket, [
    '-f',
    conf,
    'new-session',
    '-d',
    '-s',
    'oro',
    '-n',
    'architect',
    '-x',
    '160',
    '-y',
    '40',
    ...paneEnv,
    ...self,
    'ref-oro',
    'pane',
    'architect',
  ]);
  if (ns.exitCode !== 0) throw new OroTopError('tmux', `tmux new-session failed: ${(ns.stderr || ns.failure || '').trim()}`);
  await tmux(tmuxSocket, ['set-option', '-g', 'remain-on-exit', 'on']);
  const nw = await tmux(tmuxSocket, [
    'new-window',
    '-d',
    '-t',
    '=oro:',
    '-n',
    'manager',
    ...paneEnv,
    ...self,
    'ref-oro',
    'pane',
    'manager',
  ]);
  if (nw.exitCode !== 0) throw new OroTopError('tmux', `tmux new-window failed: ${(nw.stderr || nw.failure || '').trim()}`);

  // 3. every worker connected and both panes seen
  for (;;) {
    const r = await sendDirective(sock, 'health', '', 1000);
    if (r.kind === 'answered' && r.ack.ok) {
      const h = parseHealthDetail(r.ack.detail);
      if (h.workers.length >= o.workers && h.architectPane?.alive && h.managerPane?.alive) break;
    }
    if (daemonExit) throw new OroTopError('internal', `the reference daemon exited (${daemonExit})`);
    if (Date.now() > deadline) throw new OroTopError('timeout', `the reference swarm was not healthy within ${o.timeoutMs ?? 20_000} ms`);
    await sleep(100);
  }
  return manifest;
}

export function swarmExists(home: string): boolean {
  return existsSync(join(resolve(home), SWARM_MANIFEST));
}
