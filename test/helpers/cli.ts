// Runs the bundled oro-top (dist/oro-top.cjs, built by `npm test` before the tests) as a real process.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE = join(ROOT, 'dist', 'oro-top.cjs');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function oroTop(
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number; exe?: string } = {},
): Promise<CliResult> {
  if (!opts.exe && !existsSync(BUNDLE)) throw new Error('dist/oro-top.cjs missing: run `npm run bundle`');
  const [file, pre] = opts.exe ? [opts.exe, []] : [process.execPath, [BUNDLE]];
  const r = await execa(file, [...pre, ...args], {
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    // a UTF-8 locale unless a test says otherwise: the output depends on it
    env: { NODE_OPTIONS: '', XDG_CONFIG_HOME: '/nonexistent-oro-top-test', LANG: 'C.UTF-8', LC_ALL: '', ...(opts.env ?? {}) },
    stdin: 'ignore',
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export async function oroTopJson<T = Record<string, unknown>>(
  args: string[],
  opts: Parameters<typeof oroTop>[1] = {},
): Promise<{ code: number; json: T; stderr: string }> {
  const r = await oroTop(args, opts);
  try {
    return { code: r.exitCode, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`not JSON (exit ${r.exitCode}): ${r.stdout}\n${r.stderr}`);
  }
}
