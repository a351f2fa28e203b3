// The reference swarm's commands (`swarm up`, `swarm down`) and `demo`, which starts one in a fresh
// home, shows it and tears it down on exit. The only commands that reach src/reference-swarm/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { checkTerminal } from '../screens/terminal.js';
import { messageOf, OroTopError } from '../util/errors.js';
import { configFrom, type GlobalArgs, type ScreenArgs, screenOptions, wholeNumber } from './args.js';
import { out } from './output.js';
import { dashboard } from './views.js';

type Run = (p: Promise<number>) => Promise<void>;

/** --tmux-socket of a reference swarm: it never uses the default tmux server (up.ts defaultTmuxSocket) */
const privateServer = (home: string): string =>
  `tmux server for the swarm's panes (tmux -L NAME); default: a private one of its own, oro-ref-<hash of ${home}> (printed when up)`;

// loaded when a command needs them: the swarm only for swarm/demo
const swarmUp: typeof import('../reference-swarm/up.js').swarmUp = async (...a) => (await import('../reference-swarm/up.js')).swarmUp(...a);
const swarmDown: typeof import('../reference-swarm/down.js').swarmDown = async (...a) =>
  (await import('../reference-swarm/down.js')).swarmDown(...a);

export async function runDemo(argv: GlobalArgs & ScreenArgs & { workers: number; chaos?: string }): Promise<number> {
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

export function demoOptions(y: Argv<GlobalArgs>): Argv<GlobalArgs & ScreenArgs> {
  return screenOptions(
    y
      .option('workers', { type: 'string', default: '4', coerce: wholeNumber('workers', 1, 1000), describe: 'how many workers' })
      .option('chaos', { type: 'string', describe: 'chaos knobs (see swarm up --help)' })
      .describe('tmux-socket', privateServer('its home'))
      .hide('home'),
  );
}

export function swarmCommands(y: Argv<GlobalArgs>, set: Run): Argv<GlobalArgs> {
  return y
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
          .option('home', { type: 'string', demandOption: true, describe: 'the folder the swarm lives in (created if missing)' })
          .describe('tmux-socket', privateServer('--home'))
          // the swarm's session is always 'oro'; nothing here refreshes or reads a config file
          .hide('session')
          .hide('interval')
          .hide('config'),
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
      (yy) =>
        // what to stop is in the swarm's manifest in its home (its tmux server too)
        yy
          .option('home', { type: 'string', demandOption: true, describe: 'the home given to swarm up' })
          .hide('tmux-socket')
          .hide('session')
          .hide('interval')
          .hide('config'),
      async (a) =>
        set(
          swarmDown(a.home!).then((r) => {
            out(`daemon ${r.daemon}; tmux ${r.tmux}; ${r.killedProcesses} leftover process(es) stopped\n`);
            return 0;
          }),
        ),
    )
    .demandCommand(1, 'say up or down');
}
