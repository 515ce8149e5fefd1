// io_uring_register(2), every operation this kernel has, against the real kernel: each registers,
// shows its effect through the requests that use it, and is undone. Registrations newer than a
// kernel skip by what that kernel reports: its probe (an opcode of the same or a later release)
// or its feature bits.
import { test } from 'uvu';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import { lacks, testNeeding } from './support/features.js';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { openSync, writeFileSync, writeSync } from './support/fs.js';
import { join } from 'node:path';
import { Ring } from '../dist/src/index.js';
import { fds } from './support/fds.js';
import { fileIn, tempDir } from './support/tmp.js';
import { jsChild } from './support/child.js';
import {
  E, complete, constants, kernelProbe, msSince, pattern, results, ringOptions, withRing,
} from './support/harness.js';

const {
  IORING_OP_NOP, IORING_OP_READ, IORING_OP_MSG_RING, IORING_OP_SOCKET, IORING_OP_SEND_ZC, IORING_OP_FIXED_FD_INSTALL,
  IORING_OP_FTRUNCATE, IORING_OP_EPOLL_WAIT, IORING_OP_MKDIRAT,
  IOSQE_FIXED_FILE, IORING_FILE_INDEX_ALLOC, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IORING_CQE_BUFFER_SHIFT,
  IORING_SETUP_R_DISABLED, IORING_SETUP_CQE32, IORING_REGISTER_PROBE, IORING_ASYNC_CANCEL_ALL,
  IORING_FEAT_RSRC_TAGS, IORING_FEAT_EXT_ARG, IORING_FEAT_MIN_TIMEOUT, IORING_NOP_INJECT_RESULT, IORING_NOP_CQE32,
  IORING_REGISTER_FILES_SKIP, POLLIN, AT_FDCWD,
} = constants;

const dir = tempDir();
const probe = kernelProbe();
const features = (() => {
  const ring = new Ring(ringOptions({ entries: 2 }));
  try {
    return ring.features;
  } finally {
    ring.close();
  }
})();

/**
 * Registers test `name`, or skips it naming what the kernel lacks. `needs` says how this kernel
 * shows it has the operation: { op } an opcode of the same release or later in its probe,
 * { feature } an IORING_FEAT_* bit, with `what` naming the registration and its Linux version.
 */
function regTest(name, needs, fn) {
  const has = needs.op !== undefined ? probe.supports(needs.op) : (features & needs.feature) !== 0;
  if (has) test(name, fn);
  else test.skip(`${name} [skipped: this kernel lacks ${needs.what}]`, fn);
}

/** A file in the temp dir with `contents`, open for reading and writing (the caller owns the fd). */
const fileWith = (name, contents) => fileIn(dir, name, contents, 'r+');

// ─── Files ───────────────────────────────────────────────────────────────────────────────────────

// Tags are posted when an update replaces a resource. For what unregistering leaves, kernels
// differ (measured: 6.18 posts the tags, Debian 12's 6.1 posts none), so only replacement is
// asserted.
regTest('tagged files: a replaced file posts its tag; fixed reads use the new slot contents',
  { feature: IORING_FEAT_RSRC_TAGS, what: 'IORING_REGISTER_FILES2 (Linux 5.13)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const first = own.fd(fileWith('tag-a', 'first file'));
      const second = own.fd(fileWith('tag-b', 'second file'));
      ring.registerFiles([first, -1], [0x1000, 0]); // an empty slot's tag must be 0
      const buf = own(ring.alloc(32));
      ring.setSqeFlags(ring.prepRead(1, 0, buf, 0), IOSQE_FIXED_FILE);
      assert.is(results(ring, [1])[0], 10);
      assert.is(Buffer.from(buf.subarray(0, 10)).toString(), 'first file');

      // Replacing slot 0 lets go of the first file: its tag comes back as a completion.
      assert.is(ring.updateFiles(0, [second], [0x3000]), 1);
      ring.prepNop(2);
      const got = complete(ring, [2, 0x1000]);
      assert.is(got.of(0x1000).res, 0);
      ring.setSqeFlags(ring.prepRead(3, 0, buf, 0), IOSQE_FIXED_FILE);
      assert.is(results(ring, [3])[0], 11);
      assert.is(Buffer.from(buf.subarray(0, 11)).toString(), 'second file');

      // FILES_SKIP leaves a slot as it is: no tag, and the file still reads.
      assert.is(ring.updateFiles(0, [IORING_REGISTER_FILES_SKIP], [0]), 1);
      ring.setSqeFlags(ring.prepRead(4, 0, buf, 0), IOSQE_FIXED_FILE);
      const after = complete(ring, [4]);
      assert.is(after.of(4).res, 11);
      assert.ok(!after.of(0x3000), 'a skipped slot posts no tag');
      ring.unregisterFiles();
      ring.setSqeFlags(ring.prepRead(5, 0, buf, 0), IOSQE_FIXED_FILE);
      assert.is(results(ring, [5])[0], E.EBADF);
    }));

regTest('a sparse file table with an allocation range: IORING_FILE_INDEX_ALLOC hands out only slots in the range',
  { op: IORING_OP_SEND_ZC, what: 'IORING_REGISTER_FILE_ALLOC_RANGE (Linux 6.0)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      writeFileSync(join(dir, 'alloc'), 'allocated slot');
      const path = own(ring.memory.cString(join(dir, 'alloc')));
      ring.registerFilesSparse(8);
      ring.registerFileAllocRange(5, 2);
      for (const ud of [1, 2, 3]) ring.prepOpenatDirect(ud, AT_FDCWD, path, 0, 0, IORING_FILE_INDEX_ALLOC);
      assert.equal(results(ring, [1, 2, 3]).sort(), [5, 6, E.ENFILE].sort());
      const buf = own(ring.alloc(32));
      ring.setSqeFlags(ring.prepRead(4, 6, buf, 0), IOSQE_FIXED_FILE);
      assert.is(results(ring, [4])[0], 14);
      assert.is(Buffer.from(buf.subarray(0, 14)).toString(), 'allocated slot');
      // Slots outside the range stay empty.
      ring.setSqeFlags(ring.prepRead(5, 0, buf, 0), IOSQE_FIXED_FILE);
      assert.is(results(ring, [5])[0], E.EBADF);
      ring.unregisterFiles();
    }));

// ─── Buffers ─────────────────────────────────────────────────────────────────────────────────────

regTest('sparse, updated and tagged buffers: READ_FIXED fills the slot put in; emptying it posts the tag',
  { op: IORING_OP_SOCKET, what: 'IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE (Linux 5.19)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const bytes = pattern(4096, 7);
      const fd = own.fd(fileWith('fixed-buf', bytes));
      const buf = own(ring.alloc(4096));
      ring.registerBuffersSparse(4);
      // An empty slot cannot be read into.
      ring.prepReadFixed(1, fd, buf, 0, 2);
      assert.is(results(ring, [1])[0], E.EFAULT);
      assert.is(ring.updateBuffers(2, [buf], [0xb0f]), 1);
      ring.prepReadFixed(2, fd, buf, 0, 2);
      assert.is(results(ring, [2])[0], 4096);
      assert.ok(Buffer.from(buf).equals(Buffer.from(bytes)), 'READ_FIXED brought the file in');
      assert.is(ring.updateBuffers(2, [null], [0]), 1);
      ring.prepNop(3);
      assert.is(complete(ring, [3, 0xb0f]).of(0xb0f).res, 0);
      ring.prepReadFixed(4, fd, buf, 0, 2);
      assert.is(results(ring, [4])[0], E.EFAULT);
      ring.unregisterBuffers();
    }));

regTest('tagged buffers: replacing a buffer posts its tag and READ_FIXED then fills the new one',
  { feature: IORING_FEAT_RSRC_TAGS, what: 'IORING_REGISTER_BUFFERS2 (Linux 5.13)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const bytes = pattern(4096, 11);
      const fd = own.fd(fileWith('tagged-buf', bytes));
      const bufs = [own(ring.alloc(4096)), own(ring.alloc(8192))];
      ring.registerBuffers(bufs, [11, 22]);
      const replacement = own(ring.alloc(4096));
      assert.is(ring.updateBuffers(1, [replacement], [33]), 1);
      ring.prepReadFixed(1, fd, replacement, 0, 1);
      const got = complete(ring, [1, 22]);
      assert.equal([got.of(1).res, got.of(22).res], [4096, 0]);
      assert.ok(!got.of(11), 'the buffer left in place posts nothing');
      assert.ok(Buffer.from(replacement).equals(Buffer.from(bytes)));
      ring.unregisterBuffers();
    }));

regTest('cloneBuffers: a second ring reads into the first ring\'s registered buffer without registering it',
  { feature: IORING_FEAT_MIN_TIMEOUT, what: 'IORING_REGISTER_CLONE_BUFFERS (Linux 6.12)' }, () =>
    withRing({ entries: 4 }, (source, own) => {
      const bytes = pattern(2048, 3);
      const fd = own.fd(fileWith('clone', bytes));
      const buf = own(source.alloc(2048));
      source.registerBuffers([buf]);
      const target = new Ring(ringOptions({ entries: 4, memory: source.memory }));
      try {
        target.prepReadFixed(1, fd, buf, 0, 0);
        assert.is(results(target, [1])[0], E.EFAULT, 'nothing registered yet');
        target.cloneBuffers(source);
        target.prepReadFixed(2, fd, buf, 0, 0);
        assert.is(results(target, [2])[0], 2048);
        assert.ok(Buffer.from(buf).equals(Buffer.from(bytes)));
        // The clone is the target's own: it outlives the source's registration.
        source.unregisterBuffers();
        buf.fill(0);
        target.prepReadFixed(3, fd, buf, 0, 0);
        assert.is(results(target, [3])[0], 2048);
        assert.ok(Buffer.from(buf).equals(Buffer.from(bytes)));
      } finally {
        target.close();
      }
    }));

// ─── Provided-buffer rings ───────────────────────────────────────────────────────────────────────

regTest('a provided-buffer ring: multishot RECV takes its buffers in order, names them, and the kernel head follows',
  { op: IORING_OP_SOCKET, what: 'IORING_REGISTER_PBUF_RING (Linux 5.19)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const [a, b] = own.fds(fds.socketpair());
      const group = 9;
      const br = ring.setupBufferRing({ group, entries: 8 });
      const bufs = [0, 1, 2, 3].map(() => own(ring.alloc(64)));
      try {
        bufs.forEach((buf, i) => br.add(buf, 100 + i));
        assert.is(br.tail, 0, 'nothing published before advance()');
        br.advance();
        assert.is(br.tail, 4);
        ring.prepRecvMultishot(1, a, group);
        ring.submit();
        const messages = ['one', 'two', 'three'];
        const got = [];
        for (const text of messages) {
          writeSync(b, text);
          ring.submitAndWait(1);
          ring.reap((userData, res, flags) => got.push({ userData, res, flags }));
        }
        assert.is(got.length, 3);
        got.forEach((cqe, i) => {
          assert.is(cqe.userData, 1);
          assert.is(cqe.res, messages[i].length);
          assert.ok(cqe.flags & IORING_CQE_F_BUFFER, 'names its buffer');
          assert.ok(cqe.flags & IORING_CQE_F_MORE, 'stays armed');
          const bid = cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
          assert.is(bid, 100 + i);
          assert.is(Buffer.from(bufs[i].subarray(0, cqe.res)).toString(), messages[i]);
        });
        if (probe.supports(IORING_OP_FIXED_FD_INSTALL)) assert.is(br.head, 3, 'IORING_REGISTER_PBUF_STATUS (6.8)');
        ring.prepCancel(2, 1);
        complete(ring, [2, 1]);
      } finally {
        br.free();
      }
      // Unregistered: a buffer-select request on the group finds no buffers.
      ring.prepRecvMultishot(3, a, group);
      writeSync(b, 'x');
      assert.is(results(ring, [3])[0], E.ENOBUFS);
    }));

// ─── Restrictions ────────────────────────────────────────────────────────────────────────────────

test('restrictions: a disabled ring refuses work until enabled, then allows only what was listed', () => {
  const ring = new Ring(ringOptions({ entries: 4, flags: IORING_SETUP_R_DISABLED }));
  try {
    ring.prepNop(1);
    assert.throws(() => ring.submit(), (error) => error.code === 'EBADFD', 'a disabled ring takes no SQEs');
    ring.registerRestrictions([{ sqeOp: IORING_OP_NOP }, { registerOp: IORING_REGISTER_PROBE }]);
    ring.enableRings();
    assert.is(ring.submitAndWait(1), 1);
    assert.equal(ring.completions().map((c) => [c.userData, c.res]), [[1, 0]]);
    const buf = ring.alloc(16);
    try {
      ring.prepRead(2, 0, buf, 0);
      assert.equal(ring.submitAndReap(1).map((c) => [c.userData, c.res]), [[2, E.EACCES]]);
    } finally {
      ring.free(buf);
    }
    assert.ok(ring.probe().supports(IORING_OP_NOP), 'the allowed register opcode works');
    assert.throws(() => ring.registerPersonality(), (error) => error.code === 'EACCES');
    assert.throws(() => ring.registerRestrictions([{ sqeOp: IORING_OP_READ }]), (error) => error.code === 'EACCES',
      'nor can the restrictions be widened');
  } finally {
    ring.close();
  }
});

// ─── io-wq workers ───────────────────────────────────────────────────────────────────────────────

regTest('iowq affinity: the async worker serving a blocked read runs only on the CPU registered',
  { op: IORING_OP_MKDIRAT, what: 'IORING_REGISTER_IOWQ_AFF (Linux 5.14)' }, () => {
    // In a fresh process (support/iowq-affinity.js): workers left by other tests keep their CPUs.
    const child = new URL('./support/iowq-affinity.js', import.meta.url).pathname;
    const seen = JSON.parse(execFileSync(...jsChild([child, ringOptions().placement]),
      { encoding: 'utf8', timeout: 10_000 }));
    assert.ok(seen.workers.length > 0, 'an io-wq worker serves the read');
    assert.ok(seen.workers.every((cpus) => cpus === '0'), `workers allowed on ${seen.workers.join(' | ')}`);
    assert.is(seen.res, 4);
  });

regTest('iowq max workers: the limits set are the ones the next call reports as previous',
  { op: IORING_OP_MKDIRAT, what: 'IORING_REGISTER_IOWQ_MAX_WORKERS (Linux 5.15)' }, () =>
    withRing({ entries: 4 }, (ring) => {
      const before = ring.registerIowqMaxWorkers({ bounded: 3, unbounded: 5 });
      assert.ok(before.bounded > 0 && before.unbounded > 0, `defaults ${JSON.stringify(before)}`);
      // 0 leaves a limit as it is and still reports it.
      assert.equal(ring.registerIowqMaxWorkers({}), { bounded: 3, unbounded: 5 });
      assert.equal(ring.registerIowqMaxWorkers({ unbounded: 7 }), { bounded: 3, unbounded: 5 });
      assert.equal(ring.registerIowqMaxWorkers({}), { bounded: 3, unbounded: 7 });
    }));

// ─── The ring's own fd ───────────────────────────────────────────────────────────────────────────

regTest('a registered ring fd: submits and waits go through its slot; unregistering returns to the fd',
  { op: IORING_OP_MSG_RING, what: 'IORING_REGISTER_RING_FDS (Linux 5.18)' }, () =>
    withRing({ entries: 8 }, (ring) => {
      assert.is(ring.registeredRingSlot, -1);
      const slot = ring.registerRingFd();
      assert.ok(slot >= 0);
      assert.is(ring.registeredRingSlot, slot);
      assert.throws(() => ring.registerRingFd(), (error) => error.code === 'EBUSY');
      for (let i = 0; i < 5; i++) ring.prepNop(i);
      assert.is(ring.submitAndWait(5), 5);
      assert.equal(ring.completions().map((c) => c.userData), [0, 1, 2, 3, 4]);
      ring.unregisterRingFd();
      assert.is(ring.registeredRingSlot, -1);
      ring.prepNop(9);
      assert.equal(ring.submitAndReap(1).map((c) => c.userData), [9]);
    }));

// ─── Synchronous cancel ──────────────────────────────────────────────────────────────────────────

regTest('cancelSync cancels by user_data and by fd (all matches), and says ENOENT when nothing matches',
  { op: IORING_OP_SEND_ZC, what: 'IORING_REGISTER_SYNC_CANCEL (Linux 6.0)' }, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const [r] = own.fds(fds.pipe());
      ring.prepPollAdd(1, r, POLLIN);
      ring.prepPollAdd(2, r, POLLIN);
      ring.prepPollAdd(3, r, POLLIN);
      ring.submit();
      assert.is(ring.cqReady, 0, 'the polls wait');
      ring.cancelSync({ userData: 1 });
      assert.equal(ring.completions().map((c) => [c.userData, c.res]), [[1, E.ECANCELED]],
        'completed by the time cancelSync returned');
      ring.cancelSync({ fd: r, flags: IORING_ASYNC_CANCEL_ALL, timeoutMs: 1000 });
      const rest = ring.completions().map((c) => [c.userData, c.res]).sort();
      assert.equal(rest, [[2, E.ECANCELED], [3, E.ECANCELED]]);
      assert.throws(() => ring.cancelSync({ userData: 1 }), (error) => error.code === 'ENOENT');
    }));

// ─── NAPI, clock ─────────────────────────────────────────────────────────────────────────────────

regTest('NAPI busy polling: the timeout registered is the one unregistering reports',
  { op: IORING_OP_FTRUNCATE, what: 'IORING_REGISTER_NAPI (Linux 6.9)' }, () =>
    withRing({ entries: 4 }, (ring) => {
      ring.registerNapi(75, true);
      assert.is(ring.unregisterNapi(), 75);
    }));

regTest('registerClock: BOOTTIME and MONOTONIC are taken, other clocks refused; timed waits still time out',
  { feature: IORING_FEAT_MIN_TIMEOUT, what: 'IORING_REGISTER_CLOCK (Linux 6.12)' }, () =>
    withRing({ entries: 4 }, (ring) => {
      ring.registerClock(7); // CLOCK_BOOTTIME
      const start = process.hrtime.bigint();
      ring.submitAndWait(1, 20);
      assert.ok(msSince(start) >= 19, 'the wait measured BOOTTIME and ended');
      ring.registerClock(1); // CLOCK_MONOTONIC
      assert.throws(() => ring.registerClock(0), (error) => error.code === 'EINVAL', 'CLOCK_REALTIME is not allowed');
    }));

// ─── Waits with a timeout, messages without a ring ───────────────────────────────────────────────

regTest('submitAndWait with a timeout: returns after it when nothing completes, at once when something does',
  { feature: IORING_FEAT_EXT_ARG, what: 'IORING_ENTER_EXT_ARG (Linux 5.11)' }, () =>
    withRing({ entries: 4 }, (ring) => {
      let start = process.hrtime.bigint();
      assert.is(ring.submitAndWait(1, 30), 0);
      const waited = msSince(start);
      assert.ok(waited >= 29 && waited < 1000, `waited ${waited.toFixed(1)} ms`);
      assert.is(ring.cqReady, 0);
      ring.prepNop(1);
      start = process.hrtime.bigint();
      assert.is(ring.submitAndWait(1, 5000), 1);
      assert.ok(msSince(start) < 1000);
      assert.equal(ring.completions().map((c) => c.userData), [1]);
      assert.throws(() => ring.submitAndWait(1, -1), RangeError);
    }));

regTest('registered wait arguments: a wait names its timeout by index, nothing copied in per call',
  { op: IORING_OP_EPOLL_WAIT, what: 'IORING_REGISTER_MEM_REGION and IORING_ENTER_EXT_ARG_REG (Linux 6.13)' }, () => {
    const ring = new Ring(ringOptions({ entries: 4, flags: IORING_SETUP_R_DISABLED }));
    try {
      ring.registerWaitRegion(4);
      assert.throws(() => ring.registerWaitRegion(4), (error) => error.code === 'ERR_URING_BUSY');
      ring.enableRings();
      ring.setWaitArg(1, { timeoutMs: 30 });
      ring.setWaitArg(2, { timeoutMs: 5000 });
      let start = process.hrtime.bigint();
      assert.is(ring.submitAndWaitRegistered(1, 1), 0);
      const waited = msSince(start);
      assert.ok(waited >= 29 && waited < 1000, `entry 1 (30 ms) waited ${waited.toFixed(1)} ms`);
      ring.prepNop(7);
      start = process.hrtime.bigint();
      assert.is(ring.submitAndWaitRegistered(1, 2), 1);
      assert.ok(msSince(start) < 1000, 'a completion ends the wait at once');
      assert.equal(ring.completions().map((c) => c.userData), [7]);
      // Only the four asked for (the region is a whole page, the rest of it zeros: no timeout).
      assert.throws(() => ring.submitAndWaitRegistered(1, 4), RangeError);
      assert.throws(() => ring.setWaitArg(4), RangeError);
    } finally {
      ring.close();
    }
  });

regTest('Ring.sendMsgRing posts a completion to a ring with no ring of its own',
  { op: IORING_OP_EPOLL_WAIT, what: 'IORING_REGISTER_SEND_MSG_RING (Linux 6.13)' }, () =>
    withRing({ entries: 4 }, (ring) => {
      Ring.sendMsgRing(ring.fd, 0xfeed, 42, ring.memory);
      ring.submitAndWait(1, 1000);
      assert.equal(ring.completions().map((c) => [c.userData, c.res]), [[0xfeed, 42]]);
    }));

// ─── Resizing ────────────────────────────────────────────────────────────────────────────────────

for (const [label, extra] of [['with an SQ array', 0], ['with IORING_SETUP_NO_SQARRAY', constants.IORING_SETUP_NO_SQARRAY]]) {
regTest(`resize (${label}): pending completions and published SQEs survive, and the bigger SQ takes a bigger batch`,
  { op: IORING_OP_EPOLL_WAIT, what: 'IORING_REGISTER_RESIZE_RINGS (Linux 6.13)' }, () => {
    const flags = constants.IORING_SETUP_SINGLE_ISSUER | constants.IORING_SETUP_DEFER_TASKRUN | extra;
    const ring = new Ring(ringOptions({ entries: 4, flags }));
    try {
      if (ring.placement !== 'user-memory') {
        assert.throws(() => ring.resize(64), (error) => error.code === 'ERR_URING_PLACEMENT');
        return;
      }
      for (const ud of [1, 2, 3]) ring.prepNop(ud);
      ring.submitAndWait(3);
      ring.prepNop(4); // prepared, not submitted: carried over
      ring.resize(64, 256);
      assert.equal([ring.sqEntries, ring.cqEntries], [64, 256]);
      assert.is(ring.cqReady, 3);
      assert.is(ring.sqReady, 1);
      for (let ud = 5; ud < 5 + 60; ud++) ring.prepNop(ud);
      assert.is(ring.submitAndWait(64), 61);
      const got = ring.completions().map((c) => c.userData);
      assert.equal(got, Array.from({ length: 64 }, (_, i) => i + 1));
      // Shrinking below what is pending is refused and leaves the ring as it was.
      for (let ud = 0; ud < 10; ud++) ring.prepNop(100 + ud);
      ring.submitAndWait(10);
      assert.throws(() => ring.resize(2, 4), (error) => error.code === 'EOVERFLOW');
      assert.is(ring.sqEntries, 64);
      assert.is(ring.completions().length, 10);
    } finally {
      ring.close();
    }
  });
}

// ─── Query ───────────────────────────────────────────────────────────────────────────────────────

/** Ring.query()'s answer, or the reason this kernel gives for having none. */
const query = (() => {
  try {
    return Ring.query();
  } catch (error) {
    if (error.code !== 'EINVAL') throw error;
    return error.message;
  }
})();
(typeof query === 'object' ? test : test.skip)(`Ring.query agrees with the probe and the ring's features${
  typeof query === 'object' ? '' : ` [skipped: ${query}]`}`, () => {
  assert.is(query.requestOpcodes, probe.lastOp + 1, 'IORING_OP_LAST is one past the probe\'s last opcode');
  assert.ok(query.registerOpcodes > constants.IORING_REGISTER_QUERY, `${query.registerOpcodes} register opcodes`);
  assert.is(query.features % 2 ** 32 & features, features, 'every feature a ring reports');
  for (const flag of [IORING_SETUP_R_DISABLED, IORING_SETUP_CQE32, constants.IORING_SETUP_NO_MMAP]) {
    assert.ok(query.setupFlags % 2 ** 32 & flag, `setup flag ${flag} accepted`);
  }
  assert.ok(query.enterFlags & constants.IORING_ENTER_EXT_ARG);
  assert.ok(query.sqeFlags & IOSQE_FIXED_FILE);
});

// ─── 32-byte CQEs, NOP flags ─────────────────────────────────────────────────────────────────────

testNeeding('a CQE32 ring hands out the 16 extra bytes of each completion (zero for a plain NOP)', ['cqe32'], () => {
  withRing({ entries: 4, flags: IORING_SETUP_CQE32 }, (ring) => {
    assert.ok(ring.flags & IORING_SETUP_CQE32);
    ring.prepNop(1);
    ring.prepNop(2);
    const got = ring.submitAndReap(2);
    assert.equal(got.map((c) => [c.userData, c.res, c.flags]), [[1, 0, 0], [2, 0, 0]]);
    for (const c of got) assert.equal([...c.bigCqe], new Array(16).fill(0));
  });
});

/** Whether this kernel knows a nop flag: an unknown one fails the NOP with -EINVAL. */
function nopFlagWorks(nopFlags, ringFlags = 0) {
  return withRing({ entries: 2, flags: ringFlags }, (ring) => {
    ring.prepNopFlags(1, nopFlags, 5);
    return results(ring, [1])[0] !== E.EINVAL;
  });
}
// Tried only where CQE32 rings and NOP flags exist (a setup with an unknown flag throws).
const nopCqe32 = lacks(['cqe32', NEEDS.nop_flags]) ??
  (nopFlagWorks(IORING_NOP_CQE32, IORING_SETUP_CQE32) ? null : 'this kernel answers -EINVAL to IORING_NOP_CQE32 (Linux 6.18)');
(nopCqe32 ? test.skip : test)(`NOP with IORING_NOP_CQE32 fills big_cqe with off and addr${nopCqe32 ? ` [skipped: ${nopCqe32}]` : ''}`, () => {
  withRing({ entries: 4, flags: IORING_SETUP_CQE32 }, (ring) => {
    ring.prepNopFlags(7, IORING_NOP_CQE32 | IORING_NOP_INJECT_RESULT, 99, -1, 0, 0x1122334455, 2 ** 52 + 3);
    const [c] = ring.submitAndReap(1);
    assert.equal([c.userData, c.res], [7, 99]);
    const words = new DataView(c.bigCqe.buffer, c.bigCqe.byteOffset, 16);
    assert.is(words.getBigUint64(0, true), 0x1122334455n);
    assert.is(words.getBigUint64(8, true), 2n ** 52n + 3n);
  });
});

test.run();
