import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTmuxError, parsePaneLines, PANE_FORMAT } from '../../src/collectors/tmux-parse.js';

// captured from `tmux list-panes -s -t =oro -F PANE_FORMAT` on a reference swarm whose manager
// pane process had just been killed with SIGKILL
const CAPTURED = '%0|~|architect|~|4555|~|0|~||~|node|~|1795385485|~||~||~|vm\n%1|~|manager|~|4561|~|1|~||~|node|~|1795385485|~||~||~|vm\n';

test('the format asks for every field the parser reads', () => {
  assert.equal(PANE_FORMAT.split('|~|').length, 10);
});

test('parsePaneLines reads live and dead panes', () => {
  const panes = parsePaneLines(CAPTURED);
  assert.equal(panes.length, 2);
  assert.deepEqual(panes[0], {
    paneId: '%0',
    window: 'architect',
    pid: 4555,
    dead: false,
    deadStatus: null,
    currentCommand: 'node',
    activityS: 1795385485,
    deadAtS: null,
    deadSignal: null,
    title: 'vm',
  });
  assert.equal(panes[1]!.dead, true);
  assert.equal(panes[1]!.window, 'manager');
});

test('parsePaneLines reads an exit status and keeps a title holding the separator', () => {
  const [p] = parsePaneLines('%3|~|architect|~|99|~|1|~|3|~|sleep|~|1795384849|~|1795384850|~||~|a |~| b\n');
  assert.equal(p!.deadStatus, 3);
  assert.equal(p!.deadAtS, 1795384850);
  assert.equal(p!.title, 'a |~| b');
});

test('parsePaneLines skips short or blank lines', () => {
  assert.deepEqual(parsePaneLines('\n%0|~|x\n'), []);
});

test('classifyTmuxError tells the cases apart (real tmux 3.3 messages)', () => {
  assert.equal(classifyTmuxError('error connecting to /tmp/tmux-0/nosrv (No such file or directory)\n', null), 'no-server');
  assert.equal(classifyTmuxError('no server running on /tmp/tmux-0/default\n', null), 'no-server');
  assert.equal(classifyTmuxError("can't find session: oro\n", null), 'no-session');
  assert.equal(classifyTmuxError("can't find window: nosuch\n", null), 'no-session');
  assert.equal(classifyTmuxError('', 'spawn tmux ENOENT'), 'no-tmux');
  assert.equal(classifyTmuxError('something else', null), 'other');
});

test('tmuxSocketPath: named servers under TMUX_TMPDIR, the default one from $TMUX inside tmux', async () => {
  const { tmuxSocketPath } = await import('../../src/collectors/tmux.js');
  const uid = process.getuid?.() ?? 0;
  assert.equal(tmuxSocketPath('oro-ref-x', { TMUX_TMPDIR: '/run/t' }), `/run/t/tmux-${uid}/oro-ref-x`);
  assert.equal(tmuxSocketPath(null, {}), `/tmp/tmux-${uid}/default`);
  assert.equal(tmuxSocketPath(null, { TMUX: '/tmp/tmux-1000/work,1234,0' }), '/tmp/tmux-1000/work');
  assert.equal(tmuxSocketPath('named', { TMUX: '/tmp/tmux-1000/work,1234,0' }), `/tmp/tmux-${uid}/named`);
});
