// The scripted fake must fail a test that strays from its script, or it proves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ack } from './action-fixtures.js';
import { ANY, FakeEffects } from './fake-effects.js';

test('an unexpected call throws into the caller and fails done(), naming the call and what was expected', async () => {
  const fx = new FakeEffects().expect('kill', [100, 'SIGINT'], 'sent');
  await assert.rejects(
    fx.kill(100, 'SIGKILL', false),
    /unexpected call kill\(100, "SIGKILL", false\); the script expected next: kill\(100, "SIGINT"\)/,
  );
  assert.throws(() => fx.done(), /unexpected call kill\(100, "SIGKILL", false\)/);
});

test('calls out of order fail; in order they pass; ANY and a left-out tail match anything', async () => {
  const any = new FakeEffects().expect('directive', [ANY, 'start'], ack(true));
  assert.deepEqual(await any.directive('/any/socket', 'start', '', 2000), ack(true));
  await assert.rejects(any.directive('/any/socket', 'stop', '', 2000), /unexpected call directive/);
  const inOrder = new FakeEffects().expect('pathExists', ['/a'], true).expect('pathExists', ['/b'], false);
  assert.equal(await inOrder.pathExists('/a'), true);
  assert.equal(await inOrder.pathExists('/b'), false);
  inOrder.done();
  const outOfOrder = new FakeEffects().expect('pathExists', ['/a'], true).expect('pathExists', ['/b'], false);
  await assert.rejects(outOfOrder.pathExists('/b'), /unexpected call pathExists\("\/b"\); the script expected next: pathExists\("\/a"\)/);
});

test('an expectation never called, or a standing answer never used, fails done()', async () => {
  const unmet = new FakeEffects().expect('removeFile', ['/s'], undefined);
  assert.throws(() => unmet.done(), /expected but never called: removeFile\("\/s"\)/);
  const unused = new FakeEffects().always('readProcess', [7], null);
  assert.throws(() => unused.done(), /standing answer never used: readProcess\(7\)/);
  await unused.readProcess(7);
  await unused.readProcess(7);
  unused.done();
});

test('fake time: a long sleep passes at once, timers fire in order, an abort ends a sleep with its reason', async () => {
  const fx = new FakeEffects();
  const t0 = fx.clock.now();
  const started = performance.now();
  const order: number[] = [];
  fx.clock.after(300, () => order.push(300));
  fx.clock.after(100, () => order.push(100));
  await fx.clock.sleep(3_600_000);
  assert.equal(fx.clock.now() - t0, 3_600_000);
  assert.deepEqual(order, [100, 300]);
  assert.ok(performance.now() - started < 500, 'an hour of fake time took real time');
  const abort = new AbortController();
  fx.clock.after(50, () => abort.abort(new Error('step timed out')));
  await assert.rejects(fx.clock.sleep(10_000, abort.signal), /step timed out/);
  assert.equal(fx.clock.now() - t0, 3_600_050);
});
