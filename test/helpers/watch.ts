// Runs `oro-top snapshot --watch --json` as a real process and hands out its JSON lines.
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { BUNDLE } from './cli.js';

export interface Watcher {
  /** the next snapshot line (waits for it) */
  next(timeoutMs?: number): Promise<Record<string, any>>;
  /** reads lines until `pred` holds; returns that line and how many lines it took */
  until(
    pred: (s: Record<string, any>) => boolean,
    maxLines: number,
    timeoutMs?: number,
  ): Promise<{ snap: Record<string, any>; lines: number }>;
  stop(): Promise<string>;
  raw: string[];
}

export function watchSnapshots(args: string[], env: Record<string, string> = {}): Watcher {
  const child: ResultPromise = execa(process.execPath, [BUNDLE, 'snapshot', '--watch', '--json', ...args], {
    reject: false,
    env: { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-test', ...env },
    stdin: 'ignore',
  });
  const queue: string[] = [];
  const raw: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    raw.push(l);
    const w = waiters.shift();
    if (w) w(l);
    else queue.push(l);
  });
  const next = (timeoutMs = 15_000): Promise<Record<string, any>> =>
    new Promise((resolve, reject) => {
      const q = queue.shift();
      if (q !== undefined) return resolve(JSON.parse(q));
      const t = setTimeout(() => reject(new Error('no snapshot line in time')), timeoutMs);
      waiters.push((l) => {
        clearTimeout(t);
        resolve(JSON.parse(l));
      });
    });
  return {
    raw,
    next,
    async until(pred, maxLines, timeoutMs) {
      for (let i = 1; i <= maxLines; i++) {
        const snap = await next(timeoutMs);
        if (pred(snap)) return { snap, lines: i };
      }
      throw new Error(`condition not met within ${maxLines} snapshots`);
    },
    async stop() {
      child.kill('SIGTERM');
      const r = await child;
      return String(r.stderr ?? '');
    },
  };
}
