// Writing back on the dispatcher's control socket: a message to a worker (nothing if its
// connection is gone), or the one ACK every directive gets.
import type { Socket } from 'node:net';
import { encodeMessage } from '../../oro/wire.js';

export function send(conn: Socket | null, type: string, payload?: unknown): void {
  if (conn && !conn.destroyed) conn.write(encodeMessage(type, payload));
}

export function ack(conn: Socket, ok: boolean, detail: string): void {
  send(conn, 'ACK', detail === '' ? { ok } : { ok, detail });
}
