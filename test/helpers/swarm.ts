// A real reference swarm in a fresh temporary home, on its own private tmux server.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { openDb } from '../../src/system/sqlite.js';
import { killTmuxServer } from '../../src/system/tmux.js';
import { oroTop } from './cli.js';

export interface TestSwarm {
  home: string;
  tmuxSocket: string;
  daemonLog: string;
  down(): Promise<void>;
  tmux(args: string[]): Promise<string>;
}

export async function startSwarm(
  opts: { workers?: number; chaos?: string; stepMs?: number; shutdownTimeoutS?: number } = {},
): Promise<TestSwarm> {
  const home = mkdtempSync(join(tmpdir(), 'oro-top-test-'));
  const tmuxSocket = `oro-top-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const args = ['swarm', 'up', '--home', home, '--workers', String(opts.workers ?? 3), '--tmux-socket', tmuxSocket];
  if (opts.chaos) args.push('--chaos', opts.chaos);
  if (opts.stepMs) args.push('--step-ms', String(opts.stepMs));
  if (opts.shutdownTimeoutS) args.push('--shutdown-timeout', String(opts.shutdownTimeoutS));
  const r = await oroTop(args);
  if (r.exitCode !== 0) {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`swarm up failed (${r.exitCode}): ${r.stderr}${r.stdout}`);
  }
  const manifest = JSON.parse(readFileSync(join(home, 'reference-swarm.json'), 'utf8')) as { daemon_log: string };
  return {
    home,
    tmuxSocket,
    daemonLog: manifest.daemon_log,
    async down() {
      await oroTop(['swarm', 'down', '--home', home]);
      await killTmuxServer(tmuxSocket);
      rmSync(home, { recursive: true, force: true });
    },
    async tmux(a: string[]) {
      const t = await execa('tmux', ['-L', tmuxSocket, ...a], { reject: false });
      return String(t.stdout);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (not undefined) or the time runs out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(150);
  }
}

/** Each bead's saved progress in the reference swarm's state.db (to check no work went backwards). */
export function beadProgress(home: string): Map<string, number> {
  const db = openDb(join(home, 'state.db'), { readonly: true });
  try {
    return new Map(
      (db.prepare('SELECT id, progress FROM ref_beads').all() as { id: string; progress: number }[]).map((b) => [b.id, b.progress]),
    );
  } finally {
    db.close();
  }
}

/** Wraps a test body with a fresh swarm and a fresh oro-top state folder, both removed afterwards. */
export function withSwarm(opts: Parameters<typeof startSwarm>[0], fn: (s: TestSwarm, state: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const s = await startSwarm(opts);
    const state = mkdtempSync(join(tmpdir(), 'oro-top-state-'));
    try {
      await fn(s, state);
    } finally {
      await s.down();
      rmSync(state, { recursive: true, force: true });
    }
  };
}
