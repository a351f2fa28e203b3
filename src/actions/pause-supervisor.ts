// S: pauses or resumes auto-recovery for this home. A paused supervisor keeps watching, recording
// incidents and alerting; it only stops restarting. The pause is kept in the journal (so it holds for
// a supervisor started later), journaled as an action with who did it, and allowed while no
// supervisor runs. The target says what is asked: 'pause' or 'resume' (the dashboard asks the one
// that changes something; `oro-top supervise --pause / --resume` calls setSupervisorPaused).
import type { HealthReport } from '../health/types.js';
import { whoAmI } from '../journal/journal.js';
import { SupervisorStateStore } from '../journal/supervisor-state.js';
import { formatAge } from '../util/format.js';
import { OroTopError } from '../util/errors.js';
import {
  type ActionContext,
  type ActionDefinition,
  type ActionLaunch,
  type ConfirmExtra,
  type Confirmation,
  runJournaled,
} from './action.js';
import { StepFailure } from './steps.js';

export const PAUSE_KIND = 'pause-supervisor';
export const RESUME_KIND = 'resume-supervisor';
/** the journal's target of both: one pause or resume at a time per home */
export const SUPERVISOR_TARGET = 'supervisor';

const WHAT_PAUSE_MEANS = 'The supervisor keeps watching, recording incidents and alerting; it only stops restarting anything.';

function holderText(e: ConfirmExtra | undefined): string | null {
  const h = e?.supervision?.holder;
  if (!h) return null;
  return `PID ${h.pid} (${h.user}, since ${h.since})`;
}

export function pauseConfirmation(target: string, _r: HealthReport | null, e?: ConfirmExtra): Confirmation {
  const s = e?.supervision ?? null;
  const holder = holderText(e);
  if (target === 'pause') {
    const who = !s
      ? 'oro-top has not read the supervisor state yet: the pause is kept in the journal whether a supervisor runs or not.'
      : !s.holder
        ? 'No supervisor runs for this home now: the pause is kept in the journal, and the next supervisor starts paused.'
        : s.holder.autoRestart
          ? `The supervisor ${holder} sees it on its next pass.`
          : `The supervisor ${holder} runs without --auto-restart, so it restarts nothing now; the pause also holds for a later one that has it.`;
    return {
      title: 'Pause auto-recovery?',
      lines: [WHAT_PAUSE_MEANS, who, 'Resume with S again, or oro-top supervise --resume. Journaled with your name.'],
      ...(s?.paused ? { refused: `auto-recovery is already paused${s.pausedBy ? ` (by ${s.pausedBy})` : ''}` } : {}),
    };
  }
  if (target === 'resume') {
    const since = s?.pausedAt ? `, ${formatAge((Date.now() - Date.parse(s.pausedAt)) / 1000)} ago` : '';
    const gave = s?.gaveUp.length
      ? `Given-up targets (${s.gaveUp.map((g) => g.target).join(', ')}) stay given up until oro-top supervise --reset TARGET.`
      : null;
    return {
      title: 'Resume auto-recovery?',
      lines: [
        `Paused${s?.pausedBy ? ` by ${s.pausedBy}` : ''}${since}.`,
        !s?.holder
          ? 'No supervisor runs for this home now: the next one started with --auto-restart restarts again.'
          : s.holder.autoRestart
            ? `The supervisor ${holder} restarts failed targets again, at most ${s.maxRestarts} per target in ${formatAge(s.windowMs / 1000)}.`
            : `The supervisor ${holder} runs without --auto-restart: it goes on only watching.`,
        ...(gave ? [gave] : []),
      ],
      ...(s && !s.paused ? { refused: 'auto-recovery is not paused' } : {}),
    };
  }
  return { title: 'Pause or resume auto-recovery?', lines: [], refused: `'${target}' is neither pause nor resume` };
}

/** Pauses or resumes auto-recovery for ctx.config.home: one journaled step that sets it and checks it took. */
export async function setSupervisorPaused(ctx: ActionContext, paused: boolean): Promise<ActionLaunch> {
  const home = ctx.config.home;
  const who = whoAmI();
  let changed = false;
  return runJournaled(ctx, {
    kind: paused ? PAUSE_KIND : RESUME_KIND,
    target: SUPERVISOR_TARGET,
    state: null,
    steps: [
      {
        name: paused ? 'pause' : 'resume',
        timeoutMs: 10_000,
        async run() {
          const store = new SupervisorStateStore(ctx.journal.db);
          const set = store.setPaused(home, paused, who);
          if (set instanceof OroTopError) throw new StepFailure(set.message);
          changed = set;
          const now = store.get(home);
          if (now instanceof OroTopError) throw new StepFailure(`cannot read it back: ${now.message}`);
          if (now.paused !== paused) throw new StepFailure(`the journal still says ${now.paused ? 'paused' : 'not paused'}`);
          if (!set) return `already ${paused ? `paused${now.pausedBy ? ` (by ${now.pausedBy})` : ''}` : 'running'}: nothing changed`;
          return paused ? `paused by ${who}` : 'resumed';
        },
      },
    ],
    outcome: (_s, r) => {
      if (!r.ok) return `${paused ? 'pause' : 'resume'} failed: ${r.error ?? 'unknown'}`;
      const what = paused
        ? 'auto-recovery paused: the supervisor keeps watching, recording and alerting, and restarts nothing'
        : 'auto-recovery resumed';
      return changed ? what : `${what} (it already was)`;
    },
  });
}

export const pauseSupervisor: ActionDefinition = {
  kind: PAUSE_KIND,
  title: 'pause / resume auto-recovery (the supervisor keeps watching and alerting)',
  target: 'supervisor',
  key: {
    keys: ['S'],
    label: 'S',
    short: 'pause/resume recovery',
    screen: 'global',
    help: 'pause / resume auto-recovery by the supervisor',
  },
  // `oro-top supervise --pause / --resume` runs it (setSupervisorPaused)
  cli: null,
  readOnly: false,
  confirm: (target, report, _settings, extra) => pauseConfirmation(target, report, extra),
  async run(ctx, target) {
    if (target !== 'pause' && target !== 'resume') return { kind: 'refused', why: `'${target}' is neither pause nor resume: nothing done` };
    return setSupervisorPaused(ctx, target === 'pause');
  },
};
