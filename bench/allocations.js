// Bytes of JS heap one Promise API operation allocates, in the steady state: `--ops` operations
// (after a warm-up) with a young generation large enough that no GC runs meanwhile (checked),
// so the heap's growth is what they allocated. Cases: read into ring.alloc() and into a plain
// Buffer (4 KiB, a page-cached file), write, nop; one at a time and 64 in flight.
//
//   node --max-semi-space-size=1024 bench/allocations.js [--ops 20000] [--dist ../dist]
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { ops: { type: 'string', default: '20000' }, dist: { type: 'string', default: new URL('../dist', import.meta.url).pathname } },
});
const { AsyncRing } = await import(pathToFileURL(join(resolve(args.dist), 'src/index.js')).href);
const OPS = Number(args.ops);
const BLOCK = 4096;
const BLOCKS = 256;

let gcs = 0;
new PerformanceObserver((list) => { gcs += list.getEntries().length; }).observe({ entryTypes: ['gc'] });

const dir = mkdtempSync(join(tmpdir(), 'wasm-uring-alloc-'));
const path = join(dir, 'data');
writeFileSync(path, Buffer.alloc(BLOCK * BLOCKS, 1));
const fd = openSync(path, 'r+');
const ring = new AsyncRing({ entries: 128 });

async function run(depth, op) {
  await Promise.all(Array.from({ length: depth }, async (_, w) => {
    for (let i = 0; i < OPS / depth; i++) await op(w, i);
  }));
}

async function measure(name, depth, op) {
  await run(depth, op); // warm-up
  await run(depth, op);
  await new Promise((r) => setImmediate(r));
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 10));
  const before = process.memoryUsage().heapUsed;
  const gcsBefore = gcs;
  await run(depth, op);
  const after = process.memoryUsage().heapUsed;
  await new Promise((r) => setTimeout(r, 10));
  const clean = gcs === gcsBefore;
  console.log(`${name.padEnd(34)} depth ${String(depth).padStart(2)}: ${((after - before) / OPS).toFixed(0).padStart(5)} B/op${clean ? '' : ` (${gcs - gcsBefore} GCs ran: figure low)`}`);
}

try {
  const inRing = Array.from({ length: 64 }, () => ring.alloc(BLOCK));
  const plain = Array.from({ length: 64 }, () => Buffer.alloc(BLOCK));
  const at = (i) => ((i * 2477) % BLOCKS) * BLOCK;
  for (const depth of [1, 64]) {
    await measure('read, ring.alloc() buffer', depth, (w, i) => ring.read(fd, inRing[w], at(i)));
    await measure('read, Buffer', depth, (w, i) => ring.read(fd, plain[w], at(i)));
    await measure('write, ring.alloc() buffer', depth, (w, i) => ring.write(fd, inRing[w], at(i)));
    await measure('nop', depth, () => ring.nop());
  }
  for (const b of inRing) ring.free(b);
} finally {
  await ring.close();
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
}
