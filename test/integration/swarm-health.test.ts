// oro-top against a real reference swarm: real processes, a real private tmux server, real SQLite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oroTop, oroTopJson } from '../helpers/cli.js';
import { eventually, startSwarm, type TestSwarm } from '../helpers/swarm.js';
import { watchSnapshots } from '../helpers/watch.js';

describe('a healthy reference swarm', () => {
  let swarm: TestSwarm;
  before(async () => {
    swarm = await startSwarm({ workers: 3 });
  });
  after(async () => {
    await swarm?.down();
  });

  test('check exits 0 and prints one line per component', async () => {
    const r = await oroTop(['check', '--home', swarm.home]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /^daemon\s+● healthy\s+running \(PID \d+, up \d+s\)$/);
    assert.match(r.stdout, /^architect\s+● healthy\s+active, last seen \d+s ago$/m);
    assert.match(r.stdout, /^worker w-3\s+● healthy\s+busy on oro-\w+$/m);
    assert.match(lines.at(-1)!, /^overall\s+● healthy/);
    assert.equal(r.stderr, '');
  });

  test('snapshot --json has the documented fields, and the PID is the real daemon', async () => {
    const { code, json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home]);
    assert.equal(code, 0);
    const pid = Number(readFileSync(join(swarm.home, 'oro.pid'), 'utf8'));
    assert.equal(json.overall, 'healthy');
    assert.match(String(json.collected_at), /^\d{4}-\d\d-\d\dT/);
    const d = json.daemon as Record<string, unknown>;
    assert.deepEqual(Object.keys(d).slice(0, 5), ['pid', 'state', 'status', 'reason', 'uptime_s']);
    assert.equal(d.pid, pid);
    assert.equal(d.state, 'running');
    const panes = json.panes as Record<string, unknown>[];
    assert.deepEqual(
      panes.map((p) => [p.name, p.status]),
      [
        ['architect', 'healthy'],
        ['manager', 'healthy'],
      ],
    );
    for (const p of panes) {
      assert.match(String(p.pane_id), /^%\d+$/);
      assert.equal(typeof p.pid, 'number');
      assert.match(String(p.last_activity), /^\d{4}-/);
    }
    const workers = json.workers as Record<string, unknown>[];
    assert.deepEqual(
      workers.map((w) => w.id),
      ['w-1', 'w-2', 'w-3'],
    );
    for (const w of workers) {
      for (const k of ['id', 'state', 'status', 'reason', 'pid', 'bead_id', 'last_progress_s', 'context_pct']) assert.ok(k in w, k);
      assert.equal(w.supervised, true);
    }
    const logs = json.logs as Record<string, unknown>;
    assert.equal(typeof logs.errors_last_5m, 'number');
    assert.ok(Array.isArray(logs.recent) && logs.recent.length > 0);
  });

  test('check --json and snapshot print nothing but the result on stdout, with no TTY', async () => {
    const { code, json } = await oroTopJson(['check', '--json', '--home', swarm.home]);
    assert.equal(code, 0);
    assert.equal(json.exit_code, 0);
    assert.ok(Array.isArray(json.components));
  });

  test('a config pointing at a corrupt state.db: a clear error for that source, the rest still read', async () => {
    const { writeFileSync } = await import('node:fs');
    const bad = join(swarm.home, 'corrupt.db');
    writeFileSync(bad, 'garbage '.repeat(1000));
    const { code, json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home], { env: { ORO_DB_PATH: bad } });
    assert.equal(code, 0);
    const src = (json.sources as { name: string; error: string | null }[]).find((s) => s.name === 'state.db')!;
    assert.match(String(src.error), /state.db: file is not a database/);
    assert.equal((json.daemon as Record<string, unknown>).status, 'healthy');
    assert.equal(json.overall, 'degraded');
  });

  test('a state.db without the events table: shown as missing, everything else read', async () => {
    const { openDb } = await import('../../src/system/sqlite.js');
    const copy = join(swarm.home, 'copy.db');
    const src = openDb(join(swarm.home, 'state.db'), { readonly: true });
    await src.backup(copy);
    src.close();
    const db = openDb(copy);
    db.exec('DROP TABLE events');
    db.close();
    const { json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home], { env: { ORO_DB_PATH: copy } });
    assert.deepEqual((json.state_db as { missing_tables: string[] }).missing_tables, ['events']);
    assert.equal((json.sources as { name: string; error: string | null }[]).find((s) => s.name === 'state.db')!.error, null);
  });
});

describe('log tailing through the CLI', () => {
  let home: string;
  before(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    home = mkdtempSync(join(tmpdir(), 'oro-top-logs-'));
  });
  after(async () => {
    const { rmSync } = await import('node:fs');
    rmSync(home, { recursive: true, force: true });
  });

  test('logs: escape sequences and binary junk never reach stdout raw; rotation and truncation are followed', async () => {
    const { appendFileSync, renameSync, truncateSync, writeFileSync, mkdirSync } = await import('node:fs');
    const dir = join(home, 'extra');
    mkdirSync(dir, { recursive: true });
    const log = join(dir, 'agent.log');
    writeFileSync(log, 'first line\n');
    const cfg = join(home, 'oro-top.json');
    writeFileSync(cfg, JSON.stringify({ logs: { globs: [join(dir, '*.log')] } }));
    const w = watchSnapshots(['--home', home, '--config', cfg, '--interval', '0.5']);
    try {
      await w.next();
      appendFileSync(log, '\u001b[31mERROR\u001b[0m red \u001b]0;pwned\u0007title \u001b[2J\n');
      appendFileSync(log, Buffer.from([0x00, 0xff, 0x01, 0x02, 0x1b, 0x5b, 0x00, 0x0a]));
      const texts = (s: Record<string, any>): string[] =>
        (s.logs.recent as { source: string; text: string }[]).filter((l) => l.source === log).map((l) => l.text);
      let r = await w.until((s) => texts(s).some((t) => t.startsWith('[binary')), 10);
      assert.ok(texts(r.snap).includes('ERROR red title '), texts(r.snap).join(' | '));
      renameSync(log, `${log}.1`);
      writeFileSync(log, 'after rotation\n');
      r = await w.until((s) => texts(s).includes('after rotation'), 10);
      assert.ok((r.snap.logs.notices as string[]).some((n) => /rotated/.test(n)) || r.lines > 1);
      truncateSync(log, 0);
      appendFileSync(log, 'after truncation\n');
      await w.until((s) => texts(s).includes('after truncation'), 10);
    } finally {
      await w.stop();
    }
    const all = w.raw.join('\n');
    assert.doesNotMatch(all, /\u001b|\u0007|\u0000/, 'no raw escape, bell or NUL in the output');
  });
});

describe('failures in a running swarm', () => {
  let swarm: TestSwarm;
  before(async () => {
    swarm = await startSwarm({ workers: 4 });
  });
  after(async () => {
    await swarm?.down();
  });

  test('a killed worker is dead within one refresh', async () => {
    const w = watchSnapshots(['--home', swarm.home, '--interval', '1']);
    try {
      const first = await w.until((s) => s.workers.length === 4 && s.workers.every((x: any) => x.status === 'healthy'), 10);
      const victim = first.snap.workers.find((x: any) => x.id === 'w-2');
      process.kill(victim.pid, 'SIGKILL');
      // the tick in flight when the kill happened may predate it: the next one must show it
      const r = await w.until((s) => s.workers.find((x: any) => x.id === 'w-2')?.status === 'dead', 2);
      const dead = r.snap.workers.find((x: any) => x.id === 'w-2');
      assert.match(dead.reason, /process gone/);
      assert.equal(r.snap.overall, 'degraded');
    } finally {
      await w.stop();
    }
  });

  test('a pane whose process is killed is dead, and one that exits shows its status', async () => {
    const pid = Number((await swarm.tmux(['display', '-p', '-t', '=oro:architect', '#{pane_pid}'])).trim());
    process.kill(pid, 'SIGKILL');
    const j1 = await eventually(
      async () => {
        const { json } = await oroTopJson(['snapshot', '--json', '--home', swarm.home]);
        const p = (json.panes as any[]).find((x) => x.name === 'architect');
        return p.status === 'dead' ? json : undefined;
      },
      5000,
      'architect dead',
    );
    assert.match((j1.panes as any[])[0].reason, /^pane process (ended \(exit 0 or a signal\)|was killed by signal 9)/);
    assert.equal(j1.overall, 'critical');
    await swarm.tmux(['respawn-pane', '-k', '-t', '=oro:manager', 'sh', '-c', 'exit 3']);
    const r = await eventually(
      async () => {
        const res = await oroTop(['check', '--home', swarm.home]);
        return /manager\s+○ dead\s+pane exited with status 3/.test(res.stdout) ? res : undefined;
      },
      5000,
      'manager exit status',
    );
    assert.equal(r.exitCode, 2);
  });
});
