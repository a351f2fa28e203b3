// Sends one directive to the daemon's control socket and reads exactly one ACK line back.
// Every way this can go wrong is a distinct outcome, because each means something different
// about the daemon: no socket file, a stale file nobody listens on, a frozen daemon, or an answer.
import { connect } from 'node:net';
import { lstat } from 'node:fs/promises';
import { decodeMessage, encodeMessage, LineReader } from '../oro/wire.js';
import { messageOf } from '../util/errors.js';

export interface Ack {
  ok: boolean;
  detail: string;
}

export type SocketOutcome =
  | { kind: 'answered'; ack: Ack; latencyMs: number }
  | { kind: 'no-socket' }
  | { kind: 'not-a-socket' }
  /** the file exists but nobody listens: stale, left by a dead daemon */
  | { kind: 'refused' }
  /** connected (or connecting) but no answer in time: a frozen daemon */
  | { kind: 'timeout'; phase: 'connect' | 'reply'; timeoutMs: number }
  /** the daemon closed the connection before answering */
  | { kind: 'closed' }
  | { kind: 'protocol-error'; message: string }
  | { kind: 'error'; message: string }
  /** not asked: the process behind the PID file is stopped (SIGSTOP) and cannot answer */
  | { kind: 'not-asked'; why: string };

/** One line describing an outcome that is not an answer, for reasons and status lines. */
export function describeOutcome(o: SocketOutcome): string {
  switch (o.kind) {
    case 'answered':
      return o.ack.ok ? 'answered' : `refused the directive: ${o.ack.detail}`;
    case 'no-socket':
      return 'no socket file';
    case 'not-a-socket':
      return 'socket path is not a socket';
    case 'refused':
      return 'socket file is stale (nobody listening)';
    case 'timeout':
      return o.phase === 'connect'
        ? `socket did not accept within ${o.timeoutMs} ms`
        : `socket did not answer within ${o.timeoutMs} ms (frozen?)`;
    case 'closed':
      return 'socket closed the connection without answering';
    case 'protocol-error':
      return `socket answered garbage: ${o.message}`;
    case 'error':
      return `socket error: ${o.message}`;
    case 'not-asked':
      return `socket not asked (${o.why})`;
  }
}

export async function sendDirective(socketPath: string, op: string, args = '', timeoutMs = 1000): Promise<SocketOutcome> {
  try {
    const st = await lstat(socketPath);
    if (!st.isSocket()) return { kind: 'not-a-socket' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'no-socket' };
    return { kind: 'error', message: messageOf(err) };
  }
  const started = performance.now();
  return new Promise<SocketOutcome>((resolve) => {
    let settled = false;
    let connected = false;
    const sock = connect(socketPath);
    const finish = (o: SocketOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', phase: connected ? 'reply' : 'connect', timeoutMs }), timeoutMs);
    const reader = new LineReader(
      (line) => {
        const msg = decodeMessage(line);
        if (msg?.type !== 'ACK') {
          finish({ kind: 'protocol-error', message: line.slice(0, 120) });
          return;
        }
        const detail = msg.payload.detail;
        finish({
          kind: 'answered',
          ack: { ok: msg.payload.ok === true, detail: typeof detail === 'string' ? detail : '' },
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
        });
      },
      () => finish({ kind: 'protocol-error', message: 'reply line over 1 MiB' }),
    );
    sock.setEncoding('utf8');
    sock.on('connect', () => {
      connected = true;
      sock.write(encodeMessage('DIRECTIVE', { op, args }));
    });
    sock.on('data', (d: string) => reader.push(d));
    sock.on('end', () => finish({ kind: 'closed' }));
    sock.on('close', () => finish({ kind: 'closed' }));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish({ kind: 'refused' });
      else if (err.code === 'ENOENT') finish({ kind: 'no-socket' });
      else if (err.code === 'EPIPE' || err.code === 'ECONNRESET') finish({ kind: 'closed' });
      else finish({ kind: 'error', message: messageOf(err) });
    });
  });
}
