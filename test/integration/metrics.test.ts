// `oro-top metrics` against a live reference swarm: the exposition read by a real parser
// (parse-prometheus-text-format, and Prometheus' own promtool when installed) and checked against
// the swarm's snapshot; /metrics over HTTP; a bad address 64, a port in use 70; the textfile
// written atomically.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import parse from 'parse-prometheus-text-format';
import { BUNDLE, oroTop, oroTopJson } from '../helpers/cli.js';
import { eventually, sleep, startSwarm, type TestSwarm } from '../helpers/swarm.js';

type Family = ReturnType<typeof parse>[number];
const ENV = { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-test', LANG: 'C.UTF-8', LC_ALL: '' };

const families = (text: string): Map<string, Family> => new Map(parse(text).map((f) => [f.name, f]));
const value = (f: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined => {
  const m = f.get(name)?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return m?.value === undefined ? undefined : Number(m.value);
};

async function promtoolCheck(text: string): Promise<string | null> {
  const r = await execa('promtool', ['check', 'metrics'], { input: text, reject: false });
  if ((r as { code?: string }).code === 'ENOENT' || r.exitCode === undefined) {
    console.log('# promtool not installed (apt-get install prometheus): the exposition is checked by parse-prometheus-text-format only');
    return null;
  }
  return `${r.exitCode} ${r.stdout}${r.stderr}`;
}

function serve(args: string[]): ResultPromise {
  return execa(process.execPath, [BUNDLE, 'metrics', ...args], { env: ENV, reject: false, stdin: 'ignore', all: true });
}

async function waitForUrl(p: ResultPromise): Promise<string> {
  let text = '';
  p.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return eventually(async () => /serving (http:\/\/\S+\/metrics)/.exec(text)?.[1], 20_000, 'metrics --listen to serve');
}

describe('oro-top metrics on a live reference swarm', () => {
  let swarm: TestSwarm;
  let dir: string;
  before(async () => {
    swarm = await startSwarm({ workers: 3 });
    dir = mkdtempSync(join(tmpdir(), 'oro-top-metrics-'));
  });
  after(async () => {
    await swarm?.down();
    rmSync(dir, { recursive: true, force: true });
  });

  test('--textfile: names, types, labels and values match the swarm; mode 0644; nothing else left in the folder', async () => {
    const file = join(dir, 'oro.prom');
    const r = await oroTop(['metrics', '--home', swarm.home, '--textfile', file]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(readdirSync(dir), ['oro.prom'], 'the temporary file was renamed into place');
    assert.equal((statSync(file).mode & 0o777).toString(8), '644');
    const lint = await promtoolCheck(text);
    if (lint !== null) assert.equal(lint, '0 ', 'promtool check metrics');
    const f = families(text);
    const { json } = await oroTopJson<{
      overall: string;
      daemon: { uptime_s: number };
      workers: { id: string; status: string }[];
      sources: { name: string }[];
    }>(['snapshot', '--json', '--home', swarm.home]);
    assert.equal(json.overall, 'healthy');
    const types = Object.fromEntries([...f].map(([n, fam]) => [n, fam.type]));
    assert.equal(types.oro_swarm_up, 'GAUGE');
    assert.equal(types.oro_log_errors_total, 'COUNTER');
    assert.equal(types.oro_top_collection_duration_seconds, 'HISTOGRAM');
    assert.equal(value(f, 'oro_swarm_up'), 1);
    assert.deepEqual(
      f.get('oro_swarm_status')!.metrics.map((m) => [m.labels!.status, m.value]),
      [
        ['healthy', '1'],
        ['degraded', '0'],
        ['critical', '0'],
        ['unreachable', '0'],
        ['restarting', '0'],
      ],
    );
    assert.equal(value(f, 'oro_daemon_up'), 1);
    const uptime = value(f, 'oro_daemon_uptime_seconds')!;
    assert.ok(uptime >= 0 && uptime <= json.daemon.uptime_s + 1, `uptime ${uptime} vs snapshot ${json.daemon.uptime_s}`);
    assert.equal(value(f, 'oro_workers', { status: 'healthy' }), 3);
    assert.equal(value(f, 'oro_workers', { status: 'dead' }), 0);
    assert.deepEqual(
      f.get('oro_worker_up')!.metrics.map((m) => [m.labels!.worker, m.value]),
      json.workers.map((w) => [w.id, w.status === 'dead' ? '0' : '1']),
    );
    const ages = f.get('oro_worker_last_progress_age_seconds')!.metrics;
    assert.deepEqual(
      ages.map((m) => m.labels!.worker),
      ['w-1', 'w-2', 'w-3'],
    );
    for (const m of ages) assert.ok(Number(m.value) >= 0 && Number(m.value) < 45, `progress age ${m.value}`);
    assert.deepEqual(
      f.get('oro_worker_restarts_seen_total')!.metrics.map((m) => [m.labels!.worker, m.value]),
      [
        ['w-1', '0'],
        ['w-2', '0'],
        ['w-3', '0'],
      ],
    );
    for (const m of f.get('oro_worker_context_ratio')!.metrics) assert.ok(Number(m.value) >= 0 && Number(m.value) <= 1);
    assert.deepEqual([value(f, 'oro_pane_up', { pane: 'architect' }), value(f, 'oro_pane_up', { pane: 'manager' })], [1, 1]);
    assert.deepEqual(
      f.get('oro_top_source_up')!.metrics.map((m) => m.labels!.source),
      json.sources.map((s) => s.name),
    );
    assert.deepEqual(
      f.get('oro_top_source_up')!.metrics.map((m) => m.value),
      json.sources.map(() => '1'),
    );
    assert.deepEqual(
      f.get('oro_log_errors_total')!.metrics.map((m) => m.labels!.log),
      ['daemon', 'workers', 'other'],
    );
    assert.equal(value(f, 'oro_supervisor_running'), 0);
    assert.equal(value(f, 'oro_supervisor_gave_up_targets'), 0);
    assert.equal(f.get('oro_top_collection_duration_seconds')!.metrics[0]!.count, '1');
    assert.equal(value(f, 'oro_top_per_worker_series'), 1);
    assert.equal(f.has('oro_top_process_cpu_seconds_total'), false, 'a one-shot textfile has no process metrics');
    // per-worker series off by flag: no worker label anywhere
    const off = await oroTop(['metrics', '--home', swarm.home, '--textfile', file, '--no-per-worker']);
    assert.equal(off.exitCode, 0, off.stderr);
    const g = families(readFileSync(file, 'utf8'));
    assert.equal(value(g, 'oro_top_per_worker_series'), 0);
    assert.deepEqual(g.get('oro_worker_up')!.metrics, []);
    assert.equal(value(g, 'oro_workers', { status: 'healthy' }), 3);
  });

  test('--listen serves /metrics (a per-worker series, process metrics) and /; a second one on the port exits 70', async () => {
    const p = serve(['--home', swarm.home, '--listen', '127.0.0.1:0', '--interval', '0.5']);
    try {
      const url = await waitForUrl(p);
      const text = await eventually(async () => {
        const res = await fetch(url);
        return res.status === 200 ? { text: await res.text(), type: res.headers.get('content-type') } : undefined;
      });
      assert.match(String(text.type), /^text\/plain; version=0\.0\.4/);
      const f = families(text.text);
      assert.equal(value(f, 'oro_swarm_up'), 1);
      assert.ok(value(f, 'oro_worker_last_progress_age_seconds', { worker: 'w-2' })! >= 0);
      assert.ok(value(f, 'oro_top_process_resident_memory_bytes')! > 10_000_000);
      const lint = await promtoolCheck(text.text);
      if (lint !== null) assert.equal(lint, '0 ', 'promtool check metrics');
      // the long-running collection goes on: the duration histogram grows
      await eventually(async () => {
        const h = families(await (await fetch(url)).text()).get('oro_top_collection_duration_seconds')!;
        return Number(h.metrics[0]!.count) >= 3 ? true : undefined;
      });
      const home = await fetch(url.replace(/\/metrics$/, '/'));
      assert.match(await home.text(), /<a href="\/metrics">/);
      assert.equal((await fetch(url.replace(/\/metrics$/, '/nope'))).status, 404);
      const port = new URL(url).port;
      const second = await oroTop(['metrics', '--home', swarm.home, '--listen', `127.0.0.1:${port}`]);
      assert.equal(second.exitCode, 70, second.stderr);
      assert.equal(second.stderr, `oro-top: cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      p.kill('SIGTERM');
    }
    const r = await p;
    assert.equal(r.exitCode, 0, String(r.all));
  });

  test('a port another program holds: exit 70, one line', async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as { port: number }).port;
    try {
      const r = await oroTop(['metrics', '--home', swarm.home, '--listen', `127.0.0.1:${port}`]);
      assert.equal(r.exitCode, 70);
      assert.equal(r.stderr, `oro-top: cannot listen on 127.0.0.1:${port}: the port is in use`);
      assert.equal(r.stdout, '');
    } finally {
      held.close();
    }
  });

  test('a bad listen address: exit 64, one line, before anything is collected', async () => {
    for (const bad of ['nonsense', '127.0.0.1', '127.0.0.1:99999', '127.0.0.1:http', '[zz]:9273', '203.0.113.7:9273']) {
      const r = await oroTop(['metrics', '--home', swarm.home, '--listen', bad]);
      assert.equal(r.exitCode, 64, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /^oro-top: --listen: [^\n]*give HOST:PORT[^\n]*$/, bad);
      assert.equal(r.stdout, '');
    }
    const both = await oroTop(['metrics', '--listen', ':0', '--textfile', join(dir, 'x.prom')]);
    assert.equal(both.exitCode, 64);
    assert.match(both.stderr, /^oro-top: metrics: give --listen or --textfile, not both/);
  });

  test('--textfile --watch rewrites the file atomically: a reader never sees half of it', async () => {
    const file = join(dir, 'watch.prom');
    const p = serve(['--home', swarm.home, '--textfile', file, '--watch', '--interval', '0.3']);
    const inodes = new Set<number>();
    let reads = 0;
    try {
      await eventually(async () => (readdirSync(dir).includes('watch.prom') ? true : undefined), 20_000, 'the first write');
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        const text = readFileSync(file, 'utf8');
        inodes.add(statSync(file).ino);
        // a whole exposition: parses, and its last family is there to its end
        assert.ok(families(text).has('oro_swarm_up'));
        assert.match(text, /\noro_top_collection_duration_seconds_count \d+\n/);
        assert.match(text, /\n$/);
        reads++;
        await sleep(5);
      }
    } finally {
      p.kill('SIGTERM');
    }
    const r = await p;
    assert.equal(r.exitCode, 0, String(r.all));
    assert.ok(reads > 100, `${reads} reads`);
    assert.ok(inodes.size >= 3, `rewritten by rename (a new file each time): ${inodes.size} files seen`);
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.tmp')).length, 0, 'no temporary file left');
    const f = families(readFileSync(file, 'utf8'));
    assert.ok(value(f, 'oro_top_process_cpu_seconds_total')! > 0, '--watch carries process metrics');
    const nowhere = await oroTop(['metrics', '--home', swarm.home, '--textfile', join(dir, 'no', 'such', 'dir.prom')]);
    assert.equal(nowhere.exitCode, 70);
    assert.match(nowhere.stderr, /^oro-top: cannot write [^\n]*no\/such\/dir\.prom \(ENOENT\)$/);
  });
});
