// Runs a subprocess through execa with an argument array (never a shell string) and returns the
// outcome as a value. The one place oro-top starts short-lived commands.
import { execa } from 'execa';
import { messageOf } from '../util/errors.js';

export interface ExecOutcome {
  /** null when the command could not be started or was killed by the timeout */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** set when the command could not start (ENOENT...) or timed out */
  failure: string | null;
}

export async function run(
  file: string,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ExecOutcome> {
  try {
    const r = await execa(file, args, {
      reject: false,
      timeout: opts.timeoutMs ?? 5000,
      stdin: opts.input === undefined ? 'ignore' : 'pipe',
      ...(opts.input === undefined ? {} : { input: opts.input }),
      env: opts.env,
      extendEnv: true,
      stripFinalNewline: false,
      encoding: 'utf8',
    });
    const failure = r.timedOut
      ? `${file} timed out after ${opts.timeoutMs ?? 5000} ms`
      : r.failed && r.exitCode === undefined
        ? (r.shortMessage ?? 'failed to start')
        : null;
    return { exitCode: r.exitCode ?? null, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), failure };
  } catch (err) {
    return { exitCode: null, stdout: '', stderr: '', failure: messageOf(err) };
  }
}
