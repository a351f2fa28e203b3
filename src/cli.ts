// The command line (yargs): every command, and the one place that decides exit codes (main.ts exits
// with the code it returns; reportFatal maps anything thrown to a one-line message and a code). The
// commands live in src/cli/: views.ts (dashboard, snapshot, check), actions.ts (one command per action
// of the registry, history); the demo and the reference swarm's commands are here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { actionCommands } from './cli/actions.js';
import {
  configFrom,
  EXIT_FAILURE,
  EXIT_USAGE,
  type GlobalArgs,
  globalOptions,
  type ScreenArgs,
  screenOptions,
  wholeNumber,
} from './cli/args.js';
import { out } from './cli/output.js';
import { explainUnknown } from './cli/unknown.js';
import { dashboard, runCheck, runSnapshot } from './cli/views.js';
import { checkTerminal } from './screens/terminal.js';
import { ConfigError, messageOf, OroTopError } from './util/errors.js';
import { VERSION } from './version.js';

export { EXIT_FAILURE, EXIT_USAGE } from './cli/args.js';

// loaded when a command needs them: the swarm only for swarm/demo
const swarmUp: typeof import('./reference-swarm/up.js').swarmUp = async (...a) => (await import('./reference-swarm/up.js')).swarmUp(...a);
const swarmDown: typeof import('./reference-swarm/down.js').swarmDown = async (...a) =>
  (await import('./reference-swarm/down.js')).swarmDown(...a);

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

export async function main(args: string[]): Promise<number> {
  let code = 0;
  const set = (p: Promise<number>): Promise<void> =>
    p.then((c) => {
      code = c;
    });
  const parser = actionCommands(globalOptions(yargs(args)), set)
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
