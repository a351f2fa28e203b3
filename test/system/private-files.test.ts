import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPrivateFile, createPrivateFile, ensurePrivateDir, isOwnRegularFile } from '../../src/system/private-files.js';
import { withTmpDir } from '../helpers/tmp.js';

const mode = (p: string): number => statSync(p).mode & 0o777;

/** Runs `fn` under the umask most users have, whatever the test runner's is. */
function underUmask022<T>(fn: () => T): T {
  const old = process.umask(0o022);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}

test(
  'folders are created 0700 and files 0600 under umask 022; looser modes are tightened',
  withTmpDir('private-', (dir) => {
    underUmask022(() => {
      const state = join(dir, 'a', 'state');
      ensurePrivateDir(state, 'the state folder', 'hint');
      assert.equal(mode(state), 0o700);
      const f = join(state, 'journal.db');
      createPrivateFile(f);
      assert.equal(mode(f), 0o600);
      const loose = join(dir, 'loose');
      mkdirSync(loose, { mode: 0o755 });
      writeFileSync(join(loose, 'x'), 'x', { mode: 0o644 });
      ensurePrivateDir(loose, 'the state folder', 'hint');
      assert.equal(mode(loose), 0o700);
      assert.equal(checkPrivateFile(join(loose, 'x'), 'the journal', 'hint'), true);
      assert.equal(mode(join(loose, 'x')), 0o600);
      assert.equal(checkPrivateFile(join(loose, 'absent'), 'the journal', 'hint'), false);
    });
  }),
);

test(
  "a folder or file that is a link, or someone else's, is refused and left as it is",
  withTmpDir('private-', (dir) => {
    const target = join(dir, 'elsewhere');
    mkdirSync(target);
    writeFileSync(join(target, 'secret'), 'theirs');
    symlinkSync(target, join(dir, 'state'));
    assert.throws(
      () => ensurePrivateDir(join(dir, 'state'), 'the state folder', 'set ORO_TOP_STATE_DIR'),
      /^OroTopError: the state folder .*\/state is a symbolic link; .*set ORO_TOP_STATE_DIR/,
    );
    symlinkSync(join(target, 'secret'), join(dir, 'journal.db'));
    assert.throws(
      () => checkPrivateFile(join(dir, 'journal.db'), 'the journal', 'hint'),
      /the journal .*journal\.db is a symbolic link; not used/,
    );
    assert.equal(isOwnRegularFile(join(dir, 'journal.db')), false);
    assert.equal(readFileSync(join(target, 'secret'), 'utf8'), 'theirs');
    assert.throws(() => createPrivateFile(join(dir, 'journal.db')), /EEXIST/);
    if (process.getuid?.() === 0) {
      // only root can give a file away; as anyone else this case cannot be made
      const theirs = join(dir, 'theirs');
      mkdirSync(theirs);
      chownSync(theirs, 65534, 65534);
      assert.throws(() => ensurePrivateDir(theirs, 'the state folder', 'hint'), /belongs to uid 65534, not to you \(uid 0\)/);
    }
  }),
);
