// Builds dist/oro-top, one linux-x64 executable, with Node's own single-executable-application
// steps and nothing from the network: the bundle (build/bundle.mjs) and better-sqlite3's native
// addon go into a SEA blob, which postject injects into a copy of this machine's Node binary.
// @yao-pkg/pkg is not used: its standard mode downloads a patched Node, and its SEA mode needs
// Node 22 in the versions that still build offline (see ../shared/notes/packaging.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const bundle = join(dist, 'oro-top.cjs');
const out = join(dist, 'oro-top');
const blob = join(dist, 'sea-prep.blob');
const seaConfig = join(dist, 'sea-config.json');
const require = createRequire(import.meta.url);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(`build/sea.mjs: Node ${process.versions.node} cannot embed assets; Node >= 20.12 is needed`);
  process.exit(1);
}
if (!existsSync(bundle)) {
  console.error('build/sea.mjs: dist/oro-top.cjs is missing; run `npm run bundle` first');
  process.exit(1);
}
const addon = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(addon)) {
  console.error(`build/sea.mjs: the SQLite addon is missing (${addon}); run npm ci`);
  process.exit(1);
}

// The base binary: ORO_TOP_BASE_NODE, else the Node running this build. Both must carry the SEA fuse.
const baseNode = process.env.ORO_TOP_BASE_NODE || process.execPath;
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
if (!readFileSync(baseNode).includes(Buffer.from(fuse))) {
  console.error(`build/sea.mjs: ${baseNode} has no SEA fuse; set ORO_TOP_BASE_NODE to an official Node 20 binary`);
  process.exit(1);
}

writeFileSync(
  seaConfig,
  JSON.stringify(
    {
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: true,
      assets: { 'better_sqlite3.node': addon },
    },
    null,
    2,
  ),
);
execFileSync(baseNode, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });

rmSync(out, { force: true });
copyFileSync(baseNode, out);
chmodSync(out, 0o755);
// debug symbols are most of a distro's Node binary; strip them when strip is there
try {
  execFileSync('strip', ['--strip-debug', out], { stdio: 'ignore' });
} catch {
  console.warn('build/sea.mjs: strip not available; the executable keeps its debug symbols');
}
// postject (LIEF inside) warns "Can't find string offset for section name '.note.100'" once per
// note section of the stripped Node binary: LIEF cannot name those sections, which does not matter
// (it writes the blob into a new note; the --version check below proves the result runs). Those
// lines are dropped, and so are its progress lines; anything else postject says is shown.
const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
const injected = spawnSync(process.execPath, [postject, out, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', fuse], { encoding: 'utf8' });
const said = `${injected.stdout}${injected.stderr}`
  .split('\n')
  .map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))
  .filter(
    (l) =>
      l.trim() !== '' &&
      !/^warning: Can't find string offset for section name '\.note(\.\d+)?'$|^Start injection of |Injection done!$/.test(l),
  );
if (said.length > 0) console.log(said.join('\n'));
if (injected.status !== 0) {
  console.error(`build/sea.mjs: postject failed (exit ${injected.status})`);
  process.exit(1);
}
rmSync(blob, { force: true });

// The result must run oro-top itself, not a plain Node (a failed injection can leave one).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = execFileSync(out, ['--version'], {
  env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
  encoding: 'utf8',
}).trim();
if (version !== pkg.version) {
  console.error(`build/sea.mjs: dist/oro-top --version printed '${version}', expected '${pkg.version}'`);
  process.exit(1);
}
console.log(`dist/oro-top ${version}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`);
