// S (pause / resume auto-recovery): one journaled step on a real journal; the question says what a
// pause means and what happens with no supervisor running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pauseConfirmation, pauseSupervisor, setSupervisorPaused } from '../../src/actions/pause-supervisor.js';
import { emptySupervision } from '../../src/collectors/supervision.js';
import { loadConfig } from '../../src/config.js';
import { Journal, whoAmI } from '../../src/journal/journal.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'pause and resume: one journaled step each that sets it and reads it back; pausing twice changes nothing and says so',
  withTmpDir('pause-', async (dir) => {
    const home = join(dir, 'home');
    const config = loadConfig({ home }, { XDG_CONFIG_HOME: '/nonexistent-oro-top-test' });
    const journal = new Journal(join(dir, 'journal.db'));
    try {
      const ctx = { config, journal };
      const p = await setSupervisorPaused(ctx, true);
      assert.equal(p.kind, 'done');
      if (p.kind !== 'done') return;
      assert.equal(p.ok, true);
      assert.equal(p.actionKind, 'pause-supervisor');
      assert.match(p.outcome, /^auto-recovery paused: the supervisor keeps watching, recording and alerting, and restarts nothing$/);
      const rec = journal.get(p.id)!;
      assert.deepEqual([rec.kind, rec.target, rec.status, rec.who], ['pause-supervisor', 'supervisor', 'succeeded', whoAmI()]);
      assert.deepEqual(
        rec.steps.map((s) => [s.name, s.status, s.detail]),
        [['pause', 'done', `paused by ${whoAmI()}`]],
      );
      const st = new SupervisorStateStore(journal.db).get(config.home);
      assert.ok(!(st instanceof Error) && st.paused && st.pausedBy === whoAmI());

      const again = await setSupervisorPaused(ctx, true);
      assert.ok(again.kind === 'done' && again.ok && /\(it already was\)$/.test(again.outcome));
      assert.match(journal.get(again.kind === 'done' ? again.id : 0)!.steps[0]!.detail ?? '', /already paused .*nothing changed/);

      const r = await pauseSupervisor.run(ctx, 'resume');
      assert.ok(r.kind === 'done' && r.ok && r.actionKind === 'resume-supervisor' && r.outcome === 'auto-recovery resumed');
      const after = new SupervisorStateStore(journal.db).get(config.home);
      assert.ok(!(after instanceof Error) && !after.paused);

      assert.deepEqual(await pauseSupervisor.run(ctx, 'toggle'), {
        kind: 'refused',
        why: "'toggle' is neither pause nor resume: nothing done",
      });
    } finally {
      journal.close();
    }
  }),
);

test('the question: what pausing means; with no supervisor it is kept for the next one; already paused is refused', () => {
  const none = pauseConfirmation('pause', null, { supervision: emptySupervision(Date.now(), true) });
  assert.equal(none.title, 'Pause auto-recovery?');
  assert.equal(none.refused, undefined);
  assert.match(none.lines.join(' '), /keeps watching, recording incidents and alerting; it only stops restarting/);
  assert.match(
    none.lines.join(' '),
    /No supervisor runs for this home now: the pause is kept in the journal, and the next supervisor starts paused/,
  );
  const holder = { pid: 42, user: 'bob', host: 'h', since: '2026-11-25T01:00:00.000Z', autoRestart: true };
  const running = pauseConfirmation('pause', null, { supervision: { ...emptySupervision(Date.now(), true), holder } });
  assert.match(running.lines.join(' '), /The supervisor PID 42 \(bob, since 2026-11-25T01:00:00.000Z\) sees it on its next pass/);
  const paused = {
    ...emptySupervision(Date.now(), true),
    holder,
    paused: true,
    pausedBy: 'alice',
    pausedAt: new Date(Date.now() - 120_000).toISOString(),
  };
  assert.match(pauseConfirmation('pause', null, { supervision: paused }).refused ?? '', /already paused \(by alice\)/);
  const resume = pauseConfirmation('resume', null, { supervision: paused });
  assert.equal(resume.title, 'Resume auto-recovery?');
  assert.match(resume.lines.join(' '), /Paused by alice, 2m ago\..*restarts failed targets again, at most 3 per target in 10m/);
});
