import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeIdentity, parsePidText, readPidFile } from '../../src/collectors/pid-file.js';
import { withDerived, type ProcessInfo } from '../../src/system/procfs.js';
import { parseCmdline, parseProcStat } from '../../src/system/proc-parse.js';

const proc = (over: Partial<ProcessInfo>): ProcessInfo => ({
  pid: 4242,
  comm: 'oro',
  state: 'S',
  ppid: 1,
  pgid: 4242,
  cpuTicks: 0,
  startTicks: 0,
  rssPages: 0,
  argv: ['oro', 'start', '--daemon-only', '--workers', '2'],
  startedAtS: 1000,
  rssBytes: 0,
  ...over,
});
const DAEMON = /--daemon-only/;

test('parsePidText: decimal PID, newline optional, nothing else', () => {
  assert.equal(parsePidText('4242\n'), 4242);
  assert.equal(parsePidText('4242'), 4242);
  assert.equal(parsePidText(' 4242 \n'), 4242);
  assert.equal(parsePidText('42x'), null);
  assert.equal(parsePidText(''), null);
  assert.equal(parsePidText('0'), null);
  assert.equal(parsePidText('-5'), null);
  assert.equal(parsePidText('99999999999'), null);
});

test('readPidFile: missing, corrupt, ok', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pidf-'));
  try {
    assert.equal((await readPidFile(join(dir, 'none'))).kind, 'missing');
    writeFileSync(join(dir, 'bad'), '\u0000\u0001garbage');
    const bad = await readPidFile(join(dir, 'bad'));
    assert.deepEqual(bad, { kind: 'corrupt', path: join(dir, 'bad'), problem: '9 bytes, not a decimal PID' });
    writeFileSync(join(dir, 'big'), 'x'.repeat(5000));
    assert.deepEqual(await readPidFile(join(dir, 'big')), { kind: 'corrupt', path: join(dir, 'big'), problem: '5000 bytes, not a PID' });
    writeFileSync(join(dir, 'empty'), '');
    assert.deepEqual(await readPidFile(join(dir, 'empty')), { kind: 'corrupt', path: join(dir, 'empty'), problem: 'empty' });
    symlinkSync(join(dir, 'ok'), join(dir, 'link'));
    const link = await readPidFile(join(dir, 'link'));
    assert.equal(link.kind, 'unreadable');
    assert.match((link as { message: string }).message, /symbolic link/);
    mkdirSync(join(dir, 'dir'));
    assert.match(((await readPidFile(join(dir, 'dir'))) as { message: string }).message, /a directory, not a regular file/);
    writeFileSync(join(dir, 'ok'), '123\n');
    utimesSync(join(dir, 'ok'), 2000, 2000);
    assert.deepEqual(await readPidFile(join(dir, 'ok')), { kind: 'ok', path: join(dir, 'ok'), pid: 123, writtenAtS: 2000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('judgeIdentity: the daemon, gone, zombie', () => {
  const pf = { pid: 4242, writtenAtS: 1001 };
  assert.deepEqual(judgeIdentity(pf, proc({}), DAEMON), { kind: 'daemon' });
  assert.deepEqual(judgeIdentity(pf, null, DAEMON), { kind: 'gone' });
  assert.deepEqual(judgeIdentity(pf, proc({ state: 'Z' }), DAEMON), { kind: 'zombie' });
});

test('judgeIdentity: a PID reused by another program is named, not trusted', () => {
  const id = judgeIdentity({ pid: 4242, writtenAtS: 1001 }, proc({ comm: 'sshd', argv: ['sshd: alice [priv]'] }), DAEMON);
  assert.equal(id.kind, 'reused');
  assert.match((id as { reason: string }).reason, /PID file names PID 4242, which is now 'sshd'/);
});

test('judgeIdentity: a daemon-looking process that started after the file was written is not the writer', () => {
  const id = judgeIdentity({ pid: 4242, writtenAtS: 1000 }, proc({ startedAtS: 1500 }), DAEMON);
  assert.equal(id.kind, 'reused');
  assert.match((id as { reason: string }).reason, /started after the PID file was written/);
});

test('judgeIdentity: the daemon just killed is a zombie (no command line left), not a reused PID', () => {
  // /proc/PID/stat and cmdline of an exited, unreaped process captured on this machine: the command
  // line is empty, the name stays
  const stat = parseProcStat(
    '8913 (sleep) Z 8911 8909 5004 0 -1 4227084 96 0 0 0 0 0 0 0 20 0 1 0 452981 0 0 18446744073709551615 0 0 0 0 0 0 0 6 0 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0',
  )!;
  const zombie = withDerived(stat, parseCmdline(''), 1000);
  assert.deepEqual(judgeIdentity({ pid: 8913, writtenAtS: zombie.startedAtS + 1 }, zombie, DAEMON), { kind: 'zombie' });
  // a zombie of a process that started after the file was written is not the daemon
  assert.equal(judgeIdentity({ pid: 8913, writtenAtS: zombie.startedAtS - 100 }, zombie, DAEMON).kind, 'reused');
});
