import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertHook, type AlertResult, type HookOutcome } from '../../src/supervisor/alerts.js';
import { isAlive } from '../../src/system/procfs.js';
import { withTmpDir } from '../helpers/tmp.js';

/** A hook script in the temp folder (the hook is run as a file with arguments, never through a shell string). */
function script(dir: string, name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const outcomeOf = (r: AlertResult): HookOutcome => {
  assert.ok('sent' in r, JSON.stringify(r));
  return r.outcome;
};

async function gone(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!(await isAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

test(
  'the hook reads the alert as JSON on stdin (and as ORO_TOP_ALERT_* variables)',
  withTmpDir('alerts-', async (dir) => {
    const out = join(dir, 'alert.json');
    const hook = script(dir, 'to-file.sh', 'cat > "$1"\nprintf %s "$ORO_TOP_ALERT_KIND $ORO_TOP_ALERT_INCIDENT_ID" > "$1.env"');
    const h = new AlertHook({ argv: [hook, out], now: () => Date.parse('2026-11-25T09:30:00Z'), host: 'box1' });
    const r = await h.send({ kind: 'died', target: 'worker w3', message: 'killed by SIGKILL \u001b[31mred\u001b[0m', incidentId: 42 });
    assert.equal(outcomeOf(r).status, 'delivered');
    assert.match((r as { text: string }).text, /^alert hook .*to-file\.sh: delivered in \d+ ms$/);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
      kind: 'died',
      target: 'worker w3',
      severity: 'critical',
      message: 'killed by SIGKILL red',
      incident_id: 42,
      at: '2026-11-25T09:30:00.000Z',
      host: 'box1',
    });
    assert.equal(readFileSync(`${out}.env`, 'utf8'), 'died 42');
  }),
);

test(
  'one alert per (kind, target) per cooldown; the clock decides',
  withTmpDir('alerts-', async (dir) => {
    const log = join(dir, 'log');
    const hook = script(dir, 'append.sh', 'cat >> "$1"');
    let now = Date.parse('2026-11-25T09:00:00Z');
    const h = new AlertHook({ argv: [hook, log], now: () => now });
    const kinds = async (): Promise<string[]> => {
      const r = [
        await h.send({ kind: 'died', target: 'worker w3', message: 'x' }),
        await h.send({ kind: 'died', target: 'worker w4', message: 'x' }),
        await h.send({ kind: 'recovered', target: 'worker w3', message: 'x' }),
      ];
      return r.map((x) => ('sent' in x ? 'sent' : 'suppressed' in x ? 'suppressed' : 'none'));
    };
    assert.deepEqual(await kinds(), ['sent', 'sent', 'sent']);
    now += 299_000;
    assert.deepEqual(await kinds(), ['suppressed', 'suppressed', 'suppressed']);
    const s = await h.send({ kind: 'died', target: 'worker w3', message: 'x' });
    assert.equal('suppressed' in s && s.until, Date.parse('2026-11-25T09:05:00Z'));
    now += 1000;
    assert.deepEqual(await kinds(), ['sent', 'sent', 'sent']);
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 6, 'the hook ran six times');
    const none = new AlertHook({ argv: null });
    assert.ok('noHook' in (await none.send({ kind: 'frozen', target: 'daemon', message: 'x' })));
  }),
);

test(
  'a hanging hook is killed with its process group at the timeout; the failure is a value',
  withTmpDir('alerts-', async (dir) => {
    const pidFile = join(dir, 'bg.pid');
    // ignores SIGTERM (and so does what it starts): only the SIGKILL after the grace ends it
    const hook = script(dir, 'hang.sh', `trap '' TERM\nsleep 300 &\necho $! > "$1"\nwait`);
    const h = new AlertHook({ argv: [hook, pidFile], timeoutMs: 500, killGraceMs: 300 });
    const t0 = Date.now();
    const r = await h.send({ kind: 'frozen', target: 'daemon', message: 'no answer for 60 s' });
    const took = Date.now() - t0;
    const o = outcomeOf(r);
    assert.equal(o.status, 'timed-out');
    assert.ok(took >= 750 && took < 3000, `returned after ${took} ms`);
    assert.match((r as { text: string }).text, /timed out after 0\.5 s and was killed \(with its process group\)/);
    const bg = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await gone(bg), `the hook's child ${bg} is gone too`);
  }),
);

test(
  'a hook that exits but leaves a child holding its output open returns after the grace, the child killed',
  withTmpDir('alerts-', async (dir) => {
    const pidFile = join(dir, 'bg.pid');
    const hook = script(dir, 'leave.sh', `cat > /dev/null\nsleep 300 &\necho $! > "$1"\nexit 0`);
    const h = new AlertHook({ argv: [hook, pidFile], timeoutMs: 5000, killGraceMs: 300 });
    const t0 = Date.now();
    const o = outcomeOf(await h.send({ kind: 'recovered', target: 'daemon', message: 'back' }));
    assert.equal(o.status, 'delivered');
    assert.ok(Date.now() - t0 < 3000, `returned after ${Date.now() - t0} ms`);
    assert.ok(await gone(Number(readFileSync(pidFile, 'utf8'))));
  }),
);

test(
  'a missing hook, one that exits 3, one killed by a signal: each a value with what to record',
  withTmpDir('alerts-', async (dir) => {
    const missing = await new AlertHook({ argv: [join(dir, 'no-such-hook'), 'x'] }).send({ kind: 'died', target: 'w1', message: 'x' });
    assert.equal(outcomeOf(missing).status, 'not-found');
    assert.match((missing as { text: string }).text, /no-such-hook: not found .*check --on-alert$/);

    const three = script(dir, 'three.sh', 'cat > /dev/null\necho "curl: (22) The requested URL returned error: 500" >&2\nexit 3');
    const r = await new AlertHook({ argv: [three] }).send({ kind: 'gave-up', target: 'worker w2', message: 'x' });
    assert.deepEqual([outcomeOf(r).status, (outcomeOf(r) as { exitCode: number }).exitCode], ['exit-code', 3]);
    assert.match((r as { text: string }).text, /failed with exit code 3; it said: curl: \(22\) The requested URL returned error: 500$/);

    const killed = script(dir, 'killed.sh', 'kill -9 $$');
    const k = outcomeOf(await new AlertHook({ argv: [killed] }).send({ kind: 'died', target: 'w1', message: 'x' }));
    assert.deepEqual([k.status, (k as { signal: string }).signal], ['killed-by-signal', 'SIGKILL']);
    const notExecutable = join(dir, 'plain.txt');
    writeFileSync(notExecutable, 'x');
    const na = outcomeOf(await new AlertHook({ argv: [notExecutable] }).send({ kind: 'died', target: 'w1', message: 'x' }));
    assert.equal(na.status, 'could-not-start');
  }),
);

test('a cooldown key counts separately: each incident gets its own recovered alert', async () => {
  let now = 1_000_000;
  const hook = new AlertHook({ argv: null, now: () => now });
  const first = await hook.send({ kind: 'recovered', target: 'daemon', cooldownKey: 'daemon#1', message: 'ok' });
  now += 60_000;
  const same = await hook.send({ kind: 'recovered', target: 'daemon', cooldownKey: 'daemon#1', message: 'ok' });
  const next = await hook.send({ kind: 'recovered', target: 'daemon', cooldownKey: 'daemon#2', message: 'ok' });
  assert.ok('noHook' in first);
  assert.ok('suppressed' in same, 'the same incident is not told twice');
  assert.ok('noHook' in next, "another incident's recovery is not held back");
});
