// The last lines of panes (`tmux capture-pane`): the architect's and manager's for the panes screen,
// and every pane whose agent oro-top watches (collectors/agents.ts), one capture per pane a refresh.
import type { Config } from '../config.js';
import { tmux } from '../system/tmux.js';
import { sanitizeText } from '../util/sanitize.js';
import { PANE_NAMES } from './pane-context.js';

export interface PaneTextSnapshot {
  /** pane name -> its last lines (sanitized), or an error line */
  lines: Record<string, string[]>;
}

/** A pane to capture: its name in oro-top, and its tmux target (a window of the session, or a pane id). */
export interface CaptureTarget {
  name: string;
  target: string;
}

export const windowTarget = (config: Pick<Config, 'session'>, window: string): string => `=${config.session}:${window}`;

/** Captures each target's last `lines` lines; a failed capture is one "(no preview: why)" line. */
export async function captureTargets(
  config: Pick<Config, 'tmuxSocket'>,
  targets: readonly CaptureTarget[],
  lines = 40,
): Promise<{ lines: Record<string, string[]>; failed: Set<string> }> {
  const out: Record<string, string[]> = {};
  const failed = new Set<string>();
  await Promise.all(
    targets.map(async ({ name, target }) => {
      const r = await tmux(config.tmuxSocket, ['capture-pane', '-p', '-J', '-t', target, '-S', `-${lines}`]);
      if (r.exitCode !== 0) {
        failed.add(name);
        out[name] = [`(no preview: ${sanitizeText((r.stderr || r.failure || '').trim().split('\n')[0] ?? '')})`];
        return;
      }
      const all = r.stdout
        .replace(/\n+$/, '')
        .split('\n')
        .map((l) => sanitizeText(l).trimEnd());
      out[name] = all.slice(-lines);
    }),
  );
  return { lines: out, failed };
}

export async function capturePanes(config: Pick<Config, 'tmuxSocket' | 'session'>, lines = 40): Promise<PaneTextSnapshot> {
  const r = await captureTargets(
    config,
    PANE_NAMES.map((name) => ({ name, target: windowTarget(config, name) })),
    lines,
  );
  return { lines: r.lines };
}
