// `oro-top supervise`: watch (and with --auto-restart recover) one home until stopped, or one pass
// with --once; --detach runs it in the background; --pause / --resume / --reset TARGET change the
// persisted state any supervisor of the home follows.
import type { Argv } from 'yargs';
import { setSupervisorPaused } from '../actions/pause-supervisor.js';
import type { Config, SuperviseConfig } from '../config.js';
import { DEFAULT_SUPERVISE, SUPERVISE_NUMBERS } from '../config/supervise.js';
import { Journal } from '../journal/journal.js';
import { SupervisorStateStore } from '../journal/supervisor-state.js';
import { EXIT_CODES } from '../report/check.js';
import { startMetricsServer } from '../metrics/server.js';
import { SnapshotStore } from '../store.js';
import { DEFAULT_DETECT, detect } from '../supervisor/detect.js';
import { factsFromSnapshot } from '../supervisor/facts.js';
import { currentSupervisor, describeHolder, type LockHolder, takeSupervisorLock } from '../supervisor/lock.js';
import { superviseLoop } from '../supervisor/loop.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { parseTarget } from '../supervisor/types.js';
import { findExecutable } from '../system/which.js';
import { OroTopError } from '../util/errors.js';
import { configFrom, EXIT_BUSY, type GlobalArgs, wholeNumber } from './args.js';
import { detachSupervisor } from './supervise-detach.js';
import { out, say, warn } from './output.js';

export interface SuperviseArgs extends GlobalArgs {
  'auto-restart'?: boolean;
  'max-restarts'?: number;
  window?: number;
  'freeze-after'?: number;
  'alert-cooldown'?: number;
  'alert-timeout'?: number;
  'error-burst'?: number;
  'retention-days'?: number;
  'on-alert'?: string[];
  '--'?: string[];
  once: boolean;
  detach: boolean;
  pause: boolean;
  resume: boolean;
  reset?: string;
  'metrics-listen'?: string;
}

/** What each number flag means, for --help. */
const FLAG_MEANING: Record<keyof typeof SUPERVISE_NUMBERS, string> = {
  maxRestarts: 'restarts allowed per target per window',
  windowS: 'the restart window, seconds',
  freezeAfterS: 'a daemon silent this many seconds is frozen',
  alertCooldownS: 'seconds between two alerts of one kind and target',
  alertTimeoutS: 'seconds an alert command may run',
  errorBurstPerMin: 'error lines a minute that make an error burst',
  retentionDays: 'days incidents and the health timeline are kept',
};

export function superviseOptions(y: Argv<GlobalArgs>): Argv<SuperviseArgs> {
  let p = y
    .option('auto-restart', {
      type: 'boolean',
      describe: 'recover what it finds, within the restart budget (default: watch, record, alert only)',
    })
    .option('on-alert', {
      type: 'string',
      array: true,
      describe: 'the alert command and its arguments (the alert as JSON on stdin); arguments that start with - go after --',
    })
    .option('once', { type: 'boolean', default: false, describe: 'one pass: print what it found (and did); exit as check does' })
    .option('detach', { type: 'boolean', default: false, describe: "run in the background (log in oro-top's state folder)" })
    .option('pause', {
      type: 'boolean',
      default: false,
      describe: 'pause auto-recovery of this home (a running supervisor keeps watching)',
    })
    .option('resume', { type: 'boolean', default: false, describe: 'resume auto-recovery of this home' })
    .option('reset', { type: 'string', describe: 'clear a gave-up target (daemon, pane:NAME, worker:ID): it may be restarted again' })
    .option('metrics-listen', { type: 'string', describe: 'also serve Prometheus /metrics on HOST:PORT (as oro-top metrics --listen)' });
  for (const [k, d] of Object.entries(SUPERVISE_NUMBERS) as [
    keyof typeof SUPERVISE_NUMBERS,
    (typeof SUPERVISE_NUMBERS)[keyof typeof SUPERVISE_NUMBERS],
  ][])
    p = p.option(d.flag, {
      type: 'string',
      coerce: wholeNumber(d.flag, d.min, d.max),
      describe: `${FLAG_MEANING[k]} (default ${DEFAULT_SUPERVISE[k]}; config supervise.${d.key})`,
    });
  return p as unknown as Argv<SuperviseArgs>;
}

/** The settings: the config file's `supervise`, each flag given winning. */
export function superviseSettings(config: Config, a: SuperviseArgs): SuperviseConfig {
  const s: SuperviseConfig = { ...config.supervise };
  if (a['auto-restart'] !== undefined) s.autoRestart = a['auto-restart'];
  for (const [k, d] of Object.entries(SUPERVISE_NUMBERS)) {
    const v = (a as unknown as Record<string, number | undefined>)[d.flag];
    if (v !== undefined) (s as unknown as Record<string, number>)[k] = v;
  }
  const hook = [...(a['on-alert'] ?? []), ...(a['on-alert'] ? (a['--'] ?? []) : [])].map(String);
  if (a['on-alert'] !== undefined) {
    if (hook.length === 0) throw new OroTopError('usage', '--on-alert: give the command to run (and its arguments)');
    s.onAlert = hook;
  }
  // a hook that cannot run is said now, not at the first alert (perhaps at 3 am)
  if (s.onAlert && !findExecutable(s.onAlert[0]!))
    throw new OroTopError(
      'usage',
      `--on-alert: '${s.onAlert[0]!.slice(0, 80)}' is not an executable file${s.onAlert[0]!.includes('/') ? '' : ' on PATH'} (the alert command runs without a shell)`,
    );
  return s;
}

export async function runSupervise(a: SuperviseArgs): Promise<number> {
  const config = configFrom(a);
  const modes = [a.pause, a.resume, a.reset !== undefined, a.once, a.detach].filter(Boolean).length;
  if (modes > 1) throw new OroTopError('usage', 'supervise: give at most one of --pause, --resume, --reset, --once, --detach');
  if (a.pause || a.resume || a.reset !== undefined) return changeState(config, a);
  const settings = superviseSettings(config, a);
  if (a.detach) return detachSupervisor(config, settings, a['metrics-listen']);
  const journal = new Journal();
  try {
    // a look that changes nothing needs no lock; beside the home's supervisor it records nothing
    // either (that supervisor keeps the record)
    if (a.once && !settings.autoRestart) {
      const holder = currentSupervisor(journal.db, config.home);
      return holder ? await lookOnly(config, settings, holder) : await once(config, journal, settings);
    }
    const lock = takeSupervisorLock(journal.db, config.home, { autoRestart: settings.autoRestart });
    if ('error' in lock) throw lock.error;
    if ('held' in lock) {
      warn(`oro-top: a supervisor already watches ${config.home}: ${describeHolder(lock.held)}; nothing started\n`);
      return EXIT_BUSY;
    }
    try {
      return a.once ? await once(config, journal, settings) : await forever(config, journal, settings, a['metrics-listen']);
    } finally {
      lock.taken.release();
    }
  } finally {
    journal.close();
  }
}

const stamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

async function forever(config: Config, journal: Journal, s: SuperviseConfig, metricsListen?: string): Promise<number> {
  const log = (line: string): void => say(`${stamp()} ${line}\n`);
  const sup = new Supervisor(s, { config, journal, log });
  const store = new SnapshotStore(config);
  // the same /metrics as oro-top metrics, from the supervisor's own collection
  const metrics = metricsListen
    ? await startMetricsServer(store, metricsListen, { perWorker: config.metrics.perWorker, onNotice: (t) => log(`metrics: ${t}`) })
    : null;
  if (metrics) log(`serving Prometheus metrics on ${metrics.url}`);
  log(
    `supervising ${config.home} (PID ${process.pid}): ${s.autoRestart ? `auto-restart, at most ${s.maxRestarts} per target per ${s.windowS} s` : 'watching only (no --auto-restart)'}; alerts: ${s.onAlert ? s.onAlert.join(' ') : 'none'}`,
  );
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => resolve(sig));
  });
  try {
    await superviseLoop(sup, store, stopped, log);
  } finally {
    await metrics?.close();
  }
  log(`stopped (${await stopped})`);
  return 0;
}

async function once(config: Config, journal: Journal, s: SuperviseConfig): Promise<number> {
  const lines: string[] = [];
  const sup = new Supervisor(s, { config, journal, log: (l) => lines.push(l) });
  const store = new SnapshotStore(config);
  const r = await sup.pass(await store.once());
  await sup.stop();
  say(`${config.home}: ${r.overall}${r.findings.length === 0 ? ', nothing wrong' : ''}\n`);
  for (const f of r.findings) say(`  ${f.severity === 'critical' ? '✗' : '!'} ${f.target} ${f.kind}: ${f.summary}\n`);
  for (const l of lines) say(`  · ${l}\n`);
  if (!s.autoRestart && r.findings.some((f) => f.severity === 'critical')) say('  (watching only: --auto-restart recovers what it can)\n');
  if (r.did.length === 0) return EXIT_CODES[r.overall];
  // it acted: the exit code says how the swarm is now, as check would right after
  const after = await store.once();
  say(`after the recovery: ${after.report.overall} (${after.report.overallReason})\n`);
  return EXIT_CODES[after.report.overall];
}

/** `--once` beside a running supervisor: what it finds, from one collection; nothing written. */
async function lookOnly(config: Config, s: SuperviseConfig, holder: LockHolder): Promise<number> {
  const view = await new SnapshotStore(config).once();
  const det = detect(
    { prev: null, next: view.report, nowMs: Date.now(), facts: factsFromSnapshot(view.snapshot, view.report), daemonSilentS: 0, open: [] },
    { ...DEFAULT_DETECT, thresholds: config.thresholds, freezeAfterS: s.freezeAfterS, errorBurstPerMin: s.errorBurstPerMin },
  );
  say(`${config.home}: ${view.report.overall}${det.findings.length === 0 ? ', nothing wrong' : ''}\n`);
  for (const f of det.findings) say(`  ${f.severity === 'critical' ? '✗' : '!'} ${f.target} ${f.kind}: ${f.summary}\n`);
  say(`  (a supervisor watches this home: ${describeHolder(holder)}; it keeps the record, this look wrote nothing)\n`);
  return EXIT_CODES[view.report.overall];
}

async function changeState(config: Config, a: SuperviseArgs): Promise<number> {
  const journal = new Journal();
  try {
    const store = new SupervisorStateStore(journal.db);
    if (a.reset !== undefined) {
      if (!parseTarget(a.reset))
        throw new OroTopError('usage', `--reset: '${a.reset.slice(0, 60)}' is not a target (daemon, pane:NAME, worker:ID)`);
      const r = store.reset(config.home, a.reset);
      if (r instanceof OroTopError) throw r;
      out(r ? `${a.reset} is no longer given up: it may be restarted again\n` : `${a.reset} was not given up: nothing to reset\n`);
      return 0;
    }
    // the same journaled action as S in the dashboard
    const l = await setSupervisorPaused({ config, journal }, a.pause);
    if (l.kind === 'busy') {
      warn(`oro-top: a ${l.holder.kind} of this home is running (#${l.holder.id} by ${l.holder.who}): nothing done\n`);
      return EXIT_BUSY;
    }
    if (l.kind !== 'done' || !l.ok) throw new OroTopError('database', l.kind === 'done' ? l.outcome : 'the pause was refused');
    const what = a.pause ? 'paused (supervisors keep watching, recording and alerting; they restart nothing)' : 'resumed';
    out(
      /it already was/.test(l.outcome)
        ? `auto-recovery of ${config.home} was already ${a.pause ? 'paused' : 'on'}\n`
        : `auto-recovery of ${config.home} ${what} (#${l.id})\n`,
    );
    return 0;
  } finally {
    journal.close();
  }
}
