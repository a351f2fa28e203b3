// The layout of an action's question at the terminal (cli/actions.ts asks it): each line wrapped at
// words to the terminal's width, continuation lines indented, so nothing breaks mid-word.
import { wrapWords } from '../screens/models/help.js';

/** The width when the terminal does not say (not a TTY, or no columns). */
export const DEFAULT_COLS = 80;

export interface PromptLayout {
  /** the lines printed before the question, each ending in a newline */
  text: string;
  /** the question's last line, as readline asks it ("… [y/N] ") */
  question: string;
}

/** text wrapped to cols: its first line after `first`, the rest after `rest` (a deeper indent). */
function wrapIndented(text: string, cols: number, first: string, rest: string): string[] {
  return wrapWords(text, Math.max(10, cols - rest.length)).map((l, i) => `${i === 0 ? first : rest}${l}`);
}

/** The question (title, its lines, the home it acts on) laid out for a terminal `cols` wide. */
export function promptLayout(title: string, lines: readonly string[], home: string, cols: number | undefined): PromptLayout {
  // one cell spare: a line as wide as the terminal would leave the cursor in its last column
  const w = (cols !== undefined && cols > 0 ? cols : DEFAULT_COLS) - 1;
  const body = [...wrapIndented(`swarm: ${home}`, w, '', '  '), ...lines.flatMap((l) => wrapIndented(l, w, '  ', '    '))];
  const ask = wrapIndented(`${title} [y/N]`, w - 1, '', '  ');
  const last = ask.pop()!;
  return { text: [...body, ...ask].map((l) => `${l}\n`).join(''), question: `${last} ` };
}

/** One line of output for people, wrapped at words to a terminal `cols` wide (continuations indented). */
export function wrapForTerminal(line: string, cols: number | undefined): string {
  const w = (cols !== undefined && cols > 0 ? cols : DEFAULT_COLS) - 1;
  const lead = /^\s*/.exec(line)![0];
  return wrapIndented(line.slice(lead.length), w, lead, `${lead}    `).join('\n');
}
