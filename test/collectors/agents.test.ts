// The agents collector against a real private tmux server: architect shows a Claude Code screen
// (found by its screen: its command is a plain shell), a pane in another window runs a program named
// `claude` (found by its command), manager is a shell (no known agent: null). Since and stuck span
// refreshes; a respawned pane starts afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { AgentsCollector } from '../../src/collectors/agents.js';
import { collectTmux } from '../../src/collectors/tmux.js';
import { DEFAULT_AGENTS } from '../../src/config/agents.js';
import { ROOT } from '../helpers/cli.js';
import { eventually } from '../helpers/swarm.js';

const server = (): string => `oro-top-agents-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
const tmux = (s: string, a: string[]) => execa('tmux', ['-L', s, '-f', '/dev/null', ...a], { reject: false });
const FX = join(ROOT, 'test/fixtures/agents');

test('watched panes, their agents, and since/stuck across refreshes', async () => {
  const s = server();
  const dir = mkdtempSync(join(tmpdir(), 'oro-top-agents-'));
  const claude = join(dir, 'claude');
  symlinkSync('/bin/sleep', claude); // a process whose command tmux reports as `claude`
  writeFileSync(join(dir, 'tasks.md'), '- [x] one\n- [ ] two\n- [ ] three\n');
  try {
    await tmux(s, [
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '40',
      '-s',
      'oro',
      '-n',
      'architect',
      'sh',
      '-c',
      `cat ${join(FX, 'claude-code/thinking.txt')}; exec sleep 600`,
    ]);
    await tmux(s, ['new-window', '-d', '-t', '=oro:', '-n', 'manager', 'sh', '-c', 'echo "$ make"; exec sleep 600']);
    await tmux(s, [
      'new-window',
      '-d',
      '-t',
      '=oro:',
      '-n',
      'helper',
      'sh',
      '-c',
      `cat ${join(FX, 'claude-code/waiting-wide.txt')}; exec ${claude} 600`,
    ]);
    await tmux(s, ['new-window', '-d', '-t', '=oro:', '-n', 'editor', 'sleep', '600']);
    const config = {
      tmuxSocket: s,
      session: 'oro',
      home: dir,
      agents: { ...DEFAULT_AGENTS, stuckAfterS: 2, taskFiles: { helper: 'tasks.md' } },
    };
    const c = new AgentsCollector(config);
    const t = await eventually(
      async () => {
        const x = await collectTmux(config);
        return x.panes.find((p) => p.window === 'helper')?.currentCommand === 'claude' ? x : undefined;
      },
      5000,
      'helper runs claude',
    );
    const first = await c.collect(t, 1000);
    assert.deepEqual(first.watched, ['architect', 'manager', 'helper'], 'editor runs no known agent: not watched');
    assert.equal(first.agents.manager, null);
    assert.deepEqual(
      { state: first.agents.architect?.state, program: first.agents.architect?.program, since: first.agents.architect?.sinceMs },
      { state: 'thinking', program: 'claude-code', since: 1000 },
    );
    assert.equal(first.agents.helper?.state, 'waiting');
    assert.equal(first.agents.helper?.evidence, 'Do you want to proceed?');
    assert.deepEqual(first.agents.helper?.progress, { done: 1, total: 3 }, 'from the task file');
    assert.match(first.lines.helper!.join('\n'), /清理构建目录/);
    const second = await c.collect(t, 2500);
    assert.equal(second.agents.architect?.sinceMs, 1000, 'the same state: since is kept');
    const third = await c.collect(t, 3100);
    assert.equal(third.agents.architect?.state, 'stuck', 'thinking with no change for stuck_after (2 s)');
    assert.equal(third.agents.helper?.state, 'waiting', 'waiting is never stuck');
    // a respawned pane is a new agent: no memory of the old one
    await tmux(s, [
      'respawn-pane',
      '-k',
      '-t',
      '=oro:architect',
      'sh',
      '-c',
      `cat ${join(FX, 'claude-code/thinking.txt')}; exec sleep 600`,
    ]);
    const t2 = await eventually(
      async () => {
        const x = await collectTmux(config);
        const p = x.panes.find((q) => q.window === 'architect');
        return p && p.pid !== t.panes.find((q) => q.window === 'architect')!.pid ? x : undefined;
      },
      5000,
      'respawned',
    );
    await new Promise((r) => setTimeout(r, 200));
    const fourth = await c.collect(t2, 3200);
    assert.deepEqual([fourth.agents.architect?.state, fourth.agents.architect?.sinceMs], ['thinking', 3200]);
  } finally {
    await tmux(s, ['kill-server']);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no tmux server: every watched pane is null with the reason as its preview, and nothing is run', async () => {
  const c = new AgentsCollector({ tmuxSocket: server(), session: 'oro', home: '/nonexistent', agents: DEFAULT_AGENTS });
  const r = await c.collect({ problem: 'no-server', problemText: 'no tmux server running', panes: [] });
  assert.deepEqual(r.agents, { architect: null, manager: null });
  assert.deepEqual(r.lines.architect, ['(no preview: no tmux server running)']);
});
