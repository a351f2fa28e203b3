// Follows one log file by byte offset and inode, like `tail -F`: starts from the last 64 KiB, never
// reads a whole large file, and survives truncation, rotation (rename + new file) and deletion.
// It holds no file descriptor between polls, so thousands of logs cost no open files. Its reads are
// small and synchronous: a thread-pool round trip per stat would cost more than the stat itself.
import { closeSync, openSync, readdirSync, readSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { messageOf } from '../util/errors.js';
import { ByteLineSplitter, type RawLine } from './log-lines.js';

export const INITIAL_TAIL_BYTES = 64 * 1024;
/** More new bytes than this in one poll: skip to the last INITIAL_TAIL_BYTES (a flood). */
export const MAX_READ_PER_POLL = 4 * 1024 * 1024;
const SIGNATURE_BYTES = 64;

export type FollowEvent =
  | { kind: 'truncated' }
  | { kind: 'rotated'; recoveredBytes: number }
  | { kind: 'deleted' }
  | { kind: 'skipped'; bytes: number };

export interface PollResult {
  lines: RawLine[];
  events: FollowEvent[];
  /** true when these lines come from the initial tail (written at an unknown time) */
  initial: boolean;
}

export interface FileState {
  path: string;
  exists: boolean;
  size: number;
  mtimeMs: number | null;
  error: string | null;
}

export class FileFollower {
  private ino: number | null = null;
  private offset = 0;
  private everOpened = false;
  private splitter = new ByteLineSplitter();
  state: FileState;

  constructor(
    readonly path: string,
    private readonly initialBytes = INITIAL_TAIL_BYTES,
  ) {
    this.state = { path, exists: false, size: 0, mtimeMs: null, error: null };
  }

  async poll(): Promise<PollResult> {
    const events: FollowEvent[] = [];
    const lines: RawLine[] = [];
    let initial = false;
    let st: Stats;
    try {
      st = statSync(this.path);
    } catch (err) {
      const gone = (err as NodeJS.ErrnoException).code === 'ENOENT';
      if (this.ino !== null) {
        lines.push(...(await this.recoverRotated(this.ino)));
        events.push({ kind: 'deleted' });
      }
      this.ino = null;
      this.state = { path: this.path, exists: false, size: 0, mtimeMs: null, error: gone ? null : messageOf(err) };
      return { lines, events, initial };
    }
    if (this.ino !== null && st.ino !== this.ino) {
      const recovered = await this.recoverRotated(this.ino);
      lines.push(...recovered);
      events.push({ kind: 'rotated', recoveredBytes: recovered.reduce((a, l) => a + l.bytes.length + 1, 0) });
      this.ino = null;
    }
    if (this.ino === null) {
      this.ino = st.ino;
      this.splitter.reset();
      this.signature = Buffer.alloc(0);
      if (!this.everOpened && st.size > this.initialBytes) {
        this.offset = st.size - this.initialBytes;
        initial = true;
        this.dropFirstPartial = true;
      } else {
        this.offset = 0;
        initial = !this.everOpened;
      }
      this.everOpened = true;
    }
    if (st.size < this.offset || (this.offset > 0 && st.mtimeMs !== this.lastMtimeMs && !(await this.sameBytesBeforeOffset()))) {
      // shrunk, or truncated and rewritten past the old offset before this poll
      events.push({ kind: 'truncated' });
      this.offset = 0;
      this.splitter.reset();
    }
    this.lastMtimeMs = st.mtimeMs;
    if (st.size - this.offset > MAX_READ_PER_POLL) {
      const skip = st.size - this.initialBytes - this.offset;
      events.push({ kind: 'skipped', bytes: skip });
      this.offset = st.size - this.initialBytes;
      this.signature = Buffer.alloc(0);
      this.splitter.reset();
      this.dropFirstPartial = true;
    }
    this.state = { path: this.path, exists: true, size: st.size, mtimeMs: st.mtimeMs, error: null };
    if (st.size > this.offset) {
      try {
        const buf = await readRange(this.path, this.offset, st.size - this.offset);
        this.offset += buf.length;
        this.remember(buf);
        lines.push(...this.split(buf));
      } catch (err) {
        this.state.error = messageOf(err);
      }
    }
    return { lines, events, initial };
  }

  private dropFirstPartial = false;
  private lastMtimeMs: number | null = null;
  /** the last bytes read before `offset`, to notice a file rewritten in place */
  private signature: Buffer = Buffer.alloc(0);

  private async sameBytesBeforeOffset(): Promise<boolean> {
    const n = this.signature.length;
    if (n === 0) return true;
    try {
      return (await readRange(this.path, this.offset - n, n)).equals(this.signature);
    } catch {
      return false;
    }
  }

  private remember(buf: Buffer): void {
    const keep = Math.min(SIGNATURE_BYTES, buf.length);
    this.signature = Buffer.from(buf.subarray(buf.length - keep));
  }

  private split(buf: Buffer): RawLine[] {
    const out = this.splitter.push(buf);
    if (this.dropFirstPartial && out.length > 0) {
      this.dropFirstPartial = false;
      out.shift(); // we started mid-line
    }
    return out;
  }

  /** After a rename-rotation, read what was appended to the old file since the last poll. */
  private async recoverRotated(oldIno: number): Promise<RawLine[]> {
    const dir = dirname(this.path);
    const base = basename(this.path);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    for (const name of names) {
      if (name === base || !name.startsWith(base.replace(/\.log$/, ''))) continue;
      const p = join(dir, name);
      try {
        const st = statSync(p);
        if (st.ino !== oldIno || st.size <= this.offset) continue;
        const len = Math.min(st.size - this.offset, MAX_READ_PER_POLL);
        const buf = await readRange(p, this.offset, len);
        const out = this.split(buf);
        // the old file's last line may lack a newline: it is complete now
        out.push(...this.splitter.push(Buffer.from('\n')).filter((l) => l.bytes.length > 0 || l.cutBytes > 0));
        return out;
      } catch {}
    }
    return [];
  }
}

async function readRange(path: string, offset: number, length: number): Promise<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const bytesRead = readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}
