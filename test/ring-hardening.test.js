// Hardening of the low-level API (issue 11): bad input gets a clear error and loses nothing.
// Every size the kernel uses through a pointer is checked before the SQE is written; SQE handles
// must be this ring's prepared SQEs; free() of a buffer a request in flight still uses waits for
// the request; arguments get Node's error codes; a wait that could never end throws instead.
import { test } from 'uvu';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import { testNeeding } from './support/features.js';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { closeSync, writeSync } from './support/fs.js';
import { Ring, RingMemory, constants } from '../dist/src/index.js';
import { E, complete, kernelProbe, linux, opTest, patience, placement, ringOptions, withRing } from './support/harness.js';
import { fds } from './support/fds.js';
import { jsChild, withoutForceColor } from './support/child.js';
import { childPipeFd, unless } from './support/lacks.js';

const {
  AT_FDCWD, STATX_BASIC_STATS, IORING_OP_PIPE, IORING_OP_STATX, IORING_OP_WAITID, IORING_OP_FUTEX_WAITV,
  IORING_OP_EPOLL_WAIT, IORING_OP_READV_FIXED, IORING_OP_WRITEV_FIXED, IORING_OP_FUTEX_WAIT,
} = constants;

/** Asserts `fn` throws an error with `code` (and, when given, a message matching `message`). */
function throwsCode(fn, code, message) {
  let caught;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught, `expected ${code}, nothing was thrown`);
  assert.is(caught.code, code, `${caught.message}`);
  if (message) assert.match(caught.message, message);
  return caught;
}

/** A view of `size` bytes followed by a guard allocation filled with 0xa5. */
function guarded(ring, own, size) {
  const view = own(ring.alloc(size));
  const guard = own(ring.alloc(256));
  guard.fill(0xa5);
  return { view, guard, intact: () => guard.every((b) => b === 0xa5) };
}

/**
 * After a prep* that should have refused: nothing is queued; if something was (the bug), run it
 * and let the kernel show what it would have overwritten.
 */
function nothingQueued(ring) {
  const queued = ring.sqReady;
  if (queued > 0) {
    ring.submitAndWait(queued, 1000);
    ring.completions();
  }
  assert.is(queued, 0, 'the refused SQE was not queued');
}

// ─── 1. The kernel never writes past a view ──────────────────────────────────────────────────────

opTest(test, 'STATX into a view smaller than struct statx is refused before the SQE is written; the next bytes stay', [IORING_OP_STATX], () => {
  withRing({ entries: 4 }, (ring, own) => {
    const { view, intact } = guarded(ring, own, 64);
    const path = own(ring.memory.cString('/'));
    throwsCode(() => ring.prepStatx(1, AT_FDCWD, path, 0, STATX_BASIC_STATS, view), 'ERR_INVALID_ARG_VALUE', /256 bytes/);
    nothingQueued(ring);
    assert.ok(intact(), 'the bytes after the view are untouched');
    // A view of the right size still works.
    const buf = own(ring.memory.statxBuffer());
    ring.prepStatx(2, AT_FDCWD, path, 0, STATX_BASIC_STATS, buf);
    assert.is(complete(ring, [2]).of(2).res, 0);
  });
});

opTest(test, 'PIPE into an Int32Array(1) is refused (the kernel writes two ints); a Uint8Array is refused by type', [IORING_OP_PIPE], () => {
  withRing({ entries: 4 }, (ring, own) => {
    const { view, intact } = guarded(ring, own, 4);
    const one = new Int32Array(view.buffer, view.byteOffset, 1);
    throwsCode(() => ring.prepPipe(1, one), 'ERR_INVALID_ARG_VALUE', /8 bytes/);
    throwsCode(() => ring.prepPipeDirect(1, one, 0, 0), 'ERR_INVALID_ARG_VALUE');
    throwsCode(() => ring.prepPipe(1, view), 'ERR_INVALID_ARG_TYPE');
    nothingQueued(ring);
    assert.ok(intact());
  });
});

test('READV/WRITEV with a count past the iovec array are refused (ERR_OUT_OF_RANGE)', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const buf = own(ring.alloc(16));
    const iov = own(ring.memory.iovecs([buf]));
    throwsCode(() => ring.prepReadv(1, r, iov, 2, -1), 'ERR_OUT_OF_RANGE', /<= 1/);
    throwsCode(() => ring.prepWritev(1, w, iov, 3, -1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepReadvFixed(1, r, iov, 2, 0, 0, 0), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepWritevFixed(1, w, iov, 2, 0, 0, 0), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepReadv(1, r, iov, -1, -1), 'ERR_OUT_OF_RANGE');
    nothingQueued(ring);
    ring.prepWritev(2, w, iov, 1, -1);
    assert.is(complete(ring, [2]).of(2).res, 16);
  });
});

test('an iovec array, msghdr or futex_waitv that points at freed memory is refused (ERR_URING_FOREIGN_BUFFER)', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    const kept = own(ring.alloc(16));
    const gone = ring.alloc(16);
    const iov = own(ring.memory.iovecs([kept, gone]));
    const msg = own(ring.memory.msghdr({ iov }));
    const word = ring.alloc(4);
    const waitv = own(ring.memory.futexWaitv([{ futex: word, value: 0 }]));
    ring.free(gone);
    ring.free(word);
    throwsCode(() => ring.prepReadv(1, r, iov, 2, -1), 'ERR_URING_FOREIGN_BUFFER', /iovecs\[1\]/);
    throwsCode(() => ring.prepRecvmsg(1, r, msg), 'ERR_URING_FOREIGN_BUFFER', /msg_iov\[1\]/);
    throwsCode(() => ring.prepFutexWaitv(1, waitv, 1), 'ERR_URING_FOREIGN_BUFFER', /waitv\[0\]/);
    // The first iovec alone is fine.
    ring.prepReadv(2, r, iov, 1, -1);
    assert.is(ring.sqReady, 1);
  });
});

test('views the kernel would use past their end or outside live allocations are refused', () => {
  withRing({ entries: 8 }, (ring, own) => {
    const m = ring.memory;
    const [r, w] = own.fds(fds.pipe());
    const small = own(ring.alloc(8));
    const freed = ring.alloc(64);
    ring.free(freed);
    const cases = [
      ['timespec of 8 bytes', () => ring.prepTimeout(1, small), 'ERR_INVALID_ARG_VALUE'],
      ['link timespec of 8 bytes', () => ring.prepLinkTimeout(1, small), 'ERR_INVALID_ARG_VALUE'],
      ['msghdr of 8 bytes', () => ring.prepSendmsg(1, w, small), 'ERR_INVALID_ARG_VALUE'],
      ['open_how of 8 bytes', () => ring.prepOpenat2(1, AT_FDCWD, own(m.cString('/')), small), 'ERR_INVALID_ARG_VALUE'],
      ['epoll_event of 8 bytes', () => ring.prepEpollCtl(1, r, w, linux.EPOLL_CTL_ADD, small), 'ERR_INVALID_ARG_VALUE'],
      ['EPOLL_CTL_ADD without an event', () => ring.prepEpollCtl(1, r, w, linux.EPOLL_CTL_ADD, null), 'ERR_INVALID_ARG_TYPE'],
      ['siginfo of 8 bytes', () => ring.prepWaitid(1, 1, 1, small, 4), 'ERR_INVALID_ARG_VALUE'],
      ['a u32 futex in 2 bytes', () => ring.prepFutexWait(1, small.subarray(0, 2), 0), 'ERR_INVALID_ARG_VALUE'],
      ['a u64 futex in 4 bytes', () => ring.prepFutexWake(1, small.subarray(0, 4), 1, 0xffffffff, constants.FUTEX2_SIZE_U64), 'ERR_INVALID_ARG_VALUE'],
      ['futex_waitv count past the array', () => ring.prepFutexWaitv(1, own(m.futexWaitv([{ futex: small.subarray(0, 4), value: 0 }])), 2), 'ERR_OUT_OF_RANGE'],
      ['epoll_wait maxEvents past the array', () => ring.prepEpollWait(1, r, own(m.epollEvents(2)), 3), 'ERR_OUT_OF_RANGE'],
      ['provided buffers past the view', () => ring.prepProvideBuffers(1, own(ring.alloc(100)), 64, 2, 1, 0), 'ERR_OUT_OF_RANGE'],
      ['accept addrlen past addr', () => { const len = own(ring.alloc(4)); new Uint32Array(len.buffer, len.byteOffset, 1)[0] = 64; ring.prepAccept(1, r, own(ring.alloc(16)), len); }, 'ERR_INVALID_ARG_VALUE'],
      ['accept addrlen of 2 bytes', () => ring.prepAccept(1, r, own(ring.alloc(16)), small.subarray(0, 2)), 'ERR_INVALID_ARG_VALUE'],
      ['accept addr without addrlen', () => ring.prepAccept(1, r, own(ring.alloc(16)), null), 'ERR_INVALID_ARG_TYPE'],
      ['a freed buffer', () => ring.prepRead(1, r, freed, -1), 'ERR_URING_FOREIGN_BUFFER'],
      ['the static data at offset 0', () => ring.prepRead(1, r, m.bytes.subarray(0, 64), -1), 'ERR_URING_FOREIGN_BUFFER'],
      ['a view running past its allocation', () => ring.prepRead(1, r, new Uint8Array(small.buffer, small.byteOffset, 4096), -1), 'ERR_URING_FOREIGN_BUFFER'],
      ['a Buffer outside ring memory', () => ring.prepWrite(1, w, Buffer.alloc(8), -1), 'ERR_URING_FOREIGN_BUFFER'],
      ['not a view', () => ring.prepWrite(1, w, 'abc', -1), 'ERR_INVALID_ARG_TYPE'],
      ['MADV_DONTNEED on part of a page', () => ring.prepMadvise(1, small, linux.MADV_DONTNEED), 'ERR_INVALID_ARG_VALUE'],
      ['a URING_CMD past the SQE', () => ring.prepUringCmd(1, 0, w, own(ring.alloc(81))), 'ERR_OUT_OF_RANGE'],
    ];
    for (const [what, call, code] of cases) {
      try {
        call();
        assert.unreachable(`${what}: accepted`);
      } catch (error) {
        assert.is(error.code, code, `${what}: ${error.message}`);
      }
    }
    nothingQueued(ring);
  });
});

test('paths and names must hold their NUL: the kernel reads up to it', () => {
  withRing({ entries: 8 }, (ring, own) => {
    const m = ring.memory;
    const open = own(ring.alloc(4));
    open.set([0x2f, 0x74, 0x6d, 0x70]); // "/tmp", no NUL
    const ok = own(m.cString('/tmp'));
    const value = own(ring.alloc(8));
    const cases = [
      () => ring.prepOpenat(1, AT_FDCWD, open, 0),
      () => ring.prepOpenatDirect(1, AT_FDCWD, open, 0, 0, 0),
      () => ring.prepStatx(1, AT_FDCWD, open, 0, 0, own(m.statxBuffer())),
      () => ring.prepUnlinkat(1, AT_FDCWD, open),
      () => ring.prepMkdirat(1, AT_FDCWD, open, 0o700),
      () => ring.prepRenameat(1, AT_FDCWD, ok, AT_FDCWD, open),
      () => ring.prepLinkat(1, AT_FDCWD, open, AT_FDCWD, ok),
      () => ring.prepSymlinkat(1, ok, AT_FDCWD, open),
      () => ring.prepGetxattr(1, open, value, ok),
      () => ring.prepSetxattr(1, ok, value, open),
      () => ring.prepFsetxattr(1, 0, open, value),
      () => ring.prepFgetxattr(1, 0, open, value),
    ];
    for (const call of cases) throwsCode(call, 'ERR_INVALID_ARG_VALUE', /NUL-terminated/);
    nothingQueued(ring);
  });
});

// ─── 2. SQE handles ──────────────────────────────────────────────────────────────────────────────

test('SQE setters refuse handles that are not this ring\'s prepared SQEs; memory at offset 0 stays', () => {
  withRing({ entries: 4 }, (ring) => {
    const other = new Ring(ringOptions({ entries: 4, memory: ring.memory }));
    try {
      const low = ring.memory.bytes.slice(0, 256);
      const sqe = ring.prepNop(1);
      const foreign = other.prepNop(1);
      const setters = [
        (h) => ring.setSqeUserData(h, 5), (h) => ring.setSqeFlags(h, 0), (h) => ring.addSqeFlags(h, 0),
        (h) => ring.setSqeIoprio(h, 1), (h) => ring.setSqePersonality(h, 1), (h) => ring.setSqeBufGroup(h, 1),
      ];
      for (const set of setters) {
        for (const bad of [NaN, 0, -1, 8, sqe + 8, sqe + 1, 2 ** 40, foreign]) throwsCode(() => set(bad), 'ERR_INVALID_ARG_VALUE', /prepared/);
        throwsCode(() => set('1'), 'ERR_INVALID_ARG_TYPE');
      }
      assert.equal(ring.memory.bytes.slice(0, 256), low, 'nothing was written at the start of the memory');
      ring.setSqeUserData(sqe, 9); // the real handle still works
      ring.submit();
      // Once submitted, the handle is the kernel's.
      throwsCode(() => ring.setSqeUserData(sqe, 10), 'ERR_INVALID_ARG_VALUE');
      assert.equal(ring.completions().map((c) => c.userData), [9]);
    } finally {
      other.close();
    }
  });
});

test('SQE setters check their values\' widths', () => {
  withRing({ entries: 4 }, (ring) => {
    const sqe = ring.prepNop(1);
    throwsCode(() => ring.setSqeFlags(sqe, 256), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setSqeIoprio(sqe, 0x10000), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setSqePersonality(sqe, -1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setSqeBufGroup(sqe, NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setSqeUserData(sqe, 2 ** 53), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setSqeUserData(sqe, -1), 'ERR_OUT_OF_RANGE');
  });
});

// ─── 3. free() while the kernel may still write ──────────────────────────────────────────────────

/**
 * A memory of the test's own: what other test files left deferred or quarantined in the default
 * one (a kernel that finished a request late, say) must not count here.
 */
const ownMemory = () => new RingMemory({ maximumBytes: 32 << 20 });

test('free() of a buffer a read in flight uses waits for the read: the allocator hands the memory out only after', () => {
  withRing({ memory: ownMemory(), entries: 8 }, (ring, own) => {
    const m = ring.memory;
    const [r, w] = own.fds(fds.pipe());
    const buf = ring.alloc(4096);
    const at = buf.byteOffset;
    ring.prepRead(1, r, buf, -1);
    ring.submit();
    ring.free(buf); // deferred: the kernel is blocked reading into it
    assert.is(m.deferredBytes, 4096);
    throwsCode(() => ring.free(buf), 'ERR_URING_BAD_FREE', /already freed/);
    throwsCode(() => ring.prepRead(2, r, buf, -1), 'ERR_URING_FOREIGN_BUFFER');
    const during = Array.from({ length: 8 }, () => m.alloc(4096));
    assert.ok(during.every((v) => v.byteOffset + v.byteLength <= at || v.byteOffset >= at + 4096), 'nothing handed out over the read\'s buffer');
    writeSync(w, Buffer.alloc(4096, 0x5a));
    assert.is(complete(ring, [1]).of(1).res, 4096);
    assert.is(m.deferredBytes, 0, 'the completion released it');
    const after = m.alloc(4096);
    assert.ok(after.every((b) => b === 0), 'what comes back is zeroed');
    for (const v of [...during, after]) m.free(v);
    // The allocator is intact: many rounds of alloc/free of mixed sizes.
    for (let i = 0; i < 200; i++) m.free(m.alloc(64 + (i % 7) * 1000));
  });
});

test('the view is released before the handler runs: a handler may free it at once', () => {
  withRing({ memory: ownMemory(), entries: 4 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const buf = ring.alloc(16);
    ring.prepRead(1, r, buf, -1);
    writeSync(w, 'x');
    ring.submitAndWait(1);
    let deferred = -1;
    ring.reap(() => {
      ring.free(buf);
      deferred = ring.memory.deferredBytes;
    });
    assert.is(deferred, 0);
  });
});

test('requests sharing a userData: their views are let go when the last of them completes', () => {
  withRing({ memory: ownMemory(), entries: 8 }, (ring, own) => {
    const m = ring.memory;
    const [r1, w1] = own.fds(fds.pipe());
    const [r2, w2] = own.fds(fds.pipe());
    const a = ring.alloc(64);
    const b = ring.alloc(64);
    ring.prepRead(7, r1, a, -1);
    ring.prepRead(7, r2, b, -1);
    ring.prepNop(7); // no view, same userData: its completion must not let the reads' views go
    ring.submit();
    ring.free(a);
    ring.free(b);
    assert.is(m.deferredBytes, 128);
    ring.submitAndWait(1);
    assert.is(ring.completions().length, 1, 'the NOP');
    assert.is(m.deferredBytes, 128);
    writeSync(w1, 'one');
    ring.submitAndWait(1);
    assert.is(ring.completions()[0].res, 3);
    assert.is(m.deferredBytes, 128, 'one read of userData 7 is still in flight: both stay');
    writeSync(w2, 'two');
    ring.submitAndWait(1);
    assert.is(ring.completions()[0].res, 3);
    assert.is(m.deferredBytes, 0);
  });
});

test('setSqeUserData carries what the SQE holds over to the new userData', () => {
  withRing({ memory: ownMemory(), entries: 8 }, (ring, own) => {
    const m = ring.memory;
    const [r, w] = own.fds(fds.pipe());
    const buf = ring.alloc(64);
    const sqe = ring.prepRead(1, r, buf, -1);
    ring.setSqeUserData(sqe, 2);
    ring.prepNop(1);
    ring.submit();
    ring.free(buf);
    ring.submitAndWait(1);
    assert.equal(ring.completions().map((c) => c.userData), [1]);
    assert.is(m.deferredBytes, 64, 'userData 1 (the NOP) completing does not release the read now named 2');
    writeSync(w, 'x');
    ring.submitAndWait(1);
    assert.equal(ring.completions().map((c) => c.userData), [2]);
    assert.is(m.deferredBytes, 0);
  });
});

test('what an iovec array points at is held too', () => {
  withRing({ memory: ownMemory(), entries: 4 }, (ring, own) => {
    const m = ring.memory;
    const [r, w] = own.fds(fds.pipe());
    const a = ring.alloc(4);
    const b = ring.alloc(4);
    const iov = own(m.iovecs([a, b]));
    ring.prepReadv(1, r, iov, 2, -1);
    ring.submit();
    ring.free(a);
    ring.free(b);
    assert.is(m.deferredBytes, 8);
    writeSync(w, 'abcdefgh');
    assert.is(complete(ring, [1]).of(1).res, 8);
    assert.is(m.deferredBytes, 0);
  });
});

test('close() with a read in flight cancels it and waits: the buffer freed before goes back, nothing quarantined', () => {
  const memory = new RingMemory({ maximumBytes: 4 << 20 });
  const ring = new Ring(ringOptions({ entries: 4, memory }));
  const [r, w] = fds.pipe();
  const buf = memory.alloc(4096);
  ring.prepRead(1, r, buf, -1);
  ring.submit();
  const unsubmitted = memory.alloc(64);
  ring.prepRead(2, r, unsubmitted, -1); // prepared, never submitted: dropped by close
  memory.free(buf);
  memory.free(unsubmitted);
  const start = performance.now();
  ring.close();
  assert.ok(performance.now() - start < 900, 'the cancel ended the wait');
  assert.is(memory.deferredBytes, 0);
  assert.is(memory.quarantinedBytes, 0);
  writeSync(w, 'late'); // nobody reads into the freed buffer any more
  const again = memory.alloc(4096);
  assert.ok(again.every((x) => x === 0));
  closeSync(r);
  closeSync(w);
});

testNeeding('close() quarantines what the kernel may still hold when it cannot tell (a request with IOSQE_CQE_SKIP_SUCCESS that succeeded)', ['cqe_skip'], () => {
  const memory = new RingMemory({ maximumBytes: 4 << 20 });
  const ring = new Ring(ringOptions({ entries: 4, memory }));
  const [r, w] = fds.pipe();
  try {
    writeSync(w, Buffer.alloc(4096, 1)); // a full read succeeds (a short one counts as failed and posts)
    const buf = memory.alloc(4096);
    ring.setSqeFlags(ring.prepRead(1, r, buf, -1), constants.IOSQE_CQE_SKIP_SUCCESS);
    ring.submit();
    // 6.1 hands pipe reads to an io-wq worker: wait until it has read (a close before would
    // cancel the read, which posts, and nothing would need quarantine).
    const until = Date.now() + patience(2000);
    while (fds.readable(r) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    assert.not.ok(fds.readable(r), 'the read took the bytes');
    assert.is(ring.cqReady, 0, 'the read succeeded without a completion');
    memory.free(buf); // deferred: no completion will ever say the read is done
    assert.is(memory.deferredBytes, 4096);
    const start = performance.now();
    ring.close();
    assert.ok(performance.now() - start < 3000, 'the wait is bounded');
    assert.is(memory.quarantinedBytes, 4096, 'kept for good rather than handed out while the kernel may write it');
    const others = Array.from({ length: 4 }, () => memory.alloc(4096));
    assert.ok(others.every((v) => v.byteOffset + 4096 <= buf.byteOffset || v.byteOffset >= buf.byteOffset + 4096));
  } finally {
    closeSync(r);
    closeSync(w);
  }
});

test('registered buffers, buffer-ring buffers and provided buffers stay held while the kernel has them', () => {
  withRing({ memory: ownMemory(), entries: 4 }, (ring) => {
    const m = ring.memory;
    const registered = ring.alloc(4096);
    ring.registerBuffers([registered]);
    ring.free(registered);
    assert.is(m.deferredBytes, 4096, 'registered: deferred');
    ring.unregisterBuffers();
    assert.is(m.deferredBytes, 0, 'unregistered: released');

    const region = ring.alloc(256);
    let br;
    try {
      br = ring.setupBufferRing({ group: 3, entries: 4 });
    } catch (error) {
      if (error.code !== 'EINVAL') throw error;
    }
    if (br) {
      br.add(region.subarray(0, 128), 0);
      br.add(region.subarray(128), 1);
      br.advance();
      ring.free(region);
      assert.is(m.deferredBytes, 256, 'in a buffer ring: deferred');
      br.free();
      assert.is(m.deferredBytes, 0, 'the buffer ring freed: released');
    } else {
      ring.free(region);
    }
  });
  const memory = new RingMemory({ maximumBytes: 4 << 20 });
  const ring = new Ring(ringOptions({ entries: 4, memory }));
  const pool = memory.alloc(256);
  ring.prepProvideBuffers(1, pool, 64, 4, 9, 0);
  assert.is(complete(ring, [1]).of(1).res, 0);
  memory.free(pool);
  assert.is(memory.deferredBytes, 256, 'provided: the kernel keeps them after the completion');
  ring.close();
  assert.is(memory.deferredBytes, 0, 'the ring closed: released');
});

test('the allocator keeps its free list outside the blocks: writes into freed memory cannot corrupt it', () => {
  const m = new RingMemory({ maximumBytes: 8 << 20, initialBytes: 1 << 16 });
  const before = m.freeBytes;
  const kept = [];
  for (let round = 0; round < 50; round++) {
    const views = Array.from({ length: 8 }, (_, i) => m.alloc(64 + i * 200, i % 2 ? 4096 : 64));
    for (let i = 0; i < views.length; i += 2) {
      m.free(views[i]);
      // A view kept after free() (or a late kernel write) scribbles over the free block.
      views[i].fill(0xff);
    }
    for (let i = 1; i < views.length; i += 2) kept.push(views[i]);
    const again = m.alloc(300);
    assert.ok(again.every((b) => b === 0), 'handed out zeroed');
    kept.push(again);
  }
  const sorted = kept.slice().sort((a, b) => a.byteOffset - b.byteOffset);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(sorted[i - 1].byteOffset + sorted[i - 1].byteLength <= sorted[i].byteOffset, 'no two live allocations overlap');
  }
  for (const v of kept) m.free(v);
  assert.ok(m.freeBytes >= before, 'everything came back');
});

// ─── 4. Arguments get Node's errors ──────────────────────────────────────────────────────────────

test('NaN and out-of-range fds, offsets, userData and lengths are refused, never passed on as 0', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    const buf = own(ring.alloc(8));
    throwsCode(() => ring.prepRead(1, NaN, buf, -1), 'ERR_OUT_OF_RANGE', /"fd"/);
    throwsCode(() => ring.prepRead(1, '0', buf, -1), 'ERR_INVALID_ARG_TYPE', /"fd"/);
    throwsCode(() => ring.prepRead(1, 2 ** 31, buf, -1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepRead(1, r, buf, NaN), 'ERR_OUT_OF_RANGE', /"offset"/);
    throwsCode(() => ring.prepRead(1, r, buf, -2), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepRead(NaN, r, buf, -1), 'ERR_OUT_OF_RANGE', /"userData"/);
    throwsCode(() => ring.prepNop(2 ** 53), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepNop(-1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepNop(1.5), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepNop(undefined), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.prepSyncFileRange(1, r, -1, 0), 'ERR_OUT_OF_RANGE', /"length"/);
    throwsCode(() => ring.prepTee(1, r, r, 2 ** 32), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepFsync(1, r, NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.prepReadFixed(1, r, buf, 0, 0x10000), 'ERR_OUT_OF_RANGE', /"bufIndex"/);
    throwsCode(() => ring.prepCancel(1, NaN), 'ERR_OUT_OF_RANGE', /"targetUserData"/);
    throwsCode(() => ring.prepNopFlags(1, 0, 0, NaN), 'ERR_OUT_OF_RANGE', /"fd"/);
    throwsCode(() => ring.prepRecvMultishot(1, r, 70000), 'ERR_OUT_OF_RANGE', /"group"/);
    nothingQueued(ring);
    // AT_FDCWD and -1 are legitimate where the kernel allows them.
    ring.prepOpenat(3, AT_FDCWD, own(ring.memory.cString('/nonexistent-wasm-uring')), 0);
    ring.prepClose(4, -1);
    assert.equal(complete(ring, [3, 4]).map((c) => c.res).sort(), [E.EBADF, E.ENOENT].sort());
  });
});

test('RingMemory: alloc sizes and alignments, cString, timespec, the struct builders and free refuse bad arguments', () => {
  const m = new RingMemory({ maximumBytes: 4 << 20 });
  throwsCode(() => m.alloc(64, 2 ** 40), 'ERR_INVALID_ARG_VALUE', /power of two/);
  throwsCode(() => m.alloc(64, 3), 'ERR_INVALID_ARG_VALUE');
  throwsCode(() => m.alloc(64, 0), 'ERR_INVALID_ARG_VALUE');
  throwsCode(() => m.alloc(-1), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.alloc(NaN), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.alloc('8'), 'ERR_INVALID_ARG_TYPE');
  const aligned = m.alloc(64, 65536);
  assert.is((m.base + aligned.byteOffset) % 65536, 0, 'a large alignment is honoured');
  m.free(aligned);
  throwsCode(() => m.cString('a\0b'), 'ERR_INVALID_ARG_VALUE', /null bytes/);
  throwsCode(() => m.cString(5), 'ERR_INVALID_ARG_TYPE');
  for (const bad of [-1, NaN, Infinity]) throwsCode(() => m.timespec(bad), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.timespec('5'), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.free(undefined), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.free({}), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.iovecs('abc'), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.iovecs([{}]), 'ERR_INVALID_ARG_TYPE', /buffers\[0\]/);
  throwsCode(() => m.msghdr({}), 'ERR_INVALID_ARG_TYPE', /options.iov/);
  throwsCode(() => m.msghdr(null), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.msghdr(), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.futexWaitv([5]), 'ERR_INVALID_ARG_TYPE', /futexes\[0\]/);
  throwsCode(() => m.msghdr({ iov: m.alloc(10) }), 'ERR_INVALID_ARG_VALUE');
  throwsCode(() => m.openHow('x'), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.openHow(0, -1), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.epollEvent(NaN, 0), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.epollEvents(-1), 'ERR_OUT_OF_RANGE');
  throwsCode(() => m.futexWaitv('x'), 'ERR_INVALID_ARG_TYPE');
  throwsCode(() => m.futexWaitv([{ futex: m.alloc(2), value: 0 }]), 'ERR_INVALID_ARG_VALUE');
  throwsCode(() => m.readStatx(m.alloc(16)), 'ERR_INVALID_ARG_VALUE');
  throwsCode(() => m.readEpollEvents(m.epollEvents(2), 3), 'ERR_OUT_OF_RANGE');
  for (const bad of [null, 5, { maximumBytes: 'x' }, { maximumBytes: 1000 }, { initialBytes: -1 }]) {
    assert.throws(() => new RingMemory(bad), (error) => error.code?.startsWith('ERR_INVALID_ARG') || error.code === 'ERR_OUT_OF_RANGE', JSON.stringify(bad));
  }
});

test('timespec carries a rounding that reaches a whole second into tv_sec (tv_nsec stays below 10^9)', () => {
  const m = new RingMemory({ maximumBytes: 1 << 22 });
  const w = m.wasm;
  const field = (view, name) => new DataView(view.buffer, view.byteOffset).getBigInt64(w[`offsetof___kernel_timespec__${name}`].value, true);
  const ts = m.timespec(999.9999999996);
  assert.equal([field(ts, 'tv_sec'), field(ts, 'tv_nsec')], [1n, 0n]);
  const half = m.timespec(1500.25);
  assert.equal([field(half, 'tv_sec'), field(half, 'tv_nsec')], [1n, 500250000n]);
});

test('bad RingOptions are refused with Node\'s codes', () => {
  const cases = [
    [{ memory: {} }, 'ERR_INVALID_ARG_TYPE', TypeError],
    [5, 'ERR_INVALID_ARG_TYPE', TypeError],
    [{ entries: 'x' }, 'ERR_INVALID_ARG_TYPE', TypeError],
    [{ entries: NaN }, 'ERR_OUT_OF_RANGE', RangeError],
    [{ entries: 40000 }, 'ERR_OUT_OF_RANGE', RangeError],
    [{ cqEntries: -1 }, 'ERR_OUT_OF_RANGE', RangeError],
    [{ flags: NaN }, 'ERR_OUT_OF_RANGE', RangeError],
    [{ sqThreadIdle: 'x' }, 'ERR_INVALID_ARG_TYPE', TypeError],
    [{ placement: 'somewhere' }, 'ERR_INVALID_ARG_VALUE', RangeError],
    [{ placement: 'toString' }, 'ERR_INVALID_ARG_VALUE', RangeError],
  ];
  for (const [options, code, kind] of cases) {
    const error = throwsCode(() => new Ring(options), code);
    assert.instance(error, kind, JSON.stringify(options));
  }
});

test('reap() with a bad handler or max consumes nothing: the completions are still there', () => {
  withRing({ entries: 8 }, (ring) => {
    for (let i = 0; i < 3; i++) ring.prepNop(i);
    ring.submitAndWait(3);
    throwsCode(() => ring.reap('x'), 'ERR_INVALID_ARG_TYPE', /"handler"/);
    throwsCode(() => ring.reap(() => {}, -1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.reap(() => {}, NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.completions('2'), 'ERR_INVALID_ARG_TYPE');
    assert.is(ring.cqReady, 3);
    assert.equal(ring.completions().map((c) => c.userData), [0, 1, 2]);
  });
});

test('a handler that closes the ring ends the reap; nothing is read from freed memory', () => {
  const ring = new Ring(ringOptions({ entries: 8 }));
  for (let i = 0; i < 4; i++) ring.prepNop(i);
  ring.submitAndWait(4);
  const seen = [];
  const n = ring.reap((ud) => {
    seen.push(ud);
    ring.close();
  });
  assert.is(n, 1);
  assert.equal(seen, [0]);
  assert.ok(ring.closed);
});

test('register methods, BufferRing and the wait/submit calls check their arguments', () => {
  withRing({ entries: 4 }, (ring) => {
    throwsCode(() => ring.registerFiles('x'), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.registerFiles([NaN]), 'ERR_OUT_OF_RANGE', /fds\[0\]/);
    throwsCode(() => ring.registerFiles([1], [1, 2]), 'ERR_INVALID_ARG_VALUE', /tags/);
    throwsCode(() => ring.registerBuffers([1]), 'ERR_INVALID_ARG_TYPE', /buffers\[0\]/);
    throwsCode(() => ring.registerBuffers('x'), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.registerEventfd(-1), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.registerIowqAffinity([1e9]), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.registerIowqMaxWorkers({ bounded: -1 }), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.registerRestrictions([{}]), 'ERR_INVALID_ARG_VALUE');
    throwsCode(() => ring.registerFilesSparse(NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.cancelSync(null), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.cancelSync(), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.registerIowqMaxWorkers(), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.registerRestrictions([5]), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.setupBufferRing(), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.cloneBuffers(null), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.cancelSync({ userData: NaN }), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setupBufferRing({ group: 70000, entries: 4 }), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.setupBufferRing({ group: 1, entries: 3 }), 'ERR_INVALID_ARG_VALUE');
    throwsCode(() => ring.submitAndWait('x'), 'ERR_INVALID_ARG_TYPE');
    throwsCode(() => ring.submitAndWait(1, NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => ring.resize(NaN), 'ERR_OUT_OF_RANGE');
    throwsCode(() => Ring.sendMsgRing(NaN, 1, 0), 'ERR_OUT_OF_RANGE');
    throwsCode(() => Ring.query({}), 'ERR_INVALID_ARG_TYPE');
    let br;
    try {
      br = ring.setupBufferRing({ group: 1, entries: 4 });
    } catch (error) {
      if (error.code !== 'EINVAL') throw error;
      return;
    }
    const buf = ring.alloc(64);
    throwsCode(() => br.add(buf, 70000), 'ERR_OUT_OF_RANGE', /"bid"/);
    throwsCode(() => br.add(buf, 0, 4), 'ERR_OUT_OF_RANGE', /"offset"/);
    throwsCode(() => br.add(Buffer.alloc(8), 0), 'ERR_URING_FOREIGN_BUFFER');
    br.add(buf, 0);
    throwsCode(() => br.advance(2), 'ERR_OUT_OF_RANGE'); // only one was added
    br.advance();
    br.free();
    ring.free(buf);
  });
});

// ─── 5. A wait that could never end ──────────────────────────────────────────────────────────────

/** Runs `body` (source of an async function of `ring`) in a child: it must end within 5 s (more under emulation). */
function inChild(body) {
  const index = new URL('../dist/src/index.js', import.meta.url).href;
  const script = `import { Ring } from ${JSON.stringify(index)};
const ring = new Ring({ entries: 4, placement: ${JSON.stringify(placement)} });
try { ${body} } catch (error) { console.log(error.code); }`;
  const child = spawnSync(...jsChild(['--input-type=module', '-e', script]), {
    encoding: 'utf8', timeout: patience(5000), env: { ...withoutForceColor(), NO_COLOR: '1' },
  });
  assert.is(child.signal, null, 'the child ended by itself (it did not block forever)');
  return child.stdout.trim().split('\n');
}

test('submitAndWait(1) with nothing in flight throws ERR_URING_WOULD_BLOCK instead of blocking forever', () => {
  assert.equal(inChild('ring.submitAndWait(1); console.log("returned");'), ['ERR_URING_WOULD_BLOCK']);
  assert.equal(inChild('ring.submitAndWait(1, Infinity); console.log("returned");'), ['ERR_URING_WOULD_BLOCK']);
  assert.equal(inChild('ring.submitAndReap(1); console.log("returned");'), ['ERR_URING_WOULD_BLOCK']);
});

test('submitAndWait(n) for more completions than can come throws and submits nothing; as many as can come waits', () => {
  assert.equal(inChild(`
    ring.prepNop(1);
    try { ring.submitAndWait(2); } catch (error) { console.log(error.code, ring.sqReady); }
    console.log(ring.submitAndWait(1));
    try { ring.submitAndWait(2); } catch (error) { console.log(error.code, ring.cqReady); }
    console.log(ring.completions().map((c) => c.userData).join());`), ['ERR_URING_WOULD_BLOCK 1', '1', 'ERR_URING_WOULD_BLOCK 1', '1']);
});

testNeeding('a finite timeout still waits with nothing in flight (a message from another ring may come)', [NEEDS.msg_ring], () => {
  withRing({ entries: 4 }, (ring) => {
    const start = performance.now();
    assert.is(ring.submitAndWait(1, 30), 0);
    assert.ok(performance.now() - start >= 25);
    // A message from another ring (MSG_RING, 5.18, in every kernel the suite runs on).
    withRing({ entries: 4 }, (other) => {
      other.prepMsgRing(1, ring.fd, 5, 77);
      other.submitAndWait(1);
      other.completions();
    });
    assert.is(ring.submitAndWait(1), 0, 'a message that arrived counts as ready');
    assert.equal(ring.completions().map((c) => [c.userData, c.res]), [[77, 5]]);
  });
});

unless(childPipeFd, test)('a multishot request in flight may post any number of completions: the wait goes to the kernel', () => {
  // One poll request in flight, two completions asked for: it posts one per wakeup.
  const out = inChild(`
    const { spawn } = await import('node:child_process');
    const writer = spawn('sh', ['-c', 'sleep 0.1; printf x; sleep 0.2; printf y; sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    ring.prepPollMultishot(1, writer.stdout._handle.fd, 1);
    ring.submit();
    ring.submitAndWait(2);
    console.log(ring.completions().length >= 2 ? 'waited' : 'short');
    writer.kill();
    process.exit(0);`);
  assert.equal(out, ['waited']);
});

test.run();
