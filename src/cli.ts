// The command line (yargs): every command, and the one place that decides exit codes (main.ts exits
// with the code it returns; reportFatal maps anything thrown to a one-line message and a code).
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { loadConfig, type Config, type ConfigFlags } from './config.js';
import { checkJson, checkText, EXIT_CODES } from './report/check.js';
import { isUtf8Locale } from './screens/terminal.js';
import { asciiOnly } from './screens/text.js';
import { snapshotJson } from './report/snapshot-json.js';
import { SnapshotStore, type View } from './store.js';
import { VERSION } from './version.js';
import { marksText } from './util/timing.js';
import { checkTerminal } from './screens/terminal.js';

// loaded when a command needs them: blessed only for the dashboard, the swarm only for swarm/demo
const runDashboard: typeof import('./screens/run.js').runDashboard = async (...a) => (await import('./screens/run.js')).runDashboard(...a);
const swarmUp: typeof import('./reference-swarm/up.js').swarmUp = async (...a) => (await import('./reference-swarm/up.js')).swarmUp(...a);
const swarmDown: typeof import('./reference-swarm/down.js').swarmDown = async (...a) =>
  (await import('./reference-swarm/down.js')).swarmDown(...a);
import { ConfigError, messageOf, OroTopError } from './util/errors.js';
import { daemonLiveness, startWorkerCount } from './actions/drain-restart.js';
import { Journal as ActionJournal } from './journal/journal.js';
import { follow as followAction, START_KIND, startRestart as startDaemonAction, type DaemonActionKind } from './actions/restart-daemon.js';

export const EXIT_USAGE = 64;
export const EXIT_FAILURE = 70;

interface GlobalArgs {
  home?: string;
  'tmux-socket'?: string;
  session?: string;
  interval?: string;
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

/** Writes text for people: outside a UTF-8 locale only ASCII (look-alikes: ✓ v, · -), as the dashboard. */
function say(text: string): void {
  out(isUtf8Locale(process.env) ? text : text.split('\n').map(asciiOnly).join('\n'));
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

function printView(v: View, json: boolean, home: string): void {
  if (json) out(`${JSON.stringify(snapshotJson(v.snapshot, v.report, home))}\n`);
  else out(checkText(v.report, !isUtf8Locale(process.env)));
}

async function runSnapshot(argv: GlobalArgs & { json?: boolean; watch?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const store = new SnapshotStore(config);
  if (!argv.watch) {
    printView(await store.once(), argv.json ?? false, config.home);
    return 0;
  }
  // one snapshot per refresh, printed once every source of that refresh was collected; in text
  // a header line with the time starts each one and a blank line ends it
  let printed = 0;
  store.subscribe((v) => {
    if (v.snapshot.complete === false) return;
    if (!argv.json)
      say(`${printed++ === 0 ? '' : '\n'}=== ${new Date(v.snapshot.collectedAtMs).toISOString()} · ${v.report.overall} ===\n`);
    printView(v, argv.json ?? false, config.home);
  });
  await store.start();
  await untilSignal();
  await store.stop();
  return 0;
}

async function runCheck(argv: GlobalArgs & { json?: boolean; ascii?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const v = await new SnapshotStore(config).once();
  out(argv.json ? `${JSON.stringify(checkJson(v.report))}\n` : checkText(v.report, argv.ascii === true || !isUtf8Locale(process.env)));
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
  const r = await runDashboard(
    config,
    { ascii: argv.ascii, noColor: argv.color === false, readOnly: argv['read-only'] === true },
    timing ? { onFirstFrame: (ms) => appendFileSync(timing, `${marksText()}\nfirst_frame_ms ${ms.toFixed(1)}\n`) } : {},
  );
  if (r.message) process.stderr.write(`${r.message}\n`);
  return r.code;
}

async function runDemo(argv: GlobalArgs & ScreenArgs & { workers: number; chaos?: string }): Promise<number> {
  if (argv.home !== undefined)
    throw new OroTopError(
      'usage',
      'demo makes a fresh home of its own and removes it on exit: to watch a swarm you have, run oro-top --home DIR',
    );
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
  const live = await daemonLiveness(config);
  if (live.kind !== 'alive') {
    // nothing to drain: say so, and bring the daemon back the way start-daemon does
    process.stderr.write(
      `oro-top: the daemon of ${config.home} is not running (${live.why}): there is nothing to drain; it can be started (oro-top start-daemon)\n`,
    );
    return runStartDaemon(argv, live.kind === 'answering');
  }
  const n = await startWorkerCount(config);
  const cmd = config.daemonStartCommand.map((a) => (a === '{workers}' ? String(n) : a)).join(' ');
  const question = `Drain and restart the daemon of ${config.home} (PID ${live.pid})? Workers get up to ${config.thresholds.drainTimeoutS} s to hand off, then '${cmd}' starts the successor.`;
  if (!argv.yes && !(await confirmOnTty(question))) {
    out('cancelled\n');
    return 1;
  }
  return launchDaemonAction(config, 'restart-daemon');
}

/** `oro-top start-daemon`: starts a dead daemon (refused when one runs or answers). */
async function runStartDaemon(argv: GlobalArgs & { yes: boolean }, answering?: boolean): Promise<number> {
  const config = configFrom(argv);
  const live = answering === undefined ? await daemonLiveness(config) : null;
  if (live?.kind === 'alive') {
    process.stderr.write(
      `oro-top: the daemon of ${config.home} is running (PID ${live.pid}): nothing to start (oro-top restart-daemon restarts it)\n`,
    );
    return 1;
  }
  if (live?.kind === 'answering' || answering) {
    process.stderr.write(`oro-top: a daemon answers on ${config.socketPath} although its PID file does not name it: nothing started\n`);
    return 1;
  }
  const why = live && live.kind === 'dead' ? ` (${live.why})` : '';
  const n = await startWorkerCount(config);
  const cmd = config.daemonStartCommand.map((a) => (a === '{workers}' ? String(n) : a)).join(' ');
  const question = `The daemon of ${config.home} is not running${why}. Start it with '${cmd}' and wait for its ${n} worker(s)?`;
  if (!argv.yes && !(await confirmOnTty(question))) {
    out('cancelled\n');
    return 1;
  }
  return launchDaemonAction(config, START_KIND);
}

async function launchDaemonAction(config: Config, kind: DaemonActionKind): Promise<number> {
  const journal = new ActionJournal();
  try {
    const got = await startDaemonAction(config, journal, kind);
    if ('busy' in got) {
      process.stderr.write(
        `oro-top: a ${got.busy.kind} is already running for ${config.home} (action #${got.busy.id} by ${got.busy.who}, started ${got.busy.startedAt}); nothing done\n`,
      );
      return 75;
    }
    say(`${kind === START_KIND ? 'start' : 'restart'} #${got.id} started (it goes on if this command ends; see: oro-top history)\n`);
    return (await followAction(journal, got.id, (l) => say(`${l}\n`))) ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function confirmOnTty(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new OroTopError('usage', 'this action asks for confirmation: run it in a terminal or pass --yes');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`${isUtf8Locale(process.env) ? question : asciiOnly(question)} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function runSmallAction(
  argv: GlobalArgs & { yes: boolean },
  kind: 'respawn-pane' | 'restart-worker' | 'kill-worker',
  target: string,
): Promise<number> {
  const config = configFrom(argv);
  const what =
    kind === 'respawn-pane'
      ? `Respawn the ${target} pane`
      : kind === 'restart-worker'
        ? `Restart worker ${target}`
        : `Kill worker ${target}`;
  if (!argv.yes && !(await confirmOnTty(`${what} of ${config.home}?`))) {
    out('cancelled\n');
    return 1;
  }
  const { Journal } = await import('./journal/journal.js');
  const journal = new Journal();
  try {
    const r =
      kind === 'respawn-pane'
        ? await (await import('./actions/respawn-pane.js')).respawnPane(config, journal, target)
        : await (await import('./actions/worker.js')).workerAction(config, journal, kind, target);
    for (const s of journal.get(r.id)?.steps ?? [])
      say(`  ${s.status === 'done' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name}${s.detail ? `: ${s.detail}` : ''}\n`);
    say(`${r.ok ? 'succeeded' : 'failed'}: ${r.outcome}\n`);
    return r.ok ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function runAction(argv: GlobalArgs & { 'action-id': number }): Promise<number> {
  const config = configFrom(argv);
  const { Journal } = await import('./journal/journal.js');
  const { runRestart } = await import('./actions/restart-daemon.js');
  const journal = new Journal();
  try {
    return (await runRestart(config, journal, argv['action-id'])) ? 0 : 1;
  } finally {
    journal.close();
  }
}

async function runHistory(argv: GlobalArgs & { json: boolean; limit: number; 'all-homes': boolean }): Promise<number> {
  // the journal is shared by every home: show this home's actions unless asked for all
  const home = argv['all-homes'] ? undefined : configFrom(argv).home;
  const journal = new ActionJournal();
  try {
    const list = journal.list(argv.limit, home);
    if (argv.json) out(`${JSON.stringify(list)}\n`);
    else if (list.length === 0) out(home === undefined ? 'no actions recorded\n' : `no actions recorded for ${home}\n`);
    else
      for (const a of list) {
        say(`#${a.id} ${a.startedAt} ${a.kind} ${a.target} of ${a.home} by ${a.who}: ${a.status}${a.outcome ? ` — ${a.outcome}` : ''}\n`);
        for (const s of a.steps) say(`    ${s.status.padEnd(8)} ${s.name}${s.detail ? `: ${s.detail}` : ''}\n`);
      }
    return 0;
  } finally {
    journal.close();
  }
}

/** A yargs `coerce` for a whole-number flag within bounds: junk and NaN are refused with what was typed. */
function wholeNumber(flag: string, min: number, max: number): (v: unknown) => number {
  return (v) => {
    const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new OroTopError(
        'usage',
        `--${flag}: must be a whole number from ${min} to ${max} (got ${Array.isArray(v) ? 'it more than once' : `'${String(v)}'`})`,
      );
    }
    return n;
  };
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
    .option('interval', { type: 'string', describe: 'refresh seconds, 0.2 to 86400 (default 2)' })
    .option('config', { type: 'string', describe: 'config file (default $XDG_CONFIG_HOME/oro-top/config.json)' }) as Argv<GlobalArgs>;
}

export async function main(args: string[]): Promise<number> {
  let code = 0;
  const set = (p: Promise<number>): Promise<void> =>
    p.then((c) => {
      code = c;
    });
  const parser = globalOptions(yargs(args))
    .scriptName('oro-top')
    .version(VERSION)
    .strict()
    .recommendCommands()
    .command(
      '$0',
      'the full-screen dashboard',
      (y) => screenOptions(y),
      (a) => set(dashboard(configFrom(a as GlobalArgs), a as ScreenArgs)),
    )
    .command(
      'snapshot',
      'print one snapshot (text, or JSON with --json); --watch prints one per refresh',
      (y) =>
        y
          .option('json', { type: 'boolean', default: false, describe: 'one JSON document (the README gives its shape)' })
          .option('watch', { type: 'boolean', default: false, describe: 'go on: one snapshot every --interval seconds until Ctrl-C' }),
      (a) => set(runSnapshot(a)),
    )
    .command(
      'check',
      'one line per component; exit 0 healthy, 1 degraded, 2 critical, 3 unreachable, 4 restarting',
      (y) =>
        y
          .option('json', { type: 'boolean', default: false, describe: 'the overall status and each component as JSON' })
          .option('ascii', { type: 'boolean', default: false, describe: 'ASCII only (also chosen when the locale is not UTF-8)' }),
      (a) => set(runCheck(a)),
    )
    .command('swarm', 'start or stop a reference swarm', (y) =>
      y
        .command(
          'up',
          'start a reference swarm detached; returns when it is healthy',
          (yy) =>
            yy
              .option('workers', { type: 'string', default: '4', coerce: wholeNumber('workers', 1, 10_000), describe: 'how many workers' })
              .option('chaos', { type: 'string', describe: 'chaos knobs, e.g. worker-crash=w-2@5,worker-no-approve=w-1' })
              .option('pool', { type: 'boolean', default: false, describe: 'one process hosts every worker connection (benchmarks)' })
              .option('step-ms', {
                type: 'string',
                default: '1000',
                coerce: wholeNumber('step-ms', 10, 600_000),
                describe: 'ms per work step',
              })
              .option('shutdown-timeout', {
                type: 'string',
                default: '10',
                coerce: wholeNumber('shutdown-timeout', 1, 3600),
                describe: 'seconds the daemon waits for workers to approve a shutdown',
              })
              .option('home', { type: 'string', demandOption: true, describe: 'the folder the swarm lives in (created if missing)' }),
          async (a) =>
            set(
              swarmUp({
                home: a.home!,
                workers: a.workers,
                tmuxSocket: a['tmux-socket'],
                chaos: a.chaos,
                pool: a.pool,
                stepMs: a['step-ms'],
                shutdownTimeoutS: a['shutdown-timeout'],
              }).then((m) => {
                out(
                  `reference swarm up in ${m.home}\n  workers: ${m.workers}\n  tmux:    tmux -L ${m.tmux_socket} attach -t oro\n  daemon log: ${m.daemon_log}\n`,
                );
                return 0;
              }),
            ),
        )
        .command(
          'down',
          'stop everything a reference swarm started (and nothing else)',
          (yy) => yy.option('home', { type: 'string', demandOption: true, describe: 'the home given to swarm up' }),
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
      (y) =>
        y
          .option('json', { type: 'boolean', default: false, describe: 'the actions as one JSON array' })
          .option('limit', {
            type: 'string',
            default: '20',
            coerce: wholeNumber('limit', 1, 100_000),
            describe: 'how many actions, newest first',
          })
          .option('all-homes', { type: 'boolean', default: false, describe: 'every home in the journal, not only --home' }),
      (a) => set(runHistory(a as GlobalArgs & { json: boolean; limit: number; 'all-homes': boolean })),
    )
    .command(
      'start-daemon',
      'start the daemon when it is not running (asks first; --yes for scripts); refused while one runs',
      (y) => y.option('yes', { type: 'boolean', default: false, describe: 'do not ask' }),
      (a) => set(runStartDaemon(a as GlobalArgs & { yes: boolean })),
    )
    .command(
      'respawn-pane <pane>',
      'respawn the architect or manager pane (a new window if it is gone)',
      (y) =>
        y
          .positional('pane', { type: 'string', choices: ['architect', 'manager'], demandOption: true })
          .option('yes', { type: 'boolean', default: false }),
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
    .command(
      '__run-action',
      false,
      (y) => y.option('action-id', { type: 'number', demandOption: true }),
      (a) => set(runAction(a as GlobalArgs & { 'action-id': number })),
    )
    .command(
      'demo',
      'start a reference swarm in a fresh temporary home, show it, tear it down on exit',
      (y) =>
        screenOptions(
          y
            .option('workers', { type: 'string', default: '4', coerce: wholeNumber('workers', 1, 1000), describe: 'how many workers' })
            .option('chaos', { type: 'string', describe: 'chaos knobs (see swarm up --help)' })
            .hide('home'),
        ),
      (a) => set(runDemo(a as GlobalArgs & ScreenArgs & { workers: number; chaos?: string })),
    )
    .fail((msg, err) => {
      // yargs' own errors (a flag's check failed) are usage errors; others come from a command
      if (err && err.name === 'YError') throw new OroTopError('usage', err.message);
      if (err) throw err;
      throw new OroTopError('usage', explainUnknown(args, msg) ?? msg);
    })
    .help();
  await parser.parseAsync();
  return code;
}

const COMMANDS = [
  'snapshot',
  'check',
  'swarm',
  'restart-daemon',
  'start-daemon',
  'history',
  'respawn-pane',
  'restart-worker',
  'kill-worker',
  'demo',
];

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

const SUBCOMMANDS: Record<string, string[]> = { swarm: ['up', 'down'] };
const VALUE_FLAGS = new Set([
  'home',
  'tmux-socket',
  'session',
  'interval',
  'config',
  'workers',
  'chaos',
  'step-ms',
  'shutdown-timeout',
  'limit',
]);

function nearest(word: string, choices: string[]): string | null {
  const best = choices.map((c) => ({ c, d: distance(word.toLowerCase(), c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : null;
}

/**
 * yargs' "Unknown argument: x" in words a user can act on: "unknown command 'snapshott'; did you
 * mean 'snapshot'?", "unknown option --jsn for snapshot; did you mean --json?".
 */
function explainUnknown(args: string[], msg: string): string | null {
  // the words that are not options nor an option's value
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_FLAGS.has(a.replace(/^-+/, ''))) i++;
    } else words.push(a);
  }
  const first = words[0];
  if (first !== undefined && !COMMANDS.includes(first)) {
    const m = nearest(first, COMMANDS);
    return `unknown command '${first.slice(0, 40)}'${m ? `; did you mean '${m}'?` : ''}`;
  }
  const subs = first !== undefined ? SUBCOMMANDS[first] : undefined;
  const second = words[1];
  if (subs && second !== undefined && !subs.includes(second)) {
    const m = nearest(second, subs);
    return `unknown command '${first} ${second.slice(0, 40)}'${m ? `; did you mean '${first} ${m}'?` : ` (say ${subs.join(' or ')})`}`;
  }
  const opt = /^Unknown arguments?: (.+)$/.exec(msg);
  if (opt) {
    const names = opt[1]!.split(', ');
    const where = first ? `${first}${subs && second ? ` ${second}` : ''}` : 'oro-top';
    return `unknown option${names.length > 1 ? 's' : ''} ${names.map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(', ')} for ${where}; oro-top ${where === 'oro-top' ? '' : `${where} `}--help lists them`;
  }
  return null;
}

/** Maps anything thrown out of main() to a one-line message and an exit code. */
export function reportFatal(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`oro-top: config error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof OroTopError && err.kind === 'usage') {
    const message = err.message.replace(/\s*\n\s*/g, ' '); // yargs' messages can span lines: one line
    process.stderr.write(`oro-top: ${message}${/--help/.test(message) ? '' : ' (oro-top --help lists the commands)'}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`oro-top: ${messageOf(err)}\n`);
  return EXIT_FAILURE;
}
