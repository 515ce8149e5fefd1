// The control and synchronisation opcodes and variants after Linux 5.8, against the real kernel:
// messages between rings, futexes, waitid, epoll_wait, multishot and updated polls, updated
// timeouts, cancellation by file and of anything, and NOP's flags. Each test checks the effect
// (the message in the other ring's CQ, the waiter really woken, the child's exit status...).
import { test } from 'uvu';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readSync, writeFileSync, writeSync } from './support/fs.js';
import { join } from 'node:path';
import { Ring } from '../dist/src/index.js';
import { fds } from './support/fds.js';
import { fileIn, tempDir } from './support/tmp.js';
import {
  E, eventfdAdd, complete, constants, kernelProbe, linux, msSince, opTest, pattern, assertBytes, results, ringOptions, withRing,
} from './support/harness.js';

const {
  IORING_OP_NOP, IORING_OP_MSG_RING, IORING_OP_READ, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE,
  IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE, IORING_OP_ASYNC_CANCEL, IORING_OP_FUTEX_WAIT,
  IORING_OP_FUTEX_WAKE, IORING_OP_FUTEX_WAITV, IORING_OP_WAITID, IORING_OP_EPOLL_CTL, IORING_OP_EPOLL_WAIT,
  IORING_OP_NOP128, IORING_OP_URING_CMD128, SOCKET_URING_OP_SIOCINQ,
  IOSQE_FIXED_FILE, IOSQE_IO_LINK, IORING_CQE_F_MORE, IORING_TIMEOUT_MULTISHOT, IORING_TIMEOUT_ETIME_SUCCESS,
  IORING_LINK_TIMEOUT_UPDATE, IORING_TIMEOUT_ABS, IORING_TIMEOUT_REALTIME, IORING_OP_LINK_TIMEOUT, IORING_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_USER_DATA,
  IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ANY, IORING_MSG_RING_CQE_SKIP, IORING_SETUP_SQE_MIXED, POLLIN, POLLOUT,
  P_PID, WEXITED, WNOWAIT,
} = constants;

const dir = tempDir();
/** EBADFD (77): an fd that is not of the kind asked for; not in Node's os.constants.errno. */
const EBADFD = -77;
const SIGCHLD = 17;
const CLD_EXITED = 1;

/** A file in the temp dir with `contents`, open for reading (the caller owns the fd). */
const fileWith = (name, contents) => fileIn(dir, name, contents);

/** A second ring for the tests that need two: `body(other)`, the ring always closed after. */
function withOtherRing(body) {
  const other = new Ring(ringOptions({ entries: 8 }));
  try {
    return body(other);
  } finally {
    other.close();
  }
}

/** A 4-byte futex word in ring memory holding `value` (freed through `own`). */
function futexWord(ring, own, value) {
  const bytes = own(ring.alloc(4, 4));
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset, 1);
  view[0] = value;
  return { bytes, view };
}

/**
 * Registers a test of a variant that is a flag, not an opcode: on a kernel whose probe has the
 * opcodes, `trial()` tries the flag once (at load) and the test is skipped, naming the flag, when
 * the kernel answers -EINVAL; `trial` may instead return a string saying why it is unsupported.
 */
function variantTest(runner, name, opcodes, variant, trial, fn) {
  if (opcodes.every((op) => kernelProbe().supports(op))) {
    const answer = trial();
    const reason = answer === E.EINVAL ? `the kernel answers -EINVAL to ${variant}` : typeof answer === 'string' ? answer : null;
    if (reason) {
      runner.skip(`${name} [skipped: ${reason}]`, fn);
      return;
    }
  }
  opTest(runner, name, opcodes, fn);
}

/** Asserts nothing has completed yet (what is pending stays pending). */
function assertPending(ring, what) {
  ring.submit();
  assert.is(ring.cqReady, 0, `${what} is still pending`);
}

// ─── MSG_RING ────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'MSG_RING posts a CQE with the given userData and res into another ring', [IORING_OP_MSG_RING], () =>
  withRing({ entries: 8 }, (ring) => withOtherRing((other) => {
    const DATA = 2 ** 40 + 0x1234, RES = 0x7eadbeef;
    ring.prepMsgRing(1, other.fd, RES, DATA);
    assert.equal(results(ring, [1]), [0], 'the sender completes with 0');
    assert.is(other.cqReady, 1, 'the message waits in the other ring\'s CQ, nothing submitted there');
    assert.equal(other.completions(), [{ userData: DATA, res: RES, flags: 0 }]);
    assert.is(ring.cqReady, 0, 'nothing more for the sender');
  })));

variantTest(test, 'MSG_RING with CQE flags (IORING_MSG_RING_FLAGS_PASS): the flags arrive in the other ring\'s CQE', [IORING_OP_MSG_RING], 'IORING_MSG_RING_FLAGS_PASS',
  () => withRing({ entries: 4 }, (ring) => withOtherRing((other) => {
    ring.prepMsgRingCqeFlags(1, other.fd, 0, 1, 0, 0);
    const [res] = results(ring, [1]);
    other.completions();
    return res;
  })),
  () => withRing({ entries: 8 }, (ring) => withOtherRing((other) => {
    // Bits no kernel sets on a MSG_RING CQE by itself (not F_BUFFER, not F_MORE).
    const FLAGS = 0xabcd_0000 | 1 << 4;
    ring.prepMsgRingCqeFlags(1, other.fd, -5, 77, 0, FLAGS >>> 0);
    assert.equal(results(ring, [1]), [0]);
    assert.equal(other.completions(), [{ userData: 77, res: -5, flags: FLAGS >>> 0 }]);
  })));

opTest(test, 'MSG_RING passes a registered file into another ring\'s table: a fixed-file READ there reads it', [IORING_OP_MSG_RING, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => withOtherRing((other) => {
    const data = pattern(300, 41);
    const fd = fileWith('passed', data);
    ring.registerFiles([fd]);
    closeSync(fd); // from here on the file lives only in ring's table
    other.registerFiles([-1, -1, -1]); // an empty table with room for it
    ring.prepMsgRingFd(1, other.fd, 0, 2, 0x55);
    assert.equal(results(ring, [1]), [0]);
    ring.unregisterFiles(); // and from here on only in other's
    assert.equal(other.completions(), [{ userData: 0x55, res: 0, flags: 0 }], 'the target is told, with our data');
    const buf = other.alloc(400);
    try {
      other.setSqeFlags(other.prepRead(2, 2, buf, 0), IOSQE_FIXED_FILE);
      other.setSqeFlags(other.prepRead(3, 1, buf, 0), IOSQE_FIXED_FILE);
      assert.equal(results(other, [2, 3]), [300, E.EBADF], 'slot 2 holds the file, slot 1 is still empty');
      assertBytes(buf.subarray(0, 300), data, 'bytes read through the passed file');
    } finally {
      other.free(buf);
    }
  })));

opTest(test, 'MSG_RING fd passing with IORING_MSG_RING_CQE_SKIP fills the slot but posts nothing to the target', [IORING_OP_MSG_RING, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => withOtherRing((other) => {
    const fd = own.fd(fileWith('quiet', 'silently passed'));
    ring.registerFiles([fd]);
    other.registerFiles([-1]);
    ring.prepMsgRingFd(1, other.fd, 0, 0, 0x66, IORING_MSG_RING_CQE_SKIP);
    assert.equal(results(ring, [1]), [0]);
    assert.is(other.cqReady, 0, 'no CQE in the target');
    const buf = other.alloc(32);
    try {
      other.setSqeFlags(other.prepRead(2, 0, buf, 0), IOSQE_FIXED_FILE);
      assert.equal(results(other, [2]), [15]);
      assert.is(Buffer.from(buf.subarray(0, 15)).toString('latin1'), 'silently passed');
    } finally {
      other.free(buf);
    }
  })));

opTest(test, 'MSG_RING to an fd that is not a ring fails with -EBADFD', [IORING_OP_MSG_RING], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    ring.prepMsgRing(1, r, 1, 2);
    assert.equal(results(ring, [1]), [EBADFD]);
  }));

// ─── FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAITV ─────────────────────────────────────────────────────────

opTest(test, 'FUTEX_WAIT stays pending until a FUTEX_WAKE of its word, which reports 1 waiter woken', [IORING_OP_FUTEX_WAIT, IORING_OP_FUTEX_WAKE, IORING_OP_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const word = futexWord(ring, own, 7);
    const other = futexWord(ring, own, 7);
    ring.prepFutexWait(1, word.bytes, 7);
    ring.prepTimeout(2, own(ring.memory.timespec(20)));
    assert.equal(complete(ring, [2]).map((c) => c.userData), [2], '20 ms go by: only the timer completes');
    ring.prepFutexWake(3, other.bytes, 1);
    assert.equal(results(ring, [3]), [0], 'waking another word wakes nobody');
    assertPending(ring, 'the wait');
    ring.prepFutexWake(4, word.bytes, 10);
    const got = complete(ring, [1, 4]);
    assert.is(got.of(4).res, 1, 'one waiter woken');
    assert.is(got.of(1).res, 0, 'the wait completes with 0');
    assert.is(word.view[0], 7, 'the word itself untouched');
  }));

opTest(test, 'FUTEX_WAIT on a word not holding the value completes at once with -EAGAIN', [IORING_OP_FUTEX_WAIT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const word = futexWord(ring, own, 7);
    ring.prepFutexWait(1, word.bytes, 8);
    assert.equal(results(ring, [1]), [E.EAGAIN]);
  }));

opTest(test, 'FUTEX_WAITV over two words, woken on the second, completes with index 1', [IORING_OP_FUTEX_WAITV, IORING_OP_FUTEX_WAKE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const first = futexWord(ring, own, 1);
    const second = futexWord(ring, own, 2);
    const waitv = own(ring.memory.futexWaitv([{ futex: first.bytes, value: 1 }, { futex: second.bytes, value: 2 }]));
    ring.prepFutexWaitv(1, waitv, 2);
    assertPending(ring, 'the WAITV');
    ring.prepFutexWake(2, second.bytes, 1);
    const got = complete(ring, [1, 2]);
    assert.is(got.of(2).res, 1, 'the WAITV was the waiter woken');
    assert.is(got.of(1).res, 1, 'index of the word woken');
  }));

opTest(test, 'FUTEX_WAITV with one word not holding its value completes at once with -EAGAIN', [IORING_OP_FUTEX_WAITV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const first = futexWord(ring, own, 1);
    const second = futexWord(ring, own, 2);
    const waitv = own(ring.memory.futexWaitv([{ futex: first.bytes, value: 1 }, { futex: second.bytes, value: 3 }]));
    ring.prepFutexWaitv(1, waitv, 2);
    assert.equal(results(ring, [1]), [E.EAGAIN]);
  }));

// ─── WAITID ──────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'WAITID waits for a child to exit: res 0, the siginfo has its pid and exit status', [IORING_OP_WAITID], async () => {
  const child = spawn('sh', ['-c', 'sleep 0.05; exit 3'], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  try {
    withRing({ entries: 8 }, (ring, own) => {
      const info = own(ring.alloc(128));
      // WNOWAIT leaves the child to be reaped by Node, which is waiting for it too.
      ring.prepWaitid(1, P_PID, child.pid, info, WEXITED | WNOWAIT);
      assertPending(ring, 'the wait for a child still sleeping');
      assert.equal(results(ring, [1]), [0]);
      const si = new DataView(info.buffer, info.byteOffset, 128);
      assert.equal({
        signo: si.getInt32(0, true), code: si.getInt32(8, true), pid: si.getInt32(16, true), status: si.getInt32(24, true),
      }, { signo: SIGCHLD, code: CLD_EXITED, pid: child.pid, status: 3 });
    });
  } finally {
    const [code] = await exited;
    assert.is(code, 3, 'and Node saw the same exit');
  }
});

opTest(test, 'WAITID for a pid that is not our child fails with -ECHILD', [IORING_OP_WAITID], () =>
  withRing({ entries: 8 }, (ring, own) => {
    ring.prepWaitid(1, P_PID, 1, own(ring.alloc(128)), WEXITED);
    assert.equal(results(ring, [1]), [E.ECHILD]);
  }));

// ─── EPOLL_WAIT ──────────────────────────────────────────────────────────────────────────────────

opTest(test, 'EPOLL_WAIT stays pending while the set is idle, then returns the readable fd\'s event and data', [IORING_OP_EPOLL_CTL, IORING_OP_EPOLL_WAIT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const epfd = own.fd(fds.epollCreate());
    const efd = own.fd(fds.eventfd());
    const [r] = own.fds(fds.pipe());
    const DATA = 2 ** 44 + 0x5eed;
    ring.prepEpollCtl(1, epfd, efd, linux.EPOLL_CTL_ADD, own(ring.memory.epollEvent(linux.EPOLLIN, DATA)));
    ring.prepEpollCtl(2, epfd, r, linux.EPOLL_CTL_ADD, own(ring.memory.epollEvent(linux.EPOLLIN, 9)));
    assert.equal(results(ring, [1, 2]), [0, 0]);
    const events = own(ring.memory.epollEvents(4));
    ring.prepEpollWait(3, epfd, events, 4);
    assertPending(ring, 'the epoll wait');
    eventfdAdd(efd, 1);
    assert.equal(results(ring, [3]), [1], 'one event');
    assert.equal(ring.memory.readEpollEvents(events, 1), [{ events: linux.EPOLLIN, data: DATA }]);
  }));

opTest(test, 'EPOLL_WAIT on an fd that is not an epoll fd fails with -EINVAL', [IORING_OP_EPOLL_WAIT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const efd = own.fd(fds.eventfd());
    ring.prepEpollWait(1, efd, own(ring.memory.epollEvents(1)), 1);
    assert.equal(results(ring, [1]), [E.EINVAL]);
  }));

// ─── POLL multishot and update, TIMEOUT update ───────────────────────────────────────────────────

opTest(test, 'multishot POLL_ADD posts one CQE with IORING_CQE_F_MORE per wakeup, and a last one when removed', [IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    ring.prepPollMultishot(1, r, POLLIN);
    assertPending(ring, 'the poll of an empty pipe');
    const drain = Buffer.alloc(16);
    for (let round = 0; round < 3; round++) {
      writeSync(w, 'x');
      const got = complete(ring, [1]);
      assert.equal(got.map((c) => [c.userData, c.res, c.flags & IORING_CQE_F_MORE]), [[1, POLLIN, IORING_CQE_F_MORE]], `round ${round}`);
      assert.is(readSync(r, drain), 1);
      assertPending(ring, 'the poll, still armed,');
    }
    ring.prepPollRemove(2, 1);
    const got = complete(ring, [1, 2]);
    assert.equal(got.of(2).res, 0);
    assert.equal([got.of(1).res, got.of(1).flags & IORING_CQE_F_MORE], [E.ECANCELED, 0], 'the last CQE has no F_MORE');
  }));

opTest(test, 'POLL update gives a pending poll a new mask and userData: it fires under the new userData', [IORING_OP_POLL_ADD, NEEDS.poll_update, IORING_OP_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    // The read end of a pipe never reports POLLOUT: this poll waits.
    ring.prepPollAdd(1, r, POLLOUT);
    ring.prepTimeout(2, own(ring.memory.timespec(20)));
    assert.equal(complete(ring, [2]).map((c) => c.userData), [2], 'only the timer in 20 ms');
    ring.prepPollUpdate(3, 1, 4, POLLIN, IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA);
    assert.equal(results(ring, [3]), [0], 'the update succeeds');
    // Data after the update (Debian 11's 5.10, with 5.15's io_uring, does not re-check a file
    // that was ready before the update; 6.1 and later fire at once).
    writeSync(w, 'data');
    const got = complete(ring, [4]);
    assert.equal(got.map((c) => [c.userData, c.res]), [[4, POLLIN]], 'the poll fires as userData 4, never as 1');
    ring.prepPollUpdate(5, 1, 6, POLLIN, IORING_POLL_UPDATE_EVENTS | IORING_POLL_UPDATE_USER_DATA);
    ring.prepPollUpdate(6, 4, 0, POLLIN, IORING_POLL_UPDATE_EVENTS);
    assert.equal(results(ring, [5, 6]), [E.ENOENT, E.ENOENT], 'nothing left to update, by either userData');
  }));

opTest(test, 'TIMEOUT update shortens a pending 10 s timeout: it fires after the new 20 ms', [IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    ring.prepTimeout(1, own(ring.memory.timespec(10_000)));
    assertPending(ring, 'the timeout');
    const start = process.hrtime.bigint();
    ring.prepTimeoutUpdate(2, own(ring.memory.timespec(20)), 1);
    ring.prepTimeoutUpdate(3, own(ring.memory.timespec(20)), 999);
    const got = complete(ring, [1, 2, 3]);
    const elapsed = msSince(start);
    assert.equal([got.of(1).res, got.of(2).res, got.of(3).res], [E.ETIME, 0, E.ENOENT]);
    assert.ok(elapsed >= 19, `fired after ${elapsed.toFixed(2)} ms`);
    assert.ok(elapsed < 1000, `long before the 10 s (${elapsed.toFixed(2)} ms)`);
  }));

variantTest(test, 'multishot TIMEOUT fires every interval, count times: F_MORE on all but the last', [IORING_OP_TIMEOUT], 'IORING_TIMEOUT_MULTISHOT',
  () => withRing({ entries: 4 }, (ring, own) => {
    ring.prepTimeout(1, own(ring.memory.timespec(1)), 1, IORING_TIMEOUT_MULTISHOT);
    return results(ring, [1])[0];
  }),
  () => withRing({ entries: 8 }, (ring, own) => {
    const start = process.hrtime.bigint();
    ring.prepTimeout(1, own(ring.memory.timespec(10)), 3, IORING_TIMEOUT_MULTISHOT);
    const shots = [];
    while (shots.length < 4 && (shots.length === 0 || shots.at(-1).flags & IORING_CQE_F_MORE)) shots.push(...complete(ring, [1]));
    const elapsed = msSince(start);
    assert.equal(shots.map((c) => [c.res, c.flags & IORING_CQE_F_MORE]),
      [[E.ETIME, IORING_CQE_F_MORE], [E.ETIME, IORING_CQE_F_MORE], [E.ETIME, 0]]);
    assert.ok(elapsed >= 29, `three 10 ms intervals took ${elapsed.toFixed(2)} ms`);
    assert.ok(elapsed < 1000, `${elapsed.toFixed(2)} ms`);
  }));

opTest(test, 'TIMEOUT with IORING_TIMEOUT_ETIME_SUCCESS still says -ETIME but no longer breaks its link', [IORING_OP_TIMEOUT, IORING_OP_NOP, 'timeout_etime_success'], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const ts = own(ring.memory.timespec(5));
    ring.setSqeFlags(ring.prepTimeout(1, ts), IOSQE_IO_LINK);
    ring.prepNop(2);
    ring.setSqeFlags(ring.prepTimeout(3, ts, 0, IORING_TIMEOUT_ETIME_SUCCESS), IOSQE_IO_LINK);
    ring.prepNop(4);
    // Measured: the flag only spares the link (the request is not marked failed); res stays -ETIME.
    assert.equal(results(ring, [1, 2, 3, 4]), [E.ETIME, E.ECANCELED, E.ETIME, 0]);
  }));

opTest(test, 'LINK_TIMEOUT update (IORING_LINK_TIMEOUT_UPDATE) shortens a pending link timeout', [IORING_OP_READ, IORING_OP_LINK_TIMEOUT, IORING_OP_TIMEOUT_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    ring.setSqeFlags(ring.prepRead(1, r, own(ring.alloc(16)), -1), IOSQE_IO_LINK);
    ring.prepLinkTimeout(2, own(ring.memory.timespec(10_000)));
    assertPending(ring, 'the read and its 10 s timeout');
    const start = process.hrtime.bigint();
    ring.prepTimeoutUpdate(3, own(ring.memory.timespec(20)), 2, IORING_LINK_TIMEOUT_UPDATE);
    const got = complete(ring, [1, 2, 3]);
    const elapsed = msSince(start);
    assert.equal([got.of(1).res, got.of(2).res, got.of(3).res], [E.ECANCELED, E.ETIME, 0]);
    assert.ok(elapsed >= 19 && elapsed < 1000, `the read cancelled after ${elapsed.toFixed(2)} ms`);
  }));

opTest(test, 'an absolute TIMEOUT on IORING_TIMEOUT_REALTIME fires at that wall-clock time; on the default clock it would not', [IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const start = process.hrtime.bigint();
    const deadline = own(ring.memory.timespec(Date.now() + 30));
    ring.prepTimeout(1, deadline, 0, IORING_TIMEOUT_ABS | IORING_TIMEOUT_REALTIME);
    ring.prepTimeout(2, deadline, 0, IORING_TIMEOUT_ABS); // CLOCK_MONOTONIC: decades away
    const got = complete(ring, [1]);
    const elapsed = msSince(start);
    assert.equal(got.map((c) => [c.userData, c.res]), [[1, E.ETIME]]);
    assert.ok(elapsed >= 20 && elapsed < 1000, `fired after ${elapsed.toFixed(2)} ms`);
    ring.prepTimeoutRemove(3, 2);
    assert.equal(results(ring, [2, 3]), [E.ECANCELED, 0], 'the monotonic one was still pending');
  }));

// ─── ASYNC_CANCEL by fd, of any ──────────────────────────────────────────────────────────────────

opTest(test, 'ASYNC_CANCEL by fd with CANCEL_ALL cancels every request on that file, and only those', [IORING_OP_READ, IORING_OP_POLL_ADD, NEEDS.cancel_fd], () =>
  withRing({ entries: 16 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const [r2, w2] = own.fds(fds.pipe());
    const buf = own(ring.alloc(16));
    ring.prepRead(1, r, buf, -1);
    ring.prepRead(2, r, buf, -1);
    ring.prepPollAdd(3, r, POLLIN);
    ring.prepRead(4, r2, buf, -1);
    assertPending(ring, 'every read and poll');
    ring.prepCancelFd(5, r, IORING_ASYNC_CANCEL_ALL);
    ring.prepCancelFd(6, w, IORING_ASYNC_CANCEL_ALL);
    const got = complete(ring, [1, 2, 3, 5, 6]);
    assert.equal([1, 2, 3].map((ud) => got.of(ud).res), [E.ECANCELED, E.ECANCELED, E.ECANCELED]);
    assert.is(got.of(5).res, 3, 'res counts the requests cancelled');
    assert.is(got.of(6).res, 0, 'none pending on the write end: a count of 0 (not -ENOENT)');
    assert.not.ok(got.of(4), 'the read on the other pipe was left alone');
    writeSync(w2, 'y');
    assert.equal(results(ring, [4]), [1], 'and still completes');
  }));

opTest(test, 'ASYNC_CANCEL by fd without CANCEL_ALL cancels just one request', [IORING_OP_READ, NEEDS.cancel_fd], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const buf = own(ring.alloc(16));
    ring.prepRead(1, r, buf, -1);
    ring.prepRead(2, r, buf, -1);
    assertPending(ring, 'both reads');
    ring.prepCancelFd(3, r);
    const got = complete(ring, [3]);
    const cancelled = got.filter((c) => c.res === E.ECANCELED);
    assert.is(got.of(3).res, 0);
    assert.is(cancelled.length, 1, 'one read cancelled');
    const left = cancelled[0].userData === 1 ? 2 : 1;
    writeSync(w, 'z');
    assert.equal(results(ring, [left]), [1], 'the other still reads');
  }));

opTest(test, 'ASYNC_CANCEL with CANCEL_ANY cancels every pending request, whatever its userData, and counts them', [IORING_OP_READ, IORING_OP_POLL_ADD, NEEDS.cancel_fd], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    const [r2] = own.fds(fds.pipe());
    const buf = own(ring.alloc(16));
    ring.prepRead(10, r, buf, -1);
    ring.prepPollAdd(20, r2, POLLIN);
    ring.prepRead(2 ** 50, r2, buf, -1);
    assertPending(ring, 'the reads and the poll');
    // ANY implies ALL (the kernel's "all" is ALL or ANY).
    ring.prepCancel(1, 0, IORING_ASYNC_CANCEL_ANY);
    const got = complete(ring, [1, 10, 20, 2 ** 50]);
    assert.equal(got.of(1).res, 3, 'three cancelled');
    assert.equal([10, 20, 2 ** 50].map((ud) => got.of(ud).res), [E.ECANCELED, E.ECANCELED, E.ECANCELED]);
    assert.is(ring.inFlight, 0);
    ring.prepCancel(2, 0, IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL);
    assert.equal(results(ring, [2]), [0], 'nothing left: a count of 0');
  }));

// ─── NOP's flags ─────────────────────────────────────────────────────────────────────────────────

const {
  IORING_NOP_INJECT_RESULT, IORING_NOP_FILE, IORING_NOP_FIXED_FILE, IORING_NOP_FIXED_BUFFER, IORING_NOP_TW,
} = constants;

/**
 * Whether this kernel knows nop flag `flag` (tried with the arguments `rest`): undefined when it does, else
 * why not. A kernel that knows nop_flags refuses an unknown one with -EINVAL; an older one ignores
 * them all, which an undefined bit tells.
 */
function nopFlagTrial(flag, name, rest = []) {
  return () => withRing({ entries: 4 }, (ring) => {
    // One at a time: an SQE refused with -EINVAL ends the batch submitted with it.
    ring.prepNopFlags(1, 1 << 30);
    const [unknown] = results(ring, [1]);
    ring.prepNopFlags(2, flag, ...rest);
    const [res] = results(ring, [2]);
    if (unknown !== E.EINVAL) return `the kernel ignores nop_flags (NOP answers ${unknown} to an undefined flag)`;
    return res === E.EINVAL ? `the kernel answers -EINVAL to ${name}` : undefined;
  });
}

variantTest(test, 'NOP with IORING_NOP_INJECT_RESULT completes with the injected res', [IORING_OP_NOP], 'IORING_NOP_INJECT_RESULT',
  nopFlagTrial(IORING_NOP_INJECT_RESULT, 'IORING_NOP_INJECT_RESULT'),
  () => withRing({ entries: 8 }, (ring) => {
    const values = [42, E.ENOENT, 0x7fff_ffff, -0x8000_0000];
    values.forEach((result, i) => ring.prepNopFlags(i + 1, IORING_NOP_INJECT_RESULT, result));
    ring.prepNopFlags(9, 0, 42);
    assert.equal(results(ring, [1, 2, 3, 4, 9]), [...values, 0], 'without the flag, len is ignored');
  }));

variantTest(test, 'NOP with IORING_NOP_FILE looks the fd up: 0 for an open file, -EBADF for none', [IORING_OP_NOP], 'IORING_NOP_FILE',
  nopFlagTrial(IORING_NOP_FILE, 'IORING_NOP_FILE', [0, 0]),
  () => withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    ring.prepNopFlags(1, IORING_NOP_FILE, 0, r);
    ring.prepNopFlags(2, IORING_NOP_FILE, 0, 1_000_000);
    ring.prepNopFlags(3, IORING_NOP_FILE | IORING_NOP_INJECT_RESULT, 5, r);
    assert.equal(results(ring, [1, 2, 3]), [0, E.EBADF, 5]);
  }));

variantTest(test, 'NOP with IORING_NOP_FIXED_FILE looks a registered slot up: 0 when filled, -EBADF when empty', [IORING_OP_NOP], 'IORING_NOP_FIXED_FILE',
  nopFlagTrial(IORING_NOP_FILE | IORING_NOP_FIXED_FILE, 'IORING_NOP_FIXED_FILE', [0, 0]),
  () => withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    ring.registerFiles([-1, r]);
    ring.prepNopFlags(1, IORING_NOP_FILE | IORING_NOP_FIXED_FILE, 0, 1);
    ring.prepNopFlags(2, IORING_NOP_FILE | IORING_NOP_FIXED_FILE, 0, 0);
    ring.prepNopFlags(3, IORING_NOP_FILE | IORING_NOP_FIXED_FILE, 0, 5);
    assert.equal(results(ring, [1, 2, 3]), [0, E.EBADF, E.EBADF]);
  }));

variantTest(test, 'NOP with IORING_NOP_FIXED_BUFFER looks a registered buffer up: 0 when there, -EFAULT when not', [IORING_OP_NOP], 'IORING_NOP_FIXED_BUFFER',
  nopFlagTrial(IORING_NOP_FIXED_BUFFER, 'IORING_NOP_FIXED_BUFFER'),
  () => withRing({ entries: 8 }, (ring, own) => {
    ring.prepNopFlags(1, IORING_NOP_FIXED_BUFFER, 0, -1, 0);
    assert.equal(results(ring, [1]), [E.EFAULT], 'no buffers registered');
    ring.registerBuffers([own(ring.alloc(4096, 4096)), own(ring.alloc(4096, 4096))]);
    ring.prepNopFlags(2, IORING_NOP_FIXED_BUFFER, 0, -1, 1);
    ring.prepNopFlags(3, IORING_NOP_FIXED_BUFFER, 0, -1, 2);
    assert.equal(results(ring, [2, 3]), [0, E.EFAULT]);
  }));

variantTest(test, 'NOP with IORING_NOP_TW completes through task work with its (injected) res', [IORING_OP_NOP], 'IORING_NOP_TW',
  nopFlagTrial(IORING_NOP_TW, 'IORING_NOP_TW'),
  () => withRing({ entries: 8 }, (ring) => {
    ring.prepNopFlags(1, IORING_NOP_TW);
    ring.prepNopFlags(2, IORING_NOP_TW | IORING_NOP_INJECT_RESULT, 1234);
    assert.equal(results(ring, [1, 2]), [0, 1234]);
  }));

// ─── NOP128 / URING_CMD128 (Linux 6.19) ──────────────────────────────────────────────────────────

opTest(test, 'NOP128 in an SQE_MIXED ring completes with res 0 among 64-byte NOPs, also at the ring\'s end', [IORING_OP_NOP128, IORING_OP_NOP], () =>
  withRing({ entries: 8, flags: IORING_SETUP_SQE_MIXED }, (ring) => {
    // NOP, NOP128, NOP, NOP, NOP: 7 slots (a NOP128 takes two), all consumed by the kernel.
    [false, true, false, false, false].forEach((wide, i) => (wide ? ring.prepNop128(i + 1) : ring.prepNop(i + 1)));
    ring.submit();
    assert.is(ring.indices.sqeTail, 7);
    // Slot 7 is the last: a NOP128 there would straddle the end, so a NOP that posts no CQE
    // pads it and the NOP128 takes slots 0 and 1 (liburing's io_uring_get_sqe128 does the same).
    ring.prepNop128(6);
    assert.is(ring.indices.sqeTail, 10, 'padding and two slots');
    const uds = [1, 2, 3, 4, 5, 6];
    const got = complete(ring, uds);
    assert.equal(got.map((c) => [c.userData, c.res]).sort((a, b) => a[0] - b[0]), uds.map((ud) => [ud, 0]),
      'one CQE each, res 0, none for the padding');
  }));

opTest(test, 'URING_CMD128 in an SQE_MIXED ring: SIOCINQ on a socket answers the bytes waiting', [IORING_OP_URING_CMD128], () =>
  withRing({ entries: 8, flags: IORING_SETUP_SQE_MIXED }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    writeSync(a, 'seven b');
    ring.prepNop(1);
    ring.prepUringCmd128(2, SOCKET_URING_OP_SIOCINQ, b);
    ring.prepUringCmd128(3, SOCKET_URING_OP_SIOCINQ, a);
    assert.equal(results(ring, [1, 2, 3]), [0, 7, 0]);
  }));

test.run();
