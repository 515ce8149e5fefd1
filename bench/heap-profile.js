// Where the Promise API's per-read allocations come from: V8's sampling heap profiler (objects
// the GC already collected included) over 64 workers awaiting ring.read() on a 1 MiB cached file;
// bytes per read by allocating function.
//
//   node bench/heap-profile.js [dist directory, default ./dist]
import { Session } from 'node:inspector/promises';
import { openSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
const { AsyncRing } = await import(pathToFileURL(dist + '/src/index.js').href);
const path = join(tmpdir(), `wasm-uring-heap-${process.pid}`); writeFileSync(path, Buffer.alloc(1 << 20, 3));
const fd = openSync(path, 'r');
const ring = new AsyncRing({ entries: 128 });
const bufs = Array.from({ length: 64 }, () => ring.alloc(4096));
const run = (n) => Promise.all(bufs.map(async (b, w) => { for (let i = 0; i < n; i++) await ring.read(fd, b, ((i * 7 + w) % 256) * 4096); }));
await run(200);
const s = new Session(); s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 32, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
const N = 300; await run(N);
const { profile } = await s.post('HeapProfiler.stopSampling');
const self = new Map();
const walk = (node, stack) => {
  const cf = node.callFrame; const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`;
  const size = node.selfSize; if (size) self.set(key, (self.get(key) ?? 0) + size);
  for (const c of node.children) walk(c, stack);
};
walk(profile.head, []);
const ops = N * 64; let total = 0; for (const v of self.values()) total += v;
console.log(`total ${(total / ops).toFixed(0)} B/op sampled`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(v / ops).toFixed(0).padStart(5)} B/op  ${k}`);
await ring.close();
unlinkSync(path);
