// oro-top's own journal, read for the health model and the screens: the most recent actions on
// this home with their steps, so a restart started here or by another oro-top (or still running
// after its oro-top quit) shows — in the dashboard, `check` and `snapshot` alike.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, runnerAlive, stateDir, type ActionRecord } from '../actions/journal.js';

export interface ActionsSnapshot {
  /** newest first (this home's only, when the collector was given one) */
  recent: ActionRecord[];
}

export class ActionsCollector {
  private journal: Journal | null = null;

  /** @param home only this home's actions (null: every home's) */
  constructor(private readonly path: string = join(stateDir(), 'journal.db'), private readonly home: string | null = null) {}

  async collect(): Promise<ActionsSnapshot> {
    if (!this.journal) {
      if (!existsSync(this.path)) return { recent: [] };
      this.journal = new Journal(this.path);
    }
    const journal = this.journal;
    const rows = this.home === null
      ? journal.db.prepare('SELECT id FROM actions ORDER BY id DESC LIMIT 10').all()
      : journal.db.prepare('SELECT id FROM actions WHERE home = ? ORDER BY id DESC LIMIT 10').all(this.home);
    const ids = (rows as { id: number }[]).map((r) => Number(r.id));
    const recent = await Promise.all(
      ids
        .map((id) => journal.get(id))
        .filter((a): a is ActionRecord => a !== null)
        .map(async (a) => {
          // a runner that died (killed, machine rebooted) leaves its row 'running': say so
          if (a.status !== 'running' || a.runnerPid === null || (await runnerAlive(a))) return a;
          return { ...a, status: 'failed' as const, outcome: `abandoned: its runner (PID ${a.runnerPid}) is gone; see oro-top history` };
        }),
    );
    return { recent };
  }

  close(): void {
    this.journal?.close();
    this.journal = null;
  }
}
