// The action commands, one per definition in the registry (restart-daemon, start-daemon, respawn-pane,
// restart-worker, kill-worker): the same question as the dashboard's dialog, then the action through
// the definition's run; plus `history` (the journal) and the hidden detached runner `__run-action`.
import { createInterface } from 'node:readline/promises';
import type { Argv } from 'yargs';
import {
  type ActionDefinition,
  type ActionInput,
  type ActionLaunch,
  actionSettings,
  busyText,
  type Confirmation,
} from '../actions/action.js';
import { follow, runRestart } from '../actions/daemon-runner.js';
import { ACTIONS } from '../actions/registry.js';
import type { Config } from '../config.js';
import { Journal } from '../journal/journal.js';
import { isUtf8Locale } from '../screens/terminal.js';
import { asciiOnly } from '../screens/text.js';
import { SnapshotStore } from '../store.js';
import { OroTopError } from '../util/errors.js';
import { configFrom, EXIT_BUSY, type GlobalArgs, wholeNumber } from './args.js';
import { out, say, warn } from './output.js';
import { promptLayout, wrapForTerminal } from './prompt.js';
import { notePositional } from './unknown.js';

type Run = (p: Promise<number>) => Promise<void>;

/** One yargs command per action of the registry, and the journal's commands. */
export function actionCommands(y: Argv<GlobalArgs>, run: Run): Argv<GlobalArgs> {
  let p = y;
  for (const def of ACTIONS) {
    // an action without a command of its own is run by another command (supervise --pause)
    if (!def.cli) continue;
    const pos = def.cli.positional;
    const text = def.cli.text;
    if (pos && def.target === 'worker') notePositional(def.kind, 'a worker id', 'the ids are in oro-top check');
    else if (pos) notePositional(def.kind, `a ${pos.name}`);
    p = p.command(
      `${def.kind}${pos ? ` <${pos.name}>` : ''}${text ? ` [${text.name}]` : ''}`,
      def.cli.describe,
      (c) => {
        const withYes = c.option('yes', { type: 'boolean', default: false, describe: 'do not ask' });
        const withPos = pos ? withYes.positional(pos.name, { type: 'string', demandOption: true, choices: pos.choices }) : withYes;
        return text
          ? withPos
              .positional(text.name, { type: 'string', describe: text.describe })
              .option('keys', { type: 'string', array: true, describe: text.keys })
          : withPos;
      },
      (a) => {
        const input = text
          ? { text: a[text.name] === undefined ? '' : String(a[text.name]), keys: (a.keys as string[] | undefined) ?? [] }
          : undefined;
        return run(runActionCommand(def, a as GlobalArgs & { yes: boolean }, pos ? String(a[pos.name]) : 'daemon', input));
      },
    );
  }
  return p
    .command(
      'history',
      "oro-top's journal of actions: who, when, each step, the outcome",
      (c) =>
        c
          .option('json', { type: 'boolean', default: false, describe: 'the actions as one JSON array' })
          .option('limit', {
            type: 'string',
            default: '20',
            coerce: wholeNumber('limit', 1, 100_000),
            describe: 'how many actions, newest first',
          })
          .option('all-homes', { type: 'boolean', default: false, describe: 'every home in the journal, not only --home' }),
      (a) => run(runHistory(a as GlobalArgs & { json: boolean; limit: number; 'all-homes': boolean })),
    )
    .command(
      '__run-action',
      false,
      (c) => c.option('action-id', { type: 'number', demandOption: true }),
      (a) => run(runDetached(a as GlobalArgs & { 'action-id': number })),
    );
}

/** The question, as the dashboard's dialog asks it, then the answer typed at the terminal. */
async function confirmOnTty(c: Confirmation, home: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new OroTopError('usage', 'this action asks for confirmation: run it in a terminal or pass --yes');
  const title = isUtf8Locale(process.env) ? c.title : asciiOnly(c.title);
  const p = promptLayout(title, c.lines, home, process.stdout.columns);
  say(p.text);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(p.question);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function runActionCommand(
  def: ActionDefinition,
  argv: GlobalArgs & { yes: boolean },
  target: string,
  given?: ActionInput,
): Promise<number> {
  const config = configFrom(argv);
  const input = given ? { ...given } : undefined;
  if (!argv.yes) {
    const { report } = await new SnapshotStore(config).once();
    const c = def.confirm(target, report, actionSettings(config), input ? { input } : undefined);
    if (input) input.expectCommand = report?.panes.find((x) => x.name === target)?.currentCommand ?? null;
    if (c.refused) {
      warn(`oro-top: ${def.kind} of ${config.home}: ${c.refused}\n`);
      return c.busy ? EXIT_BUSY : 1;
    }
    if (!(await confirmOnTty(c, config.home))) {
      out('cancelled\n');
      return 1;
    }
  }
  const journal = new Journal();
  try {
    return await reportLaunch(config, journal, await def.run({ config, journal }, target, input));
  } finally {
    journal.close();
  }
}

async function reportLaunch(config: Config, journal: Journal, l: ActionLaunch): Promise<number> {
  switch (l.kind) {
    case 'refused':
      warn(`oro-top: ${l.why}\n`);
      return 1;
    case 'busy':
      warn(
        `oro-top: ${busyText(l.holder)} for ${config.home} (action #${l.holder.id} by ${l.holder.who}, started ${l.holder.startedAt}); nothing done\n`,
      );
      return EXIT_BUSY;
    case 'detached': {
      if (l.note) warn(`oro-top: ${l.note}\n`);
      say(
        `${l.actionKind === 'start-daemon' ? 'start' : 'restart'} #${l.id} started (it goes on if this command ends; see: oro-top history)\n`,
      );
      // wrapped at words in a terminal; a pipe gets whole lines
      const cols = process.stdout.isTTY ? process.stdout.columns : Number.POSITIVE_INFINITY;
      return (await follow(journal, l.id, (line) => say(`${cols === Number.POSITIVE_INFINITY ? line : wrapForTerminal(line, cols)}\n`)))
        ? 0
        : 1;
    }
    case 'done':
      for (const s of journal.get(l.id)?.steps ?? [])
        say(`  ${s.status === 'done' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name}${s.detail ? `: ${s.detail}` : ''}\n`);
      say(`${l.ok ? 'succeeded' : 'failed'}: ${l.outcome}\n`);
      return l.ok ? 0 : 1;
  }
}

/** The detached runner of a daemon action (started by the action itself, not by people). */
async function runDetached(argv: GlobalArgs & { 'action-id': number }): Promise<number> {
  const config = configFrom(argv);
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
  const journal = new Journal();
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
