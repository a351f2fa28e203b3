import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffMs,
  type BudgetOptions,
  type BudgetState,
  DEFAULT_BUDGET,
  type Decision,
  decide,
  emptyBudget,
  gaveUp,
  parseBudget,
  reset,
  restartsInWindow,
} from '../../src/supervisor/budget.js';

const T0 = 1_795_385_500_000;
const NO_JITTER: BudgetOptions = { ...DEFAULT_BUDGET, random: () => 0 };

/** Runs decisions in order, threading the state; returns each decision and the final state. */
function run(steps: [atMs: number, healthy: boolean][], opts = NO_JITTER, state: BudgetState = emptyBudget(), target = 'worker:w-1') {
  const out: Decision[] = [];
  let s = state;
  for (const [at, healthy] of steps) {
    const r = decide(s, target, at, healthy, opts);
    s = r.state;
    out.push(r.decision);
  }
  return { decisions: out, state: s };
}

test('backoff: 1 s doubling, capped at 60 s; jitter adds up to its fraction and never passes the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 6, 7, 8, 20].map((n) => backoffMs(n, NO_JITTER)),
    [1000, 2000, 4000, 8000, 32000, 60000, 60000, 60000],
  );
  const max = { ...DEFAULT_BUDGET, random: () => 0.999999 };
  assert.equal(backoffMs(1, max), 1200);
  assert.equal(backoffMs(3, { ...DEFAULT_BUDGET, random: () => 0.5 }), 4400);
  assert.equal(backoffMs(6, max), 38400);
  assert.equal(backoffMs(7, max), 60000, 'jitter never passes the cap');
  assert.equal(backoffMs(1, { ...DEFAULT_BUDGET, random: () => 7 }), 1200, 'a random() out of range is clamped');
});

test('a crash loop: exactly maxRestarts restarts with growing pauses, then gave up, alerted once', () => {
  const { decisions, state } = run([
    [T0, false],
    [T0 + 500, false],
    [T0 + 1000, false],
    [T0 + 2000, false],
    [T0 + 3000, false],
    [T0 + 6999, false],
    [T0 + 7000, false],
    [T0 + 8000, false],
    [T0 + 60_000, false],
  ]);
  assert.deepEqual(decisions, [
    { action: 'restart', attempt: 1, max: 3 },
    { action: 'wait', untilMs: T0 + 1000 },
    { action: 'restart', attempt: 2, max: 3 },
    { action: 'wait', untilMs: T0 + 3000 },
    { action: 'restart', attempt: 3, max: 3 },
    // the last attempt gets its pause to prove itself before the budget is judged
    { action: 'wait', untilMs: T0 + 7000 },
    { action: 'gave-up', first: true, sinceMs: T0 + 7000 },
    { action: 'gave-up', first: false, sinceMs: T0 + 7000 },
    { action: 'gave-up', first: false, sinceMs: T0 + 7000 },
  ]);
  assert.deepEqual(gaveUp(state), ['worker:w-1']);
  assert.deepEqual(restartsInWindow(state, T0 + 60_000), { 'worker:w-1': 3 });
});

test('a target that recovers between failures gets restarts until the window is spent; old restarts age out', () => {
  const opts = { ...NO_JITTER, maxRestarts: 2, windowMs: 100_000 };
  const { decisions, state } = run(
    [
      [T0, false],
      [T0 + 10_000, true],
      [T0 + 20_000, false],
      [T0 + 30_000, true],
      [T0 + 40_000, false],
    ],
    opts,
  );
  assert.deepEqual(
    decisions.map((d) => d.action),
    ['restart', 'none', 'restart', 'none', 'gave-up'],
  );
  assert.deepEqual(restartsInWindow(state, T0 + 40_000, 100_000), { 'worker:w-1': 2 });
  assert.deepEqual(restartsInWindow(state, T0 + 100_001, 100_000), { 'worker:w-1': 1 }, 'the first restart left the window');
  // failures spread wider than the window never run out of budget
  const spread = run(
    [
      [T0, false],
      [T0 + 150_000, false],
      [T0 + 250_000, false],
      [T0 + 450_000, false],
    ],
    opts,
  );
  assert.deepEqual(
    spread.decisions.map((d) => d.action),
    ['restart', 'restart', 'restart', 'restart'],
  );
});

test('gave up ends only after a whole window healthy (or reset); a relapse before that keeps it', () => {
  const opts = { ...NO_JITTER, maxRestarts: 1, windowMs: 100_000 };
  const loop = run(
    [
      [T0, false],
      [T0 + 5000, false],
    ],
    opts,
  );
  assert.equal(loop.decisions[1]!.action, 'gave-up');
  const relapse = run(
    [
      [T0 + 10_000, true],
      [T0 + 90_000, false],
      [T0 + 95_000, true],
      [T0 + 150_000, true],
    ],
    opts,
    loop.state,
  );
  assert.deepEqual(relapse.decisions, [
    { action: 'none', cleared: false },
    { action: 'gave-up', first: false, sinceMs: T0 + 5000 },
    { action: 'none', cleared: false },
    { action: 'none', cleared: false },
  ]);
  assert.deepEqual(gaveUp(relapse.state), ['worker:w-1']);
  const cleared = decide(relapse.state, 'worker:w-1', T0 + 195_000, true, opts);
  assert.deepEqual(cleared.decision, { action: 'none', cleared: true });
  assert.deepEqual(gaveUp(cleared.state), []);
  // after clearing, a new failure is restarted again and a new gave-up alerts again
  const again = run(
    [
      [T0 + 200_000, false],
      [T0 + 250_000, false],
    ],
    opts,
    cleared.state,
  );
  assert.deepEqual(
    again.decisions.map((d) => [d.action, 'first' in d ? d.first : null]),
    [
      ['restart', null],
      ['gave-up', true],
    ],
  );
  // reset forgets the target at once
  const r = reset(loop.state, 'worker:w-1');
  assert.deepEqual(gaveUp(r), []);
  assert.equal(decide(r, 'worker:w-1', T0 + 6000, false, opts).decision.action, 'restart');
});

test('targets are independent; the state survives JSON and a malformed one loses only the bad target', () => {
  let s = emptyBudget();
  s = decide(s, 'daemon', T0, false, NO_JITTER).state;
  s = decide(s, 'pane:architect', T0, false, NO_JITTER).state;
  s = decide(s, 'pane:architect', T0 + 1000, false, NO_JITTER).state;
  assert.deepEqual(restartsInWindow(s, T0 + 1000), { daemon: 1, 'pane:architect': 2 });
  const back = parseBudget(JSON.parse(JSON.stringify(s)));
  assert.deepEqual(back, { state: s, problems: [] });
  // the reloaded state decides exactly as the original
  assert.deepEqual(
    decide(back.state, 'pane:architect', T0 + 2500, false, NO_JITTER),
    decide(s, 'pane:architect', T0 + 2500, false, NO_JITTER),
  );

  const raw = JSON.parse(JSON.stringify(s));
  raw.targets['worker:w-9'] = { restarts: ['x'] };
  raw.targets['worker:w-8'] = 'junk';
  const partial = parseBudget(raw);
  assert.deepEqual(Object.keys(partial.state.targets).sort(), ['daemon', 'pane:architect']);
  assert.equal(partial.problems.length, 2);
  assert.match(partial.problems[0]!, /worker:w-9.*malformed: dropped/);
  for (const junk of [null, 7, 'x', { version: 2, targets: {} }, { version: 1 }]) {
    const p = parseBudget(junk);
    assert.deepEqual(p.state, emptyBudget());
    assert.equal(p.problems.length, 1);
  }
});

test('decide never changes the state it is given', () => {
  const s = run([[T0, false]]).state;
  const copy = JSON.parse(JSON.stringify(s));
  decide(s, 'worker:w-1', T0 + 5000, false, NO_JITTER);
  decide(s, 'worker:w-1', T0 + 5000, true, NO_JITTER);
  reset(s, 'worker:w-1');
  assert.deepEqual(s, copy);
});
