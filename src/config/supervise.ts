// The supervisor's settings (`oro-top supervise`): the config file's `supervise` object, each key
// also a flag of the command (a flag wins). Defaults follow the supervision issue: watch only,
// 3 restarts per 600 s window, frozen after 60 s, alerts at most every 300 s per kind and target.
import { ConfigError } from '../util/errors.js';
import type { SuperviseConfig } from './types.js';
import { expectInRange, expectObject, expectStringArray } from './validate.js';

export const DEFAULT_SUPERVISE: SuperviseConfig = {
  autoRestart: false,
  maxRestarts: 3,
  windowS: 600,
  freezeAfterS: 60,
  onAlert: null,
  alertCooldownS: 300,
  alertTimeoutS: 10,
  errorBurstPerMin: 30,
  retentionDays: 7,
};

/** Each key: its file name, its flag, and its bounds (whole numbers from min to max). */
export const SUPERVISE_NUMBERS = {
  maxRestarts: { key: 'max_restarts', unit: 'restarts', flag: 'max-restarts', min: 1, max: 1000 },
  windowS: { key: 'window_s', unit: 'seconds', flag: 'window', min: 1, max: 7 * 86_400 },
  freezeAfterS: { key: 'freeze_after_s', unit: 'seconds', flag: 'freeze-after', min: 1, max: 86_400 },
  alertCooldownS: { key: 'alert_cooldown_s', unit: 'seconds', flag: 'alert-cooldown', min: 0, max: 86_400 },
  alertTimeoutS: { key: 'alert_timeout_s', unit: 'seconds', flag: 'alert-timeout', min: 1, max: 3600 },
  errorBurstPerMin: { key: 'error_burst_per_min', unit: 'error lines a minute', flag: 'error-burst', min: 1, max: 1_000_000 },
  retentionDays: { key: 'retention_days', unit: 'days', flag: 'retention-days', min: 1, max: 3650 },
} as const satisfies Partial<Record<keyof SuperviseConfig, { key: string; unit: string; flag: string; min: number; max: number }>>;

export function parseSupervise(src: string, v: unknown): Partial<SuperviseConfig> {
  const o = expectObject(src, 'supervise', v);
  const out: Partial<SuperviseConfig> = {};
  const numbers = Object.entries(SUPERVISE_NUMBERS) as [
    keyof typeof SUPERVISE_NUMBERS,
    (typeof SUPERVISE_NUMBERS)[keyof typeof SUPERVISE_NUMBERS],
  ][];
  for (const [k, val] of Object.entries(o)) {
    const key = `supervise.${k}`;
    const num = numbers.find(([, d]) => d.key === k);
    if (num) {
      const n = expectInRange(src, key, val, num[1]);
      if (!Number.isInteger(n)) throw new ConfigError(src, key, `must be a whole number (got ${n})`);
      out[num[0]] = n;
    } else if (k === 'auto_restart') {
      if (typeof val !== 'boolean') throw new ConfigError(src, key, 'must be true or false');
      out.autoRestart = val;
    } else if (k === 'on_alert') out.onAlert = val === null ? null : expectStringArray(src, key, val, true);
    else throw new ConfigError(src, key, `unknown key (known: auto_restart, on_alert, ${numbers.map(([, d]) => d.key).join(', ')})`);
  }
  return out;
}
