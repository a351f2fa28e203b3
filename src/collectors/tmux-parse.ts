// Pure parsing of `tmux list-panes` output and of tmux's error messages.

/**
 * Fields asked of tmux, joined by an ASCII separator: tmux prints a tab as '_' when the locale is
 * not UTF-8 (as under `env -i` or cron). The title is last since it is free text.
 */
export const FIELD_SEP = '|~|';
export const PANE_FORMAT = [
  '#{pane_id}',
  '#{window_name}',
  '#{pane_pid}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_current_command}',
  '#{window_activity}',
  '#{pane_dead_time}',
  '#{pane_dead_signal}',
  '#{pane_title}',
].join(FIELD_SEP);

export interface TmuxPane {
  paneId: string;
  window: string;
  pid: number | null;
  dead: boolean;
  deadStatus: number | null;
  currentCommand: string;
  /** unix seconds of the window's last activity, as tmux reports */
  activityS: number | null;
  deadAtS: number | null;
  /** the signal that ended the pane's process (tmux 3.4+; empty in 3.3) */
  deadSignal: number | null;
  title: string;
}

const intOrNull = (s: string | undefined): number | null => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);

export function parsePaneLines(stdout: string): TmuxPane[] {
  const panes: TmuxPane[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const parts = line.split(FIELD_SEP);
    if (parts.length < 10) continue;
    const [paneId, window, pid, dead, deadStatus, cmd, activity, deadTime, deadSignal] = parts;
    panes.push({
      paneId: paneId!,
      window: window!,
      pid: intOrNull(pid),
      dead: dead === '1',
      deadStatus: intOrNull(deadStatus),
      currentCommand: cmd!,
      activityS: intOrNull(activity),
      deadAtS: intOrNull(deadTime),
      deadSignal: intOrNull(deadSignal),
      title: parts.slice(9).join(FIELD_SEP),
    });
  }
  return panes;
}

export type TmuxProblem = 'no-server' | 'no-session' | 'no-tmux' | 'other';

/** Classifies tmux's stderr when list-panes fails. */
export function classifyTmuxError(stderr: string, failure: string | null): TmuxProblem {
  if (failure && /ENOENT|not found/i.test(failure)) return 'no-tmux';
  if (/no server running|error connecting to|server exited/i.test(stderr)) return 'no-server';
  if (/can't find (session|window)|session not found/i.test(stderr)) return 'no-session';
  return 'other';
}
