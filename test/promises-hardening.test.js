// The Promise API when things go wrong (issue 11): nothing a submit or the poller meets may
// escape as an uncaught exception, nothing may hang, nothing borrowed may leak. Failures the
// kernel does not produce on demand (a poll error) are injected where the engine meets them;
// everything else is the real thing (a closed or reused ring fd, a RingMemory too small).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, fstatSync, openSync, readlinkSync, writeSync } from 'node:fs';
import { AsyncRing, RingMemory, UringError, constants } from '../dist/src/index.js';
import { addon } from '../dist/src/native.js';
import { fds } from './support/fds.js';
import { ringOptions, withAsyncRing } from './support/harness.js';

const { IOSQE_BUFFER_SELECT, IORING_CQE_F_BUFFER, IORING_CQE_BUFFER_SHIFT, IORING_SETUP_R_DISABLED } = constants;

/** `promise`, or a rejection naming `what` when it has not settled within `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How a promise settled, without ever rejecting: { ok, value } or { ok: false, error }. */
const outcome = (p) => p.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));

/** One turn of the event loop. */
const turn = () => new Promise(setImmediate);

/** The error `promise` rejects with (failing the test if it resolves). */
async function rejection(promise, what) {
  const got = await within(outcome(promise), 2000, what);
  if (got.ok) assert.unreachable(`${what}: resolved with ${got.value}, expected a rejection`);
  return got.error;
}

function assertClosed(error, what) {
  assert.instance(error, UringError, `${what}: a UringError, got ${error}`);
  assert.is(error.code, 'ERR_URING_CLOSED', `${what}: code`);
}

/** What /proc says fd `fd` of this process is, or null when it is not open. */
function fdTarget(fd) {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

/** Runs `body([readFd, writeFd])` on a new pipe and closes both ends afterwards. */
async function withPipe(body) {
  const pipe = fds.pipe();
  try {
    return await body(pipe);
  } finally {
    for (const fd of pipe) closeSync(fd);
  }
}

// ─── Submit failures never escape ────────────────────────────────────────────────────────────────

test('maxInFlight: more operations than slots wait in JS for one to free, none is lost, none throws', () =>
  withAsyncRing({ maxInFlight: 2 }, async (ring) => {
    const low = ring.ring;
    const submit = low.submit.bind(low);
    let most = 0;
    low.submit = () => {
      const n = submit();
      most = Math.max(most, low.inFlight);
      return n;
    };
    const sleeps = Array.from({ length: 7 }, () => ring.sleep(5));
    assert.is(ring.pending, 7);
    await within(Promise.all(sleeps), 2000, '7 sleeps through 2 slots');
    assert.ok(most >= 1 && most <= 2, `at most 2 in the kernel at once, saw ${most}`);
    assert.is(ring.pending, 0);
    const error = await rejection(ring.chain().nop().nop().nop().run(), 'a chain of 3 with 2 slots');
    assert.instance(error, RangeError);
    assert.match(error.message, /maxInFlight/);
  }));

test('the ring fd closed by someone else: what is owed and what starts reject ERR_URING_CLOSED with the cause; the ring ends closed', () =>
  withPipe(async ([r]) => {
    const ring = new AsyncRing(ringOptions());
    const read = outcome(ring.read(r, Buffer.alloc(8), -1));
    // In the kernel, and past a poll phase: libuv registers a started watcher with epoll there,
    // and aborts the process if its fd was closed before (a uv_poll rule nothing above can fix).
    await new Promise((resolve) => setTimeout(resolve, 20));
    closeSync(ring.ring.fd); // as a double close() of a reused fd number would
    const nop = await rejection(ring.nop(), 'a nop after the fd was closed');
    assertClosed(nop, 'the nop');
    assert.is(nop.cause?.code, 'EBADF', 'the cause is the refused io_uring_enter');
    assert.is(nop.cause?.syscall, 'io_uring_enter');
    const pending = await within(read, 1000, 'the read owed when the ring failed');
    assert.not.ok(pending.ok);
    assertClosed(pending.error, 'the owed read');
    assert.match(pending.error.message, /read/);
    assert.ok(ring.closed, 'the AsyncRing is closed');
    assert.is(ring.pending, 0);
    assertClosed(await rejection(ring.nop(), 'a nop on the failed ring'), 'a later nop');
    await within(ring.close(), 1000, 'close() of a failed ring');
  }));

test('the ring fd number reused by another file: ERR_URING_CLOSED (EOPNOTSUPP), and that file is never closed', async () => {
  const ring = new AsyncRing(ringOptions());
  const fd = ring.ring.fd;
  closeSync(fd);
  const stranger = openSync('/dev/null', 'r');
  try {
    assert.is(stranger, fd, 'the lowest free number is the ring\'s old one');
    const error = await rejection(ring.nop(), 'a nop on a ring fd that is now /dev/null');
    assertClosed(error, 'the nop');
    assert.is(error.cause?.errno, -95, 'EOPNOTSUPP: the fd is not an io_uring');
    await within(ring.close(), 1000, 'close()');
    assert.is(fdTarget(stranger), '/dev/null', 'the other file is still open');
    fstatSync(stranger);
  } finally {
    closeSync(stranger);
  }
});

test('IORING_SETUP_R_DISABLED is refused at construction with the reason (its submits would fail with EBADFD)', () => {
  try {
    new AsyncRing(ringOptions({ flags: IORING_SETUP_R_DISABLED }));
  } catch (error) {
    assert.is(error.code, 'ERR_URING_UNSUPPORTED');
    assert.match(error.message, /R_DISABLED/);
    return;
  }
  assert.unreachable('an AsyncRing on a disabled ring was created');
});

test('an empty chain resolves to [] (idle ring, busy ring); on a closed ring it rejects', () =>
  withAsyncRing({}, async (ring) => {
    assert.equal(await within(ring.chain().run(), 1000, 'an empty chain on an idle ring'), []);
    const sleep = ring.sleep(20);
    assert.equal(await within(ring.chain().run(), 1000, 'an empty chain beside a sleep'), []);
    await sleep;
    const controller = new AbortController();
    controller.abort();
    assert.is((await rejection(ring.chain().run({ signal: controller.signal }), 'an aborted empty chain')).name, 'AbortError');
    await ring.close();
    assertClosed(await rejection(ring.chain().run(), 'an empty chain on a closed ring'), 'empty chain');
  }));

// ─── Hangs ───────────────────────────────────────────────────────────────────────────────────────

test('a poll error ends everything owed with a clear error, and the ring closes', () =>
  withPipe(async ([r]) => {
    // libuv reports POLLERR on a watched fd as status UV_EBADF and stops the watcher; the ring
    // fd never raises POLLERR on its own, so the callback is handed the status libuv would pass.
    const createPoller = addon.createPoller;
    let report;
    addon.createPoller = (fd, callback) => {
      report = callback;
      return createPoller(fd, callback);
    };
    let ring;
    try {
      ring = new AsyncRing(ringOptions());
    } finally {
      addon.createPoller = createPoller;
    }
    const fd = ring.ring.fd;
    const owed = [outcome(ring.read(r, Buffer.alloc(8), -1)), outcome(ring.sleep(10_000))];
    await turn();
    assert.is(ring.pending, 2);
    report(-9);
    for (const [i, got] of (await within(Promise.all(owed), 1000, 'the owed operations')).entries()) {
      assert.not.ok(got.ok, `operation ${i} rejected`);
      assertClosed(got.error, `operation ${i}`);
      assert.is(got.error.cause?.code, 'ERR_URING_POLLER');
      assert.match(got.error.message, /EBADF/);
    }
    assert.ok(ring.closed);
    assert.is(fdTarget(fd), null, 'the ring fd (still the ring\'s) is closed');
    await ring.close();
  }));

test('closing the low-level Ring under an AsyncRing rejects what is owed and waiting, at once', () =>
  withPipe(async ([r]) => {
    const ring = new AsyncRing(ringOptions({ entries: 2 }));
    const owed = [outcome(ring.read(r, Buffer.alloc(8), -1)), outcome(ring.sleep(10_000)), outcome(ring.nop())];
    await turn();
    const waiting = outcome(ring.read(r, Buffer.alloc(8), -1));
    ring.ring.close();
    for (const [i, got] of (await within(Promise.all([...owed, waiting]), 1000, 'operations of the closed Ring')).entries()) {
      if (got.ok) continue; // the nop may have completed before
      assertClosed(got.error, `operation ${i}`);
      assert.match(got.error.message, /asyncRing\.ring/);
    }
    assert.not.ok((await owed[0]).ok, 'the read on the empty pipe was rejected');
    assert.ok(ring.closed);
    assert.is(ring.pending, 0);
    assertClosed(await rejection(ring.nop(), 'a nop afterwards'), 'a later nop');
    await within(ring.close(), 1000, 'close()');
  }));

// ─── SQE flags ───────────────────────────────────────────────────────────────────────────────────

test('a chained operation keeps the SQE flags it set (BUFFER_SELECT) when the engine links it', () =>
  withPipe(async ([r, w]) => withAsyncRing({}, async (ring) => {
    const GROUP = 5;
    const buffers = ring.ring.setupBufferRing({ group: GROUP, entries: 1 });
    // A short read breaks a link: the read asks for exactly what the pipe holds.
    const provided = ring.memory.alloc(16);
    const lengthOnly = ring.memory.alloc(8);
    try {
      buffers.add(provided, 3);
      buffers.advance();
      writeSync(w, 'selected');
      const selectRead = {
        syscall: 'read',
        queue: (low, ud) => {
          const sqe = low.prepRead(ud, r, lengthOnly, -1);
          low.addSqeFlags(sqe, IOSQE_BUFFER_SELECT);
          low.setSqeBufGroup(sqe, GROUP);
          return sqe;
        },
        complete: (res, flags) => ({ res, flags }),
      };
      const [read] = await within(ring.chain().add(selectRead).nop().run(), 1000, 'the chain');
      assert.ok(read.flags & IORING_CQE_F_BUFFER, 'the read used a provided buffer');
      assert.is(read.flags >>> IORING_CQE_BUFFER_SHIFT, 3);
      assert.is(Buffer.from(provided.subarray(0, read.res)).toString(), 'selected');
      assert.ok(lengthOnly.every((b) => b === 0), 'the length-only view was not read into');
    } finally {
      buffers.free();
      ring.memory.free(provided);
      ring.memory.free(lengthOnly);
    }
  })));

test.run();
