// The tmux collector against a real private tmux server: a cached listing never hides a respawned
// pane or a server that came back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { TmuxCollector, tmuxSocketPath } from '../../src/collectors/tmux.js';
import { eventually } from '../helpers/swarm.js';

const server = (): string => `oro-top-tmuxc-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
const tmux = (s: string, a: string[]) => execa('tmux', ['-L', s, '-f', '/dev/null', ...a], { reject: false });

async function session(s: string): Promise<void> {
  await tmux(s, ['new-session', '-d', '-s', 'oro', '-n', 'architect', 'sleep', '600']);
  await tmux(s, ['set-option', '-t', 'oro', 'remain-on-exit', 'on']);
  await tmux(s, ['new-window', '-d', '-t', '=oro:', '-n', 'manager', 'sleep', '600']);
}

test('a dead pane is listed afresh every time: its respawn shows at the next collection, however long the reuse window', async () => {
  const s = server();
  try {
    await session(s);
    const c = new TmuxCollector({ tmuxSocket: s, session: 'oro' }, 60_000);
    const first = await c.collect();
    const pid = first.panes.find((p) => p.window === 'architect')!.pid!;
    process.kill(pid, 'SIGKILL');
    await eventually(
      async () => ((await c.collect()).panes.find((p) => p.window === 'architect')?.dead ? true : undefined),
      5000,
      'pane dead',
    );
    await tmux(s, ['respawn-pane', '-k', '-t', '=oro:architect', 'sleep', '600']);
    const after = (await c.collect()).panes.find((p) => p.window === 'architect')!;
    assert.equal(after.dead, false, 'the very next collection sees the respawned pane');
    assert.equal(after.processAlive, true);
    assert.notEqual(after.pid, pid);
  } finally {
    await tmux(s, ['kill-server']);
  }
});

test('"no server" from a socket file left behind is not cached: a server that comes back shows at once', async () => {
  const s = server();
  try {
    await session(s);
    const pid = Number((await tmux(s, ['display', '-p', '#{pid}'])).stdout.trim());
    process.kill(pid, 'SIGKILL'); // a killed server leaves its socket file behind
    await eventually(async () => (existsSync(tmuxSocketPath(s)) ? true : undefined), 2000, 'socket file left');
    const c = new TmuxCollector({ tmuxSocket: s, session: 'oro' }, 60_000);
    const gone = await c.collect();
    assert.equal(gone.problem, 'no-server');
    await session(s);
    const back = await c.collect();
    assert.equal(back.problem, null, back.problemText ?? '');
    assert.deepEqual(back.panes.map((p) => p.window).sort(), ['architect', 'manager']);
  } finally {
    await tmux(s, ['kill-server']);
  }
});

test("a program stopped under a pane's shell reads stopped (tmux resumes only the pane's own process)", async () => {
  const s = server();
  try {
    await session(s);
    await tmux(s, ['respawn-pane', '-k', '-t', '=oro:manager', 'sh', '-c', 'sleep 600; exit 0']);
    const c = new TmuxCollector({ tmuxSocket: s, session: 'oro' }, 60_000);
    const pane = (await c.collect()).panes.find((p) => p.window === 'manager')!;
    const child = await eventually(
      async () => {
        const { readFileSync } = await import('node:fs');
        const kids = readFileSync(`/proc/${pane.pid}/task/${pane.pid}/children`, 'utf8').trim();
        return kids ? Number(kids.split(/\s+/)[0]) : undefined;
      },
      3000,
      'sleep under the shell',
    );
    process.kill(child, 'SIGSTOP');
    try {
      const st = await eventually(
        async () => {
          const p = (await c.collect()).panes.find((x) => x.window === 'manager')!;
          return p.processState === 'T' ? p : undefined;
        },
        3000,
        'stopped seen',
      );
      assert.deepEqual(st.stopped, { pid: child, comm: 'sleep' });
      assert.ok(st.stoppedSinceMs === null || Math.abs(Date.now() - st.stoppedSinceMs!) < 10_000, String(st.stoppedSinceMs));
    } finally {
      process.kill(child, 'SIGCONT');
    }
    const resumed = (await c.collect()).panes.find((x) => x.window === 'manager')!;
    assert.notEqual(resumed.processState, 'T');
  } finally {
    await tmux(s, ['kill-server']);
  }
});
