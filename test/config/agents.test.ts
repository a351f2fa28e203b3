// The config's `agents` object: defaults, each key checked with a one-line error naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigObject } from '../../src/config.js';
import { DEFAULT_AGENTS } from '../../src/config/agents.js';
import { ConfigError } from '../../src/util/errors.js';

test('agents: every key read, rules kept in order', () => {
  const l = parseConfigObject('c.json', {
    agents: {
      stuck_after_s: 120,
      panes: '^agent-',
      detect: false,
      task_files: { architect: '/tmp/tasks.md' },
      send_per_minute: 3,
      programs: [{ name: 'mybot', commands: '^mybot$', rules: [{ state: 'working', pattern: '^BUSY', within: 2, group: 'g' }] }],
      rules: [{ state: 'waiting', pattern: 'Approve\\?', requires: 'bot', unless: 'done' }],
    },
  });
  assert.deepEqual(l.agents, {
    stuckAfterS: 120,
    panes: '^agent-',
    detect: false,
    taskFiles: { architect: '/tmp/tasks.md' },
    sendPerMinute: 3,
    rules: {
      programs: [{ name: 'mybot', commands: '^mybot$', rules: [{ state: 'working', pattern: '^BUSY', within: 2, group: 'g' }] }],
      rules: [{ state: 'waiting', pattern: 'Approve\\?', requires: 'bot', unless: 'done' }],
    },
  });
  assert.equal(DEFAULT_AGENTS.stuckAfterS, 300);
});

test('agents: bad values are refused with the key that is wrong', () => {
  const bad: [unknown, RegExp][] = [
    [{ stuck_after_s: 0 }, /agents\.stuck_after_s: must be a number of seconds/],
    [{ rules: [{ state: 'sleepy', pattern: 'x' }] }, /agents\.rules\[0\]\.state: must be one of initializing/],
    [{ rules: [{ state: 'stuck', pattern: 'x' }] }, /agents\.rules\[0\]\.state/],
    [{ rules: [{ state: 'idle', pattern: '(' }] }, /agents\.rules\[0\]\.pattern: not a valid regular expression/],
    [
      { programs: [{ name: 'x', rules: [{ state: 'idle', pattern: 'a', color: 1 }] }] },
      /agents\.programs\[0\]\.rules\[0\]\.color: unknown key/,
    ],
    [{ programs: [{ commands: 'x' }] }, /agents\.programs\[0\]\.name: must be a non-empty string/],
    [{ send_per_minute: 1.5 }, /agents\.send_per_minute: must be a whole number/],
    [{ colour: 1 }, /agents\.colour: unknown key/],
  ];
  for (const [agents, msg] of bad)
    assert.throws(
      () => parseConfigObject('c.json', { agents }),
      (e: unknown) => e instanceof ConfigError && msg.test(e.message),
      JSON.stringify(agents),
    );
});
