// Frame tests for the dashboard fixes after the user trial: the real blessed screen in a fake
// terminal, read back as text (and, for ASCII and colours, as the bytes and cell attributes).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmationFor } from '../../src/actions/registry.js';
import { Dashboard } from '../../src/screens/app.js';
import { shippedTerminfo } from '../../src/screens/run.js';
import { chooseTerminfo } from '../../src/screens/terminal.js';
import { makeTheme } from '../../src/screens/theme.js';
import { checkText } from '../../src/report/check.js';
import { classify } from '../../src/health/classify.js';
import type { LogLine } from '../../src/collectors/logs.js';
import type { ActionRecord } from '../../src/journal/journal.js';
import { FakeInput, FakeOutput } from '../helpers/fake-tty.js';
import { actionRecord, NOW, NOW_S, OPTS, daemonSnap, healthDetail, ok, snapshot, workerProc } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'oro-top-Fixes-'));
process.env.ORO_TOP_CACHE_DIR = cacheDir;
after(() => rmSync(cacheDir, { recursive: true, force: true }));
const flushed = (): Promise<void> => new Promise((r) => setImmediate(r));

function dash(opts: { cols?: number; rows?: number; ascii?: boolean; colour?: boolean; term?: string; home?: string } = {}): {
  d: Dashboard;
  out: FakeOutput;
} {
  const out = new FakeOutput(opts.cols ?? 80, opts.rows ?? 24);
  const d = new Dashboard({
    theme: makeTheme({ ascii: opts.ascii ?? false, colour: opts.colour ?? true }),
    terminfo: shippedTerminfo(chooseTerminfo(opts.term ?? 'xterm-256color')),
    unicode: !(opts.ascii ?? false),
    input: new FakeInput(),
    output: out,
    now: () => NOW,
    describeAction: (kind, target, report) => confirmationFor(kind, target, report, { drainTimeoutS: 60, startCommand: ['oro', 'start'] }),
    onAction: async (req) => `ran ${req.kind === 'action' ? req.action : req.kind}`,
    ...(opts.home ? { home: opts.home } : {}),
  });
  return { d, out };
}

/** Four workers whose CPU is given, so sorting by CPU reorders them as the values change. */
function cpuView(cpu: Record<string, number>, ids = Object.keys(cpu)) {
  const procs = ids.map((id, i) => workerProc(5001 + i, id, { cpuPct: cpu[id]! }));
  return viewOf(
    snapshot({
      daemon: ok(
        daemonSnap({
          health: healthDetail({ workers: ids.map((id) => ({ id, state: 'busy', beadId: 'oro-1', lastProgressS: 3, contextPct: 10 })) }),
        }),
      ),
      processes: ok({ byPid: new Map(procs.map((p) => [p.pid, p])), sampledAtMs: NOW }),
    }),
  );
}

const selectedRow = (d: Dashboard): string => {
  // the selected row is drawn inverse: read it from blessed's cells (attr flag 8 = inverse)
  const lines = (d.screen as unknown as { lines: [number, string][][] }).lines;
  const row = lines.findIndex((r, y) => y > 2 && y < 21 && r.slice(1, 10).every((c) => ((c[0] >> 18) & 8) !== 0));
  return row < 0 ? '' : d.frame()[row]!;
};

test('3: the selection follows the worker, not the row, across re-sorts; r acts on it', () => {
  const { d } = dash();
  try {
    d.update(cpuView({ 'w-1': 1, 'w-2': 2, 'w-3': 3, 'w-4': 4 }));
    d.press('2');
    // sort by CPU, descending: w-4 w-3 w-2 w-1; select w-3 (second row)
    for (let i = 0; i < 7; i++) d.press('>');
    assert.equal(d.state.sort.column, 'cpu');
    d.press('I');
    // the selection followed w-1 through the re-sort (now the last row); go to the top, then down
    assert.match(selectedRow(d), /│w-1\s/);
    d.press('g');
    d.press('j');
    assert.match(selectedRow(d), /│w-3\s/);
    // the values change: w-3 now has the least CPU and moves to the bottom
    d.update(cpuView({ 'w-1': 9, 'w-2': 8, 'w-3': 0.1, 'w-4': 7 }));
    assert.match(selectedRow(d), /│w-3\s/, 'the highlight stayed on w-3');
    d.press('r');
    assert.deepEqual(d.state.confirm, { kind: 'action', action: 'restart-worker', target: 'w-3' });
    d.press('n');
    // a filter that keeps w-3 keeps it selected
    d.press('/');
    for (const k of 'w-3') d.press(k);
    d.press('enter');
    assert.match(selectedRow(d), /│w-3\s/);
  } finally {
    d.close();
  }
});

test('3: a selected worker that vanishes: the cursor stays on its row, the change is said, and it comes back to the worker', () => {
  const { d } = dash();
  try {
    d.update(cpuView({ 'w-1': 1, 'w-2': 2, 'w-3': 3 }));
    d.press('2');
    d.press('j');
    assert.match(selectedRow(d), /│w-2\s/);
    d.update(cpuView({ 'w-1': 1, 'w-3': 3 }));
    assert.match(selectedRow(d), /│w-3\s/);
    assert.match(d.frame()[23]!, /w-2 is no longer listed; the cursor is on w-3/);
    d.press('K');
    assert.deepEqual(d.state.confirm, { kind: 'action', action: 'kill-worker', target: 'w-3' }, 'the keys act on what the cursor shows');
    d.press('n');
    // back for the next refresh (a worker between two states): the cursor returns to it
    d.update(cpuView({ 'w-1': 1, 'w-3': 3, 'w-2': 2 }));
    assert.match(selectedRow(d), /│w-2\s/);
    d.press('r');
    assert.deepEqual(d.state.confirm, { kind: 'action', action: 'restart-worker', target: 'w-2' });
  } finally {
    d.close();
  }
});

function logLine(seq: number, level: LogLine['level'] = 'info', text = `line ${seq}`): LogLine {
  return { seq, source: 'daemon', level, text, timeMs: NOW - 100_000 + seq };
}
function logsView(lines: LogLine[]) {
  return viewOf(snapshot({ logs: ok({ files: [], recent: lines, errorsLast5m: 0, errorsPerMinute: [], notices: [] }) }));
}
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

test('4: paused logs are frozen, say so and count new lines; the whole buffer scrolls; n stays on its line', () => {
  const { d } = dash();
  try {
    const lines = range(1, 1500).map((i) => logLine(i, i % 100 === 0 ? 'error' : 'info', i % 100 === 0 ? `boom ${i}` : `line ${i}`));
    d.update(logsView(lines));
    d.press('4');
    assert.match(d.frame().join('\n'), /line 1499/);
    d.press('f');
    const frozen = d.frame().slice(2, 21).join('\n');
    assert.match(d.frame()[1]!, /PAUSED/);
    // new lines arrive while paused: what is shown does not change; the title counts them
    d.update(logsView([...lines, ...range(1501, 1530).map((i) => logLine(i))]));
    assert.equal(d.frame().slice(2, 21).join('\n'), frozen);
    assert.match(d.frame()[1]!, /PAUSED \(30 new\)/);
    // scroll back through the whole buffer, far beyond 200 lines
    d.press('g');
    assert.match(d.frame()[2]!, /line 1\s*│$/);
    assert.match(d.frame()[1]!, /1-19 of 1500/);
    // n finds the first error and stays on it while lines keep coming
    d.press('n');
    assert.match(selectedRow(d), /boom 100/);
    d.update(logsView([...lines, ...range(1501, 1560).map((i) => logLine(i))]));
    assert.match(selectedRow(d), /boom 100/);
    d.press('n');
    assert.match(selectedRow(d), /boom 200/);
    d.press('N');
    assert.match(selectedRow(d), /boom 100/);
    // f follows again: the held lines appear
    d.press('f');
    assert.match(d.frame().join('\n'), /line 1560/);
    assert.match(d.frame()[1]!, /following/);
  } finally {
    d.close();
  }
});

test('4: N while following jumps to the last error and pauses there, the line stays under the cursor', () => {
  const { d } = dash();
  try {
    const lines = range(1, 50).map((i) => logLine(i, i === 40 ? 'error' : 'info', i === 40 ? 'the error' : `line ${i}`));
    d.update(logsView(lines));
    d.press('4');
    d.press('N');
    assert.match(selectedRow(d), /the error/);
    d.update(logsView([...lines, ...range(51, 80).map((i) => logLine(i))]));
    assert.match(selectedRow(d), /the error/);
    assert.match(d.frame()[1]!, /PAUSED \(30 new\)/);
  } finally {
    d.close();
  }
});

/** Colour numbers blessed will send for the cells of the frame (fg and bg), per cell. */
function cellColours(d: Dashboard): { fg: number; bg: number; ch: string; y: number }[] {
  const lines = (d.screen as unknown as { lines: [number, string][][] }).lines;
  return lines.flatMap((r, y) => r.map(([attr, ch]) => ({ fg: (attr >> 9) & 0x1ff, bg: attr & 0x1ff, ch, y })));
}

for (const term of ['screen', 'linux', 'vt100', 'xterm', 'xterm-256color']) {
  test(`9: TERM=${term}: no text and no border drawn in black (blessed folds gray into black on 8 colours)`, async () => {
    const { d, out } = dash({ term, home: '/srv/oro' });
    try {
      const colours = d.colours;
      const snap = snapshot({ host: { data: null, error: { message: 'no /proc/stat' } as never, updatedAtMs: NOW - 14_000, failures: 2 } });
      for (const screen of ['1', '2', '3', '4', '5']) {
        d.update(viewOf(snap));
        d.press(screen);
        // what the terminal gets: a colour index blessed reduces for this terminal's colour count
        const reduce = (c: number): number => (c >= 8 && colours <= 8 ? c - 8 : c);
        for (const c of cellColours(d)) {
          if (c.ch === ' ' || c.fg === 0x1ff) continue;
          assert.notEqual(reduce(c.fg), 0, `TERM=${term} (${colours} colours) screen ${screen}: '${c.ch}' on row ${c.y} drawn black`);
        }
        await flushed();
      }
      // the status line (row 22) is visible: default colour or a real colour
      assert.ok(!/\x1b\[30m/.test(out.written), 'no black foreground sent');
      if (colours < 16) assert.ok(!/\x1b\[90m|\x1b\[38;5;8m/.test(out.written), 'no bright-black on a terminal without it');
    } finally {
      d.close();
    }
  });
}

test('10: every screen in ASCII mode writes no byte >= 0x80, even with non-ASCII outside text', async () => {
  const { d, out } = dash({ ascii: true, colour: true, home: '/srv/oro—home' });
  try {
    const snap = snapshot({
      logs: ok({
        files: [],
        recent: [logLine(1, 'error', 'Ünïcode — “quoted” · ● ⏺ 中文 ✓ ERROR')],
        errorsLast5m: 1,
        errorsPerMinute: [0, 7],
        notices: [],
      }),
      paneText: ok({ lines: { architect: ['⏺ Thinking… · ✻ done', '─────', '中文'], manager: ['│ box │'] } }),
      workerTail: ok({ id: 'w-1', path: 'x', lines: ['résumé — ok'], error: null }),
      db: ok({
        path: 'state.db',
        tables: [],
        missingTables: [],
        paneActivity: {},
        events: [
          { id: 1, type: 'note', workerId: 'w-1', beadId: 'oro-1', payload: 'naïve → café', createdAt: '2026-11-22 22:00:00' },
        ] as never,
        pendingEscalations: [],
        pendingEscalationCount: 0,
        activeAssignments: [],
      }),
    });
    const view = viewOf(snap, [{ atMs: NOW - 5000, kind: 'died', component: 'worker w-2', text: 'w-2 died — “gone”', status: 'dead' }]);
    d.update(view);
    const keys = [
      '1',
      'enter',
      'escape',
      '2',
      'enter',
      'escape',
      '/',
      '[',
      'escape',
      '3',
      '4',
      'enter',
      'escape',
      'f',
      '5',
      'enter',
      'escape',
      '?',
      'G',
      'escape',
      '1',
      'R',
    ];
    for (const k of keys) {
      d.press(k);
      await flushed();
      for (const line of d.frame()) assert.match(line, /^[\x20-\x7e]*$/, `after ${k}: ${line}`);
      // and nothing became a '?' (what blessed makes of a character it cannot draw in ASCII)
      assert.doesNotMatch(d.frame()[22]!, /\?/, `status line after ${k}`);
      if (k === '4') assert.match(d.frame().join('\n'), /Unicode - "quoted" - \* \* \?\?\?\? v ERROR/);
      if (k === '3') assert.match(d.frame().join('\n'), /\* Thinking~ - \* done/);
    }
    const bad = [...Buffer.from(out.written, 'utf8')].findIndex((b) => b >= 0x80);
    assert.equal(bad, -1, `a byte >= 0x80 at ${bad}: ${JSON.stringify(out.written.slice(Math.max(0, bad - 40), bad + 10))}`);
  } finally {
    d.close();
  }
});

test('10: check text in ASCII mode is ASCII, reasons included', () => {
  const snap = snapshot({
    daemon: ok(
      daemonSnap({ health: healthDetail({ workers: [{ id: 'w-1', state: 'busy', beadId: 'oro-1', lastProgressS: 3, contextPct: 40 }] }) }),
    ),
  });
  const r = classify(snap, NOW, OPTS);
  r.workers[0]!.reason = 'busy on oro-1 · “quoted” — ok';
  const text = checkText(r, true);
  assert.match(text, /^[\x00-\x7f]*$/);
  assert.match(text, /busy on oro-1 - "quoted" - ok/);
  assert.match(checkText(r, false), /●/);
});

test('11: help at 80x24: keys apart from descriptions, headings with their entries, nothing cut, it scrolls', () => {
  const { d } = dash();
  try {
    d.update(viewOf());
    d.press('?');
    const seen: string[] = [];
    let f = d.frame();
    for (let i = 0; i < 10; i++) {
      seen.push(...f.slice(2, 21));
      d.press('j');
      f = d.frame();
    }
    d.press('G');
    seen.push(...d.frame().slice(2, 21));
    const text = seen.join('\n');
    assert.doesNotMatch(text, /…/, 'nothing cut');
    assert.match(text, /│ {2}PgDn Ctrl-f +page down/);
    assert.match(text, /│Logs screen\s+│\n│ {2}Enter +read the selected line in full/);
    assert.match(d.frame()[1]!, /Help · \d+-\d+ of \d+/);
    d.press('g');
    assert.match(d.frame()[2]!, /│Everywhere/);
    d.mouse({ action: 'wheeldown', x: 10, y: 10 });
    assert.match(d.frame()[2]!, /│ {2}Tab/);
  } finally {
    d.close();
  }
});

test('12: a bad regex shows its error in the prompt; the frame stays whole; Ctrl-U clears; / reopens with the filter', () => {
  const { d } = dash();
  try {
    d.update(cpuView({ 'w-1': 1, 'w-2': 2 }));
    d.press('2');
    d.press('/');
    for (const k of '/w-[/') d.press(k);
    assert.match(d.frame()[23]!, /filter workers: \/w-\[\/_ +bad pattern: Unterminated character class/);
    d.press('enter');
    const f = d.frame();
    assert.match(f[1]!, /^┌─ Workers 2 filter \/w-\[\/ \(bad pattern\) · sort id ─+┐$/);
    assert.match(f[2]!, /^│ID▲\s+S STATE/);
    // the hint line says it too, whole at 80 columns (the title may be cut)
    assert.equal(f[23], 'filter /w-[/ not applied: Unterminated character class — / edits, Esc clears');
    d.press('/');
    assert.equal(d.state.input?.text, '/w-[/', 'reopening starts with the current filter');
    d.press('C-u');
    assert.equal(d.state.input?.text, '');
    for (const k of 'w-2') d.press(k);
    d.press('enter');
    assert.match(d.frame()[1]!, /Workers 1 of 2 filter w-2/);
  } finally {
    d.close();
  }
});

function action(over: Partial<ActionRecord>): ActionRecord {
  return actionRecord({
    home: '/h',
    who: 'me',
    startedAt: new Date(NOW - 5000).toISOString(),
    steps: [{ name: 'drain', detail: '2 workers left' }] as never,
    ...over,
  });
}

test('13: the action shows beside the refresh time and the stale sources; hints list K and I; 14: the home', () => {
  const { d } = dash({ home: '/home/someone/projects/very/long/path/to/the/oro-home', cols: 80 });
  try {
    const snap = snapshot({
      actions: ok({
        recent: [action({ status: 'succeeded', endedAt: new Date(NOW - 3000).toISOString(), outcome: 'restarted in 12.3 s' })],
      }),
      host: { data: null, error: { message: 'no /proc/stat' } as never, updatedAtMs: NOW - 14_000, failures: 2 },
    });
    d.update(viewOf(snap));
    const status = d.frame()[22]!;
    assert.match(status, /refreshed \d\d:\d\d:\d\d/);
    assert.match(status, /host: stale 14s/);
    assert.match(status, /restart-daemon #7 succeeded/);
    assert.ok([...status].length <= 80);
    assert.doesNotMatch(status, /\S…\S/);
    d.press('2');
    const hints = d.frame()[23]!;
    assert.match(hints, /K kill/);
    assert.match(hints, /I invert/);
    assert.match(hints, /r restart/);
    d.press('4');
    assert.match(d.frame()[23]!, /N prev error {2}\? help {2}q quit$/, 'every key of the logs screen fits in 80 columns');
    d.press('2');
    // the dialog's lines are wrapped at words, never cut
    d.press('K');
    const dialog = d.frame().slice(1, 21).join('\n');
    assert.match(dialog, /then SIGKILL\./);
    assert.doesNotMatch(dialog, /…/);
    d.press('n');
    // an action's result on the hint line is not repeated in the status line
    d.flash('restart-daemon #7 succeeded: restarted in 12.3 s');
    assert.equal(
      (
        d
          .frame()
          .join('\n')
          .match(/restarted in 12.3 s/g) ?? []
      ).length,
      1,
    );
    assert.match(d.frame()[22]!, /refreshed .* restart-daemon #7 succeeded/);
    // an action seen running that ends: its whole result is announced on the message line
    d.press('escape');
    d.update(viewOf(snapshot({ actions: ok({ recent: [action({ id: 8 })] }) })));
    assert.match(d.frame()[22]!, /restart-daemon #8 running: drain — 2 workers left/);
    d.update(
      viewOf(
        snapshot({
          actions: ok({
            recent: [
              action({
                id: 8,
                status: 'succeeded',
                endedAt: new Date(NOW - 1000).toISOString(),
                outcome: 'restarted in 3.1 s, PID 1 -> 2, workers 3->3, beads kept',
              }),
            ],
          }),
        }),
      ),
    );
    assert.match(d.frame()[23]!, /restart-daemon #8 succeeded: restarted in 3.1 s, PID 1 -> 2, workers 3->3/);
    // a start of a dead daemon runs detached too: its result is announced the same way
    d.update(viewOf(snapshot({ actions: ok({ recent: [action({ id: 9, kind: 'start-daemon', steps: [] })] }) })));
    const done = action({
      id: 9,
      kind: 'start-daemon',
      status: 'succeeded',
      endedAt: new Date(NOW - 500).toISOString(),
      outcome: 'started in 0.3 s, PID 5, workers 3/3',
    });
    d.update(viewOf(snapshot({ actions: ok({ recent: [done] }) })));
    assert.match(d.frame()[23]!, /start-daemon #9 succeeded: started in 0\.3 s, PID 5, workers 3\/3/);
    // the home, shortened in the middle, is in the status line when there is room
    d.update(viewOf(snapshot()));
    assert.match(d.frame()[22]!, /^\/home\/…\/oro-home · refreshed \d\d:\d\d:\d\d/);
  } finally {
    d.close();
  }
});

test('16: the mouse wheel moves, a click selects; positions show; Enter reads a line in full', () => {
  const { d } = dash();
  try {
    const long = `${'a very long error line '.repeat(12)}END`;
    const lines = range(1, 60).map((i) => logLine(i, i === 5 ? 'error' : 'info', i === 5 ? long : `line ${i}`));
    d.update(logsView(lines));
    d.press('4');
    assert.match(d.frame()[1]!, /42-60 of 60/);
    d.mouse({ action: 'wheelup', x: 10, y: 10 });
    assert.equal(d.state.follow, false);
    d.press('g');
    // click the fifth line (screen row 2 is the first line)
    d.mouse({ action: 'mousedown', x: 10, y: 6 });
    assert.match(selectedRow(d), /a very long error/);
    d.press('enter');
    const f = d.frame().join('\n');
    assert.match(f, /END/, 'the whole text, wrapped');
    assert.match(d.frame()[23]!, /Esc close/);
    d.press('escape');
    assert.match(d.frame()[1]!, /Logs 60 lines/);
    // the workers screen: a click selects that worker
    d.update(cpuView({ 'w-1': 1, 'w-2': 2, 'w-3': 3 }));
    d.press('2');
    d.mouse({ action: 'mousedown', x: 5, y: 5 });
    assert.match(selectedRow(d), /│w-3\s/);
  } finally {
    d.close();
  }
});

void NOW_S;
