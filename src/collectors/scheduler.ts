// The one scheduler: each source has its own interval; a source never runs twice at once; a tick
// that finds a source still running skips it; a failing source backs off; every result lands in a
// Slice that keeps the last good data beside the error. Every `tickMs` a complete tick runs every
// source due by then (a source due a few ms later joins it, so jitter never splits a refresh in
// two) and calls `onUpdate` once, after all of them ran, with `complete` set. A source due sooner
// (a faster interval, a deferred first run, requestSoon) runs in a partial tick between them,
// whose update says `complete: false`: screens may show it, `snapshot --watch` waits.
import { toError } from '../util/errors.js';
import { emptySlice, type Slice } from './slice.js';

export interface Source<T> {
  name: string;
  /** fixed, or asked again after every run (a source can slow down while nobody looks at it) */
  intervalMs: number | (() => number);
  collect: () => Promise<T>;
  /** the first run waits this long, so the first frame is not held up by a slow source */
  firstDelayMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

function intervalOf(s: Source<unknown>): number {
  return typeof s.intervalMs === 'function' ? s.intervalMs() : s.intervalMs;
}

interface Entry {
  source: Source<unknown>;
  slice: Slice<unknown>;
  running: boolean;
  nextDueMs: number;
}

export class Scheduler<S extends object> {
  private entries = new Map<keyof S, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private stopped = false;
  /** ticks whose start found the previous one still running */
  skippedTicks = 0;

  constructor(
    sources: { [K in keyof S]: Source<S[K]> },
    private readonly tickMs: number,
    /** `tookMs`: how long this tick's collection took */
    private readonly onUpdate: (slices: { [K in keyof S]: Slice<S[K]> }, complete: boolean, tookMs: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    for (const key of Object.keys(sources) as (keyof S)[]) {
      const src = sources[key] as Source<unknown>;
      this.entries.set(key, {
        source: src,
        slice: emptySlice(),
        running: false,
        nextDueMs: src.firstDelayMs ? this.now() + src.firstDelayMs : 0,
      });
    }
  }

  slices(): { [K in keyof S]: Slice<S[K]> } {
    const out = {} as Record<keyof S, Slice<unknown>>;
    for (const [k, e] of this.entries) out[k] = e.slice;
    return out as { [K in keyof S]: Slice<S[K]> };
  }

  /**
   * Runs every due source once, concurrently; resolves when all of them finished. A complete tick
   * also takes the sources due within half a tick from now.
   */
  async tick(force = false, complete = force): Promise<void> {
    if (this.ticking) {
      this.skippedTicks++;
      return;
    }
    this.ticking = true;
    let ran = 0;
    const now = this.now();
    try {
      const horizon = complete ? now + this.joinMs() : now;
      const due = [...this.entries.values()].filter((e) => !e.running && (force || e.nextDueMs <= horizon));
      ran = due.length;
      await Promise.all(due.map((e) => this.runOne(e)));
    } finally {
      this.ticking = false;
    }
    if (!this.stopped && (complete || ran > 0)) this.onUpdate(this.slices(), complete, this.now() - now);
  }

  /** A source due this close before a complete tick waits for it (timer jitter must not split a refresh). */
  private joinMs(): number {
    return Math.min(this.tickMs / 4, 50);
  }

  /** Makes a source due at the next tick (e.g. chokidar saw a log change). */
  requestSoon(name: keyof S): void {
    const e = this.entries.get(name);
    if (e) e.nextDueMs = 0;
  }

  start(): void {
    this.stopped = false;
    let nextCompleteMs = this.now();
    const loop = async (): Promise<void> => {
      const started = this.now();
      if (started >= nextCompleteMs - 5) {
        nextCompleteMs = started + this.tickMs;
        await this.tick(false, true);
      } else {
        await this.tick(false, false);
      }
      if (this.stopped) return;
      // wake for the next complete tick, or earlier for a source due well before it
      const now = this.now();
      if (nextCompleteMs <= now) nextCompleteMs = now + 10; // a slow tick: the next one at once
      const early = [...this.entries.values()].map((e) => e.nextDueMs).filter((t) => t < nextCompleteMs - this.joinMs());
      const wake = Math.min(nextCompleteMs, ...early);
      this.timer = setTimeout(() => void loop(), Math.max(10, wake - now));
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async runOne(e: Entry): Promise<void> {
    e.running = true;
    const started = this.now();
    try {
      const data = await e.source.collect();
      e.slice = { data, error: null, updatedAtMs: this.now(), failures: 0 };
      e.nextDueMs = started + intervalOf(e.source);
    } catch (err) {
      const failures = e.slice.failures + 1;
      e.slice = { ...e.slice, error: toError('internal', err, e.source.name), failures };
      const interval = intervalOf(e.source);
      const backoff = Math.min(interval * 2 ** Math.min(failures - 1, 5), MAX_BACKOFF_MS);
      e.nextDueMs = started + Math.max(backoff, interval);
    } finally {
      e.running = false;
    }
  }
}
