// The action keys in the real dashboard, on a real swarm, driven through a private tmux server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beadProgress, startSwarm, type TestSwarm } from '../helpers/swarm.js';
import { startTui, type Tui } from '../helpers/tui.js';
import { Journal } from '../../src/journal/journal.js';

const progress = beadProgress;

describe('actions by keypress', () => {
  let swarm: TestSwarm;
  let tui: Tui;
  let state: string;
  before(async () => {
    swarm = await startSwarm({ workers: 3, stepMs: 300 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    // the journal is shared by every home: another home's fresh action must not show here
    const j = new Journal(join(state, 'journal.db'));
    const other = j.begin({ kind: 'kill-worker', home: '/srv/elsewhere', target: 'w-9', who: 'eve' }, () => false) as { id: number };
    j.finish(other.id, 'succeeded', 'worker w-9 has no process');
    j.close();
    tui = await startTui(['--home', swarm.home, '--interval', '1'], { env: { ORO_TOP_STATE_DIR: state } });
  });
  after(async () => {
    await tui?.kill();
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('R, y: the daemon is drained and restarted; the new PID shows; no bead goes backwards', async () => {
    const first = await tui.waitFor(/Workers:\s+● 3\/3 healthy/);
    assert.doesNotMatch(first, /w-9|kill-worker #/, "another home's action is not in the status line");
    const before = progress(swarm.home);
    const oldPid = readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim();
    await tui.keys('R');
    await tui.waitFor(/Drain and restart the daemon\?/);
    await tui.keys('y');
    await tui.waitFor(/restart-daemon #\d+ (running|succeeded)/, 5000);
    const done = await tui.waitFor(/restart-daemon #\d+ succeeded: restarted in [\d.]+ s/, 15_000);
    assert.match(done, /workers 3->3/);
    const newPid = readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim();
    assert.notEqual(newPid, oldPid);
    await tui.waitFor(new RegExp(`Daemon:\\s+● Running \\(PID ${newPid}, `), 5000);
    await tui.waitFor(/Workers:\s+● 3\/3 healthy/, 8000);
    const after = progress(swarm.home);
    for (const [id, p] of before) assert.ok((after.get(id) ?? -1) >= p, `bead ${id} went from ${p} to ${after.get(id)}`);
  });

  test('a killed architect pane: shown dead, then p, y brings it back with a new PID', async () => {
    const old = Number((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
    process.kill(old, 'SIGKILL');
    await tui.keys('3');
    await tui.waitFor(/> architect[\s\S]*○ dead:/, 5000);
    await tui.keys('p');
    await tui.waitFor(/Respawn the architect pane\?/);
    await tui.keys('y');
    await tui.waitFor(/respawn-pane (#\d+ architect )?succeeded: architect pane alive again/, 10_000);
    await tui.waitFor(/● healthy: active/, 5000);
    const now = Number((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
    assert.notEqual(now, old);
  });

  test('K on w-2, then r on it: the killed worker runs again', async () => {
    await tui.keys('2');
    await tui.waitFor(/Workers 3 · sort id/, 5000);
    await tui.keys('g', 'j');
    await tui.keys('K');
    await tui.waitFor(/Kill worker w-2\?/);
    await tui.keys('y');
    await tui.waitFor(/kill-worker #\d+ w-2 succeeded: worker w-2 is stopped: no process of it is left/, 10_000);
    // the row stays (removed, not counted), still selected: r restarts it
    // (the RST column counts the new processes this dashboard happened to see during the earlier restart)
    await tui.waitFor(/w-2\s+- removed\s+\d+ killed on p/, 8000);
    await tui.waitFor(/Workers 2 \(\+1 removed\) · sort id/, 3000);
    await tui.keys('r');
    await tui.waitFor(/Restart worker w-2\?/);
    await tui.keys('y');
    await tui.waitFor(/restart-worker #\d+ w-2 succeeded: worker w-2 runs again as PID \d+ and reports/, 15_000);
    await tui.keys('1');
  });

  test('the events screen shows the actions with who did them', async () => {
    // action rows carry their journal number (#N); observations do not
    await tui.keys('5', '/', '#', 'Enter');
    const s = await tui.waitFor(/respawn-pane architect #\d+ by .*: succeeded/, 5000);
    assert.match(s, /restart-daemon daemon #\d+ by .*: succeeded/);
    assert.doesNotMatch(s, /w-9|eve/, "another home's action is not on the events screen");
  });
});

describe('actions by keypress when things are not simple', () => {
  let swarm: TestSwarm;
  let tui: Tui;
  let state: string;
  before(async () => {
    // w-2 never approves: the drain lasts until oro-top's deadline, long enough to press Esc
    swarm = await startSwarm({ workers: 2, stepMs: 300, chaos: 'worker-no-approve=w-2', shutdownTimeoutS: 30 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    const cfg = join(state, 'short.json');
    writeFileSync(cfg, JSON.stringify({ thresholds: { drain_timeout_s: 4 } }));
    tui = await startTui(['--home', swarm.home, '--interval', '1', '--config', cfg], {
      cols: 100,
      rows: 30,
      env: { ORO_TOP_STATE_DIR: state },
    });
  });
  after(async () => {
    await tui?.kill();
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('Esc during the drain asks first and says the restart goes on; it does, to a new daemon', async () => {
    await tui.waitFor(/Workers:\s+● 2\/2 healthy/, 15_000);
    const oldPid = readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim();
    await tui.keys('R');
    await tui.waitFor(/Drain and restart the daemon\?/);
    await tui.keys('y');
    await tui.waitFor(/restart-daemon #\d+ running.*drain/, 8000);
    // R again while it drains: no dialog, the message says so at once
    await tui.keys('R');
    const again = await tui.waitFor(/restart-daemon #\d+ runs \(step drain\): wait for it/, 3000);
    assert.doesNotMatch(again, /Drain and restart the daemon\?/);
    // the first Esc may only clear the "started" message
    let s = '';
    for (let i = 0; i < 3 && !/cannot be cancelled now/.test(s); i++) {
      await tui.keys('Escape');
      s = await tui.screen();
    }
    s = await tui.waitFor(/Restart #\d+ cannot be cancelled now/, 3000);
    assert.match(s, /Cancelling does NOT stop the restart/);
    // the dialog's text as one string (its lines sit between other panels' borders)
    const rows = s.split('\n');
    const top = rows.findIndex((l) => l.includes('┌─ Restart #'));
    const left = [...rows[top]!].findIndex((_, i, cells) => cells.slice(i).join('').startsWith('┌─ Restart #'));
    const dialog = rows
      .slice(top + 1)
      .map((l) => [...l].slice(left + 1, left + 75).join(''))
      .join(' ')
      .replace(/\s+/g, ' ');
    assert.match(dialog, /workers that approve in time end it/);
    assert.match(dialog, /only if it still runs at the deadline: SIGINT, then SIGKILL if SIGINT is ignored/);
    assert.doesNotMatch(s, /then SIGINT, then SIGKILL, and the successor is started/);
    assert.equal(s.match(/│\s*y:/g)?.length, 1, 'one y line');
    assert.equal(readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim(), oldPid, 'nothing happened while the dialog was open');
    await tui.keys('y');
    await tui.waitFor(/cancel of #\d+ recorded: the daemon was already told to shut down, so the restart goes on/, 3000);
    await tui.waitFor(/restart-daemon #\d+ succeeded: restarted in [\d.]+ s/, 30_000);
    // the whole outcome (longer than the message line) is in the journal
    const j = new Journal(join(state, 'journal.db'));
    try {
      assert.match(j.list(5).find((a) => a.kind === 'restart-daemon')?.outcome ?? '', /workers 2->2; escalated with SIG/);
    } finally {
      j.close();
    }
    assert.notEqual(readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim(), oldPid);
  });

  test('a dead daemon: R offers to start it, and y starts it', async () => {
    await tui.waitFor(/Workers:\s+● 2\/2 healthy/, 15_000);
    process.kill(Number(readFileSync(join(swarm.home, 'oro.pid'), 'utf8')), 'SIGKILL');
    await tui.waitFor(/Daemon:\s+○ Dead/i, 10_000);
    await tui.keys('R');
    const s = await tui.waitFor(/Start the daemon\?/);
    assert.match(s, /The daemon is not running: /);
    assert.match(s, /Nothing to drain: oro-top starts it with/);
    assert.doesNotMatch(s, /drain may take up to/);
    await tui.keys('y');
    await tui.waitFor(/start-daemon #\d+ succeeded: started in [\d.]+ s, PID \d+, workers 2\/2/, 20_000);
    await tui.waitFor(/Daemon:\s+● Running/, 8000);
  });
});
