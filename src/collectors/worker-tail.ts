// The tail of one worker's output.log, for the worker detail view.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeLine } from '../util/sanitize.js';

export interface WorkerTailSnapshot {
  id: string;
  path: string;
  lines: string[];
  error: string | null;
}

const TAIL_BYTES = 32 * 1024;

export async function readWorkerTail(home: string, id: string, maxLines = 200): Promise<WorkerTailSnapshot> {
  // the id comes from outside: never let it leave the workers folder
  const safe = id.replace(/[/\\]/g, '_').replace(/^\.+/, '_');
  const path = join(home, 'workers', safe, 'output.log');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return {
      id,
      path,
      lines: [],
      error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no output.log' : String((err as Error).message),
    };
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.allocUnsafe(size - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    const raw = buf.subarray(0, n).toString('utf8').split('\n');
    if (start > 0) raw.shift(); // a partial first line
    if (raw.at(-1) === '') raw.pop();
    return { id, path, lines: raw.slice(-maxLines).map((l) => sanitizeLine(l)), error: null };
  } finally {
    closeSync(fd);
  }
}
