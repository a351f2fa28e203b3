// The snapshot store: the one place the latest snapshot and its health report live. Collectors
// write into it through the scheduler; screens and headless printers read from it.
import type { Config } from './config.js';
import { collectOnce, createSources, type Snapshot, type SwarmSources } from './collectors/sources.js';
import { classify } from './health/classify.js';
import type { HealthReport } from './health/types.js';

export interface View {
  snapshot: Snapshot;
  report: HealthReport;
}

export class SnapshotStore {
  private readonly known = new Set<string>();
  private listeners: ((v: View) => void)[] = [];
  latest: View | null = null;
  private sources: SwarmSources | null = null;

  constructor(private readonly config: Config) {}

  /** Classifies a snapshot, remembering the worker ids seen so a vanished worker stays listed. */
  ingest(snapshot: Snapshot): View {
    const report = classify(snapshot, snapshot.collectedAtMs, {
      thresholds: this.config.thresholds,
      socketPath: this.config.socketPath,
      session: this.config.session,
      knownWorkerIds: this.known,
    });
    for (const w of report.workers) this.known.add(w.id);
    this.latest = { snapshot, report };
    for (const l of this.listeners) l(this.latest);
    return this.latest;
  }

  subscribe(fn: (v: View) => void): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /** Starts the scheduler (long-running modes); chokidar asks for early log reads. */
  async start(): Promise<void> {
    this.sources = createSources(this.config, (s) => this.ingest(s));
    await this.sources.logs.watch(() => this.sources?.scheduler.requestSoon('logs'));
    this.sources.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.sources?.close();
    this.sources = null;
  }

  /** One collection and classification, for headless one-shot commands. */
  async once(): Promise<View> {
    return this.ingest(await collectOnce(this.config));
  }
}
