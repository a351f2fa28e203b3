// `send` on a real private tmux server: the line reaches the program in the pane as typed (wide
// characters, quotes, a leading dash), the rate limit counts this pane's sends in the journal, and a
// pane that fell back to a shell is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { sendToPane } from '../../src/actions/send-to-pane.js';
import { DEFAULT_AGENTS } from '../../src/config/agents.js';
import { Journal } from '../../src/journal/journal.js';
import { fakeConfig } from '../helpers/action-fixtures.js';
import { eventually } from '../helpers/swarm.js';

test('a line reaches the pane as typed; the third send within a minute is refused; a shell is refused', async () => {
  const s = `oro-top-send-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const dir = mkdtempSync(join(tmpdir(), 'oro-top-send-'));
  const tmux = (a: string[]) => execa('tmux', ['-L', s, '-f', '/dev/null', ...a], { reject: false });
  const agent = join(dir, 'claude');
  symlinkSync('/bin/cat', agent); // echoes each line it reads: what the pane got shows
  const journal = new Journal(join(dir, 'journal.db'));
  try {
    await tmux(['new-session', '-d', '-x', '120', '-y', '30', '-s', 'oro', '-n', 'architect', agent]);
    await tmux(['new-window', '-d', '-t', '=oro:', '-n', 'manager', 'sh']);
    const config = fakeConfig({ tmuxSocket: s, home: dir, agents: { ...DEFAULT_AGENTS, sendPerMinute: 2 } });
    const ctx = { config, journal };
    await eventually(
      async () =>
        (await tmux(['display', '-p', '-t', '=oro:architect', '#{pane_current_command}'])).stdout.trim() === 'claude' ? true : undefined,
      5000,
      'claude runs',
    );
    const line = `-t "quoted" 继续 ✓ $HOME`;
    const first = await sendToPane.run(ctx, 'architect', { text: line });
    assert.deepEqual([first.kind, first.kind === 'done' && first.ok], ['done', true], JSON.stringify(first));
    await eventually(
      async () => {
        const shown = (await tmux(['capture-pane', '-p', '-t', '=oro:architect'])).stdout;
        return shown.split('\n').filter((l) => l === line).length === 2 ? true : undefined; // the tty's echo and cat's copy
      },
      5000,
      'the line in the pane, twice',
    );
    assert.equal((await sendToPane.run(ctx, 'architect', { text: 'two' })).kind, 'done');
    const third = await sendToPane.run(ctx, 'architect', { text: 'three' });
    assert.ok(third.kind === 'done' && !third.ok);
    assert.match(third.kind === 'done' ? third.outcome : '', /rate limited: 2 lines sent to architect in the last minute/);
    const other = await sendToPane.run(ctx, 'manager', { text: 'ls' });
    assert.match(other.kind === 'done' ? other.outcome : '', /the manager pane runs a shell \(sh\), not an agent/);
    const rows = journal.list(10, dir).filter((a) => a.kind === 'send');
    assert.deepEqual(
      rows.map((a) => [a.target, a.status]),
      [
        ['manager', 'failed'],
        ['architect', 'failed'],
        ['architect', 'succeeded'],
        ['architect', 'succeeded'],
      ],
    );
  } finally {
    journal.close();
    await tmux(['kill-server']);
    rmSync(dir, { recursive: true, force: true });
  }
});
