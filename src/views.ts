// The checks of the views prep* methods take: each must lie in the ring's memory, in a live
// allocation, and hold what the kernel will use through it (struct sizes, counts × entry sizes,
// NUL-terminated strings, what an iovec array, msghdr or futex_waitv array points at). Each
// returns the allocation(s) the request then holds (src/pins.ts). The argument kinds of
// assembly/opcodes.js map onto these.

import { constants } from './constants.js';
import { uringError } from './errors.js';
import type { Allocation, RingMemory, ViewSpan } from './memory.js';
import { countTooLarge, shownView, u32Arg, viewTooSmall } from './arguments.js';
import { invalidArgType, invalidArgValue, outOfRange } from './validate.js';

/** madvise(2) advice that only hints: the rest may drop or change pages, so they need whole pages. */
const HINT_ADVICE = new Set([constants.MADV_NORMAL, constants.MADV_RANDOM, constants.MADV_SEQUENTIAL, constants.MADV_WILLNEED]);

export class ViewChecks {
  constructor(
    private readonly memory: RingMemory,
    private readonly wasm: RingMemory['wasm'],
    private readonly ring: { handle(): number },
  ) {}

  /** The allocation `view` lies in (it must be in the ring's memory, in a live allocation). */
  view(view: ArrayBufferView, name: string): Allocation {
    return this.memory.allocationOf(view, name);
  }

  /** As view(), with the view's offset and length (see RingMemory.spanOf). */
  span(view: ArrayBufferView, name: string): ViewSpan {
    return this.memory.spanOf(view, name);
  }

  /** As view(); null (NULL) is allowed. */
  optional(view: ArrayBufferView | null | undefined, name: string): Allocation | null {
    return view === null || view === undefined ? null : this.memory.allocationOf(view, name);
  }

  /** A view the kernel uses `need` bytes of (a struct). */
  room(view: ArrayBufferView, name: string, need: number, what: string): Allocation {
    const a = this.memory.allocationOf(view, name);
    if (view.byteLength < need) throw viewTooSmall(name, view, need, what);
    return a;
  }

  /** A path or name the kernel reads up to its NUL: the NUL must lie inside the view. */
  cString(view: ArrayBufferView, name: string): Allocation {
    const a = this.memory.allocationOf(view, name);
    const bytes = view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (bytes.indexOf(0) < 0) {
      throw invalidArgValue(name, shownView(view),
        'must be NUL-terminated (memory.cString() makes one): the kernel reads it up to its NUL');
    }
    return a;
  }

  /** An array of `count` entries of `size` bytes the kernel fills. */
  entries(view: ArrayBufferView, count: number, size: number, viewName: string, countName: string, what: string): Allocation {
    const a = this.memory.allocationOf(view, viewName);
    this.#fits(view, count, size, viewName, countName, what);
    return a;
  }

  /** An iovec array and the buffers its first `count` entries describe. */
  iovecs(iovecs: Uint8Array, count: number, name = 'iovecs', countName = 'count'): (Allocation | null)[] {
    const views: (Allocation | null)[] = [this.view(iovecs, name)];
    this.#fits(iovecs, count, this.wasm.sizeof_iovec.value, name, countName, 'iovecs');
    this.#iovecTargets(iovecs.byteOffset, count, name, views);
    return views;
  }

  /** A struct msghdr and everything it points at (name, the iovecs and their buffers, control). */
  msghdr(msghdr: Uint8Array): (Allocation | null)[] {
    const w = this.wasm;
    const views: (Allocation | null)[] = [this.room(msghdr, 'msghdr', w.sizeof_msghdr.value, 'struct msghdr')];
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
  futex(futex: ArrayBufferView, futex2Flags: number): Allocation {
    return this.room(futex, 'futex', this.wasm.futex2_size(futex2Flags), 'the futex word futex2Flags names');
  }

  /** A futex_waitv array of `count` entries and every futex word they point at. */
  waitv(waitv: Uint8Array, count: number): (Allocation | null)[] {
    const w = this.wasm;
    const views: (Allocation | null)[] = [this.view(waitv, 'waitv')];
    this.#fits(waitv, count, w.sizeof_futex_waitv.value, 'waitv', 'count', 'futex_waitv entries');
    for (let i = 0; i < count; i++) {
      const address = w.futex_waitv_uaddr(waitv.byteOffset, i);
      const size = w.futex2_size(w.futex_waitv_flags(waitv.byteOffset, i));
      views.push(this.#target(address, size, () => `waitv[${i}].uaddr`));
    }
    return views;
  }

  /** A sockaddr the kernel fills: `len` (a socklen_t) says how much of `addr` it may (both nullable). */
  peer(addr: Uint8Array | null, len: Uint8Array | null, addrName = 'addr', lenName = 'addrlen'): (Allocation | null)[] {
    const a = this.optional(addr, addrName);
    const socklen = this.wasm.size_of_socklen();
    const l = len === null || len === undefined ? null : this.room(len, lenName, socklen, 'a socklen_t');
    if (a !== null) {
      if (l === null) throw invalidArgType(lenName, ['Uint8Array'], len);
      const room = this.wasm.socklen_get(len!.byteOffset) >>> 0;
      if (room > addr!.byteLength) {
        throw invalidArgValue(lenName, room,
          `must not exceed the ${addr!.byteLength} bytes of "${addrName}" (the kernel writes up to that many)`);
      }
    }
    return [a, l];
  }

  /** An Int32Array of fds in ring memory, at least `min` long. */
  fds(fds: Int32Array, min: number): Allocation {
    if (!(fds instanceof Int32Array)) throw invalidArgType('fds', ['Int32Array'], fds);
    const a = this.memory.allocationOf(fds, 'fds');
    if (fds.length < min) throw viewTooSmall('fds', fds, min * 4, `${min} ints`);
    return a;
  }

  /**
   * madvise(2)'s range. Advice that may drop or change pages needs whole pages: the kernel
   * rounds the length up to one, which would reach bytes past the view.
   */
  madviseRange(range: Uint8Array, advice: number): Allocation {
    const a = this.view(range, 'range');
    if (!HINT_ADVICE.has(advice)) {
      const page = this.memory.pageSize;
      if (range.byteLength % page !== 0 || (this.memory.base + range.byteOffset) % page !== 0) {
        throw invalidArgValue('range', shownView(range),
          `must be whole pages (${page} bytes, page-aligned) for advice ${advice}: the kernel acts on every page it touches`);
      }
    }
    return a;
  }

  /** `count` buffers of `size` bytes carved from `buffers` (PROVIDE_BUFFERS). */
  provided(buffers: Uint8Array, size: number, count: number): Allocation {
    const a = this.view(buffers, 'buffers');
    if (size * count > buffers.byteLength) {
      throw countTooLarge('count', count, Math.floor(buffers.byteLength / size), `the buffers of ${size} bytes "buffers" holds`);
    }
    return a;
  }

  /** EPOLL_CTL's struct epoll_event: required unless `op` is EPOLL_CTL_DEL. */
  epollEvent(event: Uint8Array | null, op: number): Allocation | null {
    if (op === constants.EPOLL_CTL_DEL && (event === null || event === undefined)) return null;
    if (event === null || event === undefined) throw invalidArgType('event', ['Uint8Array'], event);
    return this.room(event, 'event', this.wasm.sizeof_epoll_event.value, 'struct epoll_event');
  }

  /** URING_CMD's command bytes: copied into the SQE now (nothing is held), as many as it has room for. */
  command(cmd: Uint8Array | null, wide: boolean): void {
    if (cmd === null || cmd === undefined) return;
    this.view(cmd, 'cmd');
    const room = this.wasm.ring_uring_cmd_room(this.ring.handle(), wide);
    if (cmd.byteLength > room) {
      throw outOfRange('cmd.byteLength', `<= ${room} (the SQE's command bytes; IORING_SETUP_SQE128 gives 80)`, cmd.byteLength);
    }
  }

  /** `count` entries of `size` bytes must fit `view`. */
  #fits(view: ArrayBufferView, count: number, size: number, viewName: string, countName: string, what: string): void {
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
}
