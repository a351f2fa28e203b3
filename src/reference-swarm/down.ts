// `oro-top swarm down`: stops what `swarm up` started in that home, and nothing else. Every process
// is matched by its command line (`ref-oro ...`) and its ORO_HOME before it is signalled.
import { resolve } from 'node:path';
import { readPidFile } from '../collectors/pid-file.js';
import { listPids, readEnviron, readProcess, type ProcessInfo } from '../system/procfs.js';
import { signalChecked, waitGone } from '../system/signal.js';
import { killTmuxServer } from '../system/tmux.js';
import { OroTopError } from '../util/errors.js';
import { readManifest } from '../swarm-manifest.js';

export interface SwarmDownReport {
  daemon: 'stopped' | 'killed' | 'not running';
  killedProcesses: number;
  tmux: 'killed' | 'not running';
}

async function isSwarmProcess(p: ProcessInfo, home: string): Promise<boolean> {
  if (!p.argv.includes('ref-oro')) return false;
  const env = await readEnviron(p.pid);
  return env?.get('ORO_HOME') === home;
}

async function stopProcess(p: ProcessInfo, graceMs: number, first: NodeJS.Signals): Promise<'stopped' | 'killed'> {
  const still = (q: ProcessInfo): boolean => q.argv.includes('ref-oro');
  await signalChecked(p, first, still);
  if (await waitGone(p, graceMs)) return 'stopped';
  await signalChecked(p, 'SIGKILL', still);
  await waitGone(p, 2000);
  return 'killed';
}

export async function swarmDown(homeArg: string): Promise<SwarmDownReport> {
  const home = resolve(homeArg);
  const manifest = readManifest(home);
  // a wrong --home is a usage error (64), not a failure of oro-top
  if (!manifest) throw new OroTopError('usage', `no reference swarm in ${home} (no reference-swarm.json there); nothing stopped`);
  const report: SwarmDownReport = { daemon: 'not running', killedProcesses: 0, tmux: 'not running' };

  // the daemon first, gracefully (SIGINT drains its workers)
  const pf = await readPidFile(`${home}/oro.pid`);
  if (pf.kind === 'ok') {
    const p = await readProcess(pf.pid);
    if (p && p.state !== 'Z' && p.argv.includes('--daemon-only') && (await isSwarmProcess(p, home))) {
      report.daemon = await stopProcess(p, 15_000, 'SIGINT');
    }
  }
  if (await killTmuxServer(manifest.tmux_socket)) report.tmux = 'killed';

  // whatever is left of this swarm: orphaned workers, a successor daemon, pane agents
  for (let round = 0; round < 3; round++) {
    const left: ProcessInfo[] = [];
    for (const pid of await listPids()) {
      if (pid === process.pid) continue;
      const p = await readProcess(pid);
      if (p && p.state !== 'Z' && (await isSwarmProcess(p, home))) left.push(p);
    }
    if (left.length === 0) break;
    const results = await Promise.all(left.map((p) => stopProcess(p, 3000, p.argv.includes('--daemon-only') ? 'SIGINT' : 'SIGTERM')));
    report.killedProcesses += results.length;
  }
  return report;
}
