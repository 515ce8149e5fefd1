// How many times one `await ring.read()` crosses a language boundary in the steady state: calls
// from JS into ring.wasm, from ring.wasm into the host (the bridge imports), from JS into the
// addon (the poller's start/stop) and from the addon into JS (the poller's callback). Counted
// by wrapping, in this test only, the Wasm exports object, the bridge and the poller before the
// AsyncRing is built on them (the library itself is not instrumented).
//
// Target (issue 12): at most 4 per read, reads of a page-cached file with ring.alloc() buffers,
// one at a time and 64 in flight; mirror placement may add one host copy (mirror_sync, which
// passes the new CQ head on) per flush.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync } from './support/fs.js';
import { AsyncRing, RingMemory } from '../dist/src/index.js';
import { host as addon } from '../dist/src/host.js';
import { ringOptions, placement } from './support/harness.js';
import { tempFiles } from './support/tmp.js';

const tempFile = tempFiles();
const BLOCK = 4096;
const BLOCKS = 256; // 1 MiB, written just now: in the page cache

/** A RingMemory and a constructor for AsyncRings whose every boundary crossing is counted. */
function instrumented() {
  const counts = new Map();
  const count = (what) => counts.set(what, (counts.get(what) ?? 0) + 1);
  const wrapAll = (object, kind, names = Object.keys(object)) => {
    const out = { ...object };
    for (const name of names) {
      const f = object[name];
      if (typeof f === 'function') out[name] = (...args) => { count(`${kind} ${name}`); return f.apply(object, args); };
    }
    return out;
  };
  const { createBridge, createPoller } = addon;
  let memory;
  try {
    addon.createBridge = (mem, view) => {
      const bridge = createBridge(mem, view);
      return bridge && wrapAll(bridge, 'wasm→host');
    };
    memory = new RingMemory({ maximumBytes: 64 << 20 });
  } finally {
    addon.createBridge = createBridge;
  }
  const exports = memory.wasm;
  const wrapped = {};
  for (const name of Object.keys(exports)) {
    const v = exports[name];
    wrapped[name] = typeof v === 'function' ? (...args) => { count(`js→wasm ${name}`); return v(...args); } : v;
  }
  Object.defineProperty(memory, 'wasm', { value: wrapped });
  const newRing = (options) => {
    addon.createPoller = (fd, callback) => {
      const poller = createPoller(fd, (status) => { count('host→js poll callback'); callback(status); });
      return poller && wrapAll(poller, 'js→host poller');
    };
    try {
      return new AsyncRing(ringOptions({ ...options, memory }));
    } finally {
      addon.createPoller = createPoller;
    }
  };
  const total = (filter = () => true) => [...counts].filter(([k]) => filter(k)).reduce((n, [, c]) => n + c, 0);
  return { memory, newRing, counts, total, reset: () => counts.clear() };
}

/** `depth` workers reading random blocks, `perWorker` reads each. */
async function reads(ring, fd, bufs, perWorker) {
  let x = 0x9e3779b9;
  const next = () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return ((x >>> 0) % BLOCKS) * BLOCK;
  };
  await Promise.all(bufs.map(async (buf) => {
    for (let i = 0; i < perWorker; i++) {
      const n = await ring.read(fd, buf, next());
      if (n !== BLOCK) throw new Error(`a read returned ${n}`);
    }
  }));
}

for (const depth of [1, 64]) {
  test(`crossings per await ring.read() in the steady state, ${depth} in flight (${placement})`, async () => {
    const path = tempFile(Buffer.alloc(BLOCK * BLOCKS, 7));
    const fd = openSync(path, 'r');
    const probe = instrumented();
    const ring = probe.newRing({ entries: 128 });
    const mirrored = ring.ring.placement === 'mirror';
    try {
      const bufs = Array.from({ length: depth }, () => ring.alloc(BLOCK));
      await reads(ring, fd, bufs, 200 / depth + 20); // warm-up: pools and slots filled, code optimised
      probe.reset();
      const perWorker = Math.ceil(2000 / depth);
      await reads(ring, fd, bufs, perWorker);
      const n = perWorker * depth;
      const flushes = probe.counts.get('js→wasm ring_submit_reap') ?? 0;
      const hostCopies = mirrored ? (probe.counts.get('wasm→host mirror_sync') ?? 0) : 0;
      const perRead = probe.total() / n;
      const breakdown = [...probe.counts].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${(c / n).toFixed(2)}`).join(', ');
      console.log(`  ${depth} in flight, ${ring.ring.placement}: ${perRead.toFixed(2)} crossings per read (${breakdown})`);
      // A read that completes after its submit (6.12 under emulation hands page-cache reads to
      // the kernel's async path) costs the wake-up itself: a poll callback, which reaps.
      const wakeups = probe.counts.get('host→js poll callback') ?? 0;
      assert.ok((probe.total() - hostCopies - wakeups) / n <= 4,
        `at most 4 crossings per read besides mirror copies and wake-ups, got ${perRead.toFixed(2)}: ${breakdown}`);
      if (mirrored) {
        assert.ok(hostCopies <= flushes + probe.total((k) => k.includes('ring_reap')) + wakeups, `at most one host copy per batch: ${breakdown}`);
      }
      for (const b of bufs) ring.free(b);
    } finally {
      await ring.close();
      closeSync(fd);
    }
  });
}

test.run();
