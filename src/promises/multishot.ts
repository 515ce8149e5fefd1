// Multishot requests as async iterators: one armed request yields many results, each completion
// with IORING_CQE_F_MORE. The kernel may end a multishot request on its own (a full CQ, no
// provided buffer left); the iterator then re-arms it. Leaving a `for await` early (return())
// cancels it; the iterator ends once the kernel has posted its last completion. Closing the
// ring ends it too.
//
//   acceptMultishot: one fd per connection (IORING_OP_ACCEPT, IORING_ACCEPT_MULTISHOT, 5.19)
//   recvMultishot:   one Buffer per receive, from a provided-buffer ring (6.0; buffer ring 5.19)
//
// On a kernel without them (decided once per ring, from its probe: src/kernel.ts) the same
// iterators run single-shot requests instead, re-armed by the same loop: each completion pushes
// its one item and asks to be armed again. One request is in flight per iterator, so a
// connection's receives complete in the order they consumed the stream (several RECVs waiting on
// one socket could be woken in any order). The receive buffers are a pool of `buffers` ×
// `bufferSize` bytes of ring memory, as the buffer ring's: each RECV takes the next one.

import { closeRawFd } from '../raw-fd.js';
import { constants as c } from '../constants.js';
import { errnoError, uringError, type UringError } from '../errors.js';
import { ENOMEM } from '../errno.js';
import { NEEDS } from '../generated/opcodes.js';
import type { BufferRing } from '../register.js';
import { invalidArgValue, validateFd, validateInteger } from '../validate.js';
import { signalOf, type Engine, type OperationOptions } from './engine.js';
import { closeUnwanted, type Operation } from './operation.js';

/** An async iterator fed by completions: items queue up until next() takes them. */
abstract class Multishot<T> implements AsyncIterableIterator<T> {
  readonly #items: T[] = [];
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  #error: unknown = null;
  #ended = false;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  readonly #stop = new AbortController();
  readonly #signal: AbortSignal;

  constructor(protected readonly engine: Engine, options: OperationOptions | undefined, what: string) {
    const signal = signalOf(options);
    // A failed engine may have left its Ring open on an fd that is no longer the ring's.
    if (engine.closed) throw uringError('ERR_URING_CLOSED', `the ring is closed: cannot ${what}`);
    this.#signal = signal ? AbortSignal.any([signal, this.#stop.signal]) : this.#stop.signal;
  }

  /** The request to (re-)arm; its more()/complete() call push(). */
  protected abstract operation(): Operation<boolean>;
  /** Whether a failure just means "arm again" (ENOBUFS for receives). */
  protected retry(_error: UringError): boolean { return false; }
  /** Called once, after the last completion: give back what the iterator holds (and, when it
   * was stopped, the items nobody will take). */
  protected finish(_unread: T[]): void {}

  /** Starts the first request. */
  protected start(): this {
    this.#stopped = this.#arm();
    return this;
  }

  async #arm(): Promise<void> {
    try {
      for (;;) {
        let again: boolean;
        try {
          again = await this.engine.run(this.operation(), { signal: this.#signal });
        } catch (error) {
          if (this.#stopping || !this.retry(error as UringError)) throw error;
          again = true;
        }
        if (!again || this.#stopping) break;
      }
    } catch (error) {
      // Stopped by return(), or the ring was closed: the iteration simply ends. A ring that
      // failed (see Engine.failure) is no end of stream: next() rejects with why.
      const closed = (error as UringError).code === 'ERR_URING_CLOSED' && !this.engine.failure;
      if (!this.#stopping && !closed) this.#error = error;
    } finally {
      this.#ended = true;
      this.#wake();
      try {
        this.finish(this.#stopping ? this.#items.splice(0) : []);
      } catch (error) {
        this.#error ??= error;
      }
    }
  }

  protected push(item: T): void {
    this.#items.push(item);
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    if (this.#items.length) {
      this.#waiter = null;
      waiter.resolve({ value: this.#items.shift()!, done: false });
    } else if (this.#ended) {
      this.#waiter = null;
      if (this.#error) waiter.reject(this.#error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#waiter) return Promise.reject(new Error('next() called again before the previous one settled'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
      this.#wake();
    });
  }

  /** Cancels the request and resolves once the kernel is done with it. */
  async return(): Promise<IteratorResult<T>> {
    this.#stopping = true;
    this.#stop.abort();
    await this.#stopped;
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Accepted connections' fds; any not taken when the iterator stops are closed. */
export class AcceptIterator extends Multishot<number> {
  private readonly fd: number;
  /** Without multishot ACCEPT (before 5.19): the single-shot ACCEPT re-armed after each connection. */
  readonly #single: Operation<boolean> | null;

  constructor(engine: Engine, fd: number, options: OperationOptions | undefined) {
    super(engine, options, 'acceptMultishot');
    this.fd = validateFd(fd);
    this.#single = engine.supports(NEEDS.multishot_accept) ? null : {
      syscall: 'accept',
      queue: (ring, ud) => ring.prepAccept(ud, this.fd, null, null, c.SOCK_CLOEXEC),
      complete: (res) => {
        this.push(res);
        return true; // the next connection: arm again
      },
      discard: closeUnwanted,
    };
    this.start();
  }

  protected operation(): Operation<boolean> {
    if (this.#single) return this.#single;
    const fd = this.fd;
    return {
      syscall: 'accept',
      queue: (ring, ud) => ring.prepMultishotAccept(ud, fd, null, null, c.SOCK_CLOEXEC),
      more: (res) => { if (res >= 0) this.push(res); },
      complete: (res) => {
        this.push(res);
        return true; // the kernel stopped a request that still works: arm it again
      },
      discard: closeUnwanted,
    };
  }

  protected finish(unread: number[]): void {
    for (const fd of unread) closeRawFd(fd);
  }
}

export interface RecvMultishotOptions extends OperationOptions {
  /** Bytes per provided buffer: the most one item can hold (default 16 KiB, at most 16 MiB). */
  bufferSize?: number;
  /** Buffers in the provided-buffer ring, a power of two up to 32768 (default 4). */
  buffers?: number;
}

/** Buffer-group ids are 16 bits. */
const GROUPS = 1 << 16;

/**
 * The buffer-group ids of one ring's live recvMultishot iterators: each takes an id nobody
 * holds and gives it back once the kernel is done with its buffers.
 */
export class BufferGroups {
  readonly #live = new Set<number>();
  #next = 0;

  take(): number {
    if (this.#live.size >= GROUPS) {
      throw uringError('ERR_URING_TOO_MANY',
        `all ${GROUPS} buffer group ids of this ring are held by live recvMultishot iterators: end some first (return())`);
    }
    while (this.#live.has(this.#next)) this.#next = (this.#next + 1) % GROUPS;
    const group = this.#next;
    this.#live.add(group);
    this.#next = (group + 1) % GROUPS;
    return group;
  }

  give(group: number): void {
    this.#live.delete(group);
  }
}

/**
 * Received bytes, one Buffer per completion (a copy: the ring's buffer goes straight back to
 * the kernel). Ends at end of stream (a receive of 0 bytes). Its buffers take
 * bufferSize × buffers bytes of ring memory, plus a page for the provided-buffer ring.
 * Without multishot RECV (before 6.0) it runs one single-shot RECV at a time, into the next
 * buffer of the same pool (no buffer ring, no buffer group).
 */
export class RecvIterator extends Multishot<Buffer> {
  /** The provided-buffer ring, or null when single-shot RECVs stand in for the multishot one. */
  readonly #bufferRing: BufferRing | null;
  readonly #region: Uint8Array;
  readonly #size: number;
  readonly #count: number;
  readonly #groups: BufferGroups;
  private readonly fd: number;
  /** The single-shot RECV (null with the buffer ring) and the buffer it receives into next. */
  readonly #single: Operation<boolean> | null;
  #next = 0;

  constructor(engine: Engine, fd: number, groups: BufferGroups, options: RecvMultishotOptions | undefined) {
    super(engine, options, 'recvMultishot');
    this.fd = validateFd(fd);
    const size = validateInteger(options?.bufferSize ?? 16384, 'options.bufferSize', 1, 1 << 24);
    const count = validateInteger(options?.buffers ?? 4, 'options.buffers', 1, 32768);
    if ((count & (count - 1)) !== 0) throw invalidArgValue('options.buffers', count, 'must be a power of two');
    this.#size = size;
    this.#count = count;
    this.#groups = groups;
    // Multishot RECV (6.0) implies the buffer ring it takes from (IORING_REGISTER_PBUF_RING, 5.19).
    const multishot = engine.supports(NEEDS.recv_multishot);
    const noRoom = (): Error => errnoError(ENOMEM, 'recvMultishot', {
      hint: `its buffers need ${size * count} bytes of ring memory (options.bufferSize ${size} × options.buffers ${count}) ` +
        `${multishot ? 'and a page for their ring, ' : ''}more than is left: lower those options, end other iterators, or give the AsyncRing ` +
        `a RingMemory with a larger maximumBytes (this one's is ${engine.memory.maximumBytes})`,
    });
    if (size * count > engine.memory.maximumBytes) throw noRoom();
    const group = multishot ? groups.take() : -1;
    let region: Uint8Array | undefined;
    try {
      region = engine.memory.alloc(size * count);
      this.#bufferRing = multishot ? engine.ring.setupBufferRing({ group, entries: count }) : null;
    } catch (error) {
      if (multishot) groups.give(group);
      if (region) engine.memory.free(region);
      throw (error as UringError).code === 'ENOMEM' && (error as UringError).syscall === 'alloc' ? noRoom() : error;
    }
    this.#region = region;
    if (this.#bufferRing) {
      for (let bid = 0; bid < count; bid++) this.#bufferRing.add(this.#buffer(bid), bid);
      this.#bufferRing.advance();
      this.#single = null;
    } else {
      this.#single = {
        syscall: 'recv',
        queue: (ring, ud) => ring.prepRecv(ud, this.fd, this.#buffer(this.#next)),
        // Also when aborted too late: the bytes were taken from the socket, so they are yielded.
        complete: (res) => {
          const bid = this.#next;
          this.#next = (bid + 1) % this.#count;
          if (res > 0) this.push(Buffer.from(this.#buffer(bid).subarray(0, res)));
          return res > 0; // 0: end of stream
        },
      };
    }
    this.start();
  }

  #buffer(bid: number): Uint8Array {
    return this.#region.subarray(bid * this.#size, (bid + 1) * this.#size);
  }

  /** Copies out what a completion put in its buffer and hands the buffer back. */
  #take(res: number, flags: number): void {
    if (!(flags & c.IORING_CQE_F_BUFFER)) return;
    const bid = flags >>> c.IORING_CQE_BUFFER_SHIFT;
    const buf = this.#buffer(bid);
    if (res > 0) this.push(Buffer.from(buf.subarray(0, res)));
    this.#bufferRing!.add(buf, bid);
    this.#bufferRing!.advance();
  }

  protected operation(): Operation<boolean> {
    if (this.#single) return this.#single;
    const fd = this.fd;
    const group = this.#bufferRing!.group;
    return {
      syscall: 'recv',
      queue: (ring, ud) => ring.prepRecvMultishot(ud, fd, group),
      more: (res, flags) => this.#take(res, flags),
      complete: (res, flags) => {
        this.#take(res, flags);
        return res > 0; // 0: end of stream
      },
    };
  }

  protected retry(error: UringError): boolean {
    return this.#bufferRing !== null && error.code === 'ENOBUFS';
  }

  protected finish(): void {
    // A ring that failed with the request in the kernel may still write into the buffers while
    // it is torn down: they stay out of use (see Engine.failure).
    if (this.engine.failure) return;
    const bufferRing = this.#bufferRing;
    try {
      bufferRing?.free();
    } finally {
      if (bufferRing) this.#groups.give(bufferRing.group);
      this.engine.memory.free(this.#region);
    }
  }
}
