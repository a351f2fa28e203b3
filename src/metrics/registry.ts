// The families of ./families.ts written out by prom-client (the Prometheus ecosystem's own client
// library): one registry per exporter, every family refilled from the latest view at each scrape,
// oro-top's own collection duration as a histogram observed once per complete collection, and
// prom-client's default process metrics (CPU, RSS, ...) under the oro_top_ prefix.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import type { View } from '../store.js';
import { type Families, type MapOptions, METRICS, type MetricKey, metricFamilies, perWorkerOn } from './families.js';

export const COLLECTION_DURATION = 'oro_top_collection_duration_seconds';
/** seconds: a collection takes tens of milliseconds on a small swarm, seconds on a slow host */
const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class MetricsExporter {
  readonly registry = new Registry();
  private families: Families | null = null;
  private readonly duration: Histogram;
  /** the reason per-worker series are off (said once when it changes), or null */
  private perWorkerOff: string | null = null;

  constructor(
    private readonly opts: MapOptions & { onNotice?: (text: string) => void },
    processMetrics = true,
  ) {
    for (const key of Object.keys(METRICS) as MetricKey[]) this.register(key);
    this.duration = new Histogram({
      name: COLLECTION_DURATION,
      help: "how long one collection of every source took (oro-top's own cost)",
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    if (processMetrics) this.defaultMetrics();
  }

  private register(key: MetricKey): void {
    const def = METRICS[key];
    const base = { name: def.name, help: def.help, labelNames: [...def.labels], registers: [this.registry] };
    const samples = (): { labels: Record<string, string>; value: number }[] => this.families?.[key] ?? [];
    if (def.type === 'counter') {
      const c: Counter = new Counter({
        ...base,
        collect: () => {
          c.reset();
          for (const s of samples()) c.inc(s.labels, s.value);
          if (def.labels.length === 0 && samples().length === 0) c.remove({});
        },
      });
    } else {
      const g: Gauge = new Gauge({
        ...base,
        collect: () => {
          g.reset();
          for (const s of samples()) g.set(s.labels, s.value);
          // a value-less family shows no sample (prom-client would print 0)
          if (def.labels.length === 0 && samples().length === 0) g.remove({});
        },
      });
    }
  }

  /**
   * prom-client's default metrics under oro_top_, less its gauges named `*_total` (active handles,
   * requests, resources): Prometheus' own lint (`promtool check metrics`) rejects a gauge so named.
   */
  private defaultMetrics(): void {
    const all = new Registry();
    collectDefaultMetrics({ register: all, prefix: 'oro_top_' });
    for (const m of all.getMetricsAsArray()) {
      const type = (m as unknown as { type: string }).type;
      if (!(m.name.endsWith('_total') && type !== 'counter')) this.registry.registerMetric(m as unknown as Metric);
    }
  }

  /** Takes a view: the families follow it; a complete collection is one duration observation. */
  update(view: View): void {
    this.families = metricFamilies(view, this.opts);
    const { collectMs, complete } = view.snapshot;
    if (complete !== false && collectMs !== undefined) this.duration.observe(collectMs / 1000);
    const pw = perWorkerOn(this.opts.perWorker, view.report.workers.length);
    if (pw.why !== this.perWorkerOff) {
      this.perWorkerOff = pw.why;
      // "auto" switches by itself: say so; a configured "off" is no news
      if (this.opts.perWorker === 'auto') this.opts.onNotice?.(pw.why ?? 'per-worker series are on again');
    }
  }

  get ready(): boolean {
    return this.families !== null;
  }

  /** why per-worker series are off, or null when they are on */
  get perWorkerNotice(): string | null {
    return this.perWorkerOff;
  }

  /** The exposition, in the Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
