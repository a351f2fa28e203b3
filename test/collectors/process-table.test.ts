import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { isWorkerArgv, ProcessTableSampler } from '../../src/collectors/process-table.js';

test('a worker process is found on the very next sample, whatever ran under its PID before', async () => {
  const sampler = new ProcessTableSampler();
  await sampler.sample();
  // a process whose command line looks like a worker, started after the first sample
  const child = execa(process.execPath, ['-e', 'setTimeout(() => {}, 5000)', 'worker', '--socket', '/x.sock', '--id', 'w-test'], {
    reject: false,
  });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const t = await sampler.sample();
    const found = [...t.byPid.values()].find((p) => p.pid === child.pid);
    assert.ok(found, 'found at once');
    assert.ok(isWorkerArgv(found!.argv, '/x.sock'));
  } finally {
    child.kill('SIGKILL');
    await child;
  }
});

test('only interesting processes are returned, with CPU % measured between samples', async () => {
  const sampler = new ProcessTableSampler((argv) => argv.includes('--oro-top-cpu-probe'));
  const child = execa(process.execPath, ['-e', 'const e = Date.now() + 1500; while (Date.now() < e) {}', '--', '--oro-top-cpu-probe'], {
    reject: false,
  });
  try {
    await new Promise((r) => setTimeout(r, 300));
    await sampler.sample();
    await new Promise((r) => setTimeout(r, 500));
    const t = await sampler.sample();
    assert.equal(t.byPid.size, 1);
    const p = [...t.byPid.values()][0]!;
    assert.ok(p.cpuPct > 50, `a busy loop is busy: ${p.cpuPct}%`);
  } finally {
    child.kill('SIGKILL');
    await child;
  }
});

test("a child sampled before its exec (still showing its parent's command line) is recognised after it", async () => {
  const sampler = new ProcessTableSampler((argv) => argv.includes('--oro-top-exec-probe'));
  // sh forks, the child sleeps a little, then execs into a process whose argv is interesting
  const child = execa('sh', ['-c', 'sleep 0.4; exec node -e "setTimeout(()=>{},3000)" -- --oro-top-exec-probe'], { reject: false });
  try {
    await new Promise((r) => setTimeout(r, 100));
    const early = await sampler.sample();
    assert.equal([...early.byPid.values()].length, 0, 'not yet');
    await new Promise((r) => setTimeout(r, 700));
    const later = await sampler.sample();
    assert.equal([...later.byPid.values()].length, 1, 'found after the exec, same PID and start time');
  } finally {
    child.kill('SIGKILL');
    await child;
  }
});
