// R: drain and restart the daemon. Runs detached (daemon-runner.ts); a dead daemon has nothing to
// drain, so the same key starts it (as start-daemon does).
import type { HealthReport } from '../health/types.js';
import type { ActionDefinition, ActionSettings, Confirmation } from './action.js';
import { daemonLiveness } from './drain-restart.js';
import { daemonActionUnderWay, launchDaemonAction, RESTART_KIND, START_KIND, underWayText } from './daemon-runner.js';
import { startCommandText, startConfirmation } from './start-daemon.js';

function restartConfirmation(r: HealthReport | null, s: ActionSettings): Confirmation {
  if (r?.restart) return { title: 'Drain and restart the daemon?', lines: [], refused: underWayText(r.restart), busy: true };
  if (r?.daemon.status === 'dead') return startConfirmation(r, s);
  const workers = r?.workers.filter((w) => w.pid !== null).length ?? 0;
  const beads = r?.workers.filter((w) => w.beadId).length ?? 0;
  return {
    title: 'Drain and restart the daemon?',
    lines: [
      `Daemon PID ${r?.daemon.pid ?? '?'} restarts: ${workers} worker(s) hand off, ${beads} bead(s) in progress.`,
      `The drain may take up to ${s.drainTimeoutS} s; past that: SIGINT, then SIGKILL.`,
      `Then the successor starts: ${startCommandText(s, r?.workers.length ?? 0)}`,
      'The restart runs on its own: quitting oro-top does not stop it.',
    ],
  };
}

export const restartDaemon: ActionDefinition = {
  kind: RESTART_KIND,
  title: 'drain and restart the daemon (a dead daemon is started instead)',
  target: 'daemon',
  key: { keys: ['R'], label: 'R', short: 'restart daemon', screen: 'overview', help: 'drain and restart the daemon' },
  cli: { describe: 'drain and restart the daemon (asks first; --yes for scripts); runs on even if this process ends' },
  readOnly: false,
  confirm: (_target, report, settings) => restartConfirmation(report, settings),
  async run(ctx) {
    // decided again at the moment it runs: the daemon may have died or come back since the question
    const under = await daemonActionUnderWay(ctx);
    if (under) return { kind: 'busy', holder: under };
    const live = await daemonLiveness(ctx.config);
    if (live.kind === 'answering')
      return {
        kind: 'refused',
        why: `a daemon answers on ${ctx.config.socketPath} although its PID file does not name it (${live.why}): nothing done`,
      };
    if (live.kind === 'alive') return launchDaemonAction(ctx, RESTART_KIND);
    const l = await launchDaemonAction(ctx, START_KIND);
    const note = `the daemon of ${ctx.config.home} is not running (${live.why}): there is nothing to drain; it is started instead (as oro-top start-daemon)`;
    return l.kind === 'detached' ? { ...l, note } : l;
  },
};
