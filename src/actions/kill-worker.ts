// K: kill one worker, through the daemon, else SIGTERM then SIGKILL to its process group (worker.ts
// has the steps).
import type { ActionDefinition } from './action.js';
import { runWorkerOp, workerConfirmation } from './worker.js';

export const killWorker: ActionDefinition = {
  kind: 'kill-worker',
  title: 'kill one worker (through the daemon, else SIGTERM then SIGKILL to its process group)',
  target: 'worker',
  key: { keys: ['K'], label: 'K', short: 'kill', screen: 'workers', help: 'kill the selected worker' },
  cli: { describe: 'kill one worker (through the daemon, else SIGTERM then SIGKILL to its process group)', positional: { name: 'id' } },
  readOnly: false,
  confirm: (id, report) => workerConfirmation('kill-worker', id, report),
  run: (ctx, id) => runWorkerOp(ctx, 'kill-worker', id),
};
