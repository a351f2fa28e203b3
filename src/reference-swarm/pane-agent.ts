// The process in the architect or manager pane of the reference swarm: draws Claude Code's screens
// (with colour escapes and wide characters, as the real agent does) and records its activity where
// oro looks for it: pane_activity.last_seen in state.db and $ORO_HOME/panes/<name>/context_pct.
// It plays the state written to $ORO_HOME/panes/<name>/play ("waiting", "working 3/7", "stuck"...; see
// pane-screens.ts), watched every 200 ms, and reads lines typed into the pane (oro-top send): each is
// echoed as "> line" and appended to panes/<name>/received; an answer to its question moves it on.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, openDb } from '../system/sqlite.js';
import { busyLines, enterLines, type PlayState, parsePlay, spinnerLine, todoLines, WAITING_BOX_LINES } from './pane-screens.js';
import { swarmPaths } from './paths.js';

interface Agent {
  state: PlayState;
  progress: { done: number; total: number } | null;
  /** seconds in this state (the spinner's count) */
  secs: number;
  n: number;
  /** a spinner line is drawn on the last line (no newline after it) */
  spinning: boolean;
}

function draw(a: Agent, lines: string[]): void {
  let s = a.spinning ? '\r\u001b[2K' : '';
  for (const l of lines) s += `${l}\n`;
  const spin = spinnerLine(a.state, a.secs);
  a.spinning = spin !== null;
  process.stdout.write(s + (spin ?? ''));
}

function enter(a: Agent, state: PlayState, progress: Agent['progress'], why: string): void {
  // an answered question's dialog goes away, as Claude Code redraws it (its box: the last 8 lines)
  if (a.state === 'waiting') process.stdout.write(`\u001b[${WAITING_BOX_LINES}A\u001b[J`);
  Object.assign(a, { state, progress, secs: 0, n: a.n + 1 });
  const todo = progress ? todoLines(state === 'complete' ? progress.total : progress.done, progress.total) : [];
  draw(a, ['', `> ${why}`, '', ...todo, ...enterLines(state, a.n)]);
}

/** A line typed into the pane: an answer to the question, or a new instruction. */
function typed(a: Agent, line: string, received: string): void {
  appendFileSync(received, `${line}\n`);
  if (a.state === 'waiting' && /^(1|2|y|yes)$/i.test(line.trim())) {
    draw(a, [`  ⎿  ${line.trim()} — running make release`]);
    enter(a, 'working', a.progress, 'approved');
    return;
  }
  enter(a, 'thinking', a.progress, line);
}

function readPlay(file: string, last: { mtimeMs: number }): ReturnType<typeof parsePlay> {
  try {
    const st = statSync(file);
    if (st.mtimeMs === last.mtimeMs) return null;
    last.mtimeMs = st.mtimeMs;
    return parsePlay(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function listen(a: Agent, received: string): void {
  if (!process.stdin.isTTY) return;
  process.stdin.setRawMode(true);
  let buf = '';
  process.stdin.on('data', (d: Buffer) => {
    for (const ch of d.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        typed(a, buf, received);
        buf = '';
      } else if (ch === '\u0003') process.exit(130);
      else if (ch === '\u001b' && a.state === 'waiting') enter(a, 'idle', a.progress, '(declined)');
      else if (ch === '\u007f') buf = buf.slice(0, -1);
      else if (ch >= ' ') buf += ch;
    }
  });
}

export async function runPaneAgent(name: string, intervalMs = 1500): Promise<void> {
  const paths = swarmPaths();
  const dir = join(paths.home, 'panes', name);
  mkdirSync(dir, { recursive: true });
  let db: Db | null = null;
  let ctx = 12;
  const a: Agent = { state: 'working', progress: null, secs: 0, n: 0, spinning: false };
  process.stdout.write(`\u001b[1m${name}\u001b[0m agent ready (ORO_HOME=${paths.home})\n`);
  enter(a, 'working', null, name === 'architect' ? 'split the dispatcher queue into lanes' : 'keep the swarm healthy');
  listen(a, join(dir, 'received'));
  const play = { mtimeMs: 0 };
  setInterval(() => {
    const p = readPlay(join(dir, 'play'), play);
    if (p) enter(a, p.state, p.progress, `(play ${p.state})`);
  }, 200);
  let beats = 0;
  const beat = (): void => {
    a.secs += Math.round(intervalMs / 1000) || 1;
    // a busy agent shows a new tool call every other beat (3 s); a stuck one only its spinner
    const more = a.state !== 'stuck' && ++beats % 2 === 0 ? busyLines(a.state, ++a.n) : [];
    if (more.length > 0 || a.spinning) draw(a, more);
    ctx = ctx >= 90 ? 15 : ctx + 1;
    const tmp = join(dir, `context_pct.${process.pid}.tmp`);
    writeFileSync(tmp, `${ctx}\n`);
    renameSync(tmp, join(dir, 'context_pct'));
    try {
      if (!db && existsSync(paths.dbPath)) db = openDb(paths.dbPath, { timeoutMs: 2000 });
      db?.prepare(
        'INSERT INTO pane_activity (pane, last_seen) VALUES (?, ?) ON CONFLICT(pane) DO UPDATE SET last_seen = excluded.last_seen',
      ).run(name, Math.floor(Date.now() / 1000));
    } catch (err) {
      draw(a, [`(pane_activity not recorded: ${(err as Error).message})`]);
      try {
        db?.close();
      } catch {
        /* ignore */
      }
      db = null;
    }
  };
  beat();
  setInterval(beat, intervalMs);
  await new Promise<never>(() => {});
}
