// The swarm's overall status and its one-line reason, from the components' statuses: unreachable
// (nothing to read), critical, restarting (a restart of oro-top's under way), degraded or healthy.
import type { Snapshot } from '../collectors/sources.js';
import { SOURCE_NAMES } from '../collectors/source-names.js';
import type { DaemonHealth, HealthReport, Overall, PaneHealth, RestartInProgress, WorkerHealth } from './types.js';

export function overallOf(
  snap: Snapshot,
  daemon: DaemonHealth,
  panes: PaneHealth[],
  workers: WorkerHealth[],
  counts: HealthReport['workerCounts'],
  restart: RestartInProgress | null,
): { overall: Overall; reason: string } {
  const d = snap.slices.daemon.data;
  const homeMissing = snap.slices.home.data?.exists === false;
  const home = snap.slices.home.data?.path ?? 'the oro home';
  const tmuxProblem = snap.slices.tmux.data?.problem;
  const nothing =
    d !== null &&
    d.pidFile.kind === 'missing' &&
    d.healthSocket.kind === 'no-socket' &&
    (tmuxProblem === 'no-server' || tmuxProblem === 'no-session' || tmuxProblem === 'no-tmux') &&
    workers.every((w) => w.pid === null);
  if (homeMissing && (d === null || d.pidFile.kind === 'missing'))
    return { overall: 'unreachable', reason: `oro home ${home} does not exist (--home or ORO_HOME names another)` };
  if (nothing)
    return {
      overall: 'unreachable',
      reason: `nothing to read in ${home}: no PID file, no socket, no tmux session, no worker process${workers.length > 0 ? ` (${workers.length} gone recently)` : ''}`,
    };

  const problems: string[] = [];
  if (daemon.status !== 'healthy') problems.push(`daemon: ${daemon.reason}`);
  for (const p of panes) if (p.status !== 'healthy') problems.push(`${p.name}: ${p.reason}`);
  const badWorkers = workers.filter((w) => w.status !== 'healthy');
  if (badWorkers.length > 0) problems.push(`workers: ${counts.healthy}/${counts.total} healthy`);
  for (const [key, s] of Object.entries(snap.slices)) {
    // oro-top's own journal failing says nothing about the swarm: it shows as a source only
    if (!s.error || key === 'actions' || key === 'supervisor') continue;
    const name = SOURCE_NAMES[key as keyof typeof SOURCE_NAMES] ?? key;
    problems.push(s.error.message.startsWith(name) ? s.error.message : `${name}: ${s.error.message}`);
  }

  const critical =
    daemon.status === 'dead' || panes.some((p) => p.status === 'dead') || (counts.total > 0 && counts.dead * 2 > counts.total);
  if (critical) return { overall: 'critical', reason: problems.join('; ') };
  if (restart) {
    const others = problems.filter((p) => !p.startsWith('daemon: ') && !p.startsWith('workers: '));
    const detail = restart.detail ? `: ${restart.detail}` : '';
    return {
      overall: 'restarting',
      reason: [
        `daemon ${restart.kind === 'start-daemon' ? 'start' : 'restart'} #${restart.actionId} by ${restart.who} in progress, step ${restart.step ?? 'starting'}${detail} (${restart.elapsedS} s)`,
        ...others,
      ].join('; '),
    };
  }
  if (problems.length > 0) return { overall: 'degraded', reason: problems.join('; ') };
  return { overall: 'healthy', reason: `daemon running, both panes active, ${counts.healthy}/${counts.total} workers healthy` };
}
