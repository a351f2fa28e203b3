// `oro-top ref-oro ...`: the reference swarm's processes, with oro's own command lines
// (`ref-oro start --daemon-only --workers N`, `ref-oro worker --socket S --id ID`), so oro-top
// recognises them exactly as it recognises a real oro swarm.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argAfter } from '../collectors/process-table.js';
import { swarmPaths } from './paths.js';
import { Dispatcher } from './dispatcher.js';
import { runPaneAgent } from './pane-agent.js';
import { RefWorker } from './worker.js';

export async function refOro(args: string[]): Promise<void> {
  const [cmd, ...rest] = args;
  const env = process.env;
  const stepMs = Number(env.ORO_REF_STEP_MS || 1000);
  switch (cmd) {
    case 'start': {
      const workers = Number(argAfter(rest, '--workers') ?? 2);
      const d = new Dispatcher({ workers, pool: env.ORO_REF_POOL ? workers : 0 });
      await d.start();
      return;
    }
    case 'worker': {
      const socketPath = argAfter(rest, '--socket');
      const id = argAfter(rest, '--id');
      if (!socketPath || !id) throw new Error('usage: ref-oro worker --socket PATH --id ID');
      new RefWorker({
        socketPath,
        id,
        stepMs,
        heartbeatMs: 2000,
        out: (l) => process.stdout.write(`${l}\n`),
        exit: (code) => process.exit(code),
      }).start();
      return;
    }
    case 'worker-pool': {
      const socketPath = argAfter(rest, '--socket');
      const count = Number(argAfter(rest, '--count') ?? 1);
      if (!socketPath) throw new Error('usage: ref-oro worker-pool --socket PATH --count N');
      let live = count;
      const workersDir = join(swarmPaths().home, 'workers');
      for (let i = 1; i <= count; i++) {
        const id = `w-${i}`;
        const log = join(workersDir, id, 'output.log');
        mkdirSync(dirname(log), { recursive: true });
        new RefWorker({
          socketPath,
          id,
          stepMs,
          heartbeatMs: 2000,
          out: (l) => appendFileSync(log, `${l}\n`),
          exit: () => {
            if (--live <= 0) process.exit(0);
          },
        }).start();
      }
      return;
    }
    case 'pane':
      await runPaneAgent(rest[0] ?? 'manager');
      return;
    default:
      throw new Error(`unknown ref-oro command '${cmd ?? ''}'`);
  }
}
