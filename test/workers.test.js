// Rings in worker threads: a worker that ends without closing its AsyncRing, or is terminated
// while completions arrive, must neither crash the process nor leave its rings behind (the addon
// closes what a worker's environment still holds when it goes: host/environment.h). Each case
// runs in a child process (test/support/worker-child.js), so a crash fails the test instead of
// ending the runner.
import { test as uvuTest } from 'uvu';
import { hostOnly, laterPlacement, scoped } from './support/placements.js';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jsChild } from './support/child.js';
import { environmentTeardown, unless } from './support/lacks.js';
import { patience } from './support/harness.js';

// Once per suite (nothing here depends on the placement), and on the host only: the addon's
// environment teardown is the same on every kernel (and under emulation each worker takes
// seconds to load the library).
const test = scoped(hostOnly ?? laterPlacement(), uvuTest);
const child = fileURLToPath(new URL('./support/worker-child.js', import.meta.url));

/** Runs the child; returns its census, failing with what it printed when it did not exit 0. */
function run(mode, count, shared = false) {
  const args = [child, mode, String(count), ...(shared ? ['shared'] : [])];
  const result = spawnSync(...jsChild(args), { encoding: 'utf8', timeout: patience(120_000) });
  const how = result.signal ? `signal ${result.signal}` : `exit status ${result.status}`;
  assert.is(result.status, 0, `${mode}: the child ended with ${how}\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

unless(environmentTeardown, test)('workers that exit with an operation owed and their ring open: no crash (only they loaded the library)', () => {
  const { before, after } = run('exit', 10);
  assert.equal(after, before);
});

const many = 40;
unless(environmentTeardown, test)(`${many} workers that exit with their ring open leave no ring fd or mapping (the main thread loaded the library too)`, () => {
  const { before, after } = run('exit', many, true);
  assert.equal(after, before);
});

unless(environmentTeardown, test)('workers whose idle ring is never closed end by themselves, and their rings go with them', () => {
  const { before, after } = run('return', 10);
  assert.equal(after, before);
});

unless(environmentTeardown, test)(`30 workers terminated while completions arrive: no crash, no fatal error, nothing left behind`, () => {
  const { before, after } = run('terminate', 30);
  assert.equal(after, before);
});

test.run();
