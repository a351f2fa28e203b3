// Measures the dashboard as a user runs it: oro-top in a private tmux server (80x24) against a
// 100-worker reference swarm. Reports time to the first frame with data, CPU % over 30 s, bytes
// written to the terminal per second, and RSS — once with the swarm working, once paused (then
// nothing but ages changes on screen).
//   npm run bench:tui                      # the bundle (node dist/oro-top.cjs)
//   npm run bench:tui -- --exe dist/oro-top # the single executable (npm run build first)
//   npm run bench:tui -- --workers 10 --seconds 10
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { sendDirective } from '../src/system/oro-socket.js';
import { swarmDown } from '../src/reference-swarm/down.js';
import { swarmUp } from '../src/reference-swarm/up.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const workers = Number(opt('workers', '100'));
const seconds = Number(opt('seconds', '30'));
const exe = args.includes('--exe') ? resolve(opt('exe', 'dist/oro-top')) : null;
const root = new URL('..', import.meta.url).pathname;

function procTicks(pid: number): number {
  const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // utime stime cutime cstime
}
const wchar = (pid: number): number => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function window(pid: number, s: number): Promise<{ cpuPct: number; bytesPerS: number }> {
  const t0 = procTicks(pid);
  const w0 = wchar(pid);
  const start = Date.now();
  await sleep(s * 1000);
  const el = (Date.now() - start) / 1000;
  return { cpuPct: ((procTicks(pid) - t0) / 100 / el) * 100, bytesPerS: (wchar(pid) - w0) / el };
}

const home = mkdtempSync(join(tmpdir(), 'oro-top-bench-tui-'));
const server = `oro-top-bench-${process.pid}`;
const timing = join(home, 'timing.txt');
try {
  await swarmUp({ home, workers, pool: workers > 10, timeoutMs: 120_000 });
  const prog = exe ? [exe] : [process.execPath, join(root, 'dist', 'oro-top.cjs')];
  const env = ['-e', 'LANG=C.UTF-8', '-e', `ORO_TOP_TIMING_FILE=${timing}`, '-e', 'NODE_OPTIONS='];
  await execa('tmux', [
    '-L',
    server,
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    'b',
    '-x',
    '80',
    '-y',
    '24',
    ...env,
    ...prog,
    '--home',
    home,
  ]);
  const pid = Number((await execa('tmux', ['-L', server, 'display', '-p', '-t', 'b', '#{pane_pid}'])).stdout.trim());
  for (let i = 0; i < 200 && !readFileSafe(timing); i++) await sleep(50);
  const timingText = readFileSafe(timing);
  const first = /first_frame_ms ([\d.]+)/.exec(timingText)?.[1] ?? 'n/a';
  const phases = timingText
    .split('\n')
    .filter((l) => l && !l.startsWith('first_frame_ms'))
    .join(', ');
  await sleep(3000); // past start-up
  const busy = await window(pid, seconds);
  await sendDirective(join(home, 'oro.sock'), 'pause', '', 2000);
  await sleep(4000); // workers finish their step and go quiet
  const quiet = await window(pid, seconds);
  const rss = rssMb(pid);
  const screen = (await execa('tmux', ['-L', server, 'capture-pane', '-p', '-t', 'b'])).stdout;
  console.log(
    `oro-top dashboard, ${exe ? 'single executable' : 'bundle on node'}, ${workers} workers, 80x24, refresh 2 s, ${seconds} s windows`,
  );
  console.log(`| measure | value | goal |`);
  console.log(`|---|---|---|`);
  console.log(`| first frame with data (ms since process start) | ${first} | <= 200 (executable) |`);
  console.log(`| CPU, swarm working | ${busy.cpuPct.toFixed(2)} % of a core | |`);
  console.log(`| CPU, swarm paused (only ages change) | ${quiet.cpuPct.toFixed(2)} % of a core | <= 1 % |`);
  console.log(`| bytes to the terminal, swarm working | ${busy.bytesPerS.toFixed(0)} B/s | |`);
  console.log(`| bytes to the terminal, only ages change | ${quiet.bytesPerS.toFixed(0)} B/s | <= 1024 B/s |`);
  console.log(`| RSS | ${rss.toFixed(1)} MiB | <= 120 MiB |`);
  console.log(`start-up marks (ms since process start): ${phases}`);
  if (!/Swarm Health/.test(screen)) console.log(`WARNING: the screen did not show the overview:\n${screen}`);
} finally {
  await execa('tmux', ['-L', server, 'kill-server'], { reject: false });
  await swarmDown(home).catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}
