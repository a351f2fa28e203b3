// What the dispatcher does with each message a worker sends (HEARTBEAT, RECONNECT, STATUS,
// HANDOFF, DONE, SHUTDOWN_APPROVED): worker record and bead store updates.
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { send } from './send.js';
import type { DispatcherCore } from './core.js';

export function workerMessage(core: DispatcherCore, id: string, type: string, p: Record<string, unknown>, conn: Socket): void {
  const { store } = core;
  const rec = core.workers.register(id, conn);
  const bead = typeof p.bead_id === 'string' && p.bead_id !== '' ? p.bead_id : null;
  switch (type) {
    case 'HEARTBEAT':
      if (typeof p.context_pct === 'number') rec.contextPct = p.context_pct;
      break;
    case 'RECONNECT':
      if (typeof p.context_pct === 'number') rec.contextPct = p.context_pct;
      if (bead && store.adopt(bead, id, join(core.paths.home, 'worktrees'))) {
        rec.beadId = bead;
        rec.state = 'busy';
        rec.lastProgressAtMs = Date.now();
        core.log('INFO', `worker ${id} reconnected holding ${bead}`);
      } else {
        rec.state = 'idle';
        rec.beadId = null;
        if (bead) send(conn, 'PREEMPT', {});
      }
      break;
    case 'STATUS': {
      const m = /progress (\d+)\/(\d+)/.exec(String(p.result ?? ''));
      if (bead && m) {
        store.saveProgress(bead, Number(m[1]));
        rec.lastProgressAtMs = Date.now();
      }
      break;
    }
    case 'HANDOFF':
      if (bead) store.handoff(bead, id, Number(p.progress ?? 0));
      core.log('INFO', `worker ${id} handed off ${bead ?? '(no bead)'} at progress ${p.progress ?? '?'}`);
      break;
    case 'DONE':
      if (bead) {
        if (p.quality_gate_passed === true) store.complete(bead, id);
        else {
          store.requeue(bead, 'quality gate failed');
          core.log('ERROR', `bead ${bead} FAILED the quality gate on ${id}`);
        }
      }
      rec.state = 'idle';
      rec.beadId = null;
      rec.lastProgressAtMs = Date.now();
      break;
    case 'SHUTDOWN_APPROVED':
      rec.approved = true;
      rec.state = 'shutting_down';
      core.log('INFO', `worker ${id} approved shutdown`);
      break;
    default:
      core.log('WARN', `unknown message ${type} from ${id}`);
  }
}
