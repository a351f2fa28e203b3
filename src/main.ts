// Entry point of the bundle and the single executable.
import { main, reportFatal } from './cli.js';
import { mark } from './util/timing.js';

mark('modules-loaded');
import { refOro } from './reference-swarm/ref-oro.js';

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
