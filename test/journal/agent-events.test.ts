// The agents' events in the journal (recorded by the supervisor, read by `events --since`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AgentEventLog, recordAgentEvents } from '../../src/journal/agent-events.js';
import { Journal } from '../../src/journal/journal.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'each agent observation is written once, other kinds not at all; listed by home since a time, oldest first',
  withTmpDir('agent-events-', (dir) => {
    const j = new Journal(join(dir, 'journal.db'));
    try {
      const now = Date.now();
      const waiting = {
        atMs: now - 1000,
        kind: 'agent_waiting',
        component: 'architect agent',
        text: 'architect agent is waiting: Proceed?',
        data: { state: 'waiting' },
      };
      const progress = { atMs: now - 500, kind: 'progress', component: 'w-claude agent', text: 'w-claude agent: 3/7 done' };
      const died = { atMs: now - 400, kind: 'died', component: 'worker w-1', text: 'worker w-1 is dead' };
      assert.equal(recordAgentEvents(j.db, '/h', [waiting, died, progress]), 2);
      assert.equal(recordAgentEvents(j.db, '/h', [waiting, died, progress]), 0, 'the same observations again: nothing new');
      assert.equal(recordAgentEvents(j.db, '/other', [{ ...waiting }]), 1);
      const list = new AgentEventLog(j.db).list('/h', now - 60_000);
      assert.deepEqual(
        list.map((e) => [e.kind, e.target, e.data.state ?? null]),
        [
          ['agent_waiting', 'architect', 'waiting'],
          ['progress', 'w-claude', null],
        ],
      );
      assert.deepEqual(
        new AgentEventLog(j.db).list('/h', now - 700).map((e) => e.kind),
        ['progress'],
      );
    } finally {
      j.close();
    }
  }),
);
