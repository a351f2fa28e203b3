// Pane text as the rules see it: escape sequences and control characters gone (a capture may carry
// them, a fixture does), zero-width characters dropped, Unicode composed (NFC) so a rule written with
// "é" or "✻" matches however the program wrote it; blank lines left out. Wide characters stay as they
// are: a rule matches characters, not cells.
import { sanitizeText } from '../util/sanitize.js';

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** the longest evidence line kept (characters) */
export const EVIDENCE_MAX = 160;

export function cleanLine(raw: string): string {
  return sanitizeText(raw).replace(ZERO_WIDTH, '').normalize('NFC').trimEnd();
}

/** The non-blank lines of a capture, cleaned, oldest first. */
export function cleanLines(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    // a capture may come as one string with line breaks
    for (const part of r.split(/\r?\n/)) {
      const l = cleanLine(part);
      if (l.trim() !== '') out.push(l);
    }
  }
  return out;
}

/** A line as evidence: a dialog box's side borders gone, spaces folded, bounded by code points. */
export function evidenceOf(line: string): string {
  const t = line
    .replace(/^\s*[│┃|]\s?/u, '')
    .replace(/\s*[│┃|]\s*$/u, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  const chars = [...t];
  return chars.length > EVIDENCE_MAX ? `${chars.slice(0, EVIDENCE_MAX - 1).join('')}…` : t;
}

/** What must change for the text to count as changed: the lines without their volatile parts. */
export function fingerprint(lines: readonly string[], volatile: RegExp | null): string {
  return (volatile ? lines.map((l) => l.replace(volatile, '')) : lines).join('\n');
}
