// Respawns the architect or manager pane: `tmux respawn-pane -k` with the pane's own start command
// (or the configured one), or a new window when the window is gone; then checks that the pane is
// alive with a new process. Journaled step by step.
import type { Config } from '../config.js';
import type { ExecOutcome } from '../system/exec.js';
import type { HealthReport } from '../health/types.js';
import { PANE_NAMES } from '../oro/panes.js';
import { type ActionDefinition, type Confirmation, runJournaled } from './action.js';
import { StepFailure, type Step } from './steps.js';

export interface RespawnState {
  config: Config;
  pane: string;
  oldPid: number | null;
  windowExists: boolean;
  newPid: number | null;
}

function target(config: Config, pane: string): string {
  return `=${config.session}:${pane}`;
}

export function respawnSteps(): Step<RespawnState>[] {
  return [
    {
      name: 'check',
      timeoutMs: 5000,
      async run(s, { fx }) {
        const t = await fx.tmuxPanes(s.config);
        if (t.problem === 'no-server' || t.problem === 'no-tmux') throw new StepFailure(t.problemText ?? 'no tmux');
        const p = t.panes.find((x) => x.window === s.pane);
        s.windowExists = p !== undefined;
        s.oldPid = p?.pid ?? null;
        if (!p) return `window '${s.pane}' is gone: it will be created`;
        return p.dead
          ? `pane ${p.paneId} is dead (status ${p.deadStatus ?? 'none'})`
          : `pane ${p.paneId} is alive (PID ${p.pid}): it will be replaced`;
      },
    },
    {
      name: 'respawn',
      timeoutMs: 10_000,
      async run(s, { fx }) {
        const cmd = s.config.paneCommands[s.pane] ?? [];
        let r: ExecOutcome;
        if (s.windowExists) {
          // without a command tmux runs the one the pane was created with
          r = await fx.tmux(s.config.tmuxSocket, ['respawn-pane', '-k', '-t', target(s.config, s.pane), ...cmd]);
        } else {
          if (cmd.length === 0)
            throw new StepFailure(`window '${s.pane}' is gone and no command is configured for it (config pane_commands.${s.pane})`);
          r = await fx.tmux(s.config.tmuxSocket, ['new-window', '-d', '-t', `=${s.config.session}:`, '-n', s.pane, ...cmd]);
        }
        if (r.exitCode !== 0) throw new StepFailure(`tmux: ${(r.stderr || r.failure || '').trim().split('\n')[0]}`);
        return s.windowExists
          ? `respawned${cmd.length ? `: ${cmd.join(' ')}` : ' with its own command'}`
          : `created window '${s.pane}': ${cmd.join(' ')}`;
      },
    },
    {
      name: 'verify',
      timeoutMs: 10_000,
      async run(s, ctx) {
        const started = ctx.fx.clock.now();
        for (;;) {
          const t = await ctx.fx.tmuxPanes(s.config);
          const p = t.panes.find((x) => x.window === s.pane);
          // dead a second after the respawn: its command failed at once (no use waiting the step out)
          if (p?.dead && ctx.fx.clock.now() - started >= 1000)
            throw new StepFailure(
              `the new pane process exited at once (status ${p.deadStatus ?? '?'}); its command: ${(s.config.paneCommands[s.pane] ?? ['its own']).join(' ')}`,
            );
          if (p && !p.dead && p.processAlive && p.pid !== s.oldPid) {
            await ctx.sleep(300); // still alive a moment later: it did not die at once
            const again = (await ctx.fx.tmuxPanes(s.config)).panes.find((x) => x.window === s.pane);
            if (again && !again.dead && again.processAlive) {
              s.newPid = again.pid;
              return `alive with PID ${again.pid}`;
            }
            throw new StepFailure(`the new pane process exited at once (status ${again?.deadStatus ?? '?'})`);
          }
          await ctx.sleep(100); // rejects at the step's timeout: the loop ends with it
        }
      },
    },
  ];
}

function respawnConfirmation(pane: string, r: HealthReport | null): Confirmation {
  const p = r?.panes.find((x) => x.name === pane);
  return {
    title: `Respawn the ${pane} pane?`,
    lines: [
      `It is ${p?.status ?? 'unknown'}: ${p?.reason ?? ''}`,
      p && p.status !== 'dead'
        ? 'Its running process is killed and started again (tmux respawn-pane -k).'
        : 'It is started again with its command.',
    ],
  };
}

export const respawnPane: ActionDefinition = {
  kind: 'respawn-pane',
  title: 'respawn the architect or manager pane (a new window if it is gone)',
  target: 'pane',
  key: { keys: ['p'], label: 'p', short: 'respawn pane', screen: 'panes', help: 'respawn the selected pane' },
  cli: {
    describe: 'respawn the architect or manager pane (a new window if it is gone)',
    positional: { name: 'pane', choices: PANE_NAMES },
  },
  readOnly: false,
  confirm: (pane, report) => respawnConfirmation(pane, report),
  run: (ctx, pane) =>
    runJournaled(ctx, {
      kind: 'respawn-pane',
      target: pane,
      steps: respawnSteps(),
      state: { config: ctx.config, pane, oldPid: null, windowExists: false, newPid: null } satisfies RespawnState,
      outcome: (s, r) =>
        r.ok
          ? `${pane} pane alive again (${s.oldPid === null ? `PID ${s.newPid}; it had no process before` : `PID ${s.oldPid} -> ${s.newPid}`})`
          : `failed at step '${r.failedStep}': ${r.error}`,
    }),
};
