// The blessed screen the dashboard draws on: created for the terminal oro-top chose (its terminfo
// entry, Unicode or ASCII), and read back as text lines (for tests and benchmarks).
import blessed from 'blessed';

export interface ScreenSetup {
  /** the terminfo entry blessed reads: a terminfo folder (x/xterm layout) and the entry's name */
  terminfo: { dir: string; name: string };
  unicode: boolean;
  input?: NodeJS.ReadableStream | undefined;
  output?: NodeJS.WritableStream | undefined;
}

/** The screen, and the colours its terminfo entry says the terminal has. */
export function createScreen(o: ScreenSetup): { screen: blessed.Widgets.Screen; colours: number } {
  // blessed lower-cases the terminal it is given, so a file path would break on any upper-case
  // letter in it (a cache under /tmp/Ab3...); it gets a name and our folder searched first
  const ipaths = (blessed as unknown as { Tput: { ipaths: unknown[] } }).Tput.ipaths;
  if (ipaths[0] !== o.terminfo.dir) ipaths.unshift(o.terminfo.dir);
  const screen = blessed.screen({
    smartCSR: true,
    fullUnicode: o.unicode,
    forceUnicode: o.unicode,
    terminal: o.terminfo.name,
    title: 'oro-top',
    warnings: false,
    autoPadding: false,
    dockBorders: false,
    input: o.input,
    output: o.output,
    sendFocus: false,
    useBCE: false,
  } as blessed.Widgets.IScreenOptions);
  const tput = (screen.program as unknown as { tput: unknown }).tput as {
    brokenACS: boolean;
    unicode: boolean;
    numbers: Record<string, number>;
    colors?: number;
  };
  // draw borders as characters, never through the alternate character set, which tmux and
  // screen do not always pass through; in ASCII mode blessed maps box drawing to + - |
  tput.brokenACS = true;
  tput.unicode = o.unicode;
  if (!o.unicode) tput.numbers.U8 = 0;
  return { screen, colours: tput.colors ?? 8 };
}

/** The screen's current frame as text lines, as the terminal shows it (ASCII mode maps as blessed does). */
export function frameLines(screen: blessed.Widgets.Screen, unicode: boolean): string[] {
  const lines = (screen as unknown as { lines: [unknown, string][][] }).lines;
  const tput = (screen.program as unknown as { tput: { utoa: Record<string, string> } }).tput;
  const map = (ch: string): string => (unicode || ch <= '~' ? ch : (tput.utoa[ch] ?? '?'));
  return lines.map((row) =>
    row
      .map((cell) => (cell[1] === '\0' ? '' : map(cell[1])))
      .join('')
      .replace(/\s+$/, ''),
  );
}
