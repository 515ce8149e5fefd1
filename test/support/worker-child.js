// A child process for test/workers.test.js: workers that use AsyncRings and end without closing
// them. A crash of the addon (a libuv callback into unloaded code, a fatal error from calling JS
// in a terminating worker) takes this whole process down, not the test runner; on success it
// prints the census of io_uring fds and mappings before and after as JSON.
//
//   node test/support/worker-child.js MODE [COUNT] [shared]   (placement from WASM_URING_TEST_PLACEMENT)
//   shared: the main thread loads the library too (else only the workers do, and Node unloads
//   the addon with the last of them)
//   exit        COUNT workers each leave a sleep owed and call process.exit()
//   return      COUNT workers each finish a NOP and let their event loop run dry (an idle ring)
//   terminate   COUNT workers busy with NOPs and 50 µs sleeps (completions arriving all the time),
//               terminated at a random moment
import { Worker } from 'node:worker_threads';
import { census } from './census.js';

const [mode, countArg = '10', shared] = process.argv.slice(2);
const count = Number(countArg);
const library = new URL('../../dist/src/index.js', import.meta.url).href;
const harness = new URL('./harness.js', import.meta.url).href;

const bodies = {
  exit: `await ring.nop(); ring.sleep(100000); setTimeout(() => process.exit(0), 5);`,
  return: `await ring.nop();`,
  terminate: `
    for (let i = 0; i < 32; i++) ring.nop();
    await ring.nop();
    parentPort.postMessage('busy');
    for (;;) await Promise.all(Array.from({ length: 64 }, (_, i) => i % 2 ? ring.nop() : ring.sleep(0.05)));`,
};
const body = bodies[mode];
if (!body) throw new Error(`unknown mode ${mode}`);
const source = `
  import { parentPort } from 'node:worker_threads';
  const { AsyncRing } = await import(${JSON.stringify(library)});
  const { ringOptions } = await import(${JSON.stringify(harness)});
  const ring = new AsyncRing(ringOptions({ entries: 16 }));
  ${body}`;

if (shared === 'shared') await import(library);
const before = census();
for (let i = 0; i < count; i++) {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
  const exited = new Promise((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  if (mode === 'terminate') {
    await new Promise((resolve) => worker.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    await worker.terminate();
  }
  await exited;
}
// Deno (2.9.6) emits a Worker's 'exit' before the worker's Node-API cleanup hooks have run: its
// rings close a moment later. There the census waits for them, at most 2 s; elsewhere they are
// gone when 'exit' comes.
let after = census();
for (const until = Date.now() + 2000; 'Deno' in globalThis && JSON.stringify(after) !== JSON.stringify(before) && Date.now() < until;) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  after = census();
}
console.log(JSON.stringify({ before, after }));
