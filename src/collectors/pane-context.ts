// Reads each pane's context use, `$ORO_HOME/panes/<name>/context_pct` (an integer percent).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PANE_NAMES } from '../oro/panes.js';

export { PANE_NAMES, type PaneName } from '../oro/panes.js';

export function parseContextPct(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n <= 100 ? n : null;
}

export async function readPaneContext(home: string): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const name of PANE_NAMES) {
    try {
      out[name] = parseContextPct(readFileSync(join(home, 'panes', name, 'context_pct'), 'utf8'));
    } catch {
      out[name] = null;
    }
  }
  return out;
}
