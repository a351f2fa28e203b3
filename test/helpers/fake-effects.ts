// A scripted fake of the actions' effects port (src/actions/effects.ts), in the manner of lazygit's
// fake command runner: the test lists the calls it expects with their answers.
//
// - expect(method, args, answer): one call, in order. The calls a step makes must come in the
//   order they are expected (a kill before its identity read, a second directive before the first).
// - always(method, args, answer): a standing answer for a query the steps poll (health, /proc, the
//   PID file), any number of times, but at least once (a standing answer never used is a script
//   that tests nothing). An answer may be a function of the call's arguments, to change with time.
//
// A call matching neither is a violation: it throws into the step, and done() fails the test with
// the call, what the script expected next and the standing answers. done() also fails on ordered
// expectations never called. args are compared as a prefix: trailing arguments left out are not
// checked, ANY matches anything.
//
// Time is fake: clock.sleep and clock.after wait on a virtual clock that jumps to the next timer as
// soon as everything else is idle, so a 60 s drain deadline passes in a millisecond.
import { isDeepStrictEqual } from 'node:util';
import type { DetachedChild, Effects } from '../../src/actions/effects.js';
import type { PidFile } from '../../src/collectors/pid-file.js';
import type { TmuxSnapshot } from '../../src/collectors/tmux.js';
import type { Clock } from '../../src/system/clock.js';
import type { SocketOutcome } from '../../src/system/oro-socket.js';
import type { ProcessInfo } from '../../src/system/procfs.js';

export const ANY = Symbol('any');

type World = Omit<Effects, 'clock'>;
type Method = keyof World;
/** what a fake child does: runs on, or ends (at once, or after some fake time) */
export interface FakeChildSpec {
  pid: number;
  ends?: { how: string; afterMs?: number };
}
type Answer<K extends Method> = K extends 'spawnDetached' ? FakeChildSpec : Awaited<ReturnType<World[K]>>;
type Args<K extends Method> = Parameters<World[K]>;
type WithAny<T extends readonly unknown[]> = { [I in keyof T]: T[I] | typeof ANY };
type Prefixes<T extends readonly unknown[]> = T extends readonly [...infer H, unknown] ? T | Prefixes<H> : T;
/** the call's arguments, or the first few of them; ANY in place of one matches anything */
type ArgsPrefix<K extends Method> = Prefixes<WithAny<Args<K>>>;
type AnswerOrFn<K extends Method> = Answer<K> | ((...args: Args<K>) => Answer<K>);

interface Expectation {
  method: Method;
  args: readonly unknown[];
  answer: unknown;
  uses: number;
}

export class FakeClock implements Clock {
  private t = 1_800_000_000_000;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private scheduled = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = (): void => {
        cancel();
        reject(signal!.reason);
      };
      const cancel = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    this.schedule();
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** fires the earliest timer once all promise callbacks have run (nothing else can happen first) */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.fn();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

function show(v: unknown): string {
  if (v === ANY) return '*';
  if (typeof v === 'function') return '<fn>';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

function callText(method: string, args: readonly unknown[]): string {
  return `${method}(${args.map(show).join(', ')})`;
}

export class FakeEffects implements Effects {
  readonly clock = new FakeClock();
  /** every call the steps made, in order, as text (for assertions and messages) */
  readonly calls: string[] = [];
  /** the fake children started, with whether they were let go (unref) */
  readonly children: { argv: readonly string[]; env: Record<string, string>; outputFile: string; unrefed: boolean }[] = [];
  private readonly ordered: Expectation[] = [];
  private readonly standing: Expectation[] = [];
  private violation: Error | null = null;

  /** one call, in order, answered once */
  expect<K extends Method>(method: K, args: ArgsPrefix<K>, answer: AnswerOrFn<K>): this {
    this.ordered.push({ method, args: args as unknown[], answer, uses: 0 });
    return this;
  }

  /** a standing answer: any number of calls, at least one */
  always<K extends Method>(method: K, args: ArgsPrefix<K>, answer: AnswerOrFn<K>): this {
    this.standing.push({ method, args: args as unknown[], answer, uses: 0 });
    return this;
  }

  /** fails with the first violation, or with what the script expected and never got */
  done(): void {
    if (this.violation) throw this.violation;
    const unmet = this.ordered.map((e) => `expected but never called: ${callText(e.method, e.args)}`);
    const unused = this.standing.filter((e) => e.uses === 0).map((e) => `standing answer never used: ${callText(e.method, e.args)}`);
    const problems = [...unmet, ...unused];
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\ncalls made:\n  ${this.calls.join('\n  ')}`);
  }

  private call<K extends Method>(method: K, args: Args<K>): Answer<K> {
    this.calls.push(callText(method, args));
    const matches = (e: Expectation): boolean =>
      e.method === method && e.args.every((want, i) => want === ANY || isDeepStrictEqual(want, args[i]));
    let e = this.ordered[0] && matches(this.ordered[0]) ? this.ordered.shift() : undefined;
    e ??= this.standing.find(matches);
    if (!e) {
      const next = this.ordered[0] ? callText(this.ordered[0].method, this.ordered[0].args) : 'nothing more';
      const standing = this.standing.map((x) => callText(x.method, x.args)).join(', ') || 'none';
      const err = new Error(`unexpected call ${callText(method, args)}; the script expected next: ${next}; standing answers: ${standing}`);
      this.violation ??= err;
      throw err;
    }
    e.uses++;
    return (typeof e.answer === 'function' ? (e.answer as (...a: Args<K>) => Answer<K>)(...args) : e.answer) as Answer<K>;
  }

  async directive(...a: Args<'directive'>): Promise<SocketOutcome> {
    return this.call('directive', a);
  }
  async readPidFile(...a: Args<'readPidFile'>): Promise<PidFile> {
    return this.call('readPidFile', a);
  }
  async readProcess(...a: Args<'readProcess'>): Promise<ProcessInfo | null> {
    return this.call('readProcess', a);
  }
  async workerProcesses(...a: Args<'workerProcesses'>): Promise<ProcessInfo[]> {
    return this.call('workerProcesses', a);
  }
  async kill(...a: Args<'kill'>): Promise<'sent' | 'gone' | 'failed'> {
    return this.call('kill', a);
  }
  async tmuxPanes(...a: Args<'tmuxPanes'>): Promise<TmuxSnapshot> {
    return this.call('tmuxPanes', a);
  }
  async tmux(...a: Args<'tmux'>): ReturnType<World['tmux']> {
    return this.call('tmux', a);
  }
  async pathExists(...a: Args<'pathExists'>): Promise<boolean> {
    return this.call('pathExists', a);
  }
  async removeFile(...a: Args<'removeFile'>): Promise<void> {
    return this.call('removeFile', a);
  }
  async readManifest(...a: Args<'readManifest'>): ReturnType<World['readManifest']> {
    return this.call('readManifest', a);
  }
  spawnDetached(...a: Args<'spawnDetached'>): DetachedChild {
    const spec = this.call('spawnDetached', a);
    const record = { argv: a[0], env: a[1].env, outputFile: a[1].outputFile, unrefed: false };
    this.children.push(record);
    const ended = new Promise<string>((resolve) => {
      if (!spec.ends) return; // runs on
      if (spec.ends.afterMs === undefined) resolve(spec.ends.how);
      else this.clock.after(spec.ends.afterMs, () => resolve(spec.ends!.how));
    });
    return {
      pid: spec.pid,
      ended,
      unref: () => {
        record.unrefed = true;
      },
    };
  }
}
