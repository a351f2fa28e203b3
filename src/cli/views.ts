// The commands that show the swarm: the dashboard, `snapshot` and `check`.
import { appendFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { checkJson, checkText, EXIT_CODES } from '../report/check.js';
import { snapshotJson } from '../report/snapshot-json.js';
import { isUtf8Locale } from '../screens/terminal.js';
import { SnapshotStore, type View } from '../store.js';
import { marksText } from '../util/timing.js';
import { configFrom, type GlobalArgs, type ScreenArgs } from './args.js';
import { out, say } from './output.js';

// loaded when the dashboard runs: blessed only for the dashboard
const runDashboard: typeof import('../screens/run.js').runDashboard = async (...a) =>
  (await import('../screens/run.js')).runDashboard(...a);

function printView(v: View, json: boolean, home: string): void {
  if (json) out(`${JSON.stringify(snapshotJson(v.snapshot, v.report, home))}\n`);
  else out(checkText(v.report, !isUtf8Locale(process.env), v.snapshot.slices.supervisor.data));
}

export async function runSnapshot(argv: GlobalArgs & { json?: boolean; watch?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const store = new SnapshotStore(config);
  if (!argv.watch) {
    printView(await store.once(), argv.json ?? false, config.home);
    return 0;
  }
  // one snapshot per refresh, printed once every source of that refresh was collected; in text
  // a header line with the time starts each one and a blank line ends it
  let printed = 0;
  store.subscribe((v) => {
    if (v.snapshot.complete === false) return;
    if (!argv.json)
      say(`${printed++ === 0 ? '' : '\n'}=== ${new Date(v.snapshot.collectedAtMs).toISOString()} · ${v.report.overall} ===\n`);
    printView(v, argv.json ?? false, config.home);
  });
  await store.start();
  await untilSignal();
  await store.stop();
  return 0;
}

export async function runCheck(argv: GlobalArgs & { json?: boolean; ascii?: boolean }): Promise<number> {
  const config = configFrom(argv);
  const v = await new SnapshotStore(config).once();
  const sup = v.snapshot.slices.supervisor.data;
  out(
    argv.json
      ? `${JSON.stringify(checkJson(v.report, sup))}\n`
      : checkText(v.report, argv.ascii === true || !isUtf8Locale(process.env), sup),
  );
  return EXIT_CODES[v.report.overall];
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => resolve(s);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    process.once('SIGHUP', on);
  });
}

/** The full-screen dashboard; its result code and message come after the terminal is restored. */
export async function dashboard(config: Config, argv: ScreenArgs): Promise<number> {
  const timing = process.env.ORO_TOP_TIMING_FILE;
  const r = await runDashboard(
    config,
    { ascii: argv.ascii, noColor: argv.color === false, readOnly: argv['read-only'] === true },
    timing ? { onFirstFrame: (ms) => appendFileSync(timing, `${marksText()}\nfirst_frame_ms ${ms.toFixed(1)}\n`) } : {},
  );
  if (r.message) process.stderr.write(`${r.message}\n`);
  return r.code;
}
