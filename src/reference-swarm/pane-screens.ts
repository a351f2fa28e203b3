// What the reference swarm's pane agent draws for each state it can play: Claude Code's screens as
// they look in a terminal (colour escapes, box drawing, wide characters), so oro-top's default rules
// read them as they read the real thing. Pure: lines to print, and the spinner line redrawn in place.
const E = '\u001b';
const dim = (s: string): string => `${E}[2m${s}${E}[22m`;
const grey = (s: string): string => `${E}[38;5;246m${s}${E}[39m`;
const bold = (s: string): string => `${E}[1m${s}${E}[22m`;
const dot = grey('●');

export const PLAY_STATES = [
  'initializing',
  'reading',
  'thinking',
  'working',
  'testing',
  'waiting',
  'idle',
  'error',
  'complete',
  'stuck',
] as const;
export type PlayState = (typeof PLAY_STATES)[number];

/** "working 3/7" -> the state and the checklist's progress; null for text that names no state. */
export function parsePlay(text: string): { state: PlayState; progress: { done: number; total: number } | null } | null {
  const m = /^\s*([a-z]+)(?:\s+(\d{1,3})\/(\d{1,3}))?\s*$/.exec(text);
  if (!m || !(PLAY_STATES as readonly string[]).includes(m[1]!)) return null;
  const progress = m[2] !== undefined ? { done: Math.min(Number(m[2]), Number(m[3])), total: Number(m[3]) } : null;
  return { state: m[1] as PlayState, progress };
}

const TASKS = [
  'Read the queue implementation',
  'Write the design note',
  'Add a lane field to beads',
  '按通道路由 (route by lane)',
  'Add lane metrics to status',
  'Update the tests',
  'Update the docs',
];

export function todoLines(done: number, total: number): string[] {
  const items = Array.from({ length: total }, (_, i) => TASKS[i % TASKS.length]!);
  return [`${dot} Update Todos`, ...items.map((t, i) => `${i === 0 ? '  ⎿  ' : '     '}${i < done ? `${E}[32m☒${E}[0m` : dim('☐')} ${t}`)];
}

const PROMPT = [
  '╭───────────────────────────────────────────────────╮',
  '│ >                                                 │',
  '╰───────────────────────────────────────────────────╯',
  dim('  ? for shortcuts'),
];

/** The lines a busy state adds as it goes (beat n): a tool call of its kind. */
export function busyLines(state: PlayState, n: number): string[] {
  const files = ['internal/dispatcher/queue.go', 'internal/dispatcher/lanes.go', 'cmd/oro/status.go'];
  const f = files[n % files.length]!;
  switch (state) {
    case 'reading':
      return [`${dot} Read(${f})`, `  ⎿  Read ${120 + n} lines (ctrl+r to expand)`];
    case 'working':
      return [`${dot} Update(${f})`, `  ⎿  Updated ${f} with ${3 + (n % 9)} additions`];
    case 'testing':
      return [`${dot} Bash(go test ./internal/dispatcher/...)`, '  ⎿  Running…'];
    case 'thinking':
    case 'stuck':
      return [`${dot} Let me think about worker fairness before changing anything.`];
    case 'initializing':
      return [];
    default:
      return [];
  }
}

const VERB: Partial<Record<PlayState, string>> = {
  reading: 'Reading',
  thinking: 'Pondering',
  working: 'Clauding',
  testing: 'Testing',
  stuck: 'Pondering',
};

/** The spinner line of a busy state after `s` seconds (redrawn in place); null for a state without one. */
export function spinnerLine(state: PlayState, s: number): string | null {
  const verb = VERB[state];
  if (!verb) return null;
  const glyph = ['·', '✢', '✳', '✶', '✻', '✽'][s % 6]!;
  return `${E}[38;5;174m${glyph}${E}[39m ${bold(`${verb}…`)} ${dim(`(${s}s · ↑ ${(1 + s / 10).toFixed(1)}k tokens · esc to interrupt)`)}`;
}

/** The question's box (after its tool line): erased once answered. */
export const WAITING_BOX_LINES = 8;

/** The lines drawn once when a state begins (after the checklist, if any). */
export function enterLines(state: PlayState, n: number): string[] {
  switch (state) {
    case 'initializing':
      return [
        '╭───────────────────────────────────────────────────╮',
        `│ ${E}[38;5;174m✻${E}[39m Welcome to Claude Code!                         │`,
        '╰───────────────────────────────────────────────────╯',
        ' Loading MCP servers…',
      ];
    case 'waiting':
      return [
        `${dot} Bash(make release)`,
        '╭───────────────────────────────────────────────────────────────────╮',
        '│ Bash command                                                      │',
        '│   make release   清理构建目录并发布                               │',
        `│ ${bold('Do you want to proceed?')}                                           │`,
        `│ ${E}[36m❯ 1. Yes${E}[39m                                                          │`,
        "│   2. Yes, and don't ask again for make commands                   │",
        '│   3. No, and tell Claude what to do differently (esc)             │',
        '╰───────────────────────────────────────────────────────────────────╯',
      ];
    case 'idle':
      return [`${dot} The lanes design is in docs/lanes.md. What next?`, ...PROMPT];
    case 'error':
      return [`  ⎿  API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, ...PROMPT];
    case 'complete':
      return [`${dot} All tasks are complete: lanes are in and the tests pass.`, ...PROMPT];
    default:
      return busyLines(state, n);
  }
}
