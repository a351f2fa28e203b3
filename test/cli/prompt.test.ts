// An action's question at the terminal: wrapped at words to the terminal's width, continuation lines
// indented (the layout), and so it reads in a narrow terminal (the bundle in a real tmux).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionSettings } from '../../src/actions/action.js';
import { confirmationFor } from '../../src/actions/registry.js';
import { promptLayout } from '../../src/cli/prompt.js';
import { loadConfig } from '../../src/config.js';
import { width } from '../../src/screens/text.js';
import { SnapshotStore } from '../../src/store.js';
import { withTmpDir } from '../helpers/tmp.js';
import { startTui } from '../helpers/tui.js';

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const TITLE = 'Restart the daemon of /home/someone/.oro now?';
const LINES = [
  'It drains: each worker finishes its bead, then the daemon exits; past 30 s SIGTERM to its process group, then SIGKILL.',
  'Its successor starts with the same flags: --workers 2 --home /home/someone/.oro',
];

test('the question is wrapped at words to the width, continuation lines indented, the answer on the last line', () => {
  for (const cols of [30, 44, 60, 200]) {
    const p = promptLayout(TITLE, LINES, '/home/someone/.oro', cols);
    const lines = [...p.text.split('\n').slice(0, -1), p.question];
    for (const l of lines) assert.ok(width(l) < cols, `${cols}: '${l}' is ${width(l)} wide`);
    // no word broken, none lost, in order
    assert.deepEqual(words(lines.join(' ')), words(`swarm: /home/someone/.oro ${LINES.join(' ')} ${TITLE} [y/N]`));
    assert.match(p.question, /\[y\/N\] $/);
    // each line of the question starts at 2 spaces; its continuations at 4
    const body = p.text.split('\n').slice(1, -1);
    assert.ok(
      body.every((l) => /^ {2}\S/.test(l) || /^ {4}\S/.test(l) || !l.startsWith(' ')),
      body.join('\n'),
    );
    const first = body.findIndex((l) => l.startsWith('  It drains'));
    if (cols < 120) assert.match(body[first + 1]!, /^ {4}\S/, `${cols}: a continuation is indented`);
  }
  // a terminal that does not say its width: 80
  assert.deepEqual(promptLayout(TITLE, LINES, '/h', undefined), promptLayout(TITLE, LINES, '/h', 80));
  assert.equal(promptLayout(TITLE, ['short'], '/h', 80).text, 'swarm: /h\n  short\n');
});

test(
  'in a 44-column terminal the CLI question breaks at words, never mid-word',
  withTmpDir('oro-top-prompt-', async (home) => {
    const config = loadConfig({ home }, { XDG_CONFIG_HOME: '/nonexistent-oro-top-test' });
    const { report } = await new SnapshotStore(config).once();
    // (no swarm in this home: restart-daemon asks to start one, a long question)
    const c = confirmationFor('restart-daemon', 'daemon', report, actionSettings(config));
    const tui = await startTui(['restart-daemon', '--home', home], { cols: 44, rows: 30, env: { ORO_TOP_STATE_DIR: home } });
    try {
      const screen = await tui.waitFor(/\[y\/N\]/);
      // every word on the screen is a whole word of the question (a word cut at the edge is two pieces)
      const shown = words(screen.slice(0, screen.indexOf('[y/N]') + 5));
      const asked = words(`swarm: ${home} ${[...c.lines, c.title].join(' ')} [y/N]`);
      for (const w of shown) assert.ok(asked.includes(w), `'${w}' is not a word of the question:\n${screen}`);
      assert.deepEqual(shown, asked);
      assert.match(screen, /^ {4}\S/m, `continuation lines indented:\n${screen}`);
      await tui.keys('n', 'Enter');
      await tui.waitFor(/cancelled\s+\[exit 1\]/);
    } finally {
      await tui.kill();
    }
  }),
);
