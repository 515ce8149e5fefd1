// The liburing baselines of `npm run bench`: the C programs build, run for the time asked, and
// their failures reach the caller with the program's own message. Skipped, naming the reason,
// where gcc or liburing-dev is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { liburingUnavailable, runLiburing } from '../dist/src/bench/liburing.js';
import { tempDir } from './support/tmp.js';

const reason = liburingUnavailable();
const baselineTest = (name, fn) => (reason ? test.skip(`${name} [skipped: ${reason}]`, fn) : test(name, fn));
const dir = tempDir();

baselineTest('nop runs batches of NOPs for the seconds asked', async () => {
  const { ops, seconds } = await runLiburing('nop', ['8', '0.05']);
  assert.ok(ops > 0, `ops ${ops}`);
  assert.ok(ops % 8 === 0, `whole batches: ops ${ops}`);
  // The program checks the clock every 1024 ops, so it stops a little late, never early; the upper
  // bound only catches a runaway on a slow VM.
  assert.ok(seconds >= 0.05 && seconds < 1, `seconds ${seconds}`);
});

baselineTest('reads keeps 4 KiB reads in flight over a file', async () => {
  const file = join(dir, 'reads-1m');
  writeFileSync(file, Buffer.alloc(1 << 20, 0x5a));
  const { ops, seconds } = await runLiburing('reads', [file, '4', '0.05']);
  assert.ok(ops > 0, `ops ${ops}`);
  assert.ok(seconds >= 0.05 && seconds < 1, `seconds ${seconds}`);
});

baselineTest('reads works at queue depth 1', async () => {
  const file = join(dir, 'reads-qd1');
  writeFileSync(file, Buffer.alloc(64 << 10, 0x5a));
  const { ops } = await runLiburing('reads', [file, '1', '0.05']);
  assert.ok(ops > 0, `ops ${ops}`);
});

baselineTest('a failing program rejects with its stderr', async () => {
  const missing = join(dir, 'missing');
  try {
    await runLiburing('reads', [missing, '4', '0.05']);
    assert.unreachable('resolved');
  } catch (error) {
    assert.instance(error, Error);
    assert.match(error.message, 'No such file');
    assert.match(error.message, missing);
  }
});

baselineTest('bad arguments are refused with a usage message', async () => {
  try {
    await runLiburing('nop', ['0', '0.05']);
    assert.unreachable('resolved');
  } catch (error) {
    assert.match(error.message, 'BATCH');
  }
});

test.run();
