import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isStoppedState,
  parseCmdline,
  parseLoadavg,
  parseMeminfo,
  parseProcStat,
  parseSchedExecStart,
  parseSystemStat,
  parseUptime,
} from '../../src/system/proc-parse.js';

// captured on this machine: a reference worker, and a process whose name holds spaces and ')'
const WORKER_STAT =
  '4539 (node) S 4532 4539 4539 0 -1 4194304 5085 0 0 0 16 1 0 0 20 0 7 0 112674 957911040 14364 18446744073709551615 11988992 39846385 140732184272464 0 0 0 0 16781312 17922 0 0 0 17 1 0 0 0 0 0 90418888 90555584 1103540224 140732184279593 140732184279686 140732184279686 140732184281066 0\n';

test('parseProcStat reads pid, state, parents, cpu, start and rss', () => {
  const s = parseProcStat(WORKER_STAT);
  assert.deepEqual(s, { pid: 4539, comm: 'node', state: 'S', ppid: 4532, pgid: 4539, cpuTicks: 17, startTicks: 112674, rssPages: 14364 });
});

test('parseProcStat copes with spaces and parentheses in the command name', () => {
  const s = parseProcStat('77 (my (odd) name) Z 1 77 77 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 999 0 0 0');
  assert.equal(s?.comm, 'my (odd) name');
  assert.equal(s?.state, 'Z');
  assert.equal(s?.cpuTicks, 11);
  assert.equal(s?.startTicks, 999);
});

test('parseProcStat rejects garbage', () => {
  assert.equal(parseProcStat(''), null);
  assert.equal(parseProcStat('12 (x'), null);
  assert.equal(parseProcStat('12 (x) S 1 2'), null);
});

test('parseCmdline splits on NUL and drops the trailing one', () => {
  assert.deepEqual(parseCmdline('/usr/bin/node\0oro-top.cjs\0ref-oro\0worker\0--id\0w-1\0'), [
    '/usr/bin/node',
    'oro-top.cjs',
    'ref-oro',
    'worker',
    '--id',
    'w-1',
  ]);
  assert.deepEqual(parseCmdline(''), []);
});

test('parseSystemStat reads boot time, cpu totals and cpu count', () => {
  const text =
    'cpu  15519 0 2592 62893 203 0 46 1039 0 0\ncpu0 7624 0 1103 31885 8 0 14 487 0 0\ncpu1 7895 0 1489 31007 194 0 31 551 0 0\nintr 1\nbtime 1795384358\n';
  assert.deepEqual(parseSystemStat(text), {
    bootTimeS: 1795384358,
    cpu: { total: 15519 + 2592 + 62893 + 203 + 46 + 1039, idle: 62893 + 203 },
    cpuCount: 2,
  });
  assert.equal(parseSystemStat('nothing'), null);
});

test('parseMeminfo prefers MemAvailable', () => {
  assert.deepEqual(parseMeminfo('MemTotal:       24684092 kB\nMemFree:        24503772 kB\nMemAvailable:   24435880 kB\n'), {
    totalKb: 24684092,
    availableKb: 24435880,
  });
  assert.deepEqual(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\n'), { totalKb: 100, availableKb: 35 });
  assert.equal(parseMeminfo('junk'), null);
});

test('parseLoadavg', () => {
  assert.deepEqual(parseLoadavg('0.09 0.30 0.17 1/77 2609\n'), [0.09, 0.3, 0.17]);
  assert.equal(parseLoadavg('x y z'), null);
});

// captured on this machine: a `sleep` stopped with SIGSTOP (state T), its /proc/PID/sched head and /proc/uptime
const STOPPED_STAT =
  '8838 (bash) T 8834 8834 5004 0 -1 4194368 1 0 0 0 0 0 0 0 20 0 1 0 452655 4595712 89 18446744073709551615 94385268723712 94385269513117 140723611746320 0 0 0 81922 0 81920 1 0 0 17 1 0 0 0 0 0 94385269746416 94385269794660 94386056761344 140723611749242 140723611749257 140723611749257 140723611750378 19\n';
const SCHED =
  'bash (8838, #threads: 1)\n-------------------------------------------------------------------\nse.exec_start                                :       4526392.079425\nse.vruntime                                  :          1243.251955\nse.sum_exec_runtime                          :             0.147568\n';

test('a stopped process: state T (and t) is stopped; sched tells when it last ran', () => {
  assert.equal(parseProcStat(STOPPED_STAT)?.state, 'T');
  assert.equal(isStoppedState('T'), true);
  assert.equal(isStoppedState('t'), true);
  assert.equal(isStoppedState('S'), false);
  assert.equal(isStoppedState('Z'), false);
  assert.equal(parseSchedExecStart(SCHED), 4526392.079425);
  assert.equal(parseSchedExecStart('no such line\n'), null);
  assert.equal(parseUptime('4526.85 8794.10\n'), 4526.85);
  assert.equal(parseUptime(''), null);
});
