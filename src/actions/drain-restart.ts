// Drain-and-restart of the daemon as journaled steps: check who the daemon is, send
// `restart-daemon`, watch the drain, escalate past the deadline (SIGINT, then SIGKILL, each only
// after the identity check), clear a stale socket, start the successor detached, and wait for its
// PID file, a healthy `health` reply and the workers to come back.
import { existsSync, rmSync } from 'node:fs';
import type { Config } from '../config.js';
import { judgeIdentity, readPidFile } from '../collectors/pid-file.js';
import { parseHealthDetail, type HealthDetail } from '../oro/health-detail.js';
import { describeOutcome, sendDirective } from '../system/oro-socket.js';
import { readProcess, type ProcessInfo } from '../system/procfs.js';
import { signalChecked, waitGone } from '../system/signal.js';
import { spawnDetached } from '../system/spawn.js';
import { isWorkerArgv, ProcessTableSampler } from '../collectors/process-table.js';
import { readManifest } from '../swarm-manifest.js';
import { skip, StepCancelled, StepFailure, type Step } from './steps.js';

export interface RestartState {
  config: Config;
  /** argv of the successor, `{workers}` replaced (set by the start step) */
  startCommand: string[];
  startEnv: Record<string, string>;
  old: { pid: number; startTicks: number } | null;
  workersBefore: number;
  beadsBefore: string[];
  /** true when the daemon did not take the directive: it is stopped with signals */
  signalPath: boolean;
  escalation: string | null;
  newPid: number | null;
  workersAfter: number;
  health: HealthDetail | null;
  /** how the successor's process ended, if it did (a start command that fails after a while) */
  successorExit: string | null;
  /** a cancel asked for after the directive: too late to stop, noted in the outcome */
  lateCancel: boolean;
  /** workers the successor is waited for (start-daemon: what was running, or the swarm's count) */
  workersWanted: number;
}

async function health(config: Config): Promise<HealthDetail | null> {
  const r = await sendDirective(config.socketPath, 'health', '', config.thresholds.socketTimeoutMs);
  if (r.kind !== 'answered' || !r.ack.ok) return null;
  try {
    return parseHealthDetail(r.ack.detail);
  } catch {
    return null;
  }
}

function isDaemon(config: Config): (p: ProcessInfo) => boolean {
  const re = new RegExp(config.daemonMatch);
  return (p) => re.test(p.argv.join(' '));
}

/** The drain-and-restart's steps; the drain's own timeout follows the configured deadline. */
export function restartSteps(config: Config): Step<RestartState>[] {
  return allSteps().map((st) => (st.name === 'drain' ? { ...st, timeoutMs: config.thresholds.drainTimeoutS * 1000 + 15_000 } : st));
}

/** What `start-daemon` runs: the daemon must be dead (never signalled), then the same start and waits. */
export function startSteps(): Step<RestartState>[] {
  const tail = allSteps().filter((st) => ['socket', 'start', 'wait-pid', 'wait-healthy', 'wait-workers'].includes(st.name));
  return [
    {
      name: 'check',
      timeoutMs: 10_000,
      async run(s) {
        const st = await daemonLiveness(s.config);
        if (st.kind === 'alive')
          throw new StepFailure(`the daemon is running (PID ${st.pid}): nothing to start (restart it with oro-top restart-daemon)`);
        if (st.kind === 'answering') throw new StepFailure(`a daemon answers on ${s.config.socketPath} (${st.why}): nothing to start`);
        s.workersWanted = await startWorkerCount(s.config);
        return `the daemon is not running (${st.why}); starting it for ${s.workersWanted} worker(s)`;
      },
    },
    ...tail,
  ];
}

/** The longest the steps can take together, plus slack: past it a runner is stuck. */
export function stepsBoundMs(steps: readonly Step<RestartState>[]): number {
  return steps.reduce((n, st) => n + st.timeoutMs, 0) + 30_000;
}

export type Liveness =
  | { kind: 'alive'; pid: number }
  /** no daemon process, and nothing answers on the socket */
  | { kind: 'dead'; why: string }
  /** no daemon behind the PID file, but something answers on the socket */
  | { kind: 'answering'; why: string };

/** Is the daemon running? A PID reused by another program counts as dead (and is never signalled). */
export async function daemonLiveness(config: Config): Promise<Liveness> {
  const pf = await readPidFile(config.pidPath);
  let why: string;
  if (pf.kind === 'ok') {
    const proc = await readProcess(pf.pid);
    // a zombie has no command line left to judge: it is dead either way
    const id = proc?.state === 'Z' ? { kind: 'zombie' as const } : judgeIdentity(pf, proc, new RegExp(config.daemonMatch));
    if (id.kind === 'daemon') return { kind: 'alive', pid: pf.pid };
    why =
      id.kind === 'reused'
        ? `${id.reason}; it is left alone`
        : `the PID file names PID ${pf.pid}, which is ${id.kind === 'zombie' ? 'a zombie' : 'gone'}`;
  } else if (pf.kind === 'missing') why = `no PID file at ${pf.path}`;
  else if (pf.kind === 'corrupt') why = `the PID file is corrupt (${pf.problem})`;
  else why = `the PID file is unreadable (${pf.message})`;
  const r = await sendDirective(config.socketPath, 'health', '', config.thresholds.socketTimeoutMs);
  if (r.kind === 'answered') return { kind: 'answering', why };
  return { kind: 'dead', why };
}

/** How many workers a started daemon gets: the swarm's own count when it recorded one, else as many as are left running. */
export async function startWorkerCount(config: Config): Promise<number> {
  return Math.max(1, readManifest(config.home)?.workers ?? (await orphanWorkerCount(config)));
}

/** Worker processes of this swarm still running without a daemon (they reconnect to the successor). */
async function orphanWorkerCount(config: Config): Promise<number> {
  const table = await new ProcessTableSampler((a) => isWorkerArgv(a, config.socketPath)).sample();
  return [...table.byPid.values()].filter((p) => p.state !== 'Z').length;
}

function allSteps(): Step<RestartState>[] {
  return [
    {
      name: 'check',
      timeoutMs: 10_000,
      async run(s) {
        const pf = await readPidFile(s.config.pidPath);
        if (pf.kind !== 'ok')
          throw new StepFailure(
            `no daemon to restart: PID file ${pf.kind}${pf.kind === 'corrupt' ? ` (${pf.problem})` : pf.kind === 'unreadable' ? ` (${pf.message})` : ''}`,
          );
        const proc = await readProcess(pf.pid);
        const id = judgeIdentity(pf, proc, new RegExp(s.config.daemonMatch));
        if (id.kind === 'reused') throw new StepFailure(`${id.reason}; refusing to signal it`);
        if (id.kind === 'gone' || !proc) throw new StepFailure(`PID file names PID ${pf.pid}, which is gone: the daemon is not running`);
        s.old = { pid: proc.pid, startTicks: proc.startTicks };
        const h = await health(s.config);
        s.workersBefore = h?.workers.length ?? 0;
        s.workersWanted = s.workersBefore;
        s.beadsBefore = (h?.workers ?? []).map((w) => w.beadId).filter((b): b is string => b !== null);
        return `daemon PID ${proc.pid}, ${s.workersBefore} workers, ${s.beadsBefore.length} beads in progress${h ? '' : ' (health did not answer)'}`;
      },
    },
    {
      name: 'directive',
      timeoutMs: 10_000,
      async run(s, ctx) {
        if (ctx.cancelled()) throw new StepCancelled('cancelled before the daemon was asked: nothing was changed');
        for (let attempt = 1; attempt <= 2; attempt++) {
          const r = await sendDirective(s.config.socketPath, 'restart-daemon', '', Math.max(2000, s.config.thresholds.socketTimeoutMs));
          if (r.kind === 'answered') {
            if (r.ack.ok || /already in progress/.test(r.ack.detail)) return `ACK: ${r.ack.detail || 'ok'}`;
            throw new StepFailure(`the daemon refused restart-daemon: ${r.ack.detail}`);
          }
          if (r.kind === 'closed' && attempt === 1) continue; // the connection dropped before the ACK: once more
          s.signalPath = true;
          return `no answer (${describeOutcome(r)}): stopping it with SIGINT instead`;
        }
        s.signalPath = true;
        return 'the connection dropped twice: stopping it with SIGINT instead';
      },
    },
    {
      name: 'drain',
      // the drain deadline, plus the time one health round may take
      timeoutMs: 0, // set from the config by restartSteps()
      async run(s, ctx) {
        const old = s.old!;
        if (s.signalPath) return skip('no drain: the daemon did not take the directive');
        const deadline = Date.now() + s.config.thresholds.drainTimeoutS * 1000;
        const t0 = Date.now();
        // the daemon was told to shut down: that cannot be taken back. A cancel asked for now stops
        // nothing (the daemon would be left stopping with no successor): the deadline, the
        // escalation and the successor's start all still apply.
        while (Date.now() < deadline && !ctx.signal.aborted) {
          if (!s.lateCancel && ctx.cancelled()) s.lateCancel = true;
          if (await waitGone(old, 250))
            return `old daemon exited after ${((Date.now() - t0) / 1000).toFixed(1)} s${s.lateCancel ? ' (cancel asked too late: the restart went on)' : ''}`;
          const h = await health(s.config);
          // an approving worker hands off and leaves: count those not yet approved
          const approved = h ? Math.max(0, s.workersBefore - h.workers.filter((w) => w.state !== 'shutting_down').length) : null;
          const left = `${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))} s left${s.lateCancel ? ' (cancel asked too late: going on)' : ''}`;
          // the beads still being saved: workers that hold one and have not approved yet
          const saving = (h?.workers ?? []).filter((w) => w.beadId && w.state !== 'shutting_down').map((w) => `${w.beadId} (${w.id})`);
          ctx.progress(
            `${approved === null ? 'draining' : `${approved}/${s.workersBefore} workers approved`}, ${left}${saving.length ? `; saving ${saving.slice(0, 4).join(', ')}${saving.length > 4 ? ` +${saving.length - 4}` : ''}` : ''}`,
          );
        }
        return `still running at the ${s.config.thresholds.drainTimeoutS} s deadline`;
      },
    },
    {
      name: 'escalate',
      timeoutMs: 30_000,
      async run(s) {
        const old = s.old!;
        if (await waitGone(old, 0)) return skip('the old daemon is gone');
        const still = isDaemon(s.config);
        const sent = await signalChecked(old, 'SIGINT', still);
        if (sent === 'not-same-process') throw new StepFailure(`PID ${old.pid} is no longer the daemon: not signalled`);
        // oro always honours SIGINT; a daemon that does not exit within this grace is hung
        const graceMs = Math.max(2000, Math.min(10_000, s.config.thresholds.drainTimeoutS * 1000));
        if (await waitGone(old, graceMs)) {
          s.escalation = 'SIGINT';
          return 'SIGINT: the old daemon exited';
        }
        const killed = await signalChecked(old, 'SIGKILL', still);
        if (killed === 'not-same-process') throw new StepFailure(`PID ${old.pid} is no longer the daemon: not signalled`);
        if (!(await waitGone(old, 5000))) throw new StepFailure(`PID ${old.pid} survived SIGKILL`);
        s.escalation = 'SIGKILL';
        return 'SIGINT was ignored; SIGKILL: the old daemon is gone';
      },
    },
    {
      name: 'socket',
      timeoutMs: 10_000,
      async run(s) {
        if (!existsSync(s.config.socketPath)) return 'socket file gone';
        const r = await sendDirective(s.config.socketPath, 'health', '', 1000);
        if (r.kind === 'answered') throw new StepFailure('another daemon already answers on the socket');
        rmSync(s.config.socketPath, { force: true });
        return `removed the stale socket file (${describeOutcome(r)})`;
      },
    },
    {
      name: 'start',
      timeoutMs: 10_000,
      async run(s, ctx) {
        s.startCommand = s.config.daemonStartCommand.map((a) => (a === '{workers}' ? String(Math.max(1, s.workersWanted)) : a));
        const child = spawnDetached(s.startCommand, { outputFile: s.config.daemonLog, env: s.startEnv, watchExit: true });
        void child.then((r) => {
          s.successorExit =
            r.failed && r.exitCode === undefined
              ? (r.shortMessage ?? 'could not start').split('\n')[0]!
              : `exited with ${r.signal ? `signal ${r.signal}` : `status ${r.exitCode}`}`;
        });
        // a command that cannot start at all (bad path) fails at once
        await ctx.sleep(100);
        if (s.successorExit) throw new StepFailure(`'${s.startCommand.join(' ')}': ${s.successorExit}`.slice(0, 300));
        child.unref();
        return `started: ${s.startCommand.join(' ')}`;
      },
    },
    {
      name: 'wait-pid',
      timeoutMs: 20_000,
      async run(s, ctx) {
        const re = new RegExp(s.config.daemonMatch);
        while (!ctx.expired()) {
          if (s.successorExit && !s.newPid)
            throw new StepFailure(`the new daemon ${s.successorExit} before writing its PID file (see ${s.config.daemonLog})`);
          const pf = await readPidFile(s.config.pidPath);
          if (pf.kind === 'ok' && pf.pid !== s.old?.pid) {
            const id = judgeIdentity(pf, await readProcess(pf.pid), re);
            if (id.kind === 'daemon') {
              s.newPid = pf.pid;
              return `new daemon PID ${pf.pid}`;
            }
          }
          await ctx.sleep(100);
        }
        throw new StepFailure('timed out');
      },
    },
    {
      name: 'wait-healthy',
      timeoutMs: 20_000,
      async run(s, ctx) {
        let sentStart = false;
        while (!ctx.expired()) {
          const h = await health(s.config);
          if (h && h.daemon.state === 'running') return `healthy (state running)${sentStart ? ', after a start directive' : ''}`;
          if (h && h.daemon.state === 'inert' && !sentStart) {
            // the predecessor was running: a daemon that comes up waiting for `start` gets it
            await sendDirective(s.config.socketPath, 'start', '', 2000);
            sentStart = true;
          }
          await ctx.sleep(100);
        }
        throw new StepFailure('timed out');
      },
    },
    {
      name: 'wait-workers',
      timeoutMs: 30_000,
      async run(s, ctx) {
        while (!ctx.expired()) {
          const h = await health(s.config);
          if (h) {
            s.health = h;
            s.workersAfter = h.workers.length;
            if (s.workersAfter >= s.workersWanted) return `${s.workersAfter}/${s.workersWanted} workers connected`;
            ctx.progress(`${s.workersAfter}/${s.workersWanted} workers connected`);
          }
          await ctx.sleep(150);
        }
        throw new StepFailure('timed out');
      },
    },
  ];
}

/** Where each bead that was in progress before is now. */
export function beadsNow(before: string[], h: HealthDetail | null): string {
  if (before.length === 0) return 'no bead was in progress';
  const now = new Map((h?.workers ?? []).filter((w) => w.beadId).map((w) => [w.beadId!, w.id]));
  return before.map((b) => `${b} ${now.has(b) ? `on ${now.get(b)}` : 'queued'}`).join(', ');
}
