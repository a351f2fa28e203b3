// `oro-top restart-daemon`: takes the lock (a running journal row), starts the restart as its own
// detached process (so quitting oro-top or losing ssh does not abandon it), and follows it through
// the journal. The detached runner is `oro-top __run-action --action-id N`.
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { readProcess } from '../system/procfs.js';
import { PRIVATE_FILE_MODE } from '../system/private-files.js';
import { spawnDetached } from '../system/spawn.js';
import { selfArgv } from '../swarm/self.js';
import { readManifest } from '../swarm/up.js';
import { beadsNow, restartSteps, type RestartState } from './drain-restart.js';
import { Journal, runnerAlive, stateDir, whoAmI, type ActionRecord } from './journal.js';
import { runSteps } from './steps.js';

export const RESTART_KIND = 'restart-daemon';

/** The global flags a runner needs to see the same swarm. */
function configArgs(config: Config): string[] {
  const a = ['--home', config.home, '--session', config.session];
  if (config.tmuxSocket) a.push('--tmux-socket', config.tmuxSocket);
  if (config.configFile) a.push('--config', config.configFile);
  return a;
}

export async function startRestart(config: Config, journal: Journal): Promise<{ id: number } | { busy: ActionRecord }> {
  // liveness must be known inside the write transaction: look the running rows up first
  const live = new Map<number, boolean>();
  for (const r of journal.list(20).filter((x) => x.status === 'running')) live.set(r.id, await runnerAlive(r));
  const got = journal.begin({ kind: RESTART_KIND, home: config.home, target: 'daemon', who: whoAmI() }, (r) => live.get(r.id) ?? true);
  if ('busy' in got) return got;
  spawnDetached([...selfArgv(), '__run-action', '--action-id', String(got.id), ...configArgs(config)], {
    outputFile: join(stateDir(), `action-${got.id}.log`),
    outputMode: PRIVATE_FILE_MODE,
    env: { NODE_OPTIONS: '', ORO_TOP_STATE_DIR: dirname(journal.path) },
  });
  return got;
}

/** The successor's environment: the same paths as its predecessor, and what `swarm up` recorded. */
export function startEnvFor(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    ORO_HOME: config.home,
    ORO_PID_PATH: config.pidPath,
    ORO_SOCKET_PATH: config.socketPath,
    ORO_DB_PATH: config.dbPath,
    TMPDIR: dirname(config.daemonLog),
    NODE_OPTIONS: '',
  };
  return { ...(readManifest(config.home)?.start_env ?? {}), ...env };
}

/** The detached runner: runs the steps, journals them, finishes the action. */
export async function runRestart(config: Config, journal: Journal, id: number): Promise<boolean> {
  const me = await readProcess(process.pid);
  journal.setRunner(id, process.pid, me?.startTicks ?? 0);
  const state: RestartState = {
    config,
    startCommand: [],
    startEnv: startEnvFor(config),
    old: null,
    workersBefore: 0,
    beadsBefore: [],
    signalPath: false,
    escalation: null,
    newPid: null,
    workersAfter: 0,
    health: null,
    successorExit: null,
    escalationCancelled: false,
  };
  const t0 = Date.now();
  const r = await runSteps(journal, id, restartSteps(), state, () => journal.cancelRequested(id));
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  const phases = Object.entries(r.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ');
  if (r.ok) {
    journal.finish(
      id,
      'succeeded',
      `restarted in ${total} s, PID ${state.old?.pid}->${state.newPid}, workers ${state.workersBefore}->${state.workersAfter}${state.escalation ? `; escalated with ${state.escalation}` : ''}; beads: ${beadsNow(state.beadsBefore, state.health)}; phases: ${phases}`,
    );
  } else {
    if (r.error?.startsWith('cancelled before')) {
      journal.finish(id, 'cancelled', `cancelled after ${total} s: ${r.error}`);
      return false;
    }
    const where = state.newPid ? `a new daemon (PID ${state.newPid}) is up` : state.old && r.failedStep && ['check', 'directive'].includes(r.failedStep) ? 'the old daemon was left as it was' : 'no daemon may be running now';
    journal.finish(id, 'failed', `failed at step '${r.failedStep}' after ${total} s: ${r.error}; ${where}`);
  }
  return r.ok;
}

/** Prints the action's steps as they happen until it ends; true when it succeeded. */
export async function follow(journal: Journal, id: number, write: (line: string) => void, pollMs = 150): Promise<boolean> {
  const shown = new Map<number, string>();
  for (;;) {
    const a = journal.get(id);
    if (!a) throw new Error(`no action ${id} in the journal`);
    for (const s of a.steps) {
      const key = `${s.status} ${s.detail ?? ''}`;
      if (shown.get(s.seq) === key) continue;
      shown.set(s.seq, key);
      write(`  ${s.status === 'running' ? '…' : s.status === 'done' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name}${s.detail ? `: ${s.detail}` : ''}`);
    }
    if (a.status !== 'running') {
      write(`${a.status}: ${a.outcome ?? ''}`);
      return a.status === 'succeeded';
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
