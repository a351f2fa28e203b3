// The clock as a value: the time, a wait that an AbortSignal ends, and a timer. Actions take it
// through their effects, so a test can run hours of deadlines and polling in a fake time.
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** unix ms */
  now(): number;
  /** waits ms; rejects with the signal's reason as soon as it is aborted */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** runs fn after ms; returns a function that cancels it */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    delay(ms, undefined, signal ? { signal } : {}).catch((err) => Promise.reject(signal?.aborted ? signal.reason : err)),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};
