// The command line's own errors: one line, exit 64, saying what was wrong and what to type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oroTop } from './helpers/cli.js';

const oneLine = (s: string): void => assert.equal(s.trim().split('\n').length, 1, s);

test('bad numbers are refused with what was typed, exit 64 (no spinning on a huge interval)', async () => {
  for (const [args, re] of [
    [['snapshot', '--interval', 'abc'], /oro-top: config error: --interval: must be a number of seconds from 0\.2 to 86400 \(got 'abc'\)/],
    [['snapshot', '--watch', '--interval', '1000000000'], /from 0\.2 to 86400 \(got '1000000000'\)/],
    [['check', '--interval', '0'], /\(got '0'\)/],
    [['history', '--limit', 'x'], /--limit: must be a whole number from 1 to 100000 \(got 'x'\)/],
    [['swarm', 'up', '--home', '/nonexistent/x', '--workers', '2.5'], /--workers: must be a whole number from 1 to 10000 \(got '2\.5'\)/],
  ] as const) {
    const r = await oroTop([...args], { timeoutMs: 10_000 });
    assert.equal(r.exitCode, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /null|NaN|Warning/);
    oneLine(r.stderr);
    assert.equal(r.stdout, '');
  }
});

test('a mistyped command or option gets the nearest one suggested', async () => {
  for (const [args, re] of [
    [['snapshott'], /^oro-top: unknown command 'snapshott'; did you mean 'snapshot'\?/],
    [['--home', '/x', 'chek'], /^oro-top: unknown command 'chek'; did you mean 'check'\?/],
    [['swarm', 'dwn', '--home', '/x'], /^oro-top: unknown command 'swarm dwn'; did you mean 'swarm down'\?/],
    [['snapshot', '--xyzzy'], /^oro-top: unknown option --xyzzy for snapshot; oro-top snapshot --help lists them$/],
    [['check', '--jsn'], /^oro-top: unknown option --jsn for check; did you mean --json\? \(oro-top check --help lists them\)$/],
    [['check', '--hom', '/x'], /^oro-top: unknown option --hom for check; did you mean --home\? \(oro-top check --help lists them\)$/],
    [['snapshot', '--jsn', '--xyzzy'], /^oro-top: unknown options --jsn, --xyzzy for snapshot; --jsn: did you mean --json\? \(/],
    // yargs' camelCase copy (--maxRestart) is never shown
    [
      ['supervise', '--max-restart', '3'],
      /^oro-top: unknown option --max-restart for supervise; did you mean --max-restarts\? \(oro-top supervise --help lists them\)$/,
    ],
    [
      ['restart-worker', 'w-1', '--read-only'],
      /^oro-top: unknown option --read-only for restart-worker; --read-only is an option of the dashboard \(oro-top --read-only\), not of restart-worker/,
    ],
    [
      ['supervise', '--once', '--on-alert', 'sh', '-c', 'true'],
      /^oro-top: unknown option -c for supervise; the alert command's own options go after -- \(--on-alert sh -- -c \.\.\.\)/,
    ],
    [['restart-worker'], /^oro-top: restart-worker needs a worker id \(oro-top restart-worker ID; the ids are in oro-top check\)$/],
    [['kill-worker', '--yes'], /^oro-top: kill-worker needs a worker id \(oro-top kill-worker ID; the ids are in oro-top check\)$/],
    [['respawn-pane'], /^oro-top: respawn-pane needs a pane \(oro-top respawn-pane architect\|manager\)$/],
    [
      ['incidents', 'show'],
      /^oro-top: incidents show needs an incident id \(oro-top incidents show ID; the ids are in oro-top incidents\)$/,
    ],
    [['swarm', 'up', '--hom', '/x'], /^oro-top: swarm up needs --home; unknown option --hom for swarm up; did you mean --home\? /],
    [['respawn-pane', 'archtect'], /^oro-top: respawn-pane: no pane 'archtect'; did you mean 'architect'\? \(architect or manager\)$/],
  ] as const) {
    const r = await oroTop([...args]);
    assert.equal(r.exitCode, 64, r.stderr);
    assert.match(r.stderr.trim(), re);
    assert.doesNotMatch(r.stderr, /maxRestart|readOnly|Not enough non-option|Invalid values|Choices:|Missing required/);
    oneLine(r.stderr);
  }
});

test('help texts: every flag described, no contradictions, demo has no --home', async () => {
  const snap = (await oroTop(['snapshot', '--help'])).stdout;
  assert.match(snap, /--json\s+one JSON document/);
  assert.match(snap, /--watch\s+go on: one snapshot every --interval seconds/);
  assert.match((await oroTop(['check', '--help'])).stdout, /--ascii\s+ASCII only/);
  // supervise's numbers say what they mean and their defaults
  const sup = (await oroTop(['supervise', '--help'])).stdout.replace(/\s+/g, ' ');
  assert.match(sup, /--max-restarts restarts allowed per target per window \(default 3; config supervise\.max_restarts\)/);
  assert.match(sup, /--freeze-after a daemon silent this many seconds is frozen \(default 60;/);
  const up = (await oroTop(['swarm', 'up', '--help'])).stdout;
  assert.match(up, /--home\s+the folder the swarm lives in \(created if missing\)\s+\[string\] \[required\]/);
  assert.doesNotMatch(up, /--home[^\n]*default/);
  // swarm up (and demo) never use the default tmux server: a private one named after the home
  for (const h of [up, (await oroTop(['demo', '--help'])).stdout]) {
    const flat = h.replace(/\s+/g, ' ');
    assert.match(
      flat,
      /--tmux-socket tmux server for the swarm's panes \(tmux -L NAME\); default: a private one of its own, oro-ref-<hash of (--home|its home)>/,
    );
    assert.doesNotMatch(flat, /your default server/);
  }
  // swarm down stops what the manifest names: no tmux, session or interval flags to mislead
  assert.doesNotMatch((await oroTop(['swarm', 'down', '--help'])).stdout, /--tmux-socket|--session|--interval/);
  const demo = await oroTop(['demo', '--help']);
  assert.doesNotMatch(demo.stdout, /--home/);
  const r = await oroTop(['demo', '--home', '/tmp/x']);
  assert.equal(r.exitCode, 64);
  assert.match(r.stderr, /demo makes a fresh home of its own/);
});

test('swarm down on a folder with no swarm: exit 64 and a line saying so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oro-top-nodown-'));
  try {
    const r = await oroTop(['swarm', 'down', '--home', dir]);
    assert.equal(r.exitCode, 64);
    assert.match(r.stderr, new RegExp(`no reference swarm in ${dir} \\(no reference-swarm\\.json there\\); nothing stopped`));
    oneLine(r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
