// Opens SQLite databases with better-sqlite3, loading its native addon explicitly: from
// node_modules when run from source or the bundle, from an embedded asset in the single executable.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OroTopError, messageOf } from '../util/errors.js';
import { PRIVATE_DIR_MODE } from './private-files.js';
import { writeCachedFile } from './cache-file.js';

export type Db = Database.Database;

export const ADDON_ASSET = 'better_sqlite3.node';

let addon: unknown = null;

interface SeaModule {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
}

/** The node:sea module when this process is the single executable, else null. */
export function seaModule(): SeaModule | null {
  try {
    const req = createRequire(import.meta.url);
    const sea = req('node:sea') as SeaModule;
    return sea.isSea() ? sea : null;
  } catch {
    return null;
  }
}

function loadFromSea(sea: SeaModule): unknown {
  const bytes = Buffer.from(sea.getRawAsset(ADDON_ASSET));
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const file = writeCachedFile(`addon-${digest}`, ADDON_ASSET, bytes, PRIVATE_DIR_MODE);
  const mod = { exports: {} as unknown };
  try {
    process.dlopen(mod as { exports: unknown } as NodeJS.Module, file);
  } catch (err) {
    throw new OroTopError(
      'database',
      `cannot load the SQLite addon from ${file} (${messageOf(err)}); a noexec folder? set ORO_TOP_CACHE_DIR`,
      { cause: err },
    );
  }
  return mod.exports;
}

function nativeBinding(): unknown {
  if (addon) return addon;
  const sea = seaModule();
  if (sea) {
    addon = loadFromSea(sea);
  } else {
    const req = createRequire(import.meta.url);
    const pkgDir = dirname(req.resolve('better-sqlite3/package.json'));
    addon = req(join(pkgDir, 'build', 'Release', ADDON_ASSET));
  }
  return addon;
}

export interface OpenOptions {
  readonly?: boolean;
  /** busy timeout in ms */
  timeoutMs?: number;
}

/** Opens (read-only opens never create the file). Throws OroTopError('database'). */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  try {
    const db = new Database(file, {
      readonly: opts.readonly ?? false,
      fileMustExist: opts.readonly ?? false,
      timeout: opts.timeoutMs ?? 5000,
      nativeBinding: nativeBinding() as string,
    });
    return db;
  } catch (err) {
    throw new OroTopError('database', `${file}: ${messageOf(err)}`, { cause: err });
  }
}
