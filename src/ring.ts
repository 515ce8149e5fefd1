// Ring: one io_uring instance, the low-level API. Prepare operations (each prep* call queues one
// SQE through ring.wasm's encoders and returns its handle), submit them, reap completions.
// Mirrors liburing: prepRead ↔ io_uring_prep_read, submitAndWait ↔ io_uring_submit_and_wait,
// reap ↔ io_uring_for_each_cqe + io_uring_cq_advance.
//
// Buffers and structs must live in the ring's memory (ring.alloc(), ring.memory.iovecs(), …);
// they stay the caller's to free, as in liburing. A request holds the views it was given until
// its final completion: free() of one before then is deferred, never a write into reused memory
// (see pins.ts).
//
// A Ring is composed, not derived: its core (core.ts: wasm, handle, memory, pins, view checks)
// is shared by the parts that prepare (generated/prepare.ts, from assembly/opcodes.js), adjust
// SQEs (sqe.ts) and register (register.ts); this file submits, reaps, resizes and closes.

import { constants, opcodeName } from './constants.js';
import { kCore, kRegistrar, RingCore } from './core.js';
import { KernelSupport } from './kernel.js';
import { NEEDS } from './generated/opcodes.js';
import { EAGAIN, EBUSY, EINVAL, ENOMEM, EOPNOTSUPP, EOVERFLOW } from './errno.js';
import { errnoError, uringError, UringError } from './errors.js';
import { prepareMethods, type PrepareMethods } from './generated/prepare.js';
import { RingMemory } from './memory.js';
import { delegate, install } from './methods.js';
import { registered, Registrar, REGISTRAR_INTERNALS } from './register.js';
import { sqeMethods, type SqeMethods } from './sqe.js';
import { i32Arg, intArg, optionsArg, u32Arg, userDataArg } from './arguments.js';
import { invalidArgType, invalidArgValueRange, outOfRange, validateFunction, validateNumber } from './validate.js';

/**
 * Where the rings live (the ring logic always sees them in the WebAssembly memory):
 * - 'user-memory': the kernel uses regions of the memory as its rings (IORING_SETUP_NO_MMAP, 6.5+).
 * - 'fixed-mmap': the kernel's rings are mapped over regions of the memory (kernels before 6.4
 *   whose stable series lacks the backport that forbids it).
 * - 'mirror': the kernel's rings stay where it mapped them; the host copies SQEs out at each
 *   submit and CQEs in at each reap. Any kernel; costs a copy per SQE and CQE.
 */
export type Placement = 'user-memory' | 'fixed-mmap' | 'mirror';

/** What new Ring() sets up: the sizes, setup flags, SQPOLL and where the rings live. */
export interface RingOptions {
  /** SQ size; the kernel rounds up to a power of two. Default 128. */
  entries?: number;
  /** CQ size (sets IORING_SETUP_CQSIZE); default twice the SQ. */
  cqEntries?: number;
  /** Extra IORING_SETUP_* flags. */
  flags?: number;
  /** Poll the SQ from a kernel thread (IORING_SETUP_SQPOLL) that sleeps after this many ms idle. */
  sqThreadIdle?: number;
  /** Pin the SQPOLL thread to this CPU (IORING_SETUP_SQ_AFF). */
  sqThreadCpu?: number;
  /** Where the rings go; default: the first this kernel allows, in the order listed in Placement. */
  placement?: Placement | 'auto';
  /** The memory to live in; default RingMemory.default. */
  memory?: RingMemory;
}

/**
 * Called once per completion by reap(): no object is allocated per CQE. On a ring with
 * IORING_SETUP_CQE32, `bigCqe` is the offset in ring.memory.bytes of the CQE's 16 extra bytes
 * (valid during the call only); otherwise it is -1.
 */
export type CompletionHandler = (userData: number, res: number, flags: number, bigCqe: number) => void;

/** One completion (CQE) as an object: what completions() and submitAndReap() return. */
export interface Completion {
  /** The userData its request was prepared with. */
  userData: number;
  /** The operation's result: ≥ 0, or -errno. */
  res: number;
  /** IORING_CQE_F_* flags (buffer id, more to come, …). */
  flags: number;
  /** A copy of the CQE's 16 extra bytes, on a ring with IORING_SETUP_CQE32. */
  bigCqe?: Uint8Array;
}

const PLACEMENTS: Record<Placement | 'auto', number> = {
  'auto': constants.PLACEMENT_AUTO,
  'user-memory': constants.PLACEMENT_USER_MEMORY,
  'fixed-mmap': constants.PLACEMENT_FIXED_MMAP,
  'mirror': constants.PLACEMENT_MIRROR,
};
const PLACEMENT_NAMES = new Map<number, Placement>([
  [constants.PLACEMENT_USER_MEMORY, 'user-memory'],
  [constants.PLACEMENT_FIXED_MMAP, 'fixed-mmap'],
  [constants.PLACEMENT_MIRROR, 'mirror'],
]);
const REAP_BATCH = 256;
/** How long close() waits for the kernel to finish with requests that hold views. */
const CLOSE_WAIT_MS = 1000;
const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/** The io_uring_setup answers that have a likely cause worth saying. */
function setupHint(errno: number): string | undefined {
  switch (-errno) {
    case 1: case 13: return 'io_uring is disabled here: sysctl kernel.io_uring_disabled, a seccomp filter or a container profile';
    case 12: return 'not enough locked memory: raise RLIMIT_MEMLOCK (ulimit -l) or use fewer/smaller rings';
    case 22: return 'invalid parameters: entries 1..32768 (or IORING_SETUP_CLAMP), CQ larger than SQ, flags this kernel knows';
    case 38: return 'this kernel has no io_uring (Linux 5.1+, CONFIG_IO_URING)';
    case 24: return 'too many open files';
    default: return undefined;
  }
}

/**
 * One io_uring instance, the low-level API after liburing: prep* queues an SQE, submit() hands
 * the SQEs to the kernel, reap() reads the completions. Buffers and structs it points the kernel
 * at live in its memory.
 */
export class Ring {
  /** The memory the rings, buffers and structs live in (shared by every ring made on it). */
  readonly memory: RingMemory;
  /** The ring fd (pollable: readable when completions are waiting). */
  readonly fd: number;
  /** SQ size as the kernel set it up (a power of two). */
  get sqEntries(): number { return this[kCore].sqEntries; }
  /** CQ size as the kernel set it up. */
  get cqEntries(): number { return this[kCore].cqEntries; }
  /** IORING_FEAT_* bits of this kernel. */
  readonly features: number;
  /** IORING_SETUP_* flags in effect. */
  readonly flags: number;
  /** Where the rings were placed (options.placement, or what 'auto' chose). */
  readonly placement: Placement;

  /** @internal What the parts of the ring share. */
  readonly [kCore]: RingCore;
  /** @internal The registration part (register.ts); its methods are the Ring's. */
  readonly [kRegistrar]: Registrar;
  #reapOut: number;
  /**
   * Views that cover #reapOut. Made once: a shared memory never moves, so a view made before it
   * grew still reaches everything it covered (memory.buffer costs ~70 ns a call).
   */
  #reapF64!: Float64Array;
  #reapU32!: Uint32Array;
  #reapI32!: Int32Array;
  /** Bytes per CQE record reap() reads: 16, or 32 under IORING_SETUP_CQE32. */
  readonly #cqeSize: number;
  #reaping = false;
  readonly #wasm: RingMemory['wasm'];
  /** Offsets of res, flags and big_cqe in a completion record (assembly/abi/cqe.ts). */
  readonly #record: { res: number; flags: number; big: number };

  constructor(options?: RingOptions) {
    options = optionsArg(options);
    const memory = options.memory ?? RingMemory.default;
    if (!(memory instanceof RingMemory)) throw invalidArgType('options.memory', 'RingMemory', memory);
    let flags = u32Arg(options.flags ?? 0, 'options.flags');
    const entries = intArg(options.entries ?? 128, 'options.entries', 1,
      flags & constants.IORING_SETUP_CLAMP ? 0xffff_ffff : 32768);
    if (options.cqEntries !== undefined) intArg(options.cqEntries, 'options.cqEntries', 1, 0xffff_ffff);
    if (options.sqThreadIdle !== undefined) u32Arg(options.sqThreadIdle, 'options.sqThreadIdle');
    if (options.sqThreadCpu !== undefined) u32Arg(options.sqThreadCpu, 'options.sqThreadCpu');
    if (options.cqEntries !== undefined) flags |= constants.IORING_SETUP_CQSIZE;
    if (options.sqThreadIdle !== undefined) flags |= constants.IORING_SETUP_SQPOLL;
    if (options.sqThreadCpu !== undefined) flags |= constants.IORING_SETUP_SQ_AFF | constants.IORING_SETUP_SQPOLL;
    const placementName = options.placement ?? 'auto';
    const placement = Object.hasOwn(PLACEMENTS, placementName) ? PLACEMENTS[placementName] : undefined;
    if (placement === undefined) {
      throw invalidArgValueRange('options.placement', placementName,
        `must be one of: ${Object.keys(PLACEMENTS).map((p) => `'${p}'`).join(', ')}`);
    }

    const wasm = memory.wasm;
    const handle = wasm.ring_create(entries, flags >>> 0, options.cqEntries ?? 0, options.sqThreadCpu ?? 0,
      options.sqThreadIdle ?? 0, placement) >>> 0;
    if (handle === 0) throw errnoError(ENOMEM, 'io_uring_setup', { hint: 'ring memory exhausted' });
    if (wasm.ring_fd(handle) < 0) {
      const error = setupError(wasm, handle, placement);
      wasm.ring_destroy(handle);
      throw error;
    }
    this.memory = memory;
    this.#wasm = wasm;
    this.fd = wasm.ring_fd(handle);
    this[kCore] = new RingCore(memory, handle, this.fd);
    this[kRegistrar] = new Registrar(this[kCore]);
    this.features = wasm.ring_features(handle) >>> 0;
    this.flags = wasm.ring_setup_flags(handle) >>> 0;
    this.placement = PLACEMENT_NAMES.get(wasm.ring_placement(handle))!;
    this.#cqeSize = wasm.ring_cqe_size(handle);
    this.#record = { res: wasm.record_res.value, flags: wasm.record_flags.value, big: wasm.record_big_cqe.value };
    this.#reapOut = memory.wasm.heap_alloc(REAP_BATCH * this.#cqeSize, 64) >>> 0;
    if (this.#reapOut === 0) {
      this.close();
      throw errnoError(ENOMEM, 'alloc', { hint: 'ring memory exhausted' });
    }
    this.#reapF64 = memory.f64;
    this.#reapU32 = memory.u32;
    this.#reapI32 = memory.i32;
  }

  /** Whether close() was called; a closed ring throws ERR_URING_CLOSED on use. */
  get closed(): boolean {
    return this[kCore].closed;
  }

  /** The ring's Wasm handle; throws once closed. */
  #h(): number {
    return this[kCore].handle();
  }

  // ─── Buffers ─────────────────────────────────────────────────────────────────────────────────

  /** `size` zeroed bytes in the ring's memory, usable by the kernel. */
  alloc(size: number, alignment?: number): Uint8Array {
    return this.memory.alloc(size, alignment);
  }

  /** Gives back a view from alloc(); deferred while a request still holds it. */
  free(view: Uint8Array): void {
    this.memory.free(view);
  }

  // ─── Submitting ──────────────────────────────────────────────────────────────────────────────

  /** io_uring_submit: hands the prepared SQEs to the kernel; returns how many it took. */
  submit(): number {
    const h = this.#h();
    this[kCore].pins.published();
    const n = this.#wasm.ring_submit(h);
    if (n < 0) throw errnoError(n, 'io_uring_enter');
    return n;
  }

  /**
   * io_uring_submit_and_wait: submits, then blocks until `waitNr` completions are ready. With
   * `timeoutMs` (io_uring_submit_and_wait_timeout; IORING_ENTER_EXT_ARG, Linux 5.11), the wait
   * ends then at the latest: fewer completions may be ready. Returns how many SQEs were submitted.
   *
   * Without a timeout (or with Infinity), a wait for more completions than this ring's own
   * requests can deliver (ready + prepared + in flight; any number once a multishot request was
   * prepared, as long as one is pending) would never end: it throws ERR_URING_WOULD_BLOCK
   * instead, and nothing is submitted. Completions other rings post here (MSG_RING) are not
   * foreseen: wait for them with a timeout.
   */
  submitAndWait(waitNr = 1, timeoutMs?: number): number {
    const h = this.#h();
    u32Arg(waitNr, 'waitNr');
    if (timeoutMs === undefined || timeoutMs === Infinity) {
      if (waitNr > 0) this.#mustComplete(h, waitNr, 'submitAndWait');
      this[kCore].pins.published();
      const n = this.#wasm.ring_submit_and_wait(h, waitNr);
      if (n < 0) throw errnoError(n, 'io_uring_enter');
      return n;
    }
    validateNumber(timeoutMs, 'timeoutMs', 0);
    this[kCore].pins.published();
    const n = this.#wasm.ring_submit_and_wait_timeout(h, waitNr, timeoutMs);
    if (n < 0) {
      const lacking = n === EINVAL && !(this.features & constants.IORING_FEAT_EXT_ARG);
      throw errnoError(n, 'io_uring_enter', lacking ? { hint: 'a wait with a timeout needs IORING_FEAT_EXT_ARG, Linux 5.11 or later' } : {});
    }
    return n;
  }

  /**
   * io_uring_submit_and_wait_reg: as submitAndWait, the wait governed by registered wait argument
   * `index` (see registerWaitRegion; IORING_ENTER_EXT_ARG_REG, Linux 6.13). A wait argument
   * without a timeout is refused as submitAndWait refuses a wait that could never end.
   */
  submitAndWaitRegistered(waitNr: number, index: number): number {
    const h = this.#h();
    u32Arg(waitNr, 'waitNr');
    this[kRegistrar].waitArgOffset(index);
    if (waitNr > 0 && !this[kRegistrar].waitArgHasTimeout(index)) this.#mustComplete(h, waitNr, 'submitAndWaitRegistered');
    this[kCore].pins.published();
    const n = this.#wasm.ring_submit_and_wait_reg(h, waitNr, index);
    if (n < 0) throw errnoError(n, 'io_uring_enter');
    return n;
  }

  /** Throws ERR_URING_WOULD_BLOCK when `waitNr` completions cannot come from this ring's own requests. */
  #mustComplete(h: number, waitNr: number, what: string): void {
    const w = this.#wasm;
    if (w.ring_completable(h) >>> 0 >= waitNr) return;
    const ready = w.ring_cq_ready(h) >>> 0;
    const prepared = w.ring_sq_ready(h) >>> 0;
    const inFlight = w.ring_in_flight(h) >>> 0;
    // A multishot request may post any number of completions, while one is pending.
    if (this[kCore].pins.multiCqe && prepared + inFlight > 0) return;
    throw uringError('ERR_URING_WOULD_BLOCK',
      `${what}(${waitNr}) would wait forever: this ring can deliver at most ${ready + prepared + inFlight} ` +
      `(${ready} ready, ${prepared} prepared, ${inFlight} in flight); wait for fewer, or with a timeout ` +
      'for completions other rings post here');
  }

  // ─── Reaping ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Calls `handler(userData, res, flags)` for up to `max` ready completions, oldest first, and
   * frees their CQ slots (one head store per batch of 256). Completions the kernel kept in its
   * overflow backlog (CQ full, IORING_FEAT_NODROP) are flushed in and handled too. Returns how
   * many were handled.
   * `res` is the operation's result: ≥ 0, or -errno. When a handler throws, the rest of its
   * batch is still handled (those completions have left the CQ), then the first error is thrown.
   */
  reap(handler: CompletionHandler, max = Infinity): number {
    const h = this.#h();
    validateFunction(handler, 'handler');
    if (max !== Infinity && !(Number.isSafeInteger(max) && max >= 0)) maxError(max);
    if (this.#reaping) throw uringError('ERR_URING_REENTRANT', 'reap() called from inside a reap() handler');
    this.#reaping = true;
    let total = 0;
    try {
      while (total < max) {
        const want = Math.min(REAP_BATCH, max - total);
        // ring.wasm flushes the overflow backlog in when the CQ runs dry; a short batch means
        // nothing else is ready.
        const n = this.#wasm.ring_reap(h, this.#reapOut, want);
        if (n < 0) throw errnoError(n, 'io_uring_enter');
        const handled = this.#handleRecords(this.#reapOut, n, handler);
        total += handled;
        if (handled < n || n < want) break;
      }
    } finally {
      this.#reaping = false;
    }
    return total;
  }

  /**
   * Runs `handler` for `n` completion records (assembly/abi/cqe.ts) from byte `at`. The batch has
   * left the CQ: every completion in it is handled, even when a handler throws (the first error
   * is rethrown after the batch). Returns how many were handled: fewer when a handler closed the
   * ring (the rest of the batch goes with it).
   */
  #handleRecords(at: number, n: number, handler: CompletionHandler): number {
    const pins = this[kCore].pins;
    const f64 = this.#reapF64;
    const u32 = this.#reapU32;
    const i32 = this.#reapI32;
    const size = this.#cqeSize;
    const { res: RES, flags: FLAGS, big: BIG } = this.#record;
    const big = size > BIG;
    let failed = false;
    let failure: unknown;
    for (let i = 0, record = at; i < n; i++, record += size) {
      const userData = f64[record >>> 3]!;
      const flags = u32[(record + FLAGS) >>> 2]!;
      // A request that ended lets go of its views before its handler runs: the handler may
      // free them. (Should a handler close the ring, close() settles what the rest held.)
      if (pins.holding && !(flags & constants.IORING_CQE_F_MORE)) pins.completed(userData);
      try {
        handler(userData, i32[(record + RES) >>> 2]!, flags, big ? record + BIG : -1);
      } catch (error) {
        if (!failed) [failed, failure] = [true, error];
      }
      if (this[kCore].closed) {
        if (failed) throw failure;
        return i + 1;
      }
    }
    if (failed) throw failure;
    return n;
  }

  /** The ready completions as objects (allocates: for tests and simple code; see reap()). */
  completions(max = Infinity): Completion[] {
    const out: Completion[] = [];
    this.reap((userData, res, flags, bigCqe) => {
      out.push(bigCqe < 0 ? { userData, res, flags } : { userData, res, flags, bigCqe: this.memory.bytes.slice(bigCqe, bigCqe + 16) });
    }, max);
    return out;
  }

  /** Submits, waits for `n` completions, and returns everything ready. */
  submitAndReap(n = 1): Completion[] {
    this.submitAndWait(n);
    return this.completions();
  }

  // ─── The Promise API's hot path (AsyncRing's engine; @internal) ───────────────────────────────
  // One Wasm call submits and reaps (ring_submit_reap), and says what the kernel took: the engine
  // keeps count of the SQ itself instead of asking. Completions are handled as reap() handles
  // them, pins included.

  /** @internal SQEs the kernel took at the last submitAndReapFor (as submit() counts them; 0 if it failed). */
  lastSubmitted = 0;
  /** @internal The last submitAndReapFor's enter error: 0, or -errno (EBUSY/EAGAIN: reap, then retry). */
  lastEnterError = 0;
  /** @internal SQEs prepared and not consumed by the kernel after the last submitAndReapFor. */
  lastSqPending = 0;
  #submitReapHeader = -1;

  /**
   * @internal submit() and reap(handler) in one call into ring.wasm: publishes and submits what
   * is prepared, then handles every ready completion as reap() does (a request's views are let
   * go of before its handler runs). Never throws for the enter (see lastEnterError); throws
   * what reap() throws. Returns how many completions were handled.
   */
  submitAndReapFor(handler: CompletionHandler): number {
    const h = this.#h();
    if (this.#reaping) throw uringError('ERR_URING_REENTRANT', 'reap() called from inside a reap() handler');
    if (this.#submitReapHeader < 0) this.#submitReapHeader = this.#wasm.ring_submit_reap_header();
    const header = this.#submitReapHeader;
    const max = Math.floor((REAP_BATCH * this.#cqeSize - header) / this.#cqeSize);
    this[kCore].pins.published();
    this.#reaping = true;
    let n: number;
    try {
      n = this.#wasm.ring_submit_reap(h, this.#reapOut, max);
      const status = this.#reapOut >>> 2;
      this.lastSubmitted = this.#reapI32[status]!;
      this.lastEnterError = this.#reapI32[status + 1]!;
      this.lastSqPending = this.#reapU32[status + 2]!;
      if (n < 0) throw errnoError(n, 'io_uring_enter');
      const handled = this.#handleRecords(this.#reapOut + header, n, handler);
      if (handled < n) return handled;
    } finally {
      this.#reaping = false;
    }
    // A full batch: more may be ready (Ring's own reap, also when an instance's is wrapped).
    return n === max ? n + Ring.prototype.reap.call(this, handler) : n;
  }

  // ─── State ───────────────────────────────────────────────────────────────────────────────────

  /** SQEs prepared and not yet consumed by the kernel. */
  get sqReady(): number { return this.#wasm.ring_sq_ready(this.#h()); }
  /** @internal SQEs prepared on this ring so far (a free-running count; reads no kernel state). */
  get sqesPrepared(): number { return this.#wasm.ring_sqe_tail(this.#h()) >>> 0; }
  /** SQEs that can still be prepared before the SQ is full. */
  get sqSpaceLeft(): number { return this.#wasm.ring_sq_space_left(this.#h()); }
  /** Completions waiting in the CQ. */
  get cqReady(): number { return this.#wasm.ring_cq_ready(this.#h()); }
  /** Completions wait in the kernel's overflow backlog (IORING_SQ_CQ_OVERFLOW): submit or wait to flush. */
  get cqNeedsFlush(): boolean { return Boolean(this.#wasm.ring_cq_needs_flush(this.#h())); }
  /** The kernel's CQ overflow counter. */
  get cqOverflow(): number { return this.#wasm.ring_cq_overflow(this.#h()) >>> 0; }
  /** IORING_SQ_* flags as the kernel last set them. */
  get sqFlags(): number { return this.#wasm.ring_sq_flags(this.#h()) >>> 0; }
  /**
   * Requests the kernel has taken and not completed yet. Blind spots: a request with
   * IOSQE_CQE_SKIP_SUCCESS that succeeds (and an SQE_MIXED ring's padding NOP) stays counted;
   * a completion another ring posts here (MSG_RING) counts as the end of one of ours (the count
   * stops at 0).
   */
  get inFlight(): number { return this.#wasm.ring_in_flight(this.#h()) >>> 0; }

  /** The raw free-running ring indices (kernel-shared and private), for tests and diagnostics. */
  get indices(): {
    /** The SQ head in the shared ring: how far the kernel has consumed SQEs. */
    sqHead: number;
    /** The SQ tail in the shared ring: how far SQEs were published to the kernel. */
    sqTail: number;
    /** How far SQEs were prepared (private: ahead of sqTail until submitted). */
    sqeTail: number;
    /** The CQ head in the shared ring: how far completions were reaped. */
    cqHead: number;
    /** The CQ tail in the shared ring: how far the kernel posted completions. */
    cqTail: number;
  } {
    const h = this.#h();
    const w = this.#wasm;
    return {
      sqHead: w.ring_sq_khead(h) >>> 0, sqTail: w.ring_sq_ktail(h) >>> 0, sqeTail: w.ring_sqe_tail(h) >>> 0,
      cqHead: w.ring_cq_khead(h) >>> 0, cqTail: w.ring_cq_ktail(h) >>> 0,
    };
  }

  // ─── Resizing ────────────────────────────────────────────────────────────────────────────────

  /**
   * io_uring_resize_rings: gives the ring a new SQ size (and CQ size; default twice the SQ),
   * keeping what is pending: prepared SQEs are published first and the kernel carries them and
   * the unreaped completions over (IORING_REGISTER_RESIZE_RINGS, Linux 6.13). The kernel allows
   * it on rings created with IORING_SETUP_DEFER_TASKRUN; wasm-uring on the user-memory placement.
   */
  resize(sqEntries: number, cqEntries = 0): void {
    const h = this.#h();
    intArg(sqEntries, 'sqEntries', 1, 32768);
    u32Arg(cqEntries, 'cqEntries');
    const ret = this.#wasm.ring_resize(h, sqEntries, cqEntries);
    // Prepared SQEs were published (the kernel carries them over), unless it failed before.
    if (ret !== EOPNOTSUPP && ret !== ENOMEM) this[kCore].pins.published();
    if (ret === EOPNOTSUPP) {
      throw uringError('ERR_URING_PLACEMENT', `resizing needs the 'user-memory' placement; this ring's is '${this.placement}' ` +
        '(resized rings are new kernel memory, which a fixed mapping or a mirror does not follow): nothing was changed');
    }
    if (ret < 0) {
      const hint = ret === EINVAL
        ? 'IORING_REGISTER_RESIZE_RINGS needs Linux 6.13 or later and a ring created with IORING_SETUP_DEFER_TASKRUN; on such a kernel EINVAL means invalid sizes'
        : ret === EOVERFLOW ? 'more is pending than the new rings hold' : 'IORING_REGISTER_RESIZE_RINGS';
      throw errnoError(ret, 'io_uring_register', { hint });
    }
    this[kCore].resized();
  }

  // ─── Probe ─────────────────────────────────────────────────────────────────────────────────────

  #kernel: KernelSupport | null = null;
  /**
   * What this ring's kernel runs (opcodes, and the variants its release proves), probed once;
   * what the Promise API asks before it picks io_uring or a fallback.
   */
  get kernel(): KernelSupport {
    if (!this.#kernel) {
      let probe: Probe | null = null;
      try {
        probe = this.probe();
      } catch {
        // Linux before 5.6 has no probe: only what 5.1 - 5.5 has is used
      }
      this.#kernel = new KernelSupport(probe, this.features);
    }
    return this.#kernel;
  }

  /** IORING_REGISTER_PROBE: which opcodes this kernel supports. */
  probe(): Probe {
    const view = this.memory.alloc(this.#wasm.probe_size());
    try {
      registered(this.#wasm.ring_register_probe(this.#h(), view.byteOffset), 'IORING_REGISTER_PROBE', '5.6');
      const supported = new Set<number>();
      const lastOp = this.#wasm.probe_last_op(view.byteOffset);
      for (let op = 0; op <= lastOp; op++) {
        if (this.#wasm.probe_supported(view.byteOffset, op)) supported.add(op);
      }
      return new Probe(lastOp, supported);
    } finally {
      this.memory.free(view);
    }
  }

  // ─── Closing ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Closes the ring fd and returns its memory for reuse (the kernel's teardown is asynchronous;
   * ring.wasm gives the regions fresh pages first, so a late write of the dying ring cannot reach
   * the next owner). SQEs prepared and not submitted are dropped; completions not reaped are
   * dropped. Idempotent.
   *
   * Requests in flight that hold views (see pins.ts) are cancelled first, and close() waits
   * (up to a second) until the kernel has finished with them — a NOP with IOSQE_IO_DRAIN
   * completes once every request before it has — so their memory can go back to the allocator.
   * What the kernel has not let go of by then is quarantined: never handed out again
   * (memory.quarantinedBytes). Without such requests close() does not wait.
   */
  close(): void {
    const h = this[kCore].takeHandle();
    if (h === 0) return;
    for (const listener of this.#closeListeners) {
      try {
        listener();
      } catch {
        // a listener's failure must not keep the ring open
      }
    }
    this.#closeListeners.clear();
    let finished = true;
    try {
      finished = this.#finishHeld(h);
    } catch {
      finished = false;
    }
    this[kCore].pins.releaseAll(!finished);
    this[kRegistrar].releaseAll(!finished);
    if (this.#reapOut) this.#wasm.heap_free(this.#reapOut, REAP_BATCH * this.#cqeSize);
    const ret = this.#wasm.ring_destroy(h);
    this[kRegistrar].releaseWaitRegion();
    if (ret < 0) throw errnoError(ret, 'close');
  }

  /**
   * Before close: drops unsubmitted SQEs, then (when requests in flight hold views, or the kernel
   * keeps provided buffers) cancels everything and waits, a bounded time, for every request to
   * end. Returns whether the kernel is known to be done with what was held.
   */
  #finishHeld(h: number): boolean {
    const w = this.#wasm;
    const pins = this[kCore].pins;
    pins.discardPrepared(h);
    if (pins.heldAllocations().length === 0 && this[kRegistrar].heldAllocations().length === 0) return true;
    const deadline = performance.now() + CLOSE_WAIT_MS;
    // Cancel everything, then a drain NOP that completes once every request before it has
    // (ring.wasm's ring/quiesce.ts). Without them (a full SQ): the requests' own completions.
    // IORING_ASYNC_CANCEL_ANY came with cancel by fd (5.19); before it, one cancel per request.
    let cancelledEach = !this.kernel.has(NEEDS.cancel_fd);
    if (cancelledEach) this.#cancelEach(h);
    const draining = w.ring_quiesce_start(h, !cancelledEach);
    const extArg = (this.features & constants.IORING_FEAT_EXT_ARG) !== 0;
    const { flags: FLAGS } = this.#record;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const n = w.ring_quiesce_step(h, this.#reapOut, REAP_BATCH, extArg ? Math.min(left, 50) : 0);
      if (n < 0) return false;
      const f64 = this.#reapF64;
      const u32 = this.#reapU32;
      for (let i = 0, record = this.#reapOut; i < n; i++, record += this.#cqeSize) {
        if (!(u32[(record + FLAGS) >>> 2]! & constants.IORING_CQE_F_MORE)) pins.completed(f64[record >>> 3]!);
      }
      const state = w.ring_quiesce_state(h);
      if ((state & constants.QUIESCE_CANCEL_ANY_REFUSED) && !cancelledEach) {
        cancelledEach = true;
        this.#cancelEach(h);
      }
      if (draining && (state & constants.QUIESCE_DRAINED)) return true;
      // Without a working drain: done once nothing the kernel has holds views any more and
      // nothing is in flight (provided buffers are the kernel's until then).
      if (!pins.holding && w.ring_in_flight(h) === 0 && w.ring_sq_ready(h) === 0) return true;
      if (!extArg && n === 0) Atomics.wait(SLEEP, 0, 0, Math.min(left, 1));
    }
  }

  /** Cancels each held userData's requests one by one (kernels without IORING_ASYNC_CANCEL_ANY). */
  #cancelEach(h: number): void {
    for (const userData of this[kCore].pins.heldUserData()) {
      if (!this.#wasm.ring_quiesce_cancel(h, userData)) {
        this.#wasm.ring_submit(h);
        this.#wasm.ring_quiesce_cancel(h, userData);
      }
    }
  }

  /** close(), for `using ring = new Ring()`. */
  [Symbol.dispose](): void {
    this.close();
  }

  readonly #closeListeners = new Set<() => void>();

  /**
   * @internal Calls `listener` when close() starts, before the fd goes (AsyncRing uses it to end
   * what it owes when someone closes the Ring underneath it). Returns the function that removes it.
   */
  onClose(listener: () => void): () => void {
    validateFunction(listener, 'listener');
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /**
   * What this kernel's io_uring supports, asked without a ring (IORING_REGISTER_QUERY, Linux
   * 6.18): the number of request and register opcodes, and every feature, setup, enter and SQE
   * flag it accepts (bit masks below 2^53).
   */
  static query(memory = RingMemory.default): KernelQuery {
    if (!(memory instanceof RingMemory)) throw invalidArgType('memory', 'RingMemory', memory);
    const w = memory.wasm;
    const view = memory.alloc(w.sizeof_io_uring_query_opcode.value, 8);
    try {
      const ret = w.query_opcodes(view.byteOffset);
      if (ret < 0) {
        throw errnoError(ret, 'io_uring_register', {
          hint: 'IORING_REGISTER_QUERY' + (ret === EINVAL ? ' needs Linux 6.18 or later' : ''),
        });
      }
      const at = view.byteOffset;
      return {
        requestOpcodes: w.query_nr_request_opcodes(at) >>> 0,
        registerOpcodes: w.query_nr_register_opcodes(at) >>> 0,
        features: w.query_feature_flags(at),
        setupFlags: w.query_ring_setup_flags(at),
        enterFlags: w.query_enter_flags(at),
        sqeFlags: w.query_sqe_flags(at),
      };
    } finally {
      memory.free(view);
    }
  }

  /**
   * io_uring_register_sync_msg: posts a completion {userData, res} to the ring `targetFd` without
   * a ring of one's own (IORING_REGISTER_SEND_MSG_RING, Linux 6.13).
   */
  static sendMsgRing(targetFd: number, userData: number, res: number, memory = RingMemory.default): void {
    i32Arg(targetFd, 'targetFd');
    userDataArg(userData);
    i32Arg(res, 'res');
    if (!(memory instanceof RingMemory)) throw invalidArgType('memory', 'RingMemory', memory);
    const ret = memory.wasm.sync_msg_ring(targetFd, res, userData, 0);
    if (ret < 0) {
      throw errnoError(ret, 'io_uring_register', {
        hint: 'IORING_REGISTER_SEND_MSG_RING' + (ret === EINVAL ? ' needs Linux 6.13 or later; on such a kernel EINVAL means invalid arguments' : ''),
      });
    }
  }
}

// The methods of the parts: prep* (one per entry of assembly/opcodes.js), setSqe*, register*.
export interface Ring extends PrepareMethods, SqeMethods, Omit<Registrar, (typeof REGISTRAR_INTERNALS)[number]> {
  // Restated: a getter's doc comment does not survive Omit<>.
  /** The slot registerRingFd() took, or -1. */
  readonly registeredRingSlot: number;
}
install(Ring, prepareMethods);
install(Ring, sqeMethods);
delegate(Ring, kRegistrar, Registrar, REGISTRAR_INTERNALS);

/** What IORING_REGISTER_QUERY reported (see Ring.query). */
export interface KernelQuery {
  /** IORING_OP_LAST: every opcode below it is known to this kernel. */
  requestOpcodes: number;
  /** IORING_REGISTER_LAST: every register opcode below it is known. */
  registerOpcodes: number;
  /** IORING_FEAT_* bits. */
  features: number;
  /** IORING_SETUP_* flags io_uring_setup accepts. */
  setupFlags: number;
  /** IORING_ENTER_* flags io_uring_enter accepts. */
  enterFlags: number;
  /** IOSQE_* flags SQEs may carry. */
  sqeFlags: number;
}

/** What IORING_REGISTER_PROBE reported. */
export class Probe {
  /**
   * @param lastOp IORING_OP_LAST as this kernel knows it: opcodes from it on are unknown to it.
   * @param opcodes The opcodes it supports.
   */
  constructor(readonly lastOp: number, readonly opcodes: ReadonlySet<number>) {}

  /** Whether this kernel supports opcode `op` (an IORING_OP_* constant). */
  supports(op: number): boolean {
    return this.opcodes.has(op);
  }

  /** Names of the supported opcodes ('NOP', 'READV', …; numbers past what ring.wasm knows). */
  get names(): string[] {
    return [...this.opcodes].map((op) => opcodeName(op) ?? String(op));
  }
}

/** reap()'s `max`: an integer ≥ 0, or Infinity. */
function maxError(max: unknown): never {
  if (typeof max !== 'number') throw invalidArgType('max', 'number', max);
  throw outOfRange('max', 'an integer >= 0 or Infinity', max);
}

/** The error for a ring that could not be set up, naming what the kernel lacks. */
function setupError(wasm: RingMemory['wasm'], handle: number, placement: number): UringError {
  // The ring_err_* answers are positive errno values.
  const setup = wasm.ring_err_setup(handle);
  const userMemory = wasm.ring_err_user_memory(handle);
  const fixedMmap = wasm.ring_err_fixed_mmap(handle);
  const mirror = wasm.ring_err_mirror(handle);
  if (setup) return errnoError(-setup, 'io_uring_setup', { hint: setupHint(-setup) });
  if (userMemory && userMemory !== -EINVAL) {
    return errnoError(-userMemory, 'io_uring_setup', { hint: setupHint(-userMemory) });
  }
  // Mirroring asks nothing of the kernel beyond a plain ring mmap: its failure is the cause.
  if (mirror) return errnoError(-mirror, 'mmap', { hint: setupHint(-mirror) });
  const reasons: string[] = [];
  if (userMemory) {
    reasons.push('IORING_SETUP_NO_MMAP (rings in user memory) was refused with EINVAL: it needs Linux 6.5 or later');
  }
  if (fixedMmap) {
    reasons.push(`mmap(MAP_FIXED) of the rings into the WebAssembly memory was refused with ${errnoError(-fixedMmap, 'mmap').code}: ` +
      'kernels since 6.4 (and 6.1.y with the backport) do not let io_uring rings be mapped at a chosen address');
  }
  return uringError('ERR_URING_PLACEMENT',
    `this kernel cannot place io_uring rings in WebAssembly memory the requested way: ${reasons.join('; ')}. ` +
    "Placement 'mirror' (the default falls back to it) works on every io_uring kernel.");
}
