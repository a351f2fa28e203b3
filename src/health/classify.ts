// classify(snapshot, now, thresholds): every component's status with a short human reason, and
// the swarm's overall status. Pure: it reads the snapshot and nothing else.
import type { Thresholds } from '../config.js';
import type { DaemonSnapshot } from '../collectors/daemon.js';
import { PANE_NAMES } from '../collectors/pane-context.js';
import type { Snapshot } from '../collectors/sources.js';
import { mergeWorkers, type MergedWorker } from '../collectors/workers.js';
import { describeOutcome } from '../system/oro-socket.js';
import { formatAge } from '../util/format.js';
import { sanitizeId } from '../util/sanitize.js';
import { SOURCE_NAMES } from '../collectors/source-names.js';
import type { ActionRecord } from '../journal/journal.js';
import { isStoppedState } from '../system/proc-parse.js';
import type { DaemonHealth, HealthReport, Overall, PaneHealth, RestartInProgress, SourceHealth, Status, WorkerHealth } from './types.js';

export interface ClassifyOptions {
  thresholds: Thresholds;
  socketPath: string;
  session: string;
}

export function classify(snap: Snapshot, nowMs: number, opts: ClassifyOptions): HealthReport {
  const { slices } = snap;
  const actions = slices.actions.data?.recent ?? [];
  const restart = restartInProgress(actions, nowMs);
  let daemon = classifyDaemon(slices.daemon.data, slices.daemon.error?.message ?? null, nowMs);
  const panes = PANE_NAMES.map((name) => classifyPane(name, snap, nowMs, opts));
  // the workers' supervisor: the daemon's process while it lives, answering or not (a frozen
  // daemon is still their parent)
  const daemonAlive = slices.daemon.data?.identity?.kind === 'daemon';
  const merged = mergeWorkers({
    healthWorkers: slices.daemon.data?.health?.workers ?? null,
    daemonPid: daemonAlive ? daemon.pid : null,
    processes: slices.processes.data?.byPid.values() ?? null,
    socketPath: opts.socketPath,
    logFiles: slices.logs.data?.files ?? [],
    nowMs,
    recentLogWindowS: opts.thresholds.goneKeepS,
  });
  const ctx: WorkerContext = {
    daemonAnswered: daemon.status !== 'dead' && slices.daemon.data?.health != null,
    daemonAlive,
    daemonPid: daemon.pid,
    // the daemon lists workers but not one of them has a process oro-top can see (another PID
    // namespace, hidepid, one process hosting them all): a missing process proves nothing then
    processesVisible:
      slices.processes.data === null ? false : merged.some((w) => w.process !== null) || merged.every((w) => w.health === null),
  };
  const removedWorkers: { id: string; reason: string }[] = [];
  let workers = merged
    .filter((w) => {
      const why = removedOnPurpose(w, actions);
      if (why) removedWorkers.push({ id: sanitizeId(w.id), reason: why });
      return why === null;
    })
    .map((w) => withWorkerAction(classifyWorker(w, ctx, nowMs, opts.thresholds), actions, nowMs));
  if (restart) {
    // a planned restart takes the daemon and its workers away for a while: that is not a death
    const note = restartNote(restart);
    if (daemon.status !== 'healthy') daemon = { ...daemon, status: 'degraded', reason: `${note}; ${daemon.reason}` };
    workers = workers.map((w) => (w.status === 'healthy' ? w : { ...w, status: 'degraded', reason: `${note}; ${w.reason}` }));
  }
  const counts = { healthy: 0, degraded: 0, dead: 0, total: workers.length };
  for (const w of workers) counts[w.status]++;

  const sources: SourceHealth[] = Object.entries(slices).map(([k, s]) => ({
    name: SOURCE_NAMES[k as keyof typeof SOURCE_NAMES] ?? k,
    error: s.error?.message ?? null,
    ageS: s.updatedAtMs === null ? null : Math.max(0, Math.round((nowMs - s.updatedAtMs) / 1000)),
  }));

  const { overall, reason } = overallOf(snap, daemon, panes, workers, counts, restart);
  return { overall, overallReason: reason, restart, daemon, panes, workers, workerCounts: counts, removedWorkers, sources };
}

// ---------------------------------------------------------------- oro-top's own actions

/** A drain-and-restart (or a start) of the daemon whose runner still runs (the collector marks dead runners). */
export function restartInProgress(actions: readonly ActionRecord[], nowMs: number): RestartInProgress | null {
  const a = actions.find((x) => (x.kind === 'restart-daemon' || x.kind === 'start-daemon') && x.status === 'running');
  if (!a) return null;
  const step = a.steps.at(-1) ?? null;
  const started = Date.parse(a.startedAt);
  return {
    actionId: a.id,
    kind: a.kind,
    who: a.who,
    step: step?.name ?? null,
    detail: step?.detail ?? null,
    elapsedS: Number.isFinite(started) ? Math.max(0, Math.round((nowMs - started) / 1000)) : 0,
  };
}

function restartNote(r: RestartInProgress): string {
  return `restarting (#${r.actionId}, step ${r.step ?? 'starting'}, ${r.elapsedS} s)`;
}

/** The newest worker action on this worker id, if any. */
function lastWorkerAction(id: string, actions: readonly ActionRecord[]): ActionRecord | null {
  return actions.find((a) => (a.kind === 'kill-worker' || a.kind === 'restart-worker') && a.target === id) ?? null;
}

/**
 * A worker that left on purpose is not a dead worker: it is dropped from the list at once. That is
 * one that vanished (no process, not listed by the daemon) with no output since an action of
 * oro-top's that succeeded took it away: `kill-worker` on it, or a drain-and-restart of the daemon
 * (the successor's workers are the swarm now).
 */
function removedOnPurpose(w: MergedWorker, actions: readonly ActionRecord[]): string | null {
  if (w.health || w.process) return null;
  const lastOutput = w.log?.mtimeMs ?? null;
  const before = (a: ActionRecord | null | undefined): boolean => {
    if (a?.status !== 'succeeded' || !a.endedAt) return false;
    const ended = Date.parse(a.endedAt);
    return !Number.isFinite(ended) || lastOutput === null || lastOutput <= ended + 2000;
  };
  const killed = lastWorkerAction(w.id, actions);
  if (killed?.kind === 'kill-worker' && before(killed)) return `killed on purpose (kill-worker #${killed.id} by ${killed.who})`;
  const restart = actions.find((a) => a.kind === 'restart-daemon' && a.status === 'succeeded');
  return before(restart) ? `left with the old daemon (restart-daemon #${restart!.id} by ${restart!.who})` : null;
}

/** A worker being killed or restarted by oro-top right now reads so, not dead. */
function withWorkerAction(w: WorkerHealth, actions: readonly ActionRecord[], nowMs: number): WorkerHealth {
  if (w.status === 'healthy') return w;
  const a = lastWorkerAction(w.id, actions);
  if (a?.status !== 'running') return w;
  const step = a.steps.at(-1)?.name ?? 'starting';
  const s = Math.max(0, Math.round((nowMs - Date.parse(a.startedAt)) / 1000));
  const what = a.kind === 'kill-worker' ? 'being killed' : 'restarting';
  return { ...w, status: 'degraded', reason: `${what} (#${a.id}, step ${step}, ${s} s); ${w.reason}` };
}

function overallOf(
  snap: Snapshot,
  daemon: DaemonHealth,
  panes: PaneHealth[],
  workers: WorkerHealth[],
  counts: HealthReport['workerCounts'],
  restart: RestartInProgress | null,
): { overall: Overall; reason: string } {
  const d = snap.slices.daemon.data;
  const homeMissing = snap.slices.home.data?.exists === false;
  const home = snap.slices.home.data?.path ?? 'the oro home';
  const tmuxProblem = snap.slices.tmux.data?.problem;
  const nothing =
    d !== null &&
    d.pidFile.kind === 'missing' &&
    d.healthSocket.kind === 'no-socket' &&
    (tmuxProblem === 'no-server' || tmuxProblem === 'no-session' || tmuxProblem === 'no-tmux') &&
    workers.every((w) => w.pid === null);
  if (homeMissing && (d === null || d.pidFile.kind === 'missing'))
    return { overall: 'unreachable', reason: `oro home ${home} does not exist (--home or ORO_HOME names another)` };
  if (nothing) return { overall: 'unreachable', reason: `nothing to read in ${home}: no PID file, no socket, no tmux session, no workers` };

  const problems: string[] = [];
  if (daemon.status !== 'healthy') problems.push(`daemon: ${daemon.reason}`);
  for (const p of panes) if (p.status !== 'healthy') problems.push(`${p.name}: ${p.reason}`);
  const badWorkers = workers.filter((w) => w.status !== 'healthy');
  if (badWorkers.length > 0) problems.push(`workers: ${counts.healthy}/${counts.total} healthy`);
  for (const [key, s] of Object.entries(snap.slices)) {
    // oro-top's own journal failing says nothing about the swarm: it shows as a source only
    if (!s.error || key === 'actions' || key === 'supervisor') continue;
    const name = SOURCE_NAMES[key as keyof typeof SOURCE_NAMES] ?? key;
    problems.push(s.error.message.startsWith(name) ? s.error.message : `${name}: ${s.error.message}`);
  }

  const critical =
    daemon.status === 'dead' || panes.some((p) => p.status === 'dead') || (counts.total > 0 && counts.dead * 2 > counts.total);
  if (critical) return { overall: 'critical', reason: problems.join('; ') };
  if (restart) {
    const others = problems.filter((p) => !p.startsWith('daemon: ') && !p.startsWith('workers: '));
    const detail = restart.detail ? `: ${restart.detail}` : '';
    return {
      overall: 'restarting',
      reason: [
        `daemon ${restart.kind === 'start-daemon' ? 'start' : 'restart'} #${restart.actionId} by ${restart.who} in progress, step ${restart.step ?? 'starting'}${detail} (${restart.elapsedS} s)`,
        ...others,
      ].join('; '),
    };
  }
  if (problems.length > 0) return { overall: 'degraded', reason: problems.join('; ') };
  return { overall: 'healthy', reason: `daemon running, both panes active, ${counts.healthy}/${counts.total} workers healthy` };
}

// ---------------------------------------------------------------- daemon

export function classifyDaemon(d: DaemonSnapshot | null, error: string | null, nowMs: number): DaemonHealth {
  const base: DaemonHealth = {
    status: 'dead',
    reason: '',
    pid: null,
    state: null,
    uptimeS: null,
    cpuPct: null,
    rssBytes: null,
    socket: 'unknown',
  };
  if (!d) return { ...base, status: 'degraded', reason: `not read yet${error ? ` (${error})` : ''}` };
  const sock = d.healthSocket;
  const answered = sock.kind === 'answered';
  const health = d.health;
  base.socket = answered ? (sock.ack.ok ? `answered in ${sock.latencyMs} ms` : describeOutcome(sock)) : describeOutcome(sock);
  base.state = health?.daemon.state ?? d.status?.state ?? null;
  base.pid = d.pidFile.kind === 'ok' ? d.pidFile.pid : (health?.daemon.pid ?? null);
  if (d.process) {
    base.cpuPct = d.process.cpuPct;
    base.rssBytes = d.process.rssBytes;
    base.uptimeS = Math.max(0, nowMs / 1000 - d.process.startedAtS);
  } else if (health?.daemon.uptimeS != null) {
    base.uptimeS = health.daemon.uptimeS;
  }
  const socketNote = answered ? '' : `; ${describeOutcome(sock)}`;

  switch (d.pidFile.kind) {
    case 'missing':
      if (answered && health)
        return { ...base, pid: health.daemon.pid, status: 'degraded', reason: 'answers on the socket but has no PID file' };
      return { ...base, reason: `not running (no PID file${sock.kind === 'no-socket' ? ', no socket' : socketNote})` };
    case 'corrupt':
    case 'unreadable': {
      const what = d.pidFile.kind === 'corrupt' ? `corrupt (${d.pidFile.problem})` : `unreadable (${d.pidFile.message})`;
      if (answered && health)
        return { ...base, pid: health.daemon.pid, status: 'degraded', reason: `answers on the socket but the PID file is ${what}` };
      return { ...base, reason: `PID file is ${what}${socketNote}` };
    }
    case 'ok':
      break;
  }
  const id = d.identity;
  if (!id || id.kind === 'gone') return { ...base, reason: `PID file is stale: PID ${base.pid} is gone${socketNote}` };
  if (id.kind === 'reused') return { ...base, reason: `${id.reason}; not signalled${socketNote}` };
  if (id.kind === 'zombie') return { ...base, reason: `PID ${base.pid} is a zombie (exited, not reaped)` };

  // the process is the daemon
  const up = base.uptimeS !== null ? `, up ${formatAge(base.uptimeS)}` : '';
  if (d.process && isStoppedState(d.process.state)) {
    return {
      ...base,
      status: 'degraded',
      reason: `frozen: PID ${base.pid} is ${stoppedText(d.process.state, d.process.stoppedSinceMs ?? null, nowMs)}`,
    };
  }
  if (!answered) return { ...base, status: 'degraded', reason: `PID ${base.pid} alive but ${describeOutcome(sock)}` };
  if (!sock.ack.ok || !health)
    return { ...base, status: 'degraded', reason: `PID ${base.pid} alive but health failed: ${d.healthError ?? describeOutcome(sock)}` };
  if (health.daemon.pid !== null && health.daemon.pid !== base.pid) {
    return { ...base, status: 'degraded', reason: `PID file names ${base.pid} but the socket is answered by PID ${health.daemon.pid}` };
  }
  const state = base.state ?? 'unknown';
  if (state !== 'running') return { ...base, status: 'degraded', reason: `${state} (PID ${base.pid}${up})` };
  return { ...base, status: 'healthy', reason: `running (PID ${base.pid}${up})` };
}

// ---------------------------------------------------------------- panes

export function classifyPane(name: string, snap: Snapshot, nowMs: number, opts: ClassifyOptions): PaneHealth {
  const t = snap.slices.tmux;
  const dbActivity = snap.slices.db.data?.paneActivity[name] ?? null;
  const base: PaneHealth = {
    name,
    status: 'dead',
    reason: '',
    paneId: null,
    pid: null,
    lastActivityS: dbActivity,
    deadStatus: null,
    currentCommand: null,
    title: null,
    contextPct: t.data?.contextPct[name] ?? null,
  };
  if (!t.data) return { ...base, status: 'degraded', reason: `tmux not read${t.error ? `: ${t.error.message}` : ' yet'}` };
  if (t.data.problem) return { ...base, reason: t.data.problemText ?? t.data.problem };
  const pane = t.data.panes.find((p) => p.window === name);
  if (!pane) return { ...base, reason: `no window '${name}' in tmux session '${opts.session}'` };
  const last = Math.max(dbActivity ?? 0, pane.activityS ?? 0) || null;
  const withPane: PaneHealth = {
    ...base,
    paneId: pane.paneId,
    pid: pane.pid,
    lastActivityS: last,
    deadStatus: pane.deadStatus,
    currentCommand: sanitizeId(pane.currentCommand),
    title: sanitizeId(pane.title),
  };
  if (pane.dead) {
    const when = pane.deadAtS ? ` ${formatAge(nowMs / 1000 - pane.deadAtS)} ago` : '';
    // tmux 3.3 leaves the status empty both for exit 0 and for a signal; 3.4+ names the signal
    const how =
      pane.deadSignal !== null
        ? `pane process was killed by signal ${pane.deadSignal}`
        : pane.deadStatus === null
          ? 'pane process ended (exit 0 or a signal)'
          : `pane exited with status ${pane.deadStatus}`;
    return { ...withPane, reason: `${how}${when}` };
  }
  if (!pane.processAlive) return { ...withPane, reason: `pane process ${pane.pid ?? '?'} is gone` };
  if (pane.processState && isStoppedState(pane.processState)) {
    const who = pane.stopped
      ? `${sanitizeId(pane.stopped.comm, 32)} (PID ${pane.stopped.pid}) in the pane`
      : `pane process ${pane.pid ?? '?'}`;
    return { ...withPane, status: 'degraded', reason: `${who} is ${stoppedText(pane.processState, pane.stoppedSinceMs ?? null, nowMs)}` };
  }
  const stale = t.error ? ` (tmux stale: ${t.error.message})` : '';
  if (last === null) return { ...withPane, status: 'healthy', reason: `alive, no activity recorded${stale}` };
  const idle = nowMs / 1000 - last;
  if (idle > opts.thresholds.paneIdleS) return { ...withPane, status: 'degraded', reason: `alive but idle for ${formatAge(idle)}${stale}` };
  return { ...withPane, status: 'healthy', reason: `active, last seen ${formatAge(idle)} ago${stale}` };
}

// ---------------------------------------------------------------- workers

export interface WorkerContext {
  /** the daemon answered `health` */
  daemonAnswered: boolean;
  /** the daemon's process lives (answering or not: a frozen daemon still supervises) */
  daemonAlive: boolean;
  daemonPid: number | null;
  /** worker processes can be seen at all (see classify) */
  processesVisible: boolean;
}

/** "stopped (SIGSTOP) since 10:04:05 (12s)": what the kernel's T or t state means, and since when. */
export function stoppedText(state: string, sinceMs: number | null, nowMs: number): string {
  const what = state === 't' ? 'stopped by a debugger (tracing stop)' : 'stopped (SIGSTOP)';
  if (sinceMs === null) return what;
  return `${what} since ${new Date(sinceMs).toTimeString().slice(0, 8)} (${formatAge((nowMs - sinceMs) / 1000)})`;
}

/**
 * One worker's status. The rule for a worker that vanished (no process, not listed by the
 * daemon) is stateless, so the dashboard, `check` and `snapshot` agree: it is dead, "gone since"
 * its last output, while that output is younger than thresholds.gone_keep_s; then it is dropped
 * (mergeWorkers no longer lists it). A worker whose process vanished is dead at once, even while
 * the daemon still lists it.
 */
export function classifyWorker(w: MergedWorker, ctx: WorkerContext, nowMs: number, t: Thresholds): WorkerHealth {
  const h = w.health;
  const p = w.process;
  const out: WorkerHealth = {
    id: sanitizeId(w.id),
    status: 'healthy',
    reason: '',
    state: h?.state ?? null,
    beadId: h?.beadId ? sanitizeId(h.beadId) : null,
    pid: p?.pid ?? null,
    lastProgressS: h?.lastProgressS ?? null,
    contextPct: h?.contextPct ?? null,
    cpuPct: p?.cpuPct ?? null,
    rssBytes: p?.rssBytes ?? null,
    supervised: w.supervised,
    logBytes: w.log?.size ?? null,
    logWrittenAtMs: w.log?.mtimeMs ?? null,
    goneSinceMs: null,
  };
  const set = (status: Status, reason: string): WorkerHealth => ({ ...out, status, reason });
  const lastOut = w.log?.mtimeMs ? `, last output ${formatAge((nowMs - w.log.mtimeMs) / 1000)} ago` : '';

  if (p?.state === 'Z') return set('dead', `process ${p.pid} is a zombie (exited, not reaped)`);
  if (p && isStoppedState(p.state)) return set('degraded', `process ${p.pid} is ${stoppedText(p.state, p.stoppedSinceMs ?? null, nowMs)}`);
  if (!h) {
    if (!p) {
      const since = w.log?.mtimeMs ?? null;
      const when = since
        ? ` since ${new Date(since).toTimeString().slice(0, 8)} (its last output, ${formatAge((nowMs - since) / 1000)} ago)`
        : '';
      return { ...set('dead', `process gone${when}; not listed by the daemon`), goneSinceMs: since };
    }
    if (w.supervised && !ctx.daemonAnswered)
      return set(
        'healthy',
        `process ${p.pid} running, supervised by the daemon (PID ${ctx.daemonPid}), which does not answer: state unknown`,
      );
    if (!ctx.daemonAlive) return set('degraded', `unsupervised: daemon down, process ${p.pid} still running`);
    if (!w.supervised) return set('degraded', `unsupervised: process ${p.pid} runs, but its parent is PID ${p.ppid}, not the daemon`);
    return set('degraded', `process ${p.pid} running but not connected to the daemon`);
  }
  if (!p) {
    if (!ctx.processesVisible) return set('degraded', `daemon lists it as ${h.state} but no worker process is visible to oro-top`);
    return set('dead', `process gone${lastOut}; the daemon still lists it as ${h.state}`);
  }
  const progress = h.lastProgressS ?? 0;
  const working = h.state === 'busy' || h.state === 'reviewing';
  if (working && progress >= t.noProgressS) return set('dead', `stuck: no progress for ${formatAge(progress)}`);
  if (working && progress >= t.heartbeatS) return set('degraded', `no progress for ${formatAge(progress)}`);
  if (h.state === 'shutting_down' || h.state === 'preempting') return set('degraded', h.state.replace('_', ' '));
  const bead = h.beadId ? ` on ${sanitizeId(h.beadId)}` : '';
  return set('healthy', `${h.state}${bead}`);
}
