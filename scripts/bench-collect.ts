// Measures the cost of one collection tick (all sources + the health model) against a live
// reference swarm of 10, 100 and 1,000 workers. 10 workers are real processes; larger swarms run
// in one pool process that opens one connection (and one output.log) per worker.
//   npm run bench:collect            # 10, 100, 1000
//   npm run bench:collect -- 50 500  # other sizes
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createSources } from '../src/collectors/sources.js';
import { classify } from '../src/health/classify.js';
import { swarmDown } from '../src/reference-swarm/down.js';
import { swarmUp } from '../src/reference-swarm/up.js';

const TICKS = 15;

/** This process's CPU plus that of its reaped children (tmux), in ms. */
function cpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8')
    .slice(readFileSync('/proc/self/stat', 'utf8').lastIndexOf(')') + 2)
    .split(' ');
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
  return ticks * 10;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function bench(workers: number): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), `oro-top-bench-${workers}-`));
  try {
    const t0 = Date.now();
    await swarmUp({ home, workers, pool: workers > 10, timeoutMs: 120_000 });
    const upS = (Date.now() - t0) / 1000;
    const config = loadConfig({ home });
    const src = createSources(config);
    for (let i = 0; i < 3; i++) await src.scheduler.tick(true); // warm-up: caches, first reads of every log
    const wall: number[] = [];
    const cpu: number[] = [];
    let seen = 0;
    for (let i = 0; i < TICKS; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const w0 = performance.now();
      const c0 = cpuMs();
      await src.scheduler.tick(true);
      const report = classify({ collectedAtMs: Date.now(), slices: src.scheduler.slices() }, Date.now(), {
        thresholds: config.thresholds,
        socketPath: config.socketPath,
        session: config.session,
      });
      wall.push(performance.now() - w0);
      cpu.push(cpuMs() - c0);
      seen = report.workers.length;
    }
    await src.close();
    const rss = process.memoryUsage().rss / 2 ** 20;
    return `| ${workers} | ${seen} | ${pct(wall, 50).toFixed(1)} | ${pct(wall, 95).toFixed(1)} | ${pct(cpu, 50).toFixed(0)} | ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(1)} | ${rss.toFixed(0)} | ${upS.toFixed(1)} |`;
  } finally {
    await swarmDown(home).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
console.log(`collection tick cost, ${TICKS} ticks each (CPU includes tmux children; 10 ms clock-tick resolution)`);
console.log('| workers | workers seen | wall p50 ms | wall p95 ms | CPU p50 ms | CPU mean ms | bench RSS MiB | swarm up s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const n of sizes.length ? sizes : [10, 100, 1000]) console.log(await bench(n));
