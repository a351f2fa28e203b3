// Pane respawn and worker restart/kill on a real swarm, journaled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oroTop, oroTopJson } from '../helpers/cli.js';
import { eventually, sleep, startSwarm, type TestSwarm } from '../helpers/swarm.js';

describe('pane and worker actions', () => {
  let swarm: TestSwarm;
  let state: string;
  const env = (): Record<string, string> => ({ ORO_TOP_STATE_DIR: state });
  before(async () => {
    swarm = await startSwarm({ workers: 2 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
  });
  after(async () => {
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('a dead architect pane comes back with a new process', async () => {
    const old = Number((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
    process.kill(old, 'SIGKILL');
    await eventually(
      async () => ((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_dead}'])).trim() === '1' ? true : undefined),
      5000,
      'pane dead',
    );
    const r = await oroTop(['respawn-pane', 'architect', '--yes', '--home', swarm.home], { env: env() });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`succeeded: architect pane alive again \\(PID ${old} -> \\d+\\)`));
    const { json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home]);
    const p = (json.panes as { name: string; status: string; pid: number }[]).find((x) => x.name === 'architect')!;
    assert.equal(p.status, 'healthy');
    assert.notEqual(p.pid, old);
  });

  test('a gone window is recreated with the recorded command', async () => {
    await swarm.tmux(['kill-window', '-t', '=oro:manager']);
    const r = await oroTop(['respawn-pane', 'manager', '--yes', '--home', swarm.home], { env: env() });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ respawn: created window 'manager'/);
  });

  test('restart-worker through the daemon: a new process; kill-worker: none; history records who and what', async () => {
    const { json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home]);
    const w1 = (json.workers as { id: string; pid: number }[]).find((w) => w.id === 'w-1')!;
    const r = await oroTop(['restart-worker', 'w-1', '--yes', '--home', swarm.home], { env: env() });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ directive: ACK: restarting w-1/);
    assert.match(r.stdout, /succeeded: worker w-1 runs again as PID (\d+)/);
    assert.notEqual(Number(/as PID (\d+)/.exec(r.stdout)![1]), w1.pid);
    // outside a UTF-8 locale the lines are ASCII (v for done), as the dashboard's
    const k = await oroTop(['kill-worker', 'w-2', '--yes', '--home', swarm.home], { env: { ...env(), LANG: 'C' } });
    assert.equal(k.exitCode, 0, k.stdout + k.stderr);
    assert.match(k.stdout, /succeeded: worker w-2 is stopped: no process of it is left/);
    assert.match(k.stdout, /^ {2}v directive: /m);
    assert.doesNotMatch(k.stdout, /[^\x00-\x7f]/);
    const text = await oroTop(['history', '--home', swarm.home], { env: { ...env(), LANG: 'C' } });
    assert.match(text.stdout, /kill-worker w-2 of .* succeeded - /);
    assert.doesNotMatch(text.stdout, /[^\x00-\x7f]/);
    const h = JSON.parse((await oroTop(['history', '--json', '--home', swarm.home], { env: env() })).stdout) as {
      kind: string;
      target: string;
      who: string;
    }[];
    assert.deepEqual(
      h.slice(0, 2).map((a) => `${a.kind} ${a.target}`),
      ['kill-worker w-2', 'restart-worker w-1'],
    );
  });

  test('with the daemon down, a worker is stopped by signal to its process group', async () => {
    process.kill(Number(readFileSync(join(swarm.home, 'oro.pid'), 'utf8')), 'SIGKILL');
    await sleep(300);
    const r = await oroTop(['kill-worker', 'w-1', '--yes', '--home', swarm.home], { env: env() });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ directive: the daemon does not answer/);
    assert.match(r.stdout, /✓ signal: SIGTERM to its process group: worker w-1 exited/);
  });

  test('without --yes and without a terminal: refused', async () => {
    const r = await oroTop(['kill-worker', 'w-1', '--home', swarm.home], { env: env() });
    assert.equal(r.exitCode, 64);
    assert.match(r.stderr, /asks for confirmation: run it in a terminal or pass --yes/);
  });
});
