// Registering resources with a ring: every io_uring_register(2) operation as a method, named
// after liburing's (registerFilesSparse ↔ io_uring_register_files_sparse), each calling one
// ring.wasm export. A Ring has one Registrar over its core and delegates these methods to it.
// Failures throw like Node's system errors, naming the register opcode and the Linux version
// that brought it (an older kernel answers EINVAL).

import { constants } from './constants.js';
import { EINVAL, ENOMEM } from './errno.js';
import { errnoError, uringError } from './errors.js';
import type { Allocation, RingMemory } from './memory.js';
import { kRegistrar, type RingCore } from './core.js';
import {
  arrayArg, i32Arg, intArg, optionsArg, u16Arg, u32Arg, u64Arg, u8Arg, userDataArg,
} from './arguments.js';
import { invalidArgType, invalidArgValue, validateBoolean, validateFd, validateNumber, validateObject } from './validate.js';

/** One rule of registerRestrictions(). */
export type Restriction =
  | {
    /** An IORING_REGISTER_* opcode the ring may still be registered with. */
    registerOp: number;
  }
  | {
    /** An IORING_OP_* opcode SQEs may have. */
    sqeOp: number;
  }
  | {
    /** The IOSQE_* flags SQEs may carry. */
    sqeFlagsAllowed: number;
  }
  | {
    /** The IOSQE_* flags every SQE must carry. */
    sqeFlagsRequired: number;
  };

/** What setupBufferRing() makes: the group, its size and flags. */
export interface BufferRingOptions {
  /** The buffer group (bgid) buffer-select requests name. */
  group: number;
  /** Entries: a power of two up to 32768. */
  entries: number;
  /** IOU_PBUF_RING_INC: a buffer may be consumed in parts (6.12). */
  flags?: number;
}

/** Which requests cancelSync() cancels (io_uring_register_sync_cancel). */
export interface SyncCancelTarget {
  /** Match requests by user_data (the default match). */
  userData?: number;
  /** Match requests on this fd (IORING_ASYNC_CANCEL_FD; a fixed-file slot with IORING_ASYNC_CANCEL_FD_FIXED). */
  fd?: number;
  /** Match requests of this opcode (IORING_ASYNC_CANCEL_OP, 6.6). */
  opcode?: number;
  /** More IORING_ASYNC_CANCEL_* flags: ALL (every match), ANY (every request), FD_FIXED. */
  flags?: number;
  /** How long to wait for the cancelled requests to complete; default: as long as it takes. */
  timeoutMs?: number;
}

/** The highest CPU number registerIowqAffinity takes (its mask is 8 KiB then). */
const MAX_CPU = 65535;

/** A register call's result, or the error naming what was attempted and since when it exists. */
export function registered(ret: number, what: string, since?: string): number {
  if (ret >= 0) return ret;
  let hint = what;
  if (ret === ENOMEM) {
    hint += ': registered memory is pinned and counts against RLIMIT_MEMLOCK (ulimit -l) without CAP_IPC_LOCK';
  } else if (ret === EINVAL && since) {
    hint += ` needs Linux ${since} or later; on such a kernel EINVAL means invalid arguments`;
  }
  throw errnoError(ret, 'io_uring_register', { hint });
}

/** Registrar members for Ring and BufferRing only: not delegated, not part of the API. */
export const REGISTRAR_INTERNALS = [
  'core', 'memory', 'wasm', 'handle', 'registered', 'heldAllocations', 'releaseAll', 'waitArgOffset', 'waitArgHasTimeout', 'releaseWaitRegion',
  'forgetBufferRing', 'unregisterBufferRing', 'bufferRingHead',
] as const;

export class Registrar {
  constructor(readonly core: RingCore) {}

  private get memory(): RingMemory { return this.core.memory; }
  private get wasm(): RingMemory['wasm'] { return this.core.wasm; }
  private handle(): number { return this.core.handle(); }
  private registered(ret: number, what: string, since?: string): number { return registered(ret, what, since); }

  // ─── Buffers ─────────────────────────────────────────────────────────────────────────────────

  /**
   * io_uring_register_buffers(_tags): registers buffers for prepReadFixed/prepWriteFixed (index =
   * position). With `tags` (5.13), a completion {userData: tag, res: 0} is posted when the kernel
   * lets go of a buffer (after unregistering or replacing it, once requests using it are done).
   */
  registerBuffers(buffers: readonly Uint8Array[], tags?: readonly number[]): void {
    const h = this.handle();
    const held = this.#bufferViews(buffers, false) as Allocation[];
    this.#withIovecs(buffers, (iovecs) => {
      if (!tags) {
        this.registered(this.wasm.ring_register_buffers(h, iovecs, buffers.length), 'IORING_REGISTER_BUFFERS');
        return;
      }
      this.#withTags(tags, buffers.length, (at) => this.registered(
        this.wasm.ring_register_buffers_tags(h, iovecs, at, buffers.length), 'IORING_REGISTER_BUFFERS2', '5.13'));
    });
    this.#setRegistered(held);
  }
  /** io_uring_register_buffers_sparse: `count` empty slots, for updateBuffers (5.19). */
  registerBuffersSparse(count: number): void {
    const h = this.handle();
    u32Arg(count, 'count');
    this.registered(this.wasm.ring_register_buffers_sparse(h, count), 'IORING_REGISTER_BUFFERS2 (sparse)', '5.19');
    this.#setRegistered(new Array<Allocation | null>(Math.min(count, 1 << 16)).fill(null));
  }
  /**
   * io_uring_register_buffers_update_tag: replaces slots from `offset` (null empties a slot);
   * returns how many were updated (5.13).
   */
  updateBuffers(offset: number, buffers: readonly (Uint8Array | null)[], tags?: readonly number[]): number {
    const h = this.handle();
    u32Arg(offset, 'offset');
    const held = this.#bufferViews(buffers, true);
    const updated = this.#withIovecs(buffers, (iovecs) => this.#withTags(tags, buffers.length, (at) => this.registered(
      this.wasm.ring_register_buffers_update_tag(h, offset, iovecs, at, buffers.length),
      'IORING_REGISTER_BUFFERS_UPDATE', '5.13')));
    for (let i = 0; i < updated; i++) {
      const old = this.#registeredBuffers[offset + i];
      const now = held[i] ?? null;
      if (now) this.memory.pin(now);
      this.#registeredBuffers[offset + i] = now;
      if (old) this.memory.unpin(old);
    }
    return updated;
  }
  /** io_uring_unregister_buffers: drops every registered buffer (they are held no more). */
  unregisterBuffers(): void {
    this.registered(this.wasm.ring_unregister_buffers(this.handle()), 'IORING_UNREGISTER_BUFFERS');
    this.#setRegistered([]);
  }

  /**
   * io_uring_clone_buffers(_offset): copies `source`'s registered buffers into this ring: all of
   * them, or `count` from `sourceOffset` to `offset`; `replace` drops ours first (6.12; ranges and
   * replace 6.13). Both rings must live in the same process.
   */
  cloneBuffers(source: { fd: number }, options: { sourceOffset?: number; offset?: number; count?: number; replace?: boolean } = {}): void {
    const h = this.handle();
    if (source === null || typeof source !== 'object') throw invalidArgType('source', ['Ring'], source);
    i32Arg(source.fd, 'source.fd');
    const { sourceOffset = 0, offset = 0, count = 0, replace = false } = optionsArg(options);
    u32Arg(sourceOffset, 'options.sourceOffset');
    u32Arg(offset, 'options.offset');
    u32Arg(count, 'options.count');
    validateBoolean(replace, 'options.replace');
    const flags = replace ? constants.IORING_REGISTER_DST_REPLACE : 0;
    this.registered(this.wasm.ring_clone_buffers(h, source.fd, flags, sourceOffset, offset, count),
      'IORING_REGISTER_CLONE_BUFFERS', count ? '6.13' : '6.12');
    // The clone names the same memory: held here too, while this ring has it registered.
    const other = (source as { [kRegistrar]?: unknown })[kRegistrar];
    if (other instanceof Registrar && other.core.memory === this.memory) {
      const from = other.#registeredBuffers;
      const n = count || from.length;
      const table = replace ? [] : this.#registeredBuffers.slice();
      for (let i = 0; i < n; i++) {
        const a = from[sourceOffset + i] ?? null;
        if (a) this.memory.pin(a);
        const old = table[offset + i];
        table[offset + i] = a;
        if (old) this.memory.unpin(old);
      }
      if (replace) for (const a of this.#registeredBuffers) if (a) this.memory.unpin(a);
      this.#registeredBuffers = table;
    }
  }

  /** The registered buffers' allocations by slot: held while registered. */
  #registeredBuffers: (Allocation | null)[] = [];

  #setRegistered(table: (Allocation | null)[]): void {
    for (const a of table) if (a) this.memory.pin(a);
    for (const a of this.#registeredBuffers) if (a) this.memory.unpin(a);
    this.#registeredBuffers = table;
  }

  /** The allocations of buffers to register (null entries allowed for updates), checked. */
  #bufferViews(buffers: readonly (Uint8Array | null)[], nulls: boolean): (Allocation | null)[] {
    arrayArg(buffers, 'buffers');
    return buffers.map((b, i) => (nulls && b === null ? null : this.memory.allocationOf(b!, `buffers[${i}]`)));
  }

  // ─── Files ───────────────────────────────────────────────────────────────────────────────────

  /**
   * io_uring_register_files(_tags): registers files for IOSQE_FIXED_FILE and direct descriptors
   * (index = position; -1 leaves a slot empty). `tags` as for registerBuffers (5.13).
   */
  registerFiles(fds: readonly number[], tags?: readonly number[]): void {
    this.handle();
    this.#withFds(fds, (at) => {
      if (!tags) {
        this.registered(this.wasm.ring_register_files(this.handle(), at, fds.length), 'IORING_REGISTER_FILES');
        return;
      }
      this.#withTags(tags, fds.length, (tagsAt) => this.registered(
        this.wasm.ring_register_files_tags(this.handle(), at, tagsAt, fds.length), 'IORING_REGISTER_FILES2', '5.13'));
    });
  }
  /** io_uring_register_files_sparse: a table of `count` empty slots (5.19). */
  registerFilesSparse(count: number): void {
    u32Arg(count, 'count');
    this.registered(this.wasm.ring_register_files_sparse(this.handle(), count), 'IORING_REGISTER_FILES2 (sparse)', '5.19');
  }
  /**
   * io_uring_register_files_update(_tag): replaces slots from `offset` (-1 empties one,
   * IORING_REGISTER_FILES_SKIP leaves it); returns how many were updated. `tags`: 5.13.
   */
  updateFiles(offset: number, fds: readonly number[], tags?: readonly number[]): number {
    this.handle();
    u32Arg(offset, 'offset');
    return this.#withFds(fds, (at) => {
      if (!tags) {
        return this.registered(this.wasm.ring_register_files_update(this.handle(), offset, at, fds.length),
          'IORING_REGISTER_FILES_UPDATE');
      }
      return this.#withTags(tags, fds.length, (tagsAt) => this.registered(
        this.wasm.ring_register_files_update_tag(this.handle(), offset, at, tagsAt, fds.length),
        'IORING_REGISTER_FILES_UPDATE2', '5.13'));
    });
  }
  /** io_uring_register_file_alloc_range: IORING_FILE_INDEX_ALLOC picks slots in [offset, offset+length) (6.0). */
  registerFileAllocRange(offset: number, length: number): void {
    u32Arg(offset, 'offset');
    u32Arg(length, 'length');
    this.registered(this.wasm.ring_register_file_alloc_range(this.handle(), offset, length),
      'IORING_REGISTER_FILE_ALLOC_RANGE', '6.0');
  }
  /** io_uring_unregister_files: drops the registered file table. */
  unregisterFiles(): void {
    this.registered(this.wasm.ring_unregister_files(this.handle()), 'IORING_UNREGISTER_FILES');
  }

  // ─── Eventfd, personality ────────────────────────────────────────────────────────────────────

  /** Signals `eventfd` on completions (only asynchronous ones with `onlyAsync`, 5.6). */
  registerEventfd(eventfd: number, onlyAsync = false): void {
    this.handle();
    validateFd(eventfd, 'eventfd');
    validateBoolean(onlyAsync, 'onlyAsync');
    this.#withFds([eventfd], (at) =>
      this.registered(this.wasm.ring_register_eventfd(this.handle(), at, onlyAsync),
        onlyAsync ? 'IORING_REGISTER_EVENTFD_ASYNC' : 'IORING_REGISTER_EVENTFD'));
  }
  /** io_uring_unregister_eventfd: completions signal no eventfd any more. */
  unregisterEventfd(): void {
    this.registered(this.wasm.ring_unregister_eventfd(this.handle()), 'IORING_UNREGISTER_EVENTFD');
  }
  /** Registers the current credentials; returns the id for setSqePersonality(). */
  registerPersonality(): number {
    return this.registered(this.wasm.ring_register_personality(this.handle()), 'IORING_REGISTER_PERSONALITY');
  }
  /** io_uring_unregister_personality: forgets the credentials registered as `id`. */
  unregisterPersonality(id: number): void {
    u16Arg(id, 'id');
    this.registered(this.wasm.ring_unregister_personality(this.handle(), id), 'IORING_UNREGISTER_PERSONALITY');
  }

  // ─── Restrictions ────────────────────────────────────────────────────────────────────────────

  /**
   * io_uring_register_restrictions: what this ring may ever do — register opcodes, SQE opcodes,
   * SQE flags allowed and required. Only on a ring created with IORING_SETUP_R_DISABLED, once,
   * before enableRings() (5.10).
   */
  registerRestrictions(rules: readonly Restriction[]): void {
    const h = this.handle();
    arrayArg(rules, 'rules');
    const parsed = rules.map((rule, i): [number, number] => {
      validateObject(rule, `rules[${i}]`);
      const keys = ['registerOp', 'sqeOp', 'sqeFlagsAllowed', 'sqeFlagsRequired'].filter((k) => k in rule);
      if (keys.length !== 1) {
        throw invalidArgValue(`rules[${i}]`, rule, 'must have exactly one of registerOp, sqeOp, sqeFlagsAllowed, sqeFlagsRequired');
      }
      const key = keys[0] as 'registerOp' | 'sqeOp' | 'sqeFlagsAllowed' | 'sqeFlagsRequired';
      const value = u8Arg((rule as Record<string, number>)[key]!, `rules[${i}].${key}`);
      const kind = key === 'registerOp' ? constants.IORING_RESTRICTION_REGISTER_OP
        : key === 'sqeOp' ? constants.IORING_RESTRICTION_SQE_OP
        : key === 'sqeFlagsAllowed' ? constants.IORING_RESTRICTION_SQE_FLAGS_ALLOWED
        : constants.IORING_RESTRICTION_SQE_FLAGS_REQUIRED;
      return [kind, value];
    });
    const size = this.wasm.sizeof_io_uring_restriction.value;
    const view = this.#scratch(rules.length * size);
    try {
      parsed.forEach(([kind, value], i) => this.wasm.restriction_set(view.byteOffset, i, kind, value));
      this.registered(this.wasm.ring_register_restrictions(h, view.byteOffset, rules.length),
        'IORING_REGISTER_RESTRICTIONS', '5.10');
    } finally {
      this.memory.free(view);
    }
  }
  /** io_uring_enable_rings: starts a ring created with IORING_SETUP_R_DISABLED (5.10). */
  enableRings(): void {
    this.registered(this.wasm.ring_enable_rings(this.handle()), 'IORING_REGISTER_ENABLE_RINGS', '5.10');
  }

  // ─── io-wq workers ───────────────────────────────────────────────────────────────────────────

  /** io_uring_register_iowq_aff: the async workers run only on these CPUs (5.14). */
  registerIowqAffinity(cpus: readonly number[]): void {
    this.handle();
    arrayArg(cpus, 'cpus');
    cpus.forEach((cpu, i) => intArg(cpu, `cpus[${i}]`, 0, MAX_CPU));
    const bytes = Math.max(8, Math.ceil((Math.max(-1, ...cpus) + 1) / 64) * 8);
    const mask = this.#scratch(bytes);
    try {
      for (const cpu of cpus) mask[cpu >> 3] |= 1 << (cpu & 7);
      this.registered(this.wasm.ring_register_iowq_aff(this.handle(), mask.byteOffset, bytes), 'IORING_REGISTER_IOWQ_AFF', '5.14');
    } finally {
      this.memory.free(mask);
    }
  }
  /** io_uring_unregister_iowq_aff: the async workers may run on any CPU again (5.14). */
  unregisterIowqAffinity(): void {
    this.registered(this.wasm.ring_unregister_iowq_aff(this.handle()), 'IORING_UNREGISTER_IOWQ_AFF', '5.14');
  }
  /**
   * io_uring_register_iowq_max_workers: caps the bounded (file I/O) and unbounded (socket, …)
   * async workers; 0 (or leaving one out) keeps that limit. Returns the limits before (5.15).
   */
  registerIowqMaxWorkers(limits: { bounded?: number; unbounded?: number }): {
    /** The bounded workers' limit before. */
    bounded: number;
    /** The unbounded workers' limit before. */
    unbounded: number;
  } {
    this.handle();
    validateObject(limits, 'limits');
    u32Arg(limits.bounded ?? 0, 'limits.bounded');
    u32Arg(limits.unbounded ?? 0, 'limits.unbounded');
    const view = this.#scratch(8);
    try {
      const words = new Uint32Array(view.buffer, view.byteOffset, 2);
      words[0] = limits.bounded ?? 0;
      words[1] = limits.unbounded ?? 0;
      this.registered(this.wasm.ring_register_iowq_max_workers(this.handle(), view.byteOffset),
        'IORING_REGISTER_IOWQ_MAX_WORKERS', '5.15');
      return { bounded: words[0], unbounded: words[1] };
    } finally {
      this.memory.free(view);
    }
  }

  // ─── The ring's own fd ───────────────────────────────────────────────────────────────────────

  /**
   * io_uring_register_ring_fd: registers this ring's fd with itself; from then on every submit and
   * wait passes the slot (IORING_ENTER_REGISTERED_RING) and the kernel skips its fd lookup.
   * Returns the slot (5.18).
   */
  registerRingFd(): number {
    return this.registered(this.wasm.ring_register_ring_fd(this.handle()), 'IORING_REGISTER_RING_FDS', '5.18');
  }
  /** io_uring_unregister_ring_fd: submits and waits go by fd again. */
  unregisterRingFd(): void {
    this.registered(this.wasm.ring_unregister_ring_fd(this.handle()), 'IORING_UNREGISTER_RING_FDS', '5.18');
  }
  /** The slot registerRingFd() took, or -1. */
  get registeredRingSlot(): number {
    return this.wasm.ring_registered_slot(this.handle());
  }

  // ─── Provided-buffer rings ───────────────────────────────────────────────────────────────────

  /**
   * io_uring_setup_buf_ring: a provided-buffer ring for buffer group `group`, in this ring's
   * memory; give it buffers with add() + advance(). Buffer-select requests (IOSQE_BUFFER_SELECT,
   * prepRecvMultishot, …) naming the group take them (5.19).
   */
  setupBufferRing(options: BufferRingOptions): BufferRing {
    const h = this.handle();
    validateObject(options, 'options');
    const { group, entries, flags = 0 } = options;
    u16Arg(group, 'options.group');
    if (!Number.isInteger(entries) || entries < 1 || entries > 32768 || (entries & (entries - 1)) !== 0) {
      intArg(entries, 'options.entries', 1, 32768);
      throw invalidArgValue('options.entries', entries, 'must be a power of two from 1 to 32768');
    }
    u16Arg(flags, 'options.flags');
    const view = this.memory.alloc(entries * this.wasm.sizeof_io_uring_buf.value, this.memory.pageSize);
    try {
      this.wasm.buf_ring_init(view.byteOffset);
      this.registered(this.wasm.ring_register_buf_ring(h, view.byteOffset, entries, group, flags),
        'IORING_REGISTER_PBUF_RING', flags ? '6.12' : '5.19');
    } catch (error) {
      this.memory.free(view);
      throw error;
    }
    const ring = new BufferRing(this, view, group, entries);
    this.#bufferRings.add(ring);
    return ring;
  }

  readonly #bufferRings = new Set<BufferRing>();

  /** @internal For BufferRing.free(). */
  forgetBufferRing(ring: BufferRing): void {
    this.#bufferRings.delete(ring);
  }

  /** What the kernel may use without a request naming it: registered buffers, buffer-ring buffers. */
  heldAllocations(): Allocation[] {
    const out: Allocation[] = [];
    for (const a of this.#registeredBuffers) if (a) out.push(a);
    for (const ring of this.#bufferRings) out.push(...ring.heldBuffers());
    return out;
  }

  releaseAll(quarantine: boolean): void {
    for (const a of this.#registeredBuffers) {
      if (!a) continue;
      if (quarantine) this.memory.quarantine(a);
      else this.memory.unpin(a);
    }
    this.#registeredBuffers = [];
    for (const ring of this.#bufferRings) ring.releaseBuffers(quarantine);
    this.#bufferRings.clear();
  }

  /** @internal For BufferRing. */
  unregisterBufferRing(group: number): void {
    this.registered(this.wasm.ring_unregister_buf_ring(this.handle(), group), 'IORING_UNREGISTER_PBUF_RING', '5.19');
  }
  /** @internal For BufferRing. */
  bufferRingHead(group: number): number {
    return this.registered(this.wasm.ring_buf_ring_head(this.handle(), group), 'IORING_REGISTER_PBUF_STATUS', '6.8');
  }

  // ─── Registered wait arguments ───────────────────────────────────────────────────────────────

  #waitRegion: Uint8Array | null = null;
  #waitArgs = 0;

  /**
   * io_uring_register_wait_reg: room for `count` wait arguments in this ring's memory, which the
   * kernel pins; set them with setWaitArg() and wait with submitAndWaitRegistered(), which then
   * copies no argument in per call (IORING_REGISTER_MEM_REGION, Linux 6.13). Only before
   * enableRings() on a ring created with IORING_SETUP_R_DISABLED, and once.
   */
  registerWaitRegion(count: number): void {
    const h = this.handle();
    const entry = this.wasm.sizeof_io_uring_reg_wait.value;
    const page = this.memory.pageSize;
    intArg(count, 'count', 1, Math.floor((1 << 20) / entry));
    if (this.#waitRegion) throw uringError('ERR_URING_BUSY', 'this ring already has a wait region');
    const size = Math.ceil((count * entry) / page) * page;
    const view = this.memory.alloc(size, page);
    try {
      this.registered(this.wasm.ring_register_wait_region(h, view.byteOffset, size),
        'IORING_REGISTER_MEM_REGION (the ring must still be disabled: IORING_SETUP_R_DISABLED)', '6.13');
    } catch (error) {
      this.memory.free(view);
      throw error;
    }
    this.#waitRegion = view;
    this.#waitArgs = count;
    this.#waitTimeouts = new Array<boolean>(count).fill(false);
  }
  /** Sets wait argument `index`: wait at most `timeoutMs` (default: no limit), at least `minWaitUs` for the first completion. */
  setWaitArg(index: number, options: { timeoutMs?: number; minWaitUs?: number } = {}): void {
    const at = this.waitArgOffset(index);
    const { timeoutMs, minWaitUs = 0 } = optionsArg(options);
    const limited = timeoutMs !== undefined && timeoutMs !== Infinity;
    if (limited) validateNumber(timeoutMs, 'options.timeoutMs', 0, Number.MAX_SAFE_INTEGER);
    u32Arg(minWaitUs, 'options.minWaitUs');
    this.wasm.reg_wait_set(at, index, limited ? timeoutMs : -1, minWaitUs);
    this.#waitTimeouts[index] = limited;
  }
  /** The wait region's offset, once `index` is known to name one of its wait arguments. */
  waitArgOffset(index: number): number {
    this.handle();
    if (!this.#waitRegion) throw uringError('ERR_URING_NO_WAIT_REGION', 'registerWaitRegion() first');
    intArg(index, 'index', 0, this.#waitArgs - 1);
    return this.#waitRegion.byteOffset;
  }
  /** Whether wait argument `index` was given a timeout (one never set waits without limit). */
  waitArgHasTimeout(index: number): boolean {
    return this.#waitTimeouts[index] === true;
  }
  #waitTimeouts: boolean[] = [];
  /** The wait region's memory, for Ring.close(): the kernel lets go of it with the ring. */
  releaseWaitRegion(): void {
    if (this.#waitRegion) this.memory.free(this.#waitRegion);
    this.#waitRegion = null;
  }

  // ─── Cancel, NAPI, clock ─────────────────────────────────────────────────────────────────────

  /**
   * io_uring_register_sync_cancel: cancels the matching requests and returns once they have
   * completed (their completions are still posted). Throws ENOENT when nothing matched, ETIME when
   * `timeoutMs` ran out (6.0).
   */
  cancelSync(target: SyncCancelTarget): void {
    const h = this.handle();
    validateObject(target, 'target');
    let flags = u32Arg(target.flags ?? 0, 'target.flags');
    const userData = userDataArg(target.userData ?? 0, 'target.userData');
    if (target.fd !== undefined) {
      i32Arg(target.fd, 'target.fd');
      flags |= constants.IORING_ASYNC_CANCEL_FD;
    }
    if (target.opcode !== undefined) {
      u8Arg(target.opcode, 'target.opcode');
      flags |= constants.IORING_ASYNC_CANCEL_OP;
    }
    const timeoutMs = target.timeoutMs;
    const limited = timeoutMs !== undefined && timeoutMs !== Infinity;
    if (limited) validateNumber(timeoutMs, 'target.timeoutMs', 0, Number.MAX_SAFE_INTEGER);
    this.registered(this.wasm.ring_register_sync_cancel(h, userData, target.fd ?? -1, flags >>> 0,
      target.opcode ?? 0, limited ? timeoutMs : -1), 'IORING_REGISTER_SYNC_CANCEL', target.opcode !== undefined ? '6.6' : '6.0');
  }
  /** io_uring_register_napi: busy-polls the ring's sockets for `busyPollUs` before sleeping (6.9). */
  registerNapi(busyPollUs: number, preferBusyPoll = false): void {
    const h = this.handle();
    u32Arg(busyPollUs, 'busyPollUs');
    validateBoolean(preferBusyPoll, 'preferBusyPoll');
    this.registered(this.wasm.ring_register_napi(h, busyPollUs, preferBusyPoll), 'IORING_REGISTER_NAPI', '6.9');
  }
  /** io_uring_unregister_napi: stops busy polling; returns the timeout (µs) that was set (6.9). */
  unregisterNapi(): number {
    return this.registered(this.wasm.ring_unregister_napi(this.handle()), 'IORING_UNREGISTER_NAPI', '6.9');
  }
  /** io_uring_register_clock: the clock waits with a timeout measure (CLOCK_MONOTONIC 1, CLOCK_BOOTTIME 7) (6.12). */
  registerClock(clockId: number): void {
    const h = this.handle();
    u32Arg(clockId, 'clockId');
    this.registered(this.wasm.ring_register_clock(h, clockId), 'IORING_REGISTER_CLOCK', '6.12');
  }

  // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────

  #scratch(size: number): Uint8Array {
    return this.memory.alloc(Math.max(size, 1), 8);
  }
  #withFds<T>(fds: readonly number[], use: (at: number) => T): T {
    arrayArg(fds, 'fds');
    fds.forEach((fd, i) => i32Arg(fd, `fds[${i}]`));
    const view = this.#scratch(fds.length * 4);
    try {
      new Int32Array(view.buffer, view.byteOffset, fds.length).set(fds);
      return use(view.byteOffset);
    } finally {
      this.memory.free(view);
    }
  }
  /** An iovec array over `buffers`; a null entry is an empty iovec (an empty slot in updates). */
  #withIovecs<T>(buffers: readonly (Uint8Array | null)[], use: (at: number) => T): T {
    const view = this.#scratch(buffers.length * this.wasm.sizeof_iovec.value);
    try {
      buffers.forEach((b, i) => {
        if (b) this.wasm.iovec_set(view.byteOffset, i, b.byteOffset, b.byteLength);
      });
      return use(view.byteOffset);
    } finally {
      this.memory.free(view);
    }
  }
  /** A u64 tag array (0 when `tags` is undefined), `count` long. */
  #withTags<T>(tags: readonly number[] | undefined, count: number, use: (at: number) => T): T {
    if (tags === undefined) return use(0);
    arrayArg(tags, 'tags');
    if (tags.length !== count) throw invalidArgValue('tags', tags, `must have one tag per entry (${count})`);
    tags.forEach((tag, i) => u64Arg(tag, `tags[${i}]`));
    const view = this.#scratch(count * 8);
    try {
      tags.forEach((tag, i) => this.wasm.u64_set(view.byteOffset, i, tag));
      return use(view.byteOffset);
    } finally {
      this.memory.free(view);
    }
  }
}

/**
 * A provided-buffer ring (from ring.setupBufferRing): add() buffers, advance() to hand them to
 * the kernel; a completion with IORING_CQE_F_BUFFER names the buffer it used in
 * `flags >> IORING_CQE_BUFFER_SHIFT`. Mirrors liburing's io_uring_buf_ring_* functions.
 */
export class BufferRing {
  /** entries - 1: what buffer ids and offsets are masked with (io_uring_buf_ring_mask). */
  readonly mask: number;
  #view: Uint8Array | null;
  #added = 0;
  /** The buffer each id names, held while the kernel may pick it. */
  readonly #buffers = new Map<number, { a: Allocation; offset: number; length: number }>();

  /**
   * @internal ring.setupBufferRing() makes buffer rings.
   * @param group The buffer group (bgid) that buffer-select requests name.
   * @param entries How many buffers it holds.
   */
  constructor(private readonly ring: Registrar, view: Uint8Array, readonly group: number, readonly entries: number) {
    this.#view = view;
    this.mask = ring.core.wasm.buf_ring_mask(entries);
  }

  #at(): number {
    if (!this.#view) throw uringError('ERR_URING_CLOSED', `buffer ring ${this.group} is freed`);
    return this.#view.byteOffset;
  }

  /**
   * io_uring_buf_ring_add: queues `buf` (a view in the ring's memory) under id `bid`, `offset`
   * places past the entries added since the last advance(). Not the kernel's until advance().
   * The buffer is held (free() of it deferred) until another buffer takes its id, or the buffer
   * ring is freed, or the ring closed.
   */
  add(buf: Uint8Array, bid: number, offset = this.#added): void {
    const at = this.#at();
    const memory = this.ring.core.memory;
    u16Arg(bid, 'bid');
    intArg(offset, 'offset', 0, this.entries - 1);
    const current = this.#buffers.get(bid);
    // The same buffer again (a consumed one handed back) costs no lookup.
    if (current === undefined || current.offset !== buf?.byteOffset || current.length !== buf.byteLength || current.a.freed
      || !memory.ownsBuffer(buf)) {
      const a = memory.allocationOf(buf, 'buf');
      memory.pin(a);
      this.#buffers.set(bid, { a, offset: buf.byteOffset, length: buf.byteLength });
      if (current) memory.unpin(current.a);
    }
    this.ring.core.wasm.buf_ring_add(at, buf.byteOffset, buf.byteLength, bid, this.mask, offset);
    this.#added = Math.max(this.#added, offset + 1);
  }
  /** io_uring_buf_ring_advance: publishes `count` added buffers (default: all added so far). */
  advance(count = this.#added): void {
    const at = this.#at();
    // Past what was added, the kernel would take stale entries: buffers perhaps freed since.
    intArg(count, 'count', 0, this.#added);
    this.ring.core.wasm.buf_ring_advance(at, count);
    this.#added = Math.max(0, this.#added - count);
  }
  /** The tail as published: buffers handed to the kernel so far (mod 2^16). */
  get tail(): number {
    return this.ring.core.wasm.buf_ring_tail(this.#at());
  }
  /** io_uring_buf_ring_head: how far the kernel has consumed (mod 2^16) (IORING_REGISTER_PBUF_STATUS, 6.8). */
  get head(): number {
    this.#at();
    return this.ring.bufferRingHead(this.group);
  }
  /** io_uring_free_buf_ring: unregisters the group and frees the ring's memory. Idempotent. */
  free(): void {
    const view = this.#view;
    if (!view) return;
    this.#view = null;
    try {
      if (!this.ring.core.closed) this.ring.unregisterBufferRing(this.group);
    } finally {
      this.ring.forgetBufferRing(this);
      this.releaseBuffers(false);
      this.ring.core.memory.free(view);
    }
  }

  /** @internal The buffers held for the kernel. */
  heldBuffers(): Allocation[] {
    return [...this.#buffers.values()].map((b) => b.a);
  }

  /** @internal Lets go of (or quarantines) the buffers: the group is gone. */
  releaseBuffers(quarantine: boolean): void {
    for (const { a } of this.#buffers.values()) {
      if (quarantine) this.ring.core.memory.quarantine(a);
      else this.ring.core.memory.unpin(a);
    }
    this.#buffers.clear();
  }
}
