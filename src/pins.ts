// Pins: a request holds the allocations its views lie in (and those its structs point at) from
// its prep* call to its final completion (reap() lets go of them before calling the handler).
// free() of a held allocation is deferred until then, so the kernel never writes into memory
// handed out again. Pins go by userData: requests sharing one are let go together, when all of
// them (those with views, and those without prepared while it was held) have completed. Not
// seen: a request with IOSQE_CQE_SKIP_SUCCESS that succeeds (it posts nothing: its pins stay
// until the ring closes), and a message another ring posts with the same userData (it counts as
// a completion).

import { Allocation, type RingMemory } from './memory.js';

/** One userData's requests in flight and the allocations they hold (more than one request, or views). */
class PinGroup {
  constructor(public requests: number, readonly views: Allocation[]) {}
}
type Held = Allocation | readonly Allocation[];

/** Slots of the pin table's array (see PinTable): a power of two. */
const SLOTS = 1024;
/**
 * A userData's slot: its low bits. `&` takes them from any integer below 2^53 (ToInt32 keeps the
 * value mod 2^32), where `%` on a double that large costs an fmod.
 */
const slotOf = (userData: number): number => userData & (SLOTS - 1);

/**
 * userData → what its requests in flight hold. A userData goes to the array slot its low bits
 * name (no hashing, no rehash churn: the Promise API's userData differ there, slot by slot);
 * one whose slot is taken by another userData goes to a Map.
 */
class PinTable {
  readonly #keys: number[] = new Array<number>(SLOTS).fill(-1);
  readonly #values: (Allocation | PinGroup | undefined)[] = new Array<Allocation | PinGroup | undefined>(SLOTS).fill(undefined);
  readonly #large = new Map<number, Allocation | PinGroup>();
  size = 0;

  get(userData: number): Allocation | PinGroup | undefined {
    const i = slotOf(userData);
    if (this.#keys[i] === userData) return this.#values[i];
    return this.#large.size === 0 ? undefined : this.#large.get(userData);
  }

  /** Adds `userData` (not in the table). */
  add(userData: number, held: Allocation | PinGroup): void {
    this.size++;
    const i = slotOf(userData);
    if (this.#keys[i] === -1) {
      this.#keys[i] = userData;
      this.#values[i] = held;
    } else {
      this.#large.set(userData, held);
    }
  }

  /** Replaces what `userData` (in the table) holds. */
  replace(userData: number, held: Allocation | PinGroup): void {
    const i = slotOf(userData);
    if (this.#keys[i] === userData) this.#values[i] = held;
    else this.#large.set(userData, held);
  }

  delete(userData: number): void {
    this.size--;
    const i = slotOf(userData);
    if (this.#keys[i] === userData) {
      this.#keys[i] = -1;
      this.#values[i] = undefined;
    } else {
      this.#large.delete(userData);
    }
  }

  *entries(): IterableIterator<[number, Allocation | PinGroup]> {
    for (let i = 0; i < SLOTS; i++) {
      if (this.#keys[i] !== -1) yield [this.#keys[i]!, this.#values[i]!];
    }
    yield* this.#large;
  }

  clear(): void {
    this.#keys.fill(-1);
    this.#values.fill(undefined);
    this.#large.clear();
    this.size = 0;
  }
}
const NO_VIEWS: readonly Allocation[] = Object.freeze([]);

export class Pins {
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

  constructor(private readonly memory: RingMemory, private readonly wasm: RingMemory['wasm']) {}

  /** Call once the ring's SQ exists, and after it changed (resize). */
  sqShapeChanged(h: number): void {
    this.#sqes = this.wasm.ring_sqes(h);
    this.#sqeShift = Math.log2(this.wasm.ring_sqe_size(h));
    const n = this.wasm.ring_sq_entries(h);
    this.#slotGeneration = new Array<number>(n).fill(0);
    this.#slotUserData = new Array<number>(n).fill(0);
    this.#slotHeld = new Array<Held | undefined>(n).fill(undefined);
    this.#generation++;
  }

  /** Call before anything that publishes the prepared SQEs (submit, resize): their slot records end. */
  published(): void {
    this.#generation++;
  }

  /** Whether any request in flight holds views (reap() then lets go of them). */
  get holding(): boolean {
    return this.#pins.size !== 0;
  }

  /** Whether requests that may post several completions have been prepared on this ring. */
  get multiCqe(): boolean {
    return this.#multiCqe;
  }

  /** The request being prepared may post several completions (multishot, zero-copy sends). */
  multi(): void {
    this.#multiCqe = true;
  }

  /** A final completion for `userData`: one of its requests has ended. */
  completed(userData: number): void {
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
  discardPrepared(h: number): number {
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
  heldUserData(): number[] {
    return [...this.#pins.entries()].map(([userData]) => userData);
  }

  /** Everything still held: by requests the kernel has (by userData) and for the ring's life. */
  heldAllocations(): Allocation[] {
    const out: Allocation[] = [...this.#kept];
    for (const [, held] of this.#pins.entries()) {
      if (held instanceof Allocation) out.push(held);
      else out.push(...held.views);
    }
    return out;
  }

  /** Lets go of (or quarantines) everything still held: the ring is gone. */
  releaseAll(quarantine: boolean): void {
    for (const a of this.heldAllocations()) {
      if (quarantine) this.memory.quarantine(a);
      else this.memory.unpin(a);
    }
    this.#pins.clear();
    this.#kept.length = 0;
  }

  /** `a` stays held until the ring closes (the kernel keeps provided buffers). */
  keep(a: Allocation): void {
    a.pins++;
    this.#kept.push(a);
  }

  /** A request with one view was queued as `sqe`. */
  hold1(userData: number, sqe: number, a: Allocation): number {
    a.pins++;
    const held = this.#pins.get(userData);
    if (held === undefined) this.#pins.add(userData, a);
    else this.#join(userData, held, 1, a);
    this.#record(sqe, userData, a);
    return sqe;
  }

  /** A request with several views (some may be null) was queued as `sqe`. */
  holdN(userData: number, sqe: number, views: (Allocation | null)[]): number {
    const list: Allocation[] = [];
    for (const a of views) {
      if (a !== null) {
        a.pins++;
        list.push(a);
      }
    }
    if (list.length === 0) return this.viewless(userData, sqe);
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
  viewless(userData: number, sqe: number): number {
    if (this.#pins.size === 0) return sqe;
    const held = this.#pins.get(userData);
    if (held !== undefined) {
      this.#join(userData, held, 1);
      this.#record(sqe, userData, NO_VIEWS);
    }
    return sqe;
  }

  /** A prepared SQE takes another userData: what it holds moves with it. */
  retag(sqe: number, userData: number): void {
    const slot = (sqe - this.#sqes) >>> this.#sqeShift;
    if (this.#slotGeneration[slot] !== this.#generation) {
      this.viewless(userData, sqe);
      return;
    }
    const from = this.#slotUserData[slot]!;
    if (from === userData) return;
    const held = this.#slotHeld[slot]!;
    this.#detach(from, held);
    const to = this.#pins.get(userData);
    const views = held instanceof Allocation ? [held] : [...held];
    if (to === undefined) this.#pins.add(userData, views.length === 1 ? views[0]! : new PinGroup(1, views));
    else this.#join(userData, to, 1, ...views);
    this.#slotUserData[slot] = userData;
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
}
