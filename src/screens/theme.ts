// How things look: Unicode or ASCII glyphs, colour or none. View models ask the theme for every
// glyph and colour, so --ascii and NO_COLOR hold everywhere.
import type { Overall, Status } from '../health/types.js';

export type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'blue' | 'magenta' | 'white' | 'gray';

export interface Theme {
  ascii: boolean;
  colour: boolean;
  /** the status character, coloured (a tag) */
  glyph(s: Status | Overall): string;
  /** the status character alone */
  symbol(s: Status | Overall): string;
  /** wraps text in a blessed colour tag (the text must already be escaped) */
  paint(text: string, c: Colour): string;
  bold(text: string): string;
  inverse(text: string): string;
  ellipsis: string;
  barFull: string;
  barEmpty: string;
  spark: readonly string[];
  arrowUp: string;
  arrowDown: string;
}

const STATUS_COLOUR: Record<Status | Overall, Colour> = {
  healthy: 'green',
  degraded: 'yellow',
  dead: 'red',
  critical: 'red',
  unreachable: 'gray',
  restarting: 'cyan',
};

export function statusColour(s: Status | Overall): Colour {
  return STATUS_COLOUR[s];
}

/**
 * The theme for a terminal with `colours` colours: below 16 there is no gray (blessed folds colour 8
 * into 0, black, which hides the text), so what would be gray keeps the terminal's default colour.
 */
export function withColours(theme: Theme, colours: number): Theme {
  if (!theme.colour || colours >= 16) return theme;
  const base = theme.paint;
  return { ...theme, paint: (t, c) => (c === 'gray' ? t : base(t, c)) };
}

export function makeTheme(opts: { ascii: boolean; colour: boolean }): Theme {
  const { ascii, colour } = opts;
  const wrap =
    (open: string, close: string) =>
    (t: string): string =>
      colour ? `{${open}}${t}{/${close}}` : t;
  const symbol = (s: Status | Overall): string =>
    s === 'healthy' ? (ascii ? '*' : '●') : s === 'degraded' || s === 'restarting' ? (ascii ? '~' : '◐') : ascii ? 'o' : '○';
  return {
    ascii,
    colour,
    symbol,
    glyph: (s) => {
      const g = symbol(s);
      return colour ? `{${STATUS_COLOUR[s]}-fg}${g}{/${STATUS_COLOUR[s]}-fg}` : g;
    },
    paint: (t, c) => (colour ? `{${c}-fg}${t}{/${c}-fg}` : t),
    bold: wrap('bold', 'bold'),
    // inverse marks the selection, so it stays without colour too
    inverse: (t) => `{inverse}${t}{/inverse}`,
    ellipsis: ascii ? '~' : '…',
    barFull: ascii ? '#' : '█',
    barEmpty: ascii ? '.' : '░',
    spark: ascii ? [' ', '.', ':', '-', '=', '+', '*', '#'] : ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
    arrowUp: ascii ? '^' : '▲',
    arrowDown: ascii ? 'v' : '▼',
  };
}
