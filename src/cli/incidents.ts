// `oro-top incidents [--json] [--since 24h] [--target ID]`: the crash history the supervisor kept for
// this home; `oro-top incidents show ID [--out FILE]`: one incident's report (Markdown), built as the
// dashboard's Incidents screen builds it (supervisor/incident-report.ts).
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { type Incident, IncidentStore, parseSince } from '../journal/incidents.js';
import { Journal, stateDir } from '../journal/journal.js';
import { SupervisorStateStore } from '../journal/supervisor-state.js';
import { HealthTimeline } from '../journal/timeline.js';
import { AROUND_MS, doneText, incidentReport } from '../supervisor/incident-report.js';
import { currentSupervisor } from '../supervisor/lock.js';
import { parseTarget } from '../supervisor/types.js';
import { writePrivateFile } from '../system/private-files.js';
import { OroTopError } from '../util/errors.js';
import { sanitizeField } from '../util/sanitize.js';
import { configFrom, type GlobalArgs } from './args.js';
import { out, say, warn } from './output.js';
import { notePositional } from './unknown.js';

type Run = (p: Promise<number>) => Promise<void>;

const HOUR_MS = 3_600_000;
/** at most this many incidents listed (newest first) */
export const LIST_LIMIT = 10_000;

interface ListArgs extends GlobalArgs {
  json: boolean;
  since: string;
  target?: string;
}

interface ShowArgs extends GlobalArgs {
  id: string;
  out?: string;
}

/** The `incidents` command and its `show` subcommand. */
export function incidentsCommand(y: Argv<GlobalArgs>, run: Run): Argv<GlobalArgs> {
  notePositional('incidents show', 'an incident id', 'the ids are in oro-top incidents');
  return y.command(
    'incidents',
    'what the supervisor saw and did (the crash history); incidents show ID writes one incident report',
    (c) =>
      c
        .option('json', { type: 'boolean', default: false, describe: 'the incidents as one JSON array', global: false })
        .option('since', {
          type: 'string',
          default: '24h',
          describe: 'an age (90s, 30m, 24h, 7d) or a date (2026-11-25T08:00:00Z)',
          global: false,
        })
        .option('target', { type: 'string', describe: 'only this target: daemon, pane:NAME, worker:ID', global: false })
        .command(
          'show <id>',
          'one incident report (Markdown): what happened, timeline, first error, bead, what was done, next step',
          (s) =>
            s
              .positional('id', { type: 'string', demandOption: true, describe: 'the incident number (oro-top incidents lists them)' })
              .option('out', { type: 'string', describe: 'write the report to this file (created private, 0600) instead of stdout' }),
          (a) => run(runShow(a as unknown as ShowArgs)),
        ),
    (a) => run(runList(a as unknown as ListArgs)),
  );
}

const journalPath = (): string => join(stateDir(), 'journal.db');

/** Opens the journal for the supervisor's tables; null when there is no journal at all. */
function withStores<T>(fn: (j: Journal, incidents: IncidentStore) => T): T | null {
  if (!existsSync(journalPath())) return null;
  const j = new Journal(journalPath());
  try {
    return fn(j, new IncidentStore(j.db));
  } finally {
    j.close();
  }
}

function incidentJson(i: Incident): Record<string, unknown> {
  return {
    id: i.id,
    at: i.at,
    home: i.home,
    target: i.target,
    kind: i.kind,
    severity: i.severity,
    summary: i.summary,
    bead: i.bead,
    action: i.action,
    action_id: i.actionId,
    outcome: i.outcome,
    attempt: i.attempt,
    attempts_max: i.attemptsMax,
    evidence: i.evidence,
  };
}

/** One line per incident: "#12 2026-11-25T03:12:05Z worker:w-2 exited (critical): summary; action attempt n of N: outcome" */
export function incidentLine(i: Incident): string {
  const done = doneText(i, true);
  return `#${i.id} ${i.at.replace(/\.\d{3}Z$/, 'Z')} ${i.target} ${i.kind} (${i.severity}): ${i.summary}${done}`;
}

async function runList(argv: ListArgs): Promise<number> {
  const since = parseSince(argv.since);
  if (since instanceof OroTopError) throw since;
  if (argv.target !== undefined && !parseTarget(argv.target))
    throw new OroTopError(
      'usage',
      `--target ${JSON.stringify(sanitizeField(argv.target))}: not a target (daemon, pane:NAME, worker:ID, logs)`,
    );
  const home = configFrom(argv).home;
  const list =
    withStores((_j, store) =>
      store.list({ home, sinceMs: since, limit: LIST_LIMIT, ...(argv.target !== undefined ? { target: argv.target } : {}) }),
    ) ?? [];
  if (argv.json) {
    out(`${JSON.stringify(list.map(incidentJson))}\n`);
    return 0;
  }
  const from = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (list.length === 0) {
    say(`no incidents for ${home}${argv.target ? ` (${argv.target})` : ''} since ${from}\n`);
    return 0;
  }
  for (const i of list) say(`${incidentLine(i)}\n`);
  say(`${list.length} incident${list.length === 1 ? '' : 's'} since ${from}, newest first; oro-top incidents show ID for a report\n`);
  return 0;
}

async function runShow(argv: ShowArgs): Promise<number> {
  const id = /^\s*#?(\d{1,15})\s*$/.exec(argv.id);
  if (!id)
    throw new OroTopError(
      'usage',
      `incidents show ${JSON.stringify(sanitizeField(argv.id))}: not an incident number (oro-top incidents lists them)`,
    );
  const n = Number(id[1]);
  const report = withStores((j, store) => {
    const i = store.get(n);
    if (!i) return null;
    const at = Date.parse(i.at);
    const others = store.list({ home: i.home, target: i.target, sinceMs: at - HOUR_MS, untilMs: at + HOUR_MS + 1, limit: 1000 });
    const timeline = new HealthTimeline(j.db).entries(i.home, at - AROUND_MS, at + AROUND_MS);
    const st = new SupervisorStateStore(j.db).get(i.home);
    const holder = currentSupervisor(j.db, i.home);
    const supervision =
      st instanceof OroTopError
        ? null
        : { running: holder !== null, autoRestart: holder?.autoRestart ?? false, paused: st.paused, gaveUp: st.gaveUp };
    return incidentReport(i, { others, timeline, supervision, host: hostname() });
  });
  if (report === null) {
    warn(`oro-top: no incident ${n} in the journal ${journalPath()} (oro-top incidents lists them)\n`);
    return 1;
  }
  if (argv.out !== undefined) {
    writePrivateFile(argv.out, report, 'the report file');
    say(`incident ${n}: report written to ${argv.out}\n`);
  } else out(report);
  return 0;
}
