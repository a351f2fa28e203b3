// `oro-top supervise --detach`: the supervisor as its own process in the background (its own session,
// so it survives the ssh session), logging to oro-top's state folder. Returns once it holds the
// home's lock, or says why it did not start.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, configArgs, type SuperviseConfig } from '../config.js';
import { SUPERVISE_NUMBERS } from '../config/supervise.js';
import { Journal } from '../journal/journal.js';
import { stateDir } from '../journal/location.js';
import { PRIVATE_FILE_MODE } from '../system/private-files.js';
import { selfArgv } from '../system/self.js';
import { spawnDetached } from '../system/spawn.js';
import { currentSupervisor, describeHolder } from '../supervisor/lock.js';
import { EXIT_BUSY, EXIT_FAILURE } from './args.js';
import { say, warn } from './output.js';

/** The settings as flags, so the background supervisor runs with exactly these. */
function settingsArgs(s: SuperviseConfig): string[] {
  const a = [s.autoRestart ? '--auto-restart' : '--no-auto-restart'];
  for (const [k, d] of Object.entries(SUPERVISE_NUMBERS)) a.push(`--${d.flag}`, String((s as unknown as Record<string, number>)[k]));
  // the hook's words after --, so that arguments starting with - stay the hook's
  if (s.onAlert) a.push('--on-alert', '--', ...s.onAlert);
  return a;
}

export async function detachSupervisor(config: Config, s: SuperviseConfig, metricsListen?: string): Promise<number> {
  const journal = new Journal();
  try {
    const holder = currentSupervisor(journal.db, config.home);
    if (holder) {
      warn(`oro-top: a supervisor already watches ${config.home}: ${describeHolder(holder)}; nothing started\n`);
      return EXIT_BUSY;
    }
    const log = supervisorLogPath(config.home);
    const child = spawnDetached(
      [
        ...selfArgv(),
        'supervise',
        ...configArgs(config),
        ...(metricsListen ? ['--metrics-listen', metricsListen] : []),
        ...settingsArgs(s),
      ],
      {
        outputFile: log,
        outputMode: PRIVATE_FILE_MODE,
        env: { NODE_OPTIONS: '', ORO_TOP_STATE_DIR: dirname(journal.path) },
        watchExit: true,
      },
    );
    let ended: string | null = null;
    void child.then((r) => {
      ended = r.signal ? `killed by ${r.signal}` : `exited with status ${r.exitCode}`;
    });
    const t0 = Date.now();
    while (Date.now() - t0 < 15_000 && ended === null) {
      const h = currentSupervisor(journal.db, config.home);
      if (h && h.pid === child.pid) {
        child.unref();
        say(`supervisor started in the background: PID ${child.pid}; log: ${log}; stop it: kill ${child.pid}\n`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const tail = readLogTail(log);
    warn(`oro-top: the background supervisor did not start (${ended ?? 'no lock after 15 s'})${tail ? `: ${tail}` : ''}\n`);
    if (ended === null) child.kill('SIGTERM');
    return EXIT_FAILURE;
  } finally {
    journal.close();
  }
}

function readLogTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-3).join(' | ').slice(0, 500);
  } catch {
    return '';
  }
}

/** The background supervisor's log file for a home (one per home, in oro-top's state folder). */
export function supervisorLogPath(home: string): string {
  return join(stateDir(), `supervisor-${createHash('sha256').update(home).digest('hex').slice(0, 12)}.log`);
}
