// One request as the Promise API runs it: what it borrows from ring memory, the SQE it queues,
// and what its completion means. AsyncRing (promises/ring.ts) builds these in operations.ts and
// runs them through the Engine (promises/engine.ts), which owns when each step happens:
//
//   hold(memory)      the request waits in JS for SQ room: snapshot the bytes it will write
//   acquire(memory)   ring memory for paths, structs, staging copies (may throw: nothing queued,
//                     and release() then gives back whatever it had borrowed before it threw)
//   queue(ring, ud)   writes the SQE through ring.wasm's encoders (never fails: space is checked)
//   more(res, flags)  each completion with IORING_CQE_F_MORE (multishot requests)
//   complete(res, flags) → value: the final completion, when it succeeded (otherwise the Engine
//                     rejects with an error like Node's: code, errno, syscall, path)
//   discard(res)      instead of complete() when it succeeded after all but was aborted
//   release(memory)   after the final completion, or after a failed acquire() (so it must cope
//                     with a partial acquire)
//
// On a kernel that lacks what `needs` names, an operation with a fallback() runs that instead
// of queue(): acquire(memory), fallback(memory) → the plain syscall's result or -errno (through
// ring.wasm's sys_* exports, ABI version 2), then complete()/the error and release(), as if the
// kernel had posted that result. The engine decides once per ring (engine.supports).

import type { RingMemory } from '../memory.js';
import type { Ring } from '../ring.js';
import { closeRawFd } from '../raw-fd.js';

/**
 * One request as the Engine runs it, resolving to `T`: what operations.ts makes, and what
 * Chain.add() takes. The steps are called in the order the comment at the top of this file gives.
 */
export interface Operation<T> {
  /** Called when the request must wait for SQ room: keep a private copy of what it writes. */
  hold?(memory: RingMemory): void;
  /** Borrows the ring memory it needs (paths, structs, staging copies); may throw: nothing was queued. */
  acquire?(memory: RingMemory): void;
  /** Prepares its SQE on `ring` with `userData`; returns the SQE's handle (for setSqeFlags). */
  queue(ring: Ring, userData: number): number;
  /** Each completion with IORING_CQE_F_MORE (a multishot request's results before the last). */
  more?(res: number, flags: number): void;
  /** The final completion, when it succeeded: what the Promise resolves to. */
  complete(res: number, flags: number): T;
  /** The request succeeded although it was aborted (the cancel came too late): undo what can
   * be undone, e.g. close the fd it produced. */
  discard?(res: number): void;
  /** Gives back what acquire() borrowed (after the final completion, or a failed acquire). */
  release?(memory: RingMemory): void;
  /** What Node would name in an error: 'read', 'open', 'stat'… */
  readonly syscall: string;
  /** The path an error names, when the operation has one. */
  readonly path?: string;
  /** The second path of rename/link. */
  readonly dest?: string;
  /** Whether a result is a success; default res ≥ 0 (a timeout's -ETIME is its success). */
  readonly succeeded?: (res: number) => boolean;
  /** For opcodes newer than Linux 5.8: the IORING_OP_ number and the version that brought it (NEEDS.<entry> of the opcode table). */
  readonly needs?: readonly [opcode: number, linux: string];
  /** What `needs` is, for messages, when more than its opcode: 'IORING_OP_URING_CMD SOCKET_URING_OP_SETSOCKOPT'. */
  readonly feature?: string;
  /**
   * Where the kernel lacks `needs`: the same request as the plain syscall, run now (after
   * acquire()), through ring.wasm's sys_* exports; returns its result or -errno, which then
   * settles the request as a completion would.
   */
  fallback?(memory: RingMemory): number;
}

/** "read", "open '/etc/hosts'": what an operation was, for messages. */
export function describe(op: Operation<unknown>): string {
  return op.path === undefined ? op.syscall : `${op.syscall} '${op.path}'`;
}

/**
 * A caller's bytes as the kernel gets them. A view in the ring's memory is used in place (zero
 * copy; the prep call then checks that it lies in a live allocation, ERR_URING_FOREIGN_BUFFER
 * otherwise: a freed buffer is never written through); any other Buffer/TypedArray is staged:
 * copied into ring memory before a write, copied back after a read. The caller's view stays referenced until the completion, and the kernel only
 * ever sees the staging copy, so a caller who drops or reuses theirs cannot corrupt anything.
 */
export class Staged {
  /** The bytes the SQE points at. */
  view: Uint8Array = NO_BYTES;
  #copy: Uint8Array | null = null;
  #source: Uint8Array;

  /** `source`: the caller's bytes, offset and length already applied (see operations.ts). */
  constructor(source: Uint8Array = NO_BYTES) {
    this.#source = source;
  }

  /** For reuse: stages `source` next (nothing may be borrowed: release() came first). */
  reset(source: Uint8Array): void {
    this.#source = source;
    this.view = NO_BYTES;
    this.#copy = null;
  }

  /**
   * For a write that has to wait before acquire(): a private copy of the caller's bytes, so what
   * is written is what they held at the call (views in this ring's memory are the caller's to
   * keep; any other memory, a worker's SharedArrayBuffer included, is snapshotted).
   */
  hold(memory: RingMemory): void {
    // new Uint8Array(view) copies; a Buffer's slice() would not.
    if (!memory.ownsBuffer(this.#source)) this.#source = new Uint8Array(this.#source);
  }

  /** Puts the bytes in ring memory; `fill` copies the caller's bytes in (for writes). */
  acquire(memory: RingMemory, fill: boolean): void {
    if (memory.ownsBuffer(this.#source)) {
      this.view = this.#source;
      return;
    }
    this.#copy = memory.borrow(this.#source.byteLength);
    if (fill) this.#copy.set(this.#source);
    this.view = this.#copy;
  }

  /** Copies the first `count` bytes the kernel wrote back to the caller's view (for reads). */
  copyBack(count: number): void {
    const copy = this.#copy;
    if (copy === null || count <= 0) return;
    this.#source.set(count >= copy.byteLength ? copy : copy.subarray(0, count));
  }

  release(memory: RingMemory): void {
    if (this.#copy) memory.giveBack(this.#copy);
    this.#copy = null;
  }
}

const NO_BYTES = new Uint8Array(0);

/** discard() for operations whose result is a new fd: nobody will take it, so close it. */
export function closeUnwanted(fd: number): void {
  closeRawFd(fd);
}
