// The command line (yargs): every command, and the one place that decides exit codes (main.ts exits
// with the code it returns; reportFatal maps anything thrown to a one-line message and a code). The
// commands live in src/cli/: views.ts (dashboard, snapshot, check), actions.ts (one command per action
// of the registry, and history), swarm.ts (the reference swarm and the demo).
import yargs from 'yargs';
import { actionCommands } from './cli/actions.js';
import { configFrom, EXIT_FAILURE, EXIT_USAGE, type GlobalArgs, globalOptions, type ScreenArgs, screenOptions } from './cli/args.js';
import { runSupervise, type SuperviseArgs, superviseOptions } from './cli/supervise.js';
import { eventsCommand } from './cli/events.js';
import { incidentsCommand } from './cli/incidents.js';
import { metricsCommand } from './cli/metrics.js';
import { explainUnknown, usageContext } from './cli/unknown.js';
import { dashboard, runCheck, runSnapshot } from './cli/views.js';
import { demoOptions, runDemo, swarmCommands } from './cli/swarm.js';
import { ConfigError, messageOf, OroTopError } from './util/errors.js';
import { VERSION } from './version.js';

export { EXIT_FAILURE, EXIT_USAGE } from './cli/args.js';

export async function main(args: string[]): Promise<number> {
  let code = 0;
  const set = (p: Promise<number>): Promise<void> =>
    p.then((c) => {
      code = c;
    });
  const views = globalOptions(yargs(args))
    .scriptName('oro-top')
    .version(VERSION)
    // the words after -- are the alert command's (supervise --on-alert CMD -- -X ...)
    .parserConfiguration({ 'populate--': true })
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
    .command('swarm', 'start or stop a reference swarm', (y) => swarmCommands(y, set))
    .command(
      'supervise',
      'watch the swarm: record incidents, alert, and with --auto-restart recover within a budget (one per home)',
      (y) => superviseOptions(y),
      (a) => set(runSupervise(a as unknown as SuperviseArgs)),
    );
  // then one command per action of the registry, and the journal's
  const parser = metricsCommand(incidentsCommand(eventsCommand(actionCommands(views, set), set), set), set)
    .command('demo', 'start a reference swarm in a fresh temporary home, show it, tear it down on exit', demoOptions, (a) =>
      set(runDemo(a as unknown as GlobalArgs & ScreenArgs & { workers: number; chaos?: string })),
    )
    .fail((msg, err) => {
      // yargs' own errors (a flag's check failed) are usage errors; others come from a command
      if (err && err.name === 'YError') throw new OroTopError('usage', err.message);
      if (err) throw err;
      const explained = explainUnknown(args, msg, usageContext(parser, dashboardOptions()));
      throw explained === null ? new OroTopError('usage', msg) : new ExplainedUsage(explained);
    })
    .help();
  await parser.parseAsync();
  return code;
}

/** A usage error already in words that say what to type: printed as it is. */
class ExplainedUsage extends OroTopError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The dashboard's own options, as yargs defines them (for "--read-only is an option of the dashboard"). */
function dashboardOptions(): string[] {
  return Object.keys((screenOptions(yargs([])) as unknown as { getOptions(): { key: object } }).getOptions().key);
}

/** Maps anything thrown out of main() to a one-line message and an exit code. */
export function reportFatal(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`oro-top: config error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof OroTopError && err.kind === 'usage') {
    const message = err.message.replace(/\s*\n\s*/g, ' '); // yargs' messages can span lines: one line
    const pointer = err instanceof ExplainedUsage || /--help/.test(message) ? '' : ' (oro-top --help lists the commands)';
    process.stderr.write(`oro-top: ${message}${pointer}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`oro-top: ${messageOf(err)}\n`);
  return EXIT_FAILURE;
}
