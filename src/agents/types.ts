// What oro-top reads about the agent in a pane: its state (from the pane's visible text, by ordered
// rules that are data: rules/default-rules.json, extended by the config's `agents`), the line that
// said so, since when, and how far its checklist is.

export const AGENT_STATES = [
  'initializing',
  'reading',
  'thinking',
  'working',
  'testing',
  'waiting',
  'idle',
  'stuck',
  'error',
  'complete',
  'unknown',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The states of an agent at work: text that stops changing in one of them for stuck_after is `stuck`. */
export const BUSY_STATES: ReadonlySet<AgentState> = new Set(['initializing', 'reading', 'thinking', 'working', 'testing']);

/** One rule: the newest line within the last `within` lines that matches `pattern` gives `state`. */
export interface AgentRule {
  state: AgentState;
  /** a regular expression (JavaScript syntax), tried on each sanitized line */
  pattern: string;
  /** how many of the last non-blank lines it looks at (default 12) */
  within?: number;
  /** applies only when this also matches a line within the same lines */
  requires?: string;
  /** applies only when this matches no line within the same lines */
  unless?: string;
  /** rules of one group are weighed together where the first of them stands: the newest line wins */
  group?: string;
}

/** A known agent program: how to recognise it and its rules, tried in order. */
export interface AgentProgram {
  name: string;
  /** matches the pane's current command (tmux pane_current_command) */
  commands?: string;
  /** matches a visible line of a screen only this program draws (when its command is a plain `node`) */
  signature?: string;
  /** removed from each line before change detection (a spinner's running seconds are no progress) */
  volatile?: string;
  rules: AgentRule[];
}

export interface AgentRuleSet {
  programs: AgentProgram[];
  /** tried after a program's own rules */
  generic: AgentRule[];
}

/** done of total checklist items: the pane's visible list, or its task file (config agents.task_files) */
export interface AgentProgress {
  done: number;
  total: number;
}

/** What oro-top knows of one pane's agent. */
export interface AgentView {
  pane: string;
  program: string;
  state: AgentState;
  /** unix ms since the agent has been in this state (as far as oro-top has watched it) */
  sinceMs: number;
  /** the line that gave the state (sanitized, bounded), or why there is none */
  evidence: string;
  progress: AgentProgress | null;
  /** unix ms of the last change of the pane's text (volatile parts left out) */
  changedAtMs: number;
}
