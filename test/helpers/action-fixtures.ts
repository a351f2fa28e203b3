// Fixtures for the action steps' unit tests: a configuration, processes, PID files, ACKs, panes,
// restart states, and a journal to run the steps in (the steps journal as they run).
import { join } from 'node:path';
import type { RestartState } from '../../src/actions/drain-restart.js';
import { initialRestartState } from '../../src/actions/restart-state.js';
import { runSteps, type RunResult, type Step } from '../../src/actions/steps.js';
import type { PidFile } from '../../src/collectors/pid-file.js';
import type { PaneView, TmuxSnapshot } from '../../src/collectors/tmux.js';
import type { Config } from '../../src/config.js';
import { DEFAULT_AGENTS } from '../../src/config/agents.js';
import { DEFAULT_SUPERVISE } from '../../src/config/supervise.js';
import { Journal } from '../../src/journal/journal.js';
import type { SocketOutcome } from '../../src/system/oro-socket.js';
import type { ProcessInfo } from '../../src/system/procfs.js';
import type { FakeEffects } from './fake-effects.js';

export const HOME = '/fake/home';

export function fakeConfig(over: Partial<Config> = {}): Config {
  return {
    home: HOME,
    pidPath: `${HOME}/oro.pid`,
    socketPath: `${HOME}/oro.sock`,
    dbPath: `${HOME}/state.db`,
    daemonLog: '/fake/tmp/oro-daemon.log',
    tmuxSocket: 'fake-tmux',
    session: 'oro',
    intervalS: 1,
    thresholds: { heartbeatS: 45, paneIdleS: 300, noProgressS: 600, socketTimeoutMs: 1000, drainTimeoutS: 60, goneKeepS: 300 },
    daemonStartCommand: ['oro', 'start', '--daemon-only', '--workers', '{workers}'],
    daemonMatch: '--daemon-only',
    paneCommands: {},
    logs: { globs: [], errorPatterns: [], ignorePatterns: [], bufferLines: 100, recentLines: 10 },
    supervise: { ...DEFAULT_SUPERVISE },
    agents: { ...DEFAULT_AGENTS },
    metrics: { perWorker: 'auto' },
    configFile: null,
    ...over,
  };
}

/** A process as /proc shows it; started at unix second 1000 unless told. */
export function proc(pid: number, argv: string[], over: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    comm: argv[0]?.split('/').pop() ?? '?',
    state: 'S',
    ppid: 1,
    pgid: pid,
    cpuTicks: 0,
    startTicks: 5000,
    rssPages: 100,
    argv,
    startedAtS: 1000,
    rssBytes: 409600,
    ...over,
  };
}

export const DAEMON_ARGV = ['oro', 'start', '--daemon-only', '--workers', '2'];

export function workerArgv(id: string): string[] {
  return ['oro', 'worker', '--socket', `${HOME}/oro.sock`, '--id', id];
}

/** A PID file naming pid, written at unix second 1010 (after a daemon started at 1000). */
export function pidFile(pid: number, writtenAtS = 1010): PidFile {
  return { kind: 'ok', path: `${HOME}/oro.pid`, pid, writtenAtS };
}

export function ack(ok: boolean, detail = ''): SocketOutcome {
  return { kind: 'answered', ack: { ok, detail }, latencyMs: 1 };
}

/** A `health` ACK: the daemon's state and its workers ([id, state, bead?]). */
export function healthAck(state: string, workers: [string, string, string?][] = []): SocketOutcome {
  return ack(
    true,
    JSON.stringify({
      daemon: { pid: 1, uptime_seconds: 5, state },
      workers: workers.map(([id, st, bead]) => ({
        id,
        state: st,
        ...(bead ? { bead_id: bead } : {}),
        last_progress_secs: 1,
        context_pct: 5,
      })),
    }),
  );
}

export function pane(window: string, over: Partial<PaneView> = {}): PaneView {
  return {
    paneId: `%${window.length}`,
    window,
    pid: 700,
    dead: false,
    deadStatus: null,
    currentCommand: 'bash',
    activityS: 1000,
    deadAtS: null,
    deadSignal: null,
    title: '',
    processAlive: true,
    ...over,
  };
}

export function panes(...p: PaneView[]): TmuxSnapshot {
  return { problem: null, problemText: null, panes: p };
}

/** One journal for a test file; each action is a row in it. */
export class FakeRun {
  private constructor(readonly journal: Journal) {}

  static open(dir: string): FakeRun {
    return new FakeRun(new Journal(join(dir, 'journal.db')));
  }

  /** runs the steps against the fake, checks the script was followed, and returns the run and its journaled steps */
  async run<S>(steps: Step<S>[], state: S, fx: FakeEffects, isCancelled: () => boolean = () => false) {
    const { id } = this.journal.begin({ kind: 't', home: HOME, target: 'x', who: 'test' }, () => false) as { id: number };
    const r: RunResult = await runSteps(this.journal, id, steps, state, isCancelled, fx);
    fx.done();
    const journaled = this.journal.get(id)!.steps.map((s) => ({ name: s.name, status: s.status, detail: s.detail }));
    return { r, steps: journaled, detail: (name: string) => journaled.find((s) => s.name === name)?.detail ?? null };
  }

  close(): void {
    this.journal.close();
  }
}

// ---- daemon restart ----------------------------------------------------------------------------

export const CFG = fakeConfig();
export const SOCK = CFG.socketPath;
export const PIDS = CFG.pidPath;
/** the old daemon's PID, and its successor's */
export const OLD = 100;
export const NEW = 200;
/** the successor's command line: the configured start command for two workers */
export const STARTED = ['oro', 'start', '--daemon-only', '--workers', '2'];
export const oldDaemon = proc(OLD, DAEMON_ARGV);

/** A restart's state before its first step. */
export function freshState(config: Config = CFG): RestartState {
  return initialRestartState(config, { ORO_HOME: config.home, EXTRA: 'from-manifest' });
}

/** A state past the check step: the old daemon known, two workers, one bead. */
export function checked(config: Config = CFG): RestartState {
  return {
    ...freshState(config),
    old: { pid: OLD, startTicks: oldDaemon.startTicks },
    workersBefore: 2,
    workersWanted: 2,
    beadsBefore: ['oro-1'],
  };
}

/** the steps cut to the named ones (in their order) */
export function only(steps: Step<RestartState>[], ...names: string[]): Step<RestartState>[] {
  return steps.filter((st) => names.includes(st.name));
}
