import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { killTmuxServer, tmuxSocketPath } from '../../src/system/tmux.js';

test('killTmuxServer stops a private server and removes the socket file tmux leaves behind', async () => {
  const name = `oro-top-kill-${process.pid}`;
  await execa('tmux', ['-L', name, '-f', '/dev/null', 'new-session', '-d', '-s', 'x', 'sleep 60']);
  const path = tmuxSocketPath(name);
  assert.ok(existsSync(path), path);
  assert.equal(await killTmuxServer(name), true);
  assert.equal(existsSync(path), false, 'the socket file is gone');
  assert.equal(await killTmuxServer(name), false, 'no server the second time');
});
