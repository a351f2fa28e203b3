// Where a command would be found (as execa will look for it): a path is checked as it is, a bare
// name on $PATH. Null when there is no such executable file.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findExecutable(cmd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (cmd === '') return null;
  if (cmd.includes('/')) {
    const p = isAbsolute(cmd) ? cmd : resolve(cmd);
    return executable(p) ? p : null;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (executable(p)) return p;
  }
  return null;
}
