// Runs an action as ordered steps, each with a timeout, each journaled before and after it runs.
// A step returns its detail line, or throws StepFailure (or anything) to end the action as failed.
// Each step gets an AbortSignal that fires at its timeout: its waits (ctx.sleep), polling loops and
// child processes (execa's cancelSignal) stop with it, so nothing of a failed step goes on running.
// Steps reach the outside world only through ctx.fx (the real effects, or a test's scripted fake),
// and time passes for them on its clock.
import type { Journal } from '../journal/journal.js';
import { type Effects, realEffects } from './effects.js';

export interface StepContext {
  /** updates the running step's detail in the journal (live progress) */
  progress(detail: string): void;
  /** whether someone asked the action to stop early (checked where stopping is still safe) */
  cancelled(): boolean;
  /** true once the step's timeout passed: a polling loop stops (its result is no longer awaited) */
  expired(): boolean;
  /** aborted at the step's timeout (reason: a StepTimeout); pass it to execa as cancelSignal */
  signal: AbortSignal;
  /** waits, or rejects with the StepTimeout as soon as the step is aborted (its timer cleared) */
  sleep(ms: number): Promise<void>;
  /** the outside world: socket, PID file, /proc, signals, tmux, processes, files, clock */
  fx: Effects;
}

export interface Step<S> {
  name: string;
  timeoutMs: number;
  /** returns the step's detail; 'skip: why' marks it skipped */
  run(state: S, ctx: StepContext): Promise<string>;
}

export class StepFailure extends Error {}
/** The step ran past its timeout. */
export class StepTimeout extends StepFailure {}
/** The action was cancelled at a point where that changes nothing. */
export class StepCancelled extends StepFailure {}

const SKIP = 'skip: ';

export function skip(why: string): string {
  return SKIP + why;
}

export interface RunResult {
  ok: boolean;
  failedStep: string | null;
  error: string | null;
  /** how it ended when not ok: a failure, a timeout, or a cancel */
  ending: 'failed' | 'timeout' | 'cancelled' | null;
  ms: Record<string, number>;
}

export async function runSteps<S>(
  journal: Journal,
  actionId: number,
  steps: readonly Step<S>[],
  state: S,
  isCancelled: () => boolean = () => false,
  fx: Effects = realEffects,
): Promise<RunResult> {
  const ms: Record<string, number> = {};
  for (const step of steps) {
    const seq = journal.stepStart(actionId, step.name);
    const t0 = fx.clock.now();
    const abort = new AbortController();
    const timedOut = new Promise<never>((_, reject) => {
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
    });
    timedOut.catch(() => {}); // the race below takes it; a step that ended first leaves it unread
    const cancelTimer = fx.clock.after(step.timeoutMs, () =>
      abort.abort(new StepTimeout(`timed out after ${Math.round(step.timeoutMs / 1000)} s`)),
    );
    const ctx: StepContext = {
      progress: (d) => !abort.signal.aborted && journal.stepProgress(actionId, seq, d),
      cancelled: isCancelled,
      expired: () => abort.signal.aborted,
      signal: abort.signal,
      sleep: (ms) => fx.clock.sleep(ms, abort.signal),
      fx,
    };
    try {
      const detail = await Promise.race([step.run(state, ctx), timedOut]);
      ms[step.name] = fx.clock.now() - t0;
      if (detail.startsWith(SKIP)) journal.stepEnd(actionId, seq, 'skipped', detail.slice(SKIP.length));
      else journal.stepEnd(actionId, seq, 'done', detail);
    } catch (err) {
      ms[step.name] = fx.clock.now() - t0;
      const msg = err instanceof Error ? err.message : String(err);
      journal.stepEnd(actionId, seq, 'failed', msg);
      const ending = err instanceof StepTimeout ? 'timeout' : err instanceof StepCancelled ? 'cancelled' : 'failed';
      return { ok: false, failedStep: step.name, error: msg, ending, ms };
    } finally {
      cancelTimer();
      // whatever the step still had going (a wait, a child) stops with it
      if (!abort.signal.aborted) abort.abort(new StepCancelled('the step ended'));
    }
  }
  return { ok: true, failedStep: null, error: null, ending: null, ms };
}
