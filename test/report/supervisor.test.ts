// `snapshot --json`'s supervisor object and `check`'s gave-up line, from the supervision source's data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySupervision, type SupervisionSnapshot } from '../../src/collectors/supervision.js';
import { checkJson, checkText, EXIT_CODES } from '../../src/report/check.js';
import { snapshotJson } from '../../src/report/snapshot-json.js';
import { NOW, ok, snapshot } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const sup = (over: Partial<SupervisionSnapshot> = {}): SupervisionSnapshot => ({ ...emptySupervision(NOW, true), ...over });
const holder = { pid: 4711, user: 'alice', host: 'h', since: '2026-11-25T01:00:00.000Z', autoRestart: true };

test('snapshot --json: supervisor with exactly its fields; null pid and auto_restart when none runs; null when unreadable', () => {
  const running = viewOf(
    snapshot({
      supervisor: ok(
        sup({
          holder,
          paused: true,
          gaveUp: [{ target: 'worker:w-2', since: '2026-11-25T02:00:00.000Z', why: '3 restarts in 10 min' }],
          restartsInWindow: { 'worker:w-2': 3, daemon: 1 },
        }),
      ),
    }),
  );
  const j = snapshotJson(running.snapshot, running.report, '/h');
  assert.deepEqual(j.supervisor, {
    running: true,
    pid: 4711,
    auto_restart: true,
    paused: true,
    gave_up: ['worker:w-2'],
    restarts_in_window: { 'worker:w-2': 3, daemon: 1 },
  });
  const none = viewOf(snapshot({ supervisor: ok(sup()) }));
  assert.deepEqual(snapshotJson(none.snapshot, none.report, '/h').supervisor, {
    running: false,
    pid: null,
    auto_restart: null,
    paused: false,
    gave_up: [],
    restarts_in_window: {},
  });
  const unread = viewOf(snapshot());
  assert.equal(snapshotJson(unread.snapshot, unread.report, '/h').supervisor, null);
});

test("check names the given-up targets in one line and how to clear them; the overall and exit code stay the health model's", () => {
  const v = viewOf(snapshot());
  const gave = sup({ gaveUp: [{ target: 'worker:w-2', since: '2026-11-25T02:00:00.000Z', why: '3 restarts in 10 min' }] });
  const text = checkText(v.report, false, gave);
  assert.match(
    text,
    /^supervisor\s+◐ degraded\s+gave up on worker:w-2 \(3 restarts in 10 min, since .*\): no auto-recovery until oro-top supervise --reset worker:w-2$/m,
  );
  const j = checkJson(v.report, gave) as { overall: string; exit_code: number; components: { component: string }[] };
  assert.equal(j.overall, v.report.overall);
  assert.equal(j.exit_code, EXIT_CODES[v.report.overall]);
  assert.ok(j.components.some((c) => c.component === 'supervisor'));
  assert.doesNotMatch(checkText(v.report, false, sup()), /supervisor/, 'no line when nothing is given up');
  const two = sup({
    gaveUp: [
      { target: 'daemon', since: 's', why: 'w' },
      { target: 'pane:architect', since: 's', why: 'w' },
    ],
  });
  assert.match(
    checkText(v.report, true, two),
    /gave up on daemon, pane:architect: no auto-recovery until oro-top supervise --reset TARGET/,
  );
});
