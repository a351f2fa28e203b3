import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialUi } from '../../../src/screens/ui-state.js';
import { confirmationFor } from '../../../src/actions/registry.js';
import { workerRows } from '../../../src/screens/models/workers.js';
import { viewOf } from '../../helpers/view.js';

test('a worker killed on purpose stays selectable (last, not counted) so that r can start it again', () => {
  const v = viewOf();
  const live = v.report.workers.map((w) => w.id);
  const view = {
    ...v,
    report: {
      ...v.report,
      removedWorkers: [
        { id: 'w-9', reason: 'killed on purpose (kill-worker #4 by alice)' },
        { id: 'w-8', reason: 'left with the old daemon (restart-daemon #3 by bob)' },
      ],
    },
  };
  const ui = initialUi();
  const rows = workerRows(view, { ...ui, sort: { column: 'id', desc: true } });
  assert.deepEqual(
    rows.map((r) => r.id),
    [...[...live].reverse(), 'w-9'],
    'after the live ones whatever the sort; a worker gone with the old daemon is not offered',
  );
  const gone = rows.at(-1)!;
  assert.equal(gone.removed, true);
  assert.equal(gone.state, 'removed');
  assert.equal(gone.reason, 'killed on purpose (kill-worker #4 by alice); r starts it again');
  assert.equal(view.report.workerCounts.total, live.length, 'not counted in the health');
  // the daemon lists it again (restarted): one row, the live one
  const back = {
    ...view,
    report: { ...view.report, removedWorkers: [{ id: live[0]!, reason: 'killed on purpose (kill-worker #4 by alice)' }] },
  };
  assert.equal(workerRows(back, ui).filter((r) => r.id === live[0]).length, 1);
  // r on it: the dialog says what it is, not 'unknown'
  const d = confirmationFor('restart-worker', 'w-9', view.report, { drainTimeoutS: 60, startCommand: ['oro'] });
  assert.deepEqual(d.lines, [
    'It is not running: killed on purpose (kill-worker #4 by alice).',
    'It is started again: by the daemon, else the way the daemon starts its workers.',
  ]);
});
