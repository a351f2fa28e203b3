// Pane respawn steps against a scripted fake of tmux (fake time): a live pane is replaced, a dead
// one respawned, a gone window created again, and a new process that dies at once is a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RespawnState, respawnSteps } from '../../src/actions/respawn-pane.js';
import type { Config } from '../../src/config.js';
import { fakeConfig, FakeRun, pane, panes } from '../helpers/action-fixtures.js';
import { FakeEffects } from '../helpers/fake-effects.js';

const CFG = fakeConfig();
const TMUX = CFG.tmuxSocket;

function freshState(config: Config = CFG, which = 'architect'): RespawnState {
  return { config, pane: which, oldPid: null, windowExists: false, newPid: null };
}

const ok = { exitCode: 0, stdout: '', stderr: '', failure: null };

let dir: string;
let run: FakeRun;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'respawn-steps-'));
  run = FakeRun.open(dir);
});
after(() => {
  run.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a live pane is replaced with its own command; done when a new process is still alive a moment later', async () => {
  const fx = new FakeEffects();
  let respawned = false;
  fx.always('tmuxPanes', [CFG], () =>
    panes(pane('manager', { pid: 600 }), pane('architect', { paneId: '%1', pid: respawned ? 701 : 700 })),
  );
  fx.expect('tmux', [TMUX, ['respawn-pane', '-k', '-t', '=oro:architect']], () => {
    respawned = true;
    return ok;
  });
  const s = freshState();
  const { r, steps } = await run.run(respawnSteps(), s, fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => x.detail),
    ['pane %1 is alive (PID 700): it will be replaced', 'respawned with its own command', 'alive with PID 701'],
  );
  assert.deepEqual([s.oldPid, s.newPid], [700, 701]);
});

test('a dead pane is respawned with the configured command', async () => {
  const cfg = fakeConfig({ paneCommands: { architect: ['claude', '--resume'] } });
  const fx = new FakeEffects();
  let respawned = false;
  fx.always('tmuxPanes', [cfg], () =>
    panes(
      respawned ? pane('architect', { pid: 702 }) : pane('architect', { paneId: '%1', dead: true, deadStatus: 137, processAlive: false }),
    ),
  );
  fx.expect('tmux', [cfg.tmuxSocket, ['respawn-pane', '-k', '-t', '=oro:architect', 'claude', '--resume']], () => {
    respawned = true;
    return ok;
  });
  const { r, steps } = await run.run(respawnSteps(), freshState(cfg), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => x.detail),
    ['pane %1 is dead (status 137)', 'respawned: claude --resume', 'alive with PID 702'],
  );
});

test('a gone window is created again with the configured command; without one it is a clear failure', async () => {
  const cfg = fakeConfig({ paneCommands: { manager: ['oro-manager'] } });
  const fx = new FakeEffects();
  let created = false;
  fx.always('tmuxPanes', [cfg], () => panes(pane('architect'), ...(created ? [pane('manager', { pid: 900 })] : [])));
  fx.expect('tmux', [cfg.tmuxSocket, ['new-window', '-d', '-t', '=oro:', '-n', 'manager', 'oro-manager']], () => {
    created = true;
    return ok;
  });
  const { r, steps } = await run.run(respawnSteps(), freshState(cfg, 'manager'), fx);
  assert.equal(r.ok, true, r.error ?? '');
  assert.deepEqual(
    steps.map((x) => x.detail),
    ["window 'manager' is gone: it will be created", "created window 'manager': oro-manager", 'alive with PID 900'],
  );

  const none = new FakeEffects().expect('tmuxPanes', [CFG], panes(pane('architect')));
  const b = await run.run(respawnSteps(), freshState(CFG, 'manager'), none);
  assert.deepEqual(
    [b.r.failedStep, b.r.error],
    ['respawn', "window 'manager' is gone and no command is configured for it (config pane_commands.manager)"],
  );
});

test('the new pane process dies at once: a failure with its exit status', async () => {
  const fx = new FakeEffects();
  let respawnedAt: number | null = null;
  fx.always('tmuxPanes', [CFG], () => {
    if (respawnedAt === null) return panes(pane('architect', { pid: 700 }));
    // alive at the first look, dead 0.3 s later
    return fx.clock.now() - respawnedAt < 200
      ? panes(pane('architect', { pid: 703 }))
      : panes(pane('architect', { pid: 703, dead: true, deadStatus: 127, processAlive: false }));
  });
  fx.expect('tmux', [TMUX, ['respawn-pane', '-k', '-t', '=oro:architect']], () => {
    respawnedAt = fx.clock.now();
    return ok;
  });
  const { r } = await run.run(respawnSteps(), freshState(), fx);
  assert.deepEqual([r.failedStep, r.error], ['verify', 'the new pane process exited at once (status 127)']);
});

test('a pane that is dead at every look after its respawn fails in about a second, with its status and command', async () => {
  const fx = new FakeEffects();
  let respawned = false;
  fx.always('tmuxPanes', [CFG], () =>
    respawned
      ? panes(pane('architect', { pid: 703, dead: true, deadStatus: 1, processAlive: false }))
      : panes(pane('architect', { pid: 700 })),
  );
  fx.expect('tmux', [TMUX, ['respawn-pane', '-k', '-t', '=oro:architect']], () => {
    respawned = true;
    return ok;
  });
  const t0 = fx.clock.now();
  const { r } = await run.run(respawnSteps(), freshState(), fx);
  assert.equal(r.failedStep, 'verify');
  assert.match(r.error ?? '', /^the new pane process exited at once \(status 1\); its command: /);
  assert.ok(fx.clock.now() - t0 < 2000, `failed after ${fx.clock.now() - t0} ms, not at the 10 s timeout`);
});

test('no tmux server, or tmux refusing the respawn: clear failures; a pane that never comes back times out', async () => {
  const noServer = new FakeEffects().expect('tmuxPanes', [CFG], {
    problem: 'no-server',
    problemText: "no tmux server running (tmux server 'fake-tmux')",
    panes: [],
  });
  const a = await run.run(respawnSteps(), freshState(), noServer);
  assert.deepEqual([a.r.failedStep, a.r.error], ['check', "no tmux server running (tmux server 'fake-tmux')"]);

  const refused = new FakeEffects()
    .expect('tmuxPanes', [CFG], panes(pane('architect')))
    .expect('tmux', [TMUX, ['respawn-pane', '-k', '-t', '=oro:architect']], {
      exitCode: 1,
      stdout: '',
      stderr: "can't find pane: architect\nmore",
      failure: null,
    });
  const b = await run.run(respawnSteps(), freshState(), refused);
  assert.equal(b.r.error, "tmux: can't find pane: architect");

  const never = new FakeEffects().always('tmuxPanes', [CFG], panes(pane('architect', { pid: 700 }))).expect('tmux', [TMUX], ok);
  const t0 = never.clock.now();
  const c = await run.run(respawnSteps(), freshState(), never);
  assert.deepEqual([c.r.failedStep, c.r.ending], ['verify', 'timeout']);
  assert.equal(never.clock.now() - t0, 10_000);
});
