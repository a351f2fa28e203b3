import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Observation } from '../../../src/health/observe.js';
import { screenKeyContext } from '../../../src/screens/key-context.js';
import { handleKey } from '../../../src/screens/key-handler.js';
import { BINDINGS } from '../../../src/screens/keys.js';
import { buildScreen } from '../../../src/screens/models/screen.js';
import { makeTheme } from '../../../src/screens/theme.js';
import { initialUi, reconcile, type UiState } from '../../../src/screens/ui-state.js';
import type { View } from '../../../src/store.js';
import { NOW } from '../../helpers/snapshot.js';
import { viewOf } from '../../helpers/view.js';

const theme = makeTheme({ ascii: false, colour: true });
const size = { cols: 80, rows: 24 };

/** What a dashboard saw over a night: workers dying and coming back, one a minute, oldest first. */
function night(n: number): Observation[] {
  return Array.from({ length: n }, (_, i) => {
    const w = `w-${(i % 3) + 1}`;
    const died = i % 2 === 0;
    return {
      atMs: NOW - (n - i) * 60_000,
      kind: died ? 'died' : 'recovered',
      component: `worker:${w}`,
      text: died ? `worker ${w} died: process gone; not listed by the daemon` : `worker ${w} recovered: busy on oro-1`,
      status: died ? 'dead' : 'healthy',
    } satisfies Observation;
  });
}

const daemonDead: Observation = {
  atMs: NOW,
  kind: 'died',
  component: 'daemon',
  text: 'daemon died: PID file is stale: PID 32449 is gone',
  status: 'dead',
};

/** One refresh as the app does it: the cursor goes back to the selection, then the frame. */
function refresh(ui: UiState, view: View): { ui: UiState; alerts: { label: string; lines: string[] } } {
  const ctx = screenKeyContext({ view, ui, size, theme, bindings: BINDINGS, nowMs: NOW });
  const next = reconcile(ui, 'overview', ctx.ids ?? []);
  const p = buildScreen({ view, ui: next, size, theme, nowMs: NOW }).panels.find((x) => x.id === 'alerts')!;
  return { ui: next, alerts: { label: p.label ?? '', lines: p.lines } };
}

test('the overview alerts open on the newest and stay on it as new alerts arrive, until the user moves', () => {
  let ui = initialUi();
  // the dashboard started with one alert, then fifteen more came, one refresh each
  const obs = night(15);
  for (let n = 1; n <= obs.length; n++) ui = refresh(ui, viewOf(undefined, obs.slice(0, n))).ui;
  const killed = refresh(ui, viewOf(undefined, [...obs, daemonDead]));
  assert.match(killed.alerts.label, /Alerts · 1-\d+ of 16/, 'scrolled to the top, where the newest are');
  assert.match(killed.alerts.lines[0]!, /\{inverse\}.*daemon died: PID file/, 'the cursor is on the newest: the dead daemon');
  // Enter reads the newest
  const ctx = screenKeyContext({
    view: viewOf(undefined, [...obs, daemonDead]),
    ui: killed.ui,
    size,
    theme,
    bindings: BINDINGS,
    nowMs: NOW,
  });
  const opened = handleKey(killed.ui, 'enter', { ...ctx, bindings: BINDINGS });
  assert.match(opened.reader?.text ?? '', /daemon died/);
});

test('once the user moved down the alerts, the selection stays on its alert as new ones arrive', () => {
  const obs = night(10);
  let ui = refresh(initialUi(), viewOf(undefined, obs)).ui;
  const ctx = screenKeyContext({ view: viewOf(undefined, obs), ui, size, theme, bindings: BINDINGS, nowMs: NOW });
  ui = handleKey(ui, 'j', { ...ctx, bindings: BINDINGS });
  const chosen = ui.selected.overview;
  assert.ok(chosen, 'moving selects an alert');
  const after = refresh(ui, viewOf(undefined, [...obs, daemonDead]));
  assert.equal(after.ui.cursor.overview, 2, 'the alert moved down one row; the cursor with it');
  assert.equal(after.ui.selected.overview, chosen);
  // back to the top: following the newest again
  const ctx2 = screenKeyContext({
    view: viewOf(undefined, [...obs, daemonDead]),
    ui: after.ui,
    size,
    theme,
    bindings: BINDINGS,
    nowMs: NOW,
  });
  const top = handleKey(after.ui, 'g', { ...ctx2, bindings: BINDINGS });
  const later: Observation = { ...daemonDead, atMs: NOW + 1, text: 'daemon recovered: running', status: 'healthy', kind: 'recovered' };
  const again = refresh(top, viewOf(undefined, [...obs, daemonDead, later]));
  assert.equal(again.ui.cursor.overview, 0);
  assert.match(again.alerts.lines[0]!, /\{inverse\}.*daemon recovered/);
});
