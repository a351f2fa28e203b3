import type { OroTopError } from '../util/errors.js';

/**
 * One source's state: the last good data, the error of the last attempt (if it failed), and when
 * the data was collected — so a failing source keeps showing its last good data, marked stale.
 */
export interface Slice<T> {
  data: T | null;
  error: OroTopError | null;
  /** when `data` was collected (ms) */
  updatedAtMs: number | null;
  /** consecutive failures */
  failures: number;
}

export const emptySlice = <T>(): Slice<T> => ({ data: null, error: null, updatedAtMs: null, failures: 0 });
