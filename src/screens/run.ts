// Runs the full-screen dashboard until the user quits. Owns the terminal's life: it is restored on
// quit, on an uncaught error (reported after the restore), on SIGTERM and on SIGHUP.
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { SnapshotStore, type View } from '../store.js';
import type { ActionRequest } from './ui-state.js';
import { messageOf } from '../util/errors.js';
import { mark } from '../util/timing.js';
import { Dashboard } from './app.js';
import { writeCachedFile } from '../system/cache-file.js';
import type { ShippedTerminfo } from './terminfo-data.js';
import { checkTerminal, chooseTerminal, type TerminalFlags } from './terminal.js';
import { terminfoBytes } from './terminfo-data.js';
import { makeTheme } from './theme.js';
import { actionSettings, launchText } from '../actions/action.js';
import { actionByKind, confirmationFor } from '../actions/registry.js';
import { Journal } from '../journal/journal.js';
import { pastDirective } from './models/confirm.js';

export interface RunResult {
  code: number;
  /** printed on stderr after the terminal is restored */
  message: string | null;
}

/** Writes a shipped terminfo entry into a terminfo folder of oro-top's cache (x/xterm layout). */
export function shippedTerminfo(name: ShippedTerminfo): { dir: string; name: string } {
  const file = writeCachedFile(join('terminfo', name[0]!), name, terminfoBytes(name));
  return { dir: dirname(dirname(file)), name };
}

/** Starts a confirmed action through its definition (a daemon action runs detached); all journaled. */
async function startAction(config: Config, req: ActionRequest): Promise<string> {
  const journal = new Journal();
  try {
    if (req.kind === 'cancel') {
      const a = journal.get(req.actionId);
      if (a?.status !== 'running' || !journal.requestCancel(req.actionId)) return `#${req.actionId} is no longer running`;
      return pastDirective(a)
        ? `cancel of #${req.actionId} recorded: the daemon was already told to shut down, so the restart goes on (deadline, escalation, successor)`
        : `cancel requested for #${req.actionId}: it stops before the daemon is asked; nothing changes`;
    }
    const def = actionByKind(req.action);
    if (!def) return `oro-top has no action '${req.action}'`;
    return launchText(def, req.target, await def.run({ config, journal }, req.target, req.input));
  } finally {
    journal.close();
  }
}

export async function runDashboard(
  config: Config,
  flags: TerminalFlags & { readOnly?: boolean },
  hooks: { onFirstFrame?: (msSinceStart: number) => void } = {},
): Promise<RunResult> {
  checkTerminal({ stdinTTY: process.stdin.isTTY === true, stdoutTTY: process.stdout.isTTY === true }, process.env);
  const choice = chooseTerminal(flags, process.env);
  const theme = makeTheme({ ascii: !choice.unicode, colour: choice.colour });
  const store = new SnapshotStore(config);
  mark('dashboard-start');
  // the first collection starts before the screen is built: its I/O (tmux, the socket) overlaps
  // with blessed's set-up, and its result waits here if it is faster
  let dash: Dashboard | null = null;
  let early: View | null = null;
  let result: RunResult = { code: 0, message: null };
  const finish = (r: RunResult): void => {
    result = r;
    dash?.close();
  };
  const onError = (err: unknown): void =>
    finish({ code: 70, message: `oro-top: ${err instanceof Error ? (err.stack ?? err.message) : messageOf(err)}` });
  store.subscribe((v) => {
    if (!dash) {
      early = v;
      return;
    }
    if (dash.firstDataFrameAtMs === null) mark('first-collection');
    try {
      dash.update(v);
    } catch (err) {
      onError(err);
    }
  });
  const started = store.start({ dashboard: true });
  dash = new Dashboard({
    theme,
    terminfo: shippedTerminfo(choice.terminfo),
    unicode: choice.unicode,
    onDemand: (d) => store.setDemand(d),
    onAction: (req) => startAction(config, req),
    describeAction: (kind, target, report, extra) => confirmationFor(kind, target, report, actionSettings(config), extra),
    readOnly: flags.readOnly === true,
    home: config.home,
  });
  mark('screen-created');
  if (early) {
    mark('first-collection');
    dash.update(early);
  }
  const onSignal = (sig: NodeJS.Signals): void => finish({ code: sig === 'SIGHUP' ? 129 : sig === 'SIGINT' ? 130 : 143, message: null });
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  try {
    await started;
    const d = dash;
    if (hooks.onFirstFrame) void waitFirstFrame(d).then((ms) => ms !== null && hooks.onFirstFrame?.(ms));
    await dash.quitted;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    dash.close();
    await store.stop();
  }
  return result;
}

/** When the first frame with data was drawn, in ms since the process started (null: not in 30 s). */
async function waitFirstFrame(dash: Dashboard): Promise<number | null> {
  const t0 = Date.now();
  while (dash.firstDataFrameAtMs === null && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
  return dash.firstDataFrameAtMs;
}
