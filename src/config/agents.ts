// The config's `agents` object: how long busy text may stay unchanged before the agent is stuck,
// which panes besides architect and manager are watched, a task file per pane, how many lines a
// minute `send` may type into one pane, and rules added to (or replacing) the defaults.
import type { AgentRulesOverride } from '../agents/rules.js';
import { AGENT_STATES, type AgentRule, type AgentState } from '../agents/types.js';
import { ConfigError, messageOf } from '../util/errors.js';
import type { AgentsConfig } from './types.js';
import { expectInRange, expectObject, expectString } from './validate.js';

export const DEFAULT_AGENTS: AgentsConfig = {
  stuckAfterS: 300,
  panes: null,
  detect: true,
  taskFiles: {},
  sendPerMinute: 6,
  rules: {},
};

function regex(src: string, key: string, v: unknown): string {
  const s = expectString(src, key, v);
  try {
    new RegExp(s, 'u');
  } catch (err) {
    throw new ConfigError(src, key, `not a valid regular expression (${messageOf(err)})`);
  }
  return s;
}

function parseRule(src: string, key: string, v: unknown): AgentRule {
  const o = expectObject(src, key, v);
  if (!AGENT_STATES.includes(o.state as AgentState) || o.state === 'stuck')
    throw new ConfigError(src, `${key}.state`, `must be one of ${AGENT_STATES.filter((s) => s !== 'stuck').join(', ')}`);
  const r: AgentRule = { state: o.state as AgentState, pattern: regex(src, `${key}.pattern`, o.pattern) };
  for (const [k, x] of Object.entries(o)) {
    if (k === 'state' || k === 'pattern') continue;
    if (k === 'within') r.within = Math.floor(expectInRange(src, `${key}.within`, x, { min: 1, max: 1000, unit: 'lines' }));
    else if (k === 'requires' || k === 'unless') r[k] = regex(src, `${key}.${k}`, x);
    else if (k === 'group') r.group = expectString(src, `${key}.group`, x);
    else throw new ConfigError(src, `${key}.${k}`, 'unknown key (known: state, pattern, within, requires, unless, group)');
  }
  return r;
}

function parseRules(src: string, key: string, v: unknown): AgentRule[] {
  if (!Array.isArray(v)) throw new ConfigError(src, key, 'must be an array of rules');
  return v.map((x, i) => parseRule(src, `${key}[${i}]`, x));
}

type ProgramOverride = NonNullable<AgentRulesOverride['programs']>[number];

function parseProgram(src: string, key: string, v: unknown): ProgramOverride {
  const o = expectObject(src, key, v);
  const p: ProgramOverride = { name: expectString(src, `${key}.name`, o.name) };
  for (const [k, x] of Object.entries(o)) {
    if (k === 'name') continue;
    if (k === 'commands' || k === 'signature' || k === 'volatile') p[k] = regex(src, `${key}.${k}`, x);
    else if (k === 'rules') p.rules = parseRules(src, `${key}.rules`, x);
    else if (k === 'replace_rules') {
      if (typeof x !== 'boolean') throw new ConfigError(src, `${key}.${k}`, 'must be true or false');
      p.replaceRules = x;
    } else throw new ConfigError(src, `${key}.${k}`, 'unknown key (known: name, commands, signature, volatile, rules, replace_rules)');
  }
  return p;
}

export function parseAgents(src: string, v: unknown): Partial<AgentsConfig> {
  const o = expectObject(src, 'agents', v);
  const out: Partial<AgentsConfig> = {};
  const rules: AgentRulesOverride = {};
  for (const [k, x] of Object.entries(o)) {
    const key = `agents.${k}`;
    if (k === 'stuck_after_s') out.stuckAfterS = expectInRange(src, key, x, { min: 1, max: 7 * 86_400, unit: 'seconds' });
    else if (k === 'panes') out.panes = x === null ? null : regex(src, key, x);
    else if (k === 'detect') {
      if (typeof x !== 'boolean') throw new ConfigError(src, key, 'must be true or false');
      out.detect = x;
    } else if (k === 'task_files') {
      const t = expectObject(src, key, x);
      out.taskFiles = Object.fromEntries(Object.entries(t).map(([pane, p]) => [pane, expectString(src, `${key}.${pane}`, p)]));
    } else if (k === 'send_per_minute') {
      const n = expectInRange(src, key, x, { min: 1, max: 600, unit: 'lines a minute' });
      if (!Number.isInteger(n)) throw new ConfigError(src, key, `must be a whole number (got ${n})`);
      out.sendPerMinute = n;
    } else if (k === 'programs') {
      if (!Array.isArray(x)) throw new ConfigError(src, key, 'must be an array of programs');
      rules.programs = x.map((p, i) => parseProgram(src, `${key}[${i}]`, p));
    } else if (k === 'rules') rules.rules = parseRules(src, key, x);
    else throw new ConfigError(src, key, 'unknown key (known: stuck_after_s, panes, detect, task_files, send_per_minute, programs, rules)');
  }
  if (rules.programs || rules.rules) out.rules = rules;
  return out;
}
