// RingMemory: one shared WebAssembly.Memory, the ring.wasm instance working in it, and the bridge
// bound to it. Rings, their SQEs and CQEs, I/O buffers and the structs SQEs point at all live
// here; several rings can share one memory (and pass buffers between them).
//
// The memory is shared with a fixed maximum so it never moves: the kernel pins pages of it and
// writes into them while the ring lives. Allocation is ring.wasm's (assembly/heap.ts).

import { instantiate } from './abi.js';
import { host } from './host.js';
import { errnoError, uringError } from './errors.js';
import { ENOMEM } from './errno.js';
import { ringModule, type RingWasm } from './wasm.js';
import {
  arrayArg, bits32Arg, countTooLarge, i32Arg, intArg, notAView, optionsArg, u32Arg, u64Arg, viewTooSmall,
} from './arguments.js';
import { invalidArgType, invalidArgValue, validateNumber, validateObject, validateString } from './validate.js';

const WASM_PAGE = 65536;

/**
 * @internal One live allocation of a RingMemory. `pins` counts the requests in flight (and the
 * registrations) that hand it to the kernel; free() of a pinned allocation is deferred until the
 * last pin goes, so the kernel never writes into memory the allocator has handed back.
 */
export class Allocation {
  pins = 0;
  /** free() was called while it was pinned: it goes back to the allocator with its last pin. */
  freed = false;
  /**
   * The heap block it lies in, when that is larger (an alignment above the memory base's own:
   * see alloc()).
   */
  constructor(readonly offset: number, readonly size: number, readonly block = offset, readonly blockSize = size) {}
}

/** A view in ring memory: the allocation it lies in, its offset and length. */
export interface ViewSpan {
  readonly allocation: Allocation;
  readonly offset: number;
  readonly length: number;
}

/** The largest alignment alloc() honours (a power of two; the heap works in 32-bit offsets). */
const MAX_ALIGNMENT = 2 ** 30;

/** What new RingMemory() reserves and starts with. */
export interface RingMemoryOptions {
  /** The most the memory can ever hold (reserved address space, not RAM). Default 1 GiB. */
  maximumBytes?: number;
  /** What it starts with; grows on demand. Default 1 MiB. */
  initialBytes?: number;
}

/**
 * One shared WebAssembly.Memory that rings, their buffers and the structs SQEs point at live in,
 * with its allocator and the ring.wasm instance working in it. Several rings can share one.
 */
export class RingMemory {
  /** The WebAssembly.Memory itself (shared, fixed maximum). */
  readonly memory: WebAssembly.Memory;
  /** The process address of offset 0. */
  readonly base: number;
  /** The most the memory can grow to, in bytes. */
  readonly maximumBytes: number;
  /** @internal The ring.wasm instance working in this memory. */
  readonly wasm: RingWasm;
  /** The OS page size (ring regions and buffer rings are aligned to it). */
  readonly pageSize: number;

  /** Every SharedArrayBuffer object this memory has handed out (one per size it has had). */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  /** The newest of them: views of it are the common case, told apart without the WeakSet. */
  #buffer: ArrayBufferLike | null = null;
  /** Whether `buffer` is one of this memory's (see #buffers). */
  #owns(buffer: ArrayBufferLike | undefined): boolean {
    return buffer !== undefined && (buffer === this.#buffer || this.#buffers.has(buffer));
  }
  /** Live allocations (and freed ones still pinned) by offset. */
  readonly #allocations = new Map<number, Allocation>();
  /** The allocations sorted by offset, for finding the one a subarray lies in (kept in order as they come and go). */
  readonly #sorted: Allocation[] = [];
  /** The allocation the last subarray lookup found (subarrays of one region come in runs). */
  #lastFound: Allocation | null = null;
  /** Bytes whose free() waits for requests in flight, and bytes kept for good (see quarantine). */
  #deferredBytes = 0;
  #quarantinedBytes = 0;
  #u8!: Uint8Array;
  #f64!: Float64Array;
  #u32!: Uint32Array;
  #i32!: Int32Array;

  static #default: RingMemory | undefined;

  /** The memory rings use unless given another. */
  static get default(): RingMemory {
    RingMemory.#default ??= new RingMemory();
    return RingMemory.#default;
  }

  constructor(options?: RingMemoryOptions) {
    options = optionsArg(options);
    const maximumBytes = intArg(options.maximumBytes ?? 1 << 30, 'options.maximumBytes', WASM_PAGE, 2 ** 31);
    const initialBytes = intArg(options.initialBytes ?? 1 << 20, 'options.initialBytes', 0, maximumBytes);
    const maximum = Math.ceil(maximumBytes / WASM_PAGE);
    const initial = Math.min(maximum, Math.max(1, Math.ceil(initialBytes / WASM_PAGE)));
    this.memory = new WebAssembly.Memory({ initial, maximum, shared: true });
    this.maximumBytes = maximum * WASM_PAGE;
    this.#refresh();
    // The bridge goes to ring.wasm alone: it decides what the kernel may access through each
    // argument (assembly/api/register.ts), so JS never calls the raw imports.
    const bridge = host.createBridge(this.memory, this.#u8);
    if (!bridge) throw uringError('ERR_URING_BRIDGE', 'the host bridge could not bind the WebAssembly memory');
    this.pageSize = bridge.page_size();
    const instance = instantiate(ringModule(), bridge, this.memory, 'ring.wasm');
    this.wasm = instance.exports as unknown as RingWasm;
    this.wasm.init();
    this.#refresh();
    this.base = bridge.memory_base();
  }

  /** The whole memory as bytes (a fresh view after the memory grew). */
  get bytes(): Uint8Array {
    if (this.#u8.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#u8;
  }

  /** @internal The whole memory as f64s/u32s/i32s, for reading completion records. */
  get f64(): Float64Array {
    if (this.#f64.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#f64;
  }
  /** @internal */
  get u32(): Uint32Array {
    if (this.#u32.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#u32;
  }
  /** @internal */
  get i32(): Int32Array {
    if (this.#i32.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#i32;
  }

  #refresh(): void {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer);
    this.#buffer = buffer;
    this.#u8 = new Uint8Array(buffer);
    this.#f64 = new Float64Array(buffer);
    this.#u32 = new Uint32Array(buffer);
    this.#i32 = new Int32Array(buffer);
  }

  /**
   * `size` zeroed bytes in this memory, as a Uint8Array (aligned to `alignment`, default 64).
   * The kernel can read and write it through any ring in this memory. Give it back with free().
   */
  alloc(size: number, alignment = 64): Uint8Array {
    intArg(size, 'size', 0, 2 ** 31);
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > MAX_ALIGNMENT || (alignment & (alignment - 1)) !== 0) {
      if (typeof alignment !== 'number') throw invalidArgType('alignment', 'number', alignment);
      throw invalidArgValue('alignment', alignment, `must be a power of two from 1 to ${MAX_ALIGNMENT}`);
    }
    // The heap aligns offsets; an address is aligned only up to the base's own alignment (64 KiB
    // under V8, a page under Bun's JavaScriptCore). Past it, a larger block holds an aligned view.
    const low = this.base % 2 ** 32; // the base is a 47-bit address: its lowest set bit is in here or above
    const baseAlignment = low === 0 ? MAX_ALIGNMENT : Math.min(MAX_ALIGNMENT, (low & -low) >>> 0);
    const padded = alignment > baseAlignment;
    const blockSize = padded ? size + alignment : size;
    const blockAlignment = padded ? baseAlignment : alignment;
    let block = this.wasm.heap_alloc(blockSize, blockAlignment) >>> 0;
    if (block === 0 && this.#pooledBytes > 0) {
      this.#drainPool();
      block = this.wasm.heap_alloc(blockSize, blockAlignment) >>> 0;
    }
    const offset = padded && block !== 0 ? block + ((alignment - ((this.base + block) % alignment)) % alignment) : block;
    if (offset === 0) {
      throw errnoError(ENOMEM, 'alloc', {
        hint: `ring memory exhausted: ${size} bytes requested, maximum ${this.memory.buffer.byteLength} ` +
          `of at most ${this.maximumBytes} bytes already taken; create a RingMemory with a larger maximumBytes`,
      });
    }
    const a = new Allocation(offset, size, block, blockSize);
    this.#allocations.set(offset, a);
    this.#sorted.splice(this.#lastAtOrBefore(offset) + 1, 0, a);
    // The cached view's buffer reaches everything below its length (shared memory never moves);
    // only an allocation past it needs the grown buffer.
    if (offset + size > this.#u8.byteLength) this.#refresh();
    return new Uint8Array(this.#u8.buffer, offset, size);
  }

  // ─── Staging: ring memory an operation borrows for a moment ─────────────────────────────────
  // Operations that copy a caller's bytes through ring memory borrow and give back the same few
  // sizes over and over; a small pool of given-back views saves the allocator (and the view)
  // each time. Pooled bytes count as free: alloc() takes them back when it runs short, and so
  // does freeBytes before it counts.

  static readonly #POOL_MAX_BYTES = 16 << 20;
  static readonly #POOL_MAX_VIEW = 1 << 20;
  readonly #pool = new Map<number, Uint8Array[]>();
  #pooledBytes = 0;

  /** @internal `size` bytes of ring memory, not zeroed; give them back with giveBack(). */
  borrow(size: number): Uint8Array {
    const view = this.#pool.get(size)?.pop();
    if (!view) return this.alloc(size);
    this.#pooledBytes -= size;
    return view;
  }

  /** @internal Returns a view from borrow(). */
  giveBack(view: Uint8Array): void {
    const size = view.byteLength;
    if (size > RingMemory.#POOL_MAX_VIEW || this.#pooledBytes + size > RingMemory.#POOL_MAX_BYTES) {
      this.free(view);
      return;
    }
    let list = this.#pool.get(size);
    if (!list) this.#pool.set(size, (list = []));
    list.push(view);
    this.#pooledBytes += size;
  }

  #drainPool(): void {
    for (const list of this.#pool.values()) for (const view of list) this.free(view);
    this.#pool.clear();
    this.#pooledBytes = 0;
  }

  /**
   * Returns a view from alloc(); the same view, not a subarray of it. While a request in flight
   * still hands the kernel a view inside it (see Ring's prep* methods), the memory goes back to
   * the allocator only when that request has completed: the view is unusable at once, its bytes
   * stay the kernel's until then.
   */
  free(view: Uint8Array): void {
    if (!ArrayBuffer.isView(view)) throw notAView(view, 'view');
    const offset = this.offsetOf(view);
    const a = this.#allocations.get(offset);
    if (a === undefined || a.freed || a.size !== view.byteLength) {
      throw uringError('ERR_URING_BAD_FREE', a?.freed
        ? 'free() of a view already freed'
        : 'free() takes a view exactly as alloc() returned it');
    }
    if (a.pins > 0) {
      a.freed = true;
      this.#deferredBytes += a.size;
      return;
    }
    this.#release(a);
  }

  #release(a: Allocation): void {
    a.freed = true; // no longer live: a remembered span of it (spanOf) is looked up again
    this.#allocations.delete(a.offset);
    this.#sorted.splice(this.#lastAtOrBefore(a.offset), 1);
    if (this.#lastFound === a) this.#lastFound = null;
    this.wasm.heap_free(a.block, a.blockSize);
  }

  /** Bytes the allocator could hand out without growing the memory (pooled staging included). */
  get freeBytes(): number {
    this.#drainPool();
    return this.wasm.heap_free_bytes() >>> 0;
  }

  /**
   * Bytes handed out now: allocations, rings and what they hold (not the allocator's own
   * bookkeeping). Back to the same figure once everything taken since is given back.
   */
  get takenBytes(): number {
    return this.memory.buffer.byteLength - this.freeBytes - (this.wasm.heap_table_bytes() >>> 0);
  }

  /**
   * Bytes freed while requests in flight still used them (they go back to the allocator as
   * those complete), and, of those, bytes kept for good because a ring was closed before the
   * kernel let go of them (see Ring.close).
   */
  get deferredBytes(): number {
    return this.#deferredBytes;
  }
  /** Of deferredBytes, those kept for good: their ring was closed before the kernel let go of them. */
  get quarantinedBytes(): number {
    return this.#quarantinedBytes;
  }

  /** Whether `view` lies in a live allocation of this memory (the kernel may be handed it). */
  contains(view: ArrayBufferView): boolean {
    return ArrayBuffer.isView(view) && this.#owns(view.buffer) && this.allocationAt(view.byteOffset, view.byteLength) !== null;
  }

  /** @internal Whether `view` is a view of this memory's buffer (allocated or not). */
  ownsBuffer(view: ArrayBufferView): boolean {
    return ArrayBuffer.isView(view) && this.#owns(view.buffer);
  }

  /** The offset of `view` in this memory; throws when it lies elsewhere. */
  offsetOf(view: ArrayBufferView): number {
    if (!this.#owns(view?.buffer)) {
      if (!ArrayBuffer.isView(view)) throw notAView(view, 'view');
      throw foreign();
    }
    return view.byteOffset;
  }

  // ─── Pins: what requests in flight hand the kernel (for Ring) ────────────────────────────────

  /**
   * @internal The live allocation `view` lies in, for a request about to hand it to the kernel;
   * throws ERR_INVALID_ARG_TYPE for a non-view, ERR_URING_FOREIGN_BUFFER for a view elsewhere
   * or outside every live allocation (freed memory, the rings themselves).
   */
  allocationOf(view: ArrayBufferView, name: string): Allocation {
    if (this.#owns(view?.buffer)) {
      const a = this.#allocations.get(view.byteOffset);
      if (a !== undefined && !a.freed && view.byteLength <= a.size) return a;
    } else if (!ArrayBuffer.isView(view)) {
      throw notAView(view, name);
    } else {
      throw foreign(name);
    }
    const found = this.#find(view.byteOffset, view.byteLength);
    if (found === null) throw unallocated(name, view.byteOffset, view.byteLength);
    return found;
  }

  /**
   * @internal allocationOf for the prepare path, with the view's offset and length: remembered
   * per view while its allocation lives (a view's offset and length never change, and reading
   * them costs more than the lookup).
   */
  spanOf(view: ArrayBufferView, name: string): ViewSpan {
    const known = this.#spans.get(view);
    if (known !== undefined && !known.allocation.freed) return known;
    const allocation = this.allocationOf(view, name);
    const span: ViewSpan = { allocation, offset: view.byteOffset, length: view.byteLength };
    this.#spans.set(view, span);
    return span;
  }
  readonly #spans = new WeakMap<object, ViewSpan>();

  /**
   * @internal The live allocation that [offset, offset + length) lies in, or null: for what a
   * struct points at (an iovec's buffer, a msghdr's name).
   */
  allocationAt(offset: number, length: number): Allocation | null {
    const a = this.#allocations.get(offset);
    if (a !== undefined && !a.freed && length <= a.size) return a;
    return this.#find(offset, length);
  }

  /** The index in #sorted of the last allocation starting at or before `offset`, or -1. */
  #lastAtOrBefore(offset: number): number {
    const sorted = this.#sorted;
    let lo = 0;
    let hi = sorted.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]!.offset <= offset) {
        at = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return at;
  }

  #find(offset: number, length: number): Allocation | null {
    const last = this.#lastFound;
    if (last !== null && !last.freed && offset >= last.offset && offset + length <= last.offset + last.size) return last;
    const at = this.#lastAtOrBefore(offset);
    const sorted = this.#sorted;
    if (at < 0) return null;
    const a = sorted[at]!;
    if (a.freed || offset + length > a.offset + a.size) return null;
    this.#lastFound = a;
    return a;
  }

  /** @internal One more holder of `a`. */
  pin(a: Allocation): void {
    a.pins++;
  }

  /** @internal One holder fewer: a free() that waited for it completes now. */
  unpin(a: Allocation): void {
    if (--a.pins === 0 && a.freed) {
      this.#deferredBytes -= a.size;
      this.#release(a);
    }
  }

  /**
   * @internal The kernel may still write into `a` and nobody can tell when it stops (a ring
   * closed with requests the kernel had not finished): it never goes back to the allocator.
   */
  quarantine(a: Allocation): void {
    if (a.pins === Infinity) return;
    this.#quarantinedBytes += a.size;
    a.pins = Infinity;
  }

  // ─── Structs that SQEs point at (built by ring.wasm) ──────────────────────────────────────────

  /** A NUL-terminated copy of `text` (UTF-8), e.g. a path for OPENAT/STATX. */
  cString(text: string): Uint8Array {
    validateString(text, 'text');
    // The kernel reads up to the first NUL: an embedded one would name another path.
    if (text.includes('\0')) throw invalidArgValue('text', text, 'must be a string without null bytes');
    const encoded = new TextEncoder().encode(text);
    const view = this.alloc(encoded.length + 1);
    view.set(encoded);
    return view;
  }

  /** A struct iovec array describing `buffers` (all in live allocations of this memory). */
  iovecs(buffers: readonly ArrayBufferView[]): Uint8Array {
    arrayArg(buffers, 'buffers');
    buffers.forEach((b, i) => this.allocationOf(b, `buffers[${i}]`));
    const view = this.alloc(buffers.length * this.wasm.sizeof_iovec.value);
    const at = view.byteOffset;
    buffers.forEach((b, i) => this.wasm.iovec_set(at, i, b.byteOffset, b.byteLength));
    return view;
  }

  /** A struct __kernel_timespec of `ms` milliseconds (relative, or absolute with TIMEOUT_ABS). */
  timespec(ms: number): Uint8Array {
    validateNumber(ms, 'ms', 0, Number.MAX_SAFE_INTEGER);
    const view = this.alloc(this.wasm.sizeof___kernel_timespec.value);
    this.wasm.timespec_set(view.byteOffset, ms);
    return view;
  }

  /** A struct msghdr over an iovec array from iovecs(), with an optional address and control data. */
  msghdr(options: { iov: Uint8Array; name?: Uint8Array; control?: Uint8Array; flags?: number }): Uint8Array {
    validateObject(options, 'options');
    const { iov, name, control, flags = 0 } = options;
    this.allocationOf(iov, 'options.iov');
    const iovecSize = this.wasm.sizeof_iovec.value;
    if (iov.byteLength % iovecSize !== 0) {
      throw invalidArgValue('options.iov', iov, `must be an iovec array (memory.iovecs()): a multiple of ${iovecSize} bytes`);
    }
    if (name !== undefined) this.allocationOf(name, 'options.name');
    if (control !== undefined) this.allocationOf(control, 'options.control');
    i32Arg(flags, 'options.flags');
    const view = this.alloc(this.wasm.sizeof_msghdr.value);
    this.wasm.msghdr_set(view.byteOffset,
      name ? name.byteOffset : 0, name?.byteLength ?? 0,
      iov.byteOffset, iov.byteLength / iovecSize,
      control ? control.byteOffset : 0, control?.byteLength ?? 0,
      flags);
    return view;
  }

  /** A struct open_how for OPENAT2. */
  openHow(flags: number, mode = 0, resolve = 0): Uint8Array {
    // u64 fields; open flags given as an int (O_* | …) are taken as their unsigned bits.
    const bits = bits32Arg(flags, 'flags') >>> 0;
    u64Arg(mode, 'mode');
    u64Arg(resolve, 'resolve');
    const view = this.alloc(this.wasm.sizeof_open_how.value);
    this.wasm.open_how_set(view.byteOffset, bits, mode, resolve);
    return view;
  }

  /** Room for the struct statx that STATX fills. */
  statxBuffer(): Uint8Array {
    return this.alloc(this.wasm.sizeof_statx.value);
  }

  /** Decodes a struct statx filled by STATX. */
  readStatx(view: Uint8Array): StatxFields {
    const size = this.wasm.sizeof_statx.value;
    this.allocationOf(view, 'view');
    if (view.byteLength < size) throw viewTooSmall('view', view, size, 'struct statx');
    const at = view.byteOffset;
    const w = this.wasm;
    return {
      mask: w.statx_mask(at) >>> 0, mode: w.statx_mode(at), nlink: w.statx_nlink(at) >>> 0,
      uid: w.statx_uid(at) >>> 0, gid: w.statx_gid(at) >>> 0, ino: w.statx_ino(at),
      size: w.statx_size(at), blocks: w.statx_blocks(at), mtimeMs: w.statx_mtime_ms(at),
    };
  }

  /** A struct epoll_event for EPOLL_CTL. */
  epollEvent(events: number, data: number): Uint8Array {
    bits32Arg(events, 'events');
    u64Arg(data, 'data');
    const view = this.alloc(this.wasm.sizeof_epoll_event.value);
    this.wasm.epoll_event_set(view.byteOffset, events >>> 0, data);
    return view;
  }

  /** Room for `count` struct epoll_event, for EPOLL_WAIT to fill. */
  epollEvents(count: number): Uint8Array {
    const size = this.wasm.sizeof_epoll_event.value;
    intArg(count, 'count', 0, Math.floor(this.maximumBytes / size));
    return this.alloc(count * size);
  }

  /** The first `count` events EPOLL_WAIT wrote into `view` (count = the completion's res). */
  readEpollEvents(view: Uint8Array, count: number): {
    /** EPOLL* bits that happened. */
    events: number;
    /** The data the fd was registered with (EPOLL_CTL_ADD's epollEvent). */
    data: number;
  }[] {
    this.allocationOf(view, 'view');
    const room = Math.floor(view.byteLength / this.wasm.sizeof_epoll_event.value);
    u32Arg(count, 'count');
    if (count > room) throw countTooLarge('count', count, room, 'the events the view holds');
    const at = view.byteOffset;
    return Array.from({ length: count }, (_, i) => ({
      events: this.wasm.epoll_event_events(at, i) >>> 0,
      data: this.wasm.epoll_event_data(at, i),
    }));
  }

  /**
   * A struct futex_waitv array for FUTEX_WAITV: wait while each futex word (a view in this
   * memory, as large as its flags say: FUTEX2_SIZE_U32 is 4 bytes) holds its value. `flags`
   * default: a private 32-bit futex.
   */
  futexWaitv(futexes: { futex: ArrayBufferView; value: number; flags?: number }[]): Uint8Array {
    arrayArg(futexes, 'futexes');
    const c = this.wasm;
    const privateU32 = c.FUTEX2_SIZE_U32.value | c.FUTEX2_PRIVATE.value;
    futexes.forEach((entry, i) => {
      validateObject(entry, `futexes[${i}]`);
      const { futex, value, flags = privateU32 } = entry;
      this.allocationOf(futex, `futexes[${i}].futex`);
      u64Arg(value, `futexes[${i}].value`);
      u32Arg(flags, `futexes[${i}].flags`);
      const size = c.futex2_size(flags);
      if (futex.byteLength < size) throw viewTooSmall(`futexes[${i}].futex`, futex, size, 'the futex word its flags name');
    });
    const view = this.alloc(futexes.length * this.wasm.sizeof_futex_waitv.value, 8);
    futexes.forEach(({ futex, value, flags = privateU32 }, i) => {
      this.wasm.futex_waitv_set(view.byteOffset, i, value, futex.byteOffset, flags);
    });
    return view;
  }
}

/** A view of another memory (or another buffer altogether). */
function foreign(name?: string): Error {
  return uringError('ERR_URING_FOREIGN_BUFFER',
    `${name ? `"${name}": ` : ''}the buffer is not in this ring's memory: allocate it with ring.alloc() or memory.alloc()`);
}

/** A view of this memory that lies outside every live allocation. */
function unallocated(name: string, offset: number, length: number): Error {
  return uringError('ERR_URING_FOREIGN_BUFFER',
    `"${name}" (${length} bytes at offset ${offset} of the ring's memory) does not lie inside a live allocation: ` +
    'the kernel may only be handed memory from ring.alloc() or memory.alloc() that is not freed');
}

/** The fields of a struct statx that STATX filled (see ring.memory.readStatx). */
export interface StatxFields {
  /** STATX_* bits the kernel filled in. */
  mask: number;
  /** The file type and permission bits. */
  mode: number;
  /** How many hard links. */
  nlink: number;
  /** The owner's user id. */
  uid: number;
  /** The owner's group id. */
  gid: number;
  /** The inode number. */
  ino: number;
  /** The size in bytes. */
  size: number;
  /** 512-byte blocks taken. */
  blocks: number;
  /** Last change of the contents, in ms since the epoch. */
  mtimeMs: number;
}
