// Detection over real health reports: every report here comes from classify() over a snapshot
// built the way the collectors build it, and the facts from factsFromSnapshot().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Snapshot } from '../../src/collectors/sources.js';
import { classify } from '../../src/health/classify.js';
import type { HealthReport } from '../../src/health/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/config.js';
import { detect, type DetectInput, type DetectOptions, linesOf, silentSince, targetOfComponent } from '../../src/supervisor/detect.js';
import { emptyFacts, factsFromSnapshot } from '../../src/supervisor/facts.js';
import type { Finding } from '../../src/supervisor/types.js';
import { NOW, NOW_S, OPTS, actionRecord, daemonSnap, healthDetail, ok, snapshot, workerProc } from '../helpers/snapshot.js';

const DOPTS: DetectOptions = { thresholds: DEFAULT_THRESHOLDS, freezeAfterS: 60, errorBurstPerMin: 30, evidenceLines: 3 };

function input(snap: Snapshot, over: Partial<DetectInput> = {}): DetectInput {
  const next = classify(snap, NOW, OPTS);
  return { prev: null, next, nowMs: NOW, facts: factsFromSnapshot(snap, next), daemonSilentS: 0, open: [], ...over };
}
const report = (snap: Snapshot): HealthReport => classify(snap, NOW, OPTS);
const one = (fs: Finding[], target: string): Finding => {
  const f = fs.find((x) => x.target === target);
  assert.ok(f, `no finding for ${target} in ${JSON.stringify(fs.map((x) => x.target))}`);
  return f;
};
const procs = (...ps: ReturnType<typeof workerProc>[]) => ok({ byPid: new Map(ps.map((p) => [p.pid, p])), sampledAtMs: NOW });
const logs = (lines: { source: string; text: string; level?: 'error' | 'info' }[], errorsPerMinute: number[] = []) =>
  ok({
    files: [],
    recent: lines.map((l, i) => ({ seq: i, source: l.source, text: l.text, level: l.level ?? 'info', timeMs: NOW - 1000 })),
    errorsLast5m: 0,
    errorsPerMinute,
    notices: [],
  });

test('a healthy swarm has no findings, and nothing opens or recovers', () => {
  const d = detect(input(snapshot()), DOPTS);
  assert.deepEqual(d.findings, []);
  assert.deepEqual(d.opened, []);
  assert.deepEqual(d.recovered, []);
  assert.deepEqual(d.open, []);
});

test('a worker whose process vanished: exited, critical, with its bead, its last log lines and what changed', () => {
  const before = snapshot();
  const after = snapshot({
    processes: procs(workerProc(5002, 'w-2')),
    logs: logs([
      { source: 'worker:w-1', text: 'step 1' },
      { source: 'daemon', text: 'daemon line' },
      { source: 'worker:w-1', text: 'step 2' },
      { source: 'worker:w-1', text: 'step 3' },
      { source: 'worker:w-1', text: 'panic: boom' },
    ]),
  });
  const d = detect(input(after, { prev: report(before) }), DOPTS);
  const f = one(d.findings, 'worker:w-1');
  assert.equal(f.kind, 'exited');
  assert.equal(f.severity, 'critical');
  assert.equal(f.evidence.bead, 'oro-1');
  assert.equal(f.evidence.exitCode, null, 'oro-top is not the parent of a worker: no exit status');
  assert.deepEqual(f.evidence.lines, ['step 2', 'step 3', 'panic: boom'], 'the last 3 lines of that worker only');
  assert.ok(
    f.evidence.detail.some((l) => /process gone/.test(l)),
    f.evidence.detail.join(' | '),
  );
  assert.ok(
    f.evidence.detail.some((l) => l.startsWith('worker w-1 is dead')),
    'the observed transition is kept',
  );
  assert.equal(f.sinceMs, NOW);
  assert.deepEqual(
    d.opened.map((x) => x.target),
    ['worker:w-1'],
  );
});

test('a worker gone from the daemon too: its bead comes from the report before, since from its last output', () => {
  const lastOut = NOW - 20_000;
  const after = snapshot({
    processes: procs(workerProc(5002, 'w-2')),
    daemon: ok(
      daemonSnap({ health: healthDetail({ workers: [{ id: 'w-2', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] }) }),
    ),
    logs: ok({
      files: [{ source: 'worker:w-1', path: '/x/output.log', exists: true, size: 10, mtimeMs: lastOut, error: null }],
      recent: [],
      errorsLast5m: 0,
      errorsPerMinute: [],
      notices: [],
    }),
  });
  const f = one(detect(input(after, { prev: report(snapshot()) }), DOPTS).findings, 'worker:w-1');
  assert.equal(f.kind, 'exited');
  assert.equal(f.evidence.bead, 'oro-1');
  assert.equal(f.sinceMs, lastOut);
  const noPrev = one(detect(input(after), DOPTS).findings, 'worker:w-1');
  assert.equal(noPrev.evidence.bead, null, 'without the report before nothing tells the bead');
  const carried = one(detect(input(after, { open: [f] }), DOPTS).findings, 'worker:w-1');
  assert.equal(carried.evidence.bead, 'oro-1', 'the bead noted when the trouble began stays with it');
  const db = {
    ...after.slices.db.data!,
    activeAssignments: [{ beadId: 'oro-9', workerId: 'w-1', status: 'assigned', assignedAt: null, attemptCount: 1, handoffCount: 0 }],
  };
  const fromDb = one(detect(input({ ...after, slices: { ...after.slices, db: ok(db) } }), DOPTS).findings, 'worker:w-1');
  assert.equal(fromDb.evidence.bead, 'oro-9', "else state.db's assignment tells it");
});

test('worker zombie, stopped (warning), frozen after the threshold, heartbeat lost, no progress', () => {
  const zombie = snapshot({ processes: procs(workerProc(5001, 'w-1', { state: 'Z' }), workerProc(5002, 'w-2')) });
  assert.equal(one(detect(input(zombie), DOPTS).findings, 'worker:w-1').kind, 'zombie');

  const stopped = (agoS: number) =>
    snapshot({ processes: procs(workerProc(5001, 'w-1', { state: 'T', stoppedSinceMs: NOW - agoS * 1000 }), workerProc(5002, 'w-2')) });
  const s10 = one(detect(input(stopped(10)), DOPTS).findings, 'worker:w-1');
  assert.deepEqual([s10.kind, s10.severity, s10.sinceMs], ['stopped', 'warning', NOW - 10_000]);
  const s70 = one(detect(input(stopped(70)), DOPTS).findings, 'worker:w-1');
  assert.deepEqual([s70.kind, s70.severity], ['frozen', 'critical']);

  const progress = (s: number) =>
    snapshot({
      daemon: ok(
        daemonSnap({
          health: healthDetail({
            workers: [
              { id: 'w-1', state: 'busy', beadId: 'oro-1', lastProgressS: s, contextPct: 40 },
              { id: 'w-2', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 },
            ],
          }),
        }),
      ),
    });
  assert.equal(
    detect(input(progress(44)), DOPTS).findings.find((f) => f.target === 'worker:w-1'),
    undefined,
  );
  const hb = one(detect(input(progress(50)), DOPTS).findings, 'worker:w-1');
  assert.deepEqual([hb.kind, hb.severity, hb.sinceMs], ['heartbeat-lost', 'warning', NOW - 50_000]);
  const hung = one(detect(input(progress(700)), DOPTS).findings, 'worker:w-1');
  assert.deepEqual([hung.kind, hung.severity], ['no-progress', 'critical']);
  // the trouble keeps the time it began across kinds: heartbeat lost, then hung
  const carried = one(detect(input(progress(700), { open: [hb] }), DOPTS).findings, 'worker:w-1');
  assert.equal(carried.sinceMs, hb.sinceMs);
});

test('daemon dead: no PID file, stale PID, zombie, bad PID file each say so', () => {
  const kind = (over: Parameters<typeof daemonSnap>[0]) =>
    one(detect(input(snapshot({ daemon: ok(daemonSnap(over)) })), DOPTS).findings, 'daemon');
  const gone = { healthSocket: { kind: 'no-socket' as const }, health: null, process: null };
  assert.equal(kind({ ...gone, pidFile: { kind: 'missing', path: '/p' }, identity: null }).kind, 'not-running');
  const stale = kind({ ...gone, identity: { kind: 'gone' } });
  assert.deepEqual([stale.kind, stale.severity, stale.evidence.pid], ['stale-pid', 'critical', 4242]);
  assert.equal(kind({ ...gone, identity: { kind: 'reused', reason: 'PID 4242 is now bash' } }).kind, 'stale-pid');
  assert.equal(kind({ ...gone, identity: { kind: 'zombie' } }).kind, 'zombie');
  assert.equal(kind({ ...gone, pidFile: { kind: 'corrupt', path: '/p', problem: 'empty' }, identity: null }).kind, 'pid-file-bad');
});

test('daemon alive but silent: nothing at first, unresponsive, then frozen at --freeze-after', () => {
  const silent = snapshot({ daemon: ok(daemonSnap({ healthSocket: { kind: 'timeout', phase: 'reply', timeoutMs: 1000 }, health: null })) });
  const at = (s: number) => detect(input(silent, { daemonSilentS: s }), DOPTS).findings.find((f) => f.target === 'daemon');
  assert.equal(at(0), undefined);
  assert.deepEqual([at(30)?.kind, at(30)?.severity], ['unresponsive', 'warning']);
  assert.deepEqual([at(60)?.kind, at(60)?.severity], ['frozen', 'critical']);
  // the same trouble going on: not a new incident, but a change of kind (the frozen alert)
  const first = detect(input(silent, { daemonSilentS: 30 }), DOPTS);
  assert.deepEqual(
    first.opened.map((f) => f.kind),
    ['unresponsive'],
  );
  const later = detect(input(silent, { daemonSilentS: 60, open: first.open, nowMs: NOW + 30_000 }), DOPTS);
  assert.deepEqual(later.opened, []);
  assert.deepEqual(
    later.changed.map((f) => [f.kind, f.sinceMs]),
    [['frozen', NOW]],
  );
  const same = detect(input(silent, { daemonSilentS: 90, open: later.open, nowMs: NOW + 60_000 }), DOPTS);
  assert.deepEqual([same.opened, same.changed], [[], []]);
  assert.equal(detect(input(silent, { daemonSilentS: 59 }), { ...DOPTS, freezeAfterS: 120 }).findings[0]?.kind, 'unresponsive');
  // a SIGSTOPped daemon is not even asked: frozen once silent long enough, and says it is stopped
  const stopped = snapshot({
    daemon: ok(
      daemonSnap({
        process: { ...daemonSnap().process!, state: 'T', stoppedSinceMs: NOW - 90_000 },
        healthSocket: { kind: 'not-asked', why: 'PID 4242 is stopped' },
        health: null,
      }),
    ),
  });
  const f = one(detect(input(stopped, { daemonSilentS: 90 }), DOPTS).findings, 'daemon');
  assert.equal(f.kind, 'frozen');
  assert.match(f.summary, /stopped, silent for 90 s/);
  assert.ok(
    f.evidence.detail.some((l) => /SIGSTOP/.test(l)),
    f.evidence.detail.join(' | '),
  );
});

test('silentSince counts from the first unanswered look, and only while the process lives', () => {
  assert.equal(silentSince(null, true, false, 1000), 1000);
  assert.equal(silentSince(1000, true, false, 5000), 1000);
  assert.equal(silentSince(1000, true, true, 5000), null);
  assert.equal(silentSince(1000, false, false, 5000), null);
});

test('while a daemon restart of oro-top runs, the daemon and its workers are not findings', () => {
  // draining: the daemon does not answer for long, a worker of it is left a zombie
  const snap = snapshot({
    daemon: ok(daemonSnap({ healthSocket: { kind: 'timeout', phase: 'reply', timeoutMs: 1000 }, health: null })),
    processes: procs(workerProc(5001, 'w-1', { state: 'Z' })),
    actions: ok({ recent: [actionRecord()] }),
  });
  assert.notEqual(report(snap).restart, null);
  const d = detect(input(snap, { daemonSilentS: 120 }), DOPTS);
  assert.deepEqual(
    d.findings.filter((f) => f.target === 'daemon' || f.target.startsWith('worker:')),
    [],
  );
});

function paneSnap(over: Record<string, unknown>, problem: string | null = null): Snapshot {
  const t = snapshot().slices.tmux.data!;
  return snapshot({
    tmux: ok({
      ...t,
      problem: problem as never,
      problemText: problem ? `tmux: ${problem}` : null,
      panes: [{ ...t.panes[0]!, ...over }, t.panes[1]!],
    }),
  });
}

test('a dead pane: its exit status, or the signal tmux names, and since when', () => {
  const exited = one(detect(input(paneSnap({ dead: true, deadStatus: 2, deadAtS: NOW_S - 30 })), DOPTS).findings, 'pane:architect');
  assert.deepEqual([exited.kind, exited.evidence.exitCode, exited.evidence.signal, exited.sinceMs], ['pane-died', 2, null, NOW - 30_000]);
  assert.match(exited.summary, /exited with status 2/);
  const killed = one(detect(input(paneSnap({ dead: true, deadStatus: null, deadSignal: 9 })), DOPTS).findings, 'pane:architect');
  assert.deepEqual([killed.evidence.signal, killed.summary], ['SIGKILL', 'architect pane died: killed by SIGKILL']);
  const t = snapshot().slices.tmux.data!;
  const missing = snapshot({ tmux: ok({ ...t, panes: [t.panes[1]!] }) });
  assert.equal(one(detect(input(missing), DOPTS).findings, 'pane:architect').kind, 'pane-missing');
  const noSession = paneSnap({}, 'no-session');
  const fs = detect(input(noSession), DOPTS).findings;
  assert.deepEqual(
    fs.filter((f) => f.target.startsWith('pane:')).map((f) => f.kind),
    ['no-session', 'no-session'],
  );
});

test('recovered: an open finding whose target is healthy again; left: one no longer listed; still open: not healthy yet', () => {
  const dead = snapshot({ processes: procs(workerProc(5002, 'w-2')) });
  const first = detect(input(dead, { prev: report(snapshot()) }), DOPTS);
  assert.equal(first.open.length, 1);
  const back = detect(input(snapshot(), { prev: report(dead), open: first.open, nowMs: NOW + 5000 }), DOPTS);
  assert.deepEqual(back.findings, []);
  assert.equal(back.recovered.length, 1);
  assert.deepEqual([back.recovered[0]!.target, back.recovered[0]!.how, back.recovered[0]!.kind], ['worker:w-1', 'healthy', 'exited']);
  assert.match(back.recovered[0]!.detail, /worker w-1 is healthy again/);
  assert.deepEqual(back.open, []);

  const paneDead = detect(input(paneSnap({ dead: true, deadStatus: 1 })), DOPTS);
  const idle = detect(input(paneSnap({ activityS: NOW_S - 3600 }), { open: paneDead.open }), DOPTS);
  assert.deepEqual(idle.recovered, [], 'alive but idle is not healthy: not recovered');
  assert.deepEqual(
    idle.open.map((f) => f.target),
    ['pane:architect'],
  );

  const gone = snapshot({
    processes: procs(workerProc(5002, 'w-2')),
    daemon: ok(
      daemonSnap({ health: healthDetail({ workers: [{ id: 'w-2', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] }) }),
    ),
  });
  const left = detect(input(gone, { open: first.open }), DOPTS);
  assert.deepEqual(
    left.recovered.map((r) => [r.target, r.how]),
    [['worker:w-1', 'left']],
  );
});

test('an error burst: the threshold reached in the current or the last minute, with the loudest sources', () => {
  const snap = (perMin: number[]) =>
    snapshot({ logs: logs([{ source: 'worker:w-3', text: 'ERROR x', level: 'error' }], [...Array(58).fill(0), ...perMin]) });
  assert.equal(
    detect(input(snap([5, 29])), DOPTS).findings.find((f) => f.target === 'logs'),
    undefined,
  );
  const cur = one(detect(input(snap([0, 30])), DOPTS).findings, 'logs');
  assert.deepEqual([cur.kind, cur.severity], ['error-burst', 'warning']);
  assert.equal(cur.sinceMs, Math.floor(NOW / 60_000) * 60_000);
  assert.deepEqual(cur.evidence.lines, ['worker:w-3: ERROR x']);
  const last = one(detect(input(snap([45, 3])), DOPTS).findings, 'logs');
  assert.match(last.summary, /45 error lines in one minute/);
  assert.equal(detect(input(snap([45, 3])), { ...DOPTS, errorBurstPerMin: 50 }).findings.length, 0);
});

test('a steady rate of errors (a big swarm) is not a burst; three times the usual rate is', () => {
  const steady = (perMin: number[]) =>
    snapshot({ logs: logs([{ source: 'worker:w-3', text: 'ERROR x', level: 'error' }], [...Array(58).fill(36), ...perMin]) });
  assert.equal(
    detect(input(steady([36, 40])), DOPTS).findings.find((f) => f.target === 'logs'),
    undefined,
    '40 a minute where 36 is usual',
  );
  const burst = one(detect(input(steady([36, 108])), DOPTS).findings, 'logs');
  assert.match(burst.summary, /108 error lines in one minute \(threshold 108\/min; usually 36\/min\)/);
});

test('observe() component names map to targets; lines of a target are found by its id', () => {
  assert.equal(targetOfComponent('daemon'), 'daemon');
  assert.equal(targetOfComponent('architect pane'), 'pane:architect');
  assert.equal(targetOfComponent('worker w-10'), 'worker:w-10');
  assert.equal(targetOfComponent('swarm'), null);
  const f = emptyFacts();
  f.logLines = [
    { source: 'daemon', text: 'a', level: 'info', timeMs: null },
    { source: 'worker:w-1', text: 'b', level: 'error', timeMs: null },
  ];
  f.paneLines = { manager: ['x', '', 'y'] };
  assert.deepEqual(linesOf('daemon', f, 5), ['a']);
  assert.deepEqual(linesOf('worker:w-1', f, 5), ['b']);
  assert.deepEqual(linesOf('pane:manager', f, 5), ['x', 'y']);
  assert.deepEqual(linesOf('logs', f, 5), ['worker:w-1: b']);
  assert.deepEqual(linesOf('daemon', f, 0), []);
});
