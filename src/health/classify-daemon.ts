// The daemon's status and reason, from its PID file, the process it names, and how its control
// socket answered `health` (missing / corrupt / stale PID file, reused PID, zombie, frozen, not
// answering, answering for another PID, paused, running).
import type { DaemonSnapshot } from '../collectors/daemon.js';
import { isStoppedState } from '../system/proc-parse.js';
import { describeOutcome } from '../system/oro-socket.js';
import { formatAge } from '../util/format.js';
import { stoppedText } from './stopped-text.js';
import type { DaemonHealth } from './types.js';

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
