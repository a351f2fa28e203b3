// Runs an action as ordered steps, each with a timeout, each journaled before and after it runs.
// A step returns its detail line, or throws StepFailure (or anything) to end the action as failed.
import type { Journal } from '../journal/journal.js';

export interface StepContext {
  /** updates the running step's detail in the journal (live progress) */
  progress(detail: string): void;
  /** resolves when the action should stop early (e.g. cancelled); checked by long waits */
  cancelled(): boolean;
  /** true once the step's timeout passed: a polling loop stops (its result is no longer awaited) */
  expired(): boolean;
}

export interface Step<S> {
  name: string;
  timeoutMs: number;
  /** returns the step's detail; 'skip: why' marks it skipped */
  run(state: S, ctx: StepContext): Promise<string>;
}

export class StepFailure extends Error {}

const SKIP = 'skip: ';

export function skip(why: string): string {
  return SKIP + why;
}

export interface RunResult {
  ok: boolean;
  failedStep: string | null;
  error: string | null;
  ms: Record<string, number>;
}

export async function runSteps<S>(
  journal: Journal,
  actionId: number,
  steps: readonly Step<S>[],
  state: S,
  isCancelled: () => boolean = () => false,
): Promise<RunResult> {
  const ms: Record<string, number> = {};
  for (const step of steps) {
    const seq = journal.stepStart(actionId, step.name);
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    try {
      const detail = await Promise.race([
        step.run(state, {
          progress: (d) => !expired && journal.stepProgress(actionId, seq, d),
          cancelled: isCancelled,
          expired: () => expired,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            expired = true;
            reject(new StepFailure(`timed out after ${Math.round(step.timeoutMs / 1000)} s`));
          }, step.timeoutMs);
        }),
      ]);
      ms[step.name] = Date.now() - t0;
      if (detail.startsWith(SKIP)) journal.stepEnd(actionId, seq, 'skipped', detail.slice(SKIP.length));
      else journal.stepEnd(actionId, seq, 'done', detail);
    } catch (err) {
      ms[step.name] = Date.now() - t0;
      const msg = err instanceof Error ? err.message : String(err);
      journal.stepEnd(actionId, seq, 'failed', msg);
      return { ok: false, failedStep: step.name, error: msg, ms };
    } finally {
      clearTimeout(timer);
    }
  }
  return { ok: true, failedStep: null, error: null, ms };
}
