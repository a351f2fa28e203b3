// The agents in the panes: which panes are watched (architect and manager, the windows named by
// agents.panes, and any other pane whose command is a known agent's), their captured text, and each
// one's state, evidence, since and progress (src/agents/classify.ts), kept across refreshes so
// `since` and stuck detection span them. One capture per watched pane a refresh.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { type AgentMemory, classifyAgent } from '../agents/classify.js';
import { fileProgress, screenProgress } from '../agents/progress.js';
import { type CompiledRules, compileRules, DEFAULT_RULES, mergeRules } from '../agents/rules.js';
import type { AgentProgress, AgentView } from '../agents/types.js';
import type { Config } from '../config.js';
import { PANE_NAMES } from '../oro/panes.js';
import { captureTargets, type CaptureTarget, windowTarget } from './pane-text.js';
import type { PaneView, TmuxSnapshot } from './tmux.js';

export interface AgentsSnapshot {
  /** each watched pane's agent; null when the pane runs no known agent (or is dead) */
  agents: Record<string, AgentView | null>;
  /** each watched pane's captured lines (sanitized) */
  lines: Record<string, string[]>;
  /** the watched panes, architect and manager first */
  watched: string[];
}

/** At most this many panes are captured a refresh (the cost stays bounded in a big session). */
export const MAX_WATCHED = 16;
const TASK_FILE_MAX = 256 * 1024;

interface Watched extends CaptureTarget {
  pane: PaneView | null;
  /** watched whatever it runs (config agents.panes) */
  always: boolean;
}

/** Which panes are watched, by name: a window's name, or WINDOW.%ID when the window has several panes. */
export function watchedPanes(config: Pick<Config, 'session' | 'agents'>, rules: CompiledRules, panes: readonly PaneView[]): Watched[] {
  const out: Watched[] = PANE_NAMES.map((name) => ({
    name,
    target: windowTarget(config, name),
    pane: panes.find((p) => p.window === name) ?? null,
    always: false,
  }));
  const extra = config.agents.panes ? new RegExp(config.agents.panes, 'u') : null;
  const perWindow = new Map<string, number>();
  for (const p of panes) perWindow.set(p.window, (perWindow.get(p.window) ?? 0) + 1);
  for (const p of panes) {
    if ((PANE_NAMES as readonly string[]).includes(p.window) || p.dead) continue;
    const always = extra?.test(p.window) === true;
    const known = config.agents.detect && rules.programs.some((g) => g.commands?.test(p.currentCommand));
    if (!always && !known) continue;
    const name = (perWindow.get(p.window) ?? 0) > 1 ? `${p.window}.${p.paneId}` : p.window;
    out.push({ name, target: p.paneId, pane: p, always });
  }
  return out.slice(0, MAX_WATCHED);
}

function taskFileProgress(home: string, path: string | undefined): AgentProgress | null {
  if (!path) return null;
  const p = isAbsolute(path) ? path : join(home, path);
  try {
    if (statSync(p).size > TASK_FILE_MAX) return null;
    return fileProgress(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
}

function unreachable(watched: readonly Watched[], why: string | null): { lines: Record<string, string[]>; failed: Set<string> } {
  const lines = Object.fromEntries(watched.map((w) => [w.name, [`(no preview: ${why ?? 'no tmux session'})`]]));
  return { lines, failed: new Set(watched.map((w) => w.name)) };
}

export class AgentsCollector {
  private readonly rules: CompiledRules;
  private memory = new Map<string, { pid: number | null; mem: AgentMemory }>();

  constructor(private readonly config: Pick<Config, 'tmuxSocket' | 'session' | 'home' | 'agents'>) {
    this.rules = compileRules(mergeRules(DEFAULT_RULES, config.agents.rules));
  }

  async collect(tmux: TmuxSnapshot, nowMs = Date.now()): Promise<AgentsSnapshot> {
    const watched = watchedPanes(this.config, this.rules, tmux.panes);
    // a dead pane's last screen is kept by tmux (remain-on-exit): captured too, for the panes screen
    const captured = tmux.problem ? unreachable(watched, tmux.problemText) : await captureTargets(this.config, watched);
    const agents: Record<string, AgentView | null> = {};
    const next = new Map<string, { pid: number | null; mem: AgentMemory }>();
    for (const w of watched) {
      const lines = captured.lines[w.name];
      if (!w.pane || w.pane.dead || !lines || captured.failed.has(w.name)) {
        agents[w.name] = null;
        continue;
      }
      const was = this.memory.get(w.name);
      const prev = was && was.pid === w.pane.pid ? was.mem : null;
      const mem = classifyAgent(this.rules, {
        pane: w.name,
        lines,
        command: w.pane.currentCommand,
        prev,
        nowMs,
        stuckAfterMs: this.config.agents.stuckAfterS * 1000,
        progress: taskFileProgress(this.config.home, this.config.agents.taskFiles[w.name]) ?? screenProgress(lines),
        requireProgram: !w.always,
        stickyProgram: prev?.view.program ?? null,
      });
      agents[w.name] = mem?.view ?? null;
      if (mem) next.set(w.name, { pid: w.pane.pid, mem });
    }
    this.memory = next;
    return { agents, lines: captured.lines, watched: watched.map((w) => w.name) };
  }
}
