// The dashboard's logs screen scrolls back through the whole buffer; headless snapshots carry fewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { SnapshotStore, type View } from '../../src/store.js';
import { eventually } from '../helpers/swarm.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'the dashboard gets logs.buffer_lines lines, a headless snapshot logs.recent_lines',
  withTmpDir('logs-depth-', async (dir) => {
    const home = join(dir, 'home');
    mkdirSync(join(home, 'workers', 'w-1'), { recursive: true });
    writeFileSync(
      join(home, 'workers', 'w-1', 'output.log'),
      Array.from({ length: 700 }, (_, i) => `2026-11-25T08:00:00Z line ${i}\n`).join(''),
    );
    const env = { XDG_CONFIG_HOME: join(dir, 'none'), TMPDIR: dir, ORO_TOP_STATE_DIR: join(dir, 'state') };
    const config = loadConfig({ home, tmuxSocket: `oro-top-absent-${process.pid}` }, env);
    assert.deepEqual([config.logs.bufferLines, config.logs.recentLines], [2000, 200]);
    const headless = await new SnapshotStore(config).once();
    assert.equal(headless.snapshot.slices.logs.data?.recent.length, 200);
    const store = new SnapshotStore(config);
    let last: View | null = null;
    store.subscribe((v) => {
      last = v;
    });
    await store.start({ dashboard: true });
    try {
      const n = await eventually(
        async () => {
          const k = (last as View | null)?.snapshot.slices.logs.data?.recent.length ?? 0;
          return k >= 700 ? k : undefined;
        },
        10_000,
        'the whole log in the dashboard',
      );
      assert.equal(n, 700);
    } finally {
      await store.stop();
    }
  }),
);
