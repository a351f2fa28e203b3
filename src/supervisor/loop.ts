// The supervisor's loop: every complete refresh of the store goes to one pass; passes never overlap
// (a refresh that comes while a pass runs waits, and only the newest waits). Ends when `until`
// settles; a pass still running then is given a few seconds to finish.
import type { SnapshotStore, View } from '../store.js';
import { messageOf } from '../util/errors.js';
import type { Supervisor } from './supervisor.js';

export async function superviseLoop(
  sup: Supervisor,
  store: SnapshotStore,
  until: Promise<unknown>,
  log: (line: string) => void,
): Promise<void> {
  let next: View | null = null;
  let running: Promise<void> | null = null;
  const drain = async (): Promise<void> => {
    while (next) {
      const v = next;
      next = null;
      try {
        await sup.pass(v);
      } catch (err) {
        // a pass that fails is logged; the next refresh gets a fresh one
        log(`pass failed: ${messageOf(err)}`);
      }
    }
    running = null;
  };
  const unsubscribe = store.subscribe((v) => {
    if (v.snapshot.complete === false) return;
    next = v;
    running ??= drain();
  });
  await store.start();
  await until;
  unsubscribe();
  await store.stop();
  const pending = running as Promise<void> | null;
  if (pending) await Promise.race([pending, new Promise((r) => setTimeout(r, 5000).unref())]);
  await sup.stop();
}
