// `oro-top events [--json] [--follow] [--since 1h]`: one event per line (events/event.ts). First the
// history the journal keeps (the supervisor's incidents and agents' events, the sends); with --follow, then every change
// as this oro-top sees it (agents, progress, sends, deaths and recoveries), until Ctrl-C or a closed
// pipe (`| head`); a daemon that restarts is a died and a recovered event, not the end.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { eventJson, eventLine, eventOfIncident, eventOfObservation, eventOfSend, type OroEvent } from '../events/event.js';
import type { Observation } from '../health/observe.js';
import { AgentEventLog } from '../journal/agent-events.js';
import { IncidentStore, parseSince } from '../journal/incidents.js';
import { Journal, stateDir } from '../journal/journal.js';
import { SnapshotStore } from '../store.js';
import { OroTopError } from '../util/errors.js';
import { configFrom, type GlobalArgs } from './args.js';
import { out, say } from './output.js';

type Run = (p: Promise<number>) => Promise<void>;

interface EventsArgs extends GlobalArgs {
  json: boolean;
  follow: boolean;
  since: string;
}

export function eventsCommand(y: Argv<GlobalArgs>, run: Run): Argv<GlobalArgs> {
  return y.command(
    'events',
    'the events: agent states, progress, sends, deaths and recoveries, one a line; --follow goes on',
    (c) =>
      c
        .option('json', { type: 'boolean', default: false, describe: 'one JSON object a line', global: false })
        .option('follow', { type: 'boolean', default: false, describe: 'go on: each event as it happens, until Ctrl-C', global: false })
        .option('since', {
          type: 'string',
          default: '1h',
          describe: 'an age (90s, 30m, 1h, 7d) or a date (2026-11-25T08:00:00Z)',
          global: false,
        }),
    (a) => run(runEvents(a as unknown as EventsArgs)),
  );
}

/**
 * What the journal keeps since `sinceMs`, oldest first: incidents, sends, and the agents' events a
 * supervisor recorded; and the newest incident's id.
 */
function history(home: string, sinceMs: number): { events: OroEvent[]; lastIncident: number } {
  const path = join(stateDir(), 'journal.db');
  if (!existsSync(path)) return { events: [], lastIncident: 0 };
  const j = new Journal(path);
  try {
    const incidents = new IncidentStore(j.db).list({ home, sinceMs, limit: 10_000 });
    const sends = j
      .list(10_000, home)
      .map(eventOfSend)
      .filter((e): e is OroEvent => e !== null && e.atMs >= sinceMs);
    const agents: OroEvent[] = new AgentEventLog(j.db).list(home, sinceMs);
    const events = [...incidents.map(eventOfIncident), ...sends, ...agents].sort((a, b) => a.atMs - b.atMs);
    return { events, lastIncident: Math.max(0, ...incidents.map((i) => i.id)) };
  } finally {
    j.close();
  }
}

/** The supervisor's incidents after `afterId` that observations do not tell already (died ones do). */
function newIncidents(home: string, afterId: number): { events: OroEvent[]; lastIncident: number } {
  const path = join(stateDir(), 'journal.db');
  if (!existsSync(path)) return { events: [], lastIncident: afterId };
  const j = new Journal(path);
  try {
    const list = new IncidentStore(j.db).list({ home, limit: 200 }).filter((i) => i.id > afterId);
    const events = list.map(eventOfIncident).filter((e) => e.kind === 'incident');
    return { events: events.sort((a, b) => a.atMs - b.atMs), lastIncident: Math.max(afterId, ...list.map((i) => i.id)) };
  } finally {
    j.close();
  }
}

async function runEvents(argv: EventsArgs): Promise<number> {
  const since = parseSince(argv.since);
  if (since instanceof OroTopError) throw since;
  const config = configFrom(argv);
  const emit = (e: OroEvent): void => (argv.json ? out(`${JSON.stringify(eventJson(e))}\n`) : say(`${eventLine(e)}\n`));
  const past = history(config.home, since);
  for (const e of past.events) emit(e);
  if (!argv.follow) {
    if (past.events.length === 0 && !argv.json)
      say(`no events recorded for ${config.home} since ${new Date(since).toISOString()} (--follow watches as they happen)\n`);
    return 0;
  }
  const store = new SnapshotStore(config);
  const seen = new WeakSet<Observation>();
  let lastIncident = past.lastIncident;
  store.subscribe((v) => {
    for (const o of v.observations) {
      if (seen.has(o)) continue;
      seen.add(o);
      const e = eventOfObservation(o);
      if (e) emit(e);
    }
    if (v.snapshot.complete === false) return;
    try {
      const n = newIncidents(config.home, lastIncident);
      lastIncident = n.lastIncident;
      for (const e of n.events) emit(e);
    } catch {
      // the journal busy or unreadable for a moment: the next refresh reads it again
    }
  });
  await store.start();
  await untilSignal();
  await store.stop();
  return 0;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => resolve(s);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
    process.once('SIGHUP', on);
  });
}
