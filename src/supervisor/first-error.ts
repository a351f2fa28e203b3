// Finds the first error in a target's log lines and the stack trace that goes with it, in the
// three styles oro's logs carry: JavaScript (`TypeError: ...` then `    at ...` frames), Go
// (`panic: ...`, a blank line, `goroutine N [running]:`, then function and `\tfile:line` pairs)
// and Python (`Traceback (most recent call last):`, indented frames, then the exception line).
// Pure: it reads strings.
import { stripLineTime } from '../collectors/log-lines.js';

export interface FirstError {
  /** the error line itself (the exception line for a Python traceback) */
  line: string;
  /** its index in the lines given */
  index: number;
  /** the stack trace lines that go with it, as found (empty when there is none) */
  stack: string[];
  style: 'js' | 'go' | 'python' | 'plain';
}

/** Stack lines kept at most. */
export const MAX_STACK_LINES = 40;

const PY_TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const GO_PANIC = /^(panic: |fatal error: )/;
const JS_ERROR = /^(Uncaught )?([\w$]+\.)*([A-Z]\w*)?(Error|Exception)( \[[A-Z0-9_]+\])?: /;
const JS_FRAME = /^\s+at \S/;
const PLAIN = /\b(ERROR|FATAL|PANIC|CRITICAL)\b|\blevel=(error|fatal)\b|\b[A-Z]\w*(Error|Exception): /;

/** The first error found in `lines` (oldest first), or null. */
export function firstError(lines: readonly string[]): FirstError | null {
  const text = lines.map((l) => stripLineTime(l));
  for (let i = 0; i < text.length; i++) {
    const t = text[i]!;
    if (PY_TRACEBACK.test(t.trim())) return python(lines, text, i);
    if (GO_PANIC.test(t)) return { line: lines[i]!, index: i, stack: goStack(text, i + 1), style: 'go' };
    if (JS_ERROR.test(t.trimStart())) {
      const stack = take(text, i + 1, (l) => JS_FRAME.test(l) || /^\s+\.\.\. \d+ more/.test(l));
      return { line: lines[i]!, index: i, stack, style: stack.length > 0 ? 'js' : 'plain' };
    }
    if (PLAIN.test(t)) return { line: lines[i]!, index: i, ...following(text, i + 1) };
  }
  return null;
}

/**
 * What a logger's error line is followed by: its own JavaScript frames, or the error object a
 * logger printed under it (`Error: ...` and frames), or a Python traceback (`log.exception`).
 */
function following(text: readonly string[], at: number): { stack: string[]; style: FirstError['style'] } {
  const next = text[at] ?? '';
  if (PY_TRACEBACK.test(next.trim())) {
    const stack = [next, ...take(text, at + 1, (l) => /^\s/.test(l) && l.trim() !== '')];
    const exc = text[at + stack.length];
    return { stack: exc !== undefined && exc.trim() !== '' ? [...stack, exc] : stack, style: 'python' };
  }
  const own = take(text, at, (l) => JS_FRAME.test(l));
  if (own.length > 0) return { stack: own, style: 'js' };
  if (JS_ERROR.test(next.trimStart())) {
    const frames = take(text, at + 1, (l) => JS_FRAME.test(l));
    if (frames.length > 0) return { stack: [next, ...frames], style: 'js' };
  }
  return { stack: [], style: 'plain' };
}

function take(text: readonly string[], from: number, isFrame: (l: string) => boolean): string[] {
  const out: string[] = [];
  for (let j = from; j < text.length && out.length < MAX_STACK_LINES && isFrame(text[j]!); j++) out.push(text[j]!);
  return out;
}

/** Go: an optional blank line, `goroutine N [state]:`, then frames (function lines and tab-indented file lines). */
function goStack(text: readonly string[], from: number): string[] {
  let j = from;
  while (j < text.length && text[j]!.trim() === '' && j < from + 2) j++;
  if (j >= text.length || !/^goroutine \d+ \[[^\]]+\]:/.test(text[j]!)) return [];
  const out = [text[j]!];
  for (j++; j < text.length && out.length < MAX_STACK_LINES; j++) {
    const l = text[j]!;
    if (/^\t\S/.test(l) || /^[\w./*()-]+\(.*\)$/.test(l) || /^created by /.test(l)) out.push(l);
    else break;
  }
  return out;
}

/** Python: the frames after the header, up to the first line that is not indented: the exception. */
function python(lines: readonly string[], text: readonly string[], at: number): FirstError {
  const stack = [text[at]!];
  let j = at + 1;
  for (; j < text.length && /^\s/.test(text[j]!) && text[j]!.trim() !== ''; j++) if (stack.length < MAX_STACK_LINES) stack.push(text[j]!);
  const exc = j < text.length && text[j]!.trim() !== '' ? j : null;
  if (exc === null) return { line: lines[at]!, index: at, stack: stack.slice(1), style: 'python' };
  return { line: lines[exc]!, index: exc, stack, style: 'python' };
}
