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

/** The manifest the swarm leaves in its home: how oro-top finds, starts and respawns its parts. */
function swarmManifest(o: SwarmUpOptions, home: string, tmuxSocket: string): SwarmManifest {
  const tmpdir = join(home, 'tmp');
  const self = selfArgv();
  const env: Record<string, string> = {
    ORO_HOME: home,
    TMPDIR: tmpdir,
    ORO_REF_CHAOS: o.chaos ?? '',
    ORO_REF_STEP_MS: String(o.stepMs ?? 1000),
    ORO_REF_POOL: o.pool ? '1' : '',
    ORO_REF_SHUTDOWN_TIMEOUT_S: String(o.shutdownTimeoutS ?? 10),
    NODE_OPTIONS: '',
  };
  return {
    home,
    tmux_socket: tmuxSocket,
    daemon_log: join(tmpdir, 'oro-daemon.log'),
    tmpdir,
    start_command: [...self, 'ref-oro', 'start', '--daemon-only', '--workers', '{workers}'],
    start_env: env,
    pane_commands: {
      architect: ['env', `ORO_HOME=${home}`, 'NODE_OPTIONS=', ...self, 'ref-oro', 'pane', 'architect'],
      manager: ['env', `ORO_HOME=${home}`, 'NODE_OPTIONS=', ...self, 'ref-oro', 'pane', 'manager'],
    },
    workers: o.workers,
    chaos: o.chaos ?? '',
    started_at: new Date().toISOString(),
  };
}

/** How the detached daemon ended, once it has (null while it runs). */
interface DaemonWatch {
  exit: string | null;
}

/** Starts the daemon detached in its own session and waits until it answers, then sends `start`. */
async function startDaemon(m: SwarmManifest, sock: string, deadline: number, timeoutMs: number): Promise<DaemonWatch> {
  // its stdout/stderr catch anything it cannot log itself
  const argv = m.start_command.map((a) => (a === '{workers}' ? String(m.workers) : a));
  const daemon = spawnDetached(argv, { outputFile: join(m.tmpdir, 'oro-daemon.stdout'), env: m.start_env });
  const watch: DaemonWatch = { exit: null };
  void daemon.then((r) => {
    watch.exit = r.exitCode !== undefined ? `status ${r.exitCode}` : `signal ${r.signal}`;
  });
  for (;;) {
    const r = await sendDirective(sock, 'health', '', 1000);
    if (r.kind === 'answered') break;
    if (watch.exit)
      throw new OroTopError('internal', `the reference daemon exited (${watch.exit}); see ${join(m.tmpdir, 'oro-daemon.stdout')}`);
    if (Date.now() > deadline) throw new OroTopError('timeout', `the reference daemon did not answer within ${timeoutMs} ms`);
    await sleep(50);
  }
  const started = await sendDirective(sock, 'start', '', 2000);
  if (started.kind !== 'answered' || !started.ack.ok) throw new OroTopError('protocol', 'the reference daemon refused the start directive');
  return watch;
}

/** The architect and manager panes, in session `oro` on the swarm's private tmux server. */
async function startPanes(home: string, tmuxSocket: string): Promise<void> {
  const self = selfArgv();
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
}

/** Waits until every worker is connected and both panes are seen. */
async function waitHealthy(sock: string, workers: number, watch: DaemonWatch, deadline: number, timeoutMs: number): Promise<void> {
  for (;;) {
    const r = await sendDirective(sock, 'health', '', 1000);
    if (r.kind === 'answered' && r.ack.ok) {
      const h = parseHealthDetail(r.ack.detail);
      if (h.workers.length >= workers && h.architectPane?.alive && h.managerPane?.alive) return;
    }
    if (watch.exit) throw new OroTopError('internal', `the reference daemon exited (${watch.exit})`);
    if (Date.now() > deadline) throw new OroTopError('timeout', `the reference swarm was not healthy within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function swarmUp(o: SwarmUpOptions): Promise<SwarmManifest> {
  const home = resolve(o.home);
  parseChaos(o.chaos); // reject a bad knob before anything starts
  if (!Number.isInteger(o.workers) || o.workers < 0 || o.workers > 5000)
    throw new OroTopError('usage', `--workers must be 0..5000 (got ${o.workers})`);
  const tmuxSocket = o.tmuxSocket ?? defaultTmuxSocket(home);
  const sock = join(home, 'oro.sock');
  const existing = await sendDirective(sock, 'health', '', 1000);
  if (existing.kind === 'answered') throw new OroTopError('usage', `a swarm is already running in ${home} (its socket answers)`);
  mkdirSync(join(home, 'tmp'), { recursive: true });
  mkdirSync(join(home, 'workers'), { recursive: true });
  const manifest = swarmManifest(o, home, tmuxSocket);
  writeFileSync(join(home, SWARM_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

  const timeoutMs = o.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  const watch = await startDaemon(manifest, sock, deadline, timeoutMs); // 1. the daemon answers
  await startPanes(home, tmuxSocket); // 2. the panes, on a private tmux server
  await waitHealthy(sock, o.workers, watch, deadline, timeoutMs); // 3. every worker connected and both panes seen
  return manifest;
}

export function swarmExists(home: string): boolean {
  return existsSync(join(resolve(home), SWARM_MANIFEST));
}
