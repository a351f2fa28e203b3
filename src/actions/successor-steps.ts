// The second half of a daemon restart, and all of a start: clear a stale socket file, start the
// successor detached, and wait for its PID file, a healthy `health` reply and its workers.
import { judgeIdentity } from '../collectors/pid-file.js';
import { describeOutcome } from '../system/oro-socket.js';
import { daemonHealth, type RestartState } from './restart-state.js';
import { StepFailure, type Step } from './steps.js';

const clearStaleSocket: Step<RestartState> = {
  name: 'socket',
  timeoutMs: 10_000,
  async run(s, { fx }) {
    if (!(await fx.pathExists(s.config.socketPath))) return 'socket file gone';
    const r = await fx.directive(s.config.socketPath, 'health', '', 1000);
    if (r.kind === 'answered') throw new StepFailure('another daemon already answers on the socket');
    await fx.removeFile(s.config.socketPath);
    return `removed the stale socket file (${describeOutcome(r)})`;
  },
};

const startSuccessor: Step<RestartState> = {
  name: 'start',
  timeoutMs: 10_000,
  async run(s, ctx) {
    s.startCommand = s.config.daemonStartCommand.map((a) => (a === '{workers}' ? String(Math.max(1, s.workersWanted)) : a));
    const child = ctx.fx.spawnDetached(s.startCommand, { outputFile: s.config.daemonLog, env: s.startEnv });
    void child.ended.then((how) => {
      s.successorExit = how;
    });
    // a command that cannot start at all (bad path) fails at once
    await ctx.sleep(100);
    if (s.successorExit) throw new StepFailure(`'${s.startCommand.join(' ')}': ${s.successorExit}`.slice(0, 300));
    child.unref();
    return `started: ${s.startCommand.join(' ')}`;
  },
};

const waitForPidFile: Step<RestartState> = {
  name: 'wait-pid',
  timeoutMs: 20_000,
  async run(s, ctx) {
    const re = new RegExp(s.config.daemonMatch);
    while (!ctx.expired()) {
      if (s.successorExit && !s.newPid)
        throw new StepFailure(`the new daemon ${s.successorExit} before writing its PID file (see ${s.config.daemonLog})`);
      const pf = await ctx.fx.readPidFile(s.config.pidPath);
      if (pf.kind === 'ok') {
        const proc = await ctx.fx.readProcess(pf.pid);
        // the old daemon's PID file, while it is still there, is not the successor's; a successor
        // that got the old PID number again (a new start time) is
        const isOld = proc !== null && proc.pid === s.old?.pid && proc.startTicks === s.old.startTicks;
        const id = judgeIdentity(pf, proc, re);
        if (id.kind === 'daemon' && !isOld) {
          s.newPid = pf.pid;
          return `new daemon PID ${pf.pid}`;
        }
      }
      await ctx.sleep(100);
    }
    throw new StepFailure('timed out');
  },
};

const waitUntilHealthy: Step<RestartState> = {
  name: 'wait-healthy',
  timeoutMs: 20_000,
  async run(s, ctx) {
    let sentStart = false;
    while (!ctx.expired()) {
      const h = await daemonHealth(s.config, ctx.fx);
      if (h && h.daemon.state === 'running') return `healthy (state running)${sentStart ? ', after a start directive' : ''}`;
      if (h && h.daemon.state === 'inert' && !sentStart) {
        // the predecessor was running: a daemon that comes up waiting for `start` gets it
        await ctx.fx.directive(s.config.socketPath, 'start', '', 2000);
        sentStart = true;
      }
      await ctx.sleep(100);
    }
    throw new StepFailure('timed out');
  },
};

const waitForWorkers: Step<RestartState> = {
  name: 'wait-workers',
  timeoutMs: 30_000,
  async run(s, ctx) {
    while (!ctx.expired()) {
      const h = await daemonHealth(s.config, ctx.fx);
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
};

/** From a dead daemon to a healthy successor with its workers: the steps a restart and a start share. */
export function successorSteps(): Step<RestartState>[] {
  return [clearStaleSocket, startSuccessor, waitForPidFile, waitUntilHealthy, waitForWorkers];
}
