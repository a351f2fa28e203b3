// Text cells for the screens: display width (wide characters count two), truncation with an
// ellipsis, padding, tag escaping, bars and sparklines. Pure.
import stringWidth from 'string-width';
import type { Theme } from './theme.js';

/**
 * Makes outside text safe to hand to blessed: tag braces are escaped (shown, never interpreted) and
 * any control character left (collectors already strip escape sequences) becomes U+FFFD.
 */
export function esc(s: string): string {
  return s.replace(/[{}\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '{' ? '{open}' : c === '}' ? '{close}' : '\ufffd'));
}

/** ASCII stand-ins, one cell for one cell, for what oro-top and outside text commonly draw. */
const ASCII_FOR: Record<string, string> = {
  '·': '-',
  '•': '*',
  '●': '*',
  '◐': '~',
  '○': 'o',
  '…': '~',
  '—': '-',
  '–': '-',
  '‐': '-',
  '−': '-',
  '›': '>',
  '‹': '<',
  '»': '>',
  '«': '<',
  '→': '>',
  '←': '<',
  '↑': '^',
  '↓': 'v',
  '▲': '^',
  '▼': 'v',
  '─': '-',
  '━': '-',
  '│': '|',
  '┃': '|',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '├': '+',
  '┤': '+',
  '┬': '+',
  '┴': '+',
  '┼': '+',
  '╭': '+',
  '╮': '+',
  '╯': '+',
  '╰': '+',
  '═': '=',
  '║': '|',
  '█': '#',
  '▓': '#',
  '▒': ':',
  '░': '.',
  '▁': '_',
  '▂': '.',
  '▃': ':',
  '▄': '-',
  '▅': '=',
  '▆': '+',
  '▇': '*',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '×': 'x',
  '‘': "'",
  '’': "'",
  '‚': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '\u00a0': ' ',
  '⠋': '|',
  '⠙': '/',
  '⠹': '-',
  '⠸': '\\',
  '⏺': '*',
  '⎿': '|',
  '✻': '*',
  '✶': '*',
  '✳': '*',
  '✢': '*',
  '·︎': '-',
  '°': 'o',
  é: 'e',
  è: 'e',
  ä: 'a',
  ö: 'o',
  ü: 'u',
  ß: 's',
};

/**
 * In ASCII mode every character becomes printable ASCII: common symbols and accented letters get a
 * look-alike, anything else '?' ('??' for a wide character, so widths hold).
 */
export function asciiOnly(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (ch >= ' ' && ch <= '~') out += ch;
    else {
      const base =
        ASCII_FOR[ch] ??
        ASCII_FOR[ch.normalize('NFD').charAt(0)] ??
        (/^[\x20-\x7e]$/.test(ch.normalize('NFD').charAt(0)) ? ch.normalize('NFD').charAt(0) : undefined);
      out += base ?? (charWidth(ch) === 2 ? '??' : charWidth(ch) === 0 && ch >= ' ' ? '' : '?');
    }
  }
  return out;
}

/** A drawn line (tags included) made ASCII cell for cell: the last pass in ASCII mode. */
export function asciiCells(s: string): string {
  return asciiOnly(s);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const charWidths = new Map<string, number>();

function charWidth(ch: string): number {
  let w = charWidths.get(ch);
  if (w === undefined) {
    w = stringWidth(ch);
    if (charWidths.size < 4096) charWidths.set(ch, w);
  }
  return w;
}

/** Joiners and selectors make several code points one glyph: only string-width gets those right. */
const CLUSTERING = /[\u200d\ufe0e\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

/**
 * Display width in cells. Plain ASCII (most of what is drawn) is its length; other text is summed
 * per code point from a cache; text with emoji joiners or selectors goes to string-width whole.
 */
export function width(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  if (CLUSTERING.test(s)) return stringWidth(s);
  let w = 0;
  for (const ch of s) w += ch <= '~' && ch >= ' ' ? 1 : charWidth(ch);
  return w;
}

/** Cuts `s` to at most `w` cells (adding the ellipsis when cut) and pads it to exactly `w`. */
export function fit(s: string, w: number, theme: Pick<Theme, 'ascii' | 'ellipsis'>, align: 'left' | 'right' = 'left'): string {
  if (w <= 0) return '';
  const text = theme.ascii ? asciiOnly(s) : s;
  if (PRINTABLE_ASCII.test(text)) {
    const cut = text.length > w ? text.slice(0, w - 1) + theme.ellipsis : text;
    return align === 'left' ? cut.padEnd(w) : cut.padStart(w);
  }
  let out = text;
  if (width(text) > w) {
    out = '';
    let used = 0;
    for (const ch of text) {
      const cw = width(ch);
      if (used + cw > w - 1) break;
      out += ch;
      used += cw;
    }
    out += theme.ellipsis;
  }
  const pad = ' '.repeat(Math.max(0, w - width(out)));
  return align === 'left' ? out + pad : pad + out;
}

/** A horizontal bar of `w` cells for 0..100. */
export function bar(pct: number | null, w: number, theme: Theme): string {
  if (pct === null || !Number.isFinite(pct)) return theme.barEmpty.repeat(w);
  const full = Math.round((Math.min(100, Math.max(0, pct)) / 100) * w);
  return theme.barFull.repeat(full) + theme.barEmpty.repeat(w - full);
}

/** A sparkline of the last `w` values, scaled to the largest. */
export function sparkline(values: readonly number[], w: number, theme: Theme): string {
  const vs = values.slice(-w);
  const max = Math.max(1, ...vs);
  const levels = theme.spark.length;
  const line = vs
    .map((v) =>
      v <= 0 ? (theme.ascii ? ' ' : theme.spark[0]!) : theme.spark[Math.min(levels - 1, Math.max(1, Math.ceil((v / max) * (levels - 1))))]!,
    )
    .join('');
  return line.padStart(w, theme.ascii ? ' ' : theme.spark[0]!);
}
