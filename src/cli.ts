// The command line (yargs). The only module that decides exit codes and exits the process.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { loadConfig, type Config, type ConfigFlags } from './config.js';
import { checkJson, checkText, EXIT_CODES } from './report/check.js';
import { isUtf8Locale } from './screens/terminal.js';
import { snapshotJson } from './report/snapshot-json.js';
import { SnapshotStore, type View } from './store.js';
import { VERSION } from './version.js';
import { marksText } from './util/timing.js';
import { checkTerminal } from './screens/terminal.js';

// loaded when a command needs them: blessed only for the dashboard, the swarm only for swarm/demo
const runDashboard: typeof import('./screens/run.js').runDashboard = async (...a) => (await import('./screens/run.js')).runDashboard(...a);
const swarmUp: typeof import('./swarm/up.js').swarmUp = async (...a) => (await import('./swarm/up.js')).swarmUp(...a);
const swarmDown: typeof import('./swarm/down.js').swarmDown = async (...a) => (await import('./swarm/down.js')).swarmDown(...a);
import { ConfigError, messageOf, OroTopError } from './util/errors.js';

export const EXIT_USAGE = 64;
export const EXIT_FAILURE = 70;

interface GlobalArgs {
  home?: string;
  'tmux-socket'?: string;
  session?: string;
  interval?: number;
  config?: string;
}

function configFrom(argv: GlobalArgs): Config {
  const flags: ConfigFlags = {
    home: argv.home,
    tmuxSocket: argv['tmux-socket'],
    session: argv.session,
    interval: argv.interval,
    config: argv.config,
  };
  return loadConfig(flags);
}

/** Writes to stdout; a closed pipe (`| head`) ends the program quietly. */
function out(text: string): void {
  process.stdout.write(text);
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

function printView(v: View, json: boolean, home: string): void {
  if (json) out(JSON.stringify(snapshotJson(v.snapshot, v.report, home)) + '\n');
  else out(checkText(v.report, !isUtf8Locale(process.env)));
}

async function runSnapshot(argv: GlobalArgs & { json?: boolean; watch?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const store = new SnapshotStore(config);
  if (!argv.watch) {
    printView(await store.once(), argv.json ?? false, config.home);
    return 0;
  }
  store.subscribe((v) => printView(v, argv.json ?? false, config.home));
  await store.start();
  await untilSignal();
  await store.stop();
  return 0;
}

async function runCheck(argv: GlobalArgs & { json?: boolean; ascii?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const v = await new SnapshotStore(config).once();
  out(argv.json ? JSON.stringify(checkJson(v.report)) + '\n' : checkText(v.report, argv.ascii === true || !isUtf8Locale(process.env)));
  return EXIT_CODES[v.report.overall];
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => resolve(s);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    process.once('SIGHUP', on);
  });
}

/** The full-screen dashboard; its result code and message come after the terminal is restored. */
async function dashboard(config: Config, argv: ScreenArgs): Promise<number> {
  const timing = process.env.ORO_TOP_TIMING_FILE;
  const r = await runDashboard(config, { ascii: argv.ascii, noColor: argv.color === false, readOnly: argv['read-only'] === true }, timing ? { onFirstFrame: (ms) => appendFileSync(timing, `${marksText()}\nfirst_frame_ms ${ms.toFixed(1)}\n`) } : {});
  if (r.message) process.stderr.write(r.message + '\n');
  return r.code;
}

async function runDemo(argv: GlobalArgs & ScreenArgs & { workers: number; chaos?: string }): Promise<number> {
  // refuse a terminal that cannot draw before starting anything
  checkTerminal({ stdinTTY: process.stdin.isTTY === true, stdoutTTY: process.stdout.isTTY === true }, process.env);
  const home = mkdtempSync(join(tmpdir(), 'oro-top-demo-'));
  process.stderr.write(`starting a reference swarm of ${argv.workers} workers in ${home} …\n`);
  try {
    const m = await swarmUp({ home, workers: argv.workers, tmuxSocket: argv['tmux-socket'], chaos: argv.chaos });
    process.stderr.write(`swarm up; its panes: tmux -L ${m.tmux_socket} attach -t oro\n`);
    return await dashboard(configFrom({ ...argv, home, 'tmux-socket': m.tmux_socket }), argv);
  } finally {
    process.stderr.write('stopping the demo swarm …\n');
    await swarmDown(home).catch((err) => process.stderr.write(`swarm down: ${messageOf(err)}\n`));
    rmSync(home, { recursive: true, force: true });
  }
}

interface ScreenArgs {
  ascii?: boolean;
  color?: boolean;
  'read-only'?: boolean;
}

async function runRestartDaemon(argv: GlobalArgs & { yes: boolean }): Promise<number> {
  const config = configFrom(argv);
  const { Journal } = await import('./actions/journal.js');
  const { startRestart, follow } = await import('./actions/restart-daemon.js');
  const question = `Drain and restart the daemon of ${config.home}? Workers get up to ${config.thresholds.drainTimeoutS} s to hand off, then '${config.daemonStartCommand.join(' ')}' starts the successor.`;
  if (!argv.yes && !(await confirmOnTty(question))) {
    out('cancelled\n');
    return 1;
  }
  const journal = new Journal();
  try {
    const got = await startRestart(config, journal);
    if ('busy' in got) {
      process.stderr.write(`oro-top: a restart is already running (action #${got.busy.id} by ${got.busy.who}, started ${got.busy.startedAt}); nothing done\n`);
      return 75;
    }
    out(`restart #${got.id} started (it goes on if this command ends; see: oro-top history)\n`);
    return (await follow(journal, got.id, (l) => out(l + '\n'))) ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function confirmOnTty(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new OroTopError('usage', 'this action asks for confirmation: run it in a terminal or pass --yes');
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function runSmallAction(argv: GlobalArgs & { yes: boolean }, kind: 'respawn-pane' | 'restart-worker' | 'kill-worker', target: string): Promise<number> {
  const config = configFrom(argv);
  const what = kind === 'respawn-pane' ? `Respawn the ${target} pane` : kind === 'restart-worker' ? `Restart worker ${target}` : `Kill worker ${target}`;
  if (!argv.yes && !(await confirmOnTty(`${what} of ${config.home}?`))) {
    out('cancelled\n');
    return 1;
  }
  const { Journal } = await import('./actions/journal.js');
  const journal = new Journal();
  try {
    const r =
      kind === 'respawn-pane'
        ? await (await import('./actions/respawn-pane.js')).respawnPane(config, journal, target)
        : await (await import('./actions/worker.js')).workerAction(config, journal, kind, target);
    for (const s of journal.get(r.id)?.steps ?? []) out(`  ${s.status === 'done' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name}${s.detail ? `: ${s.detail}` : ''}\n`);
    out(`${r.ok ? 'succeeded' : 'failed'}: ${r.outcome}\n`);
    return r.ok ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function runAction(argv: GlobalArgs & { 'action-id': number }): Promise<number> {
  const config = configFrom(argv);
  const { Journal } = await import('./actions/journal.js');
  const { runRestart } = await import('./actions/restart-daemon.js');
  const journal = new Journal();
  try {
    return (await runRestart(config, journal, argv['action-id'])) ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function runHistory(argv: GlobalArgs & { json: boolean; limit: number }): Promise<number> {
  const { Journal } = await import('./actions/journal.js');
  const journal = new Journal();
  try {
    const list = journal.list(argv.limit);
    if (argv.json) out(JSON.stringify(list) + '\n');
    else
      for (const a of list) {
        out(`#${a.id} ${a.startedAt} ${a.kind} ${a.target} by ${a.who}: ${a.status}${a.outcome ? ` — ${a.outcome}` : ''}\n`);
        for (const s of a.steps) out(`    ${s.status.padEnd(8)} ${s.name}${s.detail ? `: ${s.detail}` : ''}\n`);
      }
    return 0;
  } finally {
    journal.close();
  }
}

function screenOptions<T>(y: Argv<T>): Argv<T & ScreenArgs> {
  return y
    .option('ascii', { type: 'boolean', describe: 'draw with ASCII only (no ● ◐ ○, no box drawing)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour (--no-color or NO_COLOR turns it off)' })
    .option('read-only', { type: 'boolean', default: false, describe: 'watch only: every action key is off' }) as Argv<T & ScreenArgs>;
}

function globalOptions(y: Argv): Argv<GlobalArgs> {
  return y
    .option('home', { type: 'string', describe: 'oro state home (default $ORO_HOME or ~/.oro)' })
    .option('tmux-socket', { type: 'string', describe: 'tmux server name (tmux -L NAME); default: your default server' })
    .option('session', { type: 'string', describe: "tmux session (default 'oro')" })
    .option('interval', { type: 'number', describe: 'refresh seconds (default 2)' })
    .option('config', { type: 'string', describe: 'config file (default $XDG_CONFIG_HOME/oro-top/config.json)' }) as Argv<GlobalArgs>;
}

export async function main(args: string[]): Promise<number> {
  let code = 0;
  const set = (p: Promise<number>): Promise<void> => p.then((c) => void (code = c));
  const parser = globalOptions(yargs(args))
    .scriptName('oro-top')
    .version(VERSION)
    .strict()
    .command('$0', 'the full-screen dashboard', (y) => screenOptions(y), (a) => set(dashboard(configFrom(a as GlobalArgs), a as ScreenArgs)))
    .command(
      'snapshot',
      'print one snapshot (text, or JSON with --json); --watch prints one per refresh',
      (y) => y.option('json', { type: 'boolean', default: false }).option('watch', { type: 'boolean', default: false }),
      (a) => set(runSnapshot(a)),
    )
    .command(
      'check',
      'one line per component; exit 0 healthy, 1 degraded, 2 critical, 3 unreachable',
      (y) => y.option('json', { type: 'boolean', default: false }).option('ascii', { type: 'boolean', default: false }),
      (a) => set(runCheck(a)),
    )
    .command('swarm', 'start or stop a reference swarm', (y) =>
      y
        .command(
          'up',
          'start a reference swarm detached; returns when it is healthy',
          (yy) =>
            yy
              .option('workers', { type: 'number', default: 4 })
              .option('chaos', { type: 'string', describe: 'chaos knobs, e.g. worker-crash=w-2@5,worker-no-approve=w-1' })
              .option('pool', { type: 'boolean', default: false, describe: 'one process hosts every worker connection (benchmarks)' })
              .option('step-ms', { type: 'number', default: 1000, describe: 'ms per work step' })
              .option('shutdown-timeout', { type: 'number', default: 10, describe: 'seconds the daemon waits for workers to approve a shutdown' })
              .demandOption('home'),
          async (a) =>
            set(
              swarmUp({ home: a.home!, workers: a.workers, tmuxSocket: a['tmux-socket'], chaos: a.chaos, pool: a.pool, stepMs: a['step-ms'], shutdownTimeoutS: a['shutdown-timeout'] }).then((m) => {
                out(`reference swarm up in ${m.home}\n  workers: ${m.workers}\n  tmux:    tmux -L ${m.tmux_socket} attach -t oro\n  daemon log: ${m.daemon_log}\n`);
                return 0;
              }),
            ),
        )
        .command(
          'down',
          'stop everything a reference swarm started (and nothing else)',
          (yy) => yy.demandOption('home'),
          async (a) =>
            set(
              swarmDown(a.home!).then((r) => {
                out(`daemon ${r.daemon}; tmux ${r.tmux}; ${r.killedProcesses} leftover process(es) stopped\n`);
                return 0;
              }),
            ),
        )
        .demandCommand(1, 'say up or down'),
    )
    .command(
      'restart-daemon',
      'drain and restart the daemon (asks first; --yes for scripts); runs on even if this process ends',
      (y) => y.option('yes', { type: 'boolean', default: false, describe: 'do not ask' }),
      (a) => set(runRestartDaemon(a as GlobalArgs & { yes: boolean })),
    )
    .command(
      'history',
      "oro-top's journal of actions: who, when, each step, the outcome",
      (y) => y.option('json', { type: 'boolean', default: false }).option('limit', { type: 'number', default: 20 }),
      (a) => set(runHistory(a as GlobalArgs & { json: boolean; limit: number })),
    )
    .command(
      'respawn-pane <pane>',
      'respawn the architect or manager pane (a new window if it is gone)',
      (y) => y.positional('pane', { type: 'string', choices: ['architect', 'manager'], demandOption: true }).option('yes', { type: 'boolean', default: false }),
      (a) => set(runSmallAction(a as GlobalArgs & { yes: boolean; pane: string }, 'respawn-pane', a.pane as string)),
    )
    .command(
      'restart-worker <id>',
      'restart one worker (through the daemon, else by signal)',
      (y) => y.positional('id', { type: 'string', demandOption: true }).option('yes', { type: 'boolean', default: false }),
      (a) => set(runSmallAction(a as GlobalArgs & { yes: boolean }, 'restart-worker', String(a.id))),
    )
    .command(
      'kill-worker <id>',
      'kill one worker (through the daemon, else SIGTERM then SIGKILL to its process group)',
      (y) => y.positional('id', { type: 'string', demandOption: true }).option('yes', { type: 'boolean', default: false }),
      (a) => set(runSmallAction(a as GlobalArgs & { yes: boolean }, 'kill-worker', String(a.id))),
    )
    .command('__run-action', false, (y) => y.option('action-id', { type: 'number', demandOption: true }), (a) =>
      set(runAction(a as GlobalArgs & { 'action-id': number })),
    )
    .command(
      'demo',
      'start a reference swarm in a fresh temporary home, show it, tear it down on exit',
      (y) => screenOptions(y.option('workers', { type: 'number', default: 4 }).option('chaos', { type: 'string' })),
      (a) => set(runDemo(a as GlobalArgs & ScreenArgs & { workers: number; chaos?: string })),
    )
    .fail((msg, err) => {
      throw err ?? new OroTopError('usage', msg);
    })
    .help();
  await parser.parseAsync();
  return code;
}

/** Maps anything thrown out of main() to a one-line message and an exit code. */
export function reportFatal(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`oro-top: config error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof OroTopError && err.kind === 'usage') {
    process.stderr.write(`oro-top: ${err.message}\n(oro-top --help lists the commands)\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`oro-top: ${messageOf(err)}\n`);
  return EXIT_FAILURE;
}
