// Following a detached daemon action through the journal: what the foreground command prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { follow } from '../../src/actions/daemon-runner.js';
import { Journal } from '../../src/journal/journal.js';
import { withTmpDir } from '../helpers/tmp.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(
  'a countdown alone does not print a line a second; a change of what the step says does',
  withTmpDir('follow-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    try {
      const got = j.begin({ kind: 'restart-daemon', home: '/h', target: 'daemon', who: 't' }, () => false) as { id: number };
      const seq = j.stepStart(got.id, 'drain');
      const lines: string[] = [];
      j.stepProgress(got.id, seq, '1/2 workers approved, 60 s left');
      const following = follow(j, got.id, (l) => lines.push(l), 10);
      for (let left = 59; left > 54; left--) {
        await sleep(40);
        j.stepProgress(got.id, seq, `1/2 workers approved, ${left} s left`);
      }
      await sleep(40);
      j.stepProgress(got.id, seq, '2/2 workers approved, 54 s left');
      await sleep(40);
      j.stepEnd(got.id, seq, 'done', 'all 2 workers approved in 1.2 s');
      j.finish(got.id, 'succeeded', 'restarted');
      assert.equal(await following, true);
      assert.deepEqual(lines, [
        '  … drain: 1/2 workers approved, 60 s left',
        '  … drain: 2/2 workers approved, 54 s left',
        '  ✓ drain: all 2 workers approved in 1.2 s',
        'succeeded: restarted',
      ]);
    } finally {
      j.close();
    }
  }),
);
