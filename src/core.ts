// What the parts of a Ring share: the ring.wasm instance and memory, the ring's handle, its SQ
// size, the pins of its requests and the checks of its views. Ring (ring.ts) owns one; its
// prep*, SQE-adjusting and register methods (generated/prepare.ts, sqe.ts, register.ts) reach it
// as this[kCore] and know nothing else of Ring.

import { uringError } from './errors.js';
import type { RingMemory } from './memory.js';
import { Pins } from './pins.js';
import { ViewChecks } from './views.js';

/** Where a Ring keeps its core and its Registrar (not part of the API). */
export const kCore = Symbol('wasm-uring.core');
export const kRegistrar = Symbol('wasm-uring.registrar');

export class RingCore {
  readonly wasm: RingMemory['wasm'];
  readonly pins: Pins;
  readonly views: ViewChecks;
  /** The ring's Wasm handle; 0 once closed. */
  #handle: number;
  sqEntries: number;
  cqEntries: number;

  constructor(readonly memory: RingMemory, handle: number, readonly fd: number) {
    this.wasm = memory.wasm;
    this.#handle = handle;
    this.sqEntries = this.wasm.ring_sq_entries(handle);
    this.cqEntries = this.wasm.ring_cq_entries(handle);
    this.pins = new Pins(memory, this.wasm);
    this.views = new ViewChecks(memory, this.wasm, this);
    this.pins.sqShapeChanged(handle);
  }

  get closed(): boolean {
    return this.#handle === 0;
  }

  /** The ring's Wasm handle; throws once the ring is closed. */
  handle(): number {
    if (this.#handle === 0) throw uringError('ERR_URING_CLOSED', 'the ring is closed');
    return this.#handle;
  }

  /** Marks the ring closed; returns the handle it had (0 if it was closed already). */
  takeHandle(): number {
    const h = this.#handle;
    this.#handle = 0;
    return h;
  }

  /** The SQ changed shape (resize): new sizes, new slot records. */
  resized(): void {
    const h = this.handle();
    this.sqEntries = this.wasm.ring_sq_entries(h);
    this.cqEntries = this.wasm.ring_cq_entries(h);
    this.pins.sqShapeChanged(h);
  }

  /** An SQE handle from a queue_* export, or the SQ-full error. */
  sqe(sqe: number): number {
    if (sqe === 0) {
      throw uringError('ERR_URING_SQ_FULL',
        `the submission queue is full (${this.sqEntries} entries): submit() before preparing more`);
    }
    return sqe;
  }
}
