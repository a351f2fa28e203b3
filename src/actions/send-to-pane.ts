// `send PANE TEXT`: types one line into an agent's pane (`tmux send-keys -l`, then Enter, or the keys
// named with --keys). Checked first: the line (no control characters), the rate (agents.send_per_minute
// a pane), the pane (alive, not a shell, the same command as when the person confirmed). Journaled:
// who, pane, the line and the outcome; never retried.
import type { HealthReport } from '../health/types.js';
import { type ActionDefinition, type ActionInput, type Confirmation, runJournaled } from './action.js';
import { checkSendInput, findPane, keysAfter, SHELLS, shownText } from './send-text.js';
import { StepFailure, type Step } from './steps.js';
import type { Config } from '../config.js';

export interface SendState {
  config: Config;
  pane: string;
  text: string;
  keys: string[];
  expectCommand: string | null;
  /** sends to this pane in the last minute (the journal) */
  recentSends: number;
  paneId: string | null;
  command: string | null;
}

function deadHow(p: { deadStatus: number | null; deadSignal: number | null }): string {
  if (p.deadSignal) return `killed by signal ${p.deadSignal}`;
  return p.deadStatus !== null ? `exited with status ${p.deadStatus}` : 'its process is gone';
}

export function sendSteps(): Step<SendState>[] {
  return [
    {
      name: 'check',
      timeoutMs: 5000,
      async run(s, { fx }) {
        const bad = checkSendInput(s.text, s.keys);
        if (bad) throw new StepFailure(bad);
        if (s.recentSends >= s.config.agents.sendPerMinute)
          throw new StepFailure(
            `rate limited: ${s.recentSends} lines sent to ${s.pane} in the last minute (agents.send_per_minute ${s.config.agents.sendPerMinute}); nothing sent`,
          );
        const t = await fx.tmuxPanes(s.config);
        if (t.problem) throw new StepFailure(`${t.problemText ?? 'no tmux session'}: nothing sent`);
        const found = findPane(t.panes, s.pane);
        if ('why' in found) throw new StepFailure(`${found.why}: nothing sent`);
        const p = found.pane;
        if (p.dead || !p.processAlive) throw new StepFailure(`the ${s.pane} pane is dead (${deadHow(p)}): nothing sent`);
        if (SHELLS.has(p.currentCommand))
          throw new StepFailure(
            `the ${s.pane} pane runs a shell (${p.currentCommand}), not an agent: the line would run as a command; nothing sent`,
          );
        if (s.expectCommand && p.currentCommand !== s.expectCommand)
          throw new StepFailure(`the ${s.pane} pane runs ${p.currentCommand} now, not ${s.expectCommand} as when confirmed: nothing sent`);
        s.paneId = p.paneId;
        s.command = p.currentCommand;
        return `pane ${p.paneId} runs ${p.currentCommand} (PID ${p.pid})`;
      },
    },
    {
      name: 'type',
      timeoutMs: 5000,
      async run(s, { fx }) {
        const t = s.paneId!;
        if (s.text !== '') {
          const r = await fx.tmux(s.config.tmuxSocket, ['send-keys', '-t', t, '-l', '--', s.text]);
          if (r.exitCode !== 0) throw new StepFailure(`tmux send-keys: ${(r.stderr || r.failure || '').trim().split('\n')[0]}`);
        }
        const k = await fx.tmux(s.config.tmuxSocket, ['send-keys', '-t', t, ...keysAfter(s.keys)]);
        if (k.exitCode !== 0)
          throw new StepFailure(`tmux send-keys ${keysAfter(s.keys).join(' ')}: ${(k.stderr || k.failure || '').trim().split('\n')[0]}`);
        return `typed ${shownText(s.text, s.keys)}`;
      },
    },
  ];
}

function sendConfirmation(pane: string, r: HealthReport | null, input: ActionInput | undefined): Confirmation {
  const text = input?.text ?? '';
  const keys = input?.keys ?? [];
  const title = `Send this line to the ${pane} pane?`;
  const bad = checkSendInput(text, keys);
  if (bad) return { title, lines: [], refused: bad };
  const p = r?.panes.find((x) => x.name === pane);
  const agent = (p as { agent?: { state: string; program: string } | null } | undefined)?.agent;
  return {
    title,
    lines: [
      `  ${shownText(text, keys, 200)}`,
      p
        ? `The pane runs ${p.currentCommand ?? '?'}${agent ? ` (${agent.program}, ${agent.state})` : ''}; it is ${p.status}.`
        : `Pane ${pane}: the line goes to it if it runs an agent.`,
      'It is typed as it is (tmux send-keys -l), then the keys; it is not sent again if it fails.',
    ],
  };
}

export const sendToPane: ActionDefinition = {
  kind: 'send',
  title: "type a line into an agent's pane (then Enter, or the keys named with --keys)",
  target: 'pane',
  key: {
    keys: ['s'],
    label: 's',
    short: 'send line',
    screen: 'panes',
    help: "type a line into the selected pane's agent (typed on the hint line, shown before it is sent)",
  },
  cli: {
    describe: "type a line into an agent's pane, then Enter (tmux send-keys -l); control characters only as --keys",
    positional: { name: 'pane' },
    text: {
      name: 'text',
      describe: 'the line to type (no control characters)',
      keys: 'tmux keys typed after the line instead of Enter (Enter Escape C-c y ...)',
    },
  },
  readOnly: false,
  confirm: (pane, report, _settings, extra) => sendConfirmation(pane, report, extra?.input),
  run(ctx, pane, input) {
    const sinceMs = Date.now() - 60_000;
    const recentSends = ctx.journal
      .list(200, ctx.config.home)
      .filter((a) => a.kind === 'send' && a.target === pane && a.status === 'succeeded' && Date.parse(a.startedAt) >= sinceMs).length;
    return runJournaled(ctx, {
      kind: 'send',
      target: pane,
      steps: sendSteps(),
      state: {
        config: ctx.config,
        pane,
        text: input?.text ?? '',
        keys: input?.keys ?? [],
        expectCommand: input?.expectCommand ?? null,
        recentSends,
        paneId: null,
        command: null,
      } satisfies SendState,
      outcome: (s, r) =>
        r.ok
          ? `sent ${shownText(s.text, s.keys, 200)} to ${pane} (${s.command})`
          : `not sent ${shownText(s.text, s.keys, 200)}: ${r.error}`,
    });
  },
};
