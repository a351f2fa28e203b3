import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { SWARM_MANIFEST } from '../src/swarm-manifest.js';
import { ConfigError } from '../src/util/errors.js';
import { withTmpDir } from './helpers/tmp.js';

const withDir = (fn: (dir: string) => void | Promise<void>) => withTmpDir('cfg-', fn);

test(
  'defaults follow the contract',
  withDir((dir) => {
    const c = loadConfig({}, { XDG_CONFIG_HOME: dir, HOME: dir, ORO_HOME: join(dir, 'h') });
    assert.equal(c.pidPath, join(dir, 'h', 'oro.pid'));
    assert.equal(c.socketPath, join(dir, 'h', 'oro.sock'));
    assert.equal(c.dbPath, join(dir, 'h', 'state.db'));
    assert.equal(c.daemonLog, '/tmp/oro-daemon.log');
    assert.equal(c.session, 'oro');
    assert.equal(c.tmuxSocket, null);
    assert.equal(c.intervalS, 2);
    assert.deepEqual(c.thresholds, {
      heartbeatS: 45,
      paneIdleS: 300,
      noProgressS: 600,
      socketTimeoutMs: 1000,
      drainTimeoutS: 60,
      goneKeepS: 300,
    });
    assert.deepEqual(c.daemonStartCommand, ['oro', 'start', '--daemon-only', '--workers', '{workers}']);
  }),
);

test(
  'precedence: defaults < config file < environment < flags',
  withDir((dir) => {
    const file = join(dir, 'oro-top', 'config.json');
    mkdirSync(join(dir, 'oro-top'));
    writeFileSync(
      file,
      JSON.stringify({
        home: join(dir, 'from-file'),
        session: 'filesess',
        interval: 5,
        socket_path: '/file.sock',
        thresholds: { pane_idle_s: 60 },
      }),
    );
    const env = { XDG_CONFIG_HOME: dir, TMPDIR: '/var/tmp' };
    const fromFile = loadConfig({}, env);
    assert.equal(fromFile.home, join(dir, 'from-file'));
    assert.equal(fromFile.session, 'filesess');
    assert.equal(fromFile.intervalS, 5);
    assert.equal(fromFile.thresholds.paneIdleS, 60);
    assert.equal(fromFile.thresholds.heartbeatS, 45);
    assert.equal(fromFile.daemonLog, '/var/tmp/oro-daemon.log');
    const fromEnv = loadConfig({}, { ...env, ORO_HOME: join(dir, 'from-env'), ORO_SOCKET_PATH: '/env.sock' });
    assert.equal(fromEnv.home, join(dir, 'from-env'));
    assert.equal(fromEnv.socketPath, '/env.sock');
    const fromFlags = loadConfig({ home: join(dir, 'from-flag'), session: 's2', interval: 1 }, { ...env, ORO_HOME: join(dir, 'from-env') });
    assert.equal(fromFlags.home, join(dir, 'from-flag'));
    assert.equal(fromFlags.session, 's2');
    assert.equal(fromFlags.intervalS, 1);
  }),
);

test(
  "a reference swarm's manifest supplies its tmux server and daemon log",
  withDir((dir) => {
    writeFileSync(
      join(dir, SWARM_MANIFEST),
      JSON.stringify({ tmux_socket: 'oro-ref-x', daemon_log: '/x/oro-daemon.log', start_command: ['a', 'b'] }),
    );
    const c = loadConfig({ home: dir }, { XDG_CONFIG_HOME: join(dir, 'none') });
    assert.equal(c.tmuxSocket, 'oro-ref-x');
    assert.equal(c.daemonLog, '/x/oro-daemon.log');
    assert.deepEqual(c.daemonStartCommand, ['a', 'b']);
    assert.equal(loadConfig({ home: dir, tmuxSocket: 'mine' }, { XDG_CONFIG_HOME: join(dir, 'none') }).tmuxSocket, 'mine');
  }),
);

test(
  'bad config: one clear error naming file, key and problem',
  withDir((dir) => {
    const f = join(dir, 'c.json');
    const cases: [unknown, RegExp][] = [
      [{ interval: -1 }, /c\.json: interval: must be a number of seconds from 0\.2 to 86400 \(got -1\)/],
      [{ interval: 1e9 }, /c\.json: interval: must be a number of seconds from 0\.2 to 86400 \(got 1000000000\)/],
      [{ interval: '2' }, /c\.json: interval: must be a number of seconds from 0\.2 to 86400 \(got '2'\)/],
      [{ thresholds: { drain_timeout_s: 1e12 } }, /thresholds\.drain_timeout_s: must be a number of seconds from 0\.2 to 86400/],
      [
        { thresholds: { socket_timeout_ms: 0 } },
        /thresholds\.socket_timeout_ms: must be a number of milliseconds from 10 to 600000 \(got 0\)/,
      ],
      [{ logs: { buffer_lines: 1e10 } }, /logs\.buffer_lines: must be a number of lines from 1 to 1000000/],
      [{ thresholds: { heartbeat: 5 } }, /thresholds\.heartbeat: unknown key/],
      [{ daemon_start_command: 'oro start' }, /daemon_start_command: must be a non-empty array of strings/],
      [{ logs: { error_patterns: ['(unclosed'] } }, /logs\.error_patterns: not a valid regular expression/],
      [{ colour: true }, /colour: unknown key/],
      [[1, 2], /\(top level\): must be an object/],
    ];
    for (const [content, re] of cases) {
      writeFileSync(f, JSON.stringify(content));
      assert.throws(
        () => loadConfig({ config: f }, {}),
        (e: Error) => e instanceof ConfigError && re.test(e.message),
        JSON.stringify(content),
      );
    }
    writeFileSync(f, '{ not json');
    assert.throws(() => loadConfig({ config: f }, {}), /c\.json: \(file\): not valid JSON/);
    assert.throws(() => loadConfig({ config: join(dir, 'missing.json') }, {}), /missing\.json: \(file\): cannot read/);
    assert.throws(
      () => loadConfig({ interval: 0 }, { XDG_CONFIG_HOME: dir }),
      /: --interval: must be a number of seconds from 0\.2 to 86400 \(got 0\)/,
    );
    assert.throws(
      () => loadConfig({ interval: 'abc' }, { XDG_CONFIG_HOME: dir }),
      /: --interval: must be a number of seconds from 0\.2 to 86400 \(got 'abc'\)/,
    );
    assert.throws(() => loadConfig({ interval: '1000000000' }, { XDG_CONFIG_HOME: dir }), /\(got '1000000000'\)/);
    assert.equal(loadConfig({ interval: '0.5' }, { XDG_CONFIG_HOME: dir }).intervalS, 0.5);
  }),
);

test(
  'logs.recent_lines and thresholds.gone_keep_s: defaults, set in the file, checked',
  withDir((dir) => {
    const d = loadConfig({}, { XDG_CONFIG_HOME: dir, HOME: dir });
    assert.equal(d.logs.recentLines, 200);
    assert.equal(d.thresholds.goneKeepS, 300);
    const f = join(dir, 'c.json');
    writeFileSync(f, JSON.stringify({ logs: { recent_lines: 50 }, thresholds: { gone_keep_s: 120 } }));
    const c = loadConfig({ config: f }, {});
    assert.equal(c.logs.recentLines, 50);
    assert.equal(c.thresholds.goneKeepS, 120);
    writeFileSync(f, JSON.stringify({ logs: { recent_lines: 0 } }));
    assert.throws(
      () => loadConfig({ config: f }, {}),
      /c\.json: logs\.recent_lines: must be a number of lines from 1 to 1000000 \(got 0\)/,
    );
  }),
);

test(
  'metrics.per_worker: "auto" by default; true, false or "auto" from the file; anything else an error naming the key',
  withDir((dir) => {
    const env = { XDG_CONFIG_HOME: dir, HOME: dir, ORO_HOME: join(dir, 'h') };
    assert.deepEqual(loadConfig({}, env).metrics, { perWorker: 'auto' });
    const file = join(dir, 'c.json');
    for (const v of [true, false, 'auto'] as const) {
      writeFileSync(file, JSON.stringify({ metrics: { per_worker: v } }));
      assert.equal(loadConfig({ config: file }, env).metrics.perWorker, v);
    }
    writeFileSync(file, JSON.stringify({ metrics: { per_worker: 'yes' } }));
    assert.throws(
      () => loadConfig({ config: file }, env),
      (e: unknown) => e instanceof ConfigError && /metrics\.per_worker: must be true, false or "auto"/.test(e.message),
    );
    writeFileSync(file, JSON.stringify({ metrics: { perworker: true } }));
    assert.throws(() => loadConfig({ config: file }, env), /metrics\.perworker: unknown key \(known: per_worker\)/);
  }),
);
