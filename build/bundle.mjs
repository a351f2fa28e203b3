// Bundles src/main.ts and every dependency into one CommonJS file, dist/oro-top.cjs:
// the thing `npm start` runs and the payload of the single executable (build/sea.mjs).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);
const blessedDir = dirname(require.resolve('blessed/package.json'));

/** blessed loads its widgets with require('./widgets/' + name), which a bundler cannot follow. */
const blessedWidgets = {
  name: 'blessed-widgets',
  setup(b) {
    b.onLoad({ filter: /blessed[\\/]lib[\\/]widget\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const names = [...src.matchAll(/^\s+'(\w+)',?$/gm)].map((m) => m[1].toLowerCase());
      const map = `var __widgets = {\n${names.map((n) => `  ${JSON.stringify(n)}: require('./widgets/${n}')`).join(',\n')}\n};\n`;
      const patched = src.replace("require('./widgets/' + file)", '__widgets[file]');
      if (patched === src) throw new Error('blessed/lib/widget.js changed: the widget loader patch no longer applies');
      return { contents: map + patched, loader: 'js' };
    });
  },
};

/** The terminfo files oro-top ships go into the bundle as bytes (see src/screens/terminfo-data.ts). */
const terminfo = {
  name: 'terminfo-data',
  setup(b) {
    b.onLoad({ filter: /src[\\/]screens[\\/]terminfo-data\.ts$/ }, () => {
      const names = ['xterm-256color', 'xterm', 'linux'];
      const data = Object.fromEntries(names.map((n) => [n, readFileSync(join(blessedDir, 'usr', n)).toString('base64')]));
      return {
        contents: `const DATA = ${JSON.stringify(data)};
export const SHIPPED_TERMINFO = ${JSON.stringify(names)};
export function terminfoBytes(name) { return Buffer.from(DATA[name], 'base64'); }`,
        loader: 'js',
      };
    });
  },
};

await build({
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(root, 'dist/oro-top.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // blessed's Terminal widget wants these optional modules; oro-top does not use that widget
  external: ['term.js', 'pty.js'],
  plugins: [blessedWidgets, terminfo],
  // A single executable has no module loader for import(): it fails there with
  // ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING (it works under plain node, so only users saw it).
  // esbuild turns every import() into a require; the check below makes sure none is left.
  supported: { 'dynamic-import': false },
  // ESM-only deps (yargs, execa) read import.meta.url; give CommonJS a real one.
  banner: { js: "const __oroImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__oroImportMetaUrl',
    'process.env.ORO_TOP_VERSION': JSON.stringify(pkg.version),
  },
});

const out = readFileSync(join(root, 'dist/oro-top.cjs'), 'utf8');
const dynamic = [...out.matchAll(/\bimport\s*\(\s*["'`]/g)];
if (dynamic.length > 0) {
  const lines = dynamic.map((m) => out.slice(0, m.index).split('\n').length);
  console.error(
    `build/bundle.mjs: dist/oro-top.cjs has ${dynamic.length} dynamic import() (lines ${lines.join(', ')}): they crash the single executable`,
  );
  process.exit(1);
}
