// The rule sets: the defaults (rules/default-rules.json, data) and the config's additions, compiled
// once. A program named in the config adds its rules before the default ones (or replaces them with
// replace_rules) and may change how it is recognised; a new name is a new program, tried first.
import DEFAULTS from './rules/default-rules.json' with { type: 'json' };
import type { AgentProgram, AgentRule, AgentRuleSet, AgentState } from './types.js';

export const DEFAULT_RULES = DEFAULTS as AgentRuleSet;

/** How many non-blank lines at the bottom a rule looks at when it does not say. */
export const DEFAULT_WITHIN = 12;

export interface CompiledRule {
  state: AgentState;
  pattern: RegExp;
  within: number;
  requires: RegExp | null;
  unless: RegExp | null;
  group: string | null;
}

export interface CompiledProgram {
  name: string;
  commands: RegExp | null;
  signature: RegExp | null;
  volatile: RegExp | null;
  rules: CompiledRule[];
}

export interface CompiledRules {
  programs: CompiledProgram[];
  generic: CompiledRule[];
}

/** What the config may add: programs (by name) and generic rules, tried before the defaults. */
export interface AgentRulesOverride {
  programs?: (Partial<AgentProgram> & { name: string; replaceRules?: boolean })[];
  rules?: AgentRule[];
}

const re = (s: string | undefined, flags = 'u'): RegExp | null => (s ? new RegExp(s, flags) : null);

function compileRule(r: AgentRule): CompiledRule {
  return {
    state: r.state,
    pattern: new RegExp(r.pattern, 'u'),
    within: r.within ?? DEFAULT_WITHIN,
    requires: re(r.requires),
    unless: re(r.unless),
    group: r.group ?? null,
  };
}

/** The defaults with the config's additions (both already validated). */
export function mergeRules(base: AgentRuleSet, over: AgentRulesOverride | undefined): AgentRuleSet {
  const programs = base.programs.map((p) => ({ ...p, rules: [...p.rules] }));
  const added: AgentProgram[] = [];
  for (const o of over?.programs ?? []) {
    const p = programs.find((x) => x.name === o.name);
    if (!p) {
      added.push({ name: o.name, commands: o.commands, signature: o.signature, volatile: o.volatile, rules: o.rules ?? [] });
      continue;
    }
    if (o.commands !== undefined) p.commands = o.commands;
    if (o.signature !== undefined) p.signature = o.signature;
    if (o.volatile !== undefined) p.volatile = o.volatile;
    p.rules = o.replaceRules ? [...(o.rules ?? [])] : [...(o.rules ?? []), ...p.rules];
  }
  return { programs: [...added, ...programs], generic: [...(over?.rules ?? []), ...base.generic] };
}

export function compileRules(set: AgentRuleSet): CompiledRules {
  return {
    programs: set.programs.map((p) => ({
      name: p.name,
      commands: re(p.commands),
      signature: re(p.signature),
      volatile: re(p.volatile, 'gu'),
      rules: p.rules.map(compileRule),
    })),
    generic: set.generic.map(compileRule),
  };
}
