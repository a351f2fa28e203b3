// `oro-top demo` (what `npm start` runs) in a real terminal: a private tmux server gives it a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BUNDLE } from '../helpers/cli.js';
import { eventually } from '../helpers/swarm.js';
import { listPids, readArgv } from '../../src/system/procfs.js';
import { killTmuxServer } from '../../src/system/tmux.js';

test('demo (npm start) starts a swarm, shows the dashboard, and removes everything on quit', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oro-top-demo-test-'));
  const server = `oro-top-demo-${process.pid}`;
  const tmux = (args: string[]) => execa('tmux', ['-L', server, ...args], { reject: false });
  try {
    await tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 'demo', '-x', '120', '-y', '30', '-e', `TMPDIR=${tmp}`, '-e', 'NODE_OPTIONS=', '-e', 'LANG=C.UTF-8',
      process.execPath, BUNDLE, 'demo', '--workers', '2', '--interval', '1']);
    const screen = await eventually(async () => {
      const s = (await tmux(['capture-pane', '-p', '-t', 'demo'])).stdout;
      return /Workers:\s+● 2\/2 healthy/.test(s) ? s : undefined;
    }, 20_000, 'a healthy demo swarm on screen');
    assert.match(screen, /● HEALTHY/);
    const homes = readdirSync(tmp).filter((n) => n.startsWith('oro-top-demo-'));
    assert.equal(homes.length, 1);
    const home = join(tmp, homes[0]!);
    await tmux(['send-keys', '-t', 'demo', 'q']);
    await eventually(async () => (readdirSync(tmp).some((n) => n.startsWith('oro-top-demo-')) ? undefined : true), 20_000, 'the demo home removed');
    const left: string[] = [];
    for (const pid of await listPids()) {
      const argv = (await readArgv(pid)) ?? [];
      if (argv.includes('ref-oro') && argv.join(' ').includes(home)) left.push(argv.join(' '));
    }
    assert.deepEqual(left, [], 'no swarm process left');
  } finally {
    await killTmuxServer(server);
    rmSync(tmp, { recursive: true, force: true });
  }
});
