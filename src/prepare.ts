// Preparing operations: every io_uring_prep_* of liburing as a method that queues one SQE
// through ring.wasm's encoders and returns the SQE's handle (for setSqeFlags() and friends
// before submit()). Ring extends this; the names follow liburing's (prepReadMultishot ↔
// io_uring_prep_read_multishot), and each says the Linux version its opcode needs past 5.8.
//
// userData (an integer below 2^53) comes back in the completion. Offsets of -1 mean "the
// file's current position" (IORING_FEAT_RW_CUR_POS). Buffers, paths and structs are views into
// the ring's memory (ring.alloc(), memory.cString(), …), inside live allocations; the kernel
// reads and writes them while the request runs.
//
// Every argument is checked before the SQE is written (Node's ERR_INVALID_ARG_TYPE,
// ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE): integers against the width of the field they land
// in, and every view against what the kernel will use through it (struct sizes, counts × entry
// sizes, NUL-terminated paths, what an iovec array, msghdr or futex_waitv array points at).
//
// Pins: a request holds the allocations its views lie in (and those its structs point at) from
// its prep* call to its final completion (reap() lets go of them before calling the handler).
// free() of a held allocation is deferred until then, so the kernel never writes into memory
// handed out again. Pins go by userData: requests sharing one are let go together, when all of
// them (those with views, and those without prepared while it was held) have completed. Not
// seen: a request with IOSQE_CQE_SKIP_SUCCESS that succeeds (it posts nothing: its pins stay
// until the ring closes), and a message another ring posts with the same userData (it counts as
// a completion).

import { constants } from './constants.js';
import { uringError } from './errors.js';
import { Allocation, type RingMemory } from './memory.js';
import {
  bits32Arg, countTooLarge, i32Arg, intArg, offsetArg, optionsArg, shownView, u16Arg, u32Arg, u64Arg, u8Arg,
  userDataArg, viewTooSmall,
} from './arguments.js';
import { invalidArgType, invalidArgValue, outOfRange } from './validate.js';


/** One userData's requests in flight and the allocations they hold (more than one request, or views). */
class PinGroup {
  constructor(public requests: number, readonly views: Allocation[]) {}
}
type Held = Allocation | readonly Allocation[];

/** userData values below this index an array (no hashing, no rehash churn); the rest a Map. */
const SMALL_USER_DATA = 4096;

/** userData → what its requests in flight hold. */
class PinTable {
  readonly #small: (Allocation | PinGroup | undefined)[] = [];
  readonly #large = new Map<number, Allocation | PinGroup>();
  size = 0;

  get(userData: number): Allocation | PinGroup | undefined {
    if (userData < SMALL_USER_DATA) return userData < this.#small.length ? this.#small[userData] : undefined;
    return this.#large.get(userData);
  }

  /** Adds `userData` (not in the table). */
  add(userData: number, held: Allocation | PinGroup): void {
    this.size++;
    if (userData < SMALL_USER_DATA) {
      const small = this.#small;
      while (small.length <= userData) small.push(undefined);
      small[userData] = held;
    } else {
      this.#large.set(userData, held);
    }
  }

  /** Replaces what `userData` (in the table) holds. */
  replace(userData: number, held: Allocation | PinGroup): void {
    if (userData < SMALL_USER_DATA) this.#small[userData] = held;
    else this.#large.set(userData, held);
  }

  delete(userData: number): void {
    this.size--;
    if (userData < SMALL_USER_DATA) this.#small[userData] = undefined;
    else this.#large.delete(userData);
  }

  *entries(): IterableIterator<[number, Allocation | PinGroup]> {
    for (let i = 0; i < this.#small.length; i++) {
      const held = this.#small[i];
      if (held !== undefined) yield [i, held];
    }
    yield* this.#large;
  }

  clear(): void {
    this.#small.length = 0;
    this.#large.clear();
    this.size = 0;
  }
}
const NO_VIEWS: readonly Allocation[] = Object.freeze([]);
/** madvise(2) advice that only hints: the rest may drop or change pages, so they need whole pages. */
const HINT_ADVICE = new Set([constants.MADV_NORMAL, constants.MADV_RANDOM, constants.MADV_SEQUENTIAL, constants.MADV_WILLNEED]);

export abstract class Preparer {
  abstract readonly memory: RingMemory;
  abstract readonly sqEntries: number;
  /** The ring's Wasm handle; throws once the ring is closed. */
  protected abstract handle(): number;
  protected abstract get wasm(): RingMemory['wasm'];

  // ─── Pins ────────────────────────────────────────────────────────────────────────────────────

  /** userData → what its requests in flight hold: one Allocation (one request, one view) or a group. */
  readonly #pins = new PinTable();
  /**
   * What each SQE prepared since the last publication holds, by SQ slot (valid when its
   * generation is the current one): for setSqeUserData(), and for dropping unsubmitted SQEs.
   */
  #slotGeneration: number[] = [];
  #slotUserData: number[] = [];
  #slotHeld: (Held | undefined)[] = [];
  #generation = 1;
  #sqes = 0;
  #sqeShift = 6;
  /** Allocations held for the ring's life: provided buffers (PROVIDE_BUFFERS) the kernel keeps. */
  readonly #kept: Allocation[] = [];
  /** A request that can post several completions (multishot, zero-copy sends) has been prepared. */
  #multiCqe = false;

  /** Call once the ring's SQ exists, and after it changed (resize). */
  protected sqShapeChanged(): void {
    const h = this.handle();
    this.#sqes = this.wasm.ring_sqes(h);
    this.#sqeShift = Math.log2(this.wasm.ring_sqe_size(h));
    const n = this.wasm.ring_sq_entries(h);
    this.#slotGeneration = new Array<number>(n).fill(0);
    this.#slotUserData = new Array<number>(n).fill(0);
    this.#slotHeld = new Array<Held | undefined>(n).fill(undefined);
    this.#generation++;
  }

  /** Call before anything that publishes the prepared SQEs (submit, resize): their slot records end. */
  protected published(): void {
    this.#generation++;
  }

  /** Whether any request in flight holds views (reap() then lets go of them). */
  protected get holding(): boolean {
    return this.#pins.size !== 0;
  }

  /** Whether requests that may post several completions have been prepared on this ring. */
  protected get multiCqe(): boolean {
    return this.#multiCqe;
  }

  /** A final completion for `userData`: one of its requests has ended. */
  protected completed(userData: number): void {
    const held = this.#pins.get(userData);
    if (held === undefined) return;
    if (held instanceof Allocation) {
      this.#pins.delete(userData);
      this.memory.unpin(held);
    } else if (--held.requests <= 0) {
      this.#pins.delete(userData);
      for (const a of held.views) this.memory.unpin(a);
    }
  }

  /** Drops the SQEs prepared and not yet submitted, and what they held (the kernel never saw them). */
  protected discardPrepared(h: number): number {
    const gen = this.#generation;
    for (let slot = 0; slot < this.#slotGeneration.length; slot++) {
      if (this.#slotGeneration[slot] !== gen) continue;
      const held = this.#slotHeld[slot]!;
      this.#detach(this.#slotUserData[slot]!, held);
      if (held instanceof Allocation) this.memory.unpin(held);
      else for (const a of held) this.memory.unpin(a);
      this.#slotGeneration[slot] = 0;
    }
    this.#generation++;
    return this.wasm.ring_sq_discard(h);
  }

  /** The userData values whose requests in flight hold views. */
  protected heldUserData(): number[] {
    return [...this.#pins.entries()].map(([userData]) => userData);
  }

  /** Everything still held: by requests the kernel has (by userData) and for the ring's life. */
  protected heldAllocations(): Allocation[] {
    const out: Allocation[] = [...this.#kept];
    for (const [, held] of this.#pins.entries()) {
      if (held instanceof Allocation) out.push(held);
      else out.push(...held.views);
    }
    return out;
  }

  /** Lets go of (or quarantines) everything still held: the ring is gone. */
  protected releaseAll(quarantine: boolean): void {
    for (const a of this.heldAllocations()) {
      if (quarantine) this.memory.quarantine(a);
      else this.memory.unpin(a);
    }
    this.#pins.clear();
    this.#kept.length = 0;
  }

  /** A request with one view was queued as `sqe`. */
  #hold1(userData: number, sqe: number, a: Allocation): number {
    a.pins++;
    const held = this.#pins.get(userData);
    if (held === undefined) this.#pins.add(userData, a);
    else this.#join(userData, held, 1, a);
    this.#record(sqe, userData, a);
    return sqe;
  }

  /** A request with several views (some may be null) was queued as `sqe`. */
  #holdN(userData: number, sqe: number, views: (Allocation | null)[]): number {
    const list: Allocation[] = [];
    for (const a of views) {
      if (a !== null) {
        a.pins++;
        list.push(a);
      }
    }
    if (list.length === 0) return this.#viewless(userData, sqe);
    const held = this.#pins.get(userData);
    if (held === undefined) this.#pins.add(userData, list.length === 1 ? list[0]! : new PinGroup(1, list.slice()));
    else this.#join(userData, held, 1, ...list);
    this.#record(sqe, userData, list.length === 1 ? list[0]! : list);
    return sqe;
  }

  /**
   * A request without views: counted only when its userData is held (its completion must not
   * let go of the others' views early). Nothing to do, and no Map work, when nothing is held.
   */
  #viewless(userData: number, sqe: number): number {
    if (this.#pins.size === 0) return sqe;
    const held = this.#pins.get(userData);
    if (held !== undefined) {
      this.#join(userData, held, 1);
      this.#record(sqe, userData, NO_VIEWS);
    }
    return sqe;
  }

  #join(userData: number, held: Allocation | PinGroup, requests: number, ...views: Allocation[]): void {
    if (held instanceof Allocation) {
      this.#pins.replace(userData, new PinGroup(1 + requests, [held, ...views]));
    } else {
      held.requests += requests;
      held.views.push(...views);
    }
  }

  /** Takes one request and its views off `userData` (they move, or the SQE is dropped). */
  #detach(userData: number, views: Held): void {
    const held = this.#pins.get(userData);
    if (held === undefined) return;
    if (held instanceof Allocation) {
      this.#pins.delete(userData);
      return;
    }
    held.requests--;
    for (const a of views instanceof Allocation ? [views] : views) {
      const i = held.views.lastIndexOf(a);
      if (i >= 0) held.views.splice(i, 1);
    }
    if (held.requests <= 0) this.#pins.delete(userData);
    else if (held.requests === 1 && held.views.length === 1) this.#pins.replace(userData, held.views[0]!);
  }

  #record(sqe: number, userData: number, held: Held): void {
    const slot = (sqe - this.#sqes) >>> this.#sqeShift;
    this.#slotGeneration[slot] = this.#generation;
    this.#slotUserData[slot] = userData;
    this.#slotHeld[slot] = held;
  }

  // ─── Checking views ──────────────────────────────────────────────────────────────────────────

  /** An SQE handle from a queue_* export, or the SQ-full error. */
  protected sqe(sqe: number): number {
    if (sqe === 0) {
      throw uringError('ERR_URING_SQ_FULL',
        `the submission queue is full (${this.sqEntries} entries): submit() before preparing more`);
    }
    return sqe;
  }

  /** The allocation `view` lies in (it must be in the ring's memory, in a live allocation). */
  #view(view: ArrayBufferView, name: string): Allocation {
    return this.memory.allocationOf(view, name);
  }

  /** As #view; null (NULL) is allowed. */
  #optional(view: ArrayBufferView | null | undefined, name: string): Allocation | null {
    return view === null || view === undefined ? null : this.memory.allocationOf(view, name);
  }

  /** A view the kernel uses `need` bytes of (a struct). */
  #room(view: ArrayBufferView, name: string, need: number, what: string): Allocation {
    const a = this.memory.allocationOf(view, name);
    if (view.byteLength < need) throw viewTooSmall(name, view, need, what);
    return a;
  }

  /** A path or name the kernel reads up to its NUL: the NUL must lie inside the view. */
  #cString(view: ArrayBufferView, name: string): Allocation {
    const a = this.memory.allocationOf(view, name);
    const bytes = view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (bytes.indexOf(0) < 0) {
      throw invalidArgValue(name, shownView(view),
        'must be NUL-terminated (memory.cString() makes one): the kernel reads it up to its NUL');
    }
    return a;
  }

  /** `count` entries of `size` bytes must fit `view`. */
  #entries(view: ArrayBufferView, count: number, size: number, viewName: string, countName: string, what: string): void {
    u32Arg(count, countName);
    const room = Math.floor(view.byteLength / size);
    if (count > room) throw countTooLarge(countName, count, room, `the ${what} "${viewName}" holds`);
  }

  /** The live allocation the struct field at process address `address` names for `length` bytes. */
  #target(address: number, length: number, describe: () => string): Allocation {
    const offset = address - this.memory.base;
    const a = offset >= 0 ? this.memory.allocationAt(offset, length) : null;
    if (a === null) {
      throw uringError('ERR_URING_FOREIGN_BUFFER',
        `${describe()} points at ${length} bytes outside every live allocation of the ring's memory`);
    }
    return a;
  }

  /** Checks and collects what the first `count` iovecs at `at` point at. */
  #iovecTargets(at: number, count: number, name: string, out: (Allocation | null)[]): void {
    const w = this.wasm;
    for (let i = 0; i < count; i++) {
      const address = w.iovec_base(at, i);
      const length = w.iovec_len(at, i);
      if (address === 0) continue; // NULL: the kernel fails the request (EFAULT), touching nothing
      out.push(this.#target(address, length, () => `${name}[${i}]`));
    }
  }

  /** An iovec array and the buffers its first `count` entries describe. */
  #iovecs(iovecs: Uint8Array, count: number): (Allocation | null)[] {
    const views: (Allocation | null)[] = [this.#view(iovecs, 'iovecs')];
    this.#entries(iovecs, count, this.wasm.sizeof_iovec.value, 'iovecs', 'count', 'iovecs');
    this.#iovecTargets(iovecs.byteOffset, count, 'iovecs', views);
    return views;
  }

  /** A struct msghdr and everything it points at (name, the iovecs and their buffers, control). */
  #msghdr(msghdr: Uint8Array): (Allocation | null)[] {
    const w = this.wasm;
    const views: (Allocation | null)[] = [this.#room(msghdr, 'msghdr', w.sizeof_msghdr.value, 'struct msghdr')];
    const at = msghdr.byteOffset;
    const name = w.msghdr_name(at);
    if (name !== 0) views.push(this.#target(name, w.msghdr_namelen(at) >>> 0, () => 'msghdr.msg_name'));
    const control = w.msghdr_control(at);
    if (control !== 0) views.push(this.#target(control, w.msghdr_controllen(at) >>> 0, () => 'msghdr.msg_control'));
    const iovlen = w.msghdr_iovlen(at);
    const iov = w.msghdr_iov(at);
    // More than UIO_MAXIOV: the kernel refuses the request (EMSGSIZE) before reading any.
    if (iov !== 0 && iovlen <= w.uio_maxiov()) {
      const array = this.#target(iov, iovlen * w.sizeof_iovec.value, () => 'msghdr.msg_iov');
      views.push(array);
      this.#iovecTargets(iov - this.memory.base, iovlen, 'msghdr.msg_iov', views);
    }
    return views;
  }

  /** A futex word as large as `futex2Flags` says. */
  #futex(futex: ArrayBufferView, futex2Flags: number): Allocation {
    u32Arg(futex2Flags, 'futex2Flags');
    return this.#room(futex, 'futex', this.wasm.futex2_size(futex2Flags), 'the futex word futex2Flags names');
  }

  /** ACCEPT's peer address: `addrlen` (a socklen_t) says how much of `addr` the kernel may fill. */
  #peer(addr: Uint8Array | null, addrlen: Uint8Array | null): [Allocation | null, Allocation | null] {
    const a = this.#optional(addr, 'addr');
    const socklen = this.wasm.size_of_socklen();
    const l = addrlen === null || addrlen === undefined ? null : this.#room(addrlen, 'addrlen', socklen, 'a socklen_t');
    if (a !== null) {
      if (l === null) throw invalidArgType('addrlen', ['Uint8Array'], addrlen);
      const room = this.wasm.socklen_get(addrlen!.byteOffset) >>> 0;
      if (room > addr!.byteLength) {
        throw invalidArgValue('addrlen', room,
          `must not exceed the ${addr!.byteLength} bytes of "addr" (the kernel writes up to that many)`);
      }
    }
    return [a, l];
  }

  /** An Int32Array of fds in ring memory, at least `min` long. */
  #fds(fds: Int32Array, min: number): Allocation {
    if (!(fds instanceof Int32Array)) throw invalidArgType('fds', ['Int32Array'], fds);
    const a = this.memory.allocationOf(fds, 'fds');
    if (fds.length < min) throw viewTooSmall('fds', fds, min * 4, `${min} ints`);
    return a;
  }

  /** The request may post several completions (multishot, zero-copy sends): waits cannot count them. */
  #multi(): void {
    this.#multiCqe = true;
  }

  // ─── Linux 5.1 – 5.8 (the seed's opcodes 0–33) ─────────────────────────────────────────────

  prepNop(userData: number): number {
    const h = this.handle();
    userDataArg(userData);
    return this.#viewless(userData, this.sqe(this.wasm.queue_nop(h, userData)));
  }
  /**
   * A NOP with constants.IORING_NOP_* flags (6.9+): INJECT_RESULT completes with `result`;
   * FILE looks up `fd` (a registered-file index with FIXED_FILE); FIXED_BUFFER looks up
   * registered buffer `bufIndex`; CQE32 (6.18, on a CQE32 ring) posts `extra1` and `extra2` in
   * the completion's 16 extra bytes. A kernel before 6.9 ignores the flags.
   */
  prepNopFlags(userData: number, nopFlags: number, options: { result?: number; fd?: number; bufIndex?: number; extra1?: number; extra2?: number } = {}): number {
    const h = this.handle();
    userDataArg(userData);
    u32Arg(nopFlags, 'nopFlags');
    const { result = 0, fd = -1, bufIndex = 0, extra1 = 0, extra2 = 0 } = optionsArg(options);
    i32Arg(result, 'options.result');
    i32Arg(fd, 'options.fd');
    u16Arg(bufIndex, 'options.bufIndex');
    u64Arg(extra1, 'options.extra1');
    u64Arg(extra2, 'options.extra2');
    return this.#viewless(userData, this.sqe(this.wasm.queue_nop_flags(h, userData, nopFlags, result, fd, bufIndex, extra1, extra2)));
  }
  prepReadv(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, rwFlags = 0): number {
    return this.#vectored(false, false, userData, fd, iovecs, count, offset, 0, rwFlags);
  }
  prepWritev(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, rwFlags = 0): number {
    return this.#vectored(true, false, userData, fd, iovecs, count, offset, 0, rwFlags);
  }
  prepFsync(userData: number, fd: number, fsyncFlags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u32Arg(fsyncFlags, 'fsyncFlags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_fsync(h, userData, fd, fsyncFlags)));
  }
  prepReadFixed(userData: number, fd: number, buf: Uint8Array, offset: number, bufIndex: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    offsetArg(offset);
    u16Arg(bufIndex, 'bufIndex');
    return this.#hold1(userData, this.sqe(this.wasm.queue_read_fixed(h, userData, fd, buf.byteOffset, buf.byteLength, offset, bufIndex)), a);
  }
  prepWriteFixed(userData: number, fd: number, buf: Uint8Array, offset: number, bufIndex: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    offsetArg(offset);
    u16Arg(bufIndex, 'bufIndex');
    return this.#hold1(userData, this.sqe(this.wasm.queue_write_fixed(h, userData, fd, buf.byteOffset, buf.byteLength, offset, bufIndex)), a);
  }
  prepPollAdd(userData: number, fd: number, pollMask: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    bits32Arg(pollMask, 'pollMask');
    return this.#viewless(userData, this.sqe(this.wasm.queue_poll_add(h, userData, fd, pollMask)));
  }
  prepPollRemove(userData: number, targetUserData: number): number {
    const h = this.handle();
    userDataArg(userData);
    userDataArg(targetUserData, 'targetUserData');
    return this.#viewless(userData, this.sqe(this.wasm.queue_poll_remove(h, userData, targetUserData)));
  }
  prepSyncFileRange(userData: number, fd: number, length: number, offset: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u32Arg(length, 'length');
    u64Arg(offset, 'offset');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_sync_file_range(h, userData, fd, length, offset, flags)));
  }
  prepSendmsg(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#msghdr(msghdr);
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_sendmsg(h, userData, fd, msghdr.byteOffset, flags)), views);
  }
  prepRecvmsg(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#msghdr(msghdr);
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_recvmsg(h, userData, fd, msghdr.byteOffset, flags)), views);
  }
  /** Completes after `timespec` (see memory.timespec) or after `count` other completions. */
  prepTimeout(userData: number, timespec: Uint8Array, count = 0, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#timespec(timespec);
    u32Arg(count, 'count');
    u32Arg(flags, 'flags');
    if (flags & constants.IORING_TIMEOUT_MULTISHOT) this.#multi();
    return this.#hold1(userData, this.sqe(this.wasm.queue_timeout(h, userData, timespec.byteOffset, count, flags)), a);
  }
  prepTimeoutRemove(userData: number, targetUserData: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    userDataArg(targetUserData, 'targetUserData');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_timeout_remove(h, userData, targetUserData, flags)));
  }
  /**
   * `addr` receives the peer address, up to as many bytes as the socklen_t in `addrlen` says
   * (which must not exceed `addr`); the kernel writes the address's length back to `addrlen`.
   * Both may be null.
   */
  prepAccept(userData: number, fd: number, addr: Uint8Array | null, addrlen: Uint8Array | null, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#peer(addr, addrlen);
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_accept(h, userData, fd, addr?.byteOffset ?? 0, addrlen?.byteOffset ?? 0, flags)), views);
  }
  prepCancel(userData: number, targetUserData: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    userDataArg(targetUserData, 'targetUserData');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_cancel(h, userData, targetUserData, flags)));
  }
  /** Times out the SQE before it (which must carry IOSQE_IO_LINK). */
  prepLinkTimeout(userData: number, timespec: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#timespec(timespec);
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_link_timeout(h, userData, timespec.byteOffset, flags)), a);
  }
  prepConnect(userData: number, fd: number, addr: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(addr, 'addr');
    return this.#hold1(userData, this.sqe(this.wasm.queue_connect(h, userData, fd, addr.byteOffset, addr.byteLength)), a);
  }
  prepFallocate(userData: number, fd: number, mode: number, offset: number, length: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    i32Arg(mode, 'mode');
    u64Arg(offset, 'offset');
    u64Arg(length, 'length');
    return this.#viewless(userData, this.sqe(this.wasm.queue_fallocate(h, userData, fd, mode, offset, length)));
  }
  /** `path` is a NUL-terminated string in ring memory (memory.cString). */
  prepOpenat(userData: number, dirfd: number, path: Uint8Array, flags: number, mode = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const a = this.#cString(path, 'path');
    bits32Arg(flags, 'flags');
    u32Arg(mode, 'mode');
    return this.#hold1(userData, this.sqe(this.wasm.queue_openat(h, userData, dirfd, path.byteOffset, flags, mode)), a);
  }
  prepClose(userData: number, fd: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    return this.#viewless(userData, this.sqe(this.wasm.queue_close(h, userData, fd)));
  }
  /**
   * Replaces registered-file slots from `offset` with the i32 fds in `fds` (an Int32Array);
   * with offset IORING_FILE_INDEX_ALLOC the kernel picks the slots and writes them to `fds`.
   */
  prepFilesUpdate(userData: number, fds: Int32Array, offset: number): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#fds(fds, 0);
    bits32Arg(offset, 'offset');
    return this.#hold1(userData, this.sqe(this.wasm.queue_files_update(h, userData, fds.byteOffset, fds.length, offset)), a);
  }
  /** `statxbuf` must hold a struct statx (memory.statxBuffer()). */
  prepStatx(userData: number, dirfd: number, path: Uint8Array, flags: number, mask: number, statxbuf: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const p = this.#cString(path, 'path');
    bits32Arg(flags, 'flags');
    u32Arg(mask, 'mask');
    const b = this.#room(statxbuf, 'statxbuf', this.wasm.sizeof_statx.value, 'struct statx');
    return this.#holdN(userData, this.sqe(this.wasm.queue_statx(h, userData, dirfd, path.byteOffset, flags, mask, statxbuf.byteOffset)), [p, b]);
  }
  prepRead(userData: number, fd: number, buf: Uint8Array, offset: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.memory.allocationOf(buf, 'buf');
    offsetArg(offset);
    return this.#hold1(userData, this.sqe(this.wasm.queue_read(h, userData, fd, buf.byteOffset, buf.byteLength, offset)), a);
  }
  prepWrite(userData: number, fd: number, buf: Uint8Array, offset: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.memory.allocationOf(buf, 'buf');
    offsetArg(offset);
    return this.#hold1(userData, this.sqe(this.wasm.queue_write(h, userData, fd, buf.byteOffset, buf.byteLength, offset)), a);
  }
  prepFadvise(userData: number, fd: number, offset: number, length: number, advice: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u64Arg(offset, 'offset');
    u32Arg(length, 'length');
    i32Arg(advice, 'advice');
    return this.#viewless(userData, this.sqe(this.wasm.queue_fadvise(h, userData, fd, offset, length, advice)));
  }
  /**
   * madvise(2) of `range`. Advice that may drop or change pages (anything but MADV_NORMAL,
   * RANDOM, SEQUENTIAL, WILLNEED) needs a range of whole pages: the kernel rounds the length up
   * to one, which would reach bytes past the view.
   */
  prepMadvise(userData: number, range: Uint8Array, advice: number): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#view(range, 'range');
    i32Arg(advice, 'advice');
    if (!HINT_ADVICE.has(advice)) {
      const page = this.memory.pageSize;
      if (range.byteLength % page !== 0 || (this.memory.base + range.byteOffset) % page !== 0) {
        throw invalidArgValue('range', shownView(range),
          `must be whole pages (${page} bytes, page-aligned) for advice ${advice}: the kernel acts on every page it touches`);
      }
    }
    return this.#hold1(userData, this.sqe(this.wasm.queue_madvise(h, userData, range.byteOffset, range.byteLength, advice)), a);
  }
  prepSend(userData: number, fd: number, buf: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    bits32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_send(h, userData, fd, buf.byteOffset, buf.byteLength, flags)), a);
  }
  prepRecv(userData: number, fd: number, buf: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    bits32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_recv(h, userData, fd, buf.byteOffset, buf.byteLength, flags)), a);
  }
  /** `how` from memory.openHow(). */
  prepOpenat2(userData: number, dirfd: number, path: Uint8Array, how: Uint8Array): number {
    return this.#openat2(userData, dirfd, path, how, false, 0);
  }
  /** `event` from memory.epollEvent() (null for EPOLL_CTL_DEL). */
  prepEpollCtl(userData: number, epfd: number, fd: number, op: number, event: Uint8Array | null): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(epfd, 'epfd');
    i32Arg(fd, 'fd');
    i32Arg(op, 'op');
    let a: Allocation | null = null;
    if (op !== constants.EPOLL_CTL_DEL || (event !== null && event !== undefined)) {
      if (event === null || event === undefined) throw invalidArgType('event', ['Uint8Array'], event);
      a = this.#room(event, 'event', this.wasm.sizeof_epoll_event.value, 'struct epoll_event');
    }
    const sqe = this.sqe(this.wasm.queue_epoll_ctl(h, userData, epfd, fd, op, event?.byteOffset ?? 0));
    return a === null ? this.#viewless(userData, sqe) : this.#hold1(userData, sqe, a);
  }
  prepSplice(userData: number, fdIn: number, offIn: number, fdOut: number, offOut: number, length: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fdIn, 'fdIn');
    offsetArg(offIn, 'offIn');
    i32Arg(fdOut, 'fdOut');
    offsetArg(offOut, 'offOut');
    u32Arg(length, 'length');
    bits32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_splice(h, userData, fdIn, offIn, fdOut, offOut, length, flags)));
  }
  /**
   * Gives `count` buffers of `size` bytes, carved from `buffers`, to group `group` with ids from
   * `firstId`. The kernel keeps them past this request's completion, so `buffers` stays held
   * until the ring is closed (free() of it is deferred until then).
   */
  prepProvideBuffers(userData: number, buffers: Uint8Array, size: number, count: number, group: number, firstId: number): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#view(buffers, 'buffers');
    intArg(size, 'size', 1, 0x7fff_ffff);
    intArg(count, 'count', 1, 0x1_0000);
    u16Arg(group, 'group');
    u16Arg(firstId, 'firstId');
    if (size * count > buffers.byteLength) {
      throw countTooLarge('count', count, Math.floor(buffers.byteLength / size), `the buffers of ${size} bytes "buffers" holds`);
    }
    const sqe = this.#hold1(userData, this.sqe(this.wasm.queue_provide_buffers(h, userData, buffers.byteOffset, size, count, group, firstId)), a);
    a.pins++;
    this.#kept.push(a);
    return sqe;
  }
  prepRemoveBuffers(userData: number, count: number, group: number): number {
    const h = this.handle();
    userDataArg(userData);
    intArg(count, 'count', 1, 0x1_0000);
    u16Arg(group, 'group');
    return this.#viewless(userData, this.sqe(this.wasm.queue_remove_buffers(h, userData, count, group)));
  }
  prepTee(userData: number, fdIn: number, fdOut: number, length: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fdIn, 'fdIn');
    i32Arg(fdOut, 'fdOut');
    u32Arg(length, 'length');
    bits32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_tee(h, userData, fdIn, fdOut, length, flags)));
  }

  // ─── Variants of the seed's opcodes (direct descriptors, multishot, updates) ───────────────
  // A `slot` is a fixed-file (direct descriptor) index, or constants.IORING_FILE_INDEX_ALLOC to
  // let the kernel pick a free one; the completion's res is then the slot it picked.

  /** OPENAT into a direct descriptor (5.15; ALLOC 5.19). */
  prepOpenatDirect(userData: number, dirfd: number, path: Uint8Array, flags: number, mode: number, slot: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const a = this.#cString(path, 'path');
    bits32Arg(flags, 'flags');
    u32Arg(mode, 'mode');
    bits32Arg(slot, 'slot');
    return this.#hold1(userData, this.sqe(this.wasm.queue_openat_direct(h, userData, dirfd, path.byteOffset, flags, mode, slot)), a);
  }
  prepOpenat2Direct(userData: number, dirfd: number, path: Uint8Array, how: Uint8Array, slot: number): number {
    bits32Arg(slot, 'slot');
    return this.#openat2(userData, dirfd, path, how, true, slot);
  }
  /** Empties a direct-descriptor slot (5.15). */
  prepCloseDirect(userData: number, slot: number): number {
    const h = this.handle();
    userDataArg(userData);
    bits32Arg(slot, 'slot');
    return this.#viewless(userData, this.sqe(this.wasm.queue_close_direct(h, userData, slot)));
  }
  /** ACCEPT into a direct descriptor (5.15; ALLOC 5.19). */
  prepAcceptDirect(userData: number, fd: number, addr: Uint8Array | null, addrlen: Uint8Array | null, flags: number, slot: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#peer(addr, addrlen);
    bits32Arg(flags, 'flags');
    bits32Arg(slot, 'slot');
    return this.#holdN(userData, this.sqe(this.wasm.queue_accept_direct(h, userData, fd, addr?.byteOffset ?? 0, addrlen?.byteOffset ?? 0, flags, slot)), views);
  }
  /** One CQE per accepted connection, with IORING_CQE_F_MORE while armed (5.19). */
  prepMultishotAccept(userData: number, fd: number, addr: Uint8Array | null = null, addrlen: Uint8Array | null = null, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#peer(addr, addrlen);
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#holdN(userData, this.sqe(this.wasm.queue_multishot_accept(h, userData, fd, addr?.byteOffset ?? 0, addrlen?.byteOffset ?? 0, flags)), views);
  }
  /** Multishot accept into allocated direct descriptors (5.19). */
  prepMultishotAcceptDirect(userData: number, fd: number, addr: Uint8Array | null = null, addrlen: Uint8Array | null = null, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#peer(addr, addrlen);
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#holdN(userData, this.sqe(this.wasm.queue_multishot_accept_direct(h, userData, fd, addr?.byteOffset ?? 0, addrlen?.byteOffset ?? 0, flags)), views);
  }
  /** One CQE per message received, each in a buffer of provided-buffer group `group` (6.0). */
  prepRecvMultishot(userData: number, fd: number, group: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u16Arg(group, 'group');
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#viewless(userData, this.#bufferSelect(this.wasm.queue_recv_multishot(h, userData, fd, 0, 0, flags), group));
  }
  /** Like prepRecvMultishot; each buffer starts with a struct io_uring_recvmsg_out (6.0). */
  prepRecvmsgMultishot(userData: number, fd: number, msghdr: Uint8Array, group: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#msghdr(msghdr);
    u16Arg(group, 'group');
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#holdN(userData, this.#bufferSelect(this.wasm.queue_recvmsg_multishot(h, userData, fd, msghdr.byteOffset, flags), group), views);
  }
  /** One CQE per poll event, with IORING_CQE_F_MORE while armed (5.13). */
  prepPollMultishot(userData: number, fd: number, pollMask: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    bits32Arg(pollMask, 'pollMask');
    this.#multi();
    return this.#viewless(userData, this.sqe(this.wasm.queue_poll_multishot(h, userData, fd, pollMask)));
  }
  /** Changes an armed poll: `flags` IORING_POLL_UPDATE_EVENTS and/or _USER_DATA (5.13). */
  prepPollUpdate(userData: number, oldUserData: number, newUserData: number, pollMask: number, flags: number): number {
    const h = this.handle();
    userDataArg(userData);
    userDataArg(oldUserData, 'oldUserData');
    userDataArg(newUserData, 'newUserData');
    bits32Arg(pollMask, 'pollMask');
    u32Arg(flags, 'flags');
    this.#multi();
    return this.#viewless(userData, this.sqe(this.wasm.queue_poll_update(h, userData, oldUserData, newUserData, pollMask, flags)));
  }
  /** A new expiry for the timeout `targetUserData` (5.11). */
  prepTimeoutUpdate(userData: number, timespec: Uint8Array, targetUserData: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#timespec(timespec);
    userDataArg(targetUserData, 'targetUserData');
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_timeout_update(h, userData, timespec.byteOffset, targetUserData, flags)), a);
  }
  /** Cancels requests on file `fd`; IORING_ASYNC_CANCEL_ALL for every one (5.19). */
  prepCancelFd(userData: number, fd: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_cancel_fd(h, userData, fd, flags)));
  }

  // ─── Linux 5.11 – 6.1 ────────────────────────────────────────────────────────────────────────

  /** shutdown(2) (5.11). */
  prepShutdown(userData: number, fd: number, how: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    i32Arg(how, 'how');
    return this.#viewless(userData, this.sqe(this.wasm.queue_shutdown(h, userData, fd, how)));
  }
  /** renameat2(2) (5.11). */
  prepRenameat(userData: number, oldDirfd: number, oldPath: Uint8Array, newDirfd: number, newPath: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(oldDirfd, 'oldDirfd');
    const a = this.#cString(oldPath, 'oldPath');
    i32Arg(newDirfd, 'newDirfd');
    const b = this.#cString(newPath, 'newPath');
    u32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_renameat(h, userData, oldDirfd, oldPath.byteOffset, newDirfd, newPath.byteOffset, flags)), [a, b]);
  }
  /** unlinkat(2); AT_REMOVEDIR removes a directory (5.11). */
  prepUnlinkat(userData: number, dirfd: number, path: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const a = this.#cString(path, 'path');
    bits32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_unlinkat(h, userData, dirfd, path.byteOffset, flags)), a);
  }
  /** mkdirat(2) (5.15). */
  prepMkdirat(userData: number, dirfd: number, path: Uint8Array, mode: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const a = this.#cString(path, 'path');
    u32Arg(mode, 'mode');
    return this.#hold1(userData, this.sqe(this.wasm.queue_mkdirat(h, userData, dirfd, path.byteOffset, mode)), a);
  }
  /** symlinkat(2) (5.15). */
  prepSymlinkat(userData: number, target: Uint8Array, newDirfd: number, linkPath: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#cString(target, 'target');
    i32Arg(newDirfd, 'newDirfd');
    const b = this.#cString(linkPath, 'linkPath');
    return this.#holdN(userData, this.sqe(this.wasm.queue_symlinkat(h, userData, target.byteOffset, newDirfd, linkPath.byteOffset)), [a, b]);
  }
  /** linkat(2) (5.15). */
  prepLinkat(userData: number, oldDirfd: number, oldPath: Uint8Array, newDirfd: number, newPath: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(oldDirfd, 'oldDirfd');
    const a = this.#cString(oldPath, 'oldPath');
    i32Arg(newDirfd, 'newDirfd');
    const b = this.#cString(newPath, 'newPath');
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_linkat(h, userData, oldDirfd, oldPath.byteOffset, newDirfd, newPath.byteOffset, flags)), [a, b]);
  }
  /** Posts a CQE {user_data: data, res} to the ring `ringFd` (5.18). */
  prepMsgRing(userData: number, ringFd: number, res: number, data: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(ringFd, 'ringFd');
    i32Arg(res, 'res');
    userDataArg(data, 'data');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_msg_ring(h, userData, ringFd, res, data, flags)));
  }
  /** prepMsgRing whose target CQE carries `cqeFlags` (6.3). */
  prepMsgRingCqeFlags(userData: number, ringFd: number, res: number, data: number, cqeFlags: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(ringFd, 'ringFd');
    i32Arg(res, 'res');
    userDataArg(data, 'data');
    u32Arg(cqeFlags, 'cqeFlags');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_msg_ring_cqe_flags(h, userData, ringFd, res, data, flags, cqeFlags)));
  }
  /** Sends our direct descriptor `sourceSlot` into the ring `ringFd`'s slot `targetSlot` (6.0). */
  prepMsgRingFd(userData: number, ringFd: number, sourceSlot: number, targetSlot: number, data: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(ringFd, 'ringFd');
    bits32Arg(sourceSlot, 'sourceSlot');
    u32Arg(targetSlot, 'targetSlot');
    userDataArg(data, 'data');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_msg_ring_fd(h, userData, ringFd, sourceSlot, targetSlot, data, flags)));
  }
  /** fsetxattr(2): `name` a C string, `value` its bytes (5.19). */
  prepFsetxattr(userData: number, fd: number, name: Uint8Array, value: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const n = this.#cString(name, 'name');
    const v = this.#view(value, 'value');
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_fsetxattr(h, userData, fd, name.byteOffset, value.byteOffset, flags, value.byteLength)), [n, v]);
  }
  /** setxattr(2) (5.19). */
  prepSetxattr(userData: number, path: Uint8Array, name: Uint8Array, value: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const p = this.#cString(path, 'path');
    const n = this.#cString(name, 'name');
    const v = this.#view(value, 'value');
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_setxattr(h, userData, name.byteOffset, value.byteOffset, path.byteOffset, flags, value.byteLength)), [p, n, v]);
  }
  /** fgetxattr(2) into `value`; res is the attribute's length (5.19). */
  prepFgetxattr(userData: number, fd: number, name: Uint8Array, value: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const n = this.#cString(name, 'name');
    const v = this.#view(value, 'value');
    return this.#holdN(userData, this.sqe(this.wasm.queue_fgetxattr(h, userData, fd, name.byteOffset, value.byteOffset, value.byteLength)), [n, v]);
  }
  /** getxattr(2) (5.19). */
  prepGetxattr(userData: number, path: Uint8Array, name: Uint8Array, value: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    const p = this.#cString(path, 'path');
    const n = this.#cString(name, 'name');
    const v = this.#view(value, 'value');
    return this.#holdN(userData, this.sqe(this.wasm.queue_getxattr(h, userData, name.byteOffset, value.byteOffset, path.byteOffset, value.byteLength)), [p, n, v]);
  }
  /** socket(2) (5.19). */
  prepSocket(userData: number, domain: number, type: number, protocol = 0, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(domain, 'domain');
    i32Arg(type, 'type');
    i32Arg(protocol, 'protocol');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_socket(h, userData, domain, type, protocol, flags)));
  }
  /** socket(2) into a direct descriptor (5.19). */
  prepSocketDirect(userData: number, domain: number, type: number, protocol: number, slot: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(domain, 'domain');
    i32Arg(type, 'type');
    i32Arg(protocol, 'protocol');
    bits32Arg(slot, 'slot');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_socket_direct(h, userData, domain, type, protocol, slot, flags)));
  }
  /**
   * A driver command `cmdOp` on `fd`, its argument bytes `cmd` copied into the SQE: at most 16
   * bytes, 80 on a ring with IORING_SETUP_SQE128 (5.19).
   */
  prepUringCmd(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null = null): number {
    return this.#uringCmd(userData, cmdOp, fd, cmd, false);
  }
  /** prepUringCmd as a 128-byte SQE in an IORING_SETUP_SQE_MIXED ring (6.19). */
  prepUringCmd128(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null = null): number {
    return this.#uringCmd(userData, cmdOp, fd, cmd, true);
  }
  /**
   * A socket command (constants.SOCKET_URING_OP_*): SIOCINQ/SIOCOUTQ answer in res; GETSOCKOPT
   * and SETSOCKOPT take getsockopt(2)'s level, optname and value (6.7).
   */
  prepCmdSock(userData: number, cmdOp: number, fd: number, level = 0, optname = 0, optval: Uint8Array | null = null): number {
    const h = this.handle();
    userDataArg(userData);
    u32Arg(cmdOp, 'cmdOp');
    i32Arg(fd, 'fd');
    i32Arg(level, 'level');
    i32Arg(optname, 'optname');
    const a = this.#optional(optval, 'optval');
    const sqe = this.sqe(this.wasm.queue_cmd_sock(h, userData, cmdOp, fd, level, optname, optval?.byteOffset ?? 0, optval?.byteLength ?? 0));
    return a === null ? this.#viewless(userData, sqe) : this.#hold1(userData, sqe, a);
  }
  /**
   * Zero-copy send: a CQE with the result and IORING_CQE_F_MORE, then one with
   * IORING_CQE_F_NOTIF once `buf` may be reused (6.0); `buf` is held until that one.
   */
  prepSendZc(userData: number, fd: number, buf: Uint8Array, flags = 0, zcFlags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    bits32Arg(flags, 'flags');
    u32Arg(zcFlags, 'zcFlags');
    this.#multi();
    return this.#hold1(userData, this.sqe(this.wasm.queue_send_zc(h, userData, fd, buf.byteOffset, buf.byteLength, flags, zcFlags)), a);
  }
  /** prepSendZc from registered buffer `bufIndex` (`buf` lies inside it) (6.0). */
  prepSendZcFixed(userData: number, fd: number, buf: Uint8Array, flags: number, zcFlags: number, bufIndex: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(buf, 'buf');
    bits32Arg(flags, 'flags');
    u32Arg(zcFlags, 'zcFlags');
    u16Arg(bufIndex, 'bufIndex');
    this.#multi();
    return this.#hold1(userData, this.sqe(this.wasm.queue_send_zc_fixed(h, userData, fd, buf.byteOffset, buf.byteLength, flags, zcFlags, bufIndex)), a);
  }
  /** Zero-copy sendmsg (6.1). */
  prepSendmsgZc(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#msghdr(msghdr);
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#holdN(userData, this.sqe(this.wasm.queue_sendmsg_zc(h, userData, fd, msghdr.byteOffset, flags)), views);
  }
  /** send to the address `addr` (a sockaddr) on an unconnected socket (6.0). */
  prepSendto(userData: number, fd: number, buf: Uint8Array, addr: Uint8Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const b = this.#view(buf, 'buf');
    const a = this.#view(addr, 'addr');
    bits32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(this.wasm.queue_sendto(h, userData, fd, buf.byteOffset, buf.byteLength, flags, addr.byteOffset, addr.byteLength)), [b, a]);
  }

  // ─── Linux 6.7 – 6.19 ────────────────────────────────────────────────────────────────────────

  /** One CQE per read, each into a buffer of provided-buffer group `group` (6.7). */
  prepReadMultishot(userData: number, fd: number, length: number, offset: number, group: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u32Arg(length, 'length');
    offsetArg(offset);
    u16Arg(group, 'group');
    this.#multi();
    return this.#viewless(userData, this.sqe(this.wasm.queue_read_multishot(h, userData, fd, length, offset, group)));
  }
  /** waitid(2): `info` receives a siginfo_t (128 bytes; null: none) (6.7). */
  prepWaitid(userData: number, idtype: number, id: number, info: Uint8Array | null, options: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    u32Arg(idtype, 'idtype');
    i32Arg(id, 'id');
    const a = info === null || info === undefined ? null : this.#room(info, 'info', this.wasm.size_of_siginfo(), 'a siginfo_t');
    bits32Arg(options, 'options');
    u32Arg(flags, 'flags');
    const sqe = this.sqe(this.wasm.queue_waitid(h, userData, idtype, id, info?.byteOffset ?? 0, options, flags));
    return a === null ? this.#viewless(userData, sqe) : this.#hold1(userData, sqe, a);
  }
  /**
   * Waits while the futex word `futex` holds `value` (6.7). `futex2Flags` default: a private
   * 32-bit futex; `futex` must hold the word its size flag names.
   */
  prepFutexWait(userData: number, futex: ArrayBufferView, value: number, mask = constants.FUTEX_BITSET_MATCH_ANY >>> 0,
    futex2Flags = constants.FUTEX2_SIZE_U32 | constants.FUTEX2_PRIVATE, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#futex(futex, futex2Flags);
    u64Arg(value, 'value');
    u64Arg(mask, 'mask');
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_futex_wait(h, userData, futex.byteOffset, value, mask, futex2Flags, flags)), a);
  }
  /** Wakes up to `count` waiters of `futex`; res is how many were woken (6.7). */
  prepFutexWake(userData: number, futex: ArrayBufferView, count: number, mask = constants.FUTEX_BITSET_MATCH_ANY >>> 0,
    futex2Flags = constants.FUTEX2_SIZE_U32 | constants.FUTEX2_PRIVATE, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#futex(futex, futex2Flags);
    u64Arg(count, 'count');
    u64Arg(mask, 'mask');
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_futex_wake(h, userData, futex.byteOffset, count, mask, futex2Flags, flags)), a);
  }
  /** Waits on any of the first `count` futexes in `waitv` (memory.futexWaitv); res is the index woken (6.7). */
  prepFutexWaitv(userData: number, waitv: Uint8Array, count: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const w = this.wasm;
    const views: (Allocation | null)[] = [this.#view(waitv, 'waitv')];
    this.#entries(waitv, count, w.sizeof_futex_waitv.value, 'waitv', 'count', 'futex_waitv entries');
    for (let i = 0; i < count; i++) {
      const address = w.futex_waitv_uaddr(waitv.byteOffset, i);
      const size = w.futex2_size(w.futex_waitv_flags(waitv.byteOffset, i));
      views.push(this.#target(address, size, () => `waitv[${i}].uaddr`));
    }
    u32Arg(flags, 'flags');
    return this.#holdN(userData, this.sqe(w.queue_futex_waitv(h, userData, waitv.byteOffset, count, flags)), views);
  }
  /** A regular fd for direct descriptor `slot`; res is the fd (6.8). */
  prepFixedFdInstall(userData: number, slot: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    bits32Arg(slot, 'slot');
    u32Arg(flags, 'flags');
    return this.#viewless(userData, this.sqe(this.wasm.queue_fixed_fd_install(h, userData, slot, flags)));
  }
  /** ftruncate(2) (6.9). */
  prepFtruncate(userData: number, fd: number, length: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u64Arg(length, 'length');
    return this.#viewless(userData, this.sqe(this.wasm.queue_ftruncate(h, userData, fd, length)));
  }
  /** bind(2) to `addr` (a sockaddr) (6.11). */
  prepBind(userData: number, fd: number, addr: Uint8Array): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const a = this.#view(addr, 'addr');
    return this.#hold1(userData, this.sqe(this.wasm.queue_bind(h, userData, fd, addr.byteOffset, addr.byteLength)), a);
  }
  /** listen(2) (6.11). */
  prepListen(userData: number, fd: number, backlog: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    i32Arg(backlog, 'backlog');
    return this.#viewless(userData, this.sqe(this.wasm.queue_listen(h, userData, fd, backlog)));
  }
  /** Zero-copy receive through registered receive queue `ifq` (IORING_REGISTER_ZCRX_IFQ) (6.15). */
  prepRecvZc(userData: number, fd: number, length: number, ifq: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    u32Arg(length, 'length');
    u32Arg(ifq, 'ifq');
    bits32Arg(flags, 'flags');
    this.#multi();
    return this.#viewless(userData, this.sqe(this.wasm.queue_recv_zc(h, userData, fd, length, flags, ifq)));
  }
  /** epoll_wait(2) as a request: up to `maxEvents` events into `events` (memory.epollEvents) (6.15). */
  prepEpollWait(userData: number, epfd: number, events: Uint8Array, maxEvents: number, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(epfd, 'epfd');
    const a = this.#view(events, 'events');
    this.#entries(events, maxEvents, this.wasm.sizeof_epoll_event.value, 'events', 'maxEvents', 'struct epoll_event entries');
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_epoll_wait(h, userData, epfd, events.byteOffset, maxEvents, flags)), a);
  }
  /** preadv2(2) into registered buffer `bufIndex` (the iovecs point inside it) (6.15). */
  prepReadvFixed(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, bufIndex: number, rwFlags = 0): number {
    return this.#vectored(false, true, userData, fd, iovecs, count, offset, bufIndex, rwFlags);
  }
  /** pwritev2(2) from registered buffer `bufIndex` (6.15). */
  prepWritevFixed(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, bufIndex: number, rwFlags = 0): number {
    return this.#vectored(true, true, userData, fd, iovecs, count, offset, bufIndex, rwFlags);
  }
  /** pipe2(2): the two fds are written to `fds` (an Int32Array of 2 in ring memory) (6.16). */
  prepPipe(userData: number, fds: Int32Array, flags = 0): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#fds(fds, 2);
    u32Arg(flags, 'flags');
    return this.#hold1(userData, this.sqe(this.wasm.queue_pipe(h, userData, fds.byteOffset, flags, false, 0)), a);
  }
  /** pipe2(2) into direct descriptors `slot` and `slot + 1` (or allocated); their slots go to `fds` (6.16). */
  prepPipeDirect(userData: number, fds: Int32Array, flags: number, slot: number): number {
    const h = this.handle();
    userDataArg(userData);
    const a = this.#fds(fds, 2);
    u32Arg(flags, 'flags');
    bits32Arg(slot, 'slot');
    return this.#hold1(userData, this.sqe(this.wasm.queue_pipe(h, userData, fds.byteOffset, flags, true, slot)), a);
  }
  /** A NOP in a 128-byte SQE of an IORING_SETUP_SQE_MIXED ring (6.19). */
  prepNop128(userData: number): number {
    const h = this.handle();
    userDataArg(userData);
    return this.#viewless(userData, this.sqe(this.wasm.queue_nop128(h, userData)));
  }

  #timespec(timespec: Uint8Array): Allocation {
    return this.#room(timespec, 'timespec', this.wasm.sizeof___kernel_timespec.value, 'struct __kernel_timespec');
  }

  #vectored(write: boolean, fixed: boolean, userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number,
    bufIndex: number, rwFlags: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(fd, 'fd');
    const views = this.#iovecs(iovecs, count);
    offsetArg(offset);
    if (fixed) u16Arg(bufIndex, 'bufIndex');
    bits32Arg(rwFlags, 'rwFlags');
    const w = this.wasm;
    const at = iovecs.byteOffset;
    const sqe = fixed
      ? (write ? w.queue_writev_fixed(h, userData, fd, at, count, offset, rwFlags, bufIndex) : w.queue_readv_fixed(h, userData, fd, at, count, offset, rwFlags, bufIndex))
      : (write ? w.queue_writev(h, userData, fd, at, count, offset, rwFlags) : w.queue_readv(h, userData, fd, at, count, offset, rwFlags));
    return this.#holdN(userData, this.sqe(sqe), views);
  }

  #openat2(userData: number, dirfd: number, path: Uint8Array, how: Uint8Array, direct: boolean, slot: number): number {
    const h = this.handle();
    userDataArg(userData);
    i32Arg(dirfd, 'dirfd');
    const p = this.#cString(path, 'path');
    const o = this.#room(how, 'how', this.wasm.sizeof_open_how.value, 'struct open_how');
    const sqe = !direct
      ? this.wasm.queue_openat2(h, userData, dirfd, path.byteOffset, how.byteOffset)
      : this.wasm.queue_openat2_direct(h, userData, dirfd, path.byteOffset, how.byteOffset, slot);
    return this.#holdN(userData, this.sqe(sqe), [p, o]);
  }

  #bufferSelect(sqe: number, group: number): number {
    this.sqe(sqe);
    this.wasm.sqe_set_flags(sqe, constants.IOSQE_BUFFER_SELECT);
    this.wasm.sqe_set_buf_group(sqe, group);
    return sqe;
  }

  #uringCmd(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null, wide: boolean): number {
    const h = this.handle();
    userDataArg(userData);
    u32Arg(cmdOp, 'cmdOp');
    i32Arg(fd, 'fd');
    // The bytes are copied into the SQE now: nothing is held.
    if (cmd !== null && cmd !== undefined) this.#view(cmd, 'cmd');
    const length = cmd?.byteLength ?? 0;
    // A 128-byte SQE of an SQE_MIXED ring has the 80 bytes of an SQE128 ring's.
    const mixed128 = wide && (this.wasm.ring_setup_flags(h) & constants.IORING_SETUP_SQE_MIXED) !== 0;
    const room = mixed128 ? 80 : this.wasm.ring_sqe_cmd_room(h);
    if (length > room) throw outOfRange('cmd.byteLength', `<= ${room} (the SQE's command bytes; IORING_SETUP_SQE128 gives 80)`, length);
    return this.#viewless(userData, this.sqe(this.wasm.queue_uring_cmd(h, userData, cmdOp, fd, cmd?.byteOffset ?? 0, length, wide)));
  }

  // ─── Adjusting a prepared SQE ────────────────────────────────────────────────────────────────
  // `sqe` must be a handle a prep* method of this ring returned, not yet submitted.

  /** The ring's handle, once `sqe` is known to be one of its SQEs prepared and not yet submitted. */
  #prepared(sqe: number): number {
    const h = this.handle();
    if (sqe >>> 0 !== sqe || !this.wasm.sqe_prepared(h, sqe)) {
      if (typeof sqe !== 'number') throw invalidArgType('sqe', 'number', sqe);
      throw invalidArgValue('sqe', sqe, 'must be the handle of an SQE this ring prepared and has not submitted yet');
    }
    return h;
  }

  /** IOSQE_* flags (IO_LINK, IO_DRAIN, ASYNC, FIXED_FILE, …) for a prepared SQE (replaces its flags). */
  setSqeFlags(sqe: number, flags: number): void {
    this.#prepared(sqe);
    u8Arg(flags, 'flags');
    this.wasm.sqe_set_flags(sqe, flags);
  }
  /** Adds IOSQE_* flags to those a prepared SQE has (its encoder may have set some, e.g. BUFFER_SELECT). */
  addSqeFlags(sqe: number, flags: number): void {
    this.#prepared(sqe);
    u8Arg(flags, 'flags');
    this.wasm.sqe_add_flags(sqe, flags);
  }
  /** A new userData for a prepared SQE; what it holds moves with it. */
  setSqeUserData(sqe: number, userData: number): void {
    this.#prepared(sqe);
    userDataArg(userData);
    const slot = (sqe - this.#sqes) >>> this.#sqeShift;
    if (this.#slotGeneration[slot] === this.#generation) {
      const from = this.#slotUserData[slot]!;
      if (from !== userData) {
        const held = this.#slotHeld[slot]!;
        this.#detach(from, held);
        const to = this.#pins.get(userData);
        const views = held instanceof Allocation ? [held] : [...held];
        if (to === undefined) this.#pins.add(userData, views.length === 1 ? views[0]! : new PinGroup(1, views));
        else this.#join(userData, to, 1, ...views);
        this.#slotUserData[slot] = userData;
      }
    } else {
      this.#viewless(userData, sqe);
    }
    this.wasm.sqe_set_user_data(sqe, userData);
  }
  setSqeIoprio(sqe: number, ioprio: number): void {
    this.#prepared(sqe);
    u16Arg(ioprio, 'ioprio');
    // IORING_RECV_MULTISHOT, IORING_ACCEPT_MULTISHOT… live here: the request may post several CQEs.
    if (ioprio !== 0) this.#multi();
    this.wasm.sqe_set_ioprio(sqe, ioprio);
  }
  setSqePersonality(sqe: number, id: number): void {
    this.#prepared(sqe);
    u16Arg(id, 'id');
    this.wasm.sqe_set_personality(sqe, id);
  }
  setSqeBufGroup(sqe: number, group: number): void {
    this.#prepared(sqe);
    u16Arg(group, 'group');
    this.wasm.sqe_set_buf_group(sqe, group);
  }
}
