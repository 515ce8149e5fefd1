// Helpers for the per-opcode tests (test/ops-*.test.js): a ring with cleanup, waiting for
// completions without ever blocking forever, probe-based skips, and the few Linux constants
// the library does not export.
import { closeSync, writeSync } from './fs.js';
import { constants as osConstants } from 'node:os';
import * as assert from 'uvu/assert';
import { AsyncRing, Ring, constants, opcodeName } from '../../dist/src/index.js';
import { needTest } from './features.js';

/** Negative errnos as CQE results carry them: E.EBADF === -9. */
export const E = Object.fromEntries(Object.entries(osConstants.errno).map(([name, n]) => [name, -n]));

/** Linux constants the tests pass through that wasm-uring does not export (kernel ABI values). */
export const linux = {
  EPOLLIN: 0x001,
  EPOLL_CTL_ADD: 1,
  EPOLL_CTL_DEL: 2,
  RESOLVE_NO_SYMLINKS: 0x04,
  O_CLOEXEC: 0o2000000, // node:fs does not export it
  FALLOC_FL_KEEP_SIZE: 0x01,
  MADV_WILLNEED: 3,
  MADV_DONTNEED: 4,
  POSIX_FADV_SEQUENTIAL: 2,
  POSIX_FADV_DONTNEED: 4,
  AF_INET: 2,
  SOCK_DGRAM: 2,
};

/**
 * The ring placement under test: test/run.js runs the suite once for each placement this kernel
 * allows and says which in WASM_URING_TEST_PLACEMENT. Unset (a plain uvu run): the default.
 */
export const placement = process.env.WASM_URING_TEST_PLACEMENT || 'auto';

/**
 * Under emulation (test/kernels/ runs the suite in a TCG guest on one host thread, 10–30× slower
 * than the host) the deadlines that only stop a hang get longer; nothing here measures speed.
 */
export const emulated = process.env.WASM_URING_VM === '1';
export const patience = (ms) => (emulated ? ms * 5 : ms);

/** Ring options with the placement under test (an explicit `placement` wins). */
export function ringOptions(options = {}) {
  return { placement, ...options };
}

/**
 * Runs `body(ring, own)` on a new ring and always cleans up: the ring is closed, then every view
 * passed to `own(view)` is freed and every fd passed to `own.fd(fd)` is closed (an fd the test
 * closed itself, e.g. with IORING_OP_CLOSE, is handed back with `own.closed(fd)` so a reused
 * number is never closed by mistake). An async `body` is cleaned up after once it settles.
 */
export function withRing(options, body) {
  const ring = new Ring(ringOptions(options));
  const views = [];
  const fdList = new Set();
  const own = (view) => {
    views.push(view);
    return view;
  };
  own.fd = (fd) => {
    fdList.add(fd);
    return fd;
  };
  own.fds = (pair) => {
    for (const fd of pair) fdList.add(fd);
    return pair;
  };
  own.closed = (fd) => fdList.delete(fd);
  const cleanUp = () => {
    ring.close();
    // Everything is cleaned up even when one step fails; the first failure is reported.
    let failure;
    for (const fd of fdList) {
      try {
        closeSync(fd);
      } catch (error) {
        failure ??= error;
      }
    }
    for (const view of views) ring.memory.free(view);
    if (failure) throw failure;
  };
  let result;
  try {
    result = body(ring, own);
  } catch (error) {
    try {
      cleanUp();
    } catch {
      // the body's error is the one to report
    }
    throw error;
  }
  if (typeof result?.then === 'function') return result.finally(cleanUp);
  cleanUp();
  return result;
}

/**
 * Runs `await body(ring)` on a new AsyncRing (the Promise API) with the placement under test, and
 * always closes it afterwards, also when the body fails.
 */
export async function withAsyncRing(options, body) {
  const ring = new AsyncRing(ringOptions(options));
  try {
    return await body(ring);
  } finally {
    await ring.close();
  }
}

const GUARD = 2 ** 52 + 0x6a;
const GUARD_REMOVE = 2 ** 52 + 0x6b;

/**
 * Submits what is prepared and waits until every userData in `userDatas` has completed, in at
 * most `ms` milliseconds: a guard TIMEOUT makes sure submitAndWait() returns even when the kernel
 * never completes an operation, and the test then fails naming what is missing instead of
 * hanging. Returns the completions in the order they arrived, keyed too by userData (`.of(ud)`).
 */
export function complete(ring, userDatas, ms = 2000) {
  ring.submit(); // the test's SQEs go first and alone, so none of them can link to the guard
  const ts = ring.memory.timespec(patience(ms));
  const got = [];
  let guardFired = false;
  const missing = () => userDatas.filter((ud) => !got.some((c) => c.userData === ud));
  try {
    ring.prepTimeout(GUARD, ts);
    while (!guardFired && missing().length > 0) {
      ring.submitAndWait(1);
      ring.reap((userData, res, flags) => {
        if (userData === GUARD) guardFired = true;
        else got.push({ userData, res, flags });
      });
    }
    if (!guardFired) {
      // Retire the guard so nothing of this call is left in flight.
      ring.prepTimeoutRemove(GUARD_REMOVE, GUARD);
      let left = 2;
      while (left > 0) {
        ring.submitAndWait(1);
        ring.reap((userData, res, flags) => {
          if (userData === GUARD || userData === GUARD_REMOVE) left--;
          else got.push({ userData, res, flags });
        });
      }
    }
  } finally {
    ring.memory.free(ts);
  }
  const lost = missing();
  if (lost.length > 0) assert.unreachable(`no completion within ${ms} ms for userData ${lost.join(', ')}`);
  got.of = (ud) => got.find((c) => c.userData === ud);
  return got;
}

/** Completes the prepared SQEs and returns the `res` of each of `userDatas`, in that order. */
export function results(ring, userDatas, ms) {
  const got = complete(ring, userDatas, ms);
  return userDatas.map((ud) => got.of(ud).res);
}

/** What this kernel supports, asked once with IORING_REGISTER_PROBE. */
let probed;
export function kernelProbe() {
  if (!probed) {
    const ring = new Ring(ringOptions({ entries: 2 }));
    try {
      probed = ring.probe();
    } finally {
      ring.close();
    }
  }
  return probed;
}

/**
 * Registers `fn` as test `name` on `runner` (a uvu test or suite), or as a skipped test naming what
 * this kernel lacks of `needs`: opcodes, NEEDS entries, feature names (see support/features.js).
 */
export function opTest(runner, name, needs, fn) {
  needTest(runner, name, needs, fn);
}

/**
 * An AsyncRing whose kernel counts as Linux `linux` at most (WASM_URING_AS_LINUX; undefined: as
 * it is), the variable set only while the ring is made and its kernel probed (`ring.kernel`
 * reads it at its first use).
 */
export function asyncRingAs(linux, options = {}) {
  const saved = process.env.WASM_URING_AS_LINUX;
  if (linux === undefined) delete process.env.WASM_URING_AS_LINUX;
  else process.env.WASM_URING_AS_LINUX = linux;
  try {
    const ring = new AsyncRing(ringOptions(options));
    void ring.ring.kernel;
    return ring;
  } finally {
    if (saved === undefined) delete process.env.WASM_URING_AS_LINUX;
    else process.env.WASM_URING_AS_LINUX = saved;
  }
}

/**
 * `promise`, or a failure naming `what` after `ms` milliseconds (under emulation five times as
 * long): never a hang.
 */
export function within(promise, what, ms = patience(2000)) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new assert.Assertion({ message: `timed out after ${ms} ms: ${what}`, operator: 'within' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Byte-for-byte equality, reporting the first difference instead of dumping both arrays. */
export function assertBytes(actual, expected, what = 'bytes') {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  if (a.equals(b)) return;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  assert.unreachable(`${what} differ: length ${a.length} vs ${b.length} expected, first difference at byte ${i} ` +
    `(${a[i]} vs ${b[i]} expected)`);
}

/** `n` bytes of a recognisable pattern (different for each seed). */
export function pattern(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A view in ring memory holding a copy of `bytes` (freed by withRing through `own`). */
export function ringBytes(ring, own, bytes) {
  const view = own(ring.alloc(bytes.length));
  view.set(bytes);
  return view;
}

/** A struct sockaddr_in for 127.0.0.1:`port` in ring memory (16 bytes). */
export function sockaddrLoopback(ring, own, port) {
  const view = own(ring.alloc(16));
  const dv = new DataView(view.buffer, view.byteOffset, 16);
  dv.setUint16(0, linux.AF_INET, true); // sin_family, host order
  dv.setUint16(2, port, false); // sin_port, network order
  view.set([127, 0, 0, 1], 4); // sin_addr
  return view;
}

/** Makes an eventfd readable by adding `n` (an 8-byte little-endian write, as eventfd(2) wants). */
export function eventfdAdd(fd, n) {
  const value = Buffer.alloc(8);
  value.writeBigUInt64LE(BigInt(n));
  writeSync(fd, value);
}

/** Milliseconds since `start` (a process.hrtime.bigint()). */
export function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export { constants };
