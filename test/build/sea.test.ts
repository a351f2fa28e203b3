// Builds the single executable and runs it against a reference swarm with Node hidden from PATH,
// from a folder outside the project, with an empty addon cache.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/cli.js';
import { tmuxSocketPath } from '../../src/system/tmux.js';
import { eventually } from '../helpers/swarm.js';
import { startTui } from '../helpers/tui.js';
import { IncidentStore } from '../../src/journal/incidents.js';
import { Journal } from '../../src/journal/journal.js';

const EXE = join(ROOT, 'dist', 'oro-top');

describe('the single executable', () => {
  let work: string;
  let env: Record<string, string>;
  let umask: number;
  before(async () => {
    umask = process.umask(0o022); // what most users have: oro-top must not depend on it
    const b = await execa(process.execPath, [join(ROOT, 'build', 'sea.mjs')], { cwd: ROOT, reject: false, env: { NODE_OPTIONS: '' } });
    assert.equal(b.exitCode, 0, `build failed: ${b.stderr}`);
    work = mkdtempSync(join(tmpdir(), 'oro-top-sea-'));
    const bin = join(work, 'bin');
    mkdirSync(bin);
    // PATH holds tmux and nothing else: no node anywhere on it
    const tmuxPath = (await execa('sh', ['-c', 'command -v tmux'])).stdout.trim();
    symlinkSync(tmuxPath, join(bin, 'tmux'));
    env = { PATH: bin, HOME: work, ORO_TOP_CACHE_DIR: join(work, 'cache'), XDG_CONFIG_HOME: join(work, 'config'), LANG: '' };
  });
  after(async () => {
    process.umask(umask);
    await execa(EXE, ['swarm', 'down', '--home', join(work, 'home')], { env, extendEnv: false, reject: false, cwd: work });
    rmSync(work, { recursive: true, force: true });
  });

  const run = (args: string[]) => execa(EXE, args, { env, extendEnv: false, reject: false, cwd: work, timeout: 60_000 });

  test("--version prints oro-top's version, not Node's", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run(['--version']);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test('swarm up, check, snapshot and swarm down work with no Node on PATH', async () => {
    const home = join(work, 'home');
    const up = await run(['swarm', 'up', '--home', home, '--workers', '2']);
    assert.equal(up.exitCode, 0, up.stderr);
    const ps = await execa('ps', ['-eo', 'args'], { reject: false });
    assert.match(
      ps.stdout,
      new RegExp(`^${EXE} ref-oro worker --socket ${home}/oro.sock --id w-1$`, 'm'),
      'workers run from the executable',
    );
    const check = await run(['check', '--home', home]);
    assert.equal(check.exitCode, 0, check.stdout + check.stderr);
    // LANG is empty here: an ASCII locale, so check draws ASCII only
    assert.match(check.stdout, /^overall\s+\* healthy/m);
    assert.match(check.stdout, /^[\x00-\x7f]*$/);
    const snap = await run(['snapshot', '--json', '--home', home]);
    const json = JSON.parse(snap.stdout) as { overall: string; workers: unknown[] };
    assert.equal(json.overall, 'healthy');
    assert.equal(json.workers.length, 2);
    // the dashboard from the executable: first frame, a screen switch, q
    const tui = await startTui(['--home', home, '--interval', '1'], {
      exe: EXE,
      env: { PATH: env.PATH!, ORO_TOP_CACHE_DIR: env.ORO_TOP_CACHE_DIR!, HOME: work },
    });
    try {
      await tui.waitFor(/Workers:\s+● 2\/2 healthy/);
      await tui.keys('2');
      await tui.waitFor(/Workers 2 · sort id/);
      await tui.keys('q');
      await tui.waitFor(/\[exit 0\]/);
    } finally {
      await tui.kill();
    }
    // every confirming action asks through readline: it must work in the executable (it once
    // crashed there with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING while working under node)
    const tuiEnv = { PATH: env.PATH!, ORO_TOP_CACHE_DIR: env.ORO_TOP_CACHE_DIR!, HOME: work, ORO_TOP_STATE_DIR: join(work, 'state') };
    const ask = async (args: string[], answer: string, expect: RegExp, code: number): Promise<void> => {
      const t = await startTui([...args, '--home', home], { exe: EXE, env: tuiEnv });
      try {
        await t.waitFor(/\[y\/N\]\s*$/m, 15_000, `the prompt of ${args.join(' ')}`);
        await t.keys(answer, 'Enter');
        const screen = await t.waitFor(/\[exit \d+\]/, 60_000, `${args.join(' ')} to end`);
        assert.match(screen, expect);
        assert.doesNotMatch(screen, /ERR_VM|oro-top: /);
        assert.equal(await t.exitStatus(), code, screen);
      } finally {
        await t.kill();
      }
    };
    await ask(['restart-daemon'], 'n', /^cancelled$/m, 1);
    await ask(['kill-worker', 'w-1'], 'N', /^cancelled$/m, 1);
    await ask(['respawn-pane', 'manager'], 'y', /^succeeded: /m, 0);
    // a line typed into an agent's pane, asked first; the events (history) tell it; its agent read
    await ask(['send', 'architect', 'lanes next 继续'], 'y', /^succeeded: sent "lanes next 继续" \+ Enter to architect \(oro-top\)$/m, 0);
    // supervision from the executable: an incident in the journal, listed, its report written
    // private, the Incidents screen with Enter, and S pausing auto-recovery through its dialog
    const j = new Journal(join(tuiEnv.ORO_TOP_STATE_DIR, 'journal.db'));
    const incident = new IncidentStore(j.db).record({
      home,
      target: 'worker:w-2',
      kind: 'exited',
      severity: 'critical',
      summary: 'worker w-2 exited',
      evidence: ['exit code 1', '--- last lines ---', 'Error: boom', '    at x (w.js:1:1)'],
    }) as number;
    j.close();
    const runState = (args: string[]) =>
      execa(EXE, args, { env: { ...env, ORO_TOP_STATE_DIR: tuiEnv.ORO_TOP_STATE_DIR }, extendEnv: false, reject: false, cwd: work });
    const list = await runState(['incidents', '--home', home]);
    assert.equal(list.exitCode, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^#${incident} \\S+ worker:w-2 exited \\(critical\\): worker w-2 exited$`, 'm'));
    const report = join(work, 'incident.md');
    const show = await runState(['incidents', 'show', String(incident), '--out', report]);
    assert.equal(show.exitCode, 0, show.stderr);
    assert.match(readFileSync(report, 'utf8'), /## First error\n\n```\nError: boom\n {4}at x \(w\.js:1:1\)\n```/);
    assert.equal((statSync(report).mode & 0o777).toString(8), '600', 'private although the umask is 022');
    assert.equal((await runState(['incidents', '--since', 'soon'])).exitCode, 64);
    const events = await runState(['events', '--since', '1h', '--json', '--home', home]);
    assert.equal(events.exitCode, 0, events.stderr);
    assert.match(events.stdout, /"kind":"command_sent","target":"architect"/);
    const agents = JSON.parse((await run(['snapshot', '--json', '--home', home])).stdout) as {
      panes: { name: string; agent: { program: string } | null }[];
    };
    assert.equal(
      agents.panes.find((p) => p.name === 'architect')?.agent?.program,
      'claude-code',
      'the reference pane agent reads as Claude Code',
    );
    assert.equal((await runState(['incidents', 'show', '424242'])).exitCode, 1);
    const sup = await startTui(['--home', home, '--interval', '1'], { exe: EXE, env: tuiEnv });
    try {
      await sup.waitFor(/supervisor: off/);
      await sup.keys('6');
      await sup.waitFor(/Incidents, last 24 h: 1/);
      await sup.keys('Enter');
      await sup.waitFor(new RegExp(`# Incident ${incident}: worker:w-2: exited \\(exit 1\\)`));
      await sup.keys('Escape', 'S');
      await sup.waitFor(/the next supervisor starts paused/);
      await sup.keys('y');
      await sup.waitFor(/pause-supervisor #\d+ succeeded: auto-recovery paused/, 10_000);
      await sup.waitFor(/supervisor: off \(paused\)/);
      await sup.keys('q');
      await sup.waitFor(/\[exit 0\]/);
    } finally {
      await sup.kill();
    }
    // oro-top's own files are private although the umask (022) would have made them readable
    const modeOf = (p: string): string => (statSync(p).mode & 0o777).toString(8);
    const cache = env.ORO_TOP_CACHE_DIR!;
    const addonDir = readdirSync(cache).find((n) => n.startsWith('addon-'))!;
    assert.deepEqual(
      [
        modeOf(cache),
        modeOf(join(cache, addonDir)),
        modeOf(join(cache, addonDir, 'better_sqlite3.node')),
        modeOf(tuiEnv.ORO_TOP_STATE_DIR),
        modeOf(join(tuiEnv.ORO_TOP_STATE_DIR, 'journal.db')),
      ],
      ['700', '700', '700', '700', '600'],
    );
    // oro-top metrics from the executable: prom-client bundled in, a textfile and /metrics
    const prom = join(work, 'oro.prom');
    const tf = await run(['metrics', '--home', home, '--textfile', prom]);
    assert.equal(tf.exitCode, 0, tf.stderr);
    assert.match(readFileSync(prom, 'utf8'), /^oro_swarm_up 1$/m);
    assert.match(readFileSync(prom, 'utf8'), /^oro_worker_up\{worker="w-1"\} 1$/m);
    const srv = execa(EXE, ['metrics', '--home', home, '--listen', '127.0.0.1:0'], { env, extendEnv: false, reject: false, cwd: work });
    try {
      let said = '';
      srv.stdout?.on('data', (d: Buffer) => {
        said += d.toString();
      });
      const url = await eventually(async () => /serving (http:\/\/\S+\/metrics)/.exec(said)?.[1], 20_000, 'metrics --listen');
      const body = await eventually(async () => {
        const res = await fetch(url);
        return res.status === 200 ? res.text() : undefined;
      });
      assert.match(body, /^oro_top_process_resident_memory_bytes \d+$/m);
      assert.match(body, /^oro_pane_up\{pane="manager"\} 1$/m);
    } finally {
      srv.kill('SIGTERM');
    }
    assert.equal((await srv).exitCode, 0);
    assert.equal((await run(['metrics', '--listen', 'nowhere'])).exitCode, 64);
    const down = await run(['swarm', 'down', '--home', home]);
    assert.equal(down.exitCode, 0, down.stderr);
    assert.match(down.stdout, /daemon stopped/);
    const manifest = JSON.parse(readFileSync(join(home, 'reference-swarm.json'), 'utf8')) as { tmux_socket: string };
    assert.equal(existsSync(tmuxSocketPath(manifest.tmux_socket)), false, 'swarm down removes its tmux socket file');
  });
});
