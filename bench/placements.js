// What mirror placement costs: the same workloads on a ring in user memory (the kernel uses the
// rings in the WebAssembly memory directly) and on a mirrored ring (the host copies each SQE out
// and each CQE in), in one run. Ratios are mirror ÷ user memory; medians of --repeat runs.
//
//   node bench/placements.js [--repeat 5] [--file-mib 64] [--ops 200000]
import { openSync, closeSync, writeSync, unlinkSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Ring } from '../dist/src/index.js';

const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: '5' },
    'file-mib': { type: 'string', default: '64' },
    ops: { type: 'string', default: '200000' },
  },
});
const repeat = Number(args.repeat);
const fileBytes = Number(args['file-mib']) << 20;
const ops = Number(args.ops);

/** ns per operation of `body(ops)`, median of `repeat` runs after one warm-up run. */
function measure(body) {
  body(Math.min(ops, 20000));
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const done = body(ops);
    runs.push(((performance.now() - start) * 1e6) / done);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[runs.length >> 1], min: runs[0], max: runs[runs.length - 1] };
}

function nops(ring, batch) {
  return (n) => {
    let done = 0;
    while (done < n) {
      for (let i = 0; i < batch; i++) ring.prepNop(i);
      ring.submitAndWait(batch);
      done += ring.reap(() => {});
    }
    return done;
  };
}

/** 4 KiB reads at random page-aligned offsets with `depth` in flight. */
function randomReads(ring, fd, depth) {
  const buffers = Array.from({ length: depth }, () => ring.alloc(4096, 4096));
  const pages = fileBytes / 4096;
  let seed = 12345;
  const nextOffset = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed % pages) * 4096;
  };
  return (n) => {
    let issued = 0;
    let done = 0;
    for (let slot = 0; slot < depth && issued < n; slot++, issued++) ring.prepRead(slot, fd, buffers[slot], nextOffset());
    const onCompletion = (slot, res) => {
      if (res !== 4096) throw new Error(`read returned ${res}`);
      done++;
      if (issued < n) {
        ring.prepRead(slot, fd, buffers[slot], nextOffset());
        issued++;
      }
    };
    while (done < n) {
      ring.submitAndWait(1);
      ring.reap(onCompletion);
    }
    return done;
  };
}

const path = join(tmpdir(), `wasm-uring-bench-${process.pid}`);
const fd = openSync(path, 'w+');
const chunk = Buffer.alloc(1 << 20, 0x5a);
for (let at = 0; at < fileBytes; at += chunk.length) writeSync(fd, chunk, 0, chunk.length, at);
for (let at = 0; at < fileBytes; at += chunk.length) readSync(fd, chunk, 0, chunk.length, at); // page cache warm

const cases = [
  ['NOP, batches of 1', (ring) => nops(ring, 1)],
  ['NOP, batches of 32', (ring) => nops(ring, 32)],
  ['4 KiB random read, QD 1', (ring) => randomReads(ring, fd, 1)],
  ['4 KiB random read, QD 64', (ring) => randomReads(ring, fd, 64)],
];
const placements = ['user-memory', 'mirror'];
const rows = [];
try {
  for (const [name, make] of cases) {
    const result = {};
    for (const placement of placements) {
      const ring = new Ring({ entries: 128, placement });
      try {
        result[placement] = measure(make(ring));
      } finally {
        ring.close();
      }
    }
    rows.push({ name, ...result });
    const [a, b] = placements.map((p) => result[p].median);
    console.log(`${name.padEnd(26)} user-memory ${a.toFixed(0).padStart(5)} ns/op   mirror ${b.toFixed(0).padStart(5)} ns/op   mirror/user-memory ${(b / a).toFixed(2)}×`);
  }
} finally {
  closeSync(fd);
  unlinkSync(path);
}
