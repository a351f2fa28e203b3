// Bundles src/main.ts and every dependency into one CommonJS file, dist/oro-top.cjs:
// the thing `npm start` runs and the payload of the single executable (build/sea.mjs).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

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
  // ESM-only deps (yargs, execa) read import.meta.url; give CommonJS a real one.
  banner: { js: "const __oroImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__oroImportMetaUrl',
    'process.env.ORO_TOP_VERSION': JSON.stringify(pkg.version),
  },
});
