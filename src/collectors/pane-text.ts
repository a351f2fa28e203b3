// The last lines of each pane (`tmux capture-pane`), only while a screen shows them.
import type { Config } from '../config.js';
import { tmux } from '../system/tmux.js';
import { sanitizeText } from '../util/sanitize.js';
import { PANE_NAMES } from './pane-context.js';

export interface PaneTextSnapshot {
  /** pane name -> its last lines (sanitized), or an error line */
  lines: Record<string, string[]>;
}

export async function capturePanes(config: Pick<Config, 'tmuxSocket' | 'session'>, lines = 40): Promise<PaneTextSnapshot> {
  const out: Record<string, string[]> = {};
  await Promise.all(
    PANE_NAMES.map(async (name) => {
      const r = await tmux(config.tmuxSocket, ['capture-pane', '-p', '-J', '-t', `=${config.session}:${name}`, '-S', `-${lines}`]);
      if (r.exitCode !== 0) {
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
  return { lines: out };
}
