// A ring driven by hand through the bridge, without ring.wasm: set up in one of the three
// placements, its SQEs written and its CQEs read here, byte by byte, so that each check can see
// exactly what the host did with each copy of the rings.

import { constants } from '../constants.js';
import { errnoName, type Arena } from './support.js';

export const PLACEMENTS = ['user-memory', 'fixed-mmap', 'mirror'] as const;
export type Placement = (typeof PLACEMENTS)[number];

// Linux ABI values, as ring.wasm defines them (assembly/abi/constants.ts).
export const {
  IORING_SETUP_R_DISABLED,
  IORING_SETUP_SQE128,
  IORING_SETUP_CQE32,
  IORING_SETUP_NO_MMAP,
  IORING_SETUP_NO_SQARRAY,
  IORING_FEAT_SINGLE_MMAP,
  IORING_FEAT_NODROP,
  IORING_OFF_SQ_RING,
  IORING_OFF_CQ_RING,
  IORING_OFF_SQES,
  IORING_ENTER_GETEVENTS,
  IORING_SQ_CQ_OVERFLOW,
  IORING_OP_NOP,
  IORING_OP_READ,
  IORING_OP_WRITE,
  IORING_REGISTER_FILES,
  IORING_UNREGISTER_FILES,
  IORING_REGISTER_PROBE,
  IORING_REGISTER_ENABLE_RINGS,
  IORING_REGISTER_MEM_REGION,
} = constants;
export const PARAMS_SIZE = 120;
/** struct io_uring_probe with room for 256 ops: what IORING_REGISTER_PROBE may write. */
export const PROBE_SIZE = 16 + 8 * 256;

/** Offsets in struct io_uring_params. */
const SQ_OFF = 40;
const CQ_OFF = 80;
const SQ = { head: 0, tail: 4, ring_mask: 8, ring_entries: 12, flags: 16, dropped: 20, array: 24, user_addr: 32 } as const;
const CQ = { head: 0, tail: 4, ring_mask: 8, ring_entries: 12, overflow: 16, cqes: 20, flags: 24, user_addr: 32 } as const;

/** A placement the kernel (or the host) refused: which call answered which errno. */
export interface Refusal {
  readonly call: string;
  readonly errno: number;
}

export function describe(r: Refusal): string {
  return `${r.call} answered -${errnoName(r.errno)}`;
}

export interface RawRingOptions {
  entries?: number;
  flags?: number;
  /** Mirror: called with the params' offset after setup, before ring_mirror (the guest changing them). */
  beforeMirror?: (params: number) => void;
  /** Mirror: bytes of the guest's ring region instead of the kernel's ring size. */
  ringBytes?: number;
}

export interface Cqe {
  userData: number;
  res: number;
  flags: number;
}

const pageAlign = (n: number, page: number) => Math.ceil(n / page) * page;

export class RawRing {
  readonly arena: Arena;
  readonly placement: Placement;
  readonly fd: number;
  /** The mirror handle (mirror placement), else 0. */
  readonly handle: number;
  /** The params as the kernel wrote them at setup (a copy: the guest's may change). */
  readonly params: DataView;
  readonly paramsAt: number;
  readonly sqRing: number;
  readonly cqRing: number;
  readonly sqes: number;
  readonly sqEntries: number;
  readonly cqEntries: number;
  readonly sqeSize: number;
  readonly cqeSize: number;
  /** The kernel's sizes of the SQ ring, CQ ring (the same region under SINGLE_MMAP) and SQE array. */
  readonly sizes: { sq: number; cq: number; sqes: number; single: boolean };
  #tail: number;

  private constructor(arena: Arena, placement: Placement, fd: number, handle: number, paramsAt: number, params: DataView,
    sqRing: number, cqRing: number, sqes: number, sizes: RawRing['sizes']) {
    this.arena = arena;
    this.placement = placement;
    this.fd = fd;
    this.handle = handle;
    this.paramsAt = paramsAt;
    this.params = params;
    this.sqRing = sqRing;
    this.cqRing = cqRing;
    this.sqes = sqes;
    this.sizes = sizes;
    this.sqEntries = params.getUint32(0, true);
    this.cqEntries = params.getUint32(4, true);
    const flags = params.getUint32(8, true);
    this.sqeSize = flags & IORING_SETUP_SQE128 ? 128 : 64;
    this.cqeSize = flags & IORING_SETUP_CQE32 ? 32 : 16;
    this.#tail = this.sqTail;
  }

  /** Sets up a ring of `entries` (default 4) in `placement`, or says who refused it. */
  static create(arena: Arena, placement: Placement, options: RawRingOptions = {}): RawRing | Refusal {
    const { entries = 4, flags = 0 } = options;
    const page = arena.pageSize;
    const w = arena.wasm;
    const paramsAt = arena.alloc(PARAMS_SIZE, 8);
    const v = arena.view;
    let userRings = 0;
    let userSqes = 0;
    if (placement === 'user-memory') {
      // Before setup, regions for what the kernel will need (well under these for small rings).
      userRings = arena.pages(4);
      userSqes = arena.pages(4);
      v.setUint32(paramsAt + 8, flags | IORING_SETUP_NO_MMAP, true);
      v.setBigUint64(paramsAt + SQ_OFF + SQ.user_addr, BigInt(arena.base + userSqes), true);
      v.setBigUint64(paramsAt + CQ_OFF + CQ.user_addr, BigInt(arena.base + userRings), true);
    } else {
      v.setUint32(paramsAt + 8, flags, true);
    }
    const fd = w.io_uring_setup(entries, paramsAt);
    if (fd < 0) return { call: 'io_uring_setup', errno: fd };
    const params = new DataView(arena.read(paramsAt, PARAMS_SIZE).buffer);
    const setupFlags = params.getUint32(8, true);
    const cqeSize = setupFlags & IORING_SETUP_CQE32 ? 32 : 16;
    const sqeSize = setupFlags & IORING_SETUP_SQE128 ? 128 : 64;
    const single = (params.getUint32(20, true) & IORING_FEAT_SINGLE_MMAP) !== 0;
    // The sizes liburing maps (io_uring_mmap).
    let sq = params.getUint32(SQ_OFF + SQ.array, true) + params.getUint32(0, true) * 4;
    let cq = params.getUint32(CQ_OFF + CQ.cqes, true) + params.getUint32(4, true) * cqeSize;
    if (single) sq = cq = Math.max(sq, cq);
    const sizes = { sq, cq, sqes: params.getUint32(0, true) * sqeSize, single };
    const refuse = (call: string, errno: number): Refusal => {
      w.close(fd);
      return { call, errno };
    };
    if (placement === 'user-memory') {
      if (sizes.cq > 4 * page || sizes.sq > 4 * page || sizes.sqes > 4 * page) return refuse('(the regions are too small)', -22);
      return new RawRing(arena, placement, fd, 0, paramsAt, params, userRings, userRings, userSqes, sizes);
    }
    const sqBytes = pageAlign(options.ringBytes ?? sizes.sq, page);
    const cqBytes = pageAlign(options.ringBytes ?? sizes.cq, page);
    const sqesBytes = pageAlign(sizes.sqes, page);
    const sqRing = arena.alloc(sqBytes, page);
    const cqRing = single ? sqRing : arena.alloc(cqBytes, page);
    const sqes = arena.alloc(sqesBytes, page);
    if (placement === 'fixed-mmap') {
      let ret = w.ring_map(fd, IORING_OFF_SQ_RING, sqRing, sqBytes);
      if (ret === 0 && !single) ret = w.ring_map(fd, IORING_OFF_CQ_RING, cqRing, cqBytes);
      if (ret === 0) ret = w.ring_map(fd, IORING_OFF_SQES, sqes, sqesBytes);
      if (ret !== 0) {
        w.ring_unmap(sqRing, sqBytes);
        if (!single) w.ring_unmap(cqRing, cqBytes);
        w.ring_unmap(sqes, sqesBytes);
        return refuse('ring_map', ret);
      }
      return new RawRing(arena, placement, fd, 0, paramsAt, params, sqRing, cqRing, sqes, sizes);
    }
    options.beforeMirror?.(paramsAt);
    const handle = w.ring_mirror(fd, sqRing, sqBytes, cqRing, single ? sqBytes : cqBytes, sqes, sqesBytes);
    if (handle <= 0) return refuse('ring_mirror', handle);
    return new RawRing(arena, placement, fd, handle, paramsAt, params, sqRing, cqRing, sqes, sizes);
  }

  /** The offset in the memory of sq_off.`field` / cq_off.`field` in this side's copy. */
  sqField(field: keyof typeof SQ): number {
    return this.sqRing + this.params.getUint32(SQ_OFF + SQ[field], true);
  }
  cqField(field: keyof typeof CQ): number {
    return this.cqRing + this.params.getUint32(CQ_OFF + CQ[field], true);
  }

  get sqHead(): number { return this.arena.u32(this.sqField('head')); }
  get sqTail(): number { return this.arena.u32(this.sqField('tail')); }
  get sqFlags(): number { return this.arena.u32(this.sqField('flags')); }
  get sqDropped(): number { return this.arena.u32(this.sqField('dropped')); }
  get cqHead(): number { return this.arena.u32(this.cqField('head')); }
  get cqTail(): number { return this.arena.u32(this.cqField('tail')); }
  get cqOverflow(): number { return this.arena.u32(this.cqField('overflow')); }
  get noSqArray(): boolean { return (this.params.getUint32(8, true) & IORING_SETUP_NO_SQARRAY) !== 0; }

  /** Writes an SQE into the next slot (not yet published); its SQ array entry names it. */
  prep(sqe: { opcode: number; fd?: number; off?: number; addr?: number; len?: number; userData: number }): number {
    const slot = this.#tail & (this.sqEntries - 1);
    const at = this.sqes + slot * this.sqeSize;
    const v = this.arena.view;
    this.arena.fill(at, this.sqeSize, 0);
    v.setUint8(at, sqe.opcode);
    v.setInt32(at + 4, sqe.fd ?? -1, true);
    v.setBigUint64(at + 8, BigInt(sqe.off ?? 0), true);
    v.setBigUint64(at + 16, BigInt(sqe.addr ?? 0), true);
    v.setUint32(at + 24, sqe.len ?? 0, true);
    v.setBigUint64(at + 32, BigInt(sqe.userData), true);
    if (!this.noSqArray) this.arena.setU32(this.sqField('array') + slot * 4, slot);
    this.#tail = (this.#tail + 1) >>> 0;
    return slot;
  }

  /** Publishes what prep() wrote: the SQ tail of this side's copy moves. */
  publish(): void {
    this.arena.setU32(this.sqField('tail'), this.#tail);
  }

  /** io_uring_enter, through the mirror when there is one (from Wasm). */
  enter(toSubmit: number, minComplete: number, flags: number, arg = 0, argsz = 0): number {
    return this.handle
      ? this.arena.wasm.mirror_enter(this.handle, toSubmit, minComplete, flags, arg, argsz)
      : this.arena.wasm.io_uring_enter(this.fd, toSubmit, minComplete, flags, arg, argsz);
  }

  /** mirror_sync on a mirrored ring; nothing to do otherwise. */
  sync(): number {
    return this.handle ? this.arena.wasm.mirror_sync(this.handle) : 0;
  }

  /** The CQEs between this side's CQ head and tail (not consumed). */
  cqes(): Cqe[] {
    const v = this.arena.view;
    const out: Cqe[] = [];
    const mask = this.cqEntries - 1;
    const cqes = this.cqField('cqes');
    for (let i = this.cqHead; i !== this.cqTail; i = (i + 1) >>> 0) {
      const at = cqes + (i & mask) * this.cqeSize;
      out.push({ userData: Number(v.getBigUint64(at, true)), res: v.getInt32(at + 8, true), flags: v.getUint32(at + 12, true) });
    }
    return out;
  }

  /** The CQEs waiting, consumed: this side's CQ head moves past them. */
  reap(): Cqe[] {
    const got = this.cqes();
    this.arena.setU32(this.cqField('head'), (this.cqHead + got.length) >>> 0);
    return got;
  }

  /**
   * Publishes, enters to submit `n`, and reaps until `n` CQEs came, entering with GETEVENTS
   * (and no minimum: a host that loses completions fails here rather than hanging) for at
   * most `ms`. What enter answered and what came.
   */
  complete(n: number, ms = 2000): { entered: number; cqes: Cqe[] } {
    this.publish();
    const entered = this.enter(n, 0, 0);
    const deadline = Date.now() + ms;
    while (this.cqes().length < n && Date.now() < deadline) {
      this.enter(0, 0, IORING_ENTER_GETEVENTS);
      if (this.cqes().length < n) sleep(1);
    }
    return { entered, cqes: this.reap() };
  }

  /** mirror_release (mirror) and close: both results, 0 when all went well. */
  destroy(): number {
    const released = this.handle ? this.arena.wasm.mirror_release(this.handle) : 0;
    const closed = this.arena.wasm.close(this.fd);
    return released || closed;
  }
}

const nap = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` milliseconds (a futex wait: the kernel runs pending task work). */
export function sleep(ms: number): void {
  Atomics.wait(nap, 0, 0, ms);
}

/** Whether RawRing.create refused. */
export function isRefusal(r: RawRing | Refusal): r is Refusal {
  return !(r instanceof RawRing);
}
