// Every action oro-top can take, in the order the help screen lists them. The dashboard's keys, help,
// hint line and confirm dialog, the CLI's action commands and the dispatcher all come from this list:
// adding an action is one new file in src/actions/ and one line here.
import type { HealthReport } from '../health/types.js';
import type { ActionDefinition, ActionSettings, ConfirmExtra, Confirmation } from './action.js';
import { killWorker } from './kill-worker.js';
import { pauseSupervisor } from './pause-supervisor.js';
import { respawnPane } from './respawn-pane.js';
import { restartDaemon } from './restart-daemon.js';
import { restartWorker } from './restart-worker.js';
import { sendToPane } from './send-to-pane.js';
import { startDaemon } from './start-daemon.js';

export const ACTIONS: readonly ActionDefinition[] = [
  restartDaemon,
  startDaemon,
  respawnPane,
  restartWorker,
  killWorker,
  pauseSupervisor,
  sendToPane,
];

export function actionByKind(kind: string): ActionDefinition | null {
  return ACTIONS.find((a) => a.kind === kind) ?? null;
}

/** The question before an action, from what oro-top sees now. */
export function confirmationFor(
  kind: string,
  target: string,
  report: HealthReport | null,
  settings: ActionSettings,
  extra?: ConfirmExtra,
): Confirmation {
  const def = actionByKind(kind);
  if (!def) return { title: `Unknown action ${kind}`, lines: [], refused: `oro-top has no action '${kind}'` };
  return def.confirm(target, report, settings, extra);
}
