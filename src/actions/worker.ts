// Restarts or kills one worker: through the daemon's `restart-worker` / `kill-worker` directives,
// or, when the daemon does not answer, by signals to the worker's process group (SIGTERM, then
// SIGKILL after a grace period), each after checking the process is still that worker.
import { join } from 'node:path';
import type { Config } from '../config.js';
import { parseHealthDetail } from '../oro/health-detail.js';
import { argAfter, isWorkerArgv } from '../collectors/process-table.js';
import { describeOutcome } from '../system/oro-socket.js';
import type { ProcessInfo } from '../system/procfs.js';
import { isStoppedState } from '../system/proc-parse.js';
import { signalChecked, waitGone } from '../system/signal.js';
import type { HealthReport } from '../health/types.js';
import { type ActionContext, type ActionLaunch, type Confirmation, runJournaled } from './action.js';
import { type Effects, realEffects } from './effects.js';
import { successorEnv } from './successor-env.js';
import { skip, StepFailure, type Step } from './steps.js';

export type WorkerOp = 'restart-worker' | 'kill-worker';

export interface WorkerState {
  config: Config;
  op: WorkerOp;
  id: string;
  viaDaemon: boolean;
  proc: ProcessInfo | null;
  /** the daemon answers but no longer knows this worker (killed, crashed, forgotten) */
  daemonForgot: boolean;
  /** restart-worker of a worker the daemon forgot: oro-top started it the way the daemon does */
  startedPid: number | null;
}

/** The daemon's worker command (`oro worker --socket S --id ID`), built from its start command. */
export function workerCommand(config: Config, id: string): string[] {
  const cmd = config.daemonStartCommand;
  const at = cmd.indexOf('start');
  const base = at >= 0 ? cmd.slice(0, at) : cmd.slice(0, 1);
  return [...base, 'worker', '--socket', config.socketPath, '--id', id];
}

async function healthWorkers(config: Config, fx: Effects): Promise<string[] | null> {
  const r = await fx.directive(config.socketPath, 'health', '', config.thresholds.socketTimeoutMs);
  if (r.kind !== 'answered' || !r.ack.ok) return null;
  try {
    return parseHealthDetail(r.ack.detail).workers.map((w) => w.id);
  } catch {
    return null;
  }
}

function workerId(p: ProcessInfo): string | null {
  return argAfter(p.argv.slice(p.argv.indexOf('worker')), '--id');
}

async function findWorker(config: Config, id: string, fx: Effects): Promise<ProcessInfo | null> {
  return (await fx.workerProcesses(config.socketPath)).find((p) => p.state !== 'Z' && workerId(p) === id) ?? null;
}

const GRACE_MS = 5000;
/** how long the daemon's own stop of a worker may take before oro-top stops the process itself */
const DAEMON_GRACE_MS = 3000;

/** Whether the worker's old process (the one found first) is gone within `ms`. */
async function goneWithin(s: WorkerState, ms: number, ctx: { fx: Effects; sleep(ms: number): Promise<void> }): Promise<boolean> {
  const until = ctx.fx.clock.now() + ms;
  for (;;) {
    const now = await findWorker(s.config, s.id, ctx.fx);
    if (!now || now.pid !== s.proc?.pid || now.startTicks !== s.proc.startTicks) return true;
    if (ctx.fx.clock.now() >= until) return false;
    await ctx.sleep(150);
  }
}

const isWorker =
  (id: string) =>
  (p: ProcessInfo): boolean =>
    isWorkerArgv(p.argv) && workerId(p) === id;

const findProcess: Step<WorkerState> = {
  name: 'find',
  timeoutMs: 5000,
  async run(s, { fx }) {
    s.proc = await findWorker(s.config, s.id, fx);
    if (!s.proc) return `no process for worker ${s.id}`;
    if (!isStoppedState(s.proc.state)) return `worker ${s.id} is PID ${s.proc.pid}`;
    // a stopped process cannot hand off, nor act on SIGTERM: it goes on first (checked it is the worker)
    const sent = await signalChecked(s.proc, 'SIGCONT', isWorker(s.id), { group: true }, fx);
    if (sent === 'not-same-process') throw new StepFailure(`PID ${s.proc.pid} is no longer worker ${s.id}: not signalled`);
    return `worker ${s.id} is PID ${s.proc.pid}, stopped (state ${s.proc.state}): SIGCONT, so that it can hand off and exit`;
  },
};

const askTheDaemon: Step<WorkerState> = {
  name: 'directive',
  timeoutMs: 5000,
  async run(s, { fx }) {
    const r = await fx.directive(s.config.socketPath, s.op, s.id, Math.max(2000, s.config.thresholds.socketTimeoutMs));
    if (r.kind !== 'answered') return `the daemon does not answer (${describeOutcome(r)}): by signal instead`;
    if (!r.ack.ok && s.op === 'restart-worker' && /unknown worker/i.test(r.ack.detail)) {
      // the daemon forgot it (killed, crashed): a restart brings it back all the same
      s.daemonForgot = true;
      return `the daemon does not know worker ${s.id} any more ('${r.ack.detail}'): oro-top starts it`;
    }
    if (!r.ack.ok) throw new StepFailure(`the daemon refused ${s.op} ${s.id}: ${r.ack.detail}`);
    s.viaDaemon = true;
    return `ACK: ${r.ack.detail}`;
  },
};

const stopBySignal: Step<WorkerState> = {
  name: 'signal',
  timeoutMs: 15_000,
  async run(s, ctx) {
    const { fx, signal } = ctx;
    let why = '';
    if (s.viaDaemon) {
      // the daemon said yes: its old process should go; one it does not own (an orphan of an earlier
      // daemon) may stay, and then it is stopped here, after the identity check
      if (!s.proc || (await goneWithin(s, DAEMON_GRACE_MS, ctx))) return skip('the daemon did it');
      why = `the daemon acknowledged, but PID ${s.proc.pid} still ran ${DAEMON_GRACE_MS / 1000} s later; `;
    }
    if (s.daemonForgot && !s.proc) return skip(`no process runs worker ${s.id}`);
    if (!s.proc) throw new StepFailure(`the daemon is down and no process runs worker ${s.id}`);
    const still = isWorker(s.id);
    const sent = await signalChecked(s.proc, 'SIGTERM', still, { group: true }, fx);
    if (sent === 'not-same-process') throw new StepFailure(`PID ${s.proc.pid} is no longer worker ${s.id}: not signalled`);
    if (await waitGone(s.proc, GRACE_MS, fx, signal)) return `${why}SIGTERM to its process group: worker ${s.id} exited`;
    const killed = await signalChecked(s.proc, 'SIGKILL', still, { group: true }, fx);
    if (killed === 'not-same-process') throw new StepFailure(`PID ${s.proc.pid} is no longer worker ${s.id}: not signalled`);
    if (!(await waitGone(s.proc, 3000, fx, signal))) throw new StepFailure(`PID ${s.proc.pid} survived SIGKILL`);
    return `${why}SIGTERM ignored for ${GRACE_MS / 1000} s; SIGKILL: worker ${s.id} is gone`;
  },
};

const startForgottenWorker: Step<WorkerState> = {
  name: 'start',
  timeoutMs: 10_000,
  async run(s, ctx) {
    if (s.op !== 'restart-worker') return skip('a kill starts nothing');
    if (!s.daemonForgot) return skip(s.viaDaemon ? 'the daemon does it' : 'not needed');
    // only a worker that ran here before (its log folder exists): never invent one
    const { fx } = ctx;
    const dir = join(s.config.home, 'workers', s.id);
    if (!(await fx.pathExists(dir)))
      throw new StepFailure(`unknown worker ${s.id}: the daemon does not know it and it never ran in ${s.config.home} (no ${dir})`);
    const argv = workerCommand(s.config, s.id);
    const env = successorEnv(s.config, await fx.readManifest(s.config.home));
    const child = fx.spawnDetached(argv, { outputFile: join(dir, 'output.log'), env });
    let exited: string | null = null;
    void child.ended.then((how) => {
      exited = how;
    });
    await ctx.sleep(200);
    if (exited) throw new StepFailure(`'${argv.join(' ')}': ${exited}`.slice(0, 300));
    child.unref();
    s.startedPid = child.pid ?? null;
    return `started: ${argv.join(' ')} (PID ${child.pid})`;
  },
};

const verifyOutcome: Step<WorkerState> = {
  name: 'verify',
  timeoutMs: 15_000,
  async run(s, ctx) {
    while (!ctx.expired()) {
      const now = await findWorker(s.config, s.id, ctx.fx);
      // a process with the old PID number but a later start is a new one
      const oldGone = !s.proc || !now || now.pid !== s.proc.pid || now.startTicks !== s.proc.startTicks;
      if (s.op === 'restart-worker' && (s.viaDaemon || s.daemonForgot)) {
        // alive and reporting: a new process, and the daemon lists it
        if (now && oldGone) {
          const listed = await healthWorkers(s.config, ctx.fx);
          if (listed === null || listed.includes(s.id))
            return `worker ${s.id} runs again as PID ${now.pid}${listed ? ' and reports to the daemon' : ''}`;
        }
      } else if (oldGone) {
        if (now) return `worker ${s.id} runs as PID ${now.pid}`;
        return s.op === 'kill-worker'
          ? `worker ${s.id} is stopped: no process of it is left`
          : `worker ${s.id} has no process (the daemon is down: it comes back with the daemon)`;
      }
      await ctx.sleep(150);
    }
    throw new StepFailure('timed out');
  },
};

export function workerSteps(): Step<WorkerState>[] {
  return [findProcess, askTheDaemon, stopBySignal, startForgottenWorker, verifyOutcome];
}

/** The question before a worker restart or kill: what it is doing now and how it will be done. */
export function workerConfirmation(op: WorkerOp, id: string, r: HealthReport | null): Confirmation {
  const w = r?.workers.find((x) => x.id === id);
  const removed = r?.removedWorkers?.find((x) => x.id === id);
  if (r && !w && !removed) {
    const listed = r.workers.map((x) => x.id);
    const known = listed.length ? `listed: ${listed.slice(0, 8).join(', ')}${listed.length > 8 ? ', …' : ''}` : 'none is listed';
    return {
      title: `${op === 'restart-worker' ? 'Restart' : 'Kill'} worker ${id}?`,
      lines: [],
      refused:
        op === 'kill-worker'
          ? `no worker '${id}' runs here (${known}): nothing to kill`
          : `no worker '${id}' is listed here (${known}); one that ran here before and was forgotten is started with --yes`,
    };
  }
  const how = 'Through the daemon; if it does not answer, or the process stays: SIGTERM to its process group, then SIGKILL.';
  const now = w
    ? `It is ${w.status}: ${w.reason}${w.beadId && !w.reason.includes(w.beadId) ? ` (bead ${w.beadId})` : ''}`
    : `It is not running: ${r?.removedWorkers?.find((x) => x.id === id)?.reason ?? 'not listed now'}.`;
  if (op === 'kill-worker')
    return {
      title: `Kill worker ${id}?`,
      lines: [now, how, 'It stays down: nothing starts it again until r restarts it (or the daemon is restarted).'],
    };
  return {
    title: `Restart worker ${id}?`,
    lines: [
      now,
      w ? `${how} Then the daemon starts it again.` : 'It is started again: by the daemon, else the way the daemon starts its workers.',
    ],
  };
}

/** Runs a worker restart or kill here, journaled and locked on the worker. */
export async function runWorkerOp(ctx: ActionContext, op: WorkerOp, id: string, fx: Effects = realEffects): Promise<ActionLaunch> {
  // an id that never ran in this home (no workers/ID folder) is a typo, not an action to journal
  if (!(await fx.pathExists(join(ctx.config.home, 'workers', id))))
    return {
      kind: 'refused',
      why: `no worker '${id.slice(0, 60)}' ever ran in ${ctx.config.home} (no workers/${id.slice(0, 60)} folder): check the id (oro-top check lists them)`,
    };
  return runJournaled(ctx, {
    kind: op,
    target: id,
    steps: workerSteps(),
    state: { config: ctx.config, op, id, viaDaemon: false, proc: null, daemonForgot: false, startedPid: null } satisfies WorkerState,
    outcome: (_s, r, journal, actionId) =>
      r.ok ? (journal.get(actionId)?.steps.at(-1)?.detail ?? '') : `failed at step '${r.failedStep}': ${r.error}`,
  });
}
