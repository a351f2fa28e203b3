// Supervision in the real dashboard, on a real swarm, in a private tmux server: what a supervisor
// wrote to the journal (its lock, incidents, timeline, a given-up target, its budget) shows in the
// status line, the red banner and the Incidents screen (6, Enter for the report); S pauses and
// resumes auto-recovery through its dialog, journaled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncidentStore } from '../../src/journal/incidents.js';
import { Journal } from '../../src/journal/journal.js';
import { SupervisorStateStore } from '../../src/journal/supervisor-state.js';
import { HealthTimeline } from '../../src/journal/timeline.js';
import { decide, DEFAULT_BUDGET, emptyBudget } from '../../src/supervisor/budget.js';
import { type SupervisorLock, takeSupervisorLock } from '../../src/supervisor/lock.js';
import { oroTop } from '../helpers/cli.js';
import { startSwarm, type TestSwarm } from '../helpers/swarm.js';
import { startTui, type Tui } from '../helpers/tui.js';

describe('supervision in the dashboard', () => {
  let swarm: TestSwarm;
  let tui: Tui;
  let state: string;
  let journal: Journal;
  let lock: SupervisorLock;
  let incidentId: number;

  before(async () => {
    swarm = await startSwarm({ workers: 2, stepMs: 300 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    journal = new Journal(join(state, 'journal.db'));
    const home = swarm.home;
    // what a supervisor with --auto-restart leaves after w-2 crashed three times in ten minutes
    const taken = takeSupervisorLock(journal.db, home, { autoRestart: true, releaseOnExit: false });
    assert.ok('taken' in taken);
    lock = taken.taken;
    const now = Date.now();
    let budget = emptyBudget();
    for (const t of [now - 8 * 60_000, now - 5 * 60_000, now - 2 * 60_000])
      budget = decide(budget, 'worker:w-2', t, false, { ...DEFAULT_BUDGET, random: () => 0 }).state;
    const st = new SupervisorStateStore(journal.db);
    st.saveBudget(home, { state: budget, windowMs: 600_000, maxRestarts: 3 });
    st.giveUp(home, 'worker:w-2', '3 restarts in 10 min');
    const incidents = new IncidentStore(journal.db);
    incidentId = incidents.record({
      home,
      target: 'worker:w-2',
      kind: 'exited',
      severity: 'critical',
      summary: 'worker w-2 exited',
      evidence: ['exit code 1', '--- last lines ---', 'claimed oro-3', 'Error: the bead store is locked', '    at claim (worker.js:40:9)'],
      bead: 'oro-3',
      at: now - 2 * 60_000,
      action: 'restart-worker',
      outcome: 'worker w-2 runs again',
      attempt: 3,
      attemptsMax: 3,
    }) as number;
    let t = now - 3 * 3_600_000;
    const tl = new HealthTimeline(journal.db, () => t);
    for (; t < now; t += 60_000)
      tl.observe(home, { status: t > now - 10 * 60_000 ? 'degraded' : 'healthy', workersHealthy: 2, workersTotal: 2 });
    tui = await startTui(['--home', home, '--interval', '1'], { env: { ORO_TOP_STATE_DIR: state } });
  });
  after(async () => {
    await tui?.kill();
    lock?.release();
    journal?.close();
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('the status line names the supervisor and its restarts; a red banner says what was given up and how to clear it', async () => {
    const s = await tui.waitFor(/supervisor: on \(auto-restart\), 3 restarts in 10m/, 10_000);
    assert.match(s, /gave up on worker:w-2 \(3 restarts\/10 min\): oro-top supervise --reset worker:w-2/);
    const banner = (await tui.screenEscaped()).split('\n').find((l) => l.includes('gave up on')) ?? '';
    assert.match(banner, /\x1b\[(?:[\d;]*;)?7(?:;[\d;]*)?m/, `reverse video: ${JSON.stringify(banner)}`);
    assert.match(banner, /\x1b\[(?:[\d;]*;)?31(?:;[\d;]*)?m/, `red: ${JSON.stringify(banner)}`);
    await tui.keys('2');
    await tui.waitFor(/Workers 2 · sort id/);
    assert.match(await tui.screen(), /gave up on worker:w-2/, 'on every screen');
  });

  test('snapshot --json has the supervisor; check names the given-up target in one line', async () => {
    const env = { ORO_TOP_STATE_DIR: state };
    const snap = await oroTop(['snapshot', '--json', '--home', swarm.home], { env });
    const json = JSON.parse(snap.stdout) as { supervisor: unknown; overall: string };
    assert.deepEqual(json.supervisor, {
      running: true,
      pid: process.pid,
      auto_restart: true,
      paused: false,
      gave_up: ['worker:w-2'],
      restarts_in_window: { 'worker:w-2': 3 },
    });
    const check = await oroTop(['check', '--home', swarm.home], { env });
    assert.match(
      check.stdout,
      /^supervisor\s+◐ degraded\s+gave up on worker:w-2 \(3 restarts in 10 min, since .*\): no auto-recovery until oro-top supervise --reset worker:w-2$/m,
    );
    const cj = await oroTop(['check', '--json', '--home', swarm.home], { env });
    const c = JSON.parse(cj.stdout) as { overall: string; exit_code: number; components: { component: string; reason: string }[] };
    assert.equal(cj.exitCode, c.exit_code);
    assert.match(c.components.find((x) => x.component === 'supervisor')?.reason ?? '', /^gave up on worker:w-2/);
  });

  test('6: the 24 h strip and the incidents; Enter reads the report; Esc goes back', async () => {
    await tui.keys('6');
    const s = await tui.waitFor(/Incidents, last 24 h: 1/);
    assert.match(s, /Health, last 24 h \(18 min a column, its worst\)/);
    assert.match(s, /█ healthy ▆ restarting ▄ degraded ▂ critical ▁ unreachable · not watched/);
    assert.match(s, /·+█+▄+│/, 'not watched, then healthy for 3 h, then degraded');
    assert.match(s, /worker:w-2\s+exited\s+3\/3 worker w-2 exited; restart-worker/);
    await tui.keys('Enter');
    const r = await tui.waitFor(new RegExp(`# Incident ${incidentId}: worker:w-2: exited \\(exit 1\\)`));
    assert.match(r, /incident \d+ report \(oro-top incidents show \d+\)/);
    await tui.keys('G');
    await tui.waitFor(/Start from the first error above/);
    await tui.keys('Escape');
    await tui.waitFor(/Incidents, last 24 h: 1/);
  });

  test('S asks to pause and says what that means; y pauses (journaled); S again resumes', async () => {
    await tui.keys('S');
    const d = await tui.waitFor(/Pause auto-recovery\?/);
    assert.match(d, /The supervisor keeps watching, recording incidents and alerting; it only/);
    assert.match(d, new RegExp(`The supervisor PID ${process.pid} \\(`));
    await tui.keys('y');
    await tui.waitFor(/pause-supervisor #\d+ succeeded: auto-recovery paused/, 8000);
    // (the status line also holds the action's result for a minute: the short form)
    await tui.waitFor(/supervisor: paused, 3 restarts/, 8000);
    const st = new SupervisorStateStore(journal.db).get(swarm.home);
    assert.ok(!(st instanceof Error) && st.paused, 'the journal says paused');
    assert.equal(journal.list(1, swarm.home)[0]?.kind, 'pause-supervisor');
    await tui.keys('S');
    await tui.waitFor(/Resume auto-recovery\?/);
    await tui.keys('y');
    await tui.waitFor(/resume-supervisor #\d+ succeeded: auto-recovery resumed/, 8000);
    await tui.waitFor(/supervisor: on( \(auto-restart\))?, 3 restarts/, 8000);
  });

  test('a reset (supervise --reset) takes the banner away; the supervisor gone: off', async () => {
    new SupervisorStateStore(journal.db).reset(swarm.home, 'worker:w-2');
    await tui.waitFor((s) => !/gave up on/.test(s), 8000, 'the banner gone');
    lock.release();
    await tui.waitFor(/supervisor: off, 3 restarts/, 8000);
  });
});
