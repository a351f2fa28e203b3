// Fault injection against a real reference swarm, read the way the issue's user read it: through
// `snapshot --watch` (the long-running store, as the dashboard) and `check` (one-shot). Real
// processes, a private tmux server, real SQLite; faults by signal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { oroTop, oroTopJson } from '../helpers/cli.js';
import { eventually, sleep, startSwarm, type TestSwarm } from '../helpers/swarm.js';
import { watchSnapshots } from '../helpers/watch.js';
import { BUNDLE } from '../helpers/cli.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const worker = (s: Record<string, any>, id: string): Record<string, any> | undefined => s.workers.find((w: any) => w.id === id);

describe('faults in a running swarm, as snapshot --watch and check read them', () => {
  let swarm: TestSwarm;
  let state: string;
  before(async () => {
    swarm = await startSwarm({ workers: 4 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-faults-state-'));
  });
  after(async () => {
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('snapshot --watch prints one complete snapshot per refresh; text snapshots have a time header and a blank line between', async () => {
    const child = execa(process.execPath, [BUNDLE, 'snapshot', '--watch', '--home', swarm.home, '--interval', '1'], {
      reject: false,
      env: { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-test' },
    });
    await sleep(4600);
    child.kill('SIGTERM');
    const text = String((await child).stdout);
    const blocks = text.trimEnd().split('\n\n');
    assert.ok(blocks.length >= 3 && blocks.length <= 6, `one snapshot a second for 4.6 s: ${blocks.length}\n${text}`);
    for (const b of blocks) {
      const lines = b.split('\n');
      assert.match(lines[0]!, /^=== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z · (healthy|degraded|critical|unreachable|restarting) ===$/);
      assert.match(lines[1]!, /^daemon /);
      assert.match(lines.at(-1)!, /^overall /);
    }
    const times = blocks.map((b) => Date.parse(/=== (\S+)/.exec(b)![1]!));
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 800, `snapshots ${times[i]! - times[i - 1]!} ms apart`);

    const w = watchSnapshots(['--home', swarm.home, '--interval', '1']);
    try {
      const got = [await w.next(), await w.next(), await w.next(), await w.next()];
      for (let i = 1; i < got.length; i++) {
        const gap = Date.parse(got[i]!.collected_at) - Date.parse(got[i - 1]!.collected_at);
        assert.ok(gap >= 800, `JSON snapshots ${gap} ms apart`);
      }
    } finally {
      await w.stop();
    }
  });

  test('a stopped (SIGSTOP) worker is degraded at the next refresh, with since when; SIGCONT brings it back', async () => {
    const w = watchSnapshots(['--home', swarm.home, '--interval', '1']);
    let pid = 0;
    try {
      const first = await w.until((s) => worker(s, 'w-1')?.status === 'healthy', 10);
      pid = worker(first.snap, 'w-1')!.pid;
      process.kill(pid, 'SIGSTOP');
      // the tick in flight may predate the signal: the one after must show it
      const r = await w.until((s) => worker(s, 'w-1')?.status === 'degraded', 2);
      assert.match(worker(r.snap, 'w-1')!.reason, /^process \d+ is stopped \(SIGSTOP\)( since \d\d:\d\d:\d\d \(\d+s\))?$/);
      const c = await oroTopJson(['check', '--json', '--home', swarm.home]);
      assert.match(JSON.stringify(c.json), /worker w-1","status":"degraded","reason":"process \d+ is stopped \(SIGSTOP\)/);
      process.kill(pid, 'SIGCONT');
      pid = 0;
      await w.until((s) => worker(s, 'w-1')?.status === 'healthy', 3);
    } finally {
      if (pid) process.kill(pid, 'SIGCONT');
      await w.stop();
    }
  });

  test('a frozen daemon (SIGSTOP) is degraded "frozen" at the next refresh, and its workers stay supervised', async () => {
    const w = watchSnapshots(['--home', swarm.home, '--interval', '1']);
    const pid = Number(readFileSync(join(swarm.home, 'oro.pid'), 'utf8'));
    let stopped = false;
    try {
      await w.until((s) => s.daemon.status === 'healthy', 10);
      process.kill(pid, 'SIGSTOP');
      stopped = true;
      const r = await w.until((s) => s.daemon.status !== 'healthy', 2);
      assert.equal(r.snap.daemon.status, 'degraded');
      assert.match(r.snap.daemon.reason, new RegExp(`^frozen: PID ${pid} is stopped \\(SIGSTOP\\)`));
      for (const x of r.snap.workers) {
        assert.equal(x.supervised, true, JSON.stringify(x));
        assert.doesNotMatch(x.reason, /unsupervised|daemon down/);
      }
      assert.equal(r.snap.overall, 'degraded');
      const c = await oroTop(['check', '--home', swarm.home]);
      assert.equal(c.exitCode, 1, c.stdout);
      assert.match(c.stdout, /^daemon\s+◐ degraded\s+frozen: PID \d+ is stopped/m);
    } finally {
      if (stopped) process.kill(pid, 'SIGCONT');
      await w.stop();
    }
    await eventually(
      async () => ((await oroTop(['check', '--home', swarm.home])).exitCode === 0 ? true : undefined),
      15_000,
      'healthy again',
    );
  });

  test('a worker killed with kill -9 is dead at once (one transition), and check says what the watch says', async () => {
    const w = watchSnapshots(['--home', swarm.home, '--interval', '1']);
    try {
      const first = await w.until((s) => s.workers.length === 4 && s.workers.every((x: any) => x.status === 'healthy'), 15);
      process.kill(worker(first.snap, 'w-2')!.pid, 'SIGKILL');
      const seen: string[] = [];
      const r = await w.until((s) => {
        seen.push(`${worker(s, 'w-2')?.status}: ${worker(s, 'w-2')?.reason}`);
        return worker(s, 'w-2')?.status === 'dead';
      }, 2);
      assert.ok(
        seen.slice(0, -1).every((x) => x.startsWith('healthy')),
        `no step between healthy and dead: ${seen.join(' | ')}`,
      );
      assert.match(worker(r.snap, 'w-2')!.reason, /^process gone/);
      // later readings stay dead, and the daemon noticing changes nothing
      const later = await w.next();
      assert.equal(worker(later, 'w-2')?.status, 'dead');
      const c = await oroTopJson<{ overall: string; components: { component: string; status: string; reason: string }[] }>([
        'check',
        '--json',
        '--home',
        swarm.home,
      ]);
      const cw = c.json.components.find((x) => x.component === 'worker w-2')!;
      assert.equal(cw.status, 'dead');
      assert.equal(c.json.overall, later.overall);
      assert.equal(
        c.json.components.find((x) => x.component === 'workers')!.reason,
        `${later.worker_counts.healthy}/${later.worker_counts.total} healthy`,
      );
    } finally {
      await w.stop();
    }
  });

  test('kill-worker: the worker is dropped at once, by the watch and by check alike', async () => {
    const env = { ORO_TOP_STATE_DIR: state };
    const w = watchSnapshots(['--home', swarm.home, '--interval', '1'], env);
    try {
      await w.until((s) => worker(s, 'w-3')?.status === 'healthy', 10);
      const k = await oroTop(['kill-worker', 'w-3', '--yes', '--home', swarm.home], { env });
      assert.equal(k.exitCode, 0, k.stdout + k.stderr);
      const r = await w.until((s) => worker(s, 'w-3') === undefined, 3);
      const c = await oroTopJson<{ components: { component: string }[] }>(['check', '--json', '--home', swarm.home], { env });
      assert.ok(!c.json.components.some((x) => x.component === 'worker w-3'), 'check does not list it either');
      const snap = await oroTopJson<Record<string, any>>(['snapshot', '--json', '--home', swarm.home], { env });
      assert.deepEqual(
        snap.json.workers.map((x: any) => x.id),
        r.snap.workers.map((x: any) => x.id),
      );
      assert.deepEqual(snap.json.worker_counts, r.snap.worker_counts);
      assert.deepEqual(
        snap.json.removed_workers.map((x: any) => x.id),
        ['w-3'],
      );
      assert.match(snap.json.removed_workers[0].reason, /^killed on purpose \(kill-worker #\d+ by .+\)$/);
      // and it stays that way: never counted dead later
      for (let i = 0; i < 3; i++) assert.equal(worker(await w.next(), 'w-3'), undefined);
    } finally {
      await w.stop();
    }
  });

  test('an error burst is all in the snapshot, counted per source; logs.recent_lines sets how many lines', async () => {
    const t = new Date().toISOString();
    const log = join(swarm.home, 'workers', 'w-1', 'output.log');
    let burst = '';
    for (let i = 0; i < 120; i++) burst += `${t} ERROR burst line ${i}\n`;
    appendFileSync(log, burst);
    appendFileSync(swarm.daemonLog, `${t} ERROR daemon burst a\n${t} ERROR daemon burst b\n`);
    const { json } = await oroTopJson<Record<string, any>>(['snapshot', '--json', '--home', swarm.home]);
    const texts = (json.logs.recent as { source: string; text: string }[]).filter((l) => l.source === 'worker:w-1').map((l) => l.text);
    for (let i = 0; i < 120; i++)
      assert.ok(
        texts.some((x) => x.endsWith(`ERROR burst line ${i}`)),
        `burst line ${i} is in logs.recent`,
      );
    assert.ok(json.logs.errors_by_source_5m['worker:w-1'] >= 120, JSON.stringify(json.logs.errors_by_source_5m));
    assert.ok(json.logs.errors_by_source_5m.daemon >= 2, JSON.stringify(json.logs.errors_by_source_5m));
    const sum = Object.values(json.logs.errors_by_source_5m as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(sum, json.logs.errors_last_5m);
    const cfg = join(state, 'recent.json');
    writeFileSync(cfg, JSON.stringify({ logs: { recent_lines: 30 } }));
    const small = await oroTopJson<Record<string, any>>(['snapshot', '--json', '--home', swarm.home, '--config', cfg]);
    assert.equal(small.json.logs.recent.length, 30);
  });

  test('hostile text in every source (state.db, a log, the socket, tmux, /proc) reaches neither JSON nor check raw', async () => {
    const ESC = '\u001b';
    const hostile = `${ESC}[31mred${ESC}[0m\u0007bell${ESC}]0;title\u0007\u0000nul\u009b2J\r\nnext`;
    // state.db: an escalation and an event
    const { openDb } = await import('../../src/system/sqlite.js');
    const db = openDb(join(swarm.home, 'state.db'), { timeoutMs: 5000 });
    db.prepare('INSERT INTO escalations (type, bead_id, worker_id, message) VALUES (?, ?, ?, ?)').run(
      `type${hostile}`,
      `oro-${hostile}`,
      'w-1',
      `evil escalation ${hostile}`,
    );
    db.prepare('INSERT INTO events (type, source, bead_id, worker_id, payload) VALUES (?, ?, ?, ?, ?)').run(
      `ev${hostile}`,
      'test',
      null,
      'w-1',
      `payload ${hostile}`,
    );
    db.close();
    // a log line
    appendFileSync(
      join(swarm.home, 'workers', 'w-1', 'output.log'),
      `${new Date().toISOString()} ERROR hostile log ${hostile.replace('\u0000', '')}\n`,
    );
    // tmux: a pane whose command has a hostile name (tmux refuses control characters in titles, but
    // #{pane_current_command} is the process's name as the kernel has it)
    const { mkdirSync, symlinkSync } = await import('node:fs');
    const binDir = join(state, 'bin');
    mkdirSync(binDir, { recursive: true });
    const evilCmd = join(binDir, `ev${ESC}[31m\u0007x`);
    symlinkSync('/bin/sleep', evilCmd);
    await swarm.tmux(['new-window', '-d', '-t', '=oro:', '-n', 'scratch', evilCmd, '120']);
    // /proc: a process that looks like a worker with a hostile id on its command line
    const sock = join(swarm.home, 'oro.sock');
    const fake = execa(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60000)', 'worker', '--socket', sock, '--id', `w-evil${ESC}[31m\u0007`],
      { reject: false },
    );
    // the socket: a worker that registers with a hostile id, so the daemon's health reply carries it
    const conn = connect(sock);
    await new Promise((r) => conn.once('connect', r));
    conn.write(
      `${JSON.stringify({ type: 'HEARTBEAT', heartbeat: { worker_id: `w-sock${ESC}[2J\u0007`, bead_id: '', context_pct: 1 } })}\n`,
    );
    try {
      await sleep(600);
      const snap = await oroTop(['snapshot', '--json', '--home', swarm.home]);
      assert.equal(snap.exitCode, 0, snap.stderr);
      const json = JSON.parse(snap.stdout) as Record<string, any>;
      // every source was read: the hostile text is there, cleaned
      assert.ok(
        (json.escalations.recent as any[]).some((e) => /^evil escalation red.*bell.*next$/.test(e.message)),
        JSON.stringify(json.escalations),
      );
      assert.ok(
        (json.logs.recent as any[]).some((l) => /hostile log red/.test(l.text)),
        JSON.stringify(json.logs.recent.slice(-5)),
      );
      assert.ok(
        (json.workers as any[]).some((w) => w.id.startsWith('w-evil')),
        json.workers.map((w: any) => w.id).join(','),
      );
      assert.ok(
        (json.workers as any[]).some((w) => w.id.startsWith('w-sock')),
        json.workers.map((w: any) => w.id).join(','),
      );
      // nothing raw: no control character in any string, none escaped in the JSON text either
      const strings: string[] = [];
      const walk = (v: unknown): void => {
        if (typeof v === 'string') strings.push(v);
        else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
      };
      walk(json);
      for (const s of strings) assert.doesNotMatch(s, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(s));
      assert.doesNotMatch(snap.stdout, /\\u00[01][0-9a-f]|\\u007f|\\u00[89][0-9a-f]|\\[nrtbf]/i);
      const check = await oroTop(['check', '--home', swarm.home]);
      assert.doesNotMatch(check.stdout, CONTROL);
      const checkJson = await oroTop(['check', '--json', '--home', swarm.home]);
      assert.doesNotMatch(checkJson.stdout, /\\u00[01][0-9a-f]|\\u007f|\\u00[89][0-9a-f]|\\[nrtbf]/i);
      // what the dashboard is handed: one collection, every string of every source (events and the
      // pane title included, which JSON does not show)
      const { loadConfig } = await import('../../src/config.js');
      const { collectOnce } = await import('../../src/collectors/sources.js');
      const collected = await collectOnce(
        loadConfig({ home: swarm.home }, { ...process.env, XDG_CONFIG_HOME: '/nonexistent-oro-top-test' }),
      );
      const all: string[] = [];
      const deep = (v: unknown, depth = 0): void => {
        if (typeof v === 'string') all.push(v);
        else if (v instanceof Map) for (const x of v.values()) deep(x, depth + 1);
        else if (v && typeof v === 'object' && depth < 12) for (const x of Object.values(v)) deep(x, depth + 1);
      };
      deep(collected.slices);
      assert.ok(
        all.some((s) => s.startsWith('evred')),
        'the hostile event was read',
      );
      assert.ok(all.includes('ev^Gx'), 'the hostile pane command was read (its BEL shown as ^G)');
      for (const s of all) assert.doesNotMatch(s, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(s));
    } finally {
      await swarm.tmux(['kill-window', '-t', '=oro:scratch']);
      conn.destroy();
      fake.kill('SIGKILL');
      await fake;
    }
  });

  test('a killed daemon reads dead, never "PID file names PID N, which is now ..." while it is a zombie', async () => {
    const w = watchSnapshots(['--home', swarm.home, '--interval', '0.5']);
    try {
      const first = await w.until((s) => s.daemon.status === 'healthy', 10);
      process.kill(first.snap.daemon.pid, 'SIGKILL');
      const reasons: string[] = [];
      await w.until((s) => {
        reasons.push(s.daemon.reason);
        return s.daemon.status === 'dead' && !/zombie/.test(s.daemon.reason);
      }, 20);
      for (const r of reasons) assert.doesNotMatch(r, /which is now|not signalled/, reasons.join(' | '));
    } finally {
      await w.stop();
    }
  });
});

describe('a drain-and-restart in progress', () => {
  let swarm: TestSwarm;
  let state: string;
  before(async () => {
    // w-1 never approves: the daemon waits its whole shutdown timeout, so the restart is seen
    swarm = await startSwarm({ workers: 2, stepMs: 200, chaos: 'worker-no-approve=w-1', shutdownTimeoutS: 5 });
    state = mkdtempSync(join(tmpdir(), 'oro-top-restart-state-'));
  });
  after(async () => {
    await swarm?.down();
    rmSync(state, { recursive: true, force: true });
  });

  test('reads "restarting" (check exits 4, not 2) with its step, and healthy afterwards', async () => {
    const env = { ORO_TOP_STATE_DIR: state };
    const run = oroTop(['restart-daemon', '--yes', '--home', swarm.home], { env });
    const during = await eventually(
      async () => {
        const c = await oroTop(['check', '--json', '--home', swarm.home], { env });
        return c.exitCode === 4 ? c : undefined;
      },
      15_000,
      'check exits 4 during the restart',
    );
    const cj = JSON.parse(during.stdout) as { overall: string; components: { component: string; status: string; reason: string }[] };
    assert.equal(cj.overall, 'restarting');
    const overall = cj.components.find((x) => x.component === 'overall')!;
    assert.match(overall.reason, /^daemon restart #\d+ by .+ in progress, step \S+/);
    for (const x of cj.components) if (x.component.startsWith('worker ')) assert.notEqual(x.status, 'dead', JSON.stringify(x));
    const snap = await oroTopJson<Record<string, any>>(['snapshot', '--json', '--home', swarm.home], { env });
    if (snap.json.overall === 'restarting') {
      assert.equal(typeof snap.json.restart.step, 'string');
      assert.equal(typeof snap.json.restart.elapsed_s, 'number');
    }
    const r = await run;
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const afterwards = await eventually(
      async () => {
        const c = await oroTop(['check', '--home', swarm.home], { env });
        return c.exitCode === 0 ? c : undefined;
      },
      15_000,
      'healthy after the restart',
    );
    assert.match(afterwards.stdout, /^overall\s+● healthy/m);
  });
});
