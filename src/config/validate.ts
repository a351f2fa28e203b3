// Checking one configured value (from a file or a flag): strings, bounded numbers, string
// arrays, regular expressions, objects. A bad value throws ConfigError naming where and which key.
import { ConfigError, messageOf } from '../util/errors.js';
import type { Json } from './types.js';

export function expectString(src: string, key: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(src, key, 'must be a non-empty string');
  return v;
}

/**
 * Every duration and size has bounds: 0 or a negative value is meaningless, and a huge one
 * overflows Node's timers (a 1e9 s interval fired at once, thousands of times a second).
 */
export const BOUNDS = {
  interval: { min: 0.2, max: 86_400, unit: 'seconds' },
  seconds: { min: 0.2, max: 86_400, unit: 'seconds' },
  socketTimeoutMs: { min: 10, max: 600_000, unit: 'milliseconds' },
  lines: { min: 1, max: 1_000_000, unit: 'lines' },
} as const;
type Bound = { readonly min: number; readonly max: number; readonly unit: string };

/** What a value looked like, for an error: strings quoted, NaN and objects as written. */
function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** A number within `b`; from a command line (`typed`) a plain decimal string is read as one. */
export function expectInRange(src: string, key: string, v: unknown, b: Bound, typed = false): number {
  const n = typed && typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < b.min || n > b.max) {
    throw new ConfigError(src, key, `must be a number of ${b.unit} from ${b.min} to ${b.max} (got ${shown(v)})`);
  }
  return n;
}

export function expectStringArray(src: string, key: string, v: unknown, nonEmpty = false): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string') || (nonEmpty && v.length === 0)) {
    throw new ConfigError(src, key, `must be ${nonEmpty ? 'a non-empty' : 'an'} array of strings`);
  }
  return v as string[];
}

export function expectRegex(src: string, key: string, v: unknown): string {
  const s = expectString(src, key, v);
  try {
    new RegExp(s);
  } catch (err) {
    throw new ConfigError(src, key, `not a valid regular expression (${messageOf(err)})`);
  }
  return s;
}

export function expectObject(src: string, key: string, v: unknown): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError(src, key, 'must be an object');
  return v as Json;
}
