// Tails the daemon log, every worker's output.log and configured globs; classifies lines and keeps
// a bounded buffer of recent lines plus per-minute error counts. chokidar tells it early that a file
// changed or appeared; every poll also stats each file, so a missed event costs at most one tick.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { Config } from '../config.js';
import { sanitizeLine } from '../util/sanitize.js';
import { FileFollower, type FollowEvent } from './file-follower.js';
import { classifyLine, makeClassifier, parseLineTime, type LineClassifier, type LogLevel } from './log-lines.js';

export interface LogLine {
  seq: number;
  /** 'daemon', 'worker:<id>' or the file path */
  source: string;
  text: string;
  level: LogLevel;
  /** ms: the line's own timestamp, or when oro-top saw it appear; null for old lines of unknown time */
  timeMs: number | null;
}

export interface LogFileView {
  source: string;
  path: string;
  exists: boolean;
  size: number;
  mtimeMs: number | null;
  error: string | null;
}

export interface LogsSnapshot {
  files: LogFileView[];
  /** the newest lines, oldest first, at most `recentLimit` */
  recent: LogLine[];
  errorsLast5m: number;
  /** error lines of the last 5 minutes per source ('daemon', 'worker:<id>', a path), only sources with errors */
  errorsBySource5m?: Record<string, number>;
  /** error counts per minute, oldest first, the last entry the current minute (60 entries) */
  errorsPerMinute: number[];
  /**
   * error lines per source read since this collector started, not counting the tail found at the
   * first read of each file (a counter: it only grows)
   */
  errorsSeen?: Record<string, number>;
  /** truncation, rotation and deletion noticed in the last poll */
  notices: string[];
}

const MINUTES = 60;

export class LogsCollector {
  private followers = new Map<string, { source: string; follower: FileFollower }>();
  private buffer: LogLine[] = [];
  private errorTimes: { t: number; source: string }[] = [];
  private readonly errorsSeen: Record<string, number> = {};
  private seq = 0;
  private readonly classifier: LineClassifier;
  private watcher: FSWatcher | null = null;
  private lastDiscoverMs = 0;

  constructor(
    private readonly config: Config,
    private readonly opts: { recentLimit?: number } = {},
  ) {
    this.classifier = makeClassifier(config.logs.errorPatterns, config.logs.ignorePatterns);
  }

  /**
   * Watch with chokidar (long-running modes): the daemon log and the workers folder, whose entries
   * appear and vanish with workers. Each worker's output.log is not watched one by one: with a
   * thousand busy workers that is a thousand events a second, and every poll stats them anyway.
   */
  async watch(onChange: () => void): Promise<void> {
    const { watch } = await import('chokidar');
    this.watcher = watch([this.config.daemonLog, join(this.config.home, 'workers')], {
      ignoreInitial: true,
      depth: 0,
      persistent: true,
    });
    this.watcher.on('all', () => {
      this.lastDiscoverMs = 0; // a worker folder came or went: look again at the next poll
      onChange();
    });
    this.watcher.on('error', () => {
      /* polling still covers every file */
    });
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = null;
  }

  private async discover(): Promise<void> {
    const want = new Map<string, string>();
    want.set(this.config.daemonLog, 'daemon');
    const workersDir = join(this.config.home, 'workers');
    try {
      for (const ent of await readdir(workersDir, { withFileTypes: true })) {
        if (ent.isDirectory()) want.set(join(workersDir, ent.name, 'output.log'), `worker:${ent.name}`);
      }
    } catch {
      /* no workers dir yet */
    }
    if (this.config.logs.globs.length > 0) {
      try {
        const { glob } = await import('tinyglobby');
        for (const p of await glob(this.config.logs.globs, { absolute: true, onlyFiles: true, cwd: this.config.home })) {
          if (!want.has(p)) want.set(p, p);
        }
      } catch {
        /* a bad glob matches nothing */
      }
    }
    for (const [path, source] of want) {
      if (!this.followers.has(path)) this.followers.set(path, { source, follower: new FileFollower(path) });
    }
    for (const path of this.followers.keys()) if (!want.has(path)) this.followers.delete(path);
  }

  async collect(nowMs = Date.now()): Promise<LogsSnapshot> {
    // the folder listing is redone every 10 s, or at once when chokidar saw the workers folder change
    if (nowMs - this.lastDiscoverMs >= (this.watcher ? 10_000 : 1000) || this.followers.size === 0) {
      await this.discover();
      this.lastDiscoverMs = nowMs;
    }
    const entries = [...this.followers.values()];
    const results = await Promise.all(entries.map((e) => e.follower.poll()));
    const notices: string[] = [];
    const fresh: Omit<LogLine, 'seq'>[] = [];
    results.forEach((r, i) => {
      const { source } = entries[i]!;
      for (const ev of r.events) notices.push(`${source}: ${describeEvent(ev)}`);
      for (const raw of r.lines) {
        let text = sanitizeLine(raw.bytes.toString('utf8'), raw.bytes.length);
        if (raw.cutBytes > 0) text += ` …[${raw.cutBytes} bytes cut]`;
        const level = classifyLine(text, this.classifier);
        const timeMs = parseLineTime(text) ?? (r.initial ? null : nowMs);
        fresh.push({ source, text, level, timeMs });
        if (level === 'error' && !r.initial) this.errorsSeen[source] = (this.errorsSeen[source] ?? 0) + 1;
      }
    });
    // one merged tail across files: lines of one poll in time order (stable; unknown times first)
    fresh.sort((a, b) => (a.timeMs ?? 0) - (b.timeMs ?? 0));
    for (const l of fresh) this.push({ seq: ++this.seq, ...l });
    const horizon = nowMs - MINUTES * 60_000;
    this.errorTimes = this.errorTimes.filter((e) => e.t > horizon);
    const perMinute = new Array<number>(MINUTES).fill(0);
    const thisMinute = Math.floor(nowMs / 60_000);
    const bySource: Record<string, number> = {};
    let last5m = 0;
    for (const { t, source } of this.errorTimes) {
      if (t > nowMs - 5 * 60_000) {
        last5m++;
        bySource[source] = (bySource[source] ?? 0) + 1;
      }
      const idx = MINUTES - 1 - (thisMinute - Math.floor(t / 60_000));
      if (idx >= 0 && idx < MINUTES) perMinute[idx]!++;
    }
    const recentLimit = this.opts.recentLimit ?? this.config.logs.bufferLines; // the whole buffer: the logs screen scrolls back through all of it
    return {
      files: entries.map((e) => ({ source: e.source, ...e.follower.state })),
      recent: this.buffer.slice(-recentLimit),
      errorsLast5m: last5m,
      errorsBySource5m: bySource,
      errorsPerMinute: perMinute,
      errorsSeen: { ...this.errorsSeen },
      notices,
    };
  }

  private push(line: LogLine): void {
    this.buffer.push(line);
    const cap = this.config.logs.bufferLines;
    if (this.buffer.length > cap * 1.25) this.buffer = this.buffer.slice(-cap);
    if (line.level === 'error' && line.timeMs !== null) this.errorTimes.push({ t: line.timeMs, source: line.source });
  }
}

function describeEvent(ev: FollowEvent): string {
  switch (ev.kind) {
    case 'truncated':
      return 'truncated; reading from the start';
    case 'rotated':
      return `rotated${ev.recoveredBytes > 0 ? ` (${ev.recoveredBytes} bytes read from the old file)` : ''}`;
    case 'deleted':
      return 'deleted';
    case 'skipped':
      return `${ev.bytes} bytes skipped (written faster than read)`;
  }
}
