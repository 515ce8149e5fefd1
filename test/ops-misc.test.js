// The remaining seed opcodes (NOP, timeouts, poll, cancel, madvise, epoll, tee, provided buffers),
// registration round trips, the probe, and errors — all against the real kernel.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { openSync, readSync, writeFileSync, writeSync } from './support/fs.js';
import { join } from 'node:path';
import { Ring, opcodeName } from '../dist/src/index.js';
import { fds } from './support/fds.js';
import { fileIn, tempDir } from './support/tmp.js';
import {
  E, eventfdAdd, assertBytes, complete, constants, kernelProbe, linux, msSince, opTest, pattern, results, ringBytes, ringOptions,
  withRing,
} from './support/harness.js';

const {
  IORING_OP_NOP, IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE,
  IORING_OP_ASYNC_CANCEL, IORING_OP_LINK_TIMEOUT, IORING_OP_READ, IORING_OP_WRITE, IORING_OP_MADVISE,
  IORING_OP_EPOLL_CTL, IORING_OP_TEE, IORING_OP_PROVIDE_BUFFERS, IORING_OP_REMOVE_BUFFERS, IORING_OP_RECV,
  IORING_OP_CLOSE, IORING_OP_FSYNC, IORING_OP_URING_CMD,
  IOSQE_IO_LINK, IOSQE_FIXED_FILE, IOSQE_ASYNC, IOSQE_BUFFER_SELECT, IORING_CQE_F_BUFFER,
  IORING_CQE_BUFFER_SHIFT, POLLIN,
} = constants;

const dir = tempDir();
const BAD_FD = 1_000_000;

/** A file in the temp dir with `contents`, open for reading (the caller owns the fd). */
const fileWith = (name, contents) => fileIn(dir, name, contents);

// ─── NOP ─────────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'NOP completes with res 0 and its userData intact, up to 2^53 - 1', [IORING_OP_NOP], () =>
  withRing({ entries: 8 }, (ring) => {
    const uds = [0, 1, 0xffff_ffff, 2 ** 32 + 5, 2 ** 53 - 1];
    for (const ud of uds) ring.prepNop(ud);
    const got = complete(ring, uds);
    assert.equal(got.map(({ userData, res, flags }) => [userData, res, flags]), uds.map((ud) => [ud, 0, 0]));
  }));

// ─── TIMEOUT, TIMEOUT_REMOVE, LINK_TIMEOUT ────────────────────────────────────────────────────────

opTest(test, 'TIMEOUT fires with -ETIME no sooner than the time asked', [IORING_OP_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const start = process.hrtime.bigint();
    ring.prepTimeout(1, own(ring.memory.timespec(20)));
    const got = complete(ring, [1]);
    const elapsed = msSince(start);
    assert.is(got.of(1).res, E.ETIME);
    assert.ok(elapsed >= 20, `fired after ${elapsed.toFixed(2)} ms`);
    assert.ok(elapsed < 1000, `and not much later (${elapsed.toFixed(2)} ms)`);
  }));

opTest(test, 'TIMEOUT with a count completes with 0 once that many other requests completed', [IORING_OP_TIMEOUT, IORING_OP_NOP], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const start = process.hrtime.bigint();
    ring.prepTimeout(1, own(ring.memory.timespec(5000)), 2);
    ring.submit();
    ring.prepNop(2);
    ring.prepNop(3);
    const got = complete(ring, [1, 2, 3]);
    assert.equal(got.map((c) => [c.userData, c.res]), [[2, 0], [3, 0], [1, 0]]);
    assert.ok(msSince(start) < 1000, 'well before the 5 s');
  }));

opTest(test, 'TIMEOUT_REMOVE cancels a pending TIMEOUT: it completes with -ECANCELED, the remove with 0', [IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const start = process.hrtime.bigint();
    ring.prepTimeout(1, own(ring.memory.timespec(10_000)));
    ring.submit();
    assert.is(ring.cqReady, 0, 'the timeout is pending');
    ring.prepTimeoutRemove(2, 1);
    ring.prepTimeoutRemove(3, 999); // nothing by that userData
    assert.equal(results(ring, [1, 2, 3]), [E.ECANCELED, 0, E.ENOENT]);
    assert.ok(msSince(start) < 1000, 'cancelled, not expired');
  }));

opTest(test, 'LINK_TIMEOUT cancels a linked READ that does not complete in time', [IORING_OP_READ, IORING_OP_LINK_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r] = own.fds(fds.pipe());
    const start = process.hrtime.bigint();
    ring.setSqeFlags(ring.prepRead(1, r, own(ring.alloc(16)), -1), IOSQE_IO_LINK);
    ring.prepLinkTimeout(2, own(ring.memory.timespec(20)));
    const got = complete(ring, [1, 2]);
    const elapsed = msSince(start);
    // The kernel's answer: the timer expires (-ETIME) and the read it guards is cancelled.
    assert.is(got.of(2).res, E.ETIME);
    assert.is(got.of(1).res, E.ECANCELED);
    assert.ok(elapsed >= 20, `after ${elapsed.toFixed(2)} ms`);
  }));

opTest(test, 'LINK_TIMEOUT is cancelled when its READ completes in time', [IORING_OP_READ, IORING_OP_LINK_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    writeSync(w, 'on time');
    const buf = own(ring.alloc(16));
    ring.setSqeFlags(ring.prepRead(1, r, buf, -1), IOSQE_IO_LINK);
    ring.prepLinkTimeout(2, own(ring.memory.timespec(5000)));
    assert.equal(results(ring, [1, 2]), [7, E.ECANCELED]);
    assert.is(Buffer.from(buf.subarray(0, 7)).toString('latin1'), 'on time');
  }));

// ─── POLL_ADD, POLL_REMOVE, ASYNC_CANCEL ──────────────────────────────────────────────────────────

opTest(test, 'POLL_ADD on a pipe completes with POLLIN after a write, and not before', [IORING_OP_POLL_ADD, IORING_OP_TIMEOUT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    ring.prepPollAdd(1, r, POLLIN);
    ring.prepTimeout(2, own(ring.memory.timespec(20)));
    // 20 ms go by with the pipe empty: only the timer completes.
    const before = complete(ring, [2]);
    assert.equal(before.map((c) => c.userData), [2]);
    assert.is(ring.cqReady, 0, 'no poll completion while the pipe is empty');
    writeSync(w, 'x');
    const after = complete(ring, [1]);
    assert.is(after.of(1).res, POLLIN, 'the ready mask is POLLIN');
  }));

opTest(test, 'POLL_REMOVE removes a pending poll: the poll completes with -ECANCELED, the remove with 0', [IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    ring.prepPollAdd(1, r, POLLIN);
    ring.submit();
    assert.is(ring.cqReady, 0, 'the poll is pending');
    ring.prepPollRemove(2, 1);
    ring.prepPollRemove(3, 999);
    assert.equal(results(ring, [1, 2, 3]), [E.ECANCELED, 0, E.ENOENT]);
    // Removed for good: making the pipe readable completes nothing more.
    writeSync(w, 'x');
    ring.prepNop(4);
    assert.equal(complete(ring, [4]).map((c) => c.userData), [4]);
  }));

opTest(test, 'ASYNC_CANCEL cancels a READ blocked on an empty pipe, which consumes nothing', [IORING_OP_READ, IORING_OP_ASYNC_CANCEL], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    ring.prepRead(1, r, own(ring.alloc(16)), -1);
    ring.submit();
    assert.is(ring.cqReady, 0, 'the read is blocked');
    assert.is(ring.inFlight, 1);
    ring.prepCancel(2, 1);
    ring.prepCancel(3, 999);
    assert.equal(results(ring, [1, 2, 3]), [E.ECANCELED, 0, E.ENOENT]);
    writeSync(w, 'kept');
    const buf = Buffer.alloc(8);
    assert.is(readSync(r, buf), 4, 'the data written after the cancel is all still in the pipe');
    assert.is(buf.subarray(0, 4).toString('latin1'), 'kept');
  }));

// ─── MADVISE, EPOLL_CTL, TEE ──────────────────────────────────────────────────────────────────────

opTest(test, 'MADVISE on ring memory: WILLNEED keeps the data, DONTNEED drops the pages, unaligned is refused', [IORING_OP_MADVISE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const pages = own(ring.alloc(4096 * 2, 4096));
    pages.fill(0xab);
    ring.prepMadvise(1, pages, linux.MADV_WILLNEED);
    assert.equal(results(ring, [1]), [0]);
    assert.ok(pages.every((b) => b === 0xab), 'WILLNEED leaves the contents alone');
    // The memory is private anonymous memory: MADV_DONTNEED drops the pages and they read back as zeros.
    ring.prepMadvise(2, pages, linux.MADV_DONTNEED);
    assert.equal(results(ring, [2]), [0]);
    assert.ok(pages.every((b) => b === 0), 'DONTNEED zeroed the range');
    ring.prepMadvise(3, pages.subarray(1), linux.MADV_WILLNEED);
    assert.equal(results(ring, [3]), [E.EINVAL]);
  }));

// MADVISE with the length in the 64-bit field came in 6.11: an older kernel wants `off` 0 and
// answers -EINVAL.
const madvise64Ignored = kernelProbe().supports(IORING_OP_MADVISE) && withRing({ entries: 4 }, (ring, own) => {
  const page = own(ring.alloc(4096, 4096));
  page.fill(1);
  ring.prepMadvise64(1, page, linux.MADV_DONTNEED);
  const [res] = results(ring, [1]);
  if (res === E.EINVAL) return 'this kernel takes no 64-bit MADVISE length (-EINVAL; 6.11)';
  return res === 0 && page[0] === 1 ? 'this kernel ignores the 64-bit MADVISE length (6.11)' : null;
});

(madvise64Ignored ? test.skip : (name, fn) => opTest(test, name, [IORING_OP_MADVISE], fn))(
  `madvise64: DONTNEED with the length in the 64-bit field drops exactly the range${madvise64Ignored ? ` [skipped: ${madvise64Ignored}]` : ''}`, () =>
    withRing({ entries: 8 }, (ring, own) => {
      const pages = own(ring.alloc(4096 * 3, 4096));
      pages.fill(0xcd);
      ring.prepMadvise64(1, pages.subarray(0, 8192), linux.MADV_DONTNEED);
      assert.equal(results(ring, [1]), [0]);
      assert.ok(pages.subarray(0, 8192).every((b) => b === 0), 'the two pages read back as zeros');
      assert.ok(pages.subarray(8192).every((b) => b === 0xcd), 'the third page is untouched');
      ring.prepMadvise64(2, pages, 12345);
      assert.equal(results(ring, [2]), [E.EINVAL], 'unknown advice');
    }));

// ─── URING_CMD on a block device ────────────────────────────────────────────────────────────────

const LOOP_SIZE = 1 << 20;
/** A loop device over a 1 MiB file of 0xee bytes, or why there is none (it needs root and losetup). */
function loopDevice() {
  if (process.getuid?.() !== 0) return { reason: 'a loop device needs root' };
  const file = join(dir, 'loop-backing');
  writeFileSync(file, Buffer.alloc(LOOP_SIZE, 0xee));
  try {
    const device = execFileSync('losetup', ['--find', '--show', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return { device, file, detach: () => execFileSync('losetup', ['-d', device], { stdio: 'ignore' }) };
  } catch (error) {
    return { reason: `losetup could not make a loop device (${String(error.stderr ?? error.message).trim().split('\n')[0]})` };
  }
}

// BLOCK_URING_CMD_DISCARD came in 6.12: before, a block device answers URING_CMD with -EOPNOTSUPP.
const discard = kernelProbe().supports(IORING_OP_URING_CMD) ? loopDevice() : { reason: 'no URING_CMD' };
let noDiscard = discard.reason ?? null;
if (!noDiscard) {
  noDiscard = withRing({ entries: 4 }, (ring, own) => {
    const fd = own.fd(openSync(discard.device, 'r+'));
    ring.prepCmdDiscard(1, fd, LOOP_SIZE - 4096, 4096); // the last 4 KiB, which the test leaves out
    const [res] = results(ring, [1]);
    return res === E.EOPNOTSUPP || res === E.EINVAL ? `block devices answer ${res} to BLOCK_URING_CMD_DISCARD here (6.12)` : null;
  });
  if (noDiscard) discard.detach();
}

(noDiscard ? test.skip : test)(`cmd_discard on a loop device: the discarded range reads back as zeros, the rest is kept; a regular file refuses${noDiscard ? ` [skipped: ${noDiscard}]` : ''}`, () => {
  try {
    withRing({ entries: 8 }, (ring, own) => {
      const fd = own.fd(openSync(discard.device, 'r+'));
      ring.prepCmdDiscard(1, fd, 65536, 131072);
      ring.prepCmdDiscard(2, fd, 1, 512); // not a multiple of the logical block size
      const file = own.fd(openSync(discard.file, 'r'));
      ring.prepCmdDiscard(3, file, 0, 4096);
      assert.equal(results(ring, [1, 2, 3]), [0, E.EINVAL, E.EOPNOTSUPP]);
      const back = Buffer.alloc(LOOP_SIZE - 4096);
      assert.is(readSync(file, back, 0, back.length, 0), back.length);
      assert.ok(back.subarray(65536, 196608).every((b) => b === 0), 'the discarded 128 KiB read as zeros');
      assert.ok(back.subarray(0, 65536).every((b) => b === 0xee) && back.subarray(196608).every((b) => b === 0xee), 'the rest is kept');
    });
  } finally {
    discard.detach();
  }
});

opTest(test, 'EPOLL_CTL adds an eventfd to an epoll set with its data, and deletes it', [IORING_OP_EPOLL_CTL], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const epfd = own.fd(fds.epollCreate());
    const efd = own.fd(fds.eventfd());
    // fds.epollWait reports the low 32 bits of the data, as a C int (so below 2^31); the high
    // bits are set too, to catch a data field written at the wrong offset or width.
    const DATA_LOW = 0x5eed1234;
    const event = own(ring.memory.epollEvent(linux.EPOLLIN, 2 ** 36 + DATA_LOW));
    ring.prepEpollCtl(1, epfd, efd, linux.EPOLL_CTL_ADD, event);
    assert.equal(results(ring, [1]), [0]);
    assert.is(fds.epollWait(epfd), null, 'registered but not ready');
    eventfdAdd(efd, 1);
    const [events, data] = fds.epollWait(epfd);
    assert.ok(events & linux.EPOLLIN, `EPOLLIN in ${events}`);
    assert.is(data, DATA_LOW, 'the data set through the ring');

    ring.prepEpollCtl(2, epfd, efd, linux.EPOLL_CTL_ADD, event);
    ring.prepEpollCtl(3, epfd, efd, linux.EPOLL_CTL_DEL, null);
    assert.equal(results(ring, [2, 3]), [E.EEXIST, 0]);
    assert.is(fds.epollWait(epfd), null, 'still readable, but no longer in the set');
  }));

opTest(test, 'TEE duplicates a pipe into another: both then read the same bytes', [IORING_OP_TEE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r1, w1] = own.fds(fds.pipe());
    const [r2, w2] = own.fds(fds.pipe());
    const data = pattern(3000, 31);
    writeSync(w1, data);
    ring.prepTee(1, r1, w2, 3000);
    assert.equal(results(ring, [1]), [3000]);
    const a = Buffer.alloc(4000);
    const b = Buffer.alloc(4000);
    assert.is(readSync(r1, a), 3000, 'TEE did not consume the source');
    assert.is(readSync(r2, b), 3000);
    assertBytes(a.subarray(0, 3000), data, 'source pipe');
    assertBytes(b.subarray(0, 3000), data, 'copy pipe');
  }));

// ─── PROVIDE_BUFFERS, REMOVE_BUFFERS, IOSQE_BUFFER_SELECT ─────────────────────────────────────────

/** The id of the provided buffer a CQE used (asserting it says it used one). */
function bufferId(cqe) {
  assert.ok(cqe.flags & IORING_CQE_F_BUFFER, `IORING_CQE_F_BUFFER in flags ${cqe.flags}`);
  return cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
}

opTest(test, 'PROVIDE_BUFFERS feeds buffer-select RECVs; REMOVE_BUFFERS removes the rest', [IORING_OP_PROVIDE_BUFFERS, IORING_OP_REMOVE_BUFFERS, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    const SIZE = 64, COUNT = 4, GROUP = 7, FIRST = 10;
    const pool = own(ring.alloc(SIZE * COUNT));
    ring.prepProvideBuffers(1, pool, SIZE, COUNT, GROUP, FIRST);
    assert.equal(results(ring, [1]), [0]);

    // prepRecv takes its length from a view; with BUFFER_SELECT the kernel ignores the address,
    // so this view only carries the length and must stay untouched.
    const lengthOnly = own(ring.alloc(SIZE));
    const received = [];
    for (const [ud, text] of [[2, 'first message'], [3, 'second']]) {
      writeSync(a, text);
      const sqe = ring.prepRecv(ud, b, lengthOnly);
      ring.setSqeFlags(sqe, IOSQE_BUFFER_SELECT);
      ring.setSqeBufGroup(sqe, GROUP);
      const cqe = complete(ring, [ud]).of(ud);
      assert.is(cqe.res, text.length);
      const id = bufferId(cqe);
      assert.ok(id >= FIRST && id < FIRST + COUNT, `buffer id ${id} is one of those provided`);
      const at = (id - FIRST) * SIZE;
      assert.is(Buffer.from(pool.subarray(at, at + text.length)).toString('latin1'), text, `data in buffer ${id}`);
      received.push(id);
    }
    assert.is.not(received[0], received[1], 'each RECV took its own buffer');
    assert.ok(lengthOnly.every((x) => x === 0), 'the view passed to prepRecv was not written');

    // Two of four are left; ask for more than that and the kernel says how many it removed.
    ring.prepRemoveBuffers(4, 10, GROUP);
    assert.equal(results(ring, [4]), [2]);
    writeSync(a, 'no buffer for me');
    const sqe = ring.prepRecv(5, b, lengthOnly);
    ring.setSqeFlags(sqe, IOSQE_BUFFER_SELECT);
    ring.setSqeBufGroup(sqe, GROUP);
    assert.equal(results(ring, [5]), [E.ENOBUFS], 'the group is empty');
  }));

opTest(test, 'a buffer-select READ from a pipe lands in a provided buffer', [IORING_OP_PROVIDE_BUFFERS, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const pool = own(ring.alloc(32 * 2));
    ring.prepProvideBuffers(1, pool, 32, 2, 3, 0);
    assert.equal(results(ring, [1]), [0]);
    const data = pattern(20, 32);
    writeSync(w, data);
    const sqe = ring.prepRead(2, r, own(ring.alloc(32)), -1);
    ring.setSqeFlags(sqe, IOSQE_BUFFER_SELECT);
    ring.setSqeBufGroup(sqe, 3);
    const cqe = complete(ring, [2]).of(2);
    assert.is(cqe.res, 20);
    const id = bufferId(cqe);
    assert.ok(id === 0 || id === 1, `buffer id ${id}`);
    assertBytes(pool.subarray(id * 32, id * 32 + 20), data, 'provided buffer');
  }));

// ─── Registration round trips ────────────────────────────────────────────────────────────────────

opTest(test, 'registerFiles, updateFiles and unregisterFiles: fixed-file reads follow the table', [IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const one = own.fd(fileWith('one', 'file one'));
    const two = own.fd(fileWith('two', 'file two'));
    const buf = own(ring.alloc(16));
    const fixedRead = (ud) => ring.setSqeFlags(ring.prepRead(ud, 0, buf, 0), IOSQE_FIXED_FILE);

    ring.registerFiles([one]);
    fixedRead(1);
    assert.equal(results(ring, [1]), [8]);
    assert.is(Buffer.from(buf.subarray(0, 8)).toString('latin1'), 'file one');

    assert.is(ring.updateFiles(0, [two]), 1);
    fixedRead(2);
    assert.equal(results(ring, [2]), [8]);
    assert.is(Buffer.from(buf.subarray(0, 8)).toString('latin1'), 'file two');

    ring.unregisterFiles();
    fixedRead(3);
    assert.equal(results(ring, [3]), [E.EBADF], 'no table, no slot 0');
    assert.throws(() => ring.unregisterFiles(), (error) => error.code === 'ENXIO' && error.syscall === 'io_uring_register');
  }));

opTest(test, 'registerEventfd: completions make the eventfd readable until unregisterEventfd', [IORING_OP_NOP], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const efd = own.fd(fds.eventfd());
    assert.is(fds.eventfdRead(efd), E.EAGAIN, 'nothing signalled yet');
    ring.registerEventfd(efd);
    ring.prepNop(1);
    complete(ring, [1]);
    assert.ok(fds.eventfdRead(efd) > 0, 'signalled by the NOP completion');
    ring.unregisterEventfd();
    ring.prepNop(2);
    complete(ring, [2]);
    assert.is(fds.eventfdRead(efd), E.EAGAIN, 'no longer signalled');
  }));

opTest(test, 'registerEventfd with onlyAsync signals only completions from async workers', [IORING_OP_NOP], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const efd = own.fd(fds.eventfd());
    ring.registerEventfd(efd, true);
    ring.prepNop(1); // completes inline
    complete(ring, [1]);
    assert.is(fds.eventfdRead(efd), E.EAGAIN, 'inline completion: no signal');
    ring.setSqeFlags(ring.prepNop(2), IOSQE_ASYNC); // completes on an io-wq worker
    complete(ring, [2]);
    assert.ok(fds.eventfdRead(efd) > 0, 'async completion: signalled');
    ring.unregisterEventfd();
  }));

opTest(test, 'registerPersonality: SQEs carrying the id run; after unregistering it is -EINVAL', [IORING_OP_NOP, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(fileWith('personal', 'as myself'));
    const id = ring.registerPersonality();
    assert.ok(Number.isInteger(id) && id > 0, `personality id ${id}`);
    const buf = own(ring.alloc(16));
    ring.setSqePersonality(ring.prepNop(1), id);
    ring.setSqePersonality(ring.prepRead(2, fd, buf, 0), id);
    assert.equal(results(ring, [1, 2]), [0, 9]);
    assert.is(Buffer.from(buf.subarray(0, 9)).toString('latin1'), 'as myself');
    ring.unregisterPersonality(id);
    ring.setSqePersonality(ring.prepNop(3), id);
    assert.equal(results(ring, [3]), [E.EINVAL], 'the id is gone');
    assert.throws(() => ring.unregisterPersonality(id), (error) => error.code === 'EINVAL');
  }));

test('probe() reports opcodes 0..33 supported, named NOP…TEE', () => {
  const probe = kernelProbe();
  const seed = ['NOP', 'READV', 'WRITEV', 'FSYNC', 'READ_FIXED', 'WRITE_FIXED', 'POLL_ADD', 'POLL_REMOVE',
    'SYNC_FILE_RANGE', 'SENDMSG', 'RECVMSG', 'TIMEOUT', 'TIMEOUT_REMOVE', 'ACCEPT', 'ASYNC_CANCEL',
    'LINK_TIMEOUT', 'CONNECT', 'FALLOCATE', 'OPENAT', 'CLOSE', 'FILES_UPDATE', 'STATX', 'READ', 'WRITE',
    'FADVISE', 'MADVISE', 'SEND', 'RECV', 'OPENAT2', 'EPOLL_CTL', 'SPLICE', 'PROVIDE_BUFFERS',
    'REMOVE_BUFFERS', 'TEE'];
  assert.ok(probe.lastOp >= 33, `lastOp ${probe.lastOp}`);
  const missing = seed.filter((_, op) => !probe.supports(op));
  assert.equal(missing, [], 'this kernel (Linux 5.8+) supports every seed opcode');
  assert.equal(seed.map((_, op) => opcodeName(op)), seed);
  assert.equal(probe.names.slice(0, 34), seed, 'names in opcode order');
  assert.is(probe.supports(255), false);
});

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'operations on a bad fd complete with -EBADF in res; nothing throws', [IORING_OP_READ, IORING_OP_WRITE, IORING_OP_FSYNC, IORING_OP_CLOSE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const buf = own(ring.alloc(16));
    ring.prepRead(1, BAD_FD, buf, 0);
    ring.prepWrite(2, BAD_FD, buf, 0);
    ring.prepFsync(3, BAD_FD);
    ring.prepClose(4, BAD_FD);
    assert.equal(results(ring, [1, 2, 3, 4]), [E.EBADF, E.EBADF, E.EBADF, E.EBADF]);
  }));

test('new Ring(ringOptions({ entries: 0 })) throws a RangeError', () => {
  assert.throws(() => new Ring(ringOptions({ entries: 0 })), (error) => error instanceof RangeError && /entries/.test(error.message));
  assert.throws(() => new Ring(ringOptions({ entries: -1 })), RangeError);
});

opTest(test, 'one SQE more than the SQ holds throws ERR_URING_SQ_FULL; the ones before all still run', [IORING_OP_WRITE, IORING_OP_NOP], () =>
  withRing({ entries: 4 }, (ring, own) => {
    const path = join(dir, 'sqfull');
    const fd = own.fd(openSync(path, 'w+'));
    'abc'.split('').forEach((ch, i) => ring.prepWrite(i + 1, fd, ringBytes(ring, own, Buffer.from(ch)), i));
    ring.prepNop(4);
    assert.throws(() => ring.prepNop(5), (error) => error.code === 'ERR_URING_SQ_FULL');
    assert.is(ring.sqReady, 4, 'the four prepared SQEs are still queued');
    assert.equal(results(ring, [1, 2, 3, 4]), [1, 1, 1, 0]);
    const onDisk = Buffer.alloc(8);
    assert.is(readSync(fd, onDisk, 0, 8, 0), 3);
    assert.is(onDisk.subarray(0, 3).toString('latin1'), 'abc', 'all three writes landed');
    assert.is(ring.sqSpaceLeft, 4, 'room again after submitting');
  }));

test('a closed ring refuses to prepare with ERR_URING_CLOSED', () => {
  const ring = new Ring(ringOptions({ entries: 2 }));
  ring.close();
  assert.throws(() => ring.prepNop(1), (error) => error.code === 'ERR_URING_CLOSED');
});

test.run();
