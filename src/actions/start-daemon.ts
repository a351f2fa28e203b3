// start-daemon: starts a dead daemon (refused while one runs or answers on the socket). Runs detached
// (daemon-runner.ts). In the dashboard it is R on a dead daemon (restart-daemon.ts asks this question).
import type { HealthReport } from '../health/types.js';
import type { ActionDefinition, ActionSettings, Confirmation } from './action.js';
import { daemonLiveness } from './drain-restart.js';
import { daemonActionUnderWay, launchDaemonAction, START_KIND, underWayText } from './daemon-runner.js';

/** The start command as it will run: `{workers}` is the number of workers the swarm has (at least 1). */
export function startCommandText(s: ActionSettings, workers: number): string {
  return s.startCommand.map((a) => (a === '{workers}' ? String(Math.max(1, workers)) : a)).join(' ');
}

export function startConfirmation(r: HealthReport | null, s: ActionSettings): Confirmation {
  if (r?.restart) return { title: 'Start the daemon?', lines: [], refused: underWayText(r.restart), busy: true };
  if (r && r.daemon.status !== 'dead')
    return {
      title: 'Start the daemon?',
      lines: [],
      refused: `the daemon is running${r.daemon.pid ? ` (PID ${r.daemon.pid})` : ''}: nothing to start (oro-top restart-daemon restarts it)`,
    };
  const known = (r?.workers.length ?? 0) + (r?.removedWorkers?.length ?? 0);
  return {
    title: 'Start the daemon?',
    lines: [
      `The daemon is not running: ${r?.daemon.reason ?? 'unknown'}.`,
      'Nothing to drain: oro-top starts it with',
      `  ${startCommandText(s, known)}`,
      'then waits for its PID file, a healthy reply and its workers.',
      'A PID file naming another live program is never signalled.',
    ],
  };
}

export const startDaemon: ActionDefinition = {
  kind: START_KIND,
  title: 'start the daemon when it is not running',
  target: 'daemon',
  cli: { describe: 'start the daemon when it is not running (asks first; --yes for scripts); refused while one runs' },
  readOnly: false,
  confirm: (_target, report, settings) => startConfirmation(report, settings),
  async run(ctx) {
    // a start or restart under way answers first: the daemon may look alive or dead half-way through it
    const under = await daemonActionUnderWay(ctx);
    if (under) return { kind: 'busy', holder: under };
    const live = await daemonLiveness(ctx.config);
    if (live.kind === 'alive')
      return {
        kind: 'refused',
        why: `the daemon of ${ctx.config.home} is running (PID ${live.pid}): nothing to start (oro-top restart-daemon restarts it)`,
      };
    if (live.kind === 'answering')
      return {
        kind: 'refused',
        why: `a daemon answers on ${ctx.config.socketPath} although its PID file does not name it: nothing started`,
      };
    return launchDaemonAction(ctx, START_KIND);
  },
};
