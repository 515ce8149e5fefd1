// `npm test`: the whole suite once per ring placement this kernel allows (user memory, fixed
// mmap, mirror), so every ring-level test proves every placement rather than a sample. A
// placement the kernel refuses is skipped with the kernel's reason. Each run is a uvu child
// process told its placement in WASM_URING_TEST_PLACEMENT (see support/harness.js). On Node,
// the files about the event loop then run once more on the addon's other event-loop backend,
// the waiter thread (WASM_URING_LOOP=thread; the libuv poll is Node's default, src/host.ts).
//
//   node test/run.js [NAME]      only the *.test.js files whose name contains NAME, e.g. `ring`
//
// WASM_URING_TEST_PLACEMENTS=fixed-mmap,mirror runs exactly those placements, and a refused one
// fails (the kernel matrix names what each kernel must allow); the event-loop backend pass then
// runs with the first placement this kernel allows, only where that placement is listed.
//
// WASM_URING_TEST_RUNTIME=deno|bun runs the uvu children under that runtime (support/runtimes.js)
// instead of Node, and WASM_URING_TEST_HOST=node-api|ffi is the WASM_URING_HOST they get (this
// process keeps the default host: it only asks which placements the kernel allows).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PLACEMENTS, firstPlacement, refusal } from './support/placements.js';
import { runtimeCommand } from './support/runtimes.js';
const uvu = fileURLToPath(new URL('./support/uvu.js', import.meta.url));
const testDir = fileURLToPath(new URL('.', import.meta.url));
const name = (process.argv[2] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = `^[^/]*${name}[^/]*\\.test\\.js$`;
/** The files whose tests depend on how completions reach the event loop. */
const loopPattern = process.env.WASM_URING_VM === '1'
  // In a VM of the kernel matrix, what waits for the kernel differently on that backend (the
  // waiter thread in io_uring_enter), not the whole Promise API again.
  ? `^(?=[^/]*${name})(promises-loop|poller|readme|crossings)[^/]*\\.test\\.js$`
  : `^(?=[^/]*${name})(promises-|workers|poller|readme|crossings)[^/]*\\.test\\.js$`;

const runtime = process.env.WASM_URING_TEST_RUNTIME || 'node';
const childHost = process.env.WASM_URING_TEST_HOST ? { WASM_URING_HOST: process.env.WASM_URING_TEST_HOST } : {};

/**
 * Runs uvu on the files `filter` matches, with the placement and `env`; resolves to its counts
 * (uvu's closing lines) and exit code.
 */
function runSuite(placement, filter = pattern, env = {}) {
  return new Promise((resolve) => {
    const [command, args] = runtimeCommand(runtime, uvu, [testDir, filter]);
    const child = spawn(command, args, {
      env: { ...process.env, WASM_URING_TEST_PLACEMENT: placement, WASM_URING_TEST_NODE: process.execPath, ...childHost, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      // Only the end is read (the totals); a failure can print more than a string holds.
      output = (output + chunk).slice(-65536);
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => {
      // A child that died (a crash, a kill) prints no totals: say how it ended.
      if (code !== 0) console.log(`\nthe uvu run (placement ${placement}) ended with ${signal ? `signal ${signal}` : `exit status ${code}`}`);
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const count = (label) => Number(plain.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
      resolve({ code, total: count('Total'), passed: count('Passed'), skipped: count('Skipped') });
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
/** Runs one pass and counts it under `label`. */
async function pass(label, ...args) {
  console.log(`\n── ${label} ${'─'.repeat(60)}`);
  const run = await runSuite(...args);
  // A child that failed without a failing test (a crash, a file that would not load) counts as one.
  // uvu's Total leaves out skipped tests.
  const failed = Math.max(run.total - run.passed, run.code === 0 ? 0 : 1);
  totals.passed += run.passed;
  totals.failed += failed;
  totals.skipped += run.skipped;
  lines.push(`${label}: ${run.passed} passed, ${failed} failed, ${run.skipped} skipped`);
}
const listed = process.env.WASM_URING_TEST_PLACEMENTS?.split(',').filter(Boolean);
for (const placement of listed ?? PLACEMENTS) {
  const reason = PLACEMENTS.includes(placement) ? refusal(placement) : `no placement named ${placement}`;
  if (!reason) {
    await pass(`placement ${placement}`, placement);
  } else if (listed) {
    totals.failed += 1;
    lines.push(`placement ${placement}: 0 passed, 1 failed, 0 skipped (this kernel must allow it: ${reason})`);
  } else {
    lines.push(`placement ${placement}: skipped (${reason})`);
  }
}
// Node's own runs, on the addon (the default host there): the other backend too.
const nodeApi = (process.env.WASM_URING_TEST_HOST || 'node-api') === 'node-api';
if (runtime === 'node' && nodeApi && !process.env.WASM_URING_LOOP && (!listed || listed.includes(firstPlacement))) {
  await pass('event-loop backend thread', 'auto', loopPattern, { WASM_URING_LOOP: 'thread' });
}
console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
