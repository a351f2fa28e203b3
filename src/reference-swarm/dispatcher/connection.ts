// One connection on the dispatcher's control socket: JSON lines in, each either a DIRECTIVE
// (answered with one ACK, see directives.ts) or a worker's message (see worker-messages.ts).
import type { Socket } from 'node:net';
import { decodeMessage, LineReader } from '../../oro/wire.js';
import type { DispatcherCore } from './core.js';
import { directive } from './directives.js';
import { workerMessage } from './worker-messages.js';

export function serveConnection(core: DispatcherCore, conn: Socket): void {
  conn.setEncoding('utf8');
  core.conns.add(conn);
  let workerId: string | null = null;
  const reader = new LineReader(
    (line) => {
      const msg = decodeMessage(line);
      if (!msg) {
        core.log('WARN', `malformed message dropped: ${line.slice(0, 80)}`);
        return;
      }
      if (msg.type === 'DIRECTIVE') {
        const op = String(msg.payload.op ?? '');
        const args = String(msg.payload.args ?? '');
        directive(core, op, args, conn);
        return;
      }
      const id = typeof msg.payload.worker_id === 'string' ? msg.payload.worker_id : workerId;
      if (!id) return;
      workerId = id;
      workerMessage(core, id, msg.type, msg.payload, conn);
    },
    () => {
      core.log('WARN', 'line over 1 MiB: connection closed');
      conn.destroy();
    },
  );
  conn.on('data', (d: string) => reader.push(d));
  conn.on('error', () => {});
  conn.on('close', () => {
    core.conns.delete(conn);
    if (workerId) core.workers.gone(workerId, conn);
  });
}
