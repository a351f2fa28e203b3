// Progress from checkboxes, pure. On screen an agent redraws its todo list at every update, so only
// the newest list counts: the last run of checkbox lines (a line or two of other text may sit inside
// it, a wrapped item). A task file counts every markdown checkbox in it.
import { cleanLines } from './text.js';

export interface Count {
  done: number;
  total: number;
}

// after an optional tree mark (⎿ └ │), a list mark (- * + 1.) : a box
const BOX = /^\s*(?:[⎿└│|]\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(\[( |x|X|✓|✔)\]|[☐☒☑✔✅◻◼□])\s+\S/u;
const DONE = new Set(['x', 'X', '✓', '✔', '☒', '☑', '✅']);
/** a list of one ✔ line is likely a line of output, not a checklist */
const MIN_ITEMS = 2;
/** lines of other text allowed inside one list */
const GAP = 2;

function boxOf(line: string): { done: boolean } | null {
  const m = BOX.exec(line);
  if (!m) return null;
  const mark = m[2] ?? m[1]!;
  // ◼ is Claude Code's item in progress: open
  return { done: DONE.has(mark) };
}

/** The newest checklist on screen; null when there is none. */
export function screenProgress(rawLines: readonly string[]): Count | null {
  const lines = cleanLines(rawLines);
  let done = 0;
  let total = 0;
  let gap = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const b = boxOf(lines[i]!);
    if (b) {
      total++;
      if (b.done) done++;
      gap = 0;
    } else if (total > 0 && ++gap > GAP) break;
  }
  return total >= MIN_ITEMS ? { done, total } : null;
}

const MD_BOX = /^\s*(?:[-*+]|\d+[.)])\s+\[( |x|X)\]/;

/** Every markdown checkbox (`- [ ]`, `- [x]`, `1. [ ]`) of a task file; null when it has none. */
export function fileProgress(text: string): Count | null {
  let done = 0;
  let total = 0;
  let fenced = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = MD_BOX.exec(line);
    if (!m) continue;
    total++;
    if (m[1] !== ' ') done++;
  }
  return total > 0 ? { done, total } : null;
}
