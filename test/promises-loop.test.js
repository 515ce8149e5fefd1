// AsyncRing on Node's event loop (src/promises/engine.ts): the loop stays responsive while
// operations wait, one io_uring_enter per turn, bursts larger than the SQ, CQ overflow, abort at
// every stage, close with work in flight, ref/unref, and failures that must not corrupt the engine.
// Everything against the real kernel; every wait is bounded so a broken engine fails, never hangs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fdTarget } from './support/census.js';
import { spawn } from 'node:child_process';
import { closeSync, stat, writeSync } from './support/fs.js';
import { fileURLToPath } from 'node:url';
import { AbortError, AsyncRing, RingMemory, UringError, constants } from '../dist/src/index.js';
import { errnoError } from '../dist/src/errors.js';
import { host } from '../dist/src/host.js';
import { fds, withPipe } from './support/fds.js';
import { msSince, patience, ringOptions, withAsyncRing } from './support/harness.js';
import { jsChild } from './support/child.js';

const BAD_FD = 1_000_000;
const childScript = fileURLToPath(new URL('./support/loop-child.js', import.meta.url));

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

/** `promise`, or a rejection naming `what` when it has not settled within `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${patience(ms)} ms`)), patience(ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One turn of the event loop: resolves in the check phase after the immediates queued before it. */
const turn = () => new Promise(setImmediate);

/** Blocks the thread (nobody reaps meanwhile). */
function busyWait(ms) {
  const start = process.hrtime.bigint();
  while (msSince(start) < ms);
}

/**
 * An AsyncRing whose poller hands nothing over while `held.on` is set (what it would have handed
 * over comes on the next turn after): the uv backend's poll phase runs before the check phase's
 * flush, a waiter thread's hand-over can come at any time, and some tests need the flush first.
 */
function withHeldPoller(options, body) {
  const held = { on: false };
  const createPoller = host.createPoller;
  host.createPoller = (fd, callback) => {
    const onReadable = (status) => (held.on ? setImmediate(() => onReadable(status)) : callback(status));
    return createPoller(fd, onReadable);
  };
  try {
    return withAsyncRing(options, (ring) => body(ring, held));
  } finally {
    host.createPoller = createPoller;
  }
}

/** How a promise settled, without ever rejecting: { ok, value } or { ok: false, error }. */
const outcome = (p) => p.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));

/**
 * Spies on the low-level ring under an AsyncRing: counts io_uring_enter submits, the SQEs they
 * carried and the CQEs reaped. `beforeSubmit()` may throw to emulate a kernel's refusal.
 */
function spy(ring) {
  const low = ring.ring;
  const submitAndReap = low.submitAndReapFor.bind(low);
  const reap = low.reap.bind(low);
  const s = { submits: 0, sqes: 0, cqes: 0, perSubmit: [], beforeSubmit: null };
  const counted = (handler) => (userData, res, flags, big) => {
    s.cqes++;
    handler(userData, res, flags, big);
  };
  // The engine submits (and reaps what is ready) with submitAndReapFor, which reports a refused
  // enter in lastEnterError: a refusal beforeSubmit() throws is reported that way.
  low.submitAndReapFor = (handler) => {
    s.submits++;
    try {
      s.beforeSubmit?.();
    } catch (error) {
      if (typeof error?.errno !== 'number') throw error;
      const n = low.reap(handler);
      Object.assign(low, { lastSubmitted: 0, lastEnterError: error.errno, lastSqPending: low.sqReady });
      return n;
    }
    const n = submitAndReap(counted(handler));
    s.sqes += low.lastSubmitted;
    s.perSubmit.push(low.lastSubmitted);
    return n;
  };
  low.reap = (handler, max) => reap(counted(handler), max);
  s.reset = () => Object.assign(s, { submits: 0, sqes: 0, cqes: 0, perSubmit: [] });
  return s;
}


/** Whether poll(2) sees data in the pipe's read end (nothing consumed). */
const hasData = (fd) => fds.readable(fd);

function assertAbortError(error, reason, what) {
  assert.instance(error, AbortError, `${what}: an AbortError`);
  assert.is(error.name, 'AbortError', `${what}: name`);
  assert.is(error.code, 'ABORT_ERR', `${what}: code`);
  assert.is(error.cause, reason, `${what}: cause is the signal's reason`);
}

function assertClosedError(error, what) {
  assert.instance(error, UringError, `${what}: a UringError, got ${error}`);
  assert.is(error.code, 'ERR_URING_CLOSED', `${what}: code`);
}


/** A 4-byte record holding `i` (little-endian), for order checks. */
function record(i) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(i);
  return b;
}

// ─── 1. The event loop stays responsive ──────────────────────────────────────────────────────────

test('a read pending on an empty pipe leaves the loop free: timers and immediates run, then data arrives', () =>
  withPipe(([r, w]) => withAsyncRing({}, async (ring) => {
    const buf = Buffer.alloc(32);
    let settled = false;
    const read = ring.read(r, buf, -1);
    read.then(() => { settled = true; }, () => { settled = true; });

    let immediates = 0;
    await within(new Promise((resolve) => {
      const tick = () => (++immediates < 5 ? setImmediate(tick) : resolve());
      setImmediate(tick);
    }), 1000, 'five chained setImmediate callbacks');
    assert.is(immediates, 5);

    const start = process.hrtime.bigint();
    await within(new Promise((resolve) => setTimeout(resolve, 20)), 1000, 'a 20 ms setTimeout');
    const took = msSince(start);
    assert.ok(took >= 19 && took < 500, `the timer fired after ${took} ms`);
    assert.not.ok(settled, 'the read is still pending (the pipe is empty)');
    assert.is(ring.pending, 1);

    writeSync(w, 'through the loop');
    const n = await within(read, 2000, 'the read after the write');
    assert.is(n, 16);
    assert.is(buf.toString('utf8', 0, n), 'through the loop');
    assert.is(ring.pending, 0);
  })));

// ─── 2. Batching ─────────────────────────────────────────────────────────────────────────────────

test('100 nops started in one turn go to the kernel in exactly one io_uring_enter', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const nops = Array.from({ length: 100 }, () => ring.nop());
    assert.is(s.submits, 0, 'nothing is submitted synchronously');
    assert.is(ring.pending, 100);
    const results = await within(Promise.all(nops), 2000, '100 nops');
    assert.is(results.length, 100);
    assert.ok(results.every((v) => v === undefined));
    assert.is(s.submits, 1, `submits: ${s.perSubmit}`);
    assert.is(s.sqes, 100);
    assert.is(s.cqes, 100);
    assert.is(ring.pending, 0);
  }));

test('operations started in separate turns go in separate submits', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const a = ring.nop();
    await turn(); // a's flush ran before this
    assert.is(s.submits, 1);
    const b = [ring.nop(), ring.nop()];
    await turn();
    assert.is(s.submits, 2);
    const c = ring.sleep(1);
    await within(Promise.all([a, ...b, c]), 2000, 'the nops and the sleep');
    assert.is(s.submits, 3, `submits: ${s.perSubmit}`);
    assert.equal(s.perSubmit, [1, 2, 1]);
  }));

test('operations started from several callbacks and promise jobs of one loop turn share one submit', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const started = [];
    // Three immediates queued together run in one check phase, before the flush the first of
    // them queues; each is its own macrotask, and each starts a nop directly and another from a
    // promise job.
    await within(new Promise((resolve) => {
      for (let i = 0; i < 3; i++) {
        setImmediate(() => {
          started.push(ring.nop());
          Promise.resolve().then(() => started.push(ring.nop()));
          if (i === 2) setImmediate(resolve);
        });
      }
    }), 1000, 'the immediates');
    await within(Promise.all(started), 1000, 'the nops');
    assert.is(started.length, 6);
    assert.is(s.submits, 1, `submits: ${s.perSubmit}`);
  }));

// The kernel (without IORING_SETUP_SUBMIT_ALL) stops consuming SQEs at the first one whose prep
// fails, posting its CQE inline; the SQEs behind it must still be submitted (the ring fd never
// becomes readable for them).
test('an SQE the kernel refuses at prep does not strand the operations queued behind it', () =>
  withPipe(([r, w]) => withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    // splice_flags outside SPLICE_F_ALL | SPLICE_F_FD_IN_FIXED: io_splice_prep answers -EINVAL.
    const bad = outcome(ring.splice(r, -1, w, -1, 16, { flags: 0x100 }));
    const nops = [ring.nop(), ring.nop()];
    const got = await bad;
    assert.not.ok(got.ok);
    assert.is(got.error.code, 'EINVAL');
    try {
      await within(Promise.all(nops), 500, 'the nops queued after the refused splice');
    } finally {
      // Report what happened whether or not it failed.
      if (ring.pending > 0) {
        console.log(`      [stranded: submits took ${JSON.stringify(s.perSubmit)} SQEs, sqReady ${ring.ring.sqReady}, pending ${ring.pending}]`);
      }
    }
    assert.is(ring.ring.sqReady, 0);
  })));

// ─── 3. Bursts larger than the SQ ────────────────────────────────────────────────────────────────

test('5000 nops in one turn on an 8-entry SQ: all resolve, each SQ-full in its own submit', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    assert.is(ring.ring.sqEntries, 8);
    const s = spy(ring);
    const settled = new Uint8Array(5000);
    const nops = Array.from({ length: 5000 }, (_, i) => ring.nop().then(() => { settled[i]++; }));
    assert.is(ring.pending, 5000);
    await within(Promise.all(nops), 3000, '5000 nops');
    assert.ok(settled.every((n) => n === 1), 'every nop settled once');
    assert.is(s.sqes, 5000);
    assert.is(s.cqes, 5000, 'one completion per nop, none lost or duplicated');
    assert.is(s.submits, 625, `submits: ${s.submits}`);
    assert.ok(s.perSubmit.every((n) => n === 8));
    assert.is(ring.pending, 0);
  }));

test('5000 reads in one turn on an 8-entry SQ: each gets one record, every record read exactly once', () =>
  withPipe(([r, w]) => withAsyncRing({ entries: 8 }, async (ring) => {
    const N = 5000; // 20000 bytes: fits the pipe (64 KiB), so every read completes inline
    writeSync(w, Buffer.concat(Array.from({ length: N }, (_, i) => record(i))));
    const s = spy(ring);
    const bufs = Array.from({ length: N }, () => Buffer.alloc(4));
    const reads = bufs.map((buf) => ring.read(r, buf, -1));
    const sizes = await within(Promise.all(reads), 3000, `${N} reads`);
    assert.ok(sizes.every((n) => n === 4), 'each read got one record');
    // Which read gets which record is the kernel's business: 6.18 reads a pipe inline, in SQ
    // order; 6.1 hands pipe reads to io-wq workers, which race.
    const seen = new Uint8Array(N);
    for (const buf of bufs) seen[buf.readUInt32LE(0)]++;
    const wrong = seen.findIndex((n) => n !== 1);
    assert.is(wrong, -1, `record ${wrong} was read ${seen[wrong]} times`);
    assert.is(s.cqes, N);
    assert.is(s.submits, N / 8);
    assert.not.ok(hasData(r), 'the pipe is drained');
  })));

// ─── 4. CQ overflow ──────────────────────────────────────────────────────────────────────────────

test('200 sleeps completing while nobody reaps overflow a 16-entry CQ; all resolve once', () =>
  withAsyncRing({ entries: 8, cqEntries: 16 }, async (ring) => {
    assert.is(ring.ring.cqEntries, 16);
    const s = spy(ring);
    const counts = new Uint8Array(200);
    const sleeps = Array.from({ length: 200 }, (_, i) => ring.sleep(100).then(() => { counts[i]++; }));
    await turn(); // the flush ran: all 200 are in the kernel
    assert.is(s.sqes, 200);
    assert.is(s.cqes, 0, 'nothing completed yet');
    // Nobody reaps while this busy-waits (up to 5 s, for slow VMs): the timeouts fire, 16
    // CQEs fill the CQ, the other 184 go to the kernel's NODROP backlog (IORING_SQ_CQ_OVERFLOW).
    const start = process.hrtime.bigint();
    while (!ring.ring.cqNeedsFlush && msSince(start) < 5000);
    busyWait(20);
    assert.is(ring.ring.cqReady, 16);
    assert.ok(ring.ring.cqNeedsFlush, `cqNeedsFlush (sqFlags ${ring.ring.sqFlags})`);
    assert.is(ring.ring.cqOverflow, 0, 'nothing was dropped');
    await within(Promise.all(sleeps), 2000, '200 sleeps after an overflow');
    assert.ok(counts.every((n) => n === 1));
    assert.is(s.cqes, 200);
    assert.not.ok(ring.ring.cqNeedsFlush, 'the backlog was flushed');
    assert.is(ring.pending, 0);
  }));

test('1000 nops submitted while the CQ is full and backlogged: nothing lost', () =>
  withHeldPoller({ entries: 8, cqEntries: 16 }, async (ring, held) => {
    const s = spy(ring);
    const fullAtSubmit = [];
    s.beforeSubmit = () => fullAtSubmit.push(ring.ring.cqNeedsFlush);
    const sleeps = Array.from({ length: 200 }, () => ring.sleep(200)); // long enough for fs.stat to come first, also in a slow VM
    await turn();
    assert.is(s.sqes, 200);
    const submitsBefore = s.submits;
    // The next flush must run before the loop's poll phase reaps: start the nops from a poll-phase
    // callback (an fs completion), so their flush runs in the check phase of the same iteration.
    let nops;
    await within(new Promise((resolve, reject) => stat('/', () => {
      try {
        // Busy until the sleeps overflow the CQ into the backlog (up to 5 s, for slow VMs).
        const start = process.hrtime.bigint();
        while (!ring.ring.cqNeedsFlush && msSince(start) < 5000);
        assert.ok(ring.ring.cqNeedsFlush, 'the CQ overflowed before the nops are submitted');
        assert.is(s.cqes, 0);
        nops = Array.from({ length: 1000 }, () => ring.nop());
        held.on = true;
        setImmediate(() => { held.on = false; });  // after the flush (queued before it)
        resolve();
      } catch (error) {
        reject(error);
      }
    })), 2000, 'the fs.stat callback');
    await within(Promise.all([...sleeps, ...nops]), 3000, '200 sleeps and 1000 nops');
    assert.is(fullAtSubmit[submitsBefore], true, 'the first nop submit met a full, backlogged CQ');
    assert.is(s.sqes, 1200);
    assert.is(s.cqes, 1200);
    assert.is(ring.ring.cqOverflow, 0);
    assert.is(ring.pending, 0);
  }));

// Older kernels refused io_uring_enter with EBUSY while the overflow backlog could not be flushed
// in; this one accepts (it appends to the backlog), so the refusal is injected as they gave it.
test('a submit refused with EBUSY while the CQ is backlogged is retried after reaping', () =>
  withAsyncRing({ entries: 8, cqEntries: 16 }, async (ring) => {
    const s = spy(ring);
    let refused = 0;
    let refuseNext = false;
    s.beforeSubmit = () => {
      // The first submit of the nops is refused, as an older kernel refuses it while the backlog
      // waits (whether the poller reaped it first, in the same poll phase, is the loop's to say).
      if (refuseNext || ring.ring.cqNeedsFlush) {
        refuseNext = false;
        refused++;
        throw errnoError(-16, 'io_uring_enter'); // EBUSY
      }
    };
    const sleeps = Array.from({ length: 200 }, () => ring.sleep(200)); // long enough for fs.stat to come first, also in a slow VM
    await turn();
    let nops;
    await within(new Promise((resolve) => stat('/', () => {
      // Busy until the sleeps have overflowed the CQ (up to 5 s, for slow VMs); the nops' flush
      // then runs before the next poll phase could reap.
      const start = process.hrtime.bigint();
      while (!ring.ring.cqNeedsFlush && msSince(start) < 5000);
      nops = Array.from({ length: 500 }, () => ring.nop());
      refuseNext = true;
      resolve();
    })), 2000, 'the fs.stat callback');
    await within(Promise.all([...sleeps, ...nops]), 3000, 'sleeps and nops through a refused submit');
    assert.ok(refused >= 1, 'a submit was refused');
    assert.is(s.sqes, 700);
    assert.is(s.cqes, 700);
    assert.is(ring.pending, 0);
  }));

// io_uring_enter answers EAGAIN when it could not allocate a single request (memory pressure):
// then nothing may be in the kernel to complete, and the poller the engine waits on never fires.
// The refusal is injected: the engine must retry by itself.
test('a submit refused with EAGAIN when nothing is in flight is retried, not stranded', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    let refused = 0;
    s.beforeSubmit = () => {
      if (refused === 0) {
        refused++;
        throw errnoError(-11, 'io_uring_enter'); // EAGAIN
      }
    };
    const nops = Array.from({ length: 5 }, () => ring.nop());
    try {
      await within(Promise.all(nops), 500, 'nops after one EAGAIN refusal');
    } finally {
      if (ring.pending > 0) await within(ring.nop(), 1000, 'a later nop, which flushes the stranded ones');
    }
    assert.is(refused, 1);
    assert.is(s.cqes, 5);
  }));

// ─── 5. Abort ────────────────────────────────────────────────────────────────────────────────────

test('abort before start: rejects at once with AbortError, nothing reaches the kernel', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const reason = new Error('not wanted');
    const signal = AbortSignal.abort(reason);
    const got = await within(outcome(ring.nop({ signal })), 100, 'the aborted nop');
    assert.not.ok(got.ok);
    assertAbortError(got.error, reason, 'nop');
    const sleep = await within(outcome(ring.sleep(10_000, { signal })), 100, 'the aborted sleep');
    assertAbortError(sleep.error, reason, 'sleep');
    assert.is(ring.pending, 0);
    await turn();
    await turn();
    assert.is(s.submits, 0, 'no io_uring_enter at all');
  }));

test('abort while waiting in JS for SQ room: rejected, never submitted; the others unaffected', () =>
  withPipe(([r, w]) => withAsyncRing({ entries: 2 }, async (ring) => {
    const s = spy(ring);
    const controller = new AbortController();
    const bufs = Array.from({ length: 10 }, () => Buffer.alloc(4));
    const reads = bufs.map((buf, i) => outcome(ring.read(r, buf, -1, i >= 7 ? { signal: controller.signal } : undefined)));
    assert.is(ring.pending, 10);
    const reason = new Error('three too many');
    controller.abort(reason); // reads 7..9 are still waiting in JS (the SQ holds 2)
    assert.is(ring.pending, 7);
    for (const i of [7, 8, 9]) {
      const got = await within(reads[i], 100, `aborted read ${i}`);
      assert.not.ok(got.ok);
      assertAbortError(got.error, reason, `read ${i}`);
    }
    await turn();
    assert.is(s.sqes, 7, 'only the 7 live reads were submitted, and no cancel');
    writeSync(w, Buffer.concat(Array.from({ length: 7 }, (_, i) => record(i))));
    const done = await within(Promise.all(reads.slice(0, 7)), 2000, 'the 7 live reads');
    assert.ok(done.every((d) => d.ok && d.value === 4));
    assert.equal(bufs.slice(0, 7).map((b) => b.readUInt32LE(0)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
    assert.ok(bufs.slice(7).every((b) => b.readUInt32LE(0) === 0), 'aborted reads got nothing');
    assert.not.ok(hasData(r));
    assert.is(ring.pending, 0);
  })));

test('abort after submission: ASYNC_CANCEL, AbortError with the cause; later data goes to a new read', () =>
  withPipe(([r, w]) => withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const controller = new AbortController();
    const buf = Buffer.alloc(16);
    let settledAt = 0;
    const read = outcome(ring.read(r, buf, -1, { signal: controller.signal }).finally(() => { settledAt = Date.now(); }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(s.sqes, 1);
    assert.is(settledAt, 0, 'still pending');
    const reason = new Error('changed my mind');
    controller.abort(reason);
    for (let i = 0; i < 3; i++) await Promise.resolve();
    assert.is(settledAt, 0, 'not rejected before the kernel answers');
    const got = await within(read, 1000, 'the aborted read');
    assert.not.ok(got.ok);
    assertAbortError(got.error, reason, 'read');
    assert.is(s.sqes, 2, 'the read and one ASYNC_CANCEL');
    assert.is(ring.pending, 0);

    writeSync(w, 'for the next one');
    assert.ok(hasData(r), 'the aborted read consumed nothing');
    const next = Buffer.alloc(32);
    const n = await within(ring.read(r, next, -1), 1000, 'the new read');
    assert.is(next.toString('utf8', 0, n), 'for the next one');
    assert.ok(buf.every((b) => b === 0), 'the aborted read wrote nothing back');
  })));

test('abort after completion is a no-op', () =>
  withAsyncRing({}, async (ring) => {
    const s = spy(ring);
    const controller = new AbortController();
    await within(ring.nop({ signal: controller.signal }), 1000, 'the nop');
    const second = ring.sleep(1, { signal: controller.signal });
    await within(second, 1000, 'the sleep');
    const submits = s.submits;
    controller.abort(new Error('too late'));
    await turn();
    assert.is(s.submits, submits, 'no cancel submitted');
    assert.is(ring.pending, 0);
    await within(ring.nop(), 1000, 'a nop after the late abort');
  }));

// ─── 6. Close with work in flight ────────────────────────────────────────────────────────────────

test('close() with reads and a sleep in flight: cancels, rejects ERR_URING_CLOSED, frees fd and memory', () =>
  withPipe(async ([r]) => {
    const memory = new RingMemory();
    const before = memory.freeBytes;
    const ring = new AsyncRing(ringOptions({ memory }));
    const fd = ring.ring.fd;
    assert.is(fdTarget(fd), 'anon_inode:[io_uring]');
    const ops = [
      ...Array.from({ length: 10 }, () => outcome(ring.read(r, Buffer.alloc(8), -1))),
      outcome(ring.sleep(10_000)),
    ];
    await turn();
    assert.is(ring.pending, 11);
    assert.ok(memory.freeBytes < before, 'the ring and the staged buffers use the memory');
    assert.not.ok(ring.closed);

    const start = process.hrtime.bigint();
    const closing = ring.close();
    assert.ok(ring.closed, 'closed as soon as close() is called');
    assertClosedError((await within(outcome(ring.nop()), 100, 'a nop while closing')).error, 'nop while closing');
    await within(closing, 1000, 'close()');
    const took = msSince(start);
    assert.ok(took < 1000, `close() took ${took} ms`);
    const got = await within(Promise.all(ops), 100, 'the in-flight operations');
    got.forEach((g, i) => {
      assert.not.ok(g.ok, `op ${i} rejected`);
      assertClosedError(g.error, `op ${i}`);
    });
    assert.is(ring.pending, 0);
    assert.ok(ring.ring.closed);
    assert.is.not(fdTarget(fd), 'anon_inode:[io_uring]', 'the ring fd is closed');
    assert.is(memory.freeBytes, before, 'all ring memory is back');

    assertClosedError((await within(outcome(ring.nop()), 100, 'a nop after close')).error, 'nop after close');
    assertClosedError((await within(outcome(ring.read(r, Buffer.alloc(1), -1)), 100, 'a read after close')).error, 'read after close');
    await within(ring.close(), 100, 'a second close()');
    await within(ring[Symbol.asyncDispose](), 100, 'asyncDispose after close()');
  }));

test('close() in the turn the operations start: the waiting ones reject at once, the done ones resolve', () =>
  withPipe(async ([r, w]) => {
    const memory = new RingMemory();
    const before = memory.freeBytes;
    const ring = new AsyncRing(ringOptions({ memory, entries: 4 }));
    const s = spy(ring);
    writeSync(w, 'ready');
    const ready = Buffer.alloc(5);
    const inSq = [outcome(ring.nop()), outcome(ring.read(r, ready, -1)), outcome(ring.read(r, Buffer.alloc(5), -1)),
      outcome(ring.read(r, Buffer.alloc(5), -1))]; // fills the 4-entry SQ
    const waiting = Array.from({ length: 5 }, () => outcome(ring.read(r, Buffer.alloc(5), -1)));
    let waitingSettled = 0;
    for (const p of waiting) p.then(() => { waitingSettled++; });
    const closing = ring.close();
    // Rejected by close() itself: settled after a few microtasks, before any flush or completion.
    for (let i = 0; i < 3; i++) await Promise.resolve();
    assert.is(waitingSettled, 5, 'the waiting reads were rejected by close() itself');
    assert.is(s.submits, 0);
    for (const [i, g] of (await Promise.all(waiting)).entries()) assertClosedError(g.error, `waiting read ${i}`);
    await within(closing, 1000, 'close()');
    const [nop, ...reads] = await Promise.all(inSq);
    assert.ok(nop.ok, 'the nop completed before its cancel');
    // 'ready' was in the pipe for the first read. 6.18 reads a pipe inline, so that read
    // completes before its cancel; 6.1 hands pipe reads to io-wq, where the cancels can catch
    // any of them first. Either way at most one read got the data; the rest were cancelled.
    const done = reads.filter((g) => g.ok);
    assert.ok(done.length <= 1, `${done.length} reads completed`);
    if (done.length === 1) assert.is(done[0].value, 5);
    if (reads[0].ok) assert.is(ready.toString(), 'ready');
    for (const g of reads) if (!g.ok) assertClosedError(g.error, 'a cancelled read');
    assert.is(s.sqes, 4 + 4, 'the 4 in the SQ and their 4 cancels; the waiting ones never reached the kernel');
    assert.is(memory.freeBytes, before);
  }));

test('Symbol.asyncDispose (await using) closes the ring with its work', async () => {
  const memory = new RingMemory();
  const before = memory.freeBytes;
  const ring = new AsyncRing(ringOptions({ memory }));
  const sleep = outcome(ring.sleep(10_000));
  await turn();
  let awaitUsing;
  try {
    // `await using` where the parser has it (Node 24+); Node 20/22 have the symbol only.
    awaitUsing = new (async function () {}).constructor('ring', 'await using r = ring;');
  } catch {
    awaitUsing = (r) => r[Symbol.asyncDispose]();
  }
  await within(awaitUsing(ring), 1000, 'disposal');
  assert.ok(ring.closed);
  assertClosedError((await within(sleep, 100, 'the sleep')).error, 'sleep');
  assert.is(memory.freeBytes, before);
});

// ─── 7. ref / unref ──────────────────────────────────────────────────────────────────────────────

/**
 * Runs loop-child.js `mode`; resolves to { code, signal, out, err, aliveAfter, ms } once it
 * exits, `ms` counted from its "ready" line (so a slow start, as under qemu, does not count).
 * A child still running 3 s after "ready" is killed.
 */
function runChild(mode, { killAfterReadyMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(...jsChild([childScript, mode]), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let aliveAfter = null;
    let readyAt = null;
    let guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (readyAt === null && out.includes('ready\n')) {
        readyAt = process.hrtime.bigint();
        clearTimeout(guard);
        guard = setTimeout(() => child.kill('SIGKILL'), 3000);
        if (killAfterReadyMs !== undefined) {
          aliveAfter = 'waiting';
          setTimeout(() => {
            aliveAfter = child.exitCode === null && child.signalCode === null;
            child.kill('SIGKILL');
          }, killAfterReadyMs);
        }
      }
    });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, out, err, aliveAfter, ms: readyAt === null ? NaN : msSince(readyAt) });
    });
  });
}

test('unref(): a read pending on an empty pipe lets the process exit by itself', async () => {
  const [early, late] = await Promise.all([runChild('unref'), runChild('unref-late')]);
  for (const [name, run] of [['unref before the read', early], ['unref after submission', late]]) {
    assert.is(run.signal, null, `${name}: exited by itself, not killed (stderr: ${run.err})`);
    assert.is(run.code, 0, `${name}: exit code (stderr: ${run.err})`);
    assert.is(run.out, 'ready\n', name);
    assert.ok(run.ms < 2000, `${name}: exited ${run.ms} ms after ready`);
  }
});

test('ref (the default): a pending read keeps the process alive', async () => {
  const run = await runChild('ref', { killAfterReadyMs: 500 });
  assert.is(run.aliveAfter, true, `still running 500 ms after ready (exit ${run.code}, stderr: ${run.err})`);
  assert.is(run.signal, 'SIGKILL');
});

test('ref: the ring alone keeps the process alive until the read resolves, then lets it exit', async () => {
  const run = await runChild('ref-then-data');
  assert.is(run.signal, null, `exited by itself (stderr: ${run.err})`);
  assert.is(run.code, 0, run.err);
  assert.is(run.out, 'ready\nread woken\n');
  // The timer is unref'd: only the ring's pending read can have kept the process alive for it.
});

test('an idle ring never keeps the process alive, even ref()\'d', async () => {
  const [idle, fresh] = await Promise.all([runChild('idle'), runChild('fresh')]);
  for (const [name, run] of [['after a sleep and a nop', idle], ['never used', fresh]]) {
    assert.is(run.signal, null, `${name}: exited by itself (stderr: ${run.err})`);
    assert.is(run.code, 0, `${name}: ${run.err}`);
    assert.is(run.out, 'ready\n', name);
    assert.ok(run.ms < 2000, `${name}: exited ${run.ms} ms after ready`);
  }
});

// ─── 8. Failures do not corrupt the engine ───────────────────────────────────────────────────────

test('400 concurrent operations, a quarter failing with EBADF: every one settles as it should', () =>
  withPipe(([r, w]) => withAsyncRing({ entries: 16, cqEntries: 32 }, async (ring) => {
    const s = spy(ring);
    writeSync(w, Buffer.concat(Array.from({ length: 100 }, (_, i) => record(i))));
    const kinds = [];
    const bufs = [];
    const ops = [];
    for (let i = 0; i < 400; i++) {
      const kind = ['badRead', 'nop', 'sleep', 'read'][i % 4];
      kinds.push(kind);
      if (kind === 'badRead') ops.push(outcome(ring.read(BAD_FD, Buffer.alloc(4), 0)));
      else if (kind === 'nop') ops.push(outcome(ring.nop()));
      else if (kind === 'sleep') ops.push(outcome(ring.sleep(1)));
      else {
        const buf = Buffer.alloc(4);
        bufs.push(buf);
        ops.push(outcome(ring.read(r, buf, -1)));
      }
    }
    const got = await within(Promise.all(ops), 3000, '400 mixed operations');
    got.forEach((g, i) => {
      if (kinds[i] === 'badRead') {
        assert.not.ok(g.ok, `op ${i} failed`);
        assert.is(g.error.code, 'EBADF', `op ${i}`);
        assert.is(g.error.syscall, 'read');
      } else {
        assert.ok(g.ok, `op ${i} (${kinds[i]}) succeeded: ${g.error}`);
        if (kinds[i] === 'read') assert.is(g.value, 4);
      }
    });
    assert.equal(bufs.map((b) => b.readUInt32LE(0)).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    assert.is(s.cqes, 400);
    assert.is(ring.pending, 0);
    await within(ring.nop(), 1000, 'a nop afterwards');
  })));

test('an operation whose complete() throws rejects with that error; its neighbours are unaffected', () =>
  withAsyncRing({}, async (ring) => {
    const boom = new Error('complete() failed');
    const throwing = { syscall: 'nop', queue: (low, ud) => low.prepNop(ud), complete: () => { throw boom; } };
    const ops = [];
    for (let i = 0; i < 50; i++) ops.push(outcome(i % 5 === 2 ? ring.chain().add(throwing).run() : ring.nop()));
    const got = await within(Promise.all(ops), 2000, '50 operations');
    got.forEach((g, i) => {
      if (i % 5 === 2) assert.is(g.error, boom, `op ${i}`);
      else assert.ok(g.ok, `op ${i}`);
    });
    assert.is(ring.pending, 0);
    await within(ring.nop(), 1000, 'a nop afterwards');
  }));

// Ring.reap() takes a batch of CQEs off the CQ before calling the handler for each: an operation
// whose release() throws must not cost the completions after it in that batch (their promises
// would never settle, and close() would wait for them forever).
test('an operation whose release() throws does not lose the completions reaped with it', async () => {
  const ring = new AsyncRing(ringOptions({}));
  const uncaught = [];
  const onUncaught = (error) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const throwing = {
      syscall: 'nop',
      queue: (low, ud) => low.prepNop(ud),
      complete: () => 'done',
      release: () => { throw new Error('release() failed'); },
    };
    const ops = [];
    for (let i = 0; i < 10; i++) ops.push(outcome(i === 3 ? ring.chain().add(throwing).run() : ring.nop()));
    const got = await within(Promise.all(ops), 500, 'nops reaped in the batch of a throwing release()')
      .catch((error) => {
        throw new Error(`${error.message} (pending ${ring.pending}; uncaught: ${uncaught.map((e) => e.message)})`);
      });
    got.forEach((g, i) => { if (i !== 3) assert.ok(g.ok, `nop ${i}`); });
    assert.is(ring.pending, 0);
    await within(ring.nop(), 1000, 'a nop afterwards');
  } finally {
    process.off('uncaughtException', onUncaught);
    // When completions were lost, close() would wait for them forever: bound it, and let the
    // process exit regardless.
    await within(ring.close(), 500, 'close()').catch(() => ring.unref());
  }
});

// ─── 9. Ring setups ──────────────────────────────────────────────────────────────────────────────

test('an SQPOLL ring: the kernel thread takes the SQEs, completions still reach the event loop', () =>
  withAsyncRing({ sqThreadIdle: 20 }, async (ring) => {
    assert.ok(ring.ring.flags & constants.IORING_SETUP_SQPOLL);
    await within(ring.sleep(30), 1000, 'a sleep'); // long enough for the thread to go idle
    const results = await within(Promise.all(Array.from({ length: 500 }, () => ring.nop())), 2000, '500 nops');
    assert.is(results.length, 500);
    await within(ring.sleep(5), 1000, 'a sleep after the burst');
    assert.is(ring.pending, 0);
  }));

test('IORING_SETUP_DEFER_TASKRUN is refused with the reason: its completions never wake a poll', () => {
  const flags = constants.IORING_SETUP_DEFER_TASKRUN | constants.IORING_SETUP_SINGLE_ISSUER;
  try {
    new AsyncRing(ringOptions({ flags }));
    assert.unreachable('created');
  } catch (error) {
    assert.instance(error, UringError);
    assert.is(error.code, 'ERR_URING_UNSUPPORTED');
    assert.match(error.message, 'IORING_SETUP_DEFER_TASKRUN');
  }
});

test.run();
