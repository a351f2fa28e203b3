// The action registry is the one list: every key, help row, CLI command and question comes from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionSettings } from '../../src/actions/action.js';
import { ACTIONS, confirmationFor } from '../../src/actions/registry.js';
import { loadConfig } from '../../src/config.js';
import { BINDINGS, bindingsFor } from '../../src/screens/keys.js';
import { SnapshotStore } from '../../src/store.js';
import { oroTop } from '../helpers/cli.js';
import { withSwarm } from '../helpers/swarm.js';
import { startTui } from '../helpers/tui.js';

test('each action with a key has exactly one binding, on its screen, asking first; --read-only turns each off', () => {
  for (const a of ACTIONS) {
    const bound = BINDINGS.filter((b) => b.command === `action:${a.kind}`);
    if (!a.key) {
      assert.equal(bound.length, 0, `${a.kind} has no key`);
      continue;
    }
    assert.equal(bound.length, 1, a.kind);
    assert.deepEqual(bound[0]!.keys, a.key.keys);
    assert.equal(bound[0]!.scope, a.key.screen);
    assert.equal(bound[0]!.dangerous, true);
    assert.deepEqual(bound[0]!.action, { kind: a.kind, target: a.target });
    const ro = bindingsFor({ readOnly: true }).find((b) => b.command === `action:${a.kind}`);
    assert.match(ro?.disabled ?? '', /read-only/);
  }
  // no binding asks for an action the registry does not have
  for (const b of BINDINGS.filter((x) => x.command.startsWith('action:')))
    assert.ok(
      ACTIONS.some((a) => `action:${a.kind}` === b.command),
      b.command,
    );
});

test("oro-top --help lists one command per action, in the registry's words; one without a command of its own has none", async () => {
  const r = await oroTop(['--help']);
  const help = r.stdout.replace(/\s+/g, ' ');
  for (const a of ACTIONS) {
    if (!a.cli) {
      assert.doesNotMatch(help, new RegExp(`oro-top ${a.kind}\\b`), `${a.kind} has no command of its own`);
      continue;
    }
    assert.match(help, new RegExp(`oro-top ${a.kind}${a.cli.positional ? ` <${a.cli.positional.name}>` : ''} `), a.kind);
    assert.ok(help.includes(a.cli.describe.slice(0, 40)), `${a.kind}: ${a.cli.describe}`);
  }
});

test(
  'the CLI asks the same question as the dialog; an id nobody knows is refused before any question',
  withSwarm({ workers: 1, stepMs: 200 }, async (s, state) => {
    const config = loadConfig({ home: s.home }, { XDG_CONFIG_HOME: '/nonexistent-oro-top-test' });
    const env = { ORO_TOP_STATE_DIR: state };
    // a worker killed on purpose: its row and reason stay the same from one collection to the next
    assert.equal((await oroTop(['kill-worker', 'w-1', '--yes', '--home', s.home], { env })).exitCode, 0);
    // the collection reads oro-top's journal where the CLI wrote it
    const before = process.env.ORO_TOP_STATE_DIR;
    process.env.ORO_TOP_STATE_DIR = state;
    const { report } = await new SnapshotStore(config).once().finally(() => {
      if (before === undefined) delete process.env.ORO_TOP_STATE_DIR;
      else process.env.ORO_TOP_STATE_DIR = before;
    });
    assert.ok(
      report.removedWorkers?.some((w) => w.id === 'w-1'),
      'w-1 is listed as removed',
    );
    for (const kind of ['restart-worker', 'kill-worker'] as const) {
      const c = confirmationFor(kind, 'w-1', report, actionSettings(config));
      assert.equal(c.refused, undefined);
      const tui = await startTui([kind, 'w-1', '--home', s.home], { cols: 160, rows: 20, env });
      try {
        const screen = await tui.waitFor(/\[y\/N\]/);
        for (const line of [...c.lines, `${c.title} [y/N]`]) assert.ok(screen.includes(line), `${kind}: '${line}' in\n${screen}`);
        await tui.keys('n', 'Enter');
        await tui.waitFor(/cancelled\s+\[exit 1\]/);
      } finally {
        await tui.kill();
      }
    }
    const typo = await startTui(['kill-worker', 'w-99', '--home', s.home], { cols: 160, rows: 20, env });
    try {
      await typo.waitFor(/no worker 'w-99' runs here \((listed: .*|none is listed)\): nothing to kill[\s\S]*\[exit 1\]/);
      assert.doesNotMatch(await typo.screen(), /\[y\/N\]/);
    } finally {
      await typo.kill();
    }
  }),
);
