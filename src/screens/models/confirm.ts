// The confirmation dialog for actions that change the swarm: what will happen, default No.
import type { ActionRecord } from '../../journal/journal.js';
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { ActionRequest } from '../ui-state.js';
import type { Panel } from './panel.js';
import { wrapWords } from './help.js';

export interface ActionSettings {
  drainTimeoutS: number;
  startCommand: string[];
}

/** The restart has told the daemon to shut down (or is past that): a cancel can no longer stop it. */
export function pastDirective(a: Pick<ActionRecord, 'steps'> | undefined): boolean {
  return (a?.steps ?? []).some((s) => (s.name === 'directive' && s.status !== 'running') || !['check', 'directive'].includes(s.name));
}

function cancelLines(actionId: number, view: View | null): { title: string; lines: string[] } {
  const a = view?.snapshot.slices.actions.data?.recent.find((x) => x.id === actionId);
  if (!pastDirective(a)) {
    return {
      title: `Cancel restart #${actionId}?`,
      lines: [
        'The daemon has not been asked to restart yet.',
        'Cancelling stops the restart here: the daemon keeps running as it is.',
        '(Should the daemon be asked first, the restart goes on to the end.)',
      ],
    };
  }
  const drain = a?.steps.find((s) => s.name === 'drain' && s.status === 'running');
  return {
    title: `Restart #${actionId} cannot be cancelled now`,
    lines: [
      'The daemon was already told to shut down: that cannot be taken back.',
      'Cancelling does NOT stop the restart. What still happens:',
      `drain ${drain?.detail ? `(${drain.detail})` : 'until its deadline'},`,
      'then SIGINT, then SIGKILL, and the successor is started,',
      'so the swarm comes back (stopping half-way would leave no daemon).',
      'y: only records the cancel request in the journal.',
    ],
  };
}

/** The start command as it will run: `{workers}` is the number of workers the swarm has (at least 1). */
function startCommandText(s: ActionSettings, workers: number): string {
  return s.startCommand.map((a) => (a === '{workers}' ? String(Math.max(1, workers)) : a)).join(' ');
}

export function confirmLines(req: ActionRequest, view: View | null, s: ActionSettings): { title: string; lines: string[] } {
  const r = view?.report;
  const known = (r?.workers.length ?? 0) + (r?.removedWorkers?.length ?? 0);
  switch (req.kind) {
    case 'restart-daemon': {
      if (r?.daemon.status === 'dead') {
        // nothing to drain: R starts the daemon (oro-top start-daemon)
        return {
          title: 'Start the daemon?',
          lines: [
            `The daemon is not running: ${r.daemon.reason}.`,
            'Nothing to drain: oro-top starts it with',
            `  ${startCommandText(s, known)}`,
            'then waits for its PID file, a healthy reply and its workers.',
            'A PID file naming another live program is never signalled.',
          ],
        };
      }
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
    case 'respawn-pane': {
      const p = r?.panes.find((x) => x.name === req.pane);
      return {
        title: `Respawn the ${req.pane} pane?`,
        lines: [
          `It is ${p?.status ?? 'unknown'}: ${p?.reason ?? ''}`,
          p && p.status !== 'dead'
            ? 'Its running process is killed and started again (tmux respawn-pane -k).'
            : 'It is started again with its command.',
        ],
      };
    }
    case 'cancel':
      return cancelLines(req.actionId, view);
    case 'restart-worker':
    case 'kill-worker': {
      const w = r?.workers.find((x) => x.id === req.id);
      const verb = req.kind === 'restart-worker' ? 'Restart' : 'Kill';
      return {
        title: `${verb} worker ${req.id}?`,
        lines: [
          w
            ? `It is ${w.status}: ${w.reason}${w.beadId ? ` (bead ${w.beadId})` : ''}`
            : `It is not running: ${r?.removedWorkers?.find((x) => x.id === req.id)?.reason ?? 'not listed now'}.`,
          req.kind === 'restart-worker' && !w
            ? 'It is started again: by the daemon, else the way the daemon starts its workers.'
            : 'Through the daemon; if the daemon does not answer: SIGTERM to its process group, then SIGKILL.',
        ],
      };
    }
  }
}

export function confirmPanel(
  req: ActionRequest,
  view: View | null,
  s: ActionSettings,
  body: { top: number; left: number; cols: number; rows: number },
  theme: Theme,
): Panel {
  const { title, lines } = confirmLines(req, view, s);
  const width = Math.min(body.cols - 4, 76);
  const inner = width - 2;
  // wrapped at words: every line of what will happen is read whole
  const content = [
    ...lines.flatMap((l) => wrapWords(l, inner)).map((l) => esc(fit(l, inner, theme))),
    '',
    theme.bold(esc(fit('y: yes    any other key: no (the default)', inner, theme))),
  ];
  const height = content.length + 2;
  return {
    id: 'confirm',
    top: body.top + Math.max(0, Math.floor((body.rows - height) / 2)),
    left: body.left + Math.floor((body.cols - width) / 2),
    width,
    height,
    border: true,
    label: ` ${esc(title)} `,
    lines: content,
    focus: true,
  };
}
