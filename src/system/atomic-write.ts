// Writing a file others read while it is rewritten (node_exporter's textfile collector): the text
// goes to a temporary file in the same folder, then a rename puts it in place, so a reader sees
// the old file or the new one, never half of one.
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OroTopError } from '../util/errors.js';

/** Replaces `path` with `text` atomically; the file gets `mode` whatever the umask. */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { mode, flag: 'wx' });
    chmodSync(tmp, mode); // the umask may have taken bits off
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new OroTopError('io', `cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, {
      cause: err,
    });
  }
}
