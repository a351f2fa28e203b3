import type { OroTopError } from './errors.js';

// Failure as a value: collectors and system calls return this instead of throwing across layers.
export type Result<T> = { ok: true; value: T } | { ok: false; error: OroTopError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: OroTopError): Result<T> => ({ ok: false, error });
