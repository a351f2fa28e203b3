// A supervisor stand-in for the lock tests, run as its own process:
//   node --import tsx lock-child.ts JOURNAL HOME MODE [START_AT_MS]
// It waits until START_AT_MS (so several start at once), takes the lock, prints the result as one
// JSON line, then per MODE: hold (until killed), exit (process.exit(0) without releasing), close-exit (the
// same after closing the journal).
import { Journal } from '../../src/journal/journal.js';
import { takeSupervisorLock } from '../../src/supervisor/lock.js';

const [path, home, mode, startAt] = process.argv.slice(2);
const journal = new Journal(path!);
const wait = Number(startAt ?? 0) - Date.now();
if (wait > 0) await new Promise((r) => setTimeout(r, wait));
const r = takeSupervisorLock(journal.db, home!, { user: `child-${process.pid}` });
const out = 'taken' in r ? { taken: r.taken.holder, replaced: r.replaced } : 'held' in r ? { held: r.held } : { error: r.error.message };
process.stdout.write(`${JSON.stringify({ pid: process.pid, ...out })}\n`);
if (!('taken' in r)) process.exit(75);
if (mode === 'exit') process.exit(0);
if (mode === 'close-exit') {
  journal.close(); // the caller closed its connection first: the lock still goes at exit
  process.exit(0);
}
setInterval(() => {}, 60_000);
