// The confirmation dialog for actions that change the swarm: what will happen, default No.
import type { ConfirmExtra, Confirmation } from '../../actions/action.js';
import type { HealthReport } from '../../health/types.js';
import type { ActionRecord } from '../../journal/journal.js';
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit, width } from '../text.js';
import type { ActionRequest } from '../ui-state.js';
import type { Panel } from './panel.js';
import { wrapWords } from './help.js';

/** The restart has told the daemon to shut down (or is past that): a cancel can no longer stop it. */
export function pastDirective(a: Pick<ActionRecord, 'steps'> | undefined): boolean {
  return (a?.steps ?? []).some((s) => (s.name === 'directive' && s.status !== 'running') || !['check', 'directive'].includes(s.name));
}

/** A dialog's question; `yes`: what y does, when it is not simply yes. */
export type Dialog = Confirmation & { yes?: string };

/** What still happens to a restart past the directive, from the step it is at (exact: SIGINT and
 * SIGKILL come only past the drain's deadline). */
function stillHappens(step: { name: string; detail: string | null } | undefined): string[] {
  const successor = 'then the successor is started, so the swarm comes back (stopping half-way would leave no daemon).';
  if (step?.name === 'drain' || step === undefined || step.name === 'directive')
    return [
      `The drain goes on${step?.detail ? ` (${step.detail})` : ''}: workers that approve in time end it and the old daemon exits with no signal;`,
      'only if it still runs at the deadline: SIGINT, then SIGKILL if SIGINT is ignored;',
      successor,
    ];
  if (step.name === 'escalate')
    return ['The old daemon outlived its drain deadline: SIGINT, then SIGKILL if SIGINT is ignored;', successor];
  return [`The old daemon is gone; the successor is being started (step ${step.name}), so the swarm comes back.`];
}

function cancelLines(actionId: number, view: View | null): Dialog {
  const a = view?.snapshot.slices.actions.data?.recent.find((x) => x.id === actionId);
  if (!pastDirective(a)) {
    return {
      title: `Cancel restart #${actionId}?`,
      lines: [
        'The daemon has not been asked to restart yet.',
        'Cancelling stops the restart here: the daemon keeps running as it is.',
        '(Should the daemon be asked first, the restart goes on to the end.)',
      ],
      yes: 'y: cancel the restart',
    };
  }
  return {
    title: `Restart #${actionId} cannot be cancelled now`,
    lines: [
      'The daemon was already told to shut down: that cannot be taken back.',
      'Cancelling does NOT stop the restart. What still happens:',
      ...stillHappens(a?.steps.at(-1)),
    ],
    yes: 'y: only record the cancel request in the journal',
  };
}

/** The question for an action of the registry (given by the app, which knows the registry). */
export type DescribeAction = (kind: string, target: string, report: HealthReport | null, extra?: ConfirmExtra) => Confirmation;

/** The restart a cancel dialog asks about has ended meanwhile: what to say instead of asking. */
export function cancelMoot(req: ActionRequest | null, view: View | null): string | null {
  const recent = view?.snapshot.slices.actions.data?.recent;
  if (req?.kind !== 'cancel' || !recent) return null;
  const a = recent.find((x) => x.id === req.actionId);
  if (a?.status === 'running') return null;
  return `restart #${req.actionId} has ended${a ? ` (${a.status})` : ''}: nothing to cancel`;
}

/** A daemon restart or start that runs now: another daemon action has nothing to do (said at once, no dialog). */
export function restartRunning(view: View | null): string | null {
  const r = view?.report.restart;
  if (!r) return null;
  const a = view?.snapshot.slices.actions.data?.recent.find((x) => x.id === r.actionId);
  // what to do first: at 80 columns the end of the line is cut
  const esc = pastDirective(a) ? 'wait for it (Esc: why it cannot be cancelled)' : 'wait for it, or Esc cancels it';
  return `${r.kind} #${r.actionId} runs (step ${r.step ?? 'starting'}): ${esc}; by ${r.who}`;
}

/** The dialog's question: a cancel's, or the action's own (the same words as its CLI prompt). */
export function confirmationOf(req: ActionRequest, view: View | null, describe?: DescribeAction): Dialog {
  if (req.kind === 'cancel') return cancelLines(req.actionId, view);
  const running = req.target === 'daemon' ? restartRunning(view) : null;
  if (running) return { title: `${req.action}?`, lines: [], refused: running };
  return describe
    ? describe(req.action, req.target, view?.report ?? null, {
        supervision: view?.snapshot.slices.supervisor?.data ?? null,
        ...(req.input ? { input: req.input } : {}),
      })
    : { title: `${req.action} ${req.target}?`, lines: [] };
}

/** The one line that says what y does (two when it is long), then that any other key is no. */
function yesLines(yes: string, inner: number): string[] {
  const line = `${yes}    any other key: no (the default)`;
  return width(line) <= inner ? [line] : [yes, 'any other key: no (the default)'].flatMap((l) => wrapWords(l, inner));
}

export function confirmPanel(c: Dialog, body: { top: number; left: number; cols: number; rows: number }, theme: Theme): Panel {
  const { title } = c;
  // an action that cannot run now says why; y would only be refused again
  const lines = c.refused ? [`It cannot run now: ${c.refused}.`] : c.lines;
  const width = Math.min(body.cols - 4, 76);
  const inner = width - 2;
  // wrapped at words: every line of what will happen is read whole
  const content = [
    ...lines.flatMap((l) => wrapWords(l, inner)).map((l) => esc(fit(l, inner, theme))),
    '',
    ...yesLines(c.yes ?? 'y: yes', inner).map((l) => theme.bold(esc(fit(l, inner, theme)))),
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
