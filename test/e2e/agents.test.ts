// The agents in the panes on a real reference swarm: its pane agents play states on demand
// ($ORO_HOME/panes/NAME/play); `events --follow --json` sees each change in order, progress counted,
// a line sent with `send` reaching the pane, a send to a dead pane failing with its reason, a daemon
// restart gone through, and ends cleanly on Ctrl-C and on a closed pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { BUNDLE, oroTop } from '../helpers/cli.js';
import { eventually, withSwarm } from '../helpers/swarm.js';

interface Ev {
  kind: string;
  target: string;
  text: string;
  state?: string;
  done?: number;
  total?: number;
}

const play = (home: string, pane: string, what: string): void => writeFileSync(join(home, 'panes', pane, 'play'), `${what}\n`);

test(
  'events --follow: waiting, progress, send, stuck, complete, a dead pane, a daemon restart; in order',
  { timeout: 180_000 },
  withSwarm({ workers: 1, stepMs: 300 }, async (s, state) => {
    const cfgFile = join(state, 'config.json');
    writeFileSync(cfgFile, JSON.stringify({ agents: { stuck_after_s: 6 } }));
    const env = { ORO_TOP_STATE_DIR: state };
    const common = ['--home', s.home, '--config', cfgFile];
    const child = execa(process.execPath, [BUNDLE, 'events', '--follow', '--json', '--interval', '0.5', ...common], {
      env: { NODE_OPTIONS: '', LANG: 'C.UTF-8', ...env },
      reject: false,
      stdin: 'ignore',
    });
    // a supervisor (watch only) records the agents' events for `events --since`
    const sup = execa(process.execPath, [BUNDLE, 'supervise', '--interval', '0.5', ...common], {
      env: { NODE_OPTIONS: '', LANG: 'C.UTF-8', ...env },
      reject: false,
      stdin: 'ignore',
    });
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
    });
    const events = (): Ev[] =>
      buf
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Ev);
    const seen = (pred: (e: Ev) => boolean, what: string, ms = 15_000): Promise<Ev> =>
      eventually(async () => events().find(pred), ms, `${what}; events so far:\n${buf}`);
    try {
      await new Promise((r) => setTimeout(r, 2500)); // its first refreshes: the starting states are no change
      play(s.home, 'architect', 'waiting 2/5');
      const waiting = await seen((e) => e.kind === 'agent_waiting' && e.target === 'architect', 'architect waiting');
      assert.match(waiting.text, /Do you want to proceed\?/);
      await seen((e) => e.kind === 'progress' && e.target === 'architect' && e.done === 2 && e.total === 5, 'progress 2/5');

      const sent = await oroTop(['send', 'architect', '1', '--yes', ...common], { env });
      assert.equal(sent.exitCode, 0, sent.stderr + sent.stdout);
      assert.match(sent.stdout, /succeeded: sent "1" \+ Enter to architect \(node\)/);
      await seen((e) => e.kind === 'command_sent' && e.target === 'architect', 'command_sent');
      await seen((e) => e.kind === 'state_change' && e.target === 'architect' && e.state === 'working', 'working after the answer');
      assert.equal(readFileSync(join(s.home, 'panes', 'architect', 'received'), 'utf8'), '1\n', 'the line reached the pane');

      play(s.home, 'manager', 'stuck');
      await seen((e) => e.kind === 'agent_stuck' && e.target === 'manager', 'manager stuck after stuck_after_s (6 s)', 20_000);
      play(s.home, 'architect', 'complete 5/5');
      await seen((e) => e.kind === 'agent_complete' && e.target === 'architect', 'architect complete');

      // a daemon restart: the stream goes on (and tells it)
      const r = await oroTop(['restart-daemon', '--yes', ...common], { env, timeoutMs: 90_000 });
      assert.equal(r.exitCode, 0, r.stderr + r.stdout);
      play(s.home, 'architect', 'error');
      await seen((e) => e.kind === 'agent_error' && e.target === 'architect', 'an agent error after the restart');

      // a dead pane: the send fails with its reason, nothing is typed elsewhere
      const pid = Number((await s.tmux(['display', '-p', '-t', '=oro:manager', '#{pane_pid}'])).trim());
      process.kill(pid, 'SIGKILL');
      await eventually(
        async () => ((await s.tmux(['display', '-p', '-t', '=oro:manager', '#{pane_dead}'])).trim() === '1' ? true : undefined),
        5000,
        'manager dead',
      );
      const dead = await oroTop(['send', 'manager', 'hello', '--yes', ...common], { env });
      assert.equal(dead.exitCode, 1);
      assert.match(dead.stdout, /✗ check: the manager pane is dead \((killed by signal 9|its process is gone)\): nothing sent/);
      await seen((e) => e.kind === 'command_failed' && e.target === 'manager', 'command_failed');

      const order = events()
        .filter((e) => ['agent_waiting', 'command_sent', 'agent_stuck', 'agent_complete', 'agent_error', 'command_failed'].includes(e.kind))
        .map((e) => `${e.kind} ${e.target}`);
      assert.deepEqual(
        order.filter((x, i) => order.indexOf(x) === i),
        [
          'agent_waiting architect',
          'command_sent architect',
          'agent_stuck manager',
          'agent_complete architect',
          'agent_error architect',
          'command_failed manager',
        ],
      );
    } finally {
      sup.kill('SIGINT');
      await sup;
      child.kill('SIGINT');
      const end = await child;
      assert.equal(end.exitCode, 0, `events --follow ends cleanly on Ctrl-C: ${String(end.stderr)}`);
    }

    // the history without --follow, and a closed pipe (| head -n 1) ending --follow quietly
    const hist = await oroTop(['events', '--since', '10m', ...common], { env });
    assert.match(hist.stdout, /command_sent send #\d+ to architect/);
    assert.match(hist.stdout, /agent_waiting architect agent is waiting: Do you want to proceed\?/, 'recorded by the supervisor');
    assert.match(hist.stdout, /agent_stuck manager agent is stuck: thinking, no change for \d+s/);
    assert.match(hist.stdout, /command_failed send #\d+ to manager .*: not sent "hello" \+ Enter: the manager pane is dead/);
    // head exits after the first line; the next event written after that meets the closed pipe
    const follow = execa(process.execPath, [BUNDLE, 'events', '--follow', '--interval', '0.5', ...common], {
      env: { NODE_OPTIONS: '', ...env },
      reject: false,
      stdin: 'ignore',
    });
    // (execa's pipe resolves once both ended: the event is written while it waits)
    const later = setTimeout(() => play(s.home, 'architect', 'idle'), 3000);
    const piped = await follow.pipe('head', ['-n', '1']);
    clearTimeout(later);
    assert.equal(piped.stdout.split('\n').length, 1);
    const src = piped.pipedFrom[0]!;
    assert.equal(src.exitCode, 0, 'events --follow ends on the closed pipe, quietly');
    assert.doesNotMatch(String(src.stderr), /EPIPE|Error/);
  }),
);

test(
  'the dashboard: a waiting agent highlighted within two refreshes, in the alerts, progress counted; s sends the answer',
  { timeout: 120_000 },
  withSwarm({ workers: 1, stepMs: 300 }, async (s, state) => {
    const { startTui } = await import('../helpers/tui.js');
    const tui = await startTui(['--home', s.home, '--interval', '1'], { cols: 140, rows: 36, env: { ORO_TOP_STATE_DIR: state } });
    try {
      await tui.waitFor(/Architect:\s+● (working|reading|thinking|testing)/, 20_000, 'the architect agent read');
      const t0 = Date.now();
      play(s.home, 'architect', 'waiting 2/5');
      await tui.waitFor(/Architect:\s+◐ waiting · 2\/5 · \d+s/, 10_000, 'architect waiting');
      const took = Date.now() - t0;
      assert.ok(took <= 3500, `shown ${took} ms after the pane showed it: within two refreshes (1 s each) and the play file's poll`);
      const escaped = await tui.screenEscaped();
      assert.match(escaped, /\u001b\[[\d;]*7m[^\n]*Architect:/, 'the waiting row is drawn inverse');
      await tui.waitFor(/architect agent is waiting: Do you/, 5000, 'listed in the alerts');
      await tui.keys('3');
      await tui.waitFor(/◐ waiting \d+s · claude-code · [█░]{8} 2\/5 · Do you want to proceed\?/, 5000, 'the panes screen');
      await tui.keys('s', '1');
      await tui.waitFor(/send to architect: 1_/, 5000, 'the line on the hint line');
      await tui.keys('Enter');
      await tui.waitFor(/Send this line to the architect pane\?/, 5000, 'the dialog');
      await tui.waitFor(/"1" \+ Enter/);
      await tui.keys('y');
      await tui.waitFor(/send #\d+ architect succeeded: sent "1" \+ Enter to architect/, 10_000, 'the send ends');
      await tui.waitFor(/● working \d+s · claude-code/, 10_000, 'the answer moved the agent on');
      assert.equal(readFileSync(join(s.home, 'panes', 'architect', 'received'), 'utf8'), '1\n');
      await tui.keys('q');
    } finally {
      await tui.kill();
    }
  }),
);
