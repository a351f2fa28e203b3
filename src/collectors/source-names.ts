// Each source's one name, as the status line, `check`, `snapshot --json` (sources[].name) and the
// README say it. The keys are the snapshot's slices (collectors/sources.ts).
import type { SourceData } from './sources.js';

export const SOURCE_NAMES: { readonly [K in keyof SourceData]: string } = {
  home: 'home',
  processes: 'processes',
  daemon: 'daemon',
  tmux: 'tmux',
  db: 'state.db',
  logs: 'logs',
  host: 'host',
  self: 'oro-top',
  paneText: 'pane text',
  agents: 'agents',
  workerTail: 'worker log',
  actions: 'journal',
  supervisor: 'supervisor',
};
