// Mirror placement for the FFI host (host/mirror.h explains it; this is the same protocol): the
// kernel's rings stay where the kernel mapped them, ring.wasm works on a copy in its memory, and
// each sync copies published SQEs out, then (after a full barrier) CQEs, the SQ head, flags and
// counters in. SQE and CQE bytes are copied, never read. Both copies are reached through
// ArrayBuffer views: the guest's over the shared memory, the kernel's over its mapping.

import {
  EINVAL, MAP_POPULATE, MAP_SHARED, PROT_READ, PROT_WRITE, SYS, type Libc,
} from './libc.js';

/** sizeof(struct io_uring_params): what io_uring_setup(2) reads and writes through its pointer. */
export const SETUP_PARAMS_SIZE = 120;

const IORING_OFF_SQ_RING = 0;
const IORING_OFF_CQ_RING = 0x8000000;
const IORING_OFF_SQES = 0x10000000;
const IORING_SETUP_SQE128 = 1 << 10;
const IORING_SETUP_CQE32 = 1 << 11;
const IORING_SETUP_NO_SQARRAY = 1 << 16;
const IORING_FEAT_SINGLE_MMAP = 1 << 0;

/** The fields of struct io_uring_params the mirror uses (offsets of struct io_uring_params). */
interface Params {
  sqEntries: number;
  cqEntries: number;
  flags: number;
  features: number;
  sq: { head: number; tail: number; ringMask: number; ringEntries: number; flags: number; dropped: number; array: number };
  cq: { head: number; tail: number; ringMask: number; ringEntries: number; overflow: number; cqes: number; flags: number };
}

function readParams(bytes: Uint8Array): Params {
  const v = new DataView(bytes.buffer, bytes.byteOffset, SETUP_PARAMS_SIZE);
  const u = (at: number) => v.getUint32(at, true);
  return {
    sqEntries: u(0), cqEntries: u(4), flags: u(8), features: u(20),
    sq: { head: u(40), tail: u(44), ringMask: u(48), ringEntries: u(52), flags: u(56), dropped: u(60), array: u(64) },
    cq: { head: u(80), tail: u(84), ringMask: u(88), ringEntries: u(92), overflow: u(96), cqes: u(100), flags: u(104) },
  };
}

/** One copy of the rings: word indexes into its Uint32Arrays and byte offsets of its arrays. */
interface Copy {
  sq: Uint32Array;
  cq: Uint32Array;
  sqBytes: Uint8Array;
  cqBytes: Uint8Array;
  sqes: Uint8Array;
  sqHead: number;
  sqTail: number;
  sqFlags: number;
  sqDropped: number;
  /** -1 with IORING_SETUP_NO_SQARRAY */
  sqArray: number;
  cqHead: number;
  cqTail: number;
  cqOverflow: number;
  /** -1 before Linux 5.8 (cq_off.flags == 0) */
  cqFlags: number;
  cqes: number;
}

/** The u32 index of the word at `offset` of `size` bytes, or -1 when it does not fit. */
function word(size: number, offset: number): number {
  return offset > size || size - offset < 4 || offset % 4 !== 0 ? -1 : offset / 4;
}

/** Whether `count` items of `item` bytes fit at `offset` of `size` bytes. */
function fits(size: number, offset: number, count: number, item: number): boolean {
  return offset <= size && Math.floor((size - offset) / item) >= count;
}

function words(bytes: Uint8Array): Uint32Array | null {
  return bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2) : null;
}

/** Locates the fields of one copy; null when one lies outside it. */
function locate(p: Params, sqBytes: Uint8Array, cqBytes: Uint8Array, sqes: Uint8Array, sqeSize: number, cqeSize: number): Copy | null {
  const sq = words(sqBytes);
  const cq = words(cqBytes);
  if (!sq || !cq) return null;
  const sqSize = sqBytes.byteLength;
  const cqSize = cqBytes.byteLength;
  const hasArray = (p.flags & IORING_SETUP_NO_SQARRAY) === 0;
  const copy: Copy = {
    sq, cq, sqBytes, cqBytes, sqes,
    sqHead: word(sqSize, p.sq.head),
    sqTail: word(sqSize, p.sq.tail),
    sqFlags: word(sqSize, p.sq.flags),
    sqDropped: word(sqSize, p.sq.dropped),
    sqArray: hasArray && p.sq.array % 4 === 0 && fits(sqSize, p.sq.array, p.sqEntries, 4) ? p.sq.array / 4 : -1,
    cqHead: word(cqSize, p.cq.head),
    cqTail: word(cqSize, p.cq.tail),
    cqOverflow: word(cqSize, p.cq.overflow),
    cqFlags: p.cq.flags ? word(cqSize, p.cq.flags) : -1,
    cqes: fits(cqSize, p.cq.cqes, p.cqEntries, cqeSize) ? p.cq.cqes : -1,
  };
  const ok = copy.sqHead >= 0 && copy.sqTail >= 0 && copy.sqFlags >= 0 && copy.sqDropped >= 0 &&
    (copy.sqArray >= 0 || !hasArray) && fits(sqes.byteLength, 0, p.sqEntries, sqeSize) &&
    copy.cqHead >= 0 && copy.cqTail >= 0 && copy.cqOverflow >= 0 && (copy.cqFlags >= 0 || !p.cq.flags) && copy.cqes >= 0;
  return ok ? copy : null;
}

/** A kernel mapping of the ring fd: its address, size and bytes. */
interface Mapping {
  address: number;
  size: number;
  bytes: Uint8Array;
}

export class Mirror {
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #sqEntries: number;
  readonly #cqEntries: number;
  readonly #sqeSize: number;
  readonly #cqeSize: number;
  readonly #guest: Copy;
  readonly #kernel: Copy;
  /** A u32 of the guest's shared memory: an Atomics operation on it is the full barrier. */
  readonly #fence: Int32Array;
  readonly #maps: Mapping[];
  // The kernel's SQ tail and the guest's CQ tail: we are the only writer of both.
  #sqTail = 0;
  #cqTail = 0;
  #released = false;

  private constructor(libc: Libc, fd: number, p: Params, sqeSize: number, cqeSize: number, guest: Copy, kernel: Copy, maps: Mapping[]) {
    this.#libc = libc;
    this.#fd = fd;
    this.#sqEntries = p.sqEntries;
    this.#cqEntries = p.cqEntries;
    this.#sqeSize = sqeSize;
    this.#cqeSize = cqeSize;
    this.#guest = guest;
    this.#kernel = kernel;
    this.#maps = maps;
    this.#fence = new Int32Array(guest.sq.buffer, guest.sq.byteOffset + guest.sqHead * 4, 1);
  }

  /**
   * Maps the rings of `fd` (described by `paramBytes` as io_uring_setup(2) returned them) and
   * ties them to the guest's copy in `sqRing`, `cqRing` (the same region under
   * IORING_FEAT_SINGLE_MMAP) and `sqes`, zeroed and at least as large as the kernel's. Writes the
   * rings' shape (masks, entries) into the guest's copy. A Mirror, or -errno.
   */
  static create(libc: Libc, fd: number, paramBytes: Uint8Array, sqRing: Uint8Array, cqRing: Uint8Array, sqes: Uint8Array): Mirror | number {
    const p = readParams(paramBytes);
    const sqeSize = p.flags & IORING_SETUP_SQE128 ? 128 : 64;
    const cqeSize = p.flags & IORING_SETUP_CQE32 ? 32 : 16;
    const single = (p.features & IORING_FEAT_SINGLE_MMAP) !== 0;
    const powerOfTwo = (n: number) => n !== 0 && (n & (n - 1)) === 0;
    if (!powerOfTwo(p.sqEntries) || !powerOfTwo(p.cqEntries)) return -EINVAL;
    // The sizes liburing maps (io_uring_mmap): the kernel refuses a mapping larger than its rings.
    let sqSize = p.sq.array + p.sqEntries * 4;
    let cqSize = p.cq.cqes + p.cqEntries * cqeSize;
    if (single) sqSize = cqSize = Math.max(sqSize, cqSize);
    const sqesSize = p.sqEntries * sqeSize;
    if (sqRing.byteLength < sqSize || cqRing.byteLength < cqSize || sqes.byteLength < sqesSize) return -EINVAL;

    const maps: Mapping[] = [];
    const unmapAll = () => {
      for (const m of maps) libc.munmap(m.address, m.size);
    };
    const map = (size: number, what: number): Mapping | number => {
      const address = libc.mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, what);
      if (address < 0) return address;
      const m = { address, size, bytes: new Uint8Array(libc.bytesAt(address, size)) };
      maps.push(m);
      return m;
    };
    const ksq = map(sqSize, IORING_OFF_SQ_RING);
    if (typeof ksq === 'number') return ksq;
    const kcq = single ? ksq : map(cqSize, IORING_OFF_CQ_RING);
    if (typeof kcq === 'number') return unmapAll(), kcq;
    const ksqes = map(sqesSize, IORING_OFF_SQES);
    if (typeof ksqes === 'number') return unmapAll(), ksqes;

    const kernel = locate(p, ksq.bytes, kcq.bytes, ksqes.bytes, sqeSize, cqeSize);
    const guest = locate(p, sqRing.subarray(0, sqSize), cqRing.subarray(0, cqSize), sqes.subarray(0, sqesSize), sqeSize, cqeSize);
    if (!kernel || !guest) return unmapAll(), -EINVAL;
    // The shape words, as the kernel wrote them in its mapping (the params are the guest's to
    // change, the mapping is not).
    const shape = [
      [word(sqSize, p.sq.ringMask), word(sqSize, p.sq.ringEntries), p.sqEntries, kernel.sq, guest.sq],
      [word(cqSize, p.cq.ringMask), word(cqSize, p.cq.ringEntries), p.cqEntries, kernel.cq, guest.cq],
    ] as const;
    for (const [mask, entries, expected, k] of shape) {
      if (mask < 0 || entries < 0 || k[entries] !== expected) return unmapAll(), -EINVAL;
    }
    for (const [mask, entries, , k, g] of shape) {
      g[mask] = k[mask];
      g[entries] = k[entries];
    }
    const mirror = new Mirror(libc, fd, p, sqeSize, cqeSize, guest, kernel, maps);
    mirror.#sqTail = Atomics.load(kernel.sq, kernel.sqTail);
    mirror.#cqTail = Atomics.load(kernel.cq, kernel.cqTail);
    Atomics.store(guest.sq, guest.sqTail, mirror.#sqTail);
    Atomics.store(guest.cq, guest.cqHead, Atomics.load(kernel.cq, kernel.cqHead));
    mirror.#copyState();
    return mirror;
  }

  /** Unmaps the kernel's rings (before the fd is closed); the mirror is unusable after. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const m of this.#maps) this.#libc.munmap(m.address, m.size);
  }

  /** Both copies up to date: submissions out, a full barrier, completions and state in. */
  sync(): void {
    if (this.#released) return;
    this.#copySubmissions();
    // A sequentially consistent read-modify-write on shared memory is a full barrier (SQPOLL
    // reads the tail, and NEED_WAKEUP is read after it).
    Atomics.add(this.#fence, 0, 0);
    this.#copyCompletions();
    this.#copyState();
  }

  /** io_uring_enter(2) between two syncs. The kernel's result or -errno. */
  enter(toSubmit: number, minComplete: number, flags: number, arg: number, argsz: number): number {
    this.sync();
    const ret = this.#libc.syscall(SYS.io_uring_enter, this.#fd, toSubmit, minComplete, flags, arg, argsz);
    this.sync();
    return ret;
  }

  // SQEs the guest published since the last call go to the same slots of the kernel's SQ, then
  // the kernel's tail moves. At most as many as the kernel's SQ has room for.
  #copySubmissions(): void {
    const g = this.#guest;
    const k = this.#kernel;
    const guestTail = Atomics.load(g.sq, g.sqTail);
    const room = this.#sqEntries - ((this.#sqTail - Atomics.load(k.sq, k.sqHead)) >>> 0);
    let n = (guestTail - this.#sqTail) >>> 0;
    if (n > room) n = room;
    if (n === 0) return;
    const mask = this.#sqEntries - 1;
    const size = this.#sqeSize;
    for (let i = 0; i < n; i++) {
      const slot = (this.#sqTail + i) & mask;
      let index = slot;
      if (g.sqArray >= 0) {
        index = g.sq[g.sqArray + slot];
        k.sq[k.sqArray + slot] = index; // out of range: the kernel drops it and counts it
      }
      if (index < this.#sqEntries) k.sqes.set(g.sqes.subarray(index * size, index * size + size), index * size);
    }
    this.#sqTail = (this.#sqTail + n) >>> 0;
    Atomics.store(k.sq, k.sqTail, this.#sqTail);
  }

  // The guest's CQ head frees the kernel's slots; CQEs the kernel posted since the last call go
  // to the same slots of the guest's CQ, then the guest's tail moves.
  #copyCompletions(): void {
    const g = this.#guest;
    const k = this.#kernel;
    Atomics.store(k.cq, k.cqHead, Atomics.load(g.cq, g.cqHead));
    const tail = Atomics.load(k.cq, k.cqTail);
    let n = (tail - this.#cqTail) >>> 0;
    if (n === 0) return;
    if (n > this.#cqEntries) n = this.#cqEntries; // only a guest that moved its head past its tail
    const mask = this.#cqEntries - 1;
    const size = this.#cqeSize;
    for (let i = (tail - n) >>> 0; i !== tail; i = (i + 1) >>> 0) {
      const at = k.cqes + (i & mask) * size;
      g.cqBytes.set(k.cqBytes.subarray(at, at + size), g.cqes + (i & mask) * size);
    }
    this.#cqTail = tail;
    Atomics.store(g.cq, g.cqTail, tail);
  }

  // The kernel's SQ head (read after the CQ tail), flags and counters to the guest; the guest's
  // CQ flags to the kernel.
  #copyState(): void {
    const g = this.#guest;
    const k = this.#kernel;
    Atomics.store(g.sq, g.sqHead, Atomics.load(k.sq, k.sqHead));
    Atomics.store(g.sq, g.sqFlags, Atomics.load(k.sq, k.sqFlags));
    Atomics.store(g.sq, g.sqDropped, Atomics.load(k.sq, k.sqDropped));
    Atomics.store(g.cq, g.cqOverflow, Atomics.load(k.cq, k.cqOverflow));
    if (k.cqFlags >= 0) Atomics.store(k.cq, k.cqFlags, Atomics.load(g.cq, g.cqFlags));
  }
}
