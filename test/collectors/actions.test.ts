import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { ActionsCollector } from '../../src/collectors/actions.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  "the journal is read for this home only: another home's restart is not this swarm's",
  withTmpDir('actions-', async (dir) => {
    const path = join(dir, 'journal.db');
    const j = new Journal(path);
    const mine = new ActionsCollector(path, '/srv/a');
    try {
      const other = j.begin({ kind: 'restart-daemon', home: '/srv/b', target: 'daemon', who: 'bob' }, () => true) as { id: number };
      j.finish(other.id, 'succeeded', 'done');
      const kill = j.begin({ kind: 'kill-worker', home: '/srv/a', target: 'w-2', who: 'alice' }, () => true) as { id: number };
      j.finish(kill.id, 'succeeded', 'done');
      const got = await mine.collect();
      assert.deepEqual(
        got.recent.map((a) => [a.kind, a.home]),
        [['kill-worker', '/srv/a']],
      );
    } finally {
      mine.close();
      j.close();
    }
  }),
);
