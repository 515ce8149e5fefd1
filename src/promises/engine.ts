// The engine under the Promise API: runs Operations on a low-level Ring from Node's event loop.
//
//   run(op) ─▶ SQ (or, when the SQ is full, the waiting line in JS)
//                 │ setImmediate: everything queued this turn, one io_uring_enter
//                 ▼
//   kernel ─▶ CQ ─▶ ring fd readable ─▶ poller (host/poller.cc, libuv) ─▶ reap ─▶ settle promises
//
// userData names a slot, which holds the request until its final completion, and a serial
// number, so a cancel still in flight for a finished request can never hit the slot's next
// occupant. Cancels use userData 0, take no slot, go ahead of everything that waits, and nobody
// waits for their completions.
// Nothing is dropped: requests wait in JS until the SQ has room (and, under maxInFlight, a
// slot), a submit the kernel refuses
// with EBUSY/EAGAIN (its CQ overflow backlog is full) is retried after reaping, and reaping
// flushes that backlog in (see Ring.reap).
//
// Nothing thrown ever leaves an event-loop callback (the flush, the poller): a failure that
// leaves the ring unusable (its fd closed or replaced under it, the kernel refusing every
// submit, the poll failing, the low-level Ring closed directly) rejects everything owed and
// waiting, with the cause, and leaves the engine closed (#fail). The memory such requests had
// borrowed stays out of use: the kernel may still be writing into it while it tears down.

import { getSystemErrorName } from 'node:util';
import { constants, opcodeName } from '../constants.js';
import { EAGAIN, EBADF, EBUSY, ECANCELED, EINTR, EINVAL, EOPNOTSUPP } from '../errno.js';
import { AbortError, errnoError, uringError, type UringError } from '../errors.js';
import type { RingMemory } from '../memory.js';
import { host, type Poller } from '../host.js';
import type { Need } from '../kernel.js';
import { Ring, type RingOptions } from '../ring.js';
import { invalidArgType, invalidArgValue, validateAbortSignal, validateInteger, validateObject } from '../validate.js';
import { describe, type Operation } from './operation.js';

const INTERNAL = 0;
/** userData = serial × SLOTS + slot: at most SLOTS requests in flight at once. */
const SLOTS = 2 ** 22;
/** The slot a userData names: its low bits (`&`: ToInt32 keeps an integer below 2^53 mod 2^32). */
const slotOf = (userData: number): number => userData & (SLOTS - 1);
/** Requests (and their one-request units) kept for reuse at most. */
const REQUEST_POOL = 1024;
const SERIALS = 2 ** 31;

/** Options every operation takes. */
export interface OperationOptions {
  /**
   * Aborting cancels the request (IORING_OP_ASYNC_CANCEL); it then rejects with an AbortError,
   * unless the kernel completed it first and its effect cannot be undone (bytes written or read
   * from a pipe or socket): it then settles with its result, as what happened.
   */
  signal?: AbortSignal;
}

/** Ring's options (the SQ defaults to 256 entries here), and `maxInFlight`. */
export interface AsyncRingOptions extends RingOptions {
  /**
   * The most operations in the kernel at once (default and maximum 4,194,304); more wait in JS
   * until one completes, as they do for SQ room.
   */
  maxInFlight?: number;
  /**
   * @internal The host's event-loop backend for this ring (the Node-API host: 'uv' or 'thread';
   * see src/host.ts), instead of the process's: lets the benchmark compare them in one run.
   */
  loop?: string;
}

/** The signal of an operation's options (undefined or null: none), checked as Node checks it. */
export function signalOf(options: unknown): AbortSignal | undefined {
  if (options === undefined || options === null) return undefined;
  validateObject(options, 'options');
  return validateAbortSignal((options as OperationOptions).signal, 'options.signal');
}

class Request {
  userData = INTERNAL;
  aborted = false;
  /** The request reached the SQ (so it ends with a completion). */
  queued = false;
  onAbort: (() => void) | null = null;
  /** What an earlier completion's more() threw: the request rejects with it. */
  failure: unknown = undefined;
  resolve: (value: unknown) => void = ignore;
  reject: (error: unknown) => void = ignore;
  /** run()'s requests are reused once settled (see #recycle); a chain's are not. */
  pooled = false;
  /** This request as a unit of one (reused with it). */
  readonly alone: Unit = [this];
  constructor(
    public op: Operation<unknown>,
    public signal: AbortSignal | undefined,
    /** IOSQE_* flags added to its SQE (IOSQE_IO_LINK inside a chain). */
    readonly sqeFlags: number,
  ) {}
}

/** An operation object the engine may hand back once its request has settled (see operations.ts). */
interface Recyclable {
  recycle?(): void;
}

/** new Promise() without a closure per call: the executor stores into the request in `capturing`. */
let capturing: Request | null = null;
const capture = (resolve: (value: unknown) => void, reject: (error: unknown) => void): void => {
  capturing!.resolve = resolve;
  capturing!.reject = reject;
};
function promiseFor<T>(r: Request): Promise<T> {
  capturing = r;
  const promise = new Promise<unknown>(capture);
  capturing = null;
  return promise as Promise<T>;
}

/** Requests that go into the SQ together: one, or a linked chain. */
type Unit = Request[];

export class Engine {
  /** The low-level ring underneath (for registration, probing and diagnostics). */
  readonly ring: Ring;
  readonly memory: RingMemory;
  readonly #poller: Poller;
  #polling = false;
  readonly #maxInFlight: number;
  readonly #stopWatchingClose: () => void;

  /** Slot → request in the kernel; slot 0 is INTERNAL. */
  readonly #slots: (Request | undefined)[] = [undefined];
  readonly #freeSlots: number[] = [];
  /** Slots taken: requests in the kernel (cancels excepted). */
  #inFlight = 0;
  #serial = 0;
  /** Units waiting for SQ room or a slot, oldest first (from #waitingHead). */
  #waiting: Unit[] = [];
  #waitingHead = 0;
  /** Cancels waiting for SQ room: they go before everything else (they take no slot). */
  #cancels: Request[] = [];
  /** Completions the kernel still owes: one per SQE queued, multishot ones at their end. */
  #owed = 0;
  /**
   * SQEs in the SQ the kernel has not consumed, as far as the engine knows: one more per SQE it
   * queues, and what each submit leaves (ring_submit_reap says). With SQPOLL the poller may have
   * taken more since: the count is then an upper bound, and the next flush corrects it.
   */
  #sqPending = 0;
  /** ring.sqesPrepared as the engine expects it: tells whether a queue() that threw wrote an SQE. */
  #sqeTail = 0;
  /** A stop of the poller is scheduled (see #watch). */
  #stopScheduled = false;
  #flushScheduled = false;
  #closing: Promise<void> | null = null;
  #drained: (() => void) | null = null;
  /** Why the ring stopped working (see #fail); undefined while it works. */
  #failure: Error | undefined = undefined;
  /** The ring fd may no longer be the ring's (closed or reused by someone else): said in errors. */
  #fdNotOurs = false;

  constructor(options: AsyncRingOptions = {}) {
    validateObject(options, 'options');
    const { maxInFlight = SLOTS, loop, ...ringOptions } = options;
    this.#maxInFlight = validateInteger(maxInFlight, 'options.maxInFlight', 1, SLOTS);
    const flags = ringOptions.flags ?? 0;
    if (flags & constants.IORING_SETUP_DEFER_TASKRUN) {
      // Deferred completion work runs only inside io_uring_enter(GETEVENTS), and its arrival
      // does not wake a poll on the ring fd: Node's loop would never hear of it.
      throw uringError('ERR_URING_UNSUPPORTED',
        'IORING_SETUP_DEFER_TASKRUN needs a thread that waits in io_uring_enter; an AsyncRing waits in Node\'s event loop instead');
    }
    if (flags & constants.IORING_SETUP_R_DISABLED) {
      // An AsyncRing submits from its first operation on; a disabled ring refuses every submit
      // (EBADFD) and leaves the SQEs published, pointing at memory the engine would give back.
      throw uringError('ERR_URING_UNSUPPORTED',
        'IORING_SETUP_R_DISABLED: an AsyncRing submits as soon as an operation starts, so its ring cannot start disabled; ' +
        'register restrictions on a low-level Ring instead');
    }
    this.ring = new Ring({ entries: 256, ...ringOptions });
    this.memory = this.ring.memory;
    const poller = host.createPoller(this.ring.fd, (status) => this.#onReadable(status), loop);
    if (!poller) {
      this.ring.close();
      throw uringError('ERR_URING_POLLER', 'the event loop cannot watch the ring fd');
    }
    this.#poller = poller;
    this.#sqeTail = this.ring.sqesPrepared;
    this.#stopWatchingClose = this.ring.onClose(() => {
      this.#fail(uringError('ERR_URING_CLOSED', 'the low-level Ring under the AsyncRing (asyncRing.ring) was closed'));
    });
  }

  // ─── Running operations ──────────────────────────────────────────────────────────────────────

  /**
   * Runs one operation; the Promise settles with its final completion. `op` may be a function
   * that builds it: an argument error it throws then rejects the Promise, as in fs.promises.
   */
  run<T>(op: Operation<T> | (() => Operation<T>), options?: OperationOptions): Promise<T> {
    let operation: Operation<T>;
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      operation = operationArg(typeof op === 'function' ? op() : op);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.start(operation, signal);
  }

  /**
   * run() for an operation built by operations.ts and a signal already checked (signalOf): the
   * hot path of AsyncRing's read, write, send, recv and nop.
   */
  start<T>(operation: Operation<T>, signal: AbortSignal | undefined): Promise<T> {
    const r = this.#requests.pop() ?? new Request(operation, signal, 0);
    r.op = operation;
    r.signal = signal;
    r.pooled = true;
    const promise = promiseFor<T>(r);
    try {
      this.#start(r.alone);
    } catch (error) {
      r.reject(error);
    }
    return promise;
  }

  /** Settled requests of run(), for reuse. */
  readonly #requests: Request[] = [];

  /** A settled request of run() goes back for reuse, its operation too (when it can be). */
  #recycle(r: Request): void {
    const op = r.op as Operation<unknown> & Recyclable;
    if (r.pooled && this.#requests.length < REQUEST_POOL) {
      r.userData = INTERNAL;
      r.aborted = false;
      r.queued = false;
      r.onAbort = null;
      r.failure = undefined;
      r.resolve = ignore;
      r.reject = ignore;
      r.signal = undefined;
      this.#requests.push(r);
    }
    op.recycle?.();
  }

  /**
   * Runs operations as one linked chain (IOSQE_IO_LINK): each starts when the one before has
   * succeeded; after a failure the rest complete with ECANCELED. Settles with every result in
   * order, or rejects with the first failure. An empty chain resolves to [].
   */
  runLinked(ops: readonly Operation<unknown>[], options?: OperationOptions): Promise<unknown[]> {
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      if (!Array.isArray(ops)) throw invalidArgType('operations', 'Array', ops);
      ops.forEach(operationArg);
    } catch (error) {
      return Promise.reject(error);
    }
    const room = Math.min(this.ring.sqEntries, this.#maxInFlight);
    if (ops.length > room) {
      return Promise.reject(new RangeError(
        `a chain of ${ops.length} operations does not fit: at most ${room} (the SQ size and maxInFlight) go to the kernel at once`));
    }
    if (ops.length === 0) {
      // Nothing to submit; a closed ring or an aborted signal still says so.
      if (this.#closing) return Promise.reject(this.#refusal('run a chain'));
      if (signal?.aborted) return Promise.reject(new AbortError('the chain was aborted', { cause: signal.reason }));
      return Promise.resolve([]);
    }
    const promises: Promise<unknown>[] = [];
    const unit: Unit = ops.map((op, i) => {
      const request = new Request(op, signal, i < ops.length - 1 ? constants.IOSQE_IO_LINK : 0);
      promises.push(promiseFor(request));
      return request;
    });
    this.#start(unit);
    // Once every link has settled, the cause rather than the first to arrive: a link that failed
    // at submission cancels the others (on 5.10 also the links before it), and their ECANCELED
    // can come first.
    return Promise.allSettled(promises).then((settled) => {
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason);
      if (failed.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
      throw failed.find((e) => (e as UringError)?.code !== 'ECANCELED') ?? failed[0];
    });
  }

  #start(unit: Unit): void {
    const signal = unit[0]!.signal;
    if (this.#closing) {
      for (const r of unit) r.reject(this.#refusal(describe(r.op)));
      return;
    }
    if (signal?.aborted) {
      for (const r of unit) r.reject(abortError(r, signal));
      return;
    }
    if (unit.length === 1 && unit[0]!.op.needs && !this.supports(unit[0]!.op.needs)) {
      // This kernel lacks the opcode (or variant): the plain syscall, now, when there is one.
      if (unit[0]!.op.fallback) {
        this.#runFallback(unit[0]!);
        return;
      }
    } else if (unit.length > 1) {
      // A link cannot be a syscall: a chain with an operation this kernel lacks fails whole,
      // before anything of it is queued, with that operation's error.
      const lacking = unit.find((r) => r.op.needs && !this.supports(r.op.needs));
      if (lacking) {
        const error = this.#errorFor(lacking.op, EINVAL, ': a link of a chain cannot be the plain syscall');
        for (const r of unit) r.reject(error);
        return;
      }
    }
    if (signal) {
      for (const r of unit) {
        r.onAbort = () => this.#abort(r);
        signal.addEventListener('abort', r.onAbort, { once: true });
      }
    }
    this.#enqueue(unit);
  }

  /**
   * A request whose opcode this kernel lacks, as the plain syscall (Operation.fallback): run
   * now, outside the ring, and settled as its completion would be (the same values and errors).
   * The closed ring and an aborted signal were dealt with by #start.
   */
  #runFallback(r: Request): void {
    try {
      r.op.acquire?.(this.memory);
    } catch (error) {
      releaseQuietly(r, this.memory);
      r.reject(error);
      this.#recycle(r);
      return;
    }
    let res: number;
    try {
      res = r.op.fallback!(this.memory);
    } catch (error) {
      releaseQuietly(r, this.memory);
      r.reject(error);
      this.#recycle(r);
      return;
    }
    this.#settle(r, res, 0, true);
    this.#recycle(r);
  }

  /** Whether the unit can go into the SQ now: room there, and a slot for each request. */
  #fits(unit: Unit): boolean {
    return this.ring.sqEntries - this.#sqPending >= unit.length && this.#inFlight + unit.length <= this.#maxInFlight;
  }

  /** Into the SQ when it fits and nothing waits ahead of it, else into the waiting line. */
  #enqueue(unit: Unit): void {
    if (this.#waitingHead === this.#waiting.length && this.#fits(unit)) {
      try {
        this.#queue(unit);
      } catch (error) {
        this.#fail(error);
      }
    } else {
      for (const r of unit) r.op.hold?.(this.memory);
      this.#waiting.push(unit);
    }
    this.#scheduleFlush();
  }

  /**
   * Puts a unit's SQEs in the SQ (it fits): borrows their memory first, all or none (whatever
   * a failed acquire() had borrowed goes back). A unit's requests share one signal, so a unit
   * aborted while waiting is aborted whole.
   */
  #queue(unit: Unit): void {
    if (unit[0]!.aborted) return;
    let acquiring = 0;
    try {
      for (; acquiring < unit.length; acquiring++) unit[acquiring]!.op.acquire?.(this.memory);
    } catch (error) {
      this.#rejectUnit(unit, acquiring, error);
      return;
    }
    for (let i = 0; i < unit.length; i++) {
      const r = unit[i]!;
      const slot = this.#freeSlots.pop() ?? this.#slots.length;
      this.#serial = (this.#serial % (SERIALS - 1)) + 1; // never 0: userData stay ≥ SLOTS
      r.userData = this.#serial * SLOTS + slot;
      this.#slots[slot] = r;
      this.#inFlight++;
      r.queued = true;
      this.#owed++;
      try {
        const sqe = r.op.queue(this.ring, r.userData);
        this.#sqeTail++;
        this.#sqPending++;
        if (r.sqeFlags) this.ring.addSqeFlags(sqe, r.sqeFlags);
      } catch (error) {
        // A throw before the unit's first SQE was written leaves nothing in the SQ: only the
        // unit fails. Otherwise an SQE may be half written, or earlier ones of the unit wait
        // linked to whatever comes next; that cannot be taken back, and the ring fails.
        const written = this.#sqeTail !== this.ring.sqesPrepared;
        this.#unqueue(unit, i);
        if (i > 0 || written) {
          // Nothing of the unit was published (the ring's close drops what was prepared): its
          // memory goes back, and its requests end with the ring's failure.
          for (const q of unit) releaseQuietly(q, this.memory);
          this.#waiting.push(unit);
          throw error;
        }
        this.#rejectUnit(unit, unit.length - 1, error);
        return;
      }
    }
  }

  /** Takes requests 0…`last` of a unit back out of their slots (their SQEs never went in). */
  #unqueue(unit: Unit, last: number): void {
    for (let j = 0; j <= last; j++) {
      const r = unit[j]!;
      const slot = slotOf(r.userData);
      if (this.#slots[slot] === r) {
        this.#slots[slot] = undefined;
        this.#freeSlots.push(slot);
      }
      this.#inFlight--;
      this.#owed--;
      r.queued = false;
    }
  }

  /** Rejects a unit that never reached the SQ; requests up to `acquired` give back what they borrowed. */
  #rejectUnit(unit: Unit, acquired: number, error: unknown): void {
    unit.forEach((r, i) => {
      if (i <= acquired) releaseQuietly(r, this.memory);
      this.#forget(r);
      r.reject(error);
    });
  }

  /** A cancel goes straight into the SQ when there is room, else ahead of every waiting unit. */
  #queueCancel(cancel: Request): void {
    if (this.#sqPending < this.ring.sqEntries) {
      cancel.queued = true;
      this.#owed++;
      cancel.op.queue(this.ring, INTERNAL);
      this.#sqeTail++;
      this.#sqPending++;
    } else {
      this.#cancels.push(cancel);
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#failure) return;
    this.#flushScheduled = true;
    setImmediate(this.#flush);
  }

  /** Submits what this turn queued, moves waiting units in as room frees, reaps what is ready. */
  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#failure || this.ring.closed) return;
    this.#guarded(() => {
      this.#submitAll();
      this.#watch();
    });
  };

  #submitAll(): void {
    for (;;) {
      while (this.#cancels.length > 0 && this.#sqPending < this.ring.sqEntries) this.#queueCancel(this.#cancels.shift()!);
      while (this.#waitingHead < this.#waiting.length && this.#fits(this.#waiting[this.#waitingHead]!)) {
        this.#queue(this.#waiting[this.#waitingHead++]!);
      }
      if (this.#waitingHead === this.#waiting.length && this.#waitingHead > 0) {
        this.#waiting = [];
        this.#waitingHead = 0;
      }
      if (this.#sqPending === 0) return;
      // One call into ring.wasm submits and reaps what is ready (reads of cached pages
      // complete inside the enter: they settle here, and no poll is needed for them).
      const reaped = this.ring.submitAndReapFor(this.#onCompletion);
      const ring = this.ring;
      this.#sqPending = ring.lastSqPending;
      const errno = ring.lastEnterError;
      if (errno !== 0) {
        // The kernel refuses new work while its CQ overflow backlog cannot be flushed (EBUSY)
        // or it cannot allocate requests (EAGAIN): make room (the reap above), or try again
        // shortly. Any other refusal leaves the SQEs published and the ring of no further use.
        if (errno !== EBUSY && errno !== EAGAIN && errno !== EINTR) throw errnoError(errno, 'io_uring_enter');
        if (reaped === 0) {
          setTimeout(() => this.#scheduleFlush(), 1);
          return;
        }
        continue;
      }
      // Without IORING_SETUP_SUBMIT_ALL the kernel stops at an SQE it refuses (that one gets a
      // failed completion): go round until the SQ is empty too. Stop when the kernel took
      // nothing of what waits in the SQ. With SQPOLL, a submit counts what the poller has not
      // consumed yet, so 0 means it took everything: what waits in line may fit now.
      if (ring.lastSubmitted === 0 && this.#sqPending > 0) return;
      if (this.#cancels.length === 0 && this.#waitingHead === this.#waiting.length && this.#sqPending === 0) return;
    }
  }

  /** Runs `step` from an event-loop callback or run(): whatever it throws fails the ring. */
  #guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.#fail(error);
    }
  }

  // ─── Completions ─────────────────────────────────────────────────────────────────────────────

  /**
   * Starts or stops the poller: it runs while completions are owed. It starts when the owed
   * count leaves zero; when it comes back to zero, the stop waits for the loop's next check
   * phase, and does not happen if work was started meanwhile (a loop of awaited operations
   * keeps one poller running instead of starting and stopping it for each).
   */
  #watch(): void {
    if (this.#owed > 0) {
      if (this.#polling) return;
      const ret = this.#poller.start();
      if (ret < 0) throw uringError('ERR_URING_POLLER', `the event loop cannot watch the ring fd (${uvErrorName(ret)})`);
      this.#polling = true;
    } else if (this.#polling && !this.#stopScheduled) {
      this.#stopScheduled = true;
      setImmediate(this.#stopIfIdle);
    }
  }

  readonly #stopIfIdle = (): void => {
    this.#stopScheduled = false;
    if (this.#owed === 0 && this.#polling && !this.#failure && !this.ring.closed) {
      this.#poller.stop();
      this.#polling = false;
    }
  };

  #onReadable(status: number): void {
    if (this.#failure || this.ring.closed) return;
    if (status < 0) {
      // libuv stops the watcher after a poll error: nothing would ever be reaped again.
      this.#fdNotOurs ||= !this.#fdIsARing();
      this.#fail(uringError('ERR_URING_POLLER', `the event loop stopped watching the ring fd (${uvErrorName(status)})`));
      return;
    }
    this.#guarded(() => {
      this.#reap();
      if (this.#cancels.length > 0 || this.#waitingHead < this.#waiting.length || this.#sqPending > 0) this.#scheduleFlush();
      this.#watch();
    });
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
    const slot = slotOf(userData);
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
    this.#inFlight--;
    this.#owed--;
    this.#settle(r, res, flags);
    this.#recycle(r);
    this.#checkDrained();
  };

  /** `bySyscall`: the result of Operation.fallback, not of the kernel's io_uring. */
  #settle(r: Request, res: number, flags: number, bySyscall = false): void {
    this.#forget(r);
    let error: unknown;
    let value: unknown;
    try {
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
        error = bySyscall ? errnoError(res, r.op.syscall, { path: r.op.path, dest: r.op.dest }) : this.#errorFor(r.op, res);
      } else {
        value = r.op.complete(res, flags);
      }
    } catch (e) {
      error ??= e; // an operation's own code failed: its request rejects, the ring goes on
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
  #errorFor(op: Operation<unknown>, res: number, more = ''): UringError {
    let hint: string | undefined;
    if ((res === EINVAL || res === EOPNOTSUPP) && op.needs && !this.supports(op.needs)) {
      hint = `${op.feature ?? `IORING_OP_${opcodeName(op.needs[0])}`} needs Linux ${op.needs[1]} or later${more}`;
    }
    return errnoError(res, op.syscall, { path: op.path, dest: op.dest, hint });
  }

  /** Whether this ring's kernel runs what `need` names (probed once, see src/kernel.ts). */
  supports(need: Need): boolean {
    return this.ring.kernel.has(need);
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
    if (this.#failure) return;
    const op: Operation<void> = {
      syscall: 'cancel',
      queue: (ring, ud) => ring.prepCancel(ud, userData),
      complete: () => undefined,
    };
    this.#guarded(() => this.#queueCancel(new Request(op, undefined, 0)));
    this.#scheduleFlush();
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

  /**
   * Why the ring stopped working, when it did (its fd closed or replaced under it, a submit the
   * kernel refused, a poll error, the low-level Ring closed directly): it is then closed, and
   * every operation it owed was rejected with ERR_URING_CLOSED and this as the cause.
   */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Operations started and not yet settled (waiting in JS or in the kernel). */
  get pending(): number {
    let waiting = 0;
    for (let i = this.#waitingHead; i < this.#waiting.length; i++) {
      waiting += this.#waiting[i]!.filter((r) => !r.aborted).length;
    }
    return this.#inFlight + waiting;
  }

  /**
   * Cancels every operation in flight, waits for the kernel to finish with each (their promises
   * reject with ERR_URING_CLOSED, or settle normally if they completed first), then closes the
   * ring and frees its memory. Operations still waiting in JS reject at once. Idempotent.
   */
  closeRing(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.closeRing();
  }

  async #shutdown(): Promise<void> {
    // What never reached the kernel ends now; cancels already waiting are still needed.
    const waiting = this.#waiting.slice(this.#waitingHead);
    this.#waiting = [];
    this.#waitingHead = 0;
    for (const unit of waiting) {
      for (const r of unit) {
        if (r.aborted) continue;
        this.#forget(r);
        r.reject(this.#closedError(r));
      }
    }
    for (const r of this.#slots) if (r && !r.aborted) this.#cancel(r.userData);
    if (this.#owed > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
        this.#scheduleFlush();
      });
    }
    await this.#closeHandles();
  }

  #checkDrained(): void {
    if (this.#drained && this.#owed === 0) {
      const drained = this.#drained;
      this.#drained = null;
      drained();
    }
  }

  /**
   * The poller and the ring go. Idempotent. Safe also when the ring fd's number was closed or
   * reused behind our back: the host closes a number only while it still names this ring
   * (host/bridge.cc), and lets go of the ring itself either way.
   */
  #closeHandles(): Promise<void> {
    if (this.#handlesClosed) return this.#handlesClosed;
    // Settled once libuv has let go of the poller's fd: close() then leaves nothing behind.
    this.#handlesClosed = new Promise<void>((resolve) => this.#poller.close(resolve));
    this.#polling = false;
    this.#stopWatchingClose();
    try {
      this.ring.close();
    } catch {
      // the fd is gone already: nothing more to free
    }
    return this.#handlesClosed;
  }
  #handlesClosed: Promise<void> | null = null;

  /**
   * The ring cannot be used any more: rejects everything owed and waiting (ERR_URING_CLOSED,
   * with `cause`), stops the poller and leaves the engine closed. The ring memory that requests
   * in the kernel borrowed is not given back: the kernel may still write into it while it tears
   * the ring down, and a new owner of those bytes would see them change.
   */
  #fail(cause: unknown): void {
    if (this.#failure) return;
    const failure = cause instanceof Error ? cause : new Error(String(cause));
    this.#failure = failure;
    // An fd that is closed, or that is now another file: the errors say so.
    if ((failure as UringError).syscall === 'io_uring_enter' && notARing(failure)) this.#fdNotOurs = true;
    const closingAlready = this.#closing !== null;
    this.#closing ??= Promise.resolve();
    const reason = this.#fdNotOurs ? `${failure.message} (ring fd ${this.ring.fd} was closed, or is now another file)` : failure.message;
    this.#failure = new Error(reason, { cause: failure });
    const ended = (r: Request): UringError => withCause(
      uringError('ERR_URING_CLOSED', `the ring failed before ${describe(r.op)} completed: ${reason}`), failure);
    const waiting = this.#waiting.slice(this.#waitingHead);
    this.#waiting = [];
    this.#waitingHead = 0;
    this.#cancels = [];
    for (const unit of waiting) {
      for (const r of unit) {
        if (r.aborted) continue;
        this.#forget(r);
        r.reject(ended(r));
      }
    }
    const owed = this.#slots.splice(1);
    this.#freeSlots.length = 0;
    this.#inFlight = 0;
    this.#owed = 0;
    for (const r of owed) {
      if (!r) continue;
      this.#forget(r);
      r.reject(r.aborted ? abortError(r, r.signal) : ended(r));
    }
    const handlesClosed = this.#closeHandles();
    if (!closingAlready) this.#closing = handlesClosed;
    const drained = this.#drained;
    this.#drained = null;
    drained?.();
  }

  /** Whether the ring fd still answers as an io_uring (after a poll error). */
  #fdIsARing(): boolean {
    try {
      this.ring.probe();
      return true;
    } catch (error) {
      return !notARing(error);
    }
  }

  #closedError(r: Request): UringError {
    return uringError('ERR_URING_CLOSED', `the ring was closed before ${describe(r.op)} completed`);
  }

  /** The rejection of an operation started once the ring is closed (or failed). */
  #refusal(what: string): UringError {
    const failure = this.#failure;
    const error = uringError('ERR_URING_CLOSED',
      `the ring is closed: cannot ${what}${failure ? ` (it failed: ${failure.message})` : ''}`);
    return failure ? withCause(error, failure.cause) : error;
  }
}

function ignore(): void {}


/** What run() and runLinked() take: an object with queue() and complete() (see operation.ts). */
function operationArg<T>(op: unknown): Operation<T> {
  const o = op as Operation<T> | null;
  if (o === null || typeof o !== 'object' || typeof o.queue !== 'function' || typeof o.complete !== 'function') {
    throw invalidArgValue('operation', op, 'must be an Operation (an object with queue() and complete())');
  }
  return o;
}

/** The kernel's answer for an fd that is not open (EBADF) or not an io_uring (EOPNOTSUPP). */
function notARing(error: unknown): boolean {
  const errno = (error as UringError).errno;
  return errno === EBADF || errno === EOPNOTSUPP;
}

function abortError(r: Request, signal: AbortSignal | undefined): AbortError {
  return new AbortError(`${describe(r.op)} was aborted`, { cause: signal?.reason });
}

/** `error` with `cause` set as `new Error(message, { cause })` would set it. */
function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

/** A release() after a failed acquire(): its own failure must not hide the acquire's. */
function releaseQuietly(r: Request, memory: RingMemory): void {
  try {
    r.op.release?.(memory);
  } catch {
    // the acquire's error is the one to report
  }
}

/** "EBADF (libuv error -9)": a libuv status as a name. */
function uvErrorName(status: number): string {
  let name: string;
  try {
    name = getSystemErrorName(status);
  } catch {
    name = 'unknown';
  }
  return `${name} (libuv error ${status})`;
}
