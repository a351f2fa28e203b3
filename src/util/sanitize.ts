// Makes outside text (log lines, pane text, ids) safe to draw: no escape sequences, no control
// characters, no raw binary ever reaches the terminal.
import stripAnsi from 'strip-ansi';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const REPLACEMENT = '\ufffd';

/** A control character as people write it: ^G for BEL, ^? for DEL; C1 controls as U+FFFD. */
function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return `^${String.fromCharCode(c + 0x40)}`;
  return c === 0x7f ? '^?' : REPLACEMENT;
}

/** Strips ANSI/OSC sequences, expands tabs, and shows other control characters as ^X (C1 as U+FFFD). */
export function sanitizeText(s: string): string {
  return stripped(s).replace(CONTROL, visible);
}

function stripped(s: string): string {
  const out = s.includes('\u001b') || s.includes('\u009b') ? stripAnsi(s) : s;
  // a lone ESC or C1 byte that was not part of a sequence is shown like any other control
  return out.replace(/\t/g, '    ').replace(/\r$/, '');
}

/**
 * Like sanitizeText, but a line that is mostly junk (binary data written into a text log) becomes
 * a short placeholder instead of a wall of replacement characters.
 */
export function sanitizeLine(s: string, rawBytes = Buffer.byteLength(s)): string {
  const plain = stripped(s);
  if (plain.length === 0) return plain;
  let junk = 0;
  for (const ch of plain) if (ch === REPLACEMENT || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(ch)) junk++;
  if (junk > 0 && (junk / plain.length > 0.3 || s.includes('\u0000'))) return `[binary data, ${rawBytes} bytes]`;
  return plain.replace(CONTROL, visible);
}

/** An identifier from outside (worker id, bead id, pane title): sanitized and bounded. */
export function sanitizeId(s: string, max = 64): string {
  const clean = sanitizeText(s).replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const NEEDS_CLEANING = /[\u0000-\u001f\u007f-\u009f]/;

/** One field of outside text: sanitizeText, and line breaks become spaces (a field is one line). */
export function sanitizeField(s: string): string {
  if (!NEEDS_CLEANING.test(s)) return s; // the common case costs one scan
  return sanitizeText(s.replace(/\r\n|[\r\n]/g, ' '));
}

/**
 * The collector boundary: every string anywhere in a collected value (objects, arrays, Maps)
 * through sanitizeField, so what leaves a collector — state.db rows, socket replies, tmux fields,
 * /proc command lines, log lines, file contents — is clean for every output alike. Values that
 * need no cleaning are returned as they are (no copy).
 */
export function sanitizeDeep<T>(v: T): T {
  return clean(v, 0) as T;
}

function clean(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return sanitizeField(v);
  if (v === null || typeof v !== 'object' || depth > 12 || Buffer.isBuffer(v)) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const c = clean(v[i], depth + 1);
      if (c !== v[i]) {
        out ??= v.slice();
        out[i] = c;
      }
    }
    return out ?? v;
  }
  if (v instanceof Map) {
    let changed = false;
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) {
      const c = clean(x, depth + 1);
      if (c !== x) changed = true;
      m.set(k, c);
    }
    return changed ? m : v;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return v; // class instances, errors: as they are
  let out: Record<string, unknown> | null = null;
  for (const [k, x] of Object.entries(v)) {
    const c = clean(x, depth + 1);
    if (c !== x) {
      out ??= { ...(v as Record<string, unknown>) };
      out[k] = c;
    }
  }
  return out ?? v;
}
