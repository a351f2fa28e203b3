// The snapshot store: the one place the latest snapshot, its health report and oro-top's own
// observations live. Collectors write into it through the scheduler; screens and headless
// printers read from it and never reach past it.
import type { Config } from './config.js';
import { collectOnce, createSources, type Demand, type Snapshot, type SwarmSources } from './collectors/sources.js';
import { classify } from './health/classify.js';
import { observeAgents, observeSends } from './events/observe-agents.js';
import { observe, type Observation } from './health/observe.js';
import type { HealthReport } from './health/types.js';

export interface View {
  snapshot: Snapshot;
  report: HealthReport;
  /** newest last, bounded */
  observations: readonly Observation[];
  /** worker id -> how many times oro-top saw it get a new process */
  restarts: ReadonlyMap<string, number>;
}

const MAX_OBSERVATIONS = 500;

export class SnapshotStore {
  private listeners: ((v: View) => void)[] = [];
  private observations: Observation[] = [];
  private readonly restarts = new Map<string, number>();
  latest: View | null = null;
  private sources: SwarmSources | null = null;

  constructor(private readonly config: Config) {}

  /**
   * Classifies a snapshot. The health model keeps no memory of its own: the dashboard, `check` and
   * `snapshot` give the same answer for the same swarm (a vanished worker is judged from its log and
   * oro-top's journal, which every oro-top reads alike).
   */
  ingest(snapshot: Snapshot): View {
    const report = classify(snapshot, snapshot.collectedAtMs, {
      thresholds: this.config.thresholds,
      socketPath: this.config.socketPath,
      session: this.config.session,
    });
    const was = this.latest?.snapshot.slices;
    const seen = [
      ...observe(this.latest?.report ?? null, report, snapshot.collectedAtMs),
      ...observeAgents(was ? was.agents.data : null, snapshot.slices.agents.data, snapshot.collectedAtMs),
      ...observeSends(was ? was.actions.data : null, snapshot.slices.actions.data, snapshot.collectedAtMs),
    ];
    for (const o of seen) {
      if (o.kind === 'restarted' && o.component.startsWith('worker ')) {
        const id = o.component.slice('worker '.length);
        this.restarts.set(id, (this.restarts.get(id) ?? 0) + 1);
      }
    }
    if (seen.length > 0) this.observations = [...this.observations, ...seen].slice(-MAX_OBSERVATIONS);
    this.latest = { snapshot, report, observations: this.observations, restarts: this.restarts };
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
  async start(opts: { dashboard?: boolean } = {}): Promise<void> {
    this.sources = createSources(this.config, (s) => this.ingest(s), opts);
    this.sources.scheduler.start();
    await this.sources.logs.watch(() => this.sources?.scheduler.requestSoon('logs'));
  }

  /** What the screen on show needs beyond the always-on sources; collected from the next tick. */
  setDemand(d: Partial<Demand>): void {
    if (!this.sources) return;
    const cur = this.sources.demand;
    const changed =
      (d.paneText !== undefined && d.paneText !== cur.paneText) ||
      (d.workerTail !== undefined && d.workerTail !== cur.workerTail) ||
      (d.logs === true && !cur.logs);
    Object.assign(cur, d);
    if (changed) {
      this.sources.scheduler.requestSoon('paneText');
      this.sources.scheduler.requestSoon('workerTail');
      if (cur.logs) this.sources.scheduler.requestSoon('logs');
      void this.sources.scheduler.tick();
    }
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
