// A linked chain (IOSQE_IO_LINK) built step by step: each operation starts when the one before
// it has succeeded, all go to the kernel in one submission, and after a failure the rest end
// with ECANCELED.
//
//   const [written] = await ring.chain().write(fd, data, 0).fsync(fd).close(fd).run();
//   await ring.chain().read(pipe, buf).timeout(100).run();   // the read gets 100 ms

import type { Engine, OperationOptions } from './engine.js';
import type { Operation } from './operation.js';
import * as op from './operations.js';

/** A linked chain of operations (IOSQE_IO_LINK), from AsyncRing.chain(): add links, then run(). */
export class Chain {
  readonly #ops: Operation<unknown>[] = [];
  /** The first bad argument given to a link: run() rejects with it, as the methods of AsyncRing do. */
  #error: unknown = undefined;

  /** @internal AsyncRing.chain() makes chains. */
  constructor(private readonly engine: Engine) {}

  /** Appends any operation (see promises/operations.ts), or one built by `make`. */
  add(operation: Operation<unknown> | (() => Operation<unknown>)): this {
    try {
      this.#ops.push(typeof operation === 'function' ? operation() : operation);
    } catch (error) {
      this.#error ??= error;
    }
    return this;
  }

  /** Links a read (as AsyncRing.read). */
  read(fd: number, buffer: ArrayBufferView, position?: op.Position, range?: op.BufferRange): this {
    return this.add(() => op.read(fd, buffer, position, range));
  }
  /** Links a write (as AsyncRing.write). */
  write(fd: number, data: string | ArrayBufferView, position?: op.Position, range?: op.BufferRange): this {
    return this.add(() => op.write(fd, data, position, range));
  }
  /** Links an fsync. */
  fsync(fd: number): this {
    return this.add(() => op.fsync(fd));
  }
  /** Links an fdatasync. */
  fdatasync(fd: number): this {
    return this.add(() => op.fsync(fd, true));
  }
  /** Links an open (as AsyncRing.open); its result is the fd. */
  open(path: op.PathLike, flags?: string | number, mode?: number | string): this {
    return this.add(() => op.open(path, flags, mode));
  }
  /** Links a close of `fd`. */
  close(fd: number): this {
    return this.add(() => op.close(fd));
  }
  /** Links a send (as AsyncRing.send). */
  send(fd: number, data: string | ArrayBufferView, flags?: number): this {
    return this.add(() => op.send(fd, data, flags));
  }
  /** Links a recv (as AsyncRing.recv). */
  recv(fd: number, buffer: ArrayBufferView, flags?: number, range?: op.BufferRange): this {
    return this.add(() => op.recv(fd, buffer, flags, range));
  }
  /** Links a splice(2) of `length` bytes from `fdIn` to `fdOut` (one of them a pipe). */
  splice(fdIn: number, offIn: op.Position, fdOut: number, offOut: op.Position, length: number, flags?: number): this {
    return this.add(() => op.splice(fdIn, offIn, fdOut, offOut, length, flags));
  }
  /** Links a wait of `ms` milliseconds. */
  sleep(ms: number): this {
    return this.add(() => op.sleep(ms));
  }
  /** Links a request that does nothing. */
  nop(): this {
    return this.add(() => op.nop());
  }
  /** Gives the operation before this one `ms` milliseconds, then cancels it (ECANCELED). */
  timeout(ms: number): this {
    if (this.#ops.length === 0 && this.#error === undefined) {
      return this.add(() => { throw new TypeError('timeout() limits the operation before it: add one first'); });
    }
    return this.add(() => op.linkTimeout(ms));
  }

  /** Submits the chain; resolves to every operation's result in order (a timeout's is undefined). */
  run(options?: OperationOptions): Promise<unknown[]> {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return this.engine.runLinked(this.#ops, options);
  }
}
