// Drain-and-restart of the daemon as journaled steps: check who the daemon is, send
// `restart-daemon`, watch the drain, escalate past the deadline (SIGINT, then SIGKILL, each only
// after the identity check); then the successor's steps (successor-steps.ts). A start of a dead
// daemon checks that it is dead and runs the successor's steps alone.
import type { Config } from '../config.js';
import { judgeIdentity, type PidFile } from '../collectors/pid-file.js';
import type { HealthDetail } from '../oro/health-detail.js';
import { describeOutcome } from '../system/oro-socket.js';
import type { ProcessInfo } from '../system/procfs.js';
import { signalChecked, waitGone } from '../system/signal.js';
import { daemonLiveness, startWorkerCount } from './daemon-liveness.js';
import { daemonHealth, type RestartState } from './restart-state.js';
import { skip, StepCancelled, StepFailure, type Step } from './steps.js';
import { successorSteps } from './successor-steps.js';

export { daemonLiveness, startWorkerCount, type Liveness } from './daemon-liveness.js';
export type { RestartState } from './restart-state.js';

function isDaemon(config: Config): (p: ProcessInfo) => boolean {
  const re = new RegExp(config.daemonMatch);
  return (p) => re.test(p.argv.join(' '));
}

function noDaemon(pf: Exclude<PidFile, { kind: 'ok' }>): string {
  return `no daemon to restart: PID file ${pf.kind}${pf.kind === 'corrupt' ? ` (${pf.problem})` : pf.kind === 'unreadable' ? ` (${pf.message})` : ''}`;
}

const checkDaemon: Step<RestartState> = {
  name: 'check',
  timeoutMs: 10_000,
  async run(s, { fx }) {
    const pf = await fx.readPidFile(s.config.pidPath);
    if (pf.kind !== 'ok') throw new StepFailure(noDaemon(pf));
    const proc = await fx.readProcess(pf.pid);
    const id = judgeIdentity(pf, proc, new RegExp(s.config.daemonMatch));
    if (id.kind === 'reused') throw new StepFailure(`${id.reason}; refusing to signal it`);
    if (id.kind === 'gone' || !proc) throw new StepFailure(`PID file names PID ${pf.pid}, which is gone: the daemon is not running`);
    s.old = { pid: proc.pid, startTicks: proc.startTicks };
    const h = await daemonHealth(s.config, fx);
    if (h) {
      s.workersBefore = h.workers.length;
      // the swarm's own count when it recorded one: a worker missing right now (crashed) comes back too
      s.workersWanted = Math.max(s.workersBefore, (await fx.readManifest(s.config.home))?.workers ?? 0);
      s.beadsBefore = h.workers.map((w) => w.beadId).filter((b): b is string => b !== null);
      return `daemon PID ${proc.pid}, ${s.workersBefore} workers, ${s.beadsBefore.length} beads in progress`;
    }
    // a frozen daemon says nothing: its workers are counted from the process table, and the
    // successor is started for as many as the swarm had (never fewer than run now)
    s.workersBefore = (await fx.workerProcesses(s.config.socketPath)).filter((p) => p.state !== 'Z').length;
    s.workersWanted = Math.max(s.workersBefore, await startWorkerCount(s.config, fx));
    s.beadsBefore = null;
    return `daemon PID ${proc.pid} (health did not answer), ${s.workersBefore} worker processes; beads in progress unknown`;
  },
};

const askToRestart: Step<RestartState> = {
  name: 'directive',
  timeoutMs: 10_000,
  async run(s, ctx) {
    if (ctx.cancelled()) throw new StepCancelled('cancelled before the daemon was asked: nothing was changed');
    const ask = () => ctx.fx.directive(s.config.socketPath, 'restart-daemon', '', Math.max(2000, s.config.thresholds.socketTimeoutMs));
    let r = await ask();
    const retried = r.kind === 'closed';
    if (retried) r = await ask(); // the connection dropped before the ACK: once more
    if (r.kind === 'answered') {
      if (r.ack.ok || /already in progress/.test(r.ack.detail)) return `ACK: ${r.ack.detail || 'ok'}`;
      throw new StepFailure(`the daemon refused restart-daemon: ${r.ack.detail}`);
    }
    s.signalPath = true;
    return `no answer (${describeOutcome(r)}${retried ? ', after a retry' : ''}): stopping it with SIGINT instead`;
  },
};

/** One progress line of the drain: who approved, the time left, the beads still being saved. */
function drainProgress(s: RestartState, h: HealthDetail | null, secondsLeft: number): string {
  // an approving worker hands off and leaves: count those not yet approved
  const approved = h ? Math.max(0, s.workersBefore - h.workers.filter((w) => w.state !== 'shutting_down').length) : null;
  const left = `${Math.max(0, secondsLeft)} s left${s.lateCancel ? ' (cancel asked too late: going on)' : ''}`;
  // the beads still being saved: workers that hold one and have not approved yet
  const saving = (h?.workers ?? []).filter((w) => w.beadId && w.state !== 'shutting_down').map((w) => `${w.beadId} (${w.id})`);
  const beads = saving.length ? `; saving ${saving.slice(0, 4).join(', ')}${saving.length > 4 ? ` +${saving.length - 4}` : ''}` : '';
  return `${approved === null ? 'draining' : `${approved}/${s.workersBefore} workers approved`}, ${left}${beads}`;
}

const watchDrain: Step<RestartState> = {
  name: 'drain',
  // the drain deadline, plus the time one health round may take
  timeoutMs: 0, // set from the config by restartSteps()
  async run(s, ctx) {
    const { fx } = ctx;
    const old = s.old!;
    if (s.signalPath) return skip('no drain: the daemon did not take the directive');
    const t0 = fx.clock.now();
    const deadline = t0 + s.config.thresholds.drainTimeoutS * 1000;
    // the daemon was told to shut down: that cannot be taken back. A cancel asked for now stops
    // nothing (the daemon would be left stopping with no successor): the deadline, the
    // escalation and the successor's start all still apply.
    while (fx.clock.now() < deadline && !ctx.signal.aborted) {
      if (!s.lateCancel && ctx.cancelled()) s.lateCancel = true;
      if (await waitGone(old, 250, fx, ctx.signal))
        return `old daemon exited after ${((fx.clock.now() - t0) / 1000).toFixed(1)} s${s.lateCancel ? ' (cancel asked too late: the restart went on)' : ''}`;
      const h = await daemonHealth(s.config, fx);
      ctx.progress(drainProgress(s, h, Math.ceil((deadline - fx.clock.now()) / 1000)));
    }
    return `still running at the ${s.config.thresholds.drainTimeoutS} s deadline`;
  },
};

const escalate: Step<RestartState> = {
  name: 'escalate',
  timeoutMs: 30_000,
  async run(s, { fx, signal }) {
    const old = s.old!;
    if (await waitGone(old, 0, fx, signal)) return skip('the old daemon is gone');
    const still = isDaemon(s.config);
    const sent = await signalChecked(old, 'SIGINT', still, {}, fx);
    if (sent === 'not-same-process') throw new StepFailure(`PID ${old.pid} is no longer the daemon: not signalled`);
    // oro always honours SIGINT; a daemon that does not exit within this grace is hung
    const graceMs = Math.max(2000, Math.min(10_000, s.config.thresholds.drainTimeoutS * 1000));
    if (await waitGone(old, graceMs, fx, signal)) {
      s.escalation = 'SIGINT';
      return 'SIGINT: the old daemon exited';
    }
    const killed = await signalChecked(old, 'SIGKILL', still, {}, fx);
    if (killed === 'not-same-process') throw new StepFailure(`PID ${old.pid} is no longer the daemon: not signalled`);
    if (!(await waitGone(old, 5000, fx, signal))) throw new StepFailure(`PID ${old.pid} survived SIGKILL`);
    s.escalation = 'SIGKILL';
    return 'SIGINT was ignored; SIGKILL: the old daemon is gone';
  },
};

/**
 * A step after the directive: the daemon is already shutting down, so a cancel stops nothing (the
 * swarm would be left without a daemon). One asked for while the step ran is noted as too late.
 */
function notingLateCancel(step: Step<RestartState>): Step<RestartState> {
  return {
    ...step,
    async run(s, ctx) {
      try {
        return await step.run(s, ctx);
      } finally {
        if (ctx.cancelled()) s.lateCancel = true;
      }
    },
  };
}

/** The drain-and-restart's steps; the drain's own timeout follows the configured deadline. */
export function restartSteps(config: Config): Step<RestartState>[] {
  const drain = { ...watchDrain, timeoutMs: config.thresholds.drainTimeoutS * 1000 + 15_000 };
  return [checkDaemon, askToRestart, ...[drain, escalate, ...successorSteps()].map(notingLateCancel)];
}

const checkDaemonIsDead: Step<RestartState> = {
  name: 'check',
  timeoutMs: 10_000,
  async run(s, { fx }) {
    const st = await daemonLiveness(s.config, fx);
    if (st.kind === 'alive')
      throw new StepFailure(`the daemon is running (PID ${st.pid}): nothing to start (restart it with oro-top restart-daemon)`);
    if (st.kind === 'answering') throw new StepFailure(`a daemon answers on ${s.config.socketPath} (${st.why}): nothing to start`);
    s.workersWanted = await startWorkerCount(s.config, fx);
    return `the daemon is not running (${st.why}); starting it for ${s.workersWanted} worker(s)`;
  },
};

/** What `start-daemon` runs: the daemon must be dead (never signalled), then the same start and waits. */
export function startSteps(): Step<RestartState>[] {
  return [checkDaemonIsDead, ...successorSteps()];
}

/** Where each bead that was in progress before is now. */
export function beadsNow(before: string[] | null, h: HealthDetail | null): string {
  if (before === null) return 'unknown (the daemon did not answer before the restart)';
  if (before.length === 0) return 'no bead was in progress';
  const now = new Map((h?.workers ?? []).filter((w) => w.beadId).map((w) => [w.beadId!, w.id]));
  return before.map((b) => `${b} ${now.has(b) ? `on ${now.get(b)}` : 'queued'}`).join(', ');
}
