import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../../src/report/check.js';
import { staleness } from '../../../src/screens/models/chrome.js';
import { OroTopError } from '../../../src/util/errors.js';
import { NOW, snapshot } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

test('a failing source has one name: the status line says what check and snapshot say', () => {
  const s = snapshot();
  const failing = {
    ...s,
    slices: {
      ...s.slices,
      db: { ...s.slices.db, error: new OroTopError('database', 'state.db: database is locked'), updatedAtMs: NOW - 12_000 },
      self: { ...s.slices.self, error: new OroTopError('io', 'cannot read /proc/self/stat'), updatedAtMs: NOW - 4000 },
    },
  };
  const v = viewOf(failing);
  assert.deepEqual(staleness(v, NOW), ['state.db: database is locked (stale 12s)', 'oro-top: cannot read /proc/self/stat (stale 4s)']);
  assert.deepEqual(
    v.report.sources.filter((x) => x.error).map((x) => x.name),
    ['state.db', 'oro-top'],
  );
  assert.match(checkText(v.report), /state\.db: database is locked/);
});
