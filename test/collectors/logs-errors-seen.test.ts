// The logs source's errorsSeen (oro_log_errors_total): error lines per log read since the collector
// started, on real files; what a log already held at the first read is not counted, and the count
// only grows (a counter), also after the 5-minute window has moved on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogsCollector } from '../../src/collectors/logs.js';
import { DEFAULT_ERROR_PATTERNS } from '../../src/config.js';
import { fakeConfig } from '../helpers/action-fixtures.js';
import { withTmpDir } from '../helpers/tmp.js';

test(
  'errorsSeen counts error lines per log after the first read, and only grows',
  withTmpDir('logs-seen-', async (dir) => {
    const daemonLog = join(dir, 'oro-daemon.log');
    const workerLog = join(dir, 'workers', 'w-1', 'output.log');
    mkdirSync(join(dir, 'workers', 'w-1'), { recursive: true });
    writeFileSync(daemonLog, '2026-11-25T10:00:00Z ERROR old trouble\n');
    writeFileSync(workerLog, 'Traceback (old)\n');
    const config = fakeConfig({
      home: dir,
      daemonLog,
      logs: { globs: [], errorPatterns: DEFAULT_ERROR_PATTERNS, ignorePatterns: [], bufferLines: 100, recentLines: 10 },
    });
    const logs = new LogsCollector(config);
    const first = await logs.collect();
    assert.deepEqual(first.errorsSeen, {}, 'the tail found at the first read is not counted');
    appendFileSync(daemonLog, 'ERROR one\nall fine\nERROR two\n');
    appendFileSync(workerLog, 'Exception: boom\n');
    const second = await logs.collect();
    assert.deepEqual(second.errorsSeen, { daemon: 2, 'worker:w-1': 1 });
    const later = await logs.collect(Date.now() + 2 * 3_600_000);
    assert.equal(later.errorsLast5m, 0);
    assert.deepEqual(later.errorsSeen, { daemon: 2, 'worker:w-1': 1 }, 'a counter: the window moving on takes nothing off');
    await logs.close();
  }),
);
