// The supervision on screen, as frames at 80x24: the status line, the red gave-up banner on every
// screen, the Incidents screen (24 h strip with its legend, the list, Enter for the report), S with
// its question; and the pure pieces (axis, strip, status words, banner shortening).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmationFor } from '../../../src/actions/registry.js';
import { emptySupervision, type SupervisionSnapshot } from '../../../src/collectors/supervision.js';
import type { Incident } from '../../../src/journal/incidents.js';
import type { TimelineEntry } from '../../../src/journal/timeline.js';
import { Dashboard } from '../../../src/screens/app.js';
import { gaveUpBanner, supervisorStatus } from '../../../src/screens/models/supervision-chrome.js';
import { axisLine, healthBuckets, stripLine } from '../../../src/screens/models/incidents.js';
import { shippedTerminfo } from '../../../src/screens/run.js';
import { makeTheme } from '../../../src/screens/theme.js';
import { FakeInput, FakeOutput } from '../../helpers/fake-tty.js';
import { NOW, ok, snapshot } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'oro-top-Incidents-'));
process.env.ORO_TOP_CACHE_DIR = cacheDir;
const terminfo = shippedTerminfo('xterm-256color');
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const iso = (ms: number): string => new Date(ms).toISOString();
const H = 3_600_000;

function incident(over: Partial<Incident>): Incident {
  return {
    id: 1,
    at: iso(NOW - 60_000),
    home: '/home/me/.oro',
    target: 'worker:w-2',
    kind: 'exited',
    severity: 'critical',
    summary: 'worker w-2 exited',
    evidence: ['exit code 1', '--- last lines ---', 'starting', 'Error: cannot open bead store', '    at open (store.js:1:1)'],
    bead: 'oro-7',
    action: 'restart-worker',
    actionId: 9,
    outcome: 'worker w-2 runs again as PID 77',
    attempt: 3,
    attemptsMax: 3,
    ...over,
  };
}

function entry(msAgo: number, kind: TimelineEntry['kind'], status: TimelineEntry['status']): TimelineEntry {
  return {
    id: msAgo,
    at: iso(NOW - msAgo),
    atMs: NOW - msAgo,
    home: '/home/me/.oro',
    kind,
    status,
    workersHealthy: 2,
    workersTotal: 2,
    reason: null,
  };
}

function sup(over: Partial<SupervisionSnapshot> = {}): SupervisionSnapshot {
  return {
    ...emptySupervision(NOW, true),
    holder: { pid: 4711, user: 'alice', host: 'h', since: iso(NOW - 10 * H), autoRestart: true },
    gaveUp: [{ target: 'worker:w-2', since: iso(NOW - 30_000), why: '3 restarts in 10 min' }],
    restartsInWindow: { 'worker:w-2': 3 },
    incidents: [
      incident({ id: 3 }),
      incident({ id: 2, at: iso(NOW - 5 * 60_000), attempt: 2, outcome: 'worker w-2 runs again as PID 66' }),
      incident({
        id: 1,
        target: 'daemon',
        kind: 'frozen',
        at: iso(NOW - 8 * H),
        action: null,
        attempt: null,
        attemptsMax: null,
        outcome: 'healthy again after 70 s',
        severity: 'warning',
        summary: 'daemon stopped answering',
      }),
    ],
    incidentsIn24h: 3,
    // a supervisor started 20 h ago: a sample a minute, critical for 70 s 8 h ago, degraded the last 10 min
    timeline: [
      entry(20 * H, 'start', 'healthy'),
      ...Array.from({ length: 20 * 60 - 1 }, (_, i) => {
        const ago = 20 * H - (i + 1) * 60_000;
        return entry(ago, 'sample', ago <= 10 * 60_000 ? 'degraded' : 'healthy');
      }),
      entry(8 * H - 1000, 'transition', 'critical'),
      entry(8 * H - 71_000, 'transition', 'healthy'),
    ].sort((a, b) => a.atMs - b.atMs),
    ...over,
  };
}

function dash(opts: { ascii?: boolean; colour?: boolean } = {}): Dashboard {
  return new Dashboard({
    theme: makeTheme({ ascii: opts.ascii ?? false, colour: opts.colour ?? true }),
    terminfo,
    unicode: !(opts.ascii ?? false),
    input: new FakeInput(),
    output: new FakeOutput(80, 24),
    now: () => NOW,
    describeAction: (kind, target, report, extra) =>
      confirmationFor(kind, target, report, { drainTimeoutS: 60, startCommand: ['oro', 'start'] }, extra),
    onAction: async (req) => `ran ${req.kind === 'action' ? `${req.action} ${req.target}` : req.kind}`,
  });
}

const viewWith = (s: SupervisionSnapshot) => viewOf(snapshot({ supervisor: ok(s) }));

test('80x24: the status line names the supervisor; a red banner on every screen while a target is given up', () => {
  const d = dash();
  try {
    d.update(viewWith(sup()));
    for (const key of ['1', '2', '3', '4', '5', '6']) {
      d.press(key);
      const f = d.frame();
      // the whole sentence is 87 columns: at 80 its shorter form
      assert.equal(f[1], 'gave up on worker:w-2 (3 restarts/10 min): oro-top supervise --reset worker:w-2', `screen ${key}`);
      assert.match(f[22]!, /supervisor: on \(auto-restart\), 3 restarts in 10m/, `screen ${key}`);
      for (const line of f) assert.ok([...line].length <= 80, line);
    }
    d.update(viewWith(sup({ gaveUp: [] })));
    assert.doesNotMatch(d.frame()[1]!, /gave up/, 'no banner when nothing is given up');
  } finally {
    d.close();
  }
});

test('the Incidents screen: 24 h strip with its axis and legend, the list newest first, Enter reads the report', () => {
  const d = dash();
  try {
    d.update(viewWith(sup()));
    d.press('6');
    let f = d.frame();
    assert.match(f[2]!, /Health, last 24 h \(18 min a column, its worst\) · \d+\/78 not healthy /);
    assert.match(f[3]!, /^│·+█+▂?█+▄+│$/, 'not watched, then healthy, the critical minute, healthy, degraded now');
    assert.match(f[4]!, /^│-24h\s+-18h\s+-12h\s+-6h\s+now│$/);
    assert.match(f[5]!, /█ healthy ▆ restarting ▄ degraded ▂ critical ▁ unreachable · not watched/);
    assert.match(f[7]!, /Incidents, last 24 h: 3/);
    assert.match(f[8]!, /time\s+target\s+kind\s+try what happened; done: outcome/);
    assert.match(f[9]!, /\d\d:\d\d:\d\d worker:w-2\s+exited\s+3\/3 worker w-2 exited; restart-worker/);
    assert.match(f[10]!, /worker:w-2\s+exited\s+2\/3/);
    assert.match(f[11]!, /daemon\s+frozen\s+- daemon stopped answering; healthy/);
    assert.match(f[23]!, /Enter report/);
    d.press('j');
    d.press('j');
    d.press('enter');
    f = d.frame();
    const text = f.join('\n');
    assert.match(text, /incident 1 report \(oro-top incidents show 1\)/);
    assert.match(text, /# Incident 1: daemon: frozen/);
    for (const k of ['escape', 'k', 'k', 'enter']) d.press(k);
    const r = d.frame().join('\n');
    assert.match(r, /# Incident 3: worker:w-2: exited \(exit 1\)/);
    assert.match(r, /\*\*Now:\*\* gave up on it since/);
  } finally {
    d.close();
  }
});

test('ASCII and no colour: the strip, legend and banner are ASCII and still tell the statuses apart', () => {
  const d = dash({ ascii: true, colour: false });
  try {
    d.update(viewWith(sup()));
    d.press('6');
    const f = d.frame();
    for (const line of f) assert.match(line, /^[\x20-\x7e]*$/, line);
    assert.equal(f[1], 'gave up on worker:w-2 (3 restarts/10 min): oro-top supervise --reset worker:w-2');
    assert.match(f[3]!, /^\|\.+#+!?#+~+\|$/);
    assert.match(f[5]!, /# healthy r restarting ~ degraded ! critical \? unreachable \. not watched/);
  } finally {
    d.close();
  }
});

test('S asks to pause (what pausing means), or to resume when paused; the answer is the request', () => {
  const d = dash();
  try {
    d.update(viewWith(sup({ gaveUp: [] })));
    const flat = (): string => d.frame().join('\n').replace(/│/g, ' ').replace(/\s+/g, ' ');
    d.press('S');
    let text = flat();
    assert.match(text, /Pause auto-recovery\?/);
    assert.match(text, /The supervisor keeps watching, recording incidents and alerting; it only/);
    assert.match(text, /stops restarting anything\./);
    assert.match(text, /PID 4711 \(alice, since/);
    d.press('n');
    assert.match(d.frame()[23]!, /cancelled/);
    d.update(viewWith(sup({ gaveUp: [], paused: true, pausedBy: 'alice', pausedAt: iso(NOW - 60_000) })));
    assert.match(d.frame()[22]!, /supervisor: paused, 3 restarts in 10m/);
    d.press('S');
    text = flat();
    assert.match(text, /Resume auto-recovery\?/);
    assert.match(text, /Paused by alice/);
    d.press('y');
    assert.equal(d.state.confirm, null);
  } finally {
    d.close();
  }
});

test('the pure pieces: status words, banner shortening, axis, buckets', () => {
  assert.equal(supervisorStatus(null), null);
  assert.equal(supervisorStatus(emptySupervision(NOW))?.text, 'supervisor: off');
  assert.equal(supervisorStatus({ ...emptySupervision(NOW), paused: true })?.text, 'supervisor: off (paused)');
  assert.equal(supervisorStatus({ ...emptySupervision(NOW), paused: true })?.short, 'supervisor: off (paused)', 'kept when short of room');
  const watching = sup({ holder: { pid: 1, user: 'u', host: 'h', since: 's', autoRestart: false }, restartsInWindow: {} });
  assert.equal(supervisorStatus(watching)?.text, 'supervisor: watching, 0 restarts in 10m');
  assert.equal(supervisorStatus({ ...watching, restartsInWindow: { daemon: 1 } })?.text, 'supervisor: watching, 1 restart in 10m');
  const theme = makeTheme({ ascii: false, colour: false });
  const long = sup({ gaveUp: [{ target: 'worker:a-very-long-worker-name-1', since: 's', why: 'w' }] });
  const b = gaveUpBanner(long, 110, theme)!.replace(/\{\/?inverse\}/g, '');
  assert.equal(b.trimEnd(), 'gave up on worker:a-very-long-worker-name-1: oro-top supervise --reset worker:a-very-long-worker-name-1');
  const cut = gaveUpBanner(long, 80, theme)!.replace(/\{\/?inverse\}/g, '');
  assert.equal(cut.length, 80, 'cut to the width, never wrapped');
  assert.match(cut, /^gave up on worker:a-very-long-worker-name-1: oro-top supervise/);
  const two = gaveUpBanner(
    sup({
      gaveUp: [
        { target: 'daemon', since: 's', why: 'w' },
        { target: 'pane:architect', since: 's', why: 'w' },
      ],
    }),
    120,
    theme,
  )!;
  assert.match(two, /gave up on daemon, pane:architect after 3 restarts in 10 min each — oro-top supervise --reset TARGET/);
  assert.equal(axisLine(20).length, 20);
  assert.match(axisLine(78), /^-24h .* now$/);
  const buckets = healthBuckets(sup(), NOW, 24);
  assert.deepEqual(buckets.slice(0, 4), [null, null, null, null], 'before the first row: not watched');
  assert.equal(buckets[23], 'degraded');
  assert.equal(buckets[16], 'critical', 'the critical minute 8 h ago is kept: a column shows its worst');
  assert.equal(stripLine(['healthy', null], makeTheme({ ascii: true, colour: false })), '#.');
});
