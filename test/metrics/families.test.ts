// The mapping from a view to metric families: bounded labels, per-worker series off past 200
// workers (or by config), worker targets folded into worker:* then, absent values left out, and
// the exposition prom-client writes from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import parse from 'parse-prometheus-text-format';
import { emptySupervision, type SupervisionSnapshot } from '../../src/collectors/supervision.js';
import type { Incident } from '../../src/journal/incidents.js';
import { METRICS, metricFamilies, perWorkerOn } from '../../src/metrics/families.js';
import { MetricsExporter } from '../../src/metrics/registry.js';
import type { View } from '../../src/store.js';
import { ROOT } from '../helpers/cli.js';
import { daemonSnap, NOW, ok, snapshot } from '../helpers/snapshot.js';
import { viewOf } from '../helpers/view.js';

const sup = (over: Partial<SupervisionSnapshot> = {}): SupervisionSnapshot => ({ ...emptySupervision(NOW, true), ...over });
const incident = (target: string, kind: string): Incident => ({
  id: 1,
  at: new Date(NOW).toISOString(),
  home: '/h',
  target,
  kind,
  severity: 'critical',
  summary: 's',
  evidence: [],
  bead: null,
  action: null,
  actionId: null,
  outcome: null,
  attempt: null,
  attemptsMax: null,
});

function supervised(): View {
  return viewOf(
    snapshot({
      supervisor: ok(
        sup({
          holder: { pid: 1, user: 'a', host: 'h', since: new Date(NOW).toISOString(), autoRestart: true },
          gaveUp: [{ target: 'worker:w-2', since: new Date(NOW).toISOString(), why: 'x' }],
          restartsInWindow: { 'worker:w-1': 2, 'worker:w-2': 3, daemon: 1 },
          incidents: [
            incident('worker:w-2', 'exited'),
            incident('worker:w-2', 'exited'),
            incident('worker:w-1', 'hung'),
            incident('daemon', 'died'),
          ],
          incidentsIn24h: 250,
        }),
      ),
    }),
    [],
    new Map([['w-1', 2]]),
  );
}

/** many workers: copies of the view's first worker with their own ids */
function withWorkers(v: View, n: number): View {
  const w = v.report.workers[0]!;
  return { ...v, report: { ...v.report, workers: Array.from({ length: n }, (_, i) => ({ ...w, id: `w-${i + 1}` })) } };
}

test('per-worker series: on up to 200 workers with "auto", then off with a reason; true and false win', () => {
  assert.deepEqual(perWorkerOn('auto', 200), { on: true, why: null });
  assert.equal(perWorkerOn('auto', 201).on, false);
  assert.match(perWorkerOn('auto', 201).why!, /201 workers, over 200: per-worker series are off/);
  assert.equal(perWorkerOn(true, 5000).on, true);
  assert.equal(perWorkerOn(false, 1).on, false);
  const many = metricFamilies(withWorkers(supervised(), 201), { perWorker: 'auto', version: 't' });
  assert.deepEqual(many.workerUp, []);
  assert.deepEqual(many.workerProgressAge, []);
  assert.deepEqual(many.workerRestarts, []);
  assert.deepEqual(many.perWorkerSeries, [{ labels: {}, value: 0 }]);
  const few = metricFamilies(withWorkers(supervised(), 200), { perWorker: 'auto', version: 't' });
  assert.equal(few.workerUp.length, 200);
});

test('supervision: restarts and incidents by target (and kind), gave-up targets; worker targets folded when per-worker is off', () => {
  const on = metricFamilies(supervised(), { perWorker: true, version: 't' });
  assert.deepEqual(on.restartsInWindow, [
    { labels: { target: 'worker:w-1' }, value: 2 },
    { labels: { target: 'worker:w-2' }, value: 3 },
    { labels: { target: 'daemon' }, value: 1 },
  ]);
  assert.deepEqual(on.incidents24h, [
    { labels: { target: 'worker:w-2', kind: 'exited' }, value: 2 },
    { labels: { target: 'worker:w-1', kind: 'hung' }, value: 1 },
    { labels: { target: 'daemon', kind: 'died' }, value: 1 },
  ]);
  assert.deepEqual(on.incidents24hAll, [{ labels: {}, value: 250 }]);
  assert.deepEqual(on.gaveUp, [{ labels: { target: 'worker:w-2' }, value: 1 }]);
  assert.deepEqual(on.supervisorRunning, [{ labels: {}, value: 1 }]);
  assert.deepEqual(on.workerRestarts, [
    { labels: { worker: 'w-1' }, value: 2 },
    { labels: { worker: 'w-2' }, value: 0 },
  ]);
  const off = metricFamilies(supervised(), { perWorker: false, version: 't' });
  assert.deepEqual(off.restartsInWindow, [
    { labels: { target: 'worker:*' }, value: 5 },
    { labels: { target: 'daemon' }, value: 1 },
  ]);
  assert.deepEqual(off.incidents24h, [
    { labels: { target: 'worker:*', kind: 'exited' }, value: 2 },
    { labels: { target: 'worker:*', kind: 'hung' }, value: 1 },
    { labels: { target: 'daemon', kind: 'died' }, value: 1 },
  ]);
  assert.deepEqual(off.gaveUp, [{ labels: { target: 'worker:*' }, value: 1 }]);
  assert.deepEqual(off.gaveUpTargets, [{ labels: {}, value: 1 }]);
});

test('a dead daemon: up 0, no uptime sample; an unreadable journal: no supervisor samples at all', () => {
  const v = viewOf(
    snapshot({ daemon: ok(daemonSnap({ identity: { kind: 'gone' }, process: null, healthSocket: { kind: 'refused' }, health: null })) }),
  );
  const f = metricFamilies(v, { perWorker: 'auto', version: 't' });
  assert.equal(v.report.daemon.status, 'dead');
  assert.deepEqual(f.daemonUp, [{ labels: {}, value: 0 }]);
  assert.deepEqual(f.daemonUptime, []);
  const unread = viewOf(snapshot({ supervisor: { data: null, error: null, updatedAtMs: null, failures: 1 } }));
  const g = metricFamilies(unread, { perWorker: 'auto', version: 't' });
  assert.deepEqual([g.supervisorRunning, g.gaveUpTargets, g.maxRestarts], [[], [], []]);
});

test('the exposition: every family with its type, a value-less family without a sample, the duration observed per complete collection', async () => {
  const notices: string[] = [];
  const ex = new MetricsExporter({ perWorker: 'auto', version: '9.9.9', onNotice: (t) => notices.push(t) }, false);
  const v = supervised();
  ex.update({ ...v, snapshot: { ...v.snapshot, collectMs: 40, complete: true } });
  ex.update({ ...v, snapshot: { ...v.snapshot, collectMs: 3, complete: false } });
  const fams = parse(await ex.text());
  const byName = new Map(fams.map((f) => [f.name, f]));
  for (const def of Object.values(METRICS)) assert.equal(byName.get(def.name)?.type, def.type.toUpperCase(), def.name);
  assert.deepEqual(byName.get('oro_daemon_uptime_seconds')?.metrics.length, 1);
  assert.deepEqual(byName.get('oro_top_build_info')?.metrics, [{ value: '1', labels: { version: '9.9.9' } }]);
  const h = byName.get('oro_top_collection_duration_seconds')!;
  assert.equal(h.type, 'HISTOGRAM');
  assert.deepEqual([h.metrics[0]!.count, h.metrics[0]!.sum], ['1', '0.04'], 'the partial update is not a collection');
  assert.deepEqual(notices, []);
  ex.update(withWorkers(v, 201));
  assert.match(notices[0]!, /201 workers, over 200/);
  assert.deepEqual(parse(await ex.text()).find((f) => f.name === 'oro_worker_up')?.metrics, []);
});

test('the README documents every metric (name, type, labels) in its table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const def of Object.values(METRICS)) {
    const labels = def.labels.length ? def.labels.map((l) => `\`${l}\``).join(', ') : '–';
    assert.ok(readme.includes(`| \`${def.name}\` | ${def.type} | ${labels} |`), `README row for ${def.name}`);
  }
  assert.ok(readme.includes('| `oro_top_collection_duration_seconds` | histogram | – |'));
});
