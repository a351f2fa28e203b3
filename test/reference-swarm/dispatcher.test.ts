// The reference dispatcher speaks the contract: directives, SIGTERM rules, and a drain that
// loses no work.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendDirective } from '../../src/system/oro-socket.js';
import { openDb } from '../../src/system/sqlite.js';
import { parseHealthDetail } from '../../src/oro/health-detail.js';
import { readProcess } from '../../src/system/procfs.js';
import { oroTopJson } from '../helpers/cli.js';
import { eventually, sleep, startSwarm } from '../helpers/swarm.js';

type Bead = { id: string; status: string; progress: number };
const beads = (home: string): Map<string, Bead> => {
  const db = openDb(join(home, 'state.db'), { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, status, progress FROM ref_beads').all() as Bead[]).map((b) => [b.id, b]));
  } finally {
    db.close();
  }
};
const ack = async (home: string, op: string, args = ''): Promise<{ ok: boolean; detail: string }> => {
  const r = await sendDirective(join(home, 'oro.sock'), op, args, 2000);
  assert.equal(r.kind, 'answered', `${op}: ${r.kind}`);
  return (r as { ack: { ok: boolean; detail: string } }).ack;
};

describe('reference dispatcher', () => {
  test('directives: invalid, status, pause/resume, worker-logs, kill-worker', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 200 });
    try {
      assert.deepEqual(await ack(s.home, 'no-such-op'), { ok: false, detail: 'invalid directive' });
      const status = JSON.parse((await ack(s.home, 'status')).detail);
      assert.equal(status.state, 'running');
      assert.equal(status.worker_count, 2);
      assert.equal(status.target_count, 2);
      assert.equal(status.progress_timeout_secs, 600);
      assert.deepEqual(await ack(s.home, 'pause'), { ok: true, detail: 'paused' });
      assert.equal(JSON.parse((await ack(s.home, 'health')).detail).daemon.state, 'paused');
      assert.deepEqual(await ack(s.home, 'resume'), { ok: true, detail: 'resumed' });
      await sleep(500);
      const logs = await ack(s.home, 'worker-logs', 'w-1 3');
      assert.equal(logs.ok, true);
      assert.equal(logs.detail.split('\n').length, 3);
      const { json } = await oroTopJson(['snapshot', '--json', '--home', s.home]);
      const w2 = (json.workers as any[]).find((w) => w.id === 'w-2');
      assert.deepEqual(await ack(s.home, 'kill-worker', 'w-2'), { ok: true, detail: 'killed w-2' });
      await eventually(async () => ((await readProcess(w2.pid)) === null ? true : undefined), 5000, 'w-2 gone');
      await eventually(
        async () => (parseHealthDetail((await ack(s.home, 'health')).detail).workers.length === 1 ? true : undefined),
        5000,
        'w-2 dropped',
      );
    } finally {
      await s.down();
    }
  });

  test('SIGTERM is ignored until a shutdown directive authorises it', async () => {
    const s = await startSwarm({ workers: 1 });
    try {
      const pid = Number(readFileSync(join(s.home, 'oro.pid'), 'utf8'));
      process.kill(pid, 'SIGTERM');
      await sleep(500);
      assert.ok(await readProcess(pid), 'still running after an unauthorised SIGTERM');
      assert.match(readFileSync(s.daemonLog, 'utf8'), /SIGTERM ignored/);
      assert.deepEqual(await ack(s.home, 'shutdown'), { ok: true, detail: 'shutdown authorized' });
      process.kill(pid, 'SIGTERM');
      await eventually(async () => ((await readProcess(pid)) === null ? true : undefined), 10_000, 'daemon exit');
    } finally {
      await s.down();
    }
  });

  test('restart-daemon: ACK, drain with approvals, in-progress beads requeued with their progress, exit 0', async () => {
    const s = await startSwarm({ workers: 3, stepMs: 150 });
    try {
      await sleep(800); // some progress
      const pid = Number(readFileSync(join(s.home, 'oro.pid'), 'utf8'));
      const first = await ack(s.home, 'restart-daemon');
      assert.deepEqual(first, { ok: true, detail: 'restarting daemon' });
      const second = await sendDirective(join(s.home, 'oro.sock'), 'restart-daemon', '', 2000);
      if (second.kind === 'answered') assert.deepEqual(second.ack, { ok: false, detail: 'restart already in progress' });
      await eventually(async () => ((await readProcess(pid)) === null ? true : undefined), 10_000, 'daemon exit');
      assert.equal(existsSync(join(s.home, 'oro.sock')), false, 'socket removed');
      assert.equal(existsSync(join(s.home, 'oro.pid')), false, 'PID file removed');
      const log = readFileSync(s.daemonLog, 'utf8');
      assert.equal((log.match(/approved shutdown/g) ?? []).length, 3, log);
      assert.match(log, /dispatcher exiting \(restart-daemon\)/);
      const after = beads(s.home);
      assert.equal([...after.values()].filter((b) => b.status === 'active').length, 0, 'no bead left active');
      const handedOff = [...after.values()].filter((b) => b.status === 'pending' && b.progress > 0);
      assert.ok(handedOff.length >= 1, 'in-progress beads kept their progress');
    } finally {
      await s.down();
    }
  });

  test('a worker that never approves: the drain ends at the deadline and its bead is requeued', async () => {
    const s = await startSwarm({ workers: 2, stepMs: 150, chaos: 'worker-no-approve=w-1', shutdownTimeoutS: 1 });
    try {
      await sleep(500);
      const pid = Number(readFileSync(join(s.home, 'oro.pid'), 'utf8'));
      const t0 = Date.now();
      await ack(s.home, 'restart-daemon');
      await eventually(async () => ((await readProcess(pid)) === null ? true : undefined), 10_000, 'daemon exit');
      const took = Date.now() - t0;
      assert.ok(took >= 1000 && took < 6000, `drain took ${took} ms`);
      const log = readFileSync(s.daemonLog, 'utf8');
      assert.match(log, /worker w-1 did not approve within 1s: hard SHUTDOWN/);
      assert.equal([...beads(s.home).values()].filter((b) => b.status === 'active').length, 0);
    } finally {
      await s.down();
    }
  });

  test('chaos: a crashing worker shows as dead in oro-top', async () => {
    const s = await startSwarm({ workers: 2, chaos: 'worker-crash=w-2@1' });
    try {
      const json = await eventually(
        async () => {
          const { json } = await oroTopJson(['snapshot', '--json', '--home', s.home]);
          return (json.workers as any[]).find((w) => w.id === 'w-2')?.status === 'dead' ? json : undefined;
        },
        8000,
        'w-2 dead',
      );
      assert.match((json.workers as any[])[1].reason, /process gone/);
      assert.match(readFileSync(join(s.home, 'workers', 'w-2', 'output.log'), 'utf8'), /panic: runtime error/);
      assert.ok((json.escalations as any).pending >= 1 || /exited with status 1|connection lost/.test(readFileSync(s.daemonLog, 'utf8')));
    } finally {
      await s.down();
    }
  });
});
