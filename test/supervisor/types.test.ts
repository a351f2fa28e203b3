import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paneTarget, parseTarget, workerTarget } from '../../src/supervisor/types.js';

test('target ids: written and read back; anything else is not a target', () => {
  assert.equal(paneTarget('architect'), 'pane:architect');
  assert.equal(workerTarget('w-3'), 'worker:w-3');
  assert.deepEqual(parseTarget('daemon'), { kind: 'daemon' });
  assert.deepEqual(parseTarget('logs'), { kind: 'logs' });
  assert.deepEqual(parseTarget(paneTarget('manager')), { kind: 'pane', name: 'manager' });
  assert.deepEqual(parseTarget(workerTarget('w-10')), { kind: 'worker', id: 'w-10' });
  for (const bad of ['', 'Daemon', 'w-3', 'worker:', 'worker:w 3', 'pane:../x', 'worker:-x', `worker:${'a'.repeat(65)}`, 'host:x'])
    assert.equal(parseTarget(bad), null, JSON.stringify(bad));
});
