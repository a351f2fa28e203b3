// Chaos knobs for tests, passed to the reference swarm as ORO_REF_CHAOS (comma-separated):
//   worker-crash=ID[@S]      worker ID exits with status 1 after S seconds (default 5)
//   worker-hang=ID[@S]       worker ID stops progress and heartbeats after S seconds (default 5)
//   worker-no-approve=ID     worker ID never answers PREPARE_SHUTDOWN
//   daemon-ignore-sigterm    the daemon ignores SIGTERM even after a `shutdown` directive
//   daemon-hang-shutdown     the daemon hangs instead of exiting on restart/shutdown (SIGKILL only)
//   errors=P                 probability (0..1) that a work step logs an ERROR line (default 0.03)
export interface Chaos {
  crash: Map<string, number>;
  hang: Map<string, number>;
  noApprove: Set<string>;
  daemonIgnoreSigterm: boolean;
  daemonHangShutdown: boolean;
  errorRate: number;
}

export function parseChaos(spec: string | undefined): Chaos {
  const c: Chaos = {
    crash: new Map(),
    hang: new Map(),
    noApprove: new Set(),
    daemonIgnoreSigterm: false,
    daemonHangShutdown: false,
    errorRate: 0.03,
  };
  for (const raw of (spec ?? '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [key, value = ''] = item.split('=', 2) as [string, string?];
    const [id, secs] = value.split('@') as [string, string?];
    switch (key) {
      case 'worker-crash':
        c.crash.set(id, Number(secs ?? 5));
        break;
      case 'worker-hang':
        c.hang.set(id, Number(secs ?? 5));
        break;
      case 'worker-no-approve':
        c.noApprove.add(id);
        break;
      case 'daemon-ignore-sigterm':
        c.daemonIgnoreSigterm = true;
        break;
      case 'daemon-hang-shutdown':
        c.daemonHangShutdown = true;
        break;
      case 'errors':
        c.errorRate = Number(value);
        break;
      default:
        throw new Error(`unknown chaos knob '${key}'`);
    }
  }
  return c;
}
