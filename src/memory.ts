// RingMemory: one shared WebAssembly.Memory, the ring.wasm instance working in it, and the bridge
// bound to it. Rings, their SQEs and CQEs, I/O buffers and the structs SQEs point at all live
// here; several rings can share one memory (and pass buffers between them).
//
// The memory is shared with a fixed maximum so it never moves: the kernel pins pages of it and
// writes into them while the ring lives. Allocation is ring.wasm's (assembly/heap.ts).

import { addon, type Bridge } from './native.js';
import { errnoError, uringError } from './errors.js';
import { ringModule, type RingWasm } from './wasm.js';

const WASM_PAGE = 65536;

export interface RingMemoryOptions {
  /** The most the memory can ever hold (reserved address space, not RAM). Default 1 GiB. */
  maximumBytes?: number;
  /** What it starts with; grows on demand. Default 1 MiB. */
  initialBytes?: number;
}

export class RingMemory {
  /** The WebAssembly.Memory itself (shared, fixed maximum). */
  readonly memory: WebAssembly.Memory;
  /** The process address of offset 0. */
  readonly base: number;
  /** The most the memory can grow to, in bytes. */
  readonly maximumBytes: number;
  /** @internal The ring.wasm instance working in this memory. */
  readonly wasm: RingWasm;
  /** @internal The host functions it imports, bound to this memory. */
  readonly bridge: Bridge;

  /** Every SharedArrayBuffer object this memory has handed out (one per size it has had). */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  /** Live allocations: offset → size asked for. */
  readonly #allocations = new Map<number, number>();
  #u8!: Uint8Array;
  #u32!: Uint32Array;
  #i32!: Int32Array;

  static #default: RingMemory | undefined;

  /** The memory rings use unless given another. */
  static get default(): RingMemory {
    RingMemory.#default ??= new RingMemory();
    return RingMemory.#default;
  }

  constructor(options: RingMemoryOptions = {}) {
    const maximumBytes = options.maximumBytes ?? 1 << 30;
    const initialBytes = options.initialBytes ?? 1 << 20;
    if (!Number.isInteger(maximumBytes) || maximumBytes < WASM_PAGE || maximumBytes > 2 ** 31) {
      throw new RangeError(`maximumBytes must be an integer from 64 KiB to 2 GiB, got ${maximumBytes}`);
    }
    const maximum = Math.ceil(maximumBytes / WASM_PAGE);
    const initial = Math.min(maximum, Math.max(1, Math.ceil(initialBytes / WASM_PAGE)));
    this.memory = new WebAssembly.Memory({ initial, maximum, shared: true });
    this.maximumBytes = maximum * WASM_PAGE;
    this.#refresh();
    const bridge = addon.createBridge(this.memory, this.#u8);
    if (!bridge) throw uringError('ERR_URING_BRIDGE', 'the host bridge could not bind the WebAssembly memory');
    this.bridge = bridge;
    const instance = new WebAssembly.Instance(ringModule(), {
      uring: bridge as unknown as WebAssembly.ModuleImports,
      env: { memory: this.memory, abort: wasmAbort },
    });
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

  /** @internal The whole memory as u32s/i32s, for reading CQE records. */
  get u32(): Uint32Array {
    if (this.#u32.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#u32;
  }
  get i32(): Int32Array {
    if (this.#i32.byteLength !== this.memory.buffer.byteLength) this.#refresh();
    return this.#i32;
  }

  #refresh(): void {
    const buffer = this.memory.buffer;
    this.#buffers.add(buffer);
    this.#u8 = new Uint8Array(buffer);
    this.#u32 = new Uint32Array(buffer);
    this.#i32 = new Int32Array(buffer);
  }

  /**
   * `size` zeroed bytes in this memory, as a Uint8Array (aligned to `alignment`, default 64).
   * The kernel can read and write it through any ring in this memory. Give it back with free().
   */
  alloc(size: number, alignment = 64): Uint8Array {
    if (!Number.isInteger(size) || size < 0 || size > 2 ** 31) {
      throw new RangeError(`size must be an integer from 0 to 2 GiB, got ${size}`);
    }
    if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
      throw new RangeError(`alignment must be a power of two, got ${alignment}`);
    }
    let offset = this.wasm.heap_alloc(size, alignment) >>> 0;
    if (offset === 0 && this.#pooledBytes > 0) {
      this.#drainPool();
      offset = this.wasm.heap_alloc(size, alignment) >>> 0;
    }
    if (offset === 0) {
      throw errnoError(-12, 'alloc', {
        hint: `ring memory exhausted: ${size} bytes requested, maximum ${this.memory.buffer.byteLength} ` +
          `of at most ${this.maximumBytes} bytes already taken; create a RingMemory with a larger maximumBytes`,
      });
    }
    this.#allocations.set(offset, size);
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

  /** Returns a view from alloc(); the same view, not a subarray of it. */
  free(view: Uint8Array): void {
    const offset = this.offsetOf(view);
    const size = this.#allocations.get(offset);
    if (size === undefined || size !== view.byteLength) {
      throw uringError('ERR_URING_BAD_FREE', 'free() takes a view exactly as alloc() returned it');
    }
    this.#allocations.delete(offset);
    this.wasm.heap_free(offset, size);
  }

  /** Bytes the allocator could hand out without growing the memory (pooled staging included). */
  get freeBytes(): number {
    this.#drainPool();
    return this.wasm.heap_free_bytes() >>> 0;
  }

  /** Whether `view` lies in this memory. */
  contains(view: ArrayBufferView): boolean {
    return this.#buffers.has(view.buffer);
  }

  /** The offset of `view` in this memory; throws when it lies elsewhere. */
  offsetOf(view: ArrayBufferView): number {
    if (!this.#buffers.has(view.buffer)) {
      throw uringError('ERR_URING_FOREIGN_BUFFER',
        'the buffer is not in this ring\'s memory: allocate it with ring.alloc() or memory.alloc()');
    }
    return view.byteOffset;
  }

  // ─── Structs that SQEs point at (built by ring.wasm) ──────────────────────────────────────────

  /** A NUL-terminated copy of `text` (UTF-8), e.g. a path for OPENAT/STATX. */
  cString(text: string): Uint8Array {
    const encoded = new TextEncoder().encode(text);
    const view = this.alloc(encoded.length + 1);
    view.set(encoded);
    return view;
  }

  /** A struct iovec array describing `buffers` (all in this memory). */
  iovecs(buffers: readonly Uint8Array[]): Uint8Array {
    const view = this.alloc(buffers.length * this.wasm.sizeof_iovec.value);
    const at = view.byteOffset;
    buffers.forEach((b, i) => this.wasm.iovec_set(at, i, this.offsetOf(b), b.byteLength));
    return view;
  }

  /** A struct __kernel_timespec of `ms` milliseconds (relative, or absolute with TIMEOUT_ABS). */
  timespec(ms: number): Uint8Array {
    const view = this.alloc(this.wasm.sizeof___kernel_timespec.value);
    const sec = Math.floor(ms / 1000);
    this.wasm.timespec_set(view.byteOffset, sec, Math.round((ms - sec * 1000) * 1e6));
    return view;
  }

  /** A struct msghdr over an iovec array from iovecs(), with an optional address and control data. */
  msghdr(options: { iov: Uint8Array; name?: Uint8Array; control?: Uint8Array; flags?: number }): Uint8Array {
    const view = this.alloc(this.wasm.sizeof_msghdr.value);
    const count = options.iov.byteLength / this.wasm.sizeof_iovec.value;
    this.wasm.msghdr_set(view.byteOffset,
      options.name ? this.offsetOf(options.name) : 0, options.name?.byteLength ?? 0,
      this.offsetOf(options.iov), count,
      options.control ? this.offsetOf(options.control) : 0, options.control?.byteLength ?? 0,
      options.flags ?? 0);
    return view;
  }

  /** A struct open_how for OPENAT2. */
  openHow(flags: number, mode = 0, resolve = 0): Uint8Array {
    const view = this.alloc(this.wasm.sizeof_open_how.value);
    this.wasm.open_how_set(view.byteOffset, flags, mode, resolve);
    return view;
  }

  /** Room for the struct statx that STATX fills. */
  statxBuffer(): Uint8Array {
    return this.alloc(this.wasm.sizeof_statx.value);
  }

  /** Decodes a struct statx filled by STATX. */
  readStatx(view: Uint8Array): StatxFields {
    const at = this.offsetOf(view);
    const w = this.wasm;
    return {
      mask: w.statx_mask(at) >>> 0, mode: w.statx_mode(at), nlink: w.statx_nlink(at) >>> 0,
      uid: w.statx_uid(at) >>> 0, gid: w.statx_gid(at) >>> 0, ino: w.statx_ino(at),
      size: w.statx_size(at), blocks: w.statx_blocks(at), mtimeMs: w.statx_mtime_ms(at),
    };
  }

  /** A struct epoll_event for EPOLL_CTL. */
  epollEvent(events: number, data: number): Uint8Array {
    const view = this.alloc(this.wasm.sizeof_epoll_event.value);
    this.wasm.epoll_event_set(view.byteOffset, events, data);
    return view;
  }

  /** Room for `count` struct epoll_event, for EPOLL_WAIT to fill. */
  epollEvents(count: number): Uint8Array {
    return this.alloc(count * this.wasm.sizeof_epoll_event.value);
  }

  /** The first `count` events EPOLL_WAIT wrote into `view` (count = the completion's res). */
  readEpollEvents(view: Uint8Array, count: number): { events: number; data: number }[] {
    const at = this.offsetOf(view);
    return Array.from({ length: count }, (_, i) => ({
      events: this.wasm.epoll_event_events(at, i) >>> 0,
      data: this.wasm.epoll_event_data(at, i),
    }));
  }

  /**
   * A struct futex_waitv array for FUTEX_WAITV: wait while each futex word (a 4-byte view in
   * this memory) holds its value. `flags` default: a private 32-bit futex.
   */
  futexWaitv(futexes: { futex: ArrayBufferView; value: number; flags?: number }[]): Uint8Array {
    const view = this.alloc(futexes.length * this.wasm.sizeof_futex_waitv.value, 8);
    const c = this.wasm;
    const privateU32 = c.FUTEX2_SIZE_U32.value | c.FUTEX2_PRIVATE.value;
    futexes.forEach(({ futex, value, flags = privateU32 }, i) => {
      this.wasm.futex_waitv_set(view.byteOffset, i, value, this.offsetOf(futex), flags);
    });
    return view;
  }
}

/** The fields of a struct statx that STATX filled (see ring.memory.readStatx). */
export interface StatxFields {
  /** STATX_* bits the kernel filled in. */
  mask: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  ino: number;
  size: number;
  blocks: number;
  mtimeMs: number;
}

/** env.abort of AssemblyScript debug builds: a failed assertion inside ring.wasm. */
function wasmAbort(): never {
  throw uringError('ERR_URING_WASM_ABORT', 'ring.wasm aborted (assertion failed)');
}
