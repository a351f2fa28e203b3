// oro-top's own journal, read for the screens: the most recent actions with their steps, so a
// restart started here or by another oro-top (or still running after its oro-top quit) shows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, runnerAlive, stateDir, type ActionRecord } from '../actions/journal.js';

export interface ActionsSnapshot {
  recent: ActionRecord[];
}

export class ActionsCollector {
  private journal: Journal | null = null;

  constructor(private readonly path: string = join(stateDir(), 'journal.db')) {}

  async collect(): Promise<ActionsSnapshot> {
    if (!this.journal) {
      if (!existsSync(this.path)) return { recent: [] };
      this.journal = new Journal(this.path);
    }
    const recent = await Promise.all(
      this.journal.list(10).map(async (a) => {
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
