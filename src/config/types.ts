// The shapes of oro-top's configuration: the resolved Config every part reads, the flags the
// commands share, and one Layer of settings (a config file or the swarm manifest) before defaults.

export interface Thresholds {
  /** A busy worker without progress for this long is degraded (oro's heartbeat timeout). */
  heartbeatS: number;
  /** A pane without activity for this long is degraded. */
  paneIdleS: number;
  /** A busy worker without progress for this long is stuck (oro's no-progress timeout). */
  noProgressS: number;
  /** How long to wait for the control socket to answer one directive. */
  socketTimeoutMs: number;
  /** How long a drain may take before oro-top escalates (used by restart actions). */
  drainTimeoutS: number;
  /** A vanished worker (no process, not listed by the daemon) is shown dead this long after its last output, then dropped. */
  goneKeepS: number;
}

export interface LogConfig {
  /** Extra log files or globs to tail, besides the daemon log and worker output logs. */
  globs: string[];
  errorPatterns: string[];
  ignorePatterns: string[];
  /** Lines kept in memory across all logs. */
  bufferLines: number;
  /** The newest lines handed out with each snapshot (`logs.recent` in snapshot JSON). */
  recentLines: number;
}

/** `oro-top supervise`: what it does and within which bounds (config `supervise`, or its flags). */
export interface SuperviseConfig {
  /** recover what it finds; without it the supervisor only watches, records and alerts */
  autoRestart: boolean;
  /** restarts allowed per target per window */
  maxRestarts: number;
  windowS: number;
  /** a daemon alive whose socket does not answer `health` this long is frozen */
  freezeAfterS: number;
  /** the alert command and its arguments (the alert as JSON on stdin); null: none */
  onAlert: string[] | null;
  /** one alert per kind and target at most this often */
  alertCooldownS: number;
  /** an alert command running longer is stopped */
  alertTimeoutS: number;
  /** error lines per minute that make an error burst */
  errorBurstPerMin: number;
  /** incidents and the health timeline are kept this many days */
  retentionDays: number;
}

/** The agents in the panes (config `agents`): stuck detection, which panes, task files, send, rules. */
export interface AgentsConfig {
  /** busy text unchanged this long: the agent is stuck */
  stuckAfterS: number;
  /** window names (a regex) watched besides architect and manager, whatever they run; null: none */
  panes: string | null;
  /** also watch any other pane of the session whose command is a known agent's */
  detect: boolean;
  /** pane -> a markdown task file whose checkboxes give the pane's progress */
  taskFiles: Record<string, string>;
  /** lines `send` may type into one pane a minute */
  sendPerMinute: number;
  /** rules added to the defaults (src/agents/rules/default-rules.json) */
  rules: import('../agents/rules.js').AgentRulesOverride;
}

/** `oro-top metrics`: per-worker series on, off, or 'auto' (on up to 200 workers, then off with a notice). */
export interface MetricsConfig {
  perWorker: boolean | 'auto';
}

export interface Config {
  home: string;
  pidPath: string;
  socketPath: string;
  dbPath: string;
  daemonLog: string;
  /** tmux server name (`tmux -L NAME`); null means the user's default server. */
  tmuxSocket: string | null;
  session: string;
  intervalS: number;
  thresholds: Thresholds;
  /** argv of the daemon start command; `{workers}` is replaced by the worker count. */
  daemonStartCommand: string[];
  /** A process is the daemon only if its command line matches this. */
  daemonMatch: string;
  /** argv per pane for respawn; absent: the pane's own start command */
  paneCommands: Record<string, string[]>;
  logs: LogConfig;
  supervise: SuperviseConfig;
  agents: AgentsConfig;
  metrics: MetricsConfig;
  /** The config file that was read, if any. */
  configFile: string | null;
}

/** The flags every command shares; undefined means "not given". */
export interface ConfigFlags {
  home?: string | undefined;
  tmuxSocket?: string | undefined;
  session?: string | undefined;
  /** seconds; a string as typed on the command line, checked here */
  interval?: number | string | undefined;
  config?: string | undefined;
}

export type Json = Record<string, unknown>;

/** One layer of settings as read from a file or the manifest, before defaults fill the rest. */
export interface Layer {
  home?: string;
  pidPath?: string;
  socketPath?: string;
  dbPath?: string;
  daemonLog?: string;
  tmuxSocket?: string | null;
  session?: string;
  intervalS?: number;
  thresholds?: Partial<Thresholds>;
  daemonStartCommand?: string[];
  daemonMatch?: string;
  paneCommands?: Record<string, string[]>;
  logs?: Partial<LogConfig>;
  supervise?: Partial<SuperviseConfig>;
  agents?: Partial<AgentsConfig>;
  metrics?: Partial<MetricsConfig>;
}
