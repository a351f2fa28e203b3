// Steps: each has a timeout; a step that timed out stops polling instead of running on in the background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { execa } from 'execa';
import { runSteps, StepCancelled, StepFailure, type Step } from '../../src/actions/steps.js';
import { readProcess } from '../../src/system/procfs.js';
import { eventually } from '../helpers/swarm.js';
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

test(
  'after a timed-out step nothing of it remains: no timer, no wait, no child process',
  withTmpDir('steps-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    try {
      const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      const before = timers();
      let childPid: number | undefined;
      let childDone: Promise<unknown> = Promise.resolve();
      const step: Step<null> = {
        name: 'hang',
        timeoutMs: 300,
        async run(_s, ctx) {
          // a child that would outlive the step, tied to the step's signal as every action's should be
          const child = execa('sleep', ['30'], { cancelSignal: ctx.signal, reject: false });
          childPid = child.pid;
          childDone = child;
          for (;;) await ctx.sleep(60_000); // a long wait: it must not hold the process after the timeout
        },
      };
      const { id } = j.begin({ kind: 't', home: '/h', target: 'x', who: 'me' }, () => false) as { id: number };
      const t0 = Date.now();
      const r = await runSteps(j, id, [step], null);
      assert.equal(r.ending, 'timeout');
      assert.ok(Date.now() - t0 < 2000, 'the step ended at its timeout');
      assert.ok(childPid);
      await eventually(
        async () => ((await readProcess(childPid!)) === null || (await readProcess(childPid!))?.state === 'Z' ? true : undefined),
        3000,
        'the child to end',
      );
      await childDone;
      await new Promise((res) => setImmediate(res));
      assert.equal(timers(), before, 'no timer of the step is left');
    } finally {
      j.close();
    }
  }),
);

test(
  'cancellation and timeout are typed endings, not messages matched by text',
  withTmpDir('steps-', async (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    try {
      const run = async (step: Step<null>) =>
        runSteps(j, (j.begin({ kind: 't', home: '/h', target: step.name, who: 'me' }, () => false) as { id: number }).id, [step], null);
      const cancelled = await run({
        name: 'c',
        timeoutMs: 1000,
        run: async () => {
          throw new StepCancelled('any words at all');
        },
      });
      assert.deepEqual([cancelled.ok, cancelled.ending, cancelled.failedStep], [false, 'cancelled', 'c']);
      const failed = await run({
        name: 'f',
        timeoutMs: 1000,
        run: async () => {
          throw new StepFailure('cancelled before, but a failure');
        },
      });
      assert.equal(failed.ending, 'failed');
      const ok = await run({
        name: 'o',
        timeoutMs: 1000,
        run: async (_s, ctx) => {
          await ctx.sleep(10);
          return 'fine';
        },
      });
      assert.deepEqual([ok.ok, ok.ending], [true, null]);
    } finally {
      j.close();
    }
  }),
);
