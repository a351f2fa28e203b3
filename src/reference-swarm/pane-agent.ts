// The process in the architect or manager pane of the reference swarm: prints agent-like output
// (with colour escapes, as real agents do) and records its activity where oro looks for it:
// pane_activity.last_seen in state.db and $ORO_HOME/panes/<name>/context_pct.
import { mkdirSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../system/sqlite.js';
import { swarmPaths } from './paths.js';

const LINES: Record<string, string[]> = {
  architect: [
    '\u001b[36m●\u001b[0m Reviewing epic oro-e12: split dispatcher queue into lanes',
    '\u001b[32m✓\u001b[0m Wrote design note docs/lanes.md',
    '\u001b[36m●\u001b[0m Reading internal/dispatcher/queue.go',
    '\u001b[33m◆\u001b[0m Filed bead: add lane metrics to status',
    '\u001b[36m●\u001b[0m Thinking about worker fairness…',
  ],
  manager: [
    '\u001b[36m●\u001b[0m Checking swarm status',
    '\u001b[32m✓\u001b[0m Merged oro-1nf after quality gate',
    '\u001b[36m●\u001b[0m Acking escalation: worker restarted',
    '\u001b[33m◆\u001b[0m Queue depth fine, no scaling needed',
    '\u001b[36m●\u001b[0m Reviewing handoff notes',
  ],
};

export async function runPaneAgent(name: string, intervalMs = 1500): Promise<void> {
  const paths = swarmPaths();
  const dir = join(paths.home, 'panes', name);
  mkdirSync(dir, { recursive: true });
  let db: Db | null = null;
  let ctx = 12;
  let i = 0;
  const lines = LINES[name] ?? LINES.manager!;
  process.stdout.write(`\u001b[1m${name}\u001b[0m agent ready (ORO_HOME=${paths.home})\n`);
  const beat = (): void => {
    i++;
    process.stdout.write(`${lines[i % lines.length]}\n`);
    ctx = ctx >= 90 ? 15 : ctx + 1;
    const tmp = join(dir, `context_pct.${process.pid}.tmp`);
    writeFileSync(tmp, `${ctx}\n`);
    renameSync(tmp, join(dir, 'context_pct'));
    try {
      if (!db && existsSync(paths.dbPath)) db = openDb(paths.dbPath, { timeoutMs: 2000 });
      db?.prepare(
        'INSERT INTO pane_activity (pane, last_seen) VALUES (?, ?) ON CONFLICT(pane) DO UPDATE SET last_seen = excluded.last_seen',
      ).run(name, Math.floor(Date.now() / 1000));
    } catch (err) {
      process.stdout.write(`(pane_activity not recorded: ${(err as Error).message})\n`);
      try {
        db?.close();
      } catch {
        /* ignore */
      }
      db = null;
    }
  };
  beat();
  setInterval(beat, intervalMs);
  await new Promise<never>(() => {});
}
