import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from '../../src/oro/wire.js';
import { parseHealthDetail, parseStatusDetail } from '../../src/oro/health-detail.js';

// captured from the reference daemon's socket
const HEALTH_LINE =
  '{"type":"ACK","ack":{"ok":true,"detail":"{\\"daemon\\":{\\"pid\\":4532,\\"uptime_seconds\\":1.1,\\"state\\":\\"running\\"},\\"architect_pane\\":{\\"name\\":\\"architect\\",\\"alive\\":true,\\"last_activity\\":\\"2026-11-22T22:11:25Z\\"},\\"manager_pane\\":{\\"name\\":\\"manager\\",\\"alive\\":true,\\"last_activity\\":\\"2026-11-22T22:11:25Z\\"},\\"workers\\":[{\\"id\\":\\"w-1\\",\\"state\\":\\"busy\\",\\"bead_id\\":\\"oro-73z1\\",\\"last_progress_secs\\":0.6,\\"context_pct\\":0},{\\"id\\":\\"w-2\\",\\"state\\":\\"busy\\",\\"bead_id\\":\\"oro-d7y2\\",\\"last_progress_secs\\":0.6,\\"context_pct\\":0}]}"}}';

// the contract's own example
const CONTRACT_HEALTH = `{"daemon":{"pid":4242,"uptime_seconds":812.4,"state":"running"},
 "architect_pane":{"name":"architect","alive":true,"last_activity":"2026-02-16T10:00:00Z"},
 "manager_pane":{"name":"manager","alive":false},
 "workers":[{"id":"w-1","state":"busy","bead_id":"oro-1nf","last_progress_secs":12.5,"context_pct":41},
            {"id":"w-2","state":"idle","last_progress_secs":0,"context_pct":0}]}`;

test('a captured health ACK parses twice into typed data', () => {
  const msg = decodeMessage(HEALTH_LINE)!;
  assert.equal(msg.payload.ok, true);
  const h = parseHealthDetail(String(msg.payload.detail));
  assert.deepEqual(h.daemon, { pid: 4532, uptimeS: 1.1, state: 'running' });
  assert.equal(h.architectPane?.lastActivity, '2026-11-22T22:11:25Z');
  assert.deepEqual(
    h.workers.map((w) => [w.id, w.state, w.beadId]),
    [
      ['w-1', 'busy', 'oro-73z1'],
      ['w-2', 'busy', 'oro-d7y2'],
    ],
  );
});

test("the contract's example: omitted bead_id and last_activity become null", () => {
  const h = parseHealthDetail(CONTRACT_HEALTH);
  assert.equal(h.managerPane?.alive, false);
  assert.equal(h.managerPane?.lastActivity, null);
  assert.equal(h.workers[1]!.beadId, null);
  assert.equal(h.workers[0]!.lastProgressS, 12.5);
  assert.equal(h.workers[0]!.contextPct, 41);
});

test('an older or newer daemon: missing and extra fields are tolerated, bad workers skipped', () => {
  const h = parseHealthDetail('{"daemon":{"pid":"x"},"workers":[{"state":"idle"},{"id":"w-9","extra":1},7],"new_field":true}');
  assert.equal(h.daemon.pid, null);
  assert.equal(h.architectPane, null);
  assert.deepEqual(
    h.workers.map((w) => w.id),
    ['w-9'],
  );
  assert.equal(h.workers[0]!.state, 'unknown');
});

test('garbage detail throws a plain message', () => {
  assert.throws(() => parseHealthDetail('restarting daemon'), /health detail is not JSON/);
  assert.throws(() => parseHealthDetail('[1,2]'), /not a JSON object/);
});

test('status detail', () => {
  const s = parseStatusDetail(
    '{"state":"running","pid":4242,"worker_count":2,"queue_depth":3,"assignments":{"w-1":"oro-1nf"},"workers":[],"active_count":1,"idle_count":1,"target_count":2,"uptime_seconds":812.4,"pending_handoff_count":0,"progress_timeout_secs":600}',
  );
  assert.equal(s.queueDepth, 3);
  assert.deepEqual(s.assignments, { 'w-1': 'oro-1nf' });
  assert.equal(s.progressTimeoutS, 600);
});
