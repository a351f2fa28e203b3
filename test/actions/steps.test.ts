// Steps: each has a timeout; a step that timed out stops polling instead of running on in the background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { runSteps, type Step } from '../../src/actions/steps.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'a step past its timeout fails, and its polling loop stops',
  withTmpDir('steps-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    try {
      let polls = 0;
      const step: Step<null> = {
        name: 'wait-forever',
        timeoutMs: 200,
        async run(_s, ctx) {
          while (!ctx.expired()) {
            polls++;
            ctx.progress(`poll ${polls}`);
            await new Promise((r) => setTimeout(r, 20));
          }
          return 'unreachable';
        },
      };
      const { id } = j.begin({ kind: 't', home: '/h', target: 'x', who: 'me' }, () => false) as { id: number };
      const r = await runSteps(j, id, [step], null);
      assert.equal(r.ok, false);
      assert.equal(r.error, 'timed out after 0 s');
      const at = polls;
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(polls <= at + 1, `still polling after the timeout (${at} -> ${polls})`);
      const s = j.get(id)!.steps[0]!;
      assert.equal(s.status, 'failed');
      assert.equal(s.detail, 'timed out after 0 s', 'a late progress line does not overwrite the failure');
    } finally {
      j.close();
    }
  }),
);
