import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateDbCollector } from '../../src/collectors/state-db.js';
import { openDb } from '../../src/system/sqlite.js';
import { STATE_DB_SCHEMA } from '../../src/reference-swarm/schema.js';
import { withTmpDir } from '../helpers/tmp.js';

const withDir = (fn: (dir: string) => void | Promise<void>) => withTmpDir('statedb-', fn);

function seed(path: string): void {
  const db = openDb(path);
  db.pragma('journal_mode = WAL');
  db.exec(STATE_DB_SCHEMA);
  db.prepare('INSERT INTO pane_activity (pane, last_seen) VALUES (?, ?)').run('architect', 1795385485);
  db.prepare("INSERT INTO events (type, source, bead_id, worker_id) VALUES ('assigned', 'dispatcher', 'oro-1', 'w-1')").run();
  db.prepare("INSERT INTO escalations (type, message) VALUES ('worker_lost', 'w-2 lost')").run();
  db.prepare("INSERT INTO escalations (type, message, status) VALUES ('old', 'done', 'acked')").run();
  db.prepare("INSERT INTO assignments (bead_id, worker_id) VALUES ('oro-1', 'w-1')").run();
  db.close();
}

test(
  'reads pane activity, events, pending escalations and active assignments',
  withDir(async (dir) => {
    const p = join(dir, 'state.db');
    seed(p);
    const c = new StateDbCollector(p);
    const s = await c.collect();
    c.close();
    assert.deepEqual(s.paneActivity, { architect: 1795385485 });
    assert.equal(s.events[0]!.type, 'assigned');
    assert.equal(s.pendingEscalationCount, 1);
    assert.equal(s.pendingEscalations[0]!.message, 'w-2 lost');
    assert.equal(s.activeAssignments.length, 1);
    assert.deepEqual(s.missingTables, []);
  }),
);

test(
  'never creates or writes the database',
  withDir(async (dir) => {
    const c = new StateDbCollector(join(dir, 'absent.db'));
    await assert.rejects(c.collect(), /state.db not found/);
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync(join(dir, 'absent.db')), false);
  }),
);

test(
  'a missing table and a missing column are tolerated',
  withDir(async (dir) => {
    const p = join(dir, 'state.db');
    seed(p);
    const db = openDb(p);
    db.exec('DROP TABLE escalations; ALTER TABLE events DROP COLUMN payload;');
    db.close();
    const c = new StateDbCollector(p);
    const s = await c.collect();
    c.close();
    assert.deepEqual(s.missingTables, ['escalations']);
    assert.equal(s.events[0]!.payload, null);
    assert.equal(s.events[0]!.type, 'assigned');
  }),
);

test(
  'a corrupt file is a clear error, and a repaired one is read again',
  withDir(async (dir) => {
    const p = join(dir, 'state.db');
    writeFileSync(p, 'this is not a database, just junk '.repeat(200));
    const c = new StateDbCollector(p);
    await assert.rejects(c.collect(), (err: Error) => /state.db: .*(not a database|malformed)/i.test(err.message));
    rmSync(p);
    seed(p);
    const s = await c.collect();
    assert.equal(s.paneActivity.architect, 1795385485);
    c.close();
  }),
);

test(
  'a database locked exclusively by a writer: an error after the busy timeout, not a hang',
  withDir(async (dir) => {
    const p = join(dir, 'state.db');
    seed(p);
    const writer = openDb(p);
    writer.pragma('journal_mode = DELETE');
    writer.pragma('locking_mode = EXCLUSIVE');
    writer.exec('BEGIN EXCLUSIVE');
    const c = new StateDbCollector(p, 100);
    const t0 = Date.now();
    await assert.rejects(c.collect(), /locked|busy/i);
    assert.ok(Date.now() - t0 < 3000);
    writer.exec('COMMIT');
    writer.close();
    c.close();
  }),
);
