// The daemon actions' runner: takes the lock (a running journal row), starts the restart or start as its
// own detached process (so quitting oro-top or losing ssh does not abandon it), runs its steps there, and
// follows it through the journal. The detached runner is `oro-top __run-action --action-id N`.
import { dirname, join } from 'node:path';
import { type Config, configArgs } from '../config.js';
import { readProcess } from '../system/procfs.js';
import { PRIVATE_FILE_MODE } from '../system/private-files.js';
import { spawnDetached } from '../system/spawn.js';
import { selfArgv } from '../system/self.js';
import { readManifest } from '../swarm-manifest.js';
import { beadsNow, restartSteps, startSteps, type RestartState } from './drain-restart.js';
import { successorEnv } from './successor-env.js';
import { type ActionContext, type ActionLaunch, stepsBoundMs, takeLock } from './action.js';
import { type Journal, stateDir, whyNotRunning, type ActionRecord } from '../journal/journal.js';
import { runSteps, type Step } from './steps.js';

export const RESTART_KIND = 'restart-daemon';

export const START_KIND = 'start-daemon';
/** one daemon action per home at a time: a start and a restart exclude each other */
const DAEMON_KINDS = [RESTART_KIND, START_KIND] as const;
export type DaemonActionKind = (typeof DAEMON_KINDS)[number];

function stepsFor(kind: string, config: Config): Step<RestartState>[] {
  return kind === START_KIND ? startSteps() : restartSteps(config);
}

/**
 * Takes the lock (a running daemon action for this home) and starts the action as its own detached
 * runner (see takeLock for rows that no longer hold).
 */
export async function startRestart(
  config: Config,
  journal: Journal,
  kind: DaemonActionKind = RESTART_KIND,
  who?: string,
): Promise<{ id: number } | { busy: ActionRecord }> {
  const got = await takeLock(
    { config, journal, ...(who ? { who } : {}) },
    { kind, target: 'daemon', conflicts: DAEMON_KINDS, boundMs: stepsBoundMs(stepsFor(kind, config)) },
  );
  if ('busy' in got) return got;
  spawnDetached([...selfArgv(), '__run-action', '--action-id', String(got.id), ...configArgs(config)], {
    outputFile: join(stateDir(), `action-${got.id}.log`),
    outputMode: PRIVATE_FILE_MODE,
    env: { NODE_OPTIONS: '', ORO_TOP_STATE_DIR: dirname(journal.path) },
  });
  return got;
}

/** Starts a daemon action as a detached runner (the launch a definition returns). */
export async function launchDaemonAction(ctx: ActionContext, kind: DaemonActionKind): Promise<ActionLaunch> {
  const got = await startRestart(ctx.config, ctx.journal, kind, ctx.who);
  return 'busy' in got ? { kind: 'busy', holder: got.busy } : { kind: 'detached', id: got.id, actionKind: kind };
}

/** The detached runner: runs the steps, journals them, finishes the action (within its bound). */
export async function runRestart(config: Config, journal: Journal, id: number): Promise<boolean> {
  const me = await readProcess(process.pid);
  journal.setRunner(id, process.pid, me?.startTicks ?? 0);
  const action = journal.get(id);
  if (!action) throw new Error(`no action ${id} in the journal`);
  const kind = action.kind;
  const state: RestartState = {
    config,
    startCommand: [],
    startEnv: successorEnv(config, readManifest(config.home)),
    old: null,
    workersBefore: 0,
    beadsBefore: [],
    signalPath: false,
    escalation: null,
    newPid: null,
    workersAfter: 0,
    health: null,
    successorExit: null,
    lateCancel: false,
    workersWanted: 0,
  };
  const steps = stepsFor(kind, config);
  const boundMs = action.deadlineAt ? Date.parse(action.deadlineAt) - Date.now() : stepsBoundMs(steps);
  const t0 = Date.now();
  // every step has its own timeout; this is the whole action's bound, should a step not end
  let bound: NodeJS.Timeout | undefined;
  const overrun = new Promise<null>((resolve) => {
    bound = setTimeout(() => resolve(null), Math.max(1000, boundMs));
  });
  const r = await Promise.race([runSteps(journal, id, steps, state, () => journal.cancelRequested(id)), overrun]);
  clearTimeout(bound);
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  if (r === null) {
    journal.finishIfRunning(
      id,
      'failed',
      `gave up after ${total} s: the whole ${kind} exceeded its bound; ${state.newPid ? `a new daemon (PID ${state.newPid}) is up` : 'no daemon may be running now'}`,
    );
    return false;
  }
  const phases = Object.entries(r.ms)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');
  const late = state.lateCancel ? '; a cancel was asked after the daemon had been told to shut down: too late, the restart went on' : '';
  if (r.ok) {
    journal.finish(
      id,
      'succeeded',
      kind === START_KIND
        ? `started in ${total} s, PID ${state.newPid}, workers ${state.workersAfter}/${state.workersWanted}; phases: ${phases}`
        : `restarted in ${total} s, PID ${state.old?.pid}->${state.newPid}, workers ${state.workersBefore}->${state.workersAfter}${state.escalation ? `; escalated with ${state.escalation}` : ''}; beads: ${beadsNow(state.beadsBefore, state.health)}; phases: ${phases}${late}`,
    );
  } else {
    if (r.ending === 'cancelled') {
      journal.finish(id, 'cancelled', `cancelled after ${total} s: ${r.error}`);
      return false;
    }
    const where = state.newPid
      ? `a new daemon (PID ${state.newPid}) is up`
      : r.failedStep === 'check' || (state.old && r.failedStep === 'directive')
        ? kind === START_KIND
          ? 'nothing was started'
          : 'the old daemon was left as it was'
        : 'no daemon may be running now (oro-top start-daemon starts one)';
    journal.finish(id, 'failed', `failed at step '${r.failedStep}' after ${total} s: ${r.error}; ${where}${late}`);
  }
  return r.ok;
}

/**
 * Prints the action's steps as they happen until it ends; true when it succeeded. A runner that dies
 * (or sticks past its bound) ends the wait: the row is closed as abandoned and this returns false.
 */
export async function follow(journal: Journal, id: number, write: (line: string) => void, pollMs = 150): Promise<boolean> {
  const shown = new Map<number, { key: string; atMs: number }>();
  let lastCheck = 0;
  for (;;) {
    const a = journal.get(id);
    if (!a) throw new Error(`no action ${id} in the journal`);
    for (const s of a.steps) {
      // a running step's countdown alone ("41 s left") is shown every 10 s, not every second
      const key = `${s.status} ${s.status === 'running' ? (s.detail ?? '').replace(/\d+ s left/g, '') : (s.detail ?? '')}`;
      const was = shown.get(s.seq);
      const same = was !== undefined && was.key === key;
      if (same && (s.status !== 'running' || Date.now() - was.atMs < 10_000)) continue;
      shown.set(s.seq, { key, atMs: Date.now() });
      write(
        `  ${s.status === 'running' ? '…' : s.status === 'done' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name}${s.detail ? `: ${s.detail}` : ''}`,
      );
    }
    if (a.status !== 'running') {
      write(`${a.status}: ${a.outcome ?? ''}`);
      return a.status === 'succeeded';
    }
    if (Date.now() - lastCheck >= 1000) {
      lastCheck = Date.now();
      const why = await whyNotRunning(a);
      if (why) {
        const at = a.steps.find((s) => s.status === 'running')?.name;
        const outcome = `${why}${at ? ` during step '${at}'` : ''}; the swarm may be half-way: see oro-top check (oro-top restart-daemon, or start-daemon when the daemon is gone, finishes it)`;
        journal.finishIfRunning(id, 'failed', outcome);
        const now = journal.get(id);
        write(`${now?.status ?? 'failed'}: ${now?.outcome ?? outcome}`);
        return false;
      }
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The start or restart of this home's daemon under way (its runner alive), if any: a new one waits for it. */
export async function daemonActionUnderWay(ctx: ActionContext): Promise<ActionRecord | null> {
  for (const r of ctx.journal.runningFor(ctx.config.home, DAEMON_KINDS)) if ((await whyNotRunning(r)) === null) return r;
  return null;
}

/** The question's answer while a daemon action runs: nothing to ask (R, restart-daemon, start-daemon). */
export function underWayText(r: { kind: string; actionId: number; who: string; step: string | null }): string {
  return `a ${r.kind} is already running (#${r.actionId} by ${r.who}${r.step ? `, step ${r.step}` : ''}): nothing to do until it ends`;
}
