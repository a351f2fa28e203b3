// oro-top's own journal, read for the health model and the screens: the most recent actions on
// this home with their steps, so a restart started here or by another oro-top (or still running
// after its oro-top quit) shows — in the dashboard, `check` and `snapshot` alike.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, stateDir, whyNotRunning, type ActionRecord } from '../journal/journal.js';

export interface ActionsSnapshot {
  /** newest first (this home's only, when the collector was given one) */
  recent: ActionRecord[];
}

export class ActionsCollector {
  private journal: Journal | null = null;

  /** `home`: only that home's actions (the journal is shared by every home) */
  constructor(
    private readonly path: string = join(stateDir(), 'journal.db'),
    private readonly home?: string,
  ) {}

  async collect(): Promise<ActionsSnapshot> {
    if (!this.journal) {
      if (!existsSync(this.path)) return { recent: [] };
      this.journal = new Journal(this.path);
    }
    const recent = await Promise.all(
      this.journal.list(10, this.home).map(async (a) => {
        // a runner that died (killed, machine rebooted) or is stuck past its bound: say so
        const why = await whyNotRunning(a);
        return why ? { ...a, status: 'failed' as const, outcome: `${why}; see oro-top history` } : a;
      }),
    );
    return { recent };
  }

  close(): void {
    this.journal?.close();
    this.journal = null;
  }
}
