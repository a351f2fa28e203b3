// The oro socket framing: one JSON object per line, at most 1 MiB a line, encoded the way Go's
// encoding/json does (so the reference swarm matches oro byte for byte).

export const MAX_LINE_BYTES = 1024 * 1024;

/** JSON.stringify plus Go's HTML-safe escapes (<, >, & and the JS line separators). */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One message line, newline included: `{"type":"ACK","ack":{...}}\n`. */
export function encodeMessage(type: string, payload?: unknown): string {
  const msg: Record<string, unknown> = { type };
  if (payload !== undefined) msg[payloadKey(type)] = payload;
  return `${goJson(msg)}\n`;
}

/** The key a message's payload sits under: its type in snake case (SHUTDOWN_APPROVED -> shutdown_approved). */
export function payloadKey(type: string): string {
  return type.toLowerCase();
}

/**
 * Splits a byte stream into lines. A line longer than MAX_LINE_BYTES is reported through
 * onOverflow and dropped, so one bad peer cannot make the reader hold unbounded memory.
 */
export class LineReader {
  private buf = '';
  private dropping = false;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void = () => {},
  ) {}

  push(chunk: string): void {
    let data = chunk;
    for (;;) {
      const nl = data.indexOf('\n');
      if (nl < 0) {
        if (!this.dropping) this.buf += data;
        if (this.buf.length > MAX_LINE_BYTES) {
          this.buf = '';
          this.dropping = true;
          this.onOverflow();
        }
        return;
      }
      const piece = data.slice(0, nl);
      data = data.slice(nl + 1);
      if (this.dropping) {
        this.dropping = false;
        continue;
      }
      const line = this.buf + piece;
      this.buf = '';
      if (line.length > MAX_LINE_BYTES) this.onOverflow();
      else if (line.trim() !== '') this.onLine(line);
    }
  }
}

export interface Message {
  type: string;
  payload: Record<string, unknown>;
}

/** Parses one line into {type, payload}; null when it is not an oro message. */
export function decodeMessage(line: string): Message | null {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof obj !== 'object' || obj === null) return null;
  const type = (obj as Record<string, unknown>).type;
  if (typeof type !== 'string') return null;
  const p = (obj as Record<string, unknown>)[payloadKey(type)];
  return { type, payload: typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {} };
}
