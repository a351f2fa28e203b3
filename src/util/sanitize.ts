// Makes outside text (log lines, pane text, ids) safe to draw: no escape sequences, no control
// characters, no raw binary ever reaches the terminal.
import stripAnsi from 'strip-ansi';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const REPLACEMENT = '\ufffd';

/** Strips ANSI/OSC sequences, expands tabs, and replaces other control characters with U+FFFD. */
export function sanitizeText(s: string): string {
  let out = s.includes('\u001b') || s.includes('\u009b') ? stripAnsi(s) : s;
  out = out.replace(/\t/g, '    ').replace(/\r$/, '');
  // a lone ESC or C1 byte that was not part of a sequence is replaced like any other control
  return out.replace(CONTROL, REPLACEMENT);
}

/**
 * Like sanitizeText, but a line that is mostly junk (binary data written into a text log) becomes
 * a short placeholder instead of a wall of replacement characters.
 */
export function sanitizeLine(s: string, rawBytes = Buffer.byteLength(s)): string {
  const clean = sanitizeText(s);
  if (clean.length === 0) return clean;
  let junk = 0;
  for (const ch of clean) if (ch === REPLACEMENT) junk++;
  if (junk > 0 && (junk / clean.length > 0.3 || s.includes('\u0000'))) return `[binary data, ${rawBytes} bytes]`;
  return clean;
}

/** An identifier from outside (worker id, bead id, pane title): sanitized and bounded. */
export function sanitizeId(s: string, max = 64): string {
  const clean = sanitizeText(s).replace(/\s+/g, ' ').trim();
  return clean.length > max ? clean.slice(0, max - 1) + '…' : clean;
}
