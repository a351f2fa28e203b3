import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alertKindOf,
  blockingAction,
  DEFAULT_PLAN,
  planAll,
  planOptionsFrom,
  recoveryFor,
  type RecoveryAction,
} from '../../src/supervisor/plan.js';
import type { Finding, FindingKind, Severity, TargetId } from '../../src/supervisor/types.js';
import { actionRecord } from '../helpers/snapshot.js';
import { RESTART_KIND, START_KIND } from '../../src/actions/daemon-runner.js';

const finding = (target: TargetId, kind: FindingKind, severity: Severity = 'critical'): Finding => ({
  target,
  kind,
  severity,
  summary: `${target} ${kind}`,
  evidence: { exitCode: null, signal: null, bead: null, pid: null, detail: [], lines: [] },
  sinceMs: 0,
});
const recovery = (f: Finding): RecoveryAction => {
  const r = recoveryFor(f);
  assert.ok(typeof r !== 'string', `no recovery: ${String(r)}`);
  return r;
};

test('each finding gets the action kind src/actions runs, with the journal target it uses', () => {
  for (const k of ['not-running', 'pid-file-bad', 'stale-pid', 'zombie'] as const) {
    const r = recovery(finding('daemon', k));
    assert.deepEqual([r.kind, r.journalTarget, r.escalation], [START_KIND, 'daemon', []], k);
  }
  const frozen = recovery(finding('daemon', 'frozen'));
  assert.equal(frozen.kind, RESTART_KIND);
  assert.deepEqual(frozen.escalation, [
    { signal: 'SIGINT', graceMs: DEFAULT_PLAN.sigintGraceMs },
    { signal: 'SIGKILL', graceMs: DEFAULT_PLAN.sigkillGraceMs },
  ]);
  assert.deepEqual(recoveryFor(finding('daemon', 'frozen'), { sigintGraceMs: 3000, sigkillGraceMs: 1000 }) as RecoveryAction, {
    ...frozen,
    escalation: [
      { signal: 'SIGINT', graceMs: 3000 },
      { signal: 'SIGKILL', graceMs: 1000 },
    ],
  });
  assert.deepEqual(planOptionsFrom({ drainTimeoutS: 60 }), DEFAULT_PLAN);
  assert.deepEqual(planOptionsFrom({ drainTimeoutS: 3 }), { sigintGraceMs: 3000, sigkillGraceMs: 5000 });
  assert.equal(planOptionsFrom({ drainTimeoutS: 1 }).sigintGraceMs, 2000);
  for (const k of ['pane-died', 'pane-missing'] as const) {
    const r = recovery(finding('pane:manager', k));
    assert.deepEqual([r.kind, r.journalTarget], ['respawn-pane', 'manager'], k);
  }
  for (const k of ['exited', 'zombie', 'frozen', 'no-progress'] as const) {
    const r = recovery(finding('worker:w-3', k));
    assert.deepEqual([r.kind, r.journalTarget], ['restart-worker', 'w-3'], k);
  }
});

test('warnings, a gone tmux session and an error burst get no recovery, and say why', () => {
  assert.match(recoveryFor(finding('worker:w-3', 'heartbeat-lost', 'warning')) as string, /warning/);
  assert.match(recoveryFor(finding('daemon', 'unresponsive', 'warning')) as string, /warning/);
  assert.match(recoveryFor(finding('pane:architect', 'no-session')) as string, /does not start a swarm/);
  assert.equal(typeof recoveryFor(finding('logs', 'error-burst', 'critical')), 'string');
  assert.equal(typeof recoveryFor(finding('worker:w-3', 'heartbeat-lost')), 'string');
});

test('a running action on the same target blocks; a daemon action blocks the daemon and every worker', () => {
  const respawn = actionRecord({ id: 3, kind: 'respawn-pane', target: 'architect' });
  const restartW2 = actionRecord({ id: 4, kind: 'restart-worker', target: 'w-2' });
  const killW5 = actionRecord({ id: 5, kind: 'kill-worker', target: 'w-5' });
  const daemon = actionRecord({ id: 6, kind: 'start-daemon', target: 'daemon' });
  const done = actionRecord({ id: 8, kind: 'restart-worker', target: 'w-1', status: 'succeeded' });
  const rows = [respawn, restartW2, killW5, done];
  assert.equal(blockingAction('pane:architect', rows), respawn);
  assert.equal(blockingAction('pane:manager', rows), null);
  assert.equal(blockingAction('worker:w-2', rows), restartW2);
  assert.equal(blockingAction('worker:w-5', rows), killW5);
  assert.equal(blockingAction('worker:w-1', rows), null, 'a finished action does not block');
  assert.equal(blockingAction('worker:w-22', rows), null, 'w-2 is not w-22');
  assert.equal(blockingAction('daemon', rows), null);
  assert.equal(blockingAction('daemon', [...rows, daemon]), daemon);
  assert.equal(blockingAction('worker:w-1', [...rows, daemon]), daemon);
  assert.equal(blockingAction('pane:manager', [daemon]), null, 'a pane does not wait for the daemon');
  assert.equal(blockingAction('daemon', [actionRecord({ kind: 'restart-daemon' })])?.kind, 'restart-daemon');
});

test('planAll: the daemon first, workers wait while it is down, blocked targets name the action, warnings do nothing', () => {
  const manual = actionRecord({ id: 9, kind: 'respawn-pane', target: 'manager', who: 'alice' });
  const plans = planAll(
    [
      finding('worker:w-2', 'exited'),
      finding('pane:manager', 'pane-died'),
      finding('daemon', 'stale-pid'),
      finding('pane:architect', 'pane-died'),
      finding('worker:w-1', 'heartbeat-lost', 'warning'),
    ],
    [manual],
  );
  assert.deepEqual(
    plans.map((p) => [p.target, p.do]),
    [
      ['daemon', 'recover'],
      ['pane:architect', 'recover'],
      ['pane:manager', 'blocked'],
      ['worker:w-1', 'nothing'],
      ['worker:w-2', 'nothing'],
    ],
  );
  const blocked = plans[2]!;
  assert.ok(blocked.do === 'blocked');
  assert.equal(blocked.by, manual);
  assert.match(blocked.why, /respawn-pane #9 by alice/);
  const w2 = plans[4]!;
  assert.ok(w2.do === 'nothing');
  assert.match(w2.why, /daemon is down/);
  // with the daemon well, the worker is restarted
  const alone = planAll([finding('worker:w-2', 'exited'), finding('daemon', 'unresponsive', 'warning')], []);
  assert.deepEqual(
    alone.map((p) => [p.target, p.do]),
    [
      ['daemon', 'nothing'],
      ['worker:w-2', 'recover'],
    ],
  );
});

test('the alert each finding raises', () => {
  assert.equal(alertKindOf(finding('worker:w-1', 'exited')), 'died');
  assert.equal(alertKindOf(finding('daemon', 'frozen')), 'frozen');
  assert.equal(alertKindOf(finding('worker:w-1', 'no-progress')), 'frozen');
  assert.equal(alertKindOf(finding('logs', 'error-burst', 'warning')), 'error-burst');
  assert.equal(alertKindOf(finding('worker:w-1', 'heartbeat-lost', 'warning')), null);
  assert.equal(alertKindOf(finding('daemon', 'unresponsive', 'warning')), null);
});
