// The message line around actions, in the real blessed screen in a fake terminal: a refused
// action opens no dialog, and an action's result gives the line back to the key hints.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmationFor } from '../../src/actions/registry.js';
import type { ActionRecord, StepRecord } from '../../src/journal/journal.js';
import { Dashboard, RESULT_MS } from '../../src/screens/app.js';
import { shippedTerminfo } from '../../src/screens/run.js';
import { chooseTerminfo } from '../../src/screens/terminal.js';
import { makeTheme } from '../../src/screens/theme.js';
import { FakeInput, FakeOutput } from '../helpers/fake-tty.js';
import { actionRecord, daemonSnap, healthDetail, NOW, ok, snapshot } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'oro-top-Messages-'));
process.env.ORO_TOP_CACHE_DIR = cacheDir;
after(() => rmSync(cacheDir, { recursive: true, force: true }));

function dash(clock: { now: number }, ran: string[] = []): Dashboard {
  return new Dashboard({
    theme: makeTheme({ ascii: false, colour: true }),
    terminfo: shippedTerminfo(chooseTerminfo('xterm-256color')),
    unicode: true,
    input: new FakeInput(),
    output: new FakeOutput(80, 24),
    now: () => clock.now,
    describeAction: (kind, target, report) => confirmationFor(kind, target, report, { drainTimeoutS: 60, startCommand: ['oro', 'start'] }),
    onAction: async (req) => {
      ran.push(req.kind === 'action' ? req.action : req.kind);
      return 'ran';
    },
  });
}

const step = (seq: number, name: string, status: StepRecord['status'], detail: string | null = null): StepRecord => ({
  seq,
  name,
  status,
  startedAt: new Date(NOW - 10_000 + seq * 1000).toISOString(),
  endedAt: status === 'running' ? null : new Date(NOW - 9_500 + seq * 1000).toISOString(),
  detail,
});

/** The daemon stopping while restart-daemon #11 drains it (past the directive, as the user saw it). */
function draining(steps: StepRecord[]): ReturnType<typeof viewOf> {
  const restart: ActionRecord = actionRecord({ id: 11, who: 'bob (PID 4100)', steps });
  return viewOf(
    snapshot({
      daemon: ok(daemonSnap({ health: healthDetail({ daemon: { pid: 4242, uptimeS: 300, state: 'stopping' } }) })),
      actions: ok({ recent: [restart] }),
    }),
  );
}

test('R while a restart runs: no dialog; the message says so at once, and y afterwards starts nothing', () => {
  const ran: string[] = [];
  const d = dash({ now: NOW }, ran);
  try {
    d.update(draining([step(1, 'check', 'done'), step(2, 'directive', 'done'), step(3, 'drain', 'running', '2 workers left, 58 s left')]));
    d.press('R');
    assert.equal(d.state.confirm, null, 'no dialog');
    const screen = d.frame().join('\n');
    assert.doesNotMatch(screen, /Drain and restart the daemon\?/);
    assert.match(
      d.state.flash ?? '',
      /^restart-daemon #11 runs \(step drain\): wait for it \(Esc: why it cannot be cancelled\); by bob \(PID 4100\)$/,
    );
    // what to do is on screen at 80 columns
    assert.match(d.frame()[23]!, /restart-daemon #11 runs \(step drain\): wait for it/);
    d.press('y');
    assert.deepEqual(ran, [], 'y answers no dialog');
    // before the daemon was asked, Esc does cancel it
    d.update(draining([step(1, 'check', 'running')]));
    d.press('R');
    assert.equal(d.state.confirm, null);
    assert.match(d.state.flash ?? '', /^restart-daemon #11 runs \(step check\): wait for it, or Esc cancels it; by bob \(PID 4100\)$/);
  } finally {
    d.close();
  }
});

test("an action's result leaves the hint line after a while (or when a newer one comes); the keys return", async () => {
  const clock = { now: NOW };
  const d = dash(clock);
  try {
    d.update(viewOf());
    const hints = d.frame()[23]!;
    assert.match(hints, /\?.*help/);
    d.flash('restart-daemon #7 succeeded: restarted in 3.1 s, PID 1 -> 2, workers 3->3');
    assert.match(d.frame()[23]!, /restart-daemon #7 succeeded/);
    clock.now += 5000;
    d.update(viewOf());
    assert.match(d.frame()[23]!, /restart-daemon #7 succeeded/, 'still there 5 s later');
    d.flash('restart-daemon #8 succeeded: restarted in 2.9 s');
    clock.now += RESULT_MS - 1000;
    d.update(viewOf());
    assert.match(d.frame()[23]!, /restart-daemon #8 succeeded/, 'the newer result replaced it and has its own time');
    clock.now += 2000;
    d.update(viewOf());
    assert.equal(d.frame()[23], hints, 'the key hints are back');
    assert.equal(d.state.flash, null);
    // a key's own message is not an action result: it stays until the next key
    d.press('n');
    d.press('4');
    d.press('n');
    const msg = d.state.flash;
    clock.now += RESULT_MS * 2;
    d.update(viewOf());
    assert.equal(d.state.flash, msg);
  } finally {
    d.close();
  }
});

test('a cancel dialog open when its restart ends closes and says so (y would cancel nothing)', () => {
  const ran: string[] = [];
  const d = dash({ now: NOW }, ran);
  try {
    const steps = [step(1, 'check', 'done'), step(2, 'directive', 'done'), step(3, 'drain', 'running', '2/3 workers approved, 12 s left')];
    d.update(draining(steps));
    d.press('escape');
    assert.equal(d.state.confirm?.kind, 'cancel');
    const ended = actionRecord({
      id: 11,
      who: 'bob (PID 4100)',
      status: 'succeeded',
      endedAt: new Date(NOW).toISOString(),
      outcome: 'restarted in 9.1 s',
      steps,
    });
    d.update(viewOf(snapshot({ actions: ok({ recent: [ended] }) })));
    assert.equal(d.state.confirm, null);
    assert.doesNotMatch(d.frame().join('\n'), /cannot be cancelled now/);
    assert.match(d.frame()[23]!, /restart #11 has ended \(succeeded\): nothing to cancel|restart-daemon #11 succeeded/);
    d.press('y');
    assert.deepEqual(ran, []);
  } finally {
    d.close();
  }
});
