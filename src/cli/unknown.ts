// yargs' "Unknown argument" turned into words a user can act on, with "did you mean".
import { ACTIONS } from '../actions/registry.js';

const COMMANDS = [
  'snapshot',
  'check',
  'swarm',
  'supervise',
  ...ACTIONS.filter((a) => a.cli).map((a) => a.kind),
  'history',
  'incidents',
  'events',
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

const SUBCOMMANDS: Record<string, string[]> = { swarm: ['up', 'down'], incidents: ['show'] };
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
  'reset',
  'max-restarts',
  'window',
  'freeze-after',
  'alert-cooldown',
  'alert-timeout',
  'error-burst',
  'retention-days',
  'since',
  'target',
  'out',
]);

function nearest(word: string, choices: string[]): string | null {
  const best = choices.map((c) => ({ c, d: distance(word.toLowerCase(), c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : null;
}

/**
 * yargs' "Unknown argument: x" in words a user can act on: "unknown command 'snapshott'; did you
 * mean 'snapshot'?", "unknown option --jsn for snapshot; did you mean --json?".
 */
export function explainUnknown(args: string[], msg: string): string | null {
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
