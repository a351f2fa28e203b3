// `oro-top metrics`: the swarm's health for Prometheus. `--listen HOST:PORT` (default
// 127.0.0.1:9273) serves /metrics from a long-running collection until stopped; `--textfile PATH`
// writes one exposition atomically for node_exporter's textfile collector and exits (with
// `--watch`: rewrites it every refresh until stopped).
import type { Argv } from 'yargs';
import type { Config } from '../config.js';
import { MetricsExporter } from '../metrics/registry.js';
import { DEFAULT_LISTEN, parseListen, startMetricsServer } from '../metrics/server.js';
import { SnapshotStore } from '../store.js';
import { writeFileAtomic } from '../system/atomic-write.js';
import { OroTopError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { configFrom, type GlobalArgs } from './args.js';
import { say, warn } from './output.js';

type Run = (p: Promise<number>) => Promise<void>;

interface MetricsArgs extends GlobalArgs {
  listen?: string;
  textfile?: string;
  watch: boolean;
  'per-worker'?: boolean;
}

export function metricsCommand(y: Argv<GlobalArgs>, run: Run): Argv<GlobalArgs> {
  return y.command(
    'metrics',
    `the swarm's health for Prometheus: serve /metrics (--listen, default ${DEFAULT_LISTEN}) or write a textfile (--textfile)`,
    (c) =>
      c
        .option('listen', { type: 'string', describe: `serve /metrics on HOST:PORT (default ${DEFAULT_LISTEN})` })
        .option('textfile', {
          type: 'string',
          describe: "write the exposition to this file atomically (node_exporter's textfile collector)",
        })
        .option('watch', {
          type: 'boolean',
          default: false,
          describe: 'with --textfile: rewrite it every --interval seconds until stopped',
        })
        .option('per-worker', {
          type: 'boolean',
          describe: 'per-worker series on or off (--no-per-worker); default: config metrics.per_worker, else on up to 200 workers',
        }),
    (a) => run(runMetrics(a as unknown as MetricsArgs)),
  );
}

export async function runMetrics(a: MetricsArgs): Promise<number> {
  if (a.listen !== undefined && a.textfile !== undefined) throw new OroTopError('usage', 'metrics: give --listen or --textfile, not both');
  if (a.watch && a.textfile === undefined)
    throw new OroTopError('usage', 'metrics: --watch goes with --textfile (--listen runs until stopped)');
  if (a.textfile === '') throw new OroTopError('usage', '--textfile: give a file path');
  // the address is checked before anything is collected
  const listen = a.textfile === undefined ? parseListen(a.listen ?? DEFAULT_LISTEN) : null;
  const config = configFrom(a);
  const perWorker = a['per-worker'] ?? config.metrics.perWorker;
  const notice = (text: string): void => warn(`oro-top metrics: ${text}\n`);
  if (listen) return serve(config, listen, perWorker, notice);
  return textfile(config, a.textfile!, a.watch, perWorker, notice);
}

async function serve(
  config: Config,
  listen: ReturnType<typeof parseListen>,
  perWorker: boolean | 'auto',
  notice: (t: string) => void,
): Promise<number> {
  const store = new SnapshotStore(config);
  const server = await startMetricsServer(store, listen, { perWorker, onNotice: notice });
  try {
    await store.start();
    say(`oro-top ${VERSION}: serving ${server.url} for ${config.home} (every ${config.intervalS} s; Ctrl-C stops)\n`);
    await untilSignal();
  } finally {
    await server.close();
    await store.stop();
  }
  return 0;
}

async function textfile(
  config: Config,
  path: string,
  watch: boolean,
  perWorker: boolean | 'auto',
  notice: (t: string) => void,
): Promise<number> {
  if (!path.endsWith('.prom')) notice(`${path}: node_exporter's textfile collector reads only files named *.prom`);
  // the CPU and memory of a process that exits at once say nothing: process metrics only with --watch
  const exporter = new MetricsExporter({ perWorker, version: VERSION, onNotice: notice }, watch);
  const store = new SnapshotStore(config);
  const write = async (): Promise<void> => writeFileAtomic(path, await exporter.text());
  if (!watch) {
    exporter.update(await store.once());
    await write();
    return 0;
  }
  // a file that cannot be written ends the watch with its one-line error
  let fail: (err: unknown) => void = () => {};
  const failure = new Promise<unknown>((resolve) => {
    fail = resolve;
  });
  let chain = Promise.resolve();
  store.subscribe((v) => {
    exporter.update(v);
    if (v.snapshot.complete !== false) chain = chain.then(write).catch(fail);
  });
  const stopped = untilSignal().then(() => null);
  await store.start();
  const failed = await Promise.race([stopped, failure]);
  await store.stop();
  await chain;
  if (failed) throw failed;
  return 0;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => resolve(s);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    process.once('SIGHUP', on);
  });
}
