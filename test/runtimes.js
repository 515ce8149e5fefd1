// `npm run test:runtimes`: the whole suite (test/run.js, once per placement) under Deno and Bun,
// with each host the runtime supports: the Node-API addon and the FFI host. Deno and Bun come
// from the npm registry at pinned versions, into a cache outside the package
// (support/runtimes.js). Prints one line per runtime × host × placement and the totals.
//
//   node test/runtimes.js [NAME]      only the *.test.js files whose name contains NAME
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RUNTIMES, runtimeBinary } from './support/runtimes.js';

const run = fileURLToPath(new URL('./run.js', import.meta.url));
const filter = process.argv.slice(2);

/** test/run.js under `runtime` with `host`: its per-placement lines, its totals and exit code. */
function suite(runtime, host) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [run, ...filter], {
      env: { ...process.env, WASM_URING_TEST_RUNTIME: runtime, WASM_URING_TEST_HOST: host },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output = (output + chunk).slice(-65536); // only the end is read: the totals
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => {
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const placements = plain.match(/^placement .*$/gm) ?? [];
      const totals = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(plain);
      resolve({ code: signal ? 1 : code, placements, totals: totals ? totals.slice(1).map(Number) : null });
    });
  });
}

const started = Date.now();
const lines = [];
const totals = [0, 0, 0];
for (const [runtime, { hosts }] of Object.entries(RUNTIMES)) {
  runtimeBinary(runtime); // fetched once, before any suite runs
  for (const host of hosts) {
    console.log(`\n══ ${runtime} × ${host} ${'═'.repeat(60)}`);
    const result = suite(runtime, host);
    const { code, placements, totals: counts } = await result;
    // A run that printed no totals (it crashed) counts as one failure.
    const [passed, failed, skipped] = counts ?? [0, 1, 0];
    totals[0] += passed;
    totals[1] += code !== 0 && failed === 0 ? 1 : failed;
    totals[2] += skipped;
    for (const line of placements) {
      // A refused placement's reason (the kernel's, the same for every runtime) is said once.
      const refused = /^placement (\S+): skipped \(/.exec(line);
      lines.push(`${runtime} × ${host} × ${refused && lines.some((l) => l.includes(line)) ? `placement ${refused[1]}: skipped (as above)` : line}`);
    }
    lines.push(counts
      ? `${runtime} × ${host}: ${passed} passed, ${failed} failed, ${skipped} skipped`
      : `${runtime} × ${host}: the run ended with exit status ${code} and no totals`);
  }
}
console.log(`\n${lines.join('\n')}`);
console.log(`(${Math.round((Date.now() - started) / 1000)} s)`);
console.log(`${totals[0]} passed, ${totals[1]} failed, ${totals[2]} skipped`);
process.exitCode = totals[1] > 0 || totals[0] === 0 ? 1 : 0;
