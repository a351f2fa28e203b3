// Drives the real oro-top inside a private tmux server: send-keys to type, capture-pane to read.
import { execa } from 'execa';
import { killTmuxServer } from '../../src/system/tmux.js';
import { BUNDLE } from './cli.js';
import { eventually, sleep } from './swarm.js';

export interface Tui {
  server: string;
  screen(): Promise<string>;
  /** the screen with its attributes as escape sequences (capture-pane -e) */
  screenEscaped(): Promise<string>;
  /** types raw bytes (e.g. a mouse report) as the terminal would send them */
  raw(text: string): Promise<void>;
  keys(...keys: string[]): Promise<void>;
  /** waits until the screen matches */
  waitFor(re: RegExp | ((screen: string) => boolean), timeoutMs?: number, what?: string): Promise<string>;
  resize(cols: number, rows: number): Promise<void>;
  /** the pane's process exit status once it ended, else null */
  exitStatus(): Promise<number | null>;
  kill(): Promise<void>;
}

/** `joinWrapped`: the screen is read with wrapped lines joined (a long prompt reads as one line) */
export async function startTui(
  args: string[],
  opts: { cols?: number; rows?: number; exe?: string; env?: Record<string, string>; term?: string; joinWrapped?: boolean } = {},
): Promise<Tui> {
  const server = `oro-top-tui-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const t = (a: string[]) => execa('tmux', ['-L', server, ...a], { reject: false });
  const prog = opts.exe ? [opts.exe, ...args] : [process.execPath, BUNDLE, ...args];
  // sh reports the exit status on the screen (tmux 3.3 shows none for 0); env sets TERM after tmux did
  const argv = ['sh', '-c', '"$@"; echo "[exit $?]"; sleep 600', 'sh', ...(opts.term ? ['env', `TERM=${opts.term}`] : []), ...prog];
  const env = {
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    NODE_OPTIONS: '',
    XDG_CONFIG_HOME: '/nonexistent-oro-top-test',
    ...(opts.env ?? {}),
  };
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const r = await t([
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'ui',
    '-x',
    String(opts.cols ?? 80),
    '-y',
    String(opts.rows ?? 24),
    ...envArgs,
    ...argv,
  ]);
  if (r.exitCode !== 0) throw new Error(`tmux: ${r.stderr}`);
  await t(['set-option', '-t', 'ui', 'remain-on-exit', 'on']);
  const tui: Tui = {
    server,
    async screen() {
      return String((await t(['capture-pane', '-p', ...(opts.joinWrapped ? ['-J'] : []), '-t', 'ui'])).stdout);
    },
    async screenEscaped() {
      return String((await t(['capture-pane', '-p', '-e', '-t', 'ui'])).stdout);
    },
    async raw(text) {
      await t(['send-keys', '-t', 'ui', '-l', text]);
      await sleep(60);
    },
    async keys(...keys) {
      for (const k of keys) {
        await t(['send-keys', '-t', 'ui', k]);
        await sleep(60); // separate presses, as a person types (Esc then a key is not Alt-key)
      }
    },
    waitFor(re, timeoutMs = 10_000, what = String(re)) {
      return eventually(
        async () => {
          const s = await tui.screen();
          return (typeof re === 'function' ? re(s) : re.test(s)) ? s : undefined;
        },
        timeoutMs,
        what,
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}\n--- screen ---\n${await tui.screen()}`);
      });
    },
    async resize(cols, rows) {
      await t(['resize-window', '-t', 'ui', '-x', String(cols), '-y', String(rows)]);
    },
    async exitStatus() {
      const m = /\[exit (\d+)\]/.exec(await tui.screen());
      return m ? Number(m[1]) : null;
    },
    async kill() {
      await killTmuxServer(server);
    },
  };
  return tui;
}
