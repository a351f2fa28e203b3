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
    [['snapshot', '--jsn'], /^oro-top: unknown option --jsn for snapshot; oro-top snapshot --help lists them$/],
    [['respawn-pane', 'archtect'], /Given: "archtect", Choices: "architect", "manager"/],
  ] as const) {
    const r = await oroTop([...args]);
    assert.equal(r.exitCode, 64, r.stderr);
    assert.match(r.stderr.trim(), re);
    oneLine(r.stderr);
  }
});

test('help texts: every flag described, no contradictions, demo has no --home', async () => {
  const snap = (await oroTop(['snapshot', '--help'])).stdout;
  assert.match(snap, /--json\s+one JSON document/);
  assert.match(snap, /--watch\s+go on: one snapshot every --interval seconds/);
  assert.match((await oroTop(['check', '--help'])).stdout, /--ascii\s+ASCII only/);
  const up = (await oroTop(['swarm', 'up', '--help'])).stdout;
  assert.match(up, /--home\s+the folder the swarm lives in \(created if missing\)\s+\[string\] \[required\]/);
  assert.doesNotMatch(up, /--home[^\n]*default/);
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
