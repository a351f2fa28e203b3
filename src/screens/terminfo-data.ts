// The terminfo entries oro-top ships (blessed's own compiled copies of xterm-256color, xterm and
// linux). blessed cannot parse Debian 12's newer terminfo format, and the single executable has no
// blessed folder on disk, so oro-top always hands blessed one of these. In the bundle,
// build/bundle.mjs replaces this module with the files' bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SHIPPED_TERMINFO = ['xterm-256color', 'xterm', 'linux'] as const;
export type ShippedTerminfo = (typeof SHIPPED_TERMINFO)[number];

export function terminfoBytes(name: ShippedTerminfo): Buffer {
  const req = createRequire(import.meta.url);
  const dir = join(dirname(req.resolve('blessed/package.json')), 'usr');
  return readFileSync(join(dir, name));
}
