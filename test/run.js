// `npm test`: the whole suite once per ring placement this kernel allows (user memory, fixed
// mmap, mirror), so every ring-level test proves every placement rather than a sample. A
// placement the kernel refuses is skipped with the kernel's reason. Each run is a uvu child
// process told its placement in WASM_URING_TEST_PLACEMENT (see support/harness.js). On Node,
// the files about the event loop then run once more on the addon's other event-loop backend,
// the waiter thread (WASM_URING_LOOP=thread; the libuv poll is Node's default, src/host.ts).
//
//   node test/run.js [NAME]      only the *.test.js files whose name contains NAME, e.g. `ring`
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PLACEMENTS, refusal } from './support/placements.js';
import { host } from '../dist/src/host.js';
const uvu = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const testDir = fileURLToPath(new URL('.', import.meta.url));
const name = (process.argv[2] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = `^[^/]*${name}[^/]*\\.test\\.js$`;
/** The files whose tests depend on how completions reach the event loop. */
const loopPattern = `^(?=[^/]*${name})(promises-|workers|poller|readme|crossings)[^/]*\\.test\\.js$`;

/**
 * Runs uvu on the files `filter` matches, with the placement and `env`; resolves to its counts
 * (uvu's closing lines) and exit code.
 */
function runSuite(placement, filter = pattern, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [uvu, testDir, filter], {
      env: { ...process.env, WASM_URING_TEST_PLACEMENT: placement, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
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
for (const placement of PLACEMENTS) {
  const reason = refusal(placement);
  if (reason) lines.push(`placement ${placement}: skipped (${reason})`);
  else await pass(`placement ${placement}`, placement);
}
if (host.name === 'node-api' && host.loop === 'uv' && !process.env.WASM_URING_LOOP) {
  await pass('event-loop backend thread', 'auto', loopPattern, { WASM_URING_LOOP: 'thread' });
}
console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
