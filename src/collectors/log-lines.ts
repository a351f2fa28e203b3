// Pure pieces of log tailing: splitting bytes into lines (bounded length), recognising levels and
// error lines, and reading a timestamp at the start of a line.

export const MAX_LOG_LINE_BYTES = 64 * 1024;

export interface RawLine {
  bytes: Buffer;
  /** bytes dropped from this line because it was longer than the limit */
  cutBytes: number;
}

/** Splits a byte stream on '\n' before decoding, so multi-byte characters are never torn. */
export class ByteLineSplitter {
  private parts: Buffer[] = [];
  private partLen = 0;
  private cut = 0;

  constructor(private readonly maxBytes = MAX_LOG_LINE_BYTES) {}

  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl < 0) break;
      out.push(this.take());
      start = nl + 1;
    }
    return out;
  }

  /** The partial last line, if any (for a file that ends without a newline). */
  get pendingBytes(): number {
    return this.partLen + this.cut;
  }

  reset(): void {
    this.parts = [];
    this.partLen = 0;
    this.cut = 0;
  }

  private append(b: Buffer): void {
    if (b.length === 0) return;
    const room = this.maxBytes - this.partLen;
    if (room > 0) {
      const keep = b.subarray(0, room);
      this.parts.push(keep);
      this.partLen += keep.length;
    }
    if (b.length > room) this.cut += b.length - Math.max(room, 0);
  }

  private take(): RawLine {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partLen);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    const line = { bytes, cutBytes: this.cut };
    this.reset();
    return line;
  }
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LineClassifier {
  errors: RegExp[];
  ignores: RegExp[];
}

export function makeClassifier(errorPatterns: readonly string[], ignorePatterns: readonly string[]): LineClassifier {
  return { errors: errorPatterns.map((p) => new RegExp(p)), ignores: ignorePatterns.map((p) => new RegExp(p)) };
}

/** error when an error pattern matches and no ignore pattern does; else a level read from the text. */
export function classifyLine(text: string, c: LineClassifier): LogLevel {
  if (c.errors.some((r) => r.test(text)) && !c.ignores.some((r) => r.test(text))) return 'error';
  if (/\b(WARN|WARNING)\b/.test(text)) return 'warn';
  if (/\bDEBUG\b/.test(text)) return 'debug';
  return 'info';
}

/**
 * A timestamp at the start of a line, in ms: ISO-8601 (`2026-11-22T10:00:00Z`, `2026-11-22 10:00:00`)
 * or Go's log format (`2026/11/22 10:00:00`). Times without a zone are taken as UTC.
 */
const LINE_TIME = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?\]?/;

/** The line without its leading timestamp (for views that show the time in a column of its own). */
export function stripLineTime(text: string): string {
  const m = LINE_TIME.exec(text);
  return m ? text.slice(m[0].length).replace(/^\s+/, '') : text;
}

export function parseLineTime(text: string): number | null {
  const m = LINE_TIME.exec(text);
  if (!m) return null;
  const frac = m[7] ?? '';
  const zone = m[8] ?? 'Z';
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${frac}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}
