// Bad input on the host: clear one-line reasons, the right exit code, and nothing signalled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { oroTop, oroTopJson } from '../helpers/cli.js';
import { eventually, sleep } from '../helpers/swarm.js';

describe('bad input', () => {
  let home: string;
  const env = { TMUX_TMPDIR: '' };
  const args = (): string[] => ['--home', home, '--tmux-socket', `oro-top-absent-${process.pid}`];
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'oro-top-bad-'));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
  });

  test('no home at all: unreachable, exit 3', async () => {
    const r = await oroTop(['check', '--home', join(home, 'nope'), '--tmux-socket', `oro-top-absent-${process.pid}`], { env });
    assert.equal(r.exitCode, 3);
    assert.match(r.stdout, new RegExp(`overall\\s+○ unreachable\\s+oro home ${join(home, 'nope')} does not exist`));
  });

  test('an empty home, no tmux server: unreachable, and every reason says why', async () => {
    const { code, json } = await oroTopJson(['snapshot', '--json', ...args()], { env });
    assert.equal(code, 0);
    assert.equal(json.overall, 'unreachable');
    assert.equal((json.daemon as any).reason, 'not running (no PID file, no socket)');
    assert.match((json.panes as any[])[0].reason, /^no tmux server running/);
  });

  test('a corrupt journal: one line naming the file and what to do, exit 70, the file untouched', async () => {
    const state = join(home, 'oro-top-state');
    mkdirSync(state, { mode: 0o700 });
    const junk = 'not a journal\n'.repeat(300);
    writeFileSync(join(state, 'journal.db'), junk);
    const r = await oroTop(['history', ...args()], { env: { ...env, ORO_TOP_STATE_DIR: state } });
    assert.equal(r.exitCode, 70);
    assert.equal(
      r.stderr,
      `oro-top: the journal ${join(state, 'journal.db')}: file is not a database; move it aside (mv ${join(state, 'journal.db')} ${join(state, 'journal.db')}.bad); oro-top's history will start empty`,
    );
    assert.equal(readFileSync(join(state, 'journal.db'), 'utf8'), junk);
    rmSync(state, { recursive: true });
  });

  test('a stale PID file (the process is gone)', async () => {
    const child = execa('true');
    const gone = { pid: child.pid };
    await child;
    writeFileSync(join(home, 'oro.pid'), `${gone.pid}\n`);
    const r = await oroTop(['check', ...args()], { env });
    assert.equal(r.exitCode, 2);
    assert.match(r.stdout, new RegExp(`^daemon\\s+○ dead\\s+PID file is stale: PID ${gone.pid} is gone; no socket file$`, 'm'));
  });

  test('a corrupt PID file', async () => {
    writeFileSync(join(home, 'oro.pid'), '\u001b[31mnot a pid\u0000\n');
    const r = await oroTop(['check', ...args()], { env });
    assert.equal(r.exitCode, 2);
    assert.match(r.stdout, /daemon\s+○ dead\s+PID file is corrupt \(16 bytes, not a decimal PID\); no socket file/);
    assert.doesNotMatch(r.stdout, /\u001b|\u0000|not a pid/);
  });

  test('a PID file that is a symbolic link or a pipe: reported as such, never read or quoted', async () => {
    const pidPath = join(home, 'oro.pid');
    rmSync(pidPath, { force: true });
    symlinkSync('/etc/passwd', pidPath);
    const link = await oroTop(['check', ...args()], { env });
    assert.equal(link.exitCode, 2);
    assert.match(link.stdout, /daemon\s+○ dead\s+PID file is unreadable \(it is a symbolic link, not a regular file; not read\)/);
    assert.doesNotMatch(link.stdout + link.stderr, /root/);
    const { json } = await oroTopJson(['snapshot', '--json', ...args()], { env });
    assert.doesNotMatch(JSON.stringify(json), /root:/);
    rmSync(pidPath);
    await execa('mkfifo', [pidPath]);
    // a pipe would block a plain read forever
    const fifo = await oroTop(['check', ...args()], { env, timeoutMs: 15_000 });
    assert.equal(fifo.exitCode, 2);
    assert.match(fifo.stdout, /PID file is unreadable \(it is a named pipe, not a regular file; not read\)/);
    rmSync(pidPath);
  });

  test('a PID reused by an unrelated process: reported, never signalled (check, snapshot and swarm down)', async () => {
    const marker = join(home, 'signals.txt');
    const victim = execa(
      process.execPath,
      [
        '-e',
        `
      const fs = require('fs');
      for (const s of ['SIGTERM','SIGINT','SIGHUP','SIGUSR1','SIGQUIT']) process.on(s, () => fs.appendFileSync(${JSON.stringify(marker)}, s + '\\n'));
      setInterval(() => {}, 1000);`,
      ],
      { reject: false },
    );
    try {
      await sleep(300);
      writeFileSync(join(home, 'oro.pid'), `${victim.pid}\n`);
      const r = await oroTop(['check', ...args()], { env });
      assert.equal(r.exitCode, 2);
      assert.match(
        r.stdout,
        new RegExp(
          `^daemon .*PID file names PID ${victim.pid}, which is now 'node' \\(/usr/bin/node -e const fs.*\\); not signalled; no socket file$`,
          'm',
        ),
      );
      await oroTop(['snapshot', '--json', ...args()], { env });
      writeFileSync(join(home, 'reference-swarm.json'), JSON.stringify({ tmux_socket: `oro-top-absent-${process.pid}` }));
      const down = await oroTop(['swarm', 'down', '--home', home], { env });
      assert.equal(down.exitCode, 0, down.stderr);
      await sleep(200);
      assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', '', 'the unrelated process received no signal');
      assert.equal(victim.exitCode, null, 'still running');
    } finally {
      rmSync(join(home, 'reference-swarm.json'), { force: true });
      victim.kill('SIGKILL');
      await victim;
    }
  });

  test('a dead socket file (nobody listening) is called stale', async () => {
    rmSync(join(home, 'oro.pid'), { force: true });
    const sock = join(home, 'oro.sock');
    // a process that binds the socket and dies without removing it
    await execa(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.exit(0))`]);
    assert.ok(existsSync(sock));
    const { json } = await oroTopJson(['snapshot', '--json', ...args()], { env });
    assert.equal((json.daemon as any).status, 'dead');
    assert.equal((json.daemon as any).reason, 'not running (no PID file; socket file is stale (nobody listening))');
    rmSync(sock);
  });

  test('a socket that accepts but never answers is called frozen', async () => {
    const sock = join(home, 'oro.sock');
    const frozen = execa(
      process.execPath,
      ['-e', `require('net').createServer(() => {}).listen(${JSON.stringify(sock)}, () => console.log('up'))`],
      { reject: false },
    );
    try {
      await eventually(async () => (existsSync(sock) ? true : undefined), 5000, 'frozen socket');
      const { json } = await oroTopJson(['snapshot', '--json', ...args()], { env });
      assert.match((json.daemon as any).reason, /socket did not answer within 1000 ms \(frozen\?\)/);
    } finally {
      frozen.kill('SIGKILL');
      await frozen;
      rmSync(sock, { force: true });
    }
  });

  test('a bad config is one line naming file, key and problem; exit 64', async () => {
    const cfg = join(home, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ thresholds: { heartbeat_s: 'soon' } }));
    const r = await oroTop(['check', '--config', cfg, ...args()], { env });
    assert.equal(r.exitCode, 64);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `oro-top: config error: ${cfg}: thresholds.heartbeat_s: must be a number of seconds from 0.2 to 86400 (got 'soon')`,
    );
    assert.doesNotMatch(r.stderr, /\n/, 'one line');
  });

  test('an unknown command is a usage error, exit 64', async () => {
    const r = await oroTop(['frobnicate']);
    assert.equal(r.exitCode, 64);
  });
});

test('the dashboard with no TTY: one line pointing at snapshot and check, exit 64', async () => {
  const r = await oroTop(['--home', '/nonexistent']);
  assert.equal(r.exitCode, 64);
  assert.match(r.stderr, /the dashboard needs a terminal .* use `oro-top snapshot --json` or `oro-top check`/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
