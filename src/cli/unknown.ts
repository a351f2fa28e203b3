// yargs' usage errors ("Unknown argument", "Not enough non-option arguments", "Invalid values")
// turned into one line a user can act on, with "did you mean". What is known (the commands, each
// command's options, positionals and choices) comes from yargs itself at the moment it failed.
import { ACTIONS } from '../actions/registry.js';
import { sanitizeId } from '../util/sanitize.js';

const COMMANDS = [
  'snapshot',
  'check',
  'swarm',
  'supervise',
  ...ACTIONS.filter((a) => a.cli).map((a) => a.kind),
  'history',
  'incidents',
  'events',
  'metrics',
  'demo',
];

const LISTS_COMMANDS = 'oro-top --help lists the commands';
const SUBCOMMANDS: Record<string, string[]> = { swarm: ['up', 'down'], incidents: ['show'] };

/** What yargs knew when it failed: the command (words), its options, positionals and choices. */
export interface UsageContext {
  /** the command words, e.g. ['swarm', 'up']; [] for the dashboard */
  command: string[];
  /** the command's positionals, in order, e.g. ['id'] */
  positionals: string[];
  /** every option of the command (kebab-case names as defined; no camelCase copies) */
  options: string[];
  /** the options that take a value */
  valueOptions: string[];
  choices: Record<string, readonly string[]>;
  /** the dashboard's own options (oro-top --read-only) */
  dashboardOptions: string[];
}

/** What a missing positional is, where to find one: "a worker id", "the ids are in oro-top check". */
const POSITIONALS = new Map<string, { what: string; where?: string }>();

/** Records, where a command is defined, what its positional is (for "restart-worker needs a worker id"). */
export function notePositional(command: string, what: string, where?: string): void {
  POSITIONALS.set(command, where === undefined ? { what } : { what, where });
}

interface YargsLike {
  getOptions(): { key: Record<string, unknown>; string?: string[]; array?: string[]; choices?: Record<string, readonly string[]> };
  getInternalMethods(): { getContext(): { commands: string[]; fullCommands: string[] } };
}

/** The UsageContext of a yargs instance that has just failed (its state is the failing command's). */
export function usageContext(y: unknown, dashboardOptions: string[]): UsageContext {
  const p = y as YargsLike;
  const o = p.getOptions();
  const ctx = p.getInternalMethods().getContext();
  const last = ctx.fullCommands[ctx.fullCommands.length - 1] ?? '';
  const positionals = [...last.matchAll(/[<[]([^>\]]+)[>\]]/g)].map((m) => m[1]!);
  return {
    command: [...ctx.commands],
    positionals,
    options: Object.keys(o.key).filter((k) => !positionals.includes(k)),
    valueOptions: [...(o.string ?? []), ...(o.array ?? [])],
    choices: o.choices ?? {},
    dashboardOptions,
  };
}

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

function nearest(word: string, choices: readonly string[]): string | null {
  const w = word.toLowerCase();
  const best = choices.map((c) => ({ c, d: distance(w, c) })).sort((x, y) => x.d - y.d)[0];
  const limit = w.length <= 3 ? 1 : Math.max(2, Math.floor(w.length / 3));
  return best && best.d <= limit ? best.c : null;
}

const flag = (n: string): string => (n.length === 1 ? `-${n}` : `--${n}`);
const shown = (s: string): string => sanitizeId(s, 40);

/** The words of args that are neither options nor an option's value (up to --). */
function wordsOf(args: string[], valueOptions: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (!a.includes('=') && valueOptions.includes(a.replace(/^-+/, ''))) i++;
    } else words.push(a);
  }
  return words;
}

/** The option names typed (up to --), without dashes and =value. */
function typedOptions(args: string[]): string[] {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end))
    .filter((a) => /^--?[^-\d]/.test(a))
    .flatMap((a) => (/^-[^-]/.test(a) ? [...a.slice(1).split('=')[0]!] : [a.slice(2).split('=')[0]!]));
}

/** The option names yargs reported unknown, without its camelCase copies of kebab-case names. */
function unknownNames(msg: string): string[] | null {
  const m = /^Unknown arguments?: (.+)$/s.exec(msg);
  if (!m) return null;
  const names = m[1]!.split(', ').map((n) => n.trim());
  const kebab = (n: string): string => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return names.filter((n) => !(/[A-Z]/.test(n) && names.includes(kebab(n))));
}

/** One unknown option: the nearest option of the command, or the dashboard's, or the alert hook's. */
function explainOption(name: string, where: string, ctx: UsageContext, args: string[]): string | null {
  const typed = args.findIndex((a) => a.replace(/^-+/, '').split('=')[0] === name);
  const alert = args.indexOf('--on-alert');
  if (ctx.command[0] === 'supervise' && alert >= 0 && typed > alert) {
    const cmd = args
      .slice(alert + 1, typed)
      .map((a) => shown(a))
      .join(' ');
    return `the alert command's own options go after -- (--on-alert ${cmd} -- ${shown(args[typed]!)} ...)`;
  }
  if (ctx.command.length > 0 && ctx.dashboardOptions.includes(name))
    return `${flag(name)} is an option of the dashboard (oro-top ${flag(name)}), not of ${where}`;
  if (name.length === 1) return null;
  const m = nearest(name, ctx.options);
  return m ? `did you mean ${flag(m)}?` : null;
}

function explainOptions(names: string[], where: string, ctx: UsageContext, args: string[]): string {
  const help = `oro-top ${where === 'oro-top' ? '' : `${where} `}--help lists them`;
  const list = names.map((n) => flag(shown(n))).join(', ');
  const hints = names
    .map((n) => {
      const h = explainOption(n, where, ctx, args);
      return h !== null && names.length > 1 && !h.startsWith(flag(n)) ? `${flag(shown(n))}: ${h}` : h;
    })
    .filter((h): h is string => h !== null);
  const head = `unknown option${names.length > 1 ? 's' : ''} ${list} for ${where}`;
  return hints.length > 0 ? `${head}; ${hints.join('; ')} (${help})` : `${head}; ${help}`;
}

/** "restart-worker needs a worker id (oro-top restart-worker ID; the ids are in oro-top check)". */
function explainMissing(where: string, ctx: UsageContext): string {
  const name = ctx.positionals[0] ?? 'argument';
  const choices = ctx.choices[name];
  const note = POSITIONALS.get(where);
  const shape = choices ? choices.join('|') : name.toUpperCase();
  return `${where} needs ${note?.what ?? `a ${name}`} (oro-top ${where} ${shape}${note?.where ? `; ${note.where}` : ''})`;
}

/** "respawn-pane: no pane 'archtect'; did you mean 'architect'? (architect or manager)". */
function explainChoice(msg: string, where: string, ctx: UsageContext): string | null {
  const m = /Argument: ([^,]+), Given: "((?:[^"\\]|\\.)*)"/.exec(msg);
  if (!m) return null;
  const [name, given] = [m[1]!, m[2]!];
  const choices = ctx.choices[name] ?? [];
  const near = nearest(given, choices);
  return `${where}: no ${name} '${shown(given)}'${near ? `; did you mean '${near}'?` : ''} (${choices.join(' or ')})`;
}

/**
 * yargs' usage error msg, for what was typed (args) in the context yargs failed in, as one line a
 * user can act on: "unknown command 'snapshott'; did you mean 'snapshot'?", "unknown option --jsn
 * for check; did you mean --json?". null: no better words than yargs' own.
 */
export function explainUnknown(args: string[], msg: string, ctx: UsageContext): string | null {
  const words = wordsOf(args, ctx.valueOptions);
  const first = words[0];
  if (ctx.command.length === 0 && first !== undefined && !COMMANDS.includes(first)) {
    const m = nearest(first, COMMANDS);
    return `unknown command '${shown(first)}'${m ? `; did you mean '${m}'?` : ''} (${LISTS_COMMANDS})`;
  }
  const subs = first !== undefined ? SUBCOMMANDS[first] : undefined;
  const second = words[1];
  if (subs && ctx.command.length < 2 && second !== undefined && !subs.includes(second)) {
    const m = nearest(second, subs);
    return `unknown command '${first} ${shown(second)}'${m ? `; did you mean '${first} ${m}'?` : ` (say ${subs.join(' or ')})`} (${LISTS_COMMANDS})`;
  }
  const where = ctx.command.length > 0 ? ctx.command.join(' ') : 'oro-top';
  const names = unknownNames(msg);
  if (names) return explainOptions(names, where, ctx, args);
  if (/^Not enough non-option arguments/.test(msg)) return explainMissing(where, ctx);
  const missing = /^Missing required argument: (.+)$/.exec(msg);
  if (missing && ctx.positionals.includes(missing[1]!.trim())) return explainMissing(where, ctx);
  if (missing) {
    // a required option missing because it was mistyped (swarm up --hom DIR): the typo is the news
    const typos = typedOptions(args).filter((n) => !ctx.options.includes(n.replace(/^no-/, '')));
    const required = missing[1]!.split(', ').map((n) => `--${n.trim()}`);
    return `${where} needs ${required.join(', ')}${typos.length > 0 ? `; ${explainOptions(typos, where, ctx, args)}` : ` (oro-top ${where} --help)`}`;
  }
  if (/^Invalid values:/.test(msg)) return explainChoice(msg, where, ctx);
  return null;
}
