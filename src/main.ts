// Entry point of the bundle and the single executable.
import { main, reportFatal } from './cli.js';
import { refOro } from './reference-swarm/ref-oro.js';
import { mark } from './util/timing.js';

// imports run first: by here every module of the bundle is loaded
mark('modules-loaded');

const args = process.argv.slice(2);
if (args[0] === 'ref-oro') {
  refOro(args.slice(1)).catch((err: unknown) => {
    process.stderr.write(`ref-oro: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
} else {
  main(args).then(
    (code) => process.exit(code),
    (err: unknown) => process.exit(reportFatal(err)),
  );
}
