// Measures `oro-top supervise` as a user runs it, against real reference swarms:
// 1. time from a fault to healthy again with --auto-restart, 10 workers, at --interval 2 (the
//    default) and 0.5: a worker killed with SIGKILL, the architect pane's process killed, the
//    daemon killed with SIGKILL. Per trial a fresh supervisor (with a fresh state folder, so each
//    fault is its first: no budget, no backoff) that has made its first pass; then, after one more
//    interval and a random part of one (faults come at any phase of the refresh), the fault, then
//    `oro-top check` polled (100 ms after the previous one ended) until it exits 0. The
//    supervisor's own log lines are timed as they appear on its stdout: "incident #N <target>"
//    (detection), "<target>: <action> (attempt ..." and "... succeeded" (the action), "<target>:
//    healthy again". A fault not recovered within --timeout is reported as such.
// 2. the supervisor's idle cost on a healthy 100-worker swarm (a real process per worker; --pool:
//    one process hosts them all, as bench:tui, which oro-top reads degraded): CPU (/proc/PID/stat, own utime+stime, and with its reaped children
//    such as tmux) over --seconds, and its largest VmRSS; beside it, over the same window, htop
//    idle in a private tmux at 80x24.
//   npm run bench:supervise                              # the bundle (node dist/oro-top.cjs)
//   npm run build && npm run bench:supervise -- --exe dist/oro-top
//        # faults with the executable; idle cost of the bundle and of the executable
//   npm run bench:supervise -- --trials 3 --seconds 10 --faults worker,daemon --intervals 2
//   (also: --workers 10, --idle-workers 100, --pool, --timeout 90, --skip-faults, --skip-idle)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { swarmDown } from '../src/reference-swarm/down.js';
import { swarmUp } from '../src/reference-swarm/up.js';
import { listPids, readProcess } from '../src/system/procfs.js';
import { openDb } from '../src/system/sqlite.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1]!.startsWith('--') ? args[i + 1]! : dflt;
};
function positive(name: string, dflt: string): number {
  const v = Number(opt(name, dflt));
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`bench-supervise: --${name} must be a positive number`);
    process.exit(64);
  }
  return v;
}
const trials = Math.round(positive('trials', '5'));
const seconds = positive('seconds', '30');
const faultWorkers = Math.round(positive('workers', '10'));
const idleWorkers = Math.round(positive('idle-workers', '100'));
const timeoutS = positive('timeout', '90');
const intervals = opt('intervals', '2,0.5').split(',').map(Number);
const FAULTS = ['worker', 'pane', 'daemon'] as const;
type Fault = (typeof FAULTS)[number];
const faults = opt('faults', FAULTS.join(',')).split(',') as Fault[];
if (faults.some((f) => !FAULTS.includes(f)) || intervals.some((i) => !(i >= 0.2))) {
  console.error(`bench-supervise: --faults takes ${FAULTS.join(',')}; --intervals numbers >= 0.2`);
  process.exit(64);
}
// one pool process hosting every worker connection is cheap, but oro-top sees no worker process
// then and reads the swarm degraded: real worker processes are the default
const pool = args.includes('--pool');
const exe = args.includes('--exe') ? resolve(opt('exe', 'dist/oro-top')) : null;
const root = new URL('..', import.meta.url).pathname;
const bundle = [process.execPath, join(root, 'dist', 'oro-top.cjs')];
if (exe && !existsSync(exe)) {
  console.error(`bench-supervise: ${exe} does not exist: run npm run build first`);
  process.exit(64);
}
const faultProg = exe ? [exe] : bundle;
const baseEnv = { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-bench', LANG: 'C.UTF-8' };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const clkTck = Number((await execa('getconf', ['CLK_TCK'], { reject: false, timeout: 5000 })).stdout) || 100;

// --- cleanup, also on Ctrl-C: the newest first ---------------------------------------------------
const cleanups: { fn: () => Promise<unknown> }[] = [];
function onCleanup(fn: () => Promise<unknown>): () => Promise<void> {
  const entry = { fn };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    await fn().catch(() => undefined);
  };
}
async function cleanupAll(): Promise<void> {
  for (let e = cleanups.pop(); e; e = cleanups.pop()) await e.fn().catch(() => undefined);
}
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\nbench-supervise: ${sig}: stopping supervisors, taking the swarms down, removing temporary files`);
    void cleanupAll().finally(() => process.exit(130));
  });
const stillOn = (): void => {
  if (interrupted) throw new Error('interrupted');
};

const benchDir = mkdtempSync(join(tmpdir(), 'oro-top-bench-sup-'));
onCleanup(async () => rmSync(benchDir, { recursive: true, force: true }));
let serial = 0;
const scratchState = (): string => mkdtempSync(join(benchDir, 'state-'));

/** Kills a private tmux server of ours by name, and the socket file it may leave behind. */
async function killTmux(name: string): Promise<void> {
  await execa('tmux', ['-L', name, 'kill-server'], { reject: false, timeout: 5000 });
  rmSync(join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
}

// --- the swarm ---------------------------------------------------------------------------------------
interface Swarm {
  home: string;
  tmuxSocket: string;
  down(): Promise<void>;
}
async function newSwarm(workers: number, pool: boolean): Promise<Swarm> {
  stillOn();
  const home = mkdtempSync(join(benchDir, 'swarm-'));
  const tmuxSocket = `oro-top-bench-sup-${process.pid}-${serial++}`;
  const down = onCleanup(async () => {
    await swarmDown(home).catch(() => undefined);
    await killTmux(tmuxSocket);
    rmSync(home, { recursive: true, force: true });
  });
  await swarmUp({ home, workers, pool, tmuxSocket, timeoutMs: 180_000 });
  return { home, tmuxSocket, down };
}

// --- oro-top check and supervise -------------------------------------------------------------------
interface CheckRun {
  code: number | undefined;
  start: number;
  end: number;
  stdout: string;
}
async function check(prog: string[], home: string, state: string): Promise<CheckRun> {
  const start = Date.now();
  const r = await execa(prog[0]!, [...prog.slice(1), 'check', '--home', home], {
    reject: false,
    timeout: 15_000,
    stdin: 'ignore',
    env: { ...baseEnv, ORO_TOP_STATE_DIR: state },
  });
  return { code: r.exitCode, start, end: Date.now(), stdout: String(r.stdout) };
}
const checkDurations: number[] = [];
/** Polls check (100 ms after each ended) until it exits 0 and `ok()` agrees; null at the deadline. */
async function untilHealthy(prog: string[], home: string, state: string, deadline: number, ok: (c: CheckRun) => boolean = () => true) {
  let last: CheckRun | null = null;
  while (Date.now() < deadline) {
    stillOn();
    last = await check(prog, home, state);
    checkDurations.push(last.end - last.start);
    const accepted = ok(last); // sees every run, passing or not
    if (last.code === 0 && accepted) return { run: last, last };
    await sleep(100);
  }
  return { run: null, last };
}

interface Line {
  t: number;
  text: string;
}
interface Sup {
  proc: ResultPromise;
  lines: Line[];
  stop(): Promise<void>;
}
function startSupervisor(prog: string[], home: string, state: string, interval: number | null): Sup {
  const lines: Line[] = [];
  const proc = execa(
    prog[0]!,
    [...prog.slice(1), 'supervise', '--auto-restart', '--home', home, ...(interval === null ? [] : ['--interval', String(interval)])],
    { reject: false, stdin: 'ignore', all: true, buffer: false, env: { ...baseEnv, ORO_TOP_STATE_DIR: state } },
  );
  let carry = '';
  proc.all?.on('data', (d: Buffer) => {
    const t = Date.now();
    const parts = (carry + d.toString()).split('\n');
    carry = parts.pop() ?? '';
    for (const text of parts) lines.push({ t, text });
  });
  const stop = onCleanup(async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const ended = await Promise.race([proc.then(() => true), sleep(10_000).then(() => false)]);
      if (!ended) proc.kill('SIGKILL');
    }
    await proc;
  });
  return { proc, lines, stop };
}
/** The supervisor has made a pass (a row in its health timeline); its overall status, or null at the deadline. */
async function firstPass(sup: Sup, state: string, timeoutMs: number): Promise<string | null> {
  const db = join(state, 'journal.db');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && sup.proc.exitCode === null) {
    stillOn();
    if (existsSync(db)) {
      try {
        const d = openDb(db, { readonly: true });
        try {
          const row = d.prepare('SELECT status FROM health_timeline ORDER BY id DESC LIMIT 1').get() as { status: string } | undefined;
          if (row) return row.status;
        } finally {
          d.close();
        }
      } catch {
        /* not there yet */
      }
    }
    await sleep(100);
  }
  return null;
}

// --- faults --------------------------------------------------------------------------------------------
async function workerPid(home: string, id: string): Promise<number | null> {
  const sock = join(home, 'oro.sock');
  for (const pid of await listPids()) {
    const p = await readProcess(pid);
    if (!p || p.state === 'Z') continue;
    const a = p.argv;
    const at = (flag: string): string | undefined => a[a.indexOf(flag) + 1];
    if (a.includes('worker') && a.includes('--id') && at('--id') === id && at('--socket') === sock) return pid;
  }
  return null;
}
async function inject(fault: Fault, s: Swarm, trial: number): Promise<{ target: string; pid: number }> {
  let pid: number | null = null;
  let target = '';
  if (fault === 'worker') {
    const id = `w-${(trial % faultWorkers) + 1}`;
    target = `worker:${id}`;
    pid = await workerPid(s.home, id);
  } else if (fault === 'pane') {
    target = 'pane:architect';
    const r = await execa('tmux', ['-L', s.tmuxSocket, 'display', '-p', '-t', '=oro:architect', '#{pane_pid}'], {
      reject: false,
      timeout: 5000,
    });
    pid = Number(String(r.stdout).trim()) || null;
  } else {
    target = 'daemon';
    pid = Number(readFileSync(join(s.home, 'oro.pid'), 'utf8').trim()) || null;
  }
  if (pid === null) throw new Error(`no process found for ${target}`);
  process.kill(pid, 'SIGKILL');
  return { target, pid };
}

interface Trial {
  fault: Fault;
  interval: number;
  recovered: boolean;
  /** seconds from the fault */
  detect: number | null;
  action: number | null;
  supHealthy: number | null;
  checkHealthy: number | null;
  note: string | null;
}
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tail = (lines: Line[], n: number): string =>
  lines
    .slice(-n)
    .map((l) => `      ${l.text}`)
    .join('\n');

async function runTrial(fault: Fault, interval: number, i: number, s: Swarm): Promise<Trial> {
  const state = scratchState();
  const sup = startSupervisor(faultProg, s.home, state, interval);
  const res: Trial = { fault, interval, recovered: false, detect: null, action: null, supHealthy: null, checkHealthy: null, note: null };
  try {
    const first = await firstPass(sup, state, 60_000);
    if (first === null) {
      res.note = `the supervisor made no pass within 60 s (exit ${sup.proc.exitCode}):\n${tail(sup.lines, 10)}`;
      return res;
    }
    // a fault comes at any moment between two refreshes: one more interval, then a random phase
    await sleep(interval * 1000 * (1 + Math.random()));
    const mark = sup.lines.length;
    let injected: { target: string; pid: number };
    try {
      injected = await inject(fault, s, i);
    } catch (err) {
      res.note = `no fault injected: ${err instanceof Error ? err.message : String(err)}`;
      return res;
    }
    const { target, pid } = injected;
    const t0 = Date.now();
    const deadline = t0 + timeoutS * 1000;
    const after = (): Line[] => sup.lines.slice(mark);
    const tg = esc(target);
    const reIncident = new RegExp(`incident #\\d+ ${tg} `);
    const reStart = new RegExp(` ${tg}: \\S+ \\(attempt \\d+ of \\d+\\): `);
    const reEnd = new RegExp(` ${tg}: \\S+(?: #\\d+)? \\(attempt \\d+ of \\d+\\) (succeeded|failed|not done)`);
    const reHealthy = new RegExp(` ${tg}: healthy again`);
    const find = (re: RegExp): Line | undefined => after().find((l) => re.test(l.text));
    let sawUnhealthy = false;
    const healthy = await untilHealthy(faultProg, s.home, state, deadline, (c) => {
      // a check that ran before the fault showed is not a recovery
      if (c.code !== 0) sawUnhealthy = true;
      return sawUnhealthy || (find(reEnd)?.t ?? Infinity) < c.start;
    });
    if (healthy.run) {
      res.checkHealthy = (healthy.run.end - t0) / 1000;
      // the supervisor says "healthy again" on its next pass
      while (!find(reHealthy) && Date.now() < Math.min(deadline, healthy.run.end + 10_000 + interval * 2000)) await sleep(50);
    }
    const inc = find(reIncident);
    const st = find(reStart);
    const en = find(reEnd);
    const ok = find(reHealthy);
    res.detect = inc ? (inc.t - t0) / 1000 : null;
    res.action = st && en ? (en.t - st.t) / 1000 : null;
    res.supHealthy = ok ? (ok.t - t0) / 1000 : null;
    res.recovered = healthy.run !== null;
    const attempts = after().filter((l) => reStart.test(l.text)).length;
    const others = after().filter((l) => /incident #\d+ /.test(l.text) && !reIncident.test(l.text));
    const notes: string[] = [];
    if (!res.recovered)
      notes.push(
        `not healthy within ${timeoutS} s (PID ${pid} killed; last check exit ${healthy.last?.code}: ${healthy.last?.stdout.split('\n').find((l) => /✗|!|dead|degraded/.test(l)) ?? ''})`,
      );
    if (attempts > 1) notes.push(`${attempts} attempts`);
    if (en && !/succeeded/.test(en.text)) notes.push(`action: ${en.text.replace(/^\S+ /, '')}`);
    if (res.recovered && !en) notes.push('healthy again without a recovery by the supervisor');
    if (others.length) notes.push(`other incidents: ${others.map((l) => l.text.replace(/^\S+ /, '')).join(' | ')}`);
    if (notes.length) res.note = `${notes.join('; ')}${res.recovered ? '' : `\n    the supervisor's last lines:\n${tail(sup.lines, 12)}`}`;
    return res;
  } finally {
    await sup.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

// --- statistics and tables -----------------------------------------------------------------------
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
};
const stat = (xs: (number | null)[]): string => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? 'n/a' : `${pct(v, 50).toFixed(2)} / ${pct(v, 95).toFixed(2)} / ${Math.max(...v).toFixed(2)}`;
};

async function faultBench(): Promise<void> {
  const results: Trial[] = [];
  const notes: string[] = [];
  let s: Swarm | null = null;
  const checkState = scratchState();
  try {
    for (const interval of intervals)
      for (const fault of faults)
        for (let i = 0; i < trials; i++) {
          stillOn();
          // a healthy swarm to start from: the old one if it is, else a fresh one
          if (s && !(await untilHealthy(faultProg, s.home, checkState, Date.now() + 30_000)).run) {
            notes.push(`swarm not healthy 30 s after the previous trial: replaced by a fresh one`);
            await s.down();
            s = null;
          }
          if (!s) {
            s = await newSwarm(faultWorkers, false);
            if (!(await untilHealthy(faultProg, s.home, checkState, Date.now() + 60_000)).run)
              throw new Error('a fresh swarm did not read healthy within 60 s');
          }
          await sleep(500);
          const r = await runTrial(fault, interval, i, s);
          results.push(r);
          process.stderr.write(
            `  ${fault} @${interval}s #${i + 1}: ${r.recovered ? `healthy (check) after ${r.checkHealthy?.toFixed(2)} s` : 'NOT RECOVERED'}; load ${loadavg()}\n`,
          );
          if (r.note) notes.push(`${fault}, --interval ${interval}, trial ${i + 1}: ${r.note}`);
        }
  } finally {
    await s?.down();
  }
  console.log(
    `\nFault to healthy again: oro-top supervise --auto-restart (${exe ? 'single executable' : 'bundle on node'}), ${faultWorkers} workers, ${trials} trial(s) each; seconds, p50 / p95 / max`,
  );
  console.log(
    '| fault | --interval | recovered | fault -> incident logged (detection) | recovery action (start -> succeeded) | fault -> "healthy again" logged | fault -> check exits 0 |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const label: Record<Fault, string> = { worker: 'worker kill -9', pane: 'architect pane process kill -9', daemon: 'daemon kill -9' };
  for (const interval of intervals)
    for (const fault of faults) {
      const rs = results.filter((r) => r.fault === fault && r.interval === interval);
      const ok = rs.filter((r) => r.recovered);
      console.log(
        `| ${label[fault]} | ${interval} | ${ok.length}/${rs.length} | ${stat(ok.map((r) => r.detect))} | ${stat(ok.map((r) => r.action))} | ${stat(ok.map((r) => r.supHealthy))} | ${stat(ok.map((r) => r.checkHealthy))} |`,
      );
    }
  const cd = checkDurations.length ? pct(checkDurations, 50) : 0;
  console.log(
    `check is polled 100 ms after the previous one ended; one check took ${cd} ms (p50 of ${checkDurations.length}), the resolution of the last column`,
  );
  for (const n of notes) console.log(`note: ${n}`);
}

// --- idle cost -------------------------------------------------------------------------------------
function ticks(pid: number): { own: number; withChildren: number } {
  const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  const own = Number(f[11]) + Number(f[12]); // utime stime
  return { own, withChildren: own + Number(f[13]) + Number(f[14]) }; // + cutime cstime
}
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
interface Cost {
  cpu: number;
  cpuChildren: number;
  rssMaxMb: number;
}
/** CPU % of one core and the largest RSS of each PID over the same window. */
async function measure(pids: number[], s: number): Promise<Cost[]> {
  const t0 = pids.map(ticks);
  const rss = pids.map(rssKb);
  const start = Date.now();
  while (Date.now() - start < s * 1000) {
    stillOn();
    await sleep(500);
    pids.forEach((p, k) => {
      rss[k] = Math.max(rss[k]!, rssKb(p));
    });
  }
  const el = (Date.now() - start) / 1000;
  return pids.map((p, k) => {
    const t1 = ticks(p);
    return {
      cpu: ((t1.own - t0[k]!.own) / clkTck / el) * 100,
      cpuChildren: ((t1.withChildren - t0[k]!.withChildren) / clkTck / el) * 100,
      rssMaxMb: rss[k]! / 1024,
    };
  });
}

async function idleBench(): Promise<void> {
  const s = await newSwarm(idleWorkers, pool);
  const htopSock = `oro-top-bench-sup-htop-${process.pid}`;
  const killHtop = onCleanup(() => killTmux(htopSock));
  const rows: string[] = [];
  const idleNotes: string[] = [];
  try {
    const checkState = scratchState();
    const h = await untilHealthy(bundle, s.home, checkState, Date.now() + 60_000);
    const swarmState = h.run ? 'healthy' : `NOT healthy (check exit ${h.last?.code})`;
    const htopConf = join(benchDir, 'htop-config');
    mkdirSync(htopConf, { recursive: true });
    await execa(
      'tmux',
      [
        '-L',
        htopSock,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        'h',
        '-x',
        '80',
        '-y',
        '24',
        '-e',
        `XDG_CONFIG_HOME=${htopConf}`,
        'htop',
        '--no-mouse',
      ],
      { timeout: 10_000 },
    );
    const htopPid = Number(
      (await execa('tmux', ['-L', htopSock, 'display', '-p', '-t', 'h', '#{pane_pid}'], { timeout: 5000 })).stdout.trim(),
    );
    const comm = readFileSync(`/proc/${htopPid}/comm`, 'utf8').trim();
    if (comm !== 'htop') throw new Error(`the htop pane runs ${comm}, not htop`);
    const progs: [string, string[]][] = [['bundle (node dist/oro-top.cjs)', bundle]];
    if (exe) progs.push([`single executable (${exe})`, [exe]]);
    for (const [name, prog] of progs) {
      const state = scratchState();
      const sup = startSupervisor(prog, s.home, state, null);
      try {
        const first = await firstPass(sup, state, 60_000);
        if (first === null) throw new Error(`${name}: the supervisor made no pass within 60 s:\n${tail(sup.lines, 10)}`);
        await sleep(3000); // past start-up
        const mark = sup.lines.length;
        const load0 = loadavg();
        const [c, hc] = await measure([sup.proc.pid!, htopPid], seconds);
        const inWindow = sup.lines.slice(mark);
        const logged = inWindow.length;
        for (const l of inWindow) idleNotes.push(`${name} logged in the window: ${l.text}`);
        rows.push(
          `| supervise, ${name} | ${c!.cpu.toFixed(2)} | ${c!.cpuChildren.toFixed(2)} | ${c!.rssMaxMb.toFixed(1)} | ${hc!.cpu.toFixed(2)} | ${hc!.rssMaxMb.toFixed(1)} | ${hc!.cpu > 0 ? (c!.cpu / hc!.cpu).toFixed(1) : 'n/a'}x | ${(c!.rssMaxMb / hc!.rssMaxMb).toFixed(1)}x | ${first} | ${logged} | ${load0} -> ${loadavg()} |`,
        );
      } finally {
        await sup.stop();
        rmSync(state, { recursive: true, force: true });
      }
    }
    console.log(
      `\nSupervisor idle cost: supervise --auto-restart --interval 2 (default) on a ${swarmState} ${idleWorkers}-worker swarm (${pool ? 'one pool process hosts the worker connections' : 'a process per worker'}), ${seconds} s window each; htop idle (default delay 1.5 s) in tmux at 80x24 over the same window; CPU in % of one core (CLK_TCK ${clkTck})`,
    );
    console.log(
      '| process | CPU % (utime+stime) | CPU % with reaped children (tmux ...) | RSS max MiB | htop CPU % | htop RSS max MiB | CPU vs htop | RSS vs htop | first pass saw | lines logged in the window | load avg before -> after |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
    for (const n of idleNotes) console.log(`note: ${n}`);
  } finally {
    await killHtop();
    await s.down();
  }
}

console.log(
  `bench-supervise ${new Date().toISOString()}; ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} CPUs; load average at start ${loadavg()}`,
);
try {
  if (!args.includes('--skip-faults')) await faultBench();
  if (!args.includes('--skip-idle')) await idleBench();
  console.log(`\nload average at the end ${loadavg()}`);
} catch (err) {
  if (!interrupted) {
    console.error(`bench-supervise: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
} finally {
  if (!interrupted) await cleanupAll();
}
