// The confirmation dialogs of the daemon actions say what happens at this point (pure view models).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActionRecord, StepRecord } from '../../src/journal/journal.js';
import { confirmationFor } from '../../src/actions/registry.js';
import { confirmationOf } from '../../src/screens/models/confirm.js';
import { handleKey } from '../../src/screens/key-handler.js';
import { initialUi } from '../../src/screens/ui-state.js';
import { actionRecord, daemonSnap, ok, snapshot } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const settings = { drainTimeoutS: 60, startCommand: ['oro', 'start', '--daemon-only', '--workers', '{workers}'] };

function restart(steps: [string, StepRecord['status'], string?][]): ActionRecord {
  const at = '2026-01-01T00:00:00Z';
  return actionRecord({
    home: '/h',
    who: 'me',
    startedAt: at,
    steps: steps.map(([name, status, detail], i) => ({ seq: i + 1, name, status, startedAt: at, endedAt: null, detail: detail ?? null })),
  });
}

const withAction = (a: ActionRecord) => viewOf(snapshot({ actions: ok({ recent: [a] }) }));

test('Esc during a restart opens a question instead of cancelling at once', () => {
  const ui = handleKey(initialUi(), 'escape', { rows: 0, page: 10, runningRestart: 7 });
  assert.deepEqual(ui.confirm, { kind: 'cancel', actionId: 7 });
  assert.equal(ui.request, null, 'nothing is sent before the answer');
  assert.deepEqual(handleKey(ui, 'n', { rows: 0, page: 10 }).request, null);
  assert.deepEqual(handleKey(ui, 'y', { rows: 0, page: 10 }).request, { kind: 'cancel', actionId: 7 });
});

test('before the directive, a cancel stops the restart and changes nothing', () => {
  const { title, lines } = confirmationOf(
    { kind: 'cancel', actionId: 7 },
    withAction(
      restart([
        ['check', 'done'],
        ['directive', 'running'],
      ]),
    ),
  );
  assert.equal(title, 'Cancel restart #7?');
  assert.match(lines.join('\n'), /not been asked to restart yet[\s\S]*the daemon keeps running/);
});

test('after the directive, the dialog says the restart goes on: deadline, escalation, successor', () => {
  const a = restart([
    ['check', 'done'],
    ['directive', 'done'],
    ['drain', 'running', '1/2 workers approved, 41 s left'],
  ]);
  const { title, lines } = confirmationOf({ kind: 'cancel', actionId: 7 }, withAction(a));
  assert.equal(title, 'Restart #7 cannot be cancelled now');
  const text = lines.join('\n');
  assert.match(text, /already told to shut down/);
  assert.match(text, /does NOT stop the restart/);
  assert.match(text, /drain goes on \(1\/2 workers approved, 41 s left\)/);
  // the signals only past the deadline, not as if they always followed
  assert.match(text, /only if it still runs at the deadline: SIGINT, then SIGKILL if SIGINT is ignored/);
  assert.match(text, /the successor is started/);
});

test('R with the daemon dead offers to start it, not a drain', () => {
  const dead = viewOf(
    snapshot({
      daemon: ok(
        daemonSnap({
          pidFile: { kind: 'missing', path: '/h/oro.pid' },
          identity: null,
          process: null,
          healthSocket: { kind: 'no-socket' },
          health: null,
        }),
      ),
    }),
  );
  assert.equal(dead.report.daemon.status, 'dead');
  const { title, lines } = confirmationFor('restart-daemon', 'daemon', dead.report, settings);
  assert.equal(title, 'Start the daemon?');
  const text = lines.join('\n');
  assert.match(text, /The daemon is not running: /);
  assert.match(
    text,
    new RegExp(`oro start --daemon-only --workers ${Math.max(1, dead.report.workers.length)}$`, 'm'),
    'the count filled in',
  );
  assert.doesNotMatch(text, /drain may take|hand off|\{workers\}/);
  // a live daemon still gets the drain dialog, with the command as it will run
  const live = confirmationFor('restart-daemon', 'daemon', viewOf().report, settings);
  assert.equal(live.title, 'Drain and restart the daemon?');
  assert.match(live.lines.join('\n'), new RegExp(`successor starts: oro start --daemon-only --workers ${viewOf().report.workers.length}`));
});
