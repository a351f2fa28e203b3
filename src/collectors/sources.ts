// Wires every collector to the configuration: the set of sources one scheduler runs.
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { ActionsCollector, type ActionsSnapshot } from './actions.js';
import { AgentsCollector, type AgentsSnapshot } from './agents.js';
import { DaemonCollector, type DaemonSnapshot } from './daemon.js';
import { HostCollector, type HostSnapshot } from './host.js';
import { LogsCollector, type LogsSnapshot } from './logs.js';
import { PANE_NAMES, readPaneContext } from './pane-context.js';
import type { PaneTextSnapshot } from './pane-text.js';
import { SelfCollector, type SelfSnapshot } from './self.js';
import { readWorkerTail, type WorkerTailSnapshot } from './worker-tail.js';
import { ProcessTableSampler, type ProcessTable } from './process-table.js';
import { Scheduler, type Source } from './scheduler.js';
import type { Slice } from './slice.js';
import { StateDbCollector, type StateDbSnapshot } from './state-db.js';
import { TmuxCollector, type TmuxSnapshot } from './tmux.js';
import { OroTopError } from '../util/errors.js';
import { sanitizeDeep, sanitizeField } from '../util/sanitize.js';
import { SOURCE_NAMES } from './source-names.js';
import { SupervisionCollector, type SupervisionSnapshot } from './supervision.js';

export interface PanesSnapshot extends TmuxSnapshot {
  contextPct: Record<string, number | null>;
}

export type SourceData = {
  home: { exists: boolean; path: string };
  processes: ProcessTable;
  daemon: DaemonSnapshot;
  tmux: PanesSnapshot;
  db: StateDbSnapshot;
  logs: LogsSnapshot;
  host: HostSnapshot;
  self: SelfSnapshot;
  /** only while a screen asks for it (Demand.paneText); from the agents' capture */
  paneText: PaneTextSnapshot | null;
  /** the agents in the panes: every refresh (the overview, snapshot and events need them) */
  agents: AgentsSnapshot;
  /** only while a screen asks for it (Demand.workerTail) */
  workerTail: WorkerTailSnapshot | null;
  /** oro-top's own journal: this home's recent actions (a restart in progress is its own state) */
  actions: ActionsSnapshot;
  /** the supervisor of this home as the journal records it: who runs, paused, gave up, incidents, timeline */
  supervisor: SupervisionSnapshot;
};

/** What the screens on show need beyond the always-on sources. */
export interface Demand {
  paneText: boolean;
  workerTail: string | null;
  /** the logs are on screen: read them every refresh (else every other one) */
  logs: boolean;
}

export type Slices = { [K in keyof SourceData]: Slice<SourceData[K]> };

/** Everything one refresh knows, handed to the health model and the screens. */
export interface Snapshot {
  collectedAtMs: number;
  slices: Slices;
  /**
   * false for an update between two refreshes (a source with a shorter interval, or one asked for
   * early): `snapshot --watch` prints only complete ones, one per refresh. Absent means complete.
   */
  complete?: boolean;
  /** how long the collection of this update took (ms) */
  collectMs?: number;
}

export interface SwarmSources {
  scheduler: Scheduler<SourceData>;
  logs: LogsCollector;
  demand: Demand;
  close(): Promise<void>;
}

/**
 * How many of the newest log lines each snapshot carries: the dashboard's logs screen scrolls back
 * through the whole buffer (logs.buffer_lines); headless snapshots carry logs.recent_lines.
 */
export function recentLinesFor(config: Config, dashboard: boolean): number {
  return dashboard ? config.logs.bufferLines : config.logs.recentLines;
}

export function createSources(
  config: Config,
  onUpdate: (s: Snapshot) => void = () => {},
  /** `dashboard`: a screen is on (logs after the first frame; state.db, and logs off-screen, every other refresh) */
  opts: { dashboard?: boolean } = {},
): SwarmSources {
  const daemon = new DaemonCollector(config);
  const processes = new ProcessTableSampler();
  const db = new StateDbCollector(config.dbPath);
  const logs = new LogsCollector(config, { recentLimit: recentLinesFor(config, opts.dashboard === true) });
  const host = new HostCollector();
  const self = new SelfCollector();
  const tmuxPanes = new TmuxCollector(config, 3 * config.intervalS * 1000);
  const actions = new ActionsCollector(undefined, config.home);
  const supervision = new SupervisionCollector(config.home);
  // the tmux and agents sources of one refresh share one listing, and agents and paneText one capture
  const listPanes = shared(() => tmuxPanes.collect());
  // headless modes (no screen) read everything every refresh
  const demand: Demand = { paneText: false, workerTail: null, logs: !opts.dashboard };
  let lastActions: ActionsSnapshot | null = null;
  const ms = config.intervalS * 1000;
  const sources: { [K in keyof SourceData]: Source<SourceData[K]> } = {
    home: { name: SOURCE_NAMES.home, intervalMs: ms, collect: async () => ({ exists: existsSync(config.home), path: config.home }) },
    processes: { name: SOURCE_NAMES.processes, intervalMs: ms, collect: () => processes.sample() },
    daemon: { name: SOURCE_NAMES.daemon, intervalMs: ms, collect: () => daemon.collect() },
    tmux: {
      name: SOURCE_NAMES.tmux,
      intervalMs: ms,
      collect: async () => {
        const [t, contextPct] = await Promise.all([listPanes(), readPaneContext(config.home)]);
        return { ...t, contextPct };
      },
    },
    // events and escalations change slowly and pane activity also comes from tmux: every other refresh
    db: { name: SOURCE_NAMES.db, intervalMs: opts.dashboard ? 2 * ms : ms, collect: () => db.collect() },
    // the first read of every log's tail is the slowest part of a tick: after the first frame
    logs: {
      name: SOURCE_NAMES.logs,
      intervalMs: () => (demand.logs ? ms : 2 * ms),
      collect: () => logs.collect(),
      ...(opts.dashboard ? { firstDelayMs: 30 } : {}),
    },
    host: { name: SOURCE_NAMES.host, intervalMs: ms, collect: () => host.collect() },
    self: { name: SOURCE_NAMES.self, intervalMs: ms, collect: () => self.collect() },
    ...paneSources(config, demand, listPanes),
    workerTail: {
      name: SOURCE_NAMES.workerTail,
      intervalMs: ms,
      collect: async () => (demand.workerTail ? readWorkerTail(config.home, demand.workerTail) : null),
    },
    // a running action is followed closely; otherwise the journal changes only when someone acts
    actions: {
      name: SOURCE_NAMES.actions,
      intervalMs: () => (lastActions?.recent.some((a) => a.status === 'running') ? 500 : ms),
      collect: async () => {
        const next = await actions.collect();
        // an action may have respawned a pane or restarted a worker: list tmux afresh
        if (actionsKey(next) !== actionsKey(lastActions)) tmuxPanes.invalidate();
        lastActions = next;
        return next;
      },
    },
    // the same journal, as often as the actions are read when none runs
    supervisor: { name: SOURCE_NAMES.supervisor, intervalMs: ms, collect: () => supervision.collect() },
  };
  sanitizeAll(sources);
  const scheduler = new Scheduler<SourceData>(sources, ms, (slices, complete, collectMs) =>
    onUpdate({ collectedAtMs: Date.now(), slices, complete, collectMs }),
  );
  return {
    scheduler,
    logs,
    demand,
    async close() {
      scheduler.stop();
      await logs.close();
      db.close();
      actions.close();
      supervision.close();
    },
  };
}

/** The one sanitiser, at the collector boundary: every string a source hands out (and its errors). */
function sanitizeAll(sources: { [K in keyof SourceData]: Source<SourceData[K]> }): void {
  for (const src of Object.values(sources) as Source<unknown>[]) {
    const collect = src.collect;
    src.collect = async () => {
      try {
        return sanitizeDeep(await collect());
      } catch (err) {
        throw cleanError(err);
      }
    };
  }
}

function cleanError(err: unknown): unknown {
  if (err instanceof OroTopError) {
    const msg = sanitizeField(err.message);
    return msg === err.message ? err : new OroTopError(err.kind, msg, { cause: err });
  }
  return err instanceof Error ? new Error(sanitizeField(err.message), { cause: err }) : sanitizeField(String(err));
}

/** The agents (every refresh) and the panes screen's text (on demand): one capture for both. */
function paneSources(
  config: Config,
  demand: Demand,
  listPanes: () => Promise<TmuxSnapshot>,
): { paneText: Source<PaneTextSnapshot | null>; agents: Source<AgentsSnapshot> } {
  const ms = config.intervalS * 1000;
  const agents = new AgentsCollector(config);
  const runAgents = shared(async () => agents.collect(await listPanes()));
  return {
    paneText: {
      name: SOURCE_NAMES.paneText,
      intervalMs: ms,
      collect: async () => {
        if (!demand.paneText) return null;
        const a = await runAgents();
        return { lines: Object.fromEntries(PANE_NAMES.map((n) => [n, a.lines[n] ?? []])) };
      },
    },
    agents: { name: SOURCE_NAMES.agents, intervalMs: ms, collect: () => runAgents() },
  };
}

/** One call shared by the callers within `freshMs` of its start (the sources of one refresh). */
function shared<T>(fn: () => Promise<T>, freshMs = 250): () => Promise<T> {
  let last: { atMs: number; p: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.atMs < freshMs) return last.p;
    const p = fn();
    last = { atMs: now, p };
    return p;
  };
}

const actionsKey = (a: ActionsSnapshot | null): string => (a?.recent ?? []).map((x) => `${x.id}:${x.status}:${x.steps.length}`).join(',');

/** Collects every source once (headless commands). */
export async function collectOnce(config: Config): Promise<Snapshot> {
  const src = createSources(config);
  try {
    const started = Date.now();
    await src.scheduler.tick(true);
    return { collectedAtMs: Date.now(), slices: src.scheduler.slices(), complete: true, collectMs: Date.now() - started };
  } finally {
    await src.close();
  }
}
