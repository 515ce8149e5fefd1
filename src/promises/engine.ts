// The engine under the Promise API: runs Operations on a low-level Ring from Node's event loop.
//
//   run(op) ─▶ SQ (or, when the SQ is full, the waiting line in JS)
//                 │ setImmediate: everything queued this turn, one io_uring_enter
//                 ▼
//   kernel ─▶ CQ ─▶ ring fd readable ─▶ poller (host/poller.cc, libuv) ─▶ reap ─▶ settle promises
//
// userData names a slot, which holds the request until its final completion, and a serial
// number, so a cancel still in flight for a finished request can never hit the slot's next
// occupant. Internal requests (cancels) use userData 0 and nobody waits for their completions.
// Nothing is dropped: requests wait in JS until the SQ has room, a submit the kernel refuses
// with EBUSY/EAGAIN (its CQ overflow backlog is full) is retried after reaping, and reaping
// flushes that backlog in (see Ring.reap).

import { constants, opcodeName } from '../constants.js';
import { AbortError, errnoError, uringError, type UringError } from '../errors.js';
import type { RingMemory } from '../memory.js';
import { addon, type Poller } from '../native.js';
import { Ring, type Probe, type RingOptions } from '../ring.js';
import { describe, type Operation } from './operation.js';

const INTERNAL = 0;
/** userData = serial × SLOTS + slot: at most SLOTS requests in flight at once. */
const SLOTS = 2 ** 22;
const SERIALS = 2 ** 31;
const ECANCELED = -125;
const EINVAL = -22;
const EINTR = -4;
const EOPNOTSUPP = -95;

/** Options every operation takes. */
export interface OperationOptions {
  /** Aborting cancels the request (IORING_OP_ASYNC_CANCEL) and rejects it with an AbortError. */
  signal?: AbortSignal;
}

class Request {
  userData = INTERNAL;
  aborted = false;
  /** The request reached the SQ (so it ends with a completion). */
  queued = false;
  onAbort: (() => void) | null = null;
  /** What an earlier completion's more() threw: the request rejects with it. */
  failure: unknown = undefined;
  constructor(
    readonly op: Operation<unknown>,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
    readonly signal: AbortSignal | undefined,
    /** IOSQE_* flags for its SQE (IOSQE_IO_LINK inside a chain). */
    readonly sqeFlags: number,
    /** The engine's own (a cancel): userData INTERNAL, no slot, nobody waits for it. */
    readonly internal = false,
  ) {}
}

/** Requests that go into the SQ together: one, or a linked chain. */
type Unit = Request[];

export class Engine {
  /** The low-level ring underneath (for registration, probing and diagnostics). */
  readonly ring: Ring;
  readonly memory: RingMemory;
  readonly #poller: Poller;
  #polling = false;

  /** Slot → request in the kernel; slot 0 is INTERNAL. */
  readonly #slots: (Request | undefined)[] = [undefined];
  readonly #freeSlots: number[] = [];
  #serial = 0;
  /** Units waiting for SQ room, oldest first (from #waitingHead). */
  #waiting: Unit[] = [];
  #waitingHead = 0;
  /** Completions the kernel still owes: one per SQE queued, multishot ones at their end. */
  #owed = 0;
  #flushScheduled = false;
  #closing: Promise<void> | null = null;
  #drained: (() => void) | null = null;

  constructor(options: RingOptions = {}) {
    if ((options.flags ?? 0) & constants.IORING_SETUP_DEFER_TASKRUN) {
      // Deferred completion work runs only inside io_uring_enter(GETEVENTS), and its arrival
      // does not wake a poll on the ring fd: Node's loop would never hear of it.
      throw uringError('ERR_URING_UNSUPPORTED',
        'IORING_SETUP_DEFER_TASKRUN needs a thread that waits in io_uring_enter; an AsyncRing waits in Node\'s event loop instead');
    }
    this.ring = new Ring({ entries: 256, ...options });
    this.memory = this.ring.memory;
    const poller = addon.createPoller(this.ring.fd, (status) => this.#onReadable(status));
    if (!poller) {
      this.ring.close();
      throw uringError('ERR_URING_POLLER', 'the event loop cannot watch the ring fd');
    }
    this.#poller = poller;
  }

  // ─── Running operations ──────────────────────────────────────────────────────────────────────

  /**
   * Runs one operation; the Promise settles with its final completion. `op` may be a function
   * that builds it: an argument error it throws then rejects the Promise, as in fs.promises.
   */
  run<T>(op: Operation<T> | (() => Operation<T>), options: OperationOptions = {}): Promise<T> {
    if (typeof op === 'function') {
      try {
        op = op();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const operation = op;
    return new Promise<T>((resolve, reject) => {
      const request = new Request(operation, resolve as (value: unknown) => void, reject, options.signal, 0);
      this.#start([request]);
    });
  }

  /**
   * Runs operations as one linked chain (IOSQE_IO_LINK): each starts when the one before has
   * succeeded; after a failure the rest complete with ECANCELED. Settles with every result in
   * order, or rejects with the first failure.
   */
  runLinked(ops: readonly Operation<unknown>[], options: OperationOptions = {}): Promise<unknown[]> {
    if (ops.length > this.ring.sqEntries) {
      return Promise.reject(new RangeError(
        `a chain of ${ops.length} operations does not fit a submission queue of ${this.ring.sqEntries}`));
    }
    const promises: Promise<unknown>[] = [];
    const unit: Unit = ops.map((op, i) => {
      let request!: Request;
      promises.push(new Promise((resolve, reject) => {
        request = new Request(op, resolve, reject, options.signal, i < ops.length - 1 ? constants.IOSQE_IO_LINK : 0);
      }));
      return request;
    });
    this.#start(unit);
    return Promise.all(promises);
  }

  #start(unit: Unit): void {
    const signal = unit[0]?.signal;
    if (this.#closing) {
      for (const r of unit) r.reject(uringError('ERR_URING_CLOSED', `the ring is closed: cannot ${describe(r.op)}`));
      return;
    }
    if (signal?.aborted) {
      for (const r of unit) r.reject(abortError(r, signal));
      return;
    }
    if (signal) {
      for (const r of unit) {
        r.onAbort = () => this.#abort(r);
        signal.addEventListener('abort', r.onAbort, { once: true });
      }
    }
    this.#enqueue(unit);
  }

  /** Into the SQ when there is room and nothing waits ahead of it, else into the waiting line. */
  #enqueue(unit: Unit): void {
    if (this.#waitingHead === this.#waiting.length && this.ring.sqSpaceLeft >= unit.length) {
      this.#queue(unit);
    } else {
      for (const r of unit) r.op.hold?.();
      this.#waiting.push(unit);
    }
    this.#scheduleFlush();
  }

  /**
   * Puts a unit's SQEs in the SQ (there is room): borrows their memory first, all or none. A
   * unit's requests share one signal, so a unit aborted while waiting is aborted whole.
   */
  #queue(unit: Unit): void {
    if (unit[0]!.aborted) return;
    let acquired = 0;
    try {
      for (const r of unit) {
        r.op.acquire?.(this.memory);
        acquired++;
      }
    } catch (error) {
      for (let i = 0; i < unit.length; i++) {
        const r = unit[i]!;
        if (i < acquired) r.op.release?.(this.memory);
        this.#forget(r);
        r.reject(error);
      }
      return;
    }
    for (const r of unit) {
      if (!r.internal) {
        const slot = this.#freeSlots.pop() ?? this.#slots.length;
        if (slot >= SLOTS) throw uringError('ERR_URING_TOO_MANY', `more than ${SLOTS} operations in flight`);
        this.#serial = (this.#serial + 1) % SERIALS;
        r.userData = this.#serial * SLOTS + slot;
        this.#slots[slot] = r;
      }
      const sqe = r.op.queue(this.ring, r.userData);
      if (r.sqeFlags) this.ring.setSqeFlags(sqe, r.sqeFlags);
      r.queued = true;
      this.#owed++;
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(this.#flush);
  }

  /** Submits what this turn queued, moves waiting units in as room frees, reaps what is ready. */
  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.ring.closed) return;
    for (;;) {
      while (this.#waitingHead < this.#waiting.length && this.ring.sqSpaceLeft >= this.#waiting[this.#waitingHead]!.length) {
        this.#queue(this.#waiting[this.#waitingHead++]!);
      }
      if (this.#waitingHead === this.#waiting.length && this.#waitingHead > 0) {
        this.#waiting = [];
        this.#waitingHead = 0;
      }
      if (this.ring.sqReady === 0) break;
      let submitted = 0;
      try {
        submitted = this.ring.submit();
      } catch (error) {
        // The kernel refuses new work while its CQ overflow backlog cannot be flushed (EBUSY)
        // or it cannot allocate requests (EAGAIN): make room, or try again shortly.
        const code = (error as UringError).code;
        if (code !== 'EBUSY' && code !== 'EAGAIN') throw error;
        if (this.#reap() === 0) {
          setTimeout(() => this.#scheduleFlush(), 1);
          break;
        }
        continue;
      }
      this.#reap();
      // Without IORING_SETUP_SUBMIT_ALL the kernel stops at an SQE it refuses (that one gets a
      // failed completion): go round until the SQ is empty too.
      if (submitted === 0 || (this.#waitingHead === this.#waiting.length && this.ring.sqReady === 0)) break;
    }
    this.#watch();
  };

  // ─── Completions ─────────────────────────────────────────────────────────────────────────────

  /** Starts or stops the poller: it runs exactly while completions are owed. */
  #watch(): void {
    if (this.#owed > 0 && !this.#polling) {
      const ret = this.#poller.start();
      if (ret < 0) throw uringError('ERR_URING_POLLER', `the event loop cannot watch the ring fd (libuv error ${ret})`);
      this.#polling = true;
    } else if (this.#owed === 0 && this.#polling) {
      this.#poller.stop();
      this.#polling = false;
    }
  }

  #onReadable(status: number): void {
    if (this.ring.closed || status < 0) return;
    this.#reap();
    if (this.#waitingHead < this.#waiting.length || this.ring.sqReady > 0) this.#scheduleFlush();
    this.#watch();
  }

  #reap(): number {
    return this.ring.reap(this.#onCompletion);
  }

  readonly #onCompletion = (userData: number, res: number, flags: number): void => {
    if (userData === INTERNAL) {
      this.#owed--;
      this.#checkDrained();
      return;
    }
    const slot = userData % SLOTS;
    const r = this.#slots[slot];
    if (r?.userData !== userData) return; // nobody's (a message another ring posted here)
    if (flags & constants.IORING_CQE_F_MORE) {
      try {
        r.op.more?.(res, flags); // also once aborted: what it produced must reach someone
      } catch (error) {
        r.failure ??= error;
      }
      return;
    }
    this.#slots[slot] = undefined;
    this.#freeSlots.push(slot);
    this.#owed--;
    this.#settle(r, res, flags);
    this.#checkDrained();
  };

  #settle(r: Request, res: number, flags: number): void {
    this.#forget(r);
    let error: unknown;
    let value: unknown;
    const happened = r.op.succeeded ? r.op.succeeded(res) : res >= 0;
    if (r.aborted && (!happened || r.op.discard)) {
      // The cancel won, or what the request did can be undone (an fd it made is closed): it
      // did not happen. An aborted request that happened anyway (bytes written, data consumed)
      // settles with its result below: a rejection would hide what it did.
      error = abortError(r, r.signal);
      if (happened) r.op.discard!(res);
    } else if (this.#closing && (res === ECANCELED || res === EINTR)) {
      // Cancelled by close(): ECANCELED, or EINTR for a request io-wq was running.
      error = this.#closedError(r);
    } else if (!happened) {
      error = this.#errorFor(r.op, res);
    } else {
      try {
        value = r.op.complete(res, flags);
      } catch (e) {
        error = e;
      }
    }
    try {
      r.op.release?.(this.memory);
    } catch (e) {
      error ??= e;
    }
    error ??= r.failure;
    if (error === undefined) r.resolve(value);
    else r.reject(error);
  }

  /** The error for a failed operation; says which Linux brings an opcode this kernel lacks. */
  #errorFor(op: Operation<unknown>, res: number): UringError {
    let hint: string | undefined;
    if ((res === EINVAL || res === EOPNOTSUPP) && op.needs && !this.#supports(op.needs[0])) {
      hint = `IORING_OP_${opcodeName(op.needs[0])} needs Linux ${op.needs[1]} or later`;
    }
    return errnoError(res, op.syscall, { path: op.path, dest: op.dest, hint });
  }

  #supported: Probe | null = null;
  #supports(opcode: number): boolean {
    this.#supported ??= this.ring.probe();
    return this.#supported.supports(opcode);
  }

  #forget(r: Request): void {
    if (r.onAbort) r.signal!.removeEventListener('abort', r.onAbort);
    r.onAbort = null;
  }

  // ─── Cancelling ──────────────────────────────────────────────────────────────────────────────

  #abort(r: Request): void {
    if (r.aborted) return;
    r.aborted = true;
    r.onAbort = null;
    if (!r.queued) {
      // Still waiting in JS: it never reaches the kernel (#queue skips it).
      r.reject(abortError(r, r.signal));
      return;
    }
    this.#cancel(r.userData);
  }

  /** Queues IORING_OP_ASYNC_CANCEL for the request in slot `userData`. */
  #cancel(userData: number): void {
    const op: Operation<void> = {
      syscall: 'cancel',
      queue: (ring, ud) => ring.prepCancel(ud, userData),
      complete: () => undefined,
    };
    this.#enqueue([new Request(op, ignore, ignore, undefined, 0, true)]);
  }

  // ─── Event loop and shutdown ─────────────────────────────────────────────────────────────────

  /** Pending operations keep the process alive (the default). */
  ref(): this {
    this.#poller.ref();
    return this;
  }

  /** Pending operations do not keep the process alive. */
  unref(): this {
    this.#poller.unref();
    return this;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Operations started and not yet settled (waiting in JS or in the kernel). */
  get pending(): number {
    let waiting = 0;
    for (let i = this.#waitingHead; i < this.#waiting.length; i++) {
      waiting += this.#waiting[i]!.filter((r) => !r.aborted && !r.internal).length;
    }
    return this.#slots.reduce((n, r) => (r ? n + 1 : n), 0) + waiting;
  }

  /**
   * Cancels every operation in flight, waits for the kernel to finish with each (their promises
   * reject with ERR_URING_CLOSED, or settle normally if they completed first), then closes the
   * ring and frees its memory. Operations still waiting in JS reject at once. Idempotent.
   */
  protected closeRing(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.closeRing();
  }

  async #shutdown(): Promise<void> {
    // What never reached the kernel ends now; cancels already waiting are still needed.
    const waiting = this.#waiting.slice(this.#waitingHead);
    this.#waiting = waiting.filter((unit) => unit[0]!.internal);
    this.#waitingHead = 0;
    for (const unit of waiting) {
      for (const r of unit) {
        if (r.internal || r.aborted) continue;
        this.#forget(r);
        r.reject(this.#closedError(r));
      }
    }
    for (const r of this.#slots) if (r && !r.aborted) this.#cancel(r.userData);
    if (this.#owed > 0 || this.#waiting.length > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
        this.#scheduleFlush();
      });
    }
    this.#poller.close();
    this.#polling = false;
    this.ring.close();
  }

  #checkDrained(): void {
    if (this.#drained && this.#owed === 0 && this.#waitingHead === this.#waiting.length) {
      const drained = this.#drained;
      this.#drained = null;
      drained();
    }
  }

  #closedError(r: Request): UringError {
    return uringError('ERR_URING_CLOSED', `the ring was closed before ${describe(r.op)} completed`);
  }
}

function ignore(): void {}

function abortError(r: Request, signal: AbortSignal | undefined): AbortError {
  return new AbortError(`${describe(r.op)} was aborted`, { cause: signal?.reason });
}

