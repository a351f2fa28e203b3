// Frame tests: the real blessed screen drawn into a fake 80x24 terminal, read back as text.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmationFor } from '../../src/actions/registry.js';
import { Dashboard } from '../../src/screens/app.js';
import { BINDINGS } from '../../src/screens/keys.js';
import { keyText } from '../../src/screens/models/help.js';
import { shippedTerminfo } from '../../src/screens/run.js';
import { makeTheme } from '../../src/screens/theme.js';
import { FakeInput, FakeOutput } from '../helpers/fake-tty.js';
import { NOW, NOW_S, ok, snapshot, workerProc } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';
import { healthDetail, daemonSnap } from '../helpers/snapshot.js';

// an upper-case letter in the cache path, as mkdtemp makes them: blessed must still find the entry
const cacheDir = mkdtempSync(join(tmpdir(), 'oro-top-Frame-'));
process.env.ORO_TOP_CACHE_DIR = cacheDir;
const terminfo = shippedTerminfo('xterm-256color');
after(() => rmSync(cacheDir, { recursive: true, force: true }));

function dash(opts: { cols?: number; rows?: number; ascii?: boolean; colour?: boolean; readOnly?: boolean } = {}): {
  d: Dashboard;
  out: FakeOutput;
} {
  const out = new FakeOutput(opts.cols ?? 80, opts.rows ?? 24);
  const d = new Dashboard({
    theme: makeTheme({ ascii: opts.ascii ?? false, colour: opts.colour ?? true }),
    terminfo,
    unicode: !(opts.ascii ?? false),
    input: new FakeInput(),
    output: out,
    now: () => NOW,
    readOnly: opts.readOnly ?? false,
    describeAction: (kind, target, report) =>
      confirmationFor(kind, target, report, { drainTimeoutS: 60, startCommand: ['oro', 'start', '--daemon-only', '--workers', '2'] }),
    onAction: async (req) => `ran ${req.kind === 'action' ? req.action : req.kind}`,
  });
  return { d, out };
}

test('overview at 80x24: health panel, gauges, workers, alerts, status and hint lines', () => {
  const { d } = dash();
  try {
    d.update(viewOf());
    const f = d.frame();
    assert.equal(f.length, 24);
    assert.match(f[0]!, /^oro-top\s+1 Overview\s+2 Workers\s+3 Panes\s+4 Logs\s+5 Events\s+6 Incidents\s+● HEALTHY$/);
    assert.match(f[1]!, /^┌─ Swarm Health ─+┐┌─ Gauges ─+┐$/);
    assert.match(f[2]!, /│Daemon:\s+● Running \(PID 4242, 1m 41s\)\s+││Healthy\s+█+\s+100%│/);
    assert.match(f[3]!, /│Architect:\s+● Active \(last seen 10s ago\)/);
    assert.match(f[4]!, /│Manager:\s+● Active \(last seen 20s ago\)/);
    assert.match(f[5]!, /│Workers:\s+● 2\/2 healthy/);
    assert.match(f[8]!, /┌─ Workers 2\/2 ─+┐┌─ Alerts ─+┐/);
    assert.match(f[9]!, /│ID\s+STATE\s+CTX REASON/, 'at 80 columns the bead gives its room to the reason');
    assert.match(f[10]!, /│w-1\s+● busy\s+40%/);
    assert.match(f[22]!, /^refreshed \d\d:\d\d:\d\d/);
    assert.match(f[23]!, /^Enter read\s+R restart daemon\s+\? help\s+q quit/);
    for (const line of f) assert.ok([...line].length <= 80, line);
  } finally {
    d.close();
  }
});

test('dead and degraded components show their reasons', () => {
  const snap = snapshot();
  const t = snap.slices.tmux.data!;
  const s2 = snapshot({
    tmux: ok({ ...t, panes: [{ ...t.panes[0]!, dead: true, deadStatus: 1, deadAtS: NOW_S - 3 }, t.panes[1]!] }),
    daemon: ok(
      daemonSnap({ health: healthDetail({ workers: [{ id: 'w-1', state: 'busy', beadId: 'oro-1', lastProgressS: 60, contextPct: 5 }] }) }),
    ),
    processes: ok({ byPid: new Map([[5001, workerProc(5001, 'w-1')]]), sampledAtMs: NOW }),
  });
  const { d } = dash();
  try {
    d.update(viewOf(s2));
    const f = d.frame().join('\n');
    assert.match(f, /Architect:\s+○ Dead \(exited with status 1 3s ago\)/);
    assert.match(f, /Workers:\s+◐ 0\/1 healthy \(1 degraded\)/);
    assert.match(f, /○ CRITICAL/);
    assert.match(f, /w-1\s+◐ busy\s+5% no progress for 1m/);
  } finally {
    d.close();
  }
});

const flushed = (): Promise<void> => new Promise((r) => setImmediate(r));

test('--ascii: not one non-ASCII character reaches the terminal; borders drawn with + - |', async () => {
  const { d, out } = dash({ ascii: true, colour: false });
  try {
    d.update(viewOf());
    await flushed();
    assert.match(out.written, /^[\x00-\x7f]*$/, 'only ASCII bytes written');
    const f = d.frame();
    for (const line of f) assert.match(line, /^[\x20-\x7e]*$/, line);
    assert.match(f[1]!, /^\+- Swarm Health -+\+\+- Gauges -+\+$/);
    assert.match(f[2]!, /^\|Daemon:\s+\* Running/);
  } finally {
    d.close();
  }
});

test('no colour: the terminal gets no colour escapes', async () => {
  const { d, out } = dash({ colour: false });
  try {
    d.update(viewOf());
    await flushed();
    assert.ok(out.written.length > 1000);
    assert.doesNotMatch(out.written, /\x1b\[(3[0-7]|9[0-7]|38;5;\d+)m/);
  } finally {
    d.close();
  }
  const c = dash({ colour: true });
  try {
    c.d.update(viewOf());
    await flushed();
    assert.match(c.out.written, /\x1b\[(3[0-7]|9[0-7])m|\x1b\[38;5;\d+m/);
  } finally {
    c.d.close();
  }
});

test('a terminal smaller than 80x24 gets a clear message, and the layout comes back on resize', () => {
  const { d, out } = dash({ cols: 60, rows: 20 });
  try {
    d.update(viewOf());
    assert.match(d.frame().join('\n'), /terminal too small: 60x20; oro-top needs at least 80x24/);
    out.resize(80, 24);
    (d.screen.program as unknown as { cols: number; rows: number }).cols = 80;
    (d.screen.program as unknown as { cols: number; rows: number }).rows = 24;
    d.screen.emit('resize');
    assert.match(d.frame()[1]!, /Swarm Health/);
  } finally {
    d.close();
  }
});

test('outside text cannot reach the terminal raw: escapes in a log line and blessed tags in an id', async () => {
  const snap = snapshot();
  const logs = {
    ...snap.slices.logs.data!,
    recent: [
      { seq: 1, source: 'worker:w-1', level: 'error' as const, timeMs: NOW, text: 'ERROR {red-fg}boom{/red-fg} \u001b]0;pwned\u0007' },
    ],
  };
  const s2 = snapshot({
    logs: ok(logs),
    daemon: ok(
      daemonSnap({ health: healthDetail({ workers: [{ id: 'w{b}', state: 'idle', beadId: null, lastProgressS: 0, contextPct: 0 }] }) }),
    ),
  });
  const { d, out } = dash();
  try {
    d.update(viewOf(s2));
    d.press('4');
    const f = d.frame().join('\n');
    assert.match(f, /ERROR \{red-fg\}boom\{\/red-fg\}/, 'tags shown as text');
    d.press('2');
    assert.match(d.frame().join('\n'), /│w\{b\}\s/);
    await flushed();
    assert.match(out.written, /boom/);
    assert.doesNotMatch(out.written, /\x1b\]0;pwned/);
  } finally {
    d.close();
  }
});

test('an unchanged view model is not drawn again', () => {
  const { d } = dash();
  try {
    const v = viewOf();
    d.update(v);
    const n = d.renders;
    d.update(v);
    d.update(v);
    assert.equal(d.renders, n);
    d.press('2');
    assert.equal(d.renders, n + 1);
  } finally {
    d.close();
  }
});

test('R asks first: the dialog says what will happen; y runs the action, anything else cancels', async () => {
  const { d } = dash();
  try {
    d.update(viewOf());
    d.press('R');
    const f = d.frame().join('\n');
    assert.match(f, /Drain and restart the daemon\?/);
    assert.match(f, /Daemon PID 4242 restarts: 2 worker\(s\) hand off, 1 bead\(s\) in progress\./);
    assert.match(f, /up to 60 s; past that: SIGINT, then SIGKILL/);
    assert.match(f, /successor starts: oro start --daemon-only --workers 2/);
    d.press('n');
    assert.doesNotMatch(d.frame().join('\n'), /Drain and restart/);
    assert.match(d.frame()[23]!, /cancelled/);
    d.press('R');
    d.press('y');
    await new Promise((r) => setImmediate(r));
    assert.match(d.frame()[23]!, /ran restart-daemon/);
  } finally {
    d.close();
  }
});

test('--read-only: the action keys are off, with the reason, in the hints and in help', () => {
  const { d } = dash({ cols: 100, rows: 40, readOnly: true });
  try {
    d.update(viewOf());
    assert.match(d.frame()[39]!, /R restart daemon \(off\)/);
    d.press('R');
    assert.match(d.frame()[39]!, /R: drain and restart the daemon — disabled: read-only mode \(--read-only\)/);
    d.press('?');
    d.press('G'); // the help scrolls; the reasons are at its end
    assert.match(d.frame().join('\n'), /off: read-only mode \(--read-only\)/);
  } finally {
    d.close();
  }
});

test('help lists every binding, generated from the same data', () => {
  const { d } = dash({ cols: 100, rows: 40 });
  try {
    d.update(viewOf());
    d.press('?');
    let f = d.frame().join('\n');
    for (let i = 0; i < 5; i++) {
      d.press('pagedown');
      f += d.frame().join('\n');
    }
    // every binding has its row: its key, room, then the start of its description
    const rows = f.split('\n').map((l) => l.replace(/^[│|]\s?/, ''));
    const re = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const b of BINDINGS) {
      const start = b.help.split(' ').slice(0, 3).join(' ');
      const row = new RegExp(`^\\s*${re(keyText(b))}\\s{2,}${re(start)}`);
      assert.ok(
        rows.some((r) => row.test(r)),
        `no help row for ${keyText(b)}: ${start}`,
      );
    }
    assert.match(f, /drain and restart the daemon.*\(asks first\)/);
  } finally {
    d.close();
  }
});
