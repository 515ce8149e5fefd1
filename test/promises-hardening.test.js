// The Promise API when things go wrong (issue 11): nothing a submit or the poller meets may
// escape as an uncaught exception, nothing may hang, nothing borrowed may leak. Failures the
// kernel does not produce on demand (a poll error) are injected where the engine meets them;
// everything else is the real thing (a closed or reused ring fd, a RingMemory too small).
import { test } from 'uvu';
import { testNeeding } from './support/features.js';
import * as assert from 'uvu/assert';
import { census, fdTarget } from './support/census.js';
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync, fstatSync, openSync, readFileSync, readdirSync, realpathSync, truncateSync, writeFileSync, writeSync, promises as fsp,
} from './support/fs.js';
import { AsyncRing, Ring, RingMemory, UringError, constants } from '../dist/src/index.js';
import { host as addon } from '../dist/src/host.js';
import { BufferGroups } from '../dist/src/promises/multishot.js';
import { fds, withPipe } from './support/fds.js';
import { emulated, placement, ringOptions, withAsyncRing } from './support/harness.js';
import { tempFiles } from './support/tmp.js';
import { laterPlacement } from './support/placements.js';
import { jsChild } from './support/child.js';
import { nodeWording, unless, v8StringLength } from './support/lacks.js';

const tempFile = tempFiles();
const KiB = 1024;
const MiB = 1024 * KiB;

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
async function rejection(promise, what, ms = 2000) {
  const got = await within(outcome(promise), ms, what);
  if (got.ok) assert.unreachable(`${what}: resolved with ${got.value}, expected a rejection`);
  return got.error;
}

function assertClosed(error, what) {
  assert.instance(error, UringError, `${what}: a UringError, got ${error}`);
  assert.is(error.code, 'ERR_URING_CLOSED', `${what}: code`);
}



// The costly tests (seconds: 65,536 iterators; 2 GiB of fresh Buffers, whose page faults are
// slow here) run once per suite, in the first placement this kernel allows: what they prove does
// not depend on the placement.
// Under emulation (test/kernels/ runs the suite in a TCG guest, ~10× slower) they are left to the
// host run: they test the library's own limits, the same on every kernel.
function once(name, fn) {
  if (emulated) return test.skip(`${name} [skipped: costly under emulation; it checks the library's own limits, run on the host]`, fn);
  const later = laterPlacement();
  if (later) return test.skip(`${name} [skipped: ${later}]`, fn);
  return test(name, fn);
}

// ─── Submit failures never escape ────────────────────────────────────────────────────────────────

test('maxInFlight: more operations than slots wait in JS for one to free, none is lost, none throws', () =>
  withAsyncRing({ maxInFlight: 2 }, async (ring) => {
    const low = ring.ring;
    // The engine submits through submitAndReapFor (submit, then reap what is ready).
    const submitAndReap = low.submitAndReapFor.bind(low);
    let most = 0;
    low.submitAndReapFor = (handler) => {
      const n = submitAndReap((...args) => {
        most = Math.max(most, low.inFlight + 1); // counted before this completion was reaped
        handler(...args);
      });
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

test('the ring fd number reused by another file: ERR_URING_CLOSED (EOPNOTSUPP), that file is never closed, the ring itself is let go', async () => {
  const memory = new RingMemory({ maximumBytes: 16 << 20 });
  const taken = () => memory.takenBytes;
  const before = { ...census(), ringMemory: taken() };
  const ring = new AsyncRing(ringOptions({ memory }));
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
    assert.equal({ ...census(), ringMemory: taken() }, before, 'no ring fd, ring mapping or ring memory left');
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

// What a chain's requests borrowed goes back on every path: an acquire() that throws part way
// through the chain, and a queue() that throws after the chain's first SQE was written (the
// ring fails then: that SQE is linked to whatever would come next; none of the chain's was
// published, so its memory is free to go back).
test('a chain whose acquire() or queue() throws part way releases every request that acquired, the thrower too; all settle', () =>
  withAsyncRing({}, async (ring) => {
    const boom = new Error('the operation\'s own bug');
    const log = [];
    const tracked = (name, { acquireThrows = false, queueThrows = false } = {}) => ({
      syscall: 'custom',
      acquire: () => {
        log.push(`acquire ${name}`);
        if (acquireThrows) throw boom;
      },
      queue: (low, ud) => {
        if (queueThrows) throw boom;
        return low.prepNop(ud);
      },
      complete: () => name,
      release: () => log.push(`release ${name}`),
    });
    const chain = (...ops) => ops.reduce((c, o) => c.add(o), ring.chain()).run();

    assert.is(await rejection(chain(tracked('a'), tracked('b', { acquireThrows: true }), tracked('c')), 'acquire() throws'), boom);
    assert.equal(log, ['acquire a', 'acquire b', 'release a', 'release b'], 'the two that acquired are released; c never acquired');
    assert.not.ok(ring.closed, 'an acquire() failure costs only its chain');
    assert.is(ring.pending, 0);

    log.length = 0;
    const settled = Array(3).fill(false);
    const ops = [tracked('a'), tracked('b', { queueThrows: true }), tracked('c')];
    // The chain's promise settles at its first rejection: watch each request's own settling too.
    const each = ops.map((o, i) => ({ ...o, complete: (...args) => { settled[i] = true; return o.complete(...args); } }));
    const error = await rejection(chain(...each), 'queue() throws after the first SQE');
    assert.is(error.code, 'ERR_URING_CLOSED', `the ring failed: ${error.message}`);
    assert.is(error.cause, boom);
    assert.ok(ring.failure, 'ring.failure says why');
    assert.equal(log.filter((l) => l.startsWith('acquire')), ['acquire a', 'acquire b', 'acquire c']);
    assert.equal(log.filter((l) => l.startsWith('release')).sort(), ['release a', 'release b', 'release c'],
      `every request that acquired is released (log: ${log.join(', ')})`);
    assert.is(ring.pending, 0);
  }));

test('an operation whose own code throws (queue() before its SQE, succeeded(), discard()) rejects alone; the ring goes on', () =>
  withAsyncRing({}, async (ring) => {
    const boom = new Error('the operation\'s own bug');
    const throwsInQueue = { syscall: 'custom', queue: () => { throw boom; }, complete: () => 'never' };
    assert.is(await rejection(ring.chain().add(throwsInQueue).run(), 'queue() throws'), boom);
    assert.is(await rejection(ring.chain().add(throwsInQueue).nop().run(), 'queue() throws in a chain'), boom);
    const throwsInSucceeded = { syscall: 'custom', queue: (low, ud) => low.prepNop(ud), complete: () => 'never', succeeded: () => { throw boom; } };
    assert.is(await rejection(ring.chain().add(throwsInSucceeded).run(), 'succeeded() throws'), boom);
    const controller = new AbortController();
    const throwsInDiscard = {
      syscall: 'custom',
      queue: (low, ud) => { controller.abort(); return low.prepNop(ud); }, // aborted, the nop succeeds: discard() runs
      complete: () => 'never',
      discard: () => { throw boom; },
    };
    assert.is((await rejection(ring.chain().add(throwsInDiscard).run({ signal: controller.signal }), 'discard() throws')).name, 'AbortError');
    for (const bad of [42, null, {}, { queue: () => 0 }]) {
      assert.is((await rejection(ring.chain().add(bad).run(), 'chain().add(bad)')).code, 'ERR_INVALID_ARG_VALUE');
    }
    assert.not.ok(ring.closed, 'the ring still works');
    await within(ring.nop(), 1000, 'a nop afterwards');
    assert.is(ring.pending, 0);
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

test('a recvMultishot loop on a ring that fails ends with the error, not as if the peer had closed', () =>
  withAsyncRing({}, async (ring) => {
    const [a, b] = fds.socketpair();
    try {
      const got = [];
      const loop = outcome((async () => {
        for await (const chunk of ring.recvMultishot(b)) {
          got.push(chunk.toString());
          ring.ring.close(); // after the first message, the ring underneath goes
        }
      })());
      writeSync(a, 'first');
      const ended = await within(loop, 1000, 'the loop');
      assert.equal(got, ['first']);
      assert.not.ok(ended.ok, 'the loop rejected');
      assertClosed(ended.error, 'the loop');
    } finally {
      closeSync(a);
      closeSync(b);
    }
  }));

// ─── SQE flags ───────────────────────────────────────────────────────────────────────────────────

testNeeding('a chained operation keeps the SQE flags it set (BUFFER_SELECT) when the engine links it', ['buf_ring'], () =>
  withPipe(async ([r, w]) => withAsyncRing({}, async (ring) => {
    const GROUP = 5;
    const buffers = ring.ring.setupBufferRing({ group: GROUP, entries: 1 });
    // A short read breaks a link: the read asks for exactly what the pipe holds.
    const provided = ring.ring.memory.alloc(16);
    const lengthOnly = ring.ring.memory.alloc(8);
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
      ring.ring.memory.free(provided);
      ring.ring.memory.free(lengthOnly);
    }
  })));

// ─── Leaks on failure paths ──────────────────────────────────────────────────────────────────────

/**
 * Fills `memory` but for one free block of `hole` bytes (the allocator hands out 64-byte
 * multiples, no headers): a request that needs more than that fails part-way through its
 * acquire. Returns the function that gives the filling back.
 */
function leaveOnly(memory, hole) {
  const gap = memory.alloc(hole);
  const filling = [];
  for (let size = memory.maximumBytes; size >= 64; size >>= 1) {
    for (;;) {
      try {
        filling.push(memory.alloc(size));
      } catch {
        break;
      }
    }
  }
  memory.free(gap);
  assert.is(memory.freeBytes, hole, 'only the hole is free');
  return () => { for (const view of filling) memory.free(view); };
}

/** An AsyncRing on a RingMemory of its own, 1 MiB that never grows. */
async function withSmallMemory(body) {
  const memory = new RingMemory({ maximumBytes: MiB, initialBytes: MiB });
  const ring = new AsyncRing(ringOptions({ memory, entries: 8 }));
  try {
    return await body(ring, memory);
  } finally {
    await ring.close();
  }
}

test('an acquire that fails part-way gives back what it took: stat (path, then statx), rename (two paths), readv/writev (staged copies)', () =>
  withSmallMemory(async (ring, memory) => {
    const file = tempFile('0123456789abcdefghij');
    const fd = openSync(file, 'r+');
    try {
      const cases = [
        ['stat', () => ring.stat(file)],
        ['rename', () => ring.rename(file, `${file}.moved`)],
        ['readv', () => ring.readv(fd, [Buffer.alloc(10), Buffer.alloc(10)], 0)],
        ['writev', () => ring.writev(fd, [Buffer.from('0123456789'), Buffer.from('ABCDEFGHIJ')], 0)],
      ];
      for (const [name, start] of cases) {
        const giveBack = leaveOnly(memory, 64); // room for the first piece only
        try {
          const error = await rejection(start(), name);
          assert.is(error.code, 'ENOMEM', `${name}: ENOMEM`);
          assert.match(error.message, /maximumBytes/, `${name}: says what to raise`);
          assert.is(memory.freeBytes, 64, `${name}: the piece it had taken is back`);
        } finally {
          giveBack();
        }
      }
      assert.is(readFileSync(file, 'utf8'), '0123456789abcdefghij', 'the failed writev wrote nothing');
      assert.is((await ring.stat(file)).size, 20, 'with room again, stat works');
    } finally {
      closeSync(fd);
    }
  }));

test('copyFile whose buffers do not fit: ENOMEM naming chunkSize and depth, every buffer back, the destination untouched', async () => {
  const memory = new RingMemory({ maximumBytes: 8 * MiB, initialBytes: 8 * MiB });
  const ring = new AsyncRing(ringOptions({ memory, entries: 8 }));
  try {
    const src = tempFile('source bytes');
    const dest = tempFile('what dest held before');
    const before = memory.freeBytes;
    // The third 3 MiB buffer is past the 8 MiB.
    const error = await rejection(ring.copyFile(src, dest, { chunkSize: 3 * MiB, depth: 8 }), 'copyFile');
    assert.is(error.code, 'ENOMEM');
    assert.match(error.message, /chunkSize/);
    assert.match(error.message, /depth/);
    assert.is(memory.freeBytes, before, 'the buffers allocated before the failure are back');
    assert.is(readFileSync(dest, 'utf8'), 'what dest held before', 'nothing was opened or truncated');
    assert.is(await ring.copyFile(src, dest, { chunkSize: MiB, depth: 2 }), 12, 'a copy that fits works');
    assert.is(readFileSync(dest, 'utf8'), 'source bytes');
    assert.is(memory.freeBytes, before);
  } finally {
    await ring.close();
  }
});

test('a write waiting for SQ room snapshots a SharedArrayBuffer that is not the ring\'s (a worker\'s memory)', () =>
  withAsyncRing({ entries: 1 }, async (ring) => {
    const file = tempFile('');
    const fd = openSync(file, 'w');
    try {
      const shared = new Uint8Array(new SharedArrayBuffer(8));
      shared.set(Buffer.from('original'));
      const nop = ring.nop(); // the one SQ entry: the write waits in JS
      const write = ring.write(fd, shared, 0);
      shared.set(Buffer.from('CHANGED!')); // as another thread might, before the flush
      await within(Promise.all([nop, write]), 1000, 'nop and write');
      assert.is(readFileSync(file, 'utf8'), 'original', 'what was written is what the caller held at the call');
    } finally {
      closeSync(fd);
    }
  }));

// ─── Buffer groups and recvMultishot memory ──────────────────────────────────────────────────────

test('buffer group ids: 65,536 distinct ones, then ERR_URING_TOO_MANY; an id given back is taken again', () => {
  const groups = new BufferGroups();
  const taken = new Set();
  for (let i = 0; i < 65536; i++) taken.add(groups.take());
  assert.is(taken.size, 65536);
  assert.ok([...taken].every((id) => id >= 0 && id <= 0xffff));
  try {
    groups.take();
    assert.unreachable('a 65,537th id');
  } catch (error) {
    assert.is(error.code, 'ERR_URING_TOO_MANY');
    assert.match(error.message, /65536/);
  }
  groups.give(1234);
  assert.is(groups.take(), 1234);
});

once('65,536 recvMultishot iterators come and go while one stays: none reuses its live group, it still receives', () =>
  withAsyncRing({}, async (ring) => {
    const [a, b] = fds.socketpair();
    const [c, d] = fds.socketpair();
    try {
      const small = { bufferSize: 64, buffers: 1 };
      const staying = ring.recvMultishot(d, small);
      await ring.shutdown(a, 'write'); // b reads end of stream at once: each iterator ends
      for (let i = 0; i < 65536; i += 1024) {
        await Promise.all(Array.from({ length: 1024 }, async () => {
          for await (const chunk of ring.recvMultishot(b, small)) assert.unreachable(`received ${chunk}`);
        }));
      }
      writeSync(c, 'still here');
      const { value } = await within(staying.next(), 1000, 'the iterator that stayed');
      assert.is(value.toString(), 'still here');
      await staying.return();
    } finally {
      for (const fd of [a, b, c, d]) closeSync(fd);
    }
  }));

test('recvMultishot by default takes 16 KiB × 4 of ring memory; when memory runs out it says which options to lower', async () => {
  const memory = new RingMemory({ maximumBytes: 4 * MiB, initialBytes: 4 * MiB });
  const ring = new AsyncRing(ringOptions({ memory, entries: 8 }));
  const [a, b] = fds.socketpair();
  const iterators = [];
  try {
    const before = memory.freeBytes;
    iterators.push(ring.recvMultishot(b));
    const taken = before - memory.freeBytes;
    assert.ok(taken <= 64 * KiB + 4 * KiB, `one iterator took ${taken} bytes`);
    let error;
    while (!error && iterators.length < 1000) {
      try {
        iterators.push(ring.recvMultishot(b));
      } catch (e) {
        error = e;
      }
    }
    assert.ok(error, 'the memory ran out');
    assert.ok(iterators.length >= 40, `${iterators.length} iterators fit 4 MiB`);
    assert.is(error.code, 'ENOMEM');
    assert.match(error.message, /options\.bufferSize/);
    assert.match(error.message, /options\.buffers/);
    assert.match(error.message, /maximumBytes/);
    for (const iterator of iterators.splice(0)) await within(iterator.return(), 1000, 'return()');
    assert.is(memory.freeBytes, before, 'every iterator gave its buffers back');
  } finally {
    for (const iterator of iterators) await iterator.return();
    await ring.close();
    closeSync(a);
    closeSync(b);
  }
});

test('recvMultishot with its 4 default buffers loses nothing when more arrives at once than they hold', () =>
  withAsyncRing({}, async (ring) => {
    const [a, b] = fds.socketpair();
    try {
      const sent = Buffer.alloc(1 << 20);
      for (let i = 0; i < sent.length; i++) sent[i] = (i * 7) & 0xff;
      const received = [];
      const reading = (async () => {
        for await (const chunk of ring.recvMultishot(b)) received.push(chunk);
      })();
      // 1 MiB in one go: 64 buffers' worth, arriving faster than the loop hands them back (the
      // kernel ends the request with ENOBUFS then, and the iterator re-arms it: here ~15 times).
      const writer = spawn('sh', ['-c', 'cat "$1" >&3', 'sh', tempFile(sent)], { stdio: ['ignore', 'ignore', 'inherit', a] });
      await new Promise((resolve) => writer.on('exit', resolve));
      await ring.shutdown(a, 'write'); // end of stream for the loop
      await within(reading, 5000, 'the receives');
      assert.ok(Buffer.concat(received).equals(sent), `${Buffer.concat(received).length} of ${sent.length} bytes, in order`);
    } finally {
      closeSync(a);
      closeSync(b);
    }
  }));

// ─── readFile's bound ────────────────────────────────────────────────────────────────────────────

/** A sparse file of `size` bytes (no disk used). */
function sparseFile(size) {
  const path = tempFile();
  closeSync(openSync(path, 'w'));
  truncateSync(path, size);
  return path;
}

/** A FIFO a child process writes `text` into, then closes. */
function fifoWith(text) {
  const path = tempFile();
  assert.is(spawnSync('mkfifo', [path]).status, 0, 'mkfifo');
  const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', tempFile(text), path]);
  return { path, done: new Promise((resolve) => writer.on('exit', resolve)) };
}

/** Open fds other than rings and their pollers' duplicates (a ring a finalizer lets go may go meanwhile). */
/**
 * How many of this process's fds are open on `path`: the fd readFile opened, while it is open
 * (counting all fds would also see unrelated ones come and go, such as a finished child's pipes).
 */
const fdsOn = (path) => {
  const target = realpathSync(path);
  return readdirSync('/proc/self/fd').filter((fd) => fdTarget(Number(fd)) === target).length;
};

unless(nodeWording, test)('readFile of a file larger than 2 GiB: ERR_FS_FILE_TOO_LARGE as Node words it, nothing read, the fd closed', () =>
  withAsyncRing({}, async (ring) => {
    const big = sparseFile(3 * 2 ** 30);
    const ours = await rejection(ring.readFile(big), 'readFile of 3 GiB');
    const node = await rejection(fsp.readFile(big), 'fs.promises.readFile of 3 GiB');
    assert.is(ours.code, 'ERR_FS_FILE_TOO_LARGE');
    assert.instance(ours, RangeError);
    assert.is(ours.message, node.message);
    assert.is(fdsOn(big), 0, 'the fd was closed');
  }));

test('readFile of a FIFO reads at the file position to its end; an encoding decodes characters split across reads', () =>
  withAsyncRing({}, async (ring) => {
    const text = '€'.repeat(70_000); // 210,000 bytes: several reads, and 3-byte characters across their edges
    const fifo = fifoWith(text);
    assert.is(await within(ring.readFile(fifo.path, 'utf8'), 5000, 'readFile of a FIFO'), text);
    await fifo.done;
    const again = fifoWith('plain bytes');
    assert.is((await within(ring.readFile(again.path), 5000, 'readFile of a FIFO')).toString(), 'plain bytes');
    await again.done;
  }));

once('readFile of /dev/zero (no size) stops past 2 GiB with ERR_FS_FILE_TOO_LARGE instead of growing without bound', () =>
  withAsyncRing({}, async (ring) => {
    const zeroFds = fdsOn('/dev/zero');
    const error = await within(outcome(ring.readFile('/dev/zero')), 60_000, 'readFile of /dev/zero');
    assert.not.ok(error.ok, 'readFile of /dev/zero ended');
    assert.is(error.error.code, 'ERR_FS_FILE_TOO_LARGE');
    assert.match(error.error.message, /^File size \(\d+\) is greater than 2 GiB$/);
    assert.ok(Number(/\d+/.exec(error.error.message)[0]) > 2 ** 31 - 1);
    assert.is(fdsOn('/dev/zero'), zeroFds, 'the fd was closed');
  }));

unless(v8StringLength, once)('readFile with an encoding of a file longer than a string can be: Node\'s ERR_STRING_TOO_LONG, the fd closed', () =>
  withAsyncRing({}, async (ring) => {
    const path = sparseFile(2 ** 29 - 23); // one latin1 character per byte: one more than V8 allows
    const error = await rejection(ring.readFile(path, 'latin1'), 'readFile as latin1', 30_000);
    assert.is(error.code, 'ERR_STRING_TOO_LONG');
    assert.is(fdsOn(path), 0, 'the fd was closed');
  }));



test('the ring fd closed by someone else before the loop polls it (same turn as the submit): no abort in libuv, the request rejects', () => {
  // libuv watches a duplicate of the ring fd that only the poller closes, so it never finds
  // the fd it polls closed under it. A child process: the old poller took the process down.
  const index = new URL('../dist/src/index.js', import.meta.url).href;
  const script = `
    import { closeSync } from ${JSON.stringify(new URL('./support/fs.js', import.meta.url).href)};
    const { AsyncRing } = await import(${JSON.stringify(index)});
    const ring = new AsyncRing({ placement: ${JSON.stringify(placement)} });
    const reading = ring.sleep(50);
    setImmediate(() => closeSync(ring.ring.fd)); // after the submit started the poller
    const outcome = await reading.then(() => 'resolved', (e) => e.code);
    await ring.close();
    console.log(outcome);`;
  const child = spawnSync(...jsChild(['--input-type=module', '-e', script]), { encoding: 'utf8', timeout: 20_000 });
  assert.is(child.status, 0, `the child ended with ${child.signal ?? child.status}: ${child.stderr}`);
  assert.ok(['resolved', 'ERR_URING_CLOSED'].includes(child.stdout.trim()), child.stdout);
});
test.run();
