// The real dashboard against a real reference swarm, driven through a private tmux server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { startSwarm, type TestSwarm } from '../helpers/swarm.js';
import { startTui, type Tui } from '../helpers/tui.js';

describe('the dashboard on a live swarm', () => {
  let swarm: TestSwarm;
  let tui: Tui;
  before(async () => {
    swarm = await startSwarm({ workers: 4 });
    tui = await startTui(['--home', swarm.home, '--interval', '1']);
  });
  after(async () => {
    await tui?.kill();
    await swarm?.down();
  });

  test('the overview shows the daemon PID, both panes and the worker count', async () => {
    const pid = readFileSync(join(swarm.home, 'oro.pid'), 'utf8').trim();
    const s = await tui.waitFor(/Workers:\s+● 4\/4 healthy/);
    assert.match(s, new RegExp(`Daemon:\\s+● Running \\(PID ${pid}, `));
    // the reference panes run an agent: the rows say what it does (state · since)
    assert.match(s, /Architect:\s+● (working|reading|thinking|testing) · \d+s/);
    assert.match(s, /Manager:\s+● (working|reading|thinking|testing) · \d+s/);
    assert.match(s, /● HEALTHY/);
  });

  test('screens switch with 1-5 and Tab; the filter narrows the workers; help opens and closes', async () => {
    await tui.keys('2');
    await tui.waitFor(/Workers 4 · sort id/);
    await tui.keys('/', 'w', '-', '3', 'Enter');
    const filtered = await tui.waitFor(/Workers 1 of 4 filter w-3/);
    assert.match(filtered, /│w-3\s/);
    assert.doesNotMatch(filtered, /│w-1\s/);
    await tui.keys('Escape');
    await tui.waitFor(/Workers 4 · sort id/);
    // a bad /regex/ applied: the hint line says so (at 80 columns the title is cut)
    await tui.keys('/', '/', 'w', '[', '/', 'Enter');
    await tui.waitFor(/filter \/w\[\/ not applied: Unterminated character class — \/ edits, Esc clears/, 3000);
    // Esc and a key in one write (a quick typist over ssh): both act — the filter goes, 3 opens
    await tui.raw('\x1b3');
    await tui.waitFor(/> architect/, 3000);
    await tui.keys('2');
    await tui.waitFor(/Workers 4 · sort id/);
    await tui.keys('Tab');
    await tui.waitFor(/> architect/);
    await tui.keys('4');
    await tui.waitFor(/Logs \d+ lines · \d+ errors · following/);
    await tui.keys('5');
    await tui.waitFor(/Events \d+/);
    await tui.keys('?');
    await tui.waitFor(/Help · 1-\d+ of \d+ · j\/k scroll · Esc or \? closes/);
    await tui.keys('j');
    await tui.waitFor(/Help · 2-\d+ of \d+/);
    await tui.keys('Escape');
    await tui.waitFor(/Events \d+/);
    await tui.keys('1');
    await tui.waitFor(/Swarm Health/);
  });

  test('the selection stays on its worker while a changing column re-sorts the table', async () => {
    await tui.keys('2', 'g', 'j', 'j');
    const selected = async (): Promise<string | null> => {
      // the selected row is the one drawn inverse (SGR 7)
      const line = (await tui.screenEscaped()).split('\n').find((l) => /\x1b\[[\d;]*7[;m]/.test(l) && /w-\d/.test(l));
      return line ? /(w-\d+)/.exec(line)![1]! : null;
    };
    await tui.waitFor(/Workers 4 · sort id/);
    assert.equal(await selected(), 'w-3');
    // sort by progress age, which changes every refresh, descending
    await tui.keys('>', '>', '>', '>', 'I');
    await tui.waitFor(/sort progress desc/);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(await selected(), 'w-3', 'the highlight is still on w-3');
    }
    await tui.keys('r');
    await tui.waitFor(/Restart worker w-3\?/);
    await tui.keys('n');
    await tui.keys('<', '<', '<', '<', 'I');
    await tui.waitFor(/Workers 4 · sort id /);
  });

  test('logs: the mouse wheel scrolls back and pauses (an SGR mouse report); the paused lines stay put', async () => {
    await tui.keys('4');
    await tui.waitFor(/Logs \d+ lines · \d+ errors · following/);
    await tui.raw('\x1b[<64;20;10M'); // wheel up at column 20, row 10
    await tui.raw('\x1b[<64;20;10M');
    const s = await tui.waitFor(/PAUSED/);
    const body = (x: string): string => x.split('\n').slice(2, 21).join('\n');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(body(await tui.screen()), body(s), 'the shown lines did not move while paused');
    await tui.keys('f');
    await tui.waitFor(/following/);
    await tui.keys('1');
  });

  test('a killed worker turns dead within two refreshes', async () => {
    await tui.keys('2');
    const s = await tui.waitFor(/│w-2\s+●\s+busy\s+oro-\w+\s+\S+\s+\d+%\s+\d+/);
    const pid = Number(/│w-2\s+●\s+busy\s+oro-\w+\s+\S+\s+\d+%\s+(\d+)/.exec(s)![1]);
    const t0 = Date.now();
    process.kill(pid, 'SIGKILL');
    await tui.waitFor(/│w-2\s+○\s+dead\s/, 2_500, 'w-2 dead within two 1 s refreshes');
    assert.ok(Date.now() - t0 <= 2_500);
    await tui.keys('1');
    await tui.waitFor(/Workers:\s+○ 3\/4 healthy \(1 dead\)/);
  });

  test("killing the architect pane's process shows it dead, with how it ended", async () => {
    const pid = Number((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
    process.kill(pid, 'SIGTERM');
    await tui.waitFor(/Architect:\s+○ Dead \(process (ended|was killed)/, 4000);
    await tui.waitFor(/○ CRITICAL/);
    await tui.keys('3');
    await tui.waitFor(/dead: pane process (ended \(exit 0 or a signal\)|was killed by signal 15)/);
  });

  test('a dead daemon is shown dead while the rest keeps being watched', async () => {
    await tui.keys('1');
    const pid = Number(readFileSync(join(swarm.home, 'oro.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    const s = await tui.waitFor(/Daemon:\s+○ Dead: PID file is stale/, 6000);
    assert.match(s, /Manager:\s+● (working|reading|thinking|testing) · \d+s/);
    await tui.keys('2');
    await tui.waitFor(/│w-1\s+◐\s.*unsupervis/, 6000);
    await tui.keys('1');
  });

  test('resizing keeps the layout down to 80x24 and says so below it', async () => {
    await tui.keys('1');
    await tui.resize(120, 40);
    await tui.waitFor((s) => s.split('\n')[0]!.length > 80 && /Swarm Health/.test(s), 5000, 'a 120-column frame');
    await tui.resize(80, 24);
    const s = await tui.waitFor(/^┌─ Swarm Health ─+┐┌─ Gauges ─+┐$/m);
    const lines = s.replace(/\n+$/, '').split('\n');
    assert.equal(lines.length, 24);
    assert.match(lines[23]!, /q quit/);
    await tui.resize(70, 20);
    await tui.waitFor(/terminal too small: 70x20/);
    await tui.resize(80, 24);
    await tui.waitFor(/Swarm Health/);
  });

  test('q quits and restores the terminal', async () => {
    await tui.keys('q');
    const s = await tui.waitFor(/\[exit \d+\]/, 5000);
    assert.equal(await tui.exitStatus(), 0);
    assert.doesNotMatch(s, /Swarm Health/, 'the alternate screen is gone');
  });
});

describe('the terminal is restored', () => {
  test('on SIGHUP (a dropped ssh connection) and on SIGTERM', async () => {
    for (const [sig, code] of [
      ['SIGHUP', 129],
      ['SIGTERM', 143],
    ] as const) {
      const tui = await startTui(['--home', '/nonexistent-home']);
      try {
        await tui.waitFor(/Swarm Health/);
        const pid = Number((await execa('tmux', ['-L', tui.server, 'list-panes', '-t', 'ui', '-F', '#{pane_pid}'])).stdout.trim());
        const child = (await execa('pgrep', ['-P', String(pid)])).stdout.trim().split('\n')[0]!;
        process.kill(Number(child), sig);
        const s = await tui.waitFor(new RegExp(`\\[exit ${code}\\]`), 5000);
        assert.doesNotMatch(s, /Swarm Health/);
      } finally {
        await tui.kill();
      }
    }
  });
});

describe('8-colour terminals and ASCII locales', () => {
  let swarm: TestSwarm;
  before(async () => {
    swarm = await startSwarm({ workers: 2 });
  });
  after(async () => {
    await swarm?.down();
  });
  for (const term of ['screen', 'linux', 'vt100', 'xterm', 'xterm-256color']) {
    test(`TERM=${term}, LANG=C: nothing drawn in black, nothing but ASCII, the home shown`, async () => {
      const tui = await startTui(['--home', swarm.home, '--interval', '1'], { term, env: { LANG: 'C', LC_ALL: 'C' } });
      try {
        const s = await tui.waitFor(/Workers:\s+\* 2\/2 healthy/, 15_000);
        const lines = s.split('\n');
        for (const line of lines) assert.match(line, /^[\x20-\x7e]*$/, line);
        assert.match(lines[22]!, /refreshed \d\d:\d\d:\d\d/);
        assert.doesNotMatch(lines[22]!, /\?/, 'no character came out as ?');
        const base = swarm.home.split('/').at(-1)!;
        assert.ok(lines[22]!.includes(base.slice(-8)), `the home in the status line: ${lines[22]}`);
        const esc = await tui.screenEscaped();
        assert.doesNotMatch(esc, /\x1b\[(?:[\d;]*;)?30m/, 'no black foreground');
        assert.doesNotMatch(esc, /\x1b\[(?:[\d;]*;)?38;5;0m/, 'no black foreground');
      } finally {
        await tui.kill();
      }
    });
  }
});

describe('the dashboard refuses what cannot work', () => {
  test('TERM=dumb: a clear error, exit 64', async () => {
    const tui = await startTui(['--home', '/nonexistent'], { term: 'dumb' });
    try {
      await tui.waitFor(/TERM=dumb cannot draw a full-screen dashboard[\s\S]*\[exit 64\]/);
    } finally {
      await tui.kill();
    }
  });
});
