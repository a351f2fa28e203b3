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
import type { Effects } from './effects.js';
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
  async run(s, { fx, signal }) {
    if (s.viaDaemon) return skip('the daemon did it');
    if (s.daemonForgot && !s.proc) return skip(`no process runs worker ${s.id}`);
    if (!s.proc) throw new StepFailure(`the daemon is down and no process runs worker ${s.id}`);
    const still = isWorker(s.id);
    const sent = await signalChecked(s.proc, 'SIGTERM', still, { group: true }, fx);
    if (sent === 'not-same-process') throw new StepFailure(`PID ${s.proc.pid} is no longer worker ${s.id}: not signalled`);
    if (await waitGone(s.proc, GRACE_MS, fx, signal)) return `SIGTERM to its process group: worker ${s.id} exited`;
    const killed = await signalChecked(s.proc, 'SIGKILL', still, { group: true }, fx);
    if (killed === 'not-same-process') throw new StepFailure(`PID ${s.proc.pid} is no longer worker ${s.id}: not signalled`);
    if (!(await waitGone(s.proc, 3000, fx, signal))) throw new StepFailure(`PID ${s.proc.pid} survived SIGKILL`);
    return `SIGTERM ignored for ${GRACE_MS / 1000} s; SIGKILL: worker ${s.id} is gone`;
  },
};

const startForgottenWorker: Step<WorkerState> = {
  name: 'start',
  timeoutMs: 10_000,
  async run(s, ctx) {
    if (s.op !== 'restart-worker' || !s.daemonForgot) return skip(s.viaDaemon ? 'the daemon does it' : 'not needed');
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
  return {
    title: `${op === 'restart-worker' ? 'Restart' : 'Kill'} worker ${id}?`,
    lines: [
      w
        ? `It is ${w.status}: ${w.reason}${w.beadId ? ` (bead ${w.beadId})` : ''}`
        : `It is not running: ${r?.removedWorkers?.find((x) => x.id === id)?.reason ?? 'not listed now'}.`,
      op === 'restart-worker' && !w
        ? 'It is started again: by the daemon, else the way the daemon starts its workers.'
        : 'Through the daemon; if the daemon does not answer: SIGTERM to its process group, then SIGKILL.',
    ],
  };
}

/** Runs a worker restart or kill here, journaled and locked on the worker. */
export function runWorkerOp(ctx: ActionContext, op: WorkerOp, id: string): Promise<ActionLaunch> {
  return runJournaled(ctx, {
    kind: op,
    target: id,
    steps: workerSteps(),
    state: { config: ctx.config, op, id, viaDaemon: false, proc: null, daemonForgot: false, startedPid: null } satisfies WorkerState,
    outcome: (_s, r, journal, actionId) =>
      r.ok ? (journal.get(actionId)?.steps.at(-1)?.detail ?? '') : `failed at step '${r.failedStep}': ${r.error}`,
  });
}
