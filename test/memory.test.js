// RingMemory: allocation in the shared Wasm memory, and rings giving their regions back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, writeSync } from './support/fs.js';
import { Ring, RingMemory } from '../dist/src/index.js';
import { fds } from './support/fds.js';
import { placement, ringOptions } from './support/harness.js';

test('alloc gives zeroed, aligned views that free gives back for reuse', () => {
  const memory = new RingMemory({ maximumBytes: 4 << 20 });
  const a = memory.alloc(100);
  assert.is(a.byteLength, 100);
  assert.ok(a.every((b) => b === 0));
  assert.is(a.byteOffset % 64, 0);
  a.fill(0xab);
  memory.free(a);
  const b = memory.alloc(100);
  assert.is(b.byteOffset, a.byteOffset, 'first fit reuses the block');
  assert.ok(b.every((x) => x === 0), 'reused memory comes back zeroed');
  const page = memory.alloc(10, 4096);
  assert.is((memory.base + page.byteOffset) % 4096, 0, 'page-aligned process address');
});

test('the memory grows on demand and refuses past its maximum with a clear ENOMEM', () => {
  const memory = new RingMemory({ maximumBytes: 2 << 20, initialBytes: 64 << 10 });
  const before = memory.memory.buffer.byteLength;
  const big = memory.alloc(1 << 20);
  assert.ok(memory.memory.buffer.byteLength > before);
  big[big.length - 1] = 1; // the view reaches into the grown part
  try {
    memory.alloc(4 << 20);
    assert.unreachable('allocated past the maximum');
  } catch (error) {
    assert.is(error.code, 'ENOMEM');
    assert.match(error.message, /maximumBytes/);
  }
});

test('free refuses a view alloc did not return; rings refuse buffers outside their memory', () => {
  const memory = new RingMemory({ maximumBytes: 1 << 20 });
  const view = memory.alloc(256);
  for (const bad of [view.subarray(1), new Uint8Array(256)]) {
    try {
      memory.free(bad);
      assert.unreachable();
    } catch (error) {
      assert.ok(['ERR_URING_BAD_FREE', 'ERR_URING_FOREIGN_BUFFER'].includes(error.code), error.code);
    }
  }
  const ring = new Ring(ringOptions({ entries: 4, memory }));
  try {
    ring.prepRead(1, 0, Buffer.alloc(16), 0);
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'ERR_URING_FOREIGN_BUFFER');
    assert.is(ring.sqReady, 0, 'nothing was queued');
  } finally {
    ring.close();
  }
});

test('close() returns every byte a ring took, and the next ring reuses it', () => {
  const memory = new RingMemory({ maximumBytes: 8 << 20 });
  const free = memory.freeBytes;
  const ring = new Ring(ringOptions({ entries: 64, memory }));
  assert.ok(memory.freeBytes < free);
  ring.close();
  assert.is(memory.freeBytes, free);
  for (let i = 0; i < 20; i++) {
    const next = new Ring(ringOptions({ entries: 64, memory }));
    next.prepNop(i);
    assert.equal(next.submitAndReap(1), [{ userData: i, res: 0, flags: 0 }]);
    next.close();
    assert.is(memory.freeBytes, free);
  }
});

test('closing with a request in flight: the kernel cancels it and the reused memory stays clean', () => {
  const memory = new RingMemory({ maximumBytes: 8 << 20 });
  const free = memory.freeBytes;
  const [readEnd, writeEnd] = fds.pipe();
  try {
    const ring = new Ring(ringOptions({ entries: 8, memory }));
    const buf = memory.alloc(64);
    ring.prepRead(1, readEnd, buf, -1);
    ring.submit();
    assert.is(ring.inFlight, 1);
    ring.close();
    memory.free(buf);
    assert.is(memory.freeBytes, free);
    // New rings in the same memory see only their own completions.
    for (let i = 0; i < 20; i++) {
      const next = new Ring(ringOptions({ entries: 8, memory }));
      next.prepNop(100 + i);
      assert.equal(next.submitAndReap(1), [{ userData: 100 + i, res: 0, flags: 0 }]);
      next.close();
    }
    writeSync(writeEnd, 'late'); // the cancelled read must not consume this
  } finally {
    closeSync(readEnd);
    closeSync(writeEnd);
  }
});

test('rings sharing a memory can use each other\'s buffers', () => {
  const memory = new RingMemory({ maximumBytes: 4 << 20 });
  const a = new Ring(ringOptions({ entries: 4, memory }));
  const b = new Ring(ringOptions({ entries: 4, memory }));
  const [left, right] = fds.socketpair();
  try {
    const out = memory.alloc(5);
    out.set([1, 2, 3, 4, 5]);
    const into = memory.alloc(5);
    a.prepSend(1, left, out);
    assert.equal(a.submitAndReap(1), [{ userData: 1, res: 5, flags: 0 }]);
    b.prepRecv(2, right, into);
    assert.equal(b.submitAndReap(1), [{ userData: 2, res: 5, flags: 0 }]);
    assert.equal([...into], [1, 2, 3, 4, 5]);
  } finally {
    a.close();
    b.close();
    closeSync(left);
    closeSync(right);
  }
});



test('takenBytes comes back to where it was once everything is freed, also after the allocator table grew', () => {
  const memory = new RingMemory({ maximumBytes: 64 << 20 });
  const before = memory.takenBytes;
  // Every other block of 2,000 freed: more free ranges than the allocator's static table holds.
  const views = Array.from({ length: 2000 }, () => memory.alloc(64));
  for (let i = 0; i < views.length; i += 2) memory.free(views[i]);
  assert.ok(memory.wasm.heap_table_bytes() > 0, 'the table moved to a block of its own');
  for (let i = 1; i < views.length; i += 2) memory.free(views[i]);
  assert.is(memory.takenBytes, before);
});

// Resizing gives the ring new kernel memory: only the user-memory placement can follow it. On
// the others it is refused before the kernel is asked (whatever its release), and the ring goes on.
(placement === 'fixed-mmap' || placement === 'mirror' ? test : test.skip)(
  `resize on a ${placement} ring is refused with ERR_URING_PLACEMENT, naming the placement; the ring works on`, () => {
    const ring = new Ring(ringOptions({ entries: 4 }));
    try {
      ring.prepNop(1); // prepared before: still there after the refusal
      assert.throws(() => ring.resize(8), (error) => error.code === 'ERR_URING_PLACEMENT' &&
        error.message.includes(`this ring's is '${placement}'`) && error.message.includes('nothing was changed'));
      assert.equal([ring.sqEntries, ring.sqReady], [4, 1]);
      assert.equal(ring.submitAndReap(1), [{ userData: 1, res: 0, flags: 0 }]);
    } finally {
      ring.close();
    }
  });

test.run();
