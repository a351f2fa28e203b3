// contrib/prometheus: the scrape config and the alert rules pass Prometheus' own checks, and the
// rules fire as their unit tests say (promtool test rules), when promtool is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'contrib', 'prometheus');

test('promtool check config, check rules and test rules accept contrib/prometheus', async (t) => {
  const probe = await execa('promtool', ['--version'], { reject: false });
  if (probe.exitCode !== 0) {
    t.skip('promtool is not installed (apt-get install prometheus provides it)');
    return;
  }
  for (const args of [
    ['check', 'config', 'prometheus.yml'],
    ['check', 'rules', 'oro-rules.yml'],
    ['test', 'rules', 'oro-rules.test.yml'],
  ]) {
    const r = await execa('promtool', args, { cwd: DIR, reject: false });
    assert.equal(r.exitCode, 0, `promtool ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, /SUCCESS/);
  }
});
