// The pure classifier: from a pane's visible lines, its current command and what was known before,
// the agent's state, the line that says so, and since when. Rules are tried in order (a program's
// own, then the generic ones); a rule looks at the last `within` non-blank lines and takes the newest
// line its pattern matches; rules of one group are weighed together (the newest line wins). A busy
// state whose text has not changed for stuck_after becomes `stuck`; an idle agent whose checklist is
// all done is `complete`.
import type { CompiledProgram, CompiledRule, CompiledRules } from './rules.js';
import { cleanLines, evidenceOf, fingerprint } from './text.js';
import { type AgentProgress, type AgentState, type AgentView, BUSY_STATES } from './types.js';

/** How many of the last lines a program's signature is looked for in. */
const SIGNATURE_LINES = 40;

/** Which known program a pane runs: by its command first, else by a line only that program draws. */
export function detectProgram(rules: CompiledRules, command: string, lines: readonly string[]): CompiledProgram | null {
  const byCommand = rules.programs.find((p) => p.commands?.test(command));
  if (byCommand) return byCommand;
  const tail = lines.slice(-SIGNATURE_LINES);
  return rules.programs.find((p) => p.signature && tail.some((l) => p.signature!.test(l))) ?? null;
}

interface Hit {
  rule: CompiledRule;
  index: number;
}

function tryRule(r: CompiledRule, lines: readonly string[]): Hit | null {
  const start = Math.max(0, lines.length - r.within);
  const window = lines.slice(start);
  if (r.requires && !window.some((l) => r.requires!.test(l))) return null;
  if (r.unless && window.some((l) => r.unless!.test(l))) return null;
  for (let i = lines.length - 1; i >= start; i--) if (r.pattern.test(lines[i]!)) return { rule: r, index: i };
  return null;
}

/** The first rule that applies (a group: its newest match), or null. */
export function matchRules(rules: readonly CompiledRule[], lines: readonly string[]): { state: AgentState; line: string } | null {
  const seen = new Set<string>();
  for (const r of rules) {
    if (r.group !== null) {
      if (seen.has(r.group)) continue;
      seen.add(r.group);
      let best: Hit | null = null;
      for (const g of rules) {
        if (g.group !== r.group) continue;
        const h = tryRule(g, lines);
        if (h && (!best || h.index > best.index)) best = h;
      }
      if (best) return { state: best.rule.state, line: lines[best.index]! };
      continue;
    }
    const h = tryRule(r, lines);
    if (h) return { state: r.state, line: lines[h.index]! };
  }
  return null;
}

/** What the classifier keeps of a pane between two refreshes. */
export interface AgentMemory {
  view: AgentView;
  fingerprint: string;
}

export interface ClassifyInput {
  pane: string;
  /** the pane's captured lines (raw: escape sequences and wide characters are dealt with here) */
  lines: readonly string[];
  /** tmux's pane_current_command */
  command: string;
  prev: AgentMemory | null;
  nowMs: number;
  stuckAfterMs: number;
  progress: AgentProgress | null;
  /** the program must be a known one; else a pane of no known agent is null */
  requireProgram?: boolean;
  /** the program found in this pane before (its screen may scroll its signature away) */
  stickyProgram?: string | null;
}

/** The agent in one pane now; null when the pane runs no known agent and one is required. */
export function classifyAgent(rules: CompiledRules, input: ClassifyInput): AgentMemory | null {
  const lines = cleanLines(input.lines);
  const program = detectProgram(rules, input.command, lines) ?? rules.programs.find((p) => p.name === input.stickyProgram) ?? null;
  if (!program && input.requireProgram) return null;
  const fp = fingerprint(lines, program?.volatile ?? null);
  const prev = input.prev;
  const changedAtMs = prev && prev.fingerprint === fp ? prev.view.changedAtMs : input.nowMs;
  const hit = matchRules([...(program?.rules ?? []), ...rules.generic], lines);
  let state: AgentState = hit?.state ?? 'unknown';
  let evidence = hit ? evidenceOf(hit.line) : lines.length === 0 ? 'the pane shows nothing' : 'no rule matched the last lines';
  const quietMs = input.nowMs - changedAtMs;
  if (BUSY_STATES.has(state) && quietMs >= input.stuckAfterMs) {
    evidence = `${state}, no change for ${Math.round(quietMs / 1000)}s: ${evidence}`;
    state = 'stuck';
  } else if (state === 'idle' && input.progress && input.progress.total > 0 && input.progress.done === input.progress.total) {
    evidence = `idle with its checklist done (${input.progress.done}/${input.progress.total}): ${evidence}`;
    state = 'complete';
  }
  const sinceMs = prev && prev.view.state === state ? prev.view.sinceMs : input.nowMs;
  return {
    view: {
      pane: input.pane,
      program: program?.name ?? 'unknown',
      state,
      sinceMs,
      evidence,
      progress: input.progress,
      changedAtMs,
    },
    fingerprint: fp,
  };
}
