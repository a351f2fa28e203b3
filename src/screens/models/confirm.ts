// The confirmation dialog for actions that change the swarm: what will happen, default No.
import type { ConfirmExtra, Confirmation } from '../../actions/action.js';
import type { HealthReport } from '../../health/types.js';
import type { ActionRecord } from '../../journal/journal.js';
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { ActionRequest } from '../ui-state.js';
import type { Panel } from './panel.js';
import { wrapWords } from './help.js';

/** The restart has told the daemon to shut down (or is past that): a cancel can no longer stop it. */
export function pastDirective(a: Pick<ActionRecord, 'steps'> | undefined): boolean {
  return (a?.steps ?? []).some((s) => (s.name === 'directive' && s.status !== 'running') || !['check', 'directive'].includes(s.name));
}

function cancelLines(actionId: number, view: View | null): Confirmation {
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

/** The question for an action of the registry (given by the app, which knows the registry). */
export type DescribeAction = (kind: string, target: string, report: HealthReport | null, extra?: ConfirmExtra) => Confirmation;

/** The dialog's question: a cancel's, or the action's own (the same words as its CLI prompt). */
export function confirmationOf(req: ActionRequest, view: View | null, describe?: DescribeAction): Confirmation {
  if (req.kind === 'cancel') return cancelLines(req.actionId, view);
  return describe
    ? describe(req.action, req.target, view?.report ?? null, { supervision: view?.snapshot.slices.supervisor?.data ?? null })
    : { title: `${req.action} ${req.target}?`, lines: [] };
}

export function confirmPanel(c: Confirmation, body: { top: number; left: number; cols: number; rows: number }, theme: Theme): Panel {
  const { title } = c;
  // an action that cannot run now says why; y would only be refused again
  const lines = c.refused ? [`It cannot run now: ${c.refused}.`] : c.lines;
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
