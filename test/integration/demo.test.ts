// `oro-top demo` (what `npm start` runs) in a real terminal: a private tmux server gives it a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { BUNDLE } from '../helpers/cli.js';
import { eventually } from '../helpers/swarm.js';
import { listPids, readArgv, readEnviron } from '../../src/system/procfs.js';
import { killTmuxServer, tmuxSocketPath } from '../../src/system/tmux.js';

test('demo (npm start) starts a swarm, shows the dashboard, and removes everything on quit', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oro-top-demo-test-'));
  const server = `oro-top-demo-${process.pid}`;
  const tmux = (args: string[]) => execa('tmux', ['-L', server, ...args], { reject: false });
  try {
    await tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'demo',
      '-x',
      '120',
      '-y',
      '30',
      '-e',
      `TMPDIR=${tmp}`,
      '-e',
      'NODE_OPTIONS=',
      '-e',
      'LANG=C.UTF-8',
      process.execPath,
      BUNDLE,
      'demo',
      '--workers',
      '2',
      '--interval',
      '1',
    ]);
    const screen = await eventually(
      async () => {
        const s = (await tmux(['capture-pane', '-p', '-t', 'demo'])).stdout;
        return /Workers:\s+● 2\/2 healthy/.test(s) ? s : undefined;
      },
      20_000,
      'a healthy demo swarm on screen',
    );
    assert.match(screen, /● HEALTHY/);
    const homes = readdirSync(tmp).filter((n) => n.startsWith('oro-top-demo-'));
    assert.equal(homes.length, 1);
    const home = join(tmp, homes[0]!);
    const swarmTmux = (JSON.parse(readFileSync(join(home, 'reference-swarm.json'), 'utf8')) as { tmux_socket: string }).tmux_socket;
    // the swarm's processes carry its home in their environment (not always in their command line)
    const swarmProcesses = async (): Promise<string[]> => {
      const found: string[] = [];
      for (const pid of await listPids()) {
        if ((await readEnviron(pid))?.get('ORO_HOME') === home) found.push(((await readArgv(pid)) ?? []).join(' '));
      }
      return found;
    };
    const running = await swarmProcesses();
    assert.ok(
      running.some((a) => a.includes('--daemon-only')),
      `the daemon is found: ${running.join('; ')}`,
    );
    assert.ok(running.filter((a) => / worker .*--id w-/.test(a)).length === 2, `both workers are found: ${running.join('; ')}`);
    assert.ok(
      running.filter((a) => / ref-oro pane (architect|manager)$/.test(a)).length === 2,
      `the pane agents are found: ${running.join('; ')}`,
    );
    await tmux(['send-keys', '-t', 'demo', 'q']);
    await eventually(
      async () => (readdirSync(tmp).some((n) => n.startsWith('oro-top-demo-')) ? undefined : true),
      20_000,
      'the demo home removed',
    );
    assert.deepEqual(await swarmProcesses(), [], 'no swarm process left');
    assert.equal(existsSync(tmuxSocketPath(swarmTmux)), false, "the swarm's tmux server and socket are gone");
  } finally {
    await killTmuxServer(server);
    rmSync(tmp, { recursive: true, force: true });
  }
});
