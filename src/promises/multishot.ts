// Multishot requests as async iterators: one armed request yields many results, each completion
// with IORING_CQE_F_MORE. The kernel may end a multishot request on its own (a full CQ, no
// provided buffer left); the iterator then re-arms it. Leaving a `for await` early (return())
// cancels it; the iterator ends once the kernel has posted its last completion. Closing the
// ring ends it too.
//
//   acceptMultishot: one fd per connection (IORING_OP_ACCEPT, IORING_ACCEPT_MULTISHOT, 5.19)
//   recvMultishot:   one Buffer per receive, from a provided-buffer ring (6.0; buffer ring 5.19)

import { close as closeFd } from 'node:fs';
import { constants as c } from '../constants.js';
import type { UringError } from '../errors.js';
import type { BufferRing } from '../register.js';
import type { Engine, OperationOptions } from './engine.js';
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

  constructor(protected readonly engine: Engine, options: OperationOptions) {
    this.#signal = options.signal ? AbortSignal.any([options.signal, this.#stop.signal]) : this.#stop.signal;
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
      // Stopped by return(), or the ring was closed: the iteration simply ends.
      if (!this.#stopping && (error as UringError).code !== 'ERR_URING_CLOSED') this.#error = error;
    } finally {
      this.#ended = true;
      this.#wake();
      this.finish(this.#stopping ? this.#items.splice(0) : []);
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
  constructor(engine: Engine, private readonly fd: number, options: OperationOptions) {
    super(engine, options);
    this.start();
  }

  protected operation(): Operation<boolean> {
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
    for (const fd of unread) closeFd(fd, () => {});
  }
}

export interface RecvMultishotOptions extends OperationOptions {
  /** Bytes per provided buffer: the most one item can hold (default 16 KiB). */
  bufferSize?: number;
  /** Buffers in the provided-buffer ring, a power of two (default 64). */
  buffers?: number;
}

/**
 * Received bytes, one Buffer per completion (a copy: the ring's buffer goes straight back to
 * the kernel). Ends at end of stream (a receive of 0 bytes).
 */
export class RecvIterator extends Multishot<Buffer> {
  readonly #bufferRing: BufferRing;
  readonly #region: Uint8Array;
  readonly #size: number;

  constructor(engine: Engine, private readonly fd: number, group: number, options: RecvMultishotOptions) {
    super(engine, options);
    const size = options.bufferSize ?? 16384;
    const count = options.buffers ?? 64;
    if (!Number.isInteger(size) || size < 1 || size > 1 << 24) throw new RangeError(`bufferSize must be an integer from 1 to 16 MiB, got ${size}`);
    this.#size = size;
    this.#region = engine.memory.alloc(size * count);
    try {
      this.#bufferRing = engine.ring.setupBufferRing({ group, entries: count });
    } catch (error) {
      engine.memory.free(this.#region);
      throw error;
    }
    for (let bid = 0; bid < count; bid++) this.#bufferRing.add(this.#buffer(bid), bid);
    this.#bufferRing.advance();
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
    this.#bufferRing.add(buf, bid);
    this.#bufferRing.advance();
  }

  protected operation(): Operation<boolean> {
    const fd = this.fd;
    const group = this.#bufferRing.group;
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
    return error.code === 'ENOBUFS';
  }

  protected finish(): void {
    this.#bufferRing.free();
    this.engine.memory.free(this.#region);
  }
}
