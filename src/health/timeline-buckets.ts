// The 24 h health sparkline ("what happened overnight"), pure: the health timeline's rows cut into
// equal buckets, each the worst overall status seen in it, or null where nobody watched (before the
// first row, after a 'stop', or past a silent end: a supervisor killed without writing 'stop').
import type { Overall } from './types.js';

export interface TimelinePoint {
  atMs: number;
  kind: 'start' | 'transition' | 'sample' | 'stop';
  status: Overall;
}

const RANK: Record<Overall, number> = { healthy: 0, restarting: 1, degraded: 2, critical: 3, unreachable: 4 };

/** The worse of two statuses (null: not watched, better than any). */
export function worseOf(a: Overall | null, b: Overall | null): Overall | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * `buckets` statuses between fromMs and toMs (oldest first). A row's status holds until the next
 * row, for at most `silentAfterMs` (default 3 minutes: three missed samples) past the last one.
 */
export function bucketTimeline(
  points: readonly TimelinePoint[],
  fromMs: number,
  toMs: number,
  buckets: number,
  silentAfterMs = 180_000,
): (Overall | null)[] {
  const out: (Overall | null)[] = new Array(Math.max(0, buckets)).fill(null);
  const width = (toMs - fromMs) / buckets;
  if (!(width > 0)) return out;
  const sorted = [...points].sort((a, b) => a.atMs - b.atMs);
  sorted.forEach((p, i) => {
    if (p.kind === 'stop' || !Number.isFinite(p.atMs)) return;
    const next = sorted[i + 1];
    const end = Math.min(next ? next.atMs : Number.POSITIVE_INFINITY, p.atMs + silentAfterMs, toMs);
    const start = Math.max(p.atMs, fromMs);
    if (end <= start && !(p.atMs >= fromMs && p.atMs < toMs)) return;
    const first = Math.floor((start - fromMs) / width);
    const last = Math.min(buckets - 1, Math.max(first, Math.ceil((end - fromMs) / width) - 1));
    for (let b = first; b <= last; b++) out[b] = worseOf(out[b] ?? null, p.status);
  });
  return out;
}
