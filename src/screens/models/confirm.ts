// The confirmation dialog for actions that change the swarm: what will happen, default No.
import type { View } from '../../store.js';
import type { Theme } from '../theme.js';
import { esc, fit } from '../text.js';
import type { ActionRequest } from '../ui-state.js';
import type { Panel } from './panel.js';
import { wrapWords } from './help.js';

export interface ActionSettings {
  drainTimeoutS: number;
  startCommand: string[];
}

export function confirmLines(req: ActionRequest, view: View | null, s: ActionSettings): { title: string; lines: string[] } {
  const r = view?.report;
  switch (req.kind) {
    case 'restart-daemon': {
      const workers = r?.workers.filter((w) => w.pid !== null).length ?? 0;
      const beads = r?.workers.filter((w) => w.beadId).length ?? 0;
      return {
        title: 'Drain and restart the daemon?',
        lines: [
          `Daemon PID ${r?.daemon.pid ?? "?"} restarts: ${workers} worker(s) hand off, ${beads} bead(s) in progress.`,
          `The drain may take up to ${s.drainTimeoutS} s; past that: SIGINT, then SIGKILL.`,
          `Then the successor starts: ${s.startCommand.join(' ')}`,
          'The restart runs on its own: quitting oro-top does not stop it.',
        ],
      };
    }
    case 'respawn-pane': {
      const p = r?.panes.find((x) => x.name === req.pane);
      return {
        title: `Respawn the ${req.pane} pane?`,
        lines: [
          `It is ${p?.status ?? 'unknown'}: ${p?.reason ?? ''}`,
          p && p.status !== 'dead' ? 'Its running process is killed and started again (tmux respawn-pane -k).' : 'It is started again with its command.',
        ],
      };
    }
    case 'cancel':
      return { title: 'Cancel?', lines: [`Cancel action #${req.actionId}?`] };
    case 'restart-worker':
    case 'kill-worker': {
      const w = r?.workers.find((x) => x.id === req.id);
      const verb = req.kind === 'restart-worker' ? 'Restart' : 'Kill';
      return {
        title: `${verb} worker ${req.id}?`,
        lines: [
          `It is ${w?.status ?? 'unknown'}: ${w?.reason ?? ''}${w?.beadId ? ` (bead ${w.beadId})` : ''}`,
          'Through the daemon; if the daemon does not answer: SIGTERM to its process group, then SIGKILL.',
        ],
      };
    }
  }
}

export function confirmPanel(req: ActionRequest, view: View | null, s: ActionSettings, body: { top: number; left: number; cols: number; rows: number }, theme: Theme): Panel {
  const { title, lines } = confirmLines(req, view, s);
  const width = Math.min(body.cols - 4, 76);
  const inner = width - 2;
  // wrapped at words: every line of what will happen is read whole
  const content = [...lines.flatMap((l) => wrapWords(l, inner)).map((l) => esc(fit(l, inner, theme))), '', theme.bold(esc(fit('y: yes    any other key: no (the default)', inner, theme)))];
  const height = content.length + 2;
  return {
    id: 'confirm',
    top: body.top + Math.max(0, Math.floor((body.rows - height) / 2)),
    left: body.left + Math.floor((body.cols - width) / 2),
    width,
    height,
    border: true,
    label: ` ${esc(title)} `,
    lines: content,
    focus: true,
  };
}
