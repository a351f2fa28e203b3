// r: restart one worker, through the daemon, else by signal (worker.ts has the steps).
import type { ActionDefinition } from './action.js';
import { runWorkerOp, workerConfirmation } from './worker.js';

export const restartWorker: ActionDefinition = {
  kind: 'restart-worker',
  title: 'restart one worker (through the daemon, else by signal)',
  target: 'worker',
  key: { keys: ['r'], label: 'r', short: 'restart', screen: 'workers', help: 'restart the selected worker' },
  cli: { describe: 'restart one worker (through the daemon, else by signal)', positional: { name: 'id' } },
  readOnly: false,
  confirm: (id, report) => workerConfirmation('restart-worker', id, report),
  run: (ctx, id) => runWorkerOp(ctx, 'restart-worker', id),
};
