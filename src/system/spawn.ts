// Starts a long-lived process detached from oro-top (its own session and process group, pgid = pid),
// with output appended to a file, through execa with an argument array.
import { closeSync, openSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';

export interface DetachedOptions {
  /** output (stdout and stderr) is appended here */
  outputFile: string;
  env?: Record<string, string>;
  /** keep the child referenced (the caller wants its exit); default: unref so the caller may exit */
  watchExit?: boolean;
  /** the output file's mode when it is created (default 0644 less the umask, as a daemon log) */
  outputMode?: number;
}

export function spawnDetached(argv: readonly string[], o: DetachedOptions): ResultPromise {
  const [file, ...args] = argv;
  if (!file) throw new Error('spawnDetached: empty argv');
  // execa's option types accept a file descriptor only as a literal type; the value is a plain fd
  const fd = openSync(o.outputFile, 'a', o.outputMode ?? 0o644) as 3;
  try {
    const child = execa(file, args, {
      detached: true,
      cleanup: false,
      reject: false,
      stdin: 'ignore',
      stdout: fd,
      stderr: fd,
      env: o.env,
      extendEnv: true,
    });
    if (!o.watchExit) child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}
