// AsyncRing: io_uring as Promises on Node's event loop, shaped like fs.promises and net where
// they have an equivalent. Every method takes `{ signal }` to abort; everything started in one
// turn of the event loop reaches the kernel in one io_uring_enter (see engine.ts).
//
//   await using ring = new AsyncRing();
//   const fd = await ring.open('/etc/hostname');
//   const buf = Buffer.alloc(64);
//   const n = await ring.read(fd, buf, 0);
//   await ring.close(fd);
//
// Buffers: ring.alloc() gives a Buffer in the ring's memory, which the kernel uses in place;
// any other Buffer/TypedArray works too and is copied through ring memory (kept alive until the
// operation completes, so dropping or reusing it early is safe).

import { lookup } from 'node:dns/promises';
import { fchmodRawFd } from '../raw-fd.js';
import { isIP } from 'node:net';
import { constants as c } from '../constants.js';
import { errnoError, UringError } from '../errors.js';
import { EINVAL, EIO, EISDIR, ENOMEM } from '../errno.js';
import { Chain } from './chain.js';
import {
  invalidArgType, parseFileMode, fileTooLarge, validateBoolean, validateBuffer, validateEncoding, validateFunction,
  validateInt32, validateInteger,
} from '../validate.js';
import { Engine, signalOf, type AsyncRingOptions, type OperationOptions } from './engine.js';
import { AcceptIterator, BufferGroups, RecvIterator, type RecvMultishotOptions } from './multishot.js';
import * as op from './operations.js';
import type { Ring } from '../ring.js';
import type { Operation } from './operation.js';
import type { Stats } from './stats.js';
import type { SocketAddress } from './address.js';

/** A read's options: an operation's (`signal`) and the part of the buffer (`offset`, `length`). */
export type ReadOptions = OperationOptions & op.BufferRange;

export interface CopyFileOptions extends OperationOptions {
  /** Bytes per read and write (default 128 KiB). */
  chunkSize?: number;
  /** Chunks in flight (default 8, at most 1024); chunkSize × depth bytes of ring memory. */
  depth?: number;
  /** Called after each chunk with the bytes copied so far and the source's size (0 for /proc files). */
  onProgress?: (copied: number, size: number) => void;
}
/** A socket's address family: AF_INET or AF_INET6. */
export type Family = 'ipv4' | 'ipv6';

export type { AsyncRingOptions };

/**
 * io_uring as Promises on Node's event loop, shaped like fs.promises and net: every operation
 * returns a Promise and takes `{ signal }` to abort; what starts in one turn of the event loop
 * reaches the kernel in one io_uring_enter.
 */
export class AsyncRing {
  /** What runs the operations (private: run() and friends are not this class's API). */
  readonly #engine: Engine;
  /** Buffer-group ids of the live recvMultishot iterators. */
  readonly #groups = new BufferGroups();

  /** Options as Ring's; the SQ defaults to 256 entries. */
  constructor(options: AsyncRingOptions = {}) {
    this.#engine = new Engine(options);
  }

  // ─── The ring itself ─────────────────────────────────────────────────────────────────────────

  /** The low-level Ring underneath, for registration and diagnostics. */
  get ring(): Ring {
    return this.#engine.ring;
  }

  /** Whether close() was called, or the ring failed (see failure). */
  get closed(): boolean {
    return this.#engine.closed;
  }

  /**
   * Why the ring stopped working, when it did (its fd closed or replaced under it, a submit the
   * kernel refused, a poll error, the low-level Ring closed directly): it is then closed, and
   * every operation it owed was rejected with ERR_URING_CLOSED and this as the cause.
   */
  get failure(): Error | undefined {
    return this.#engine.failure;
  }

  /** Operations started and not yet settled (waiting in JS or in the kernel). */
  get pending(): number {
    return this.#engine.pending;
  }

  /** Pending operations keep the process alive (the default). */
  ref(): this {
    this.#engine.ref();
    return this;
  }

  /** Pending operations do not keep the process alive. */
  unref(): this {
    this.#engine.unref();
    return this;
  }

  /** close(), for `await using ring = new AsyncRing()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#engine.closeRing();
  }

  #run<T>(make: () => Operation<T>, options: OperationOptions | undefined): Promise<T> {
    return this.#engine.run(make, options);
  }

  // ─── Buffers ─────────────────────────────────────────────────────────────────────────────────

  /** A zeroed Buffer in the ring's memory: reads and writes through it copy nothing. */
  alloc(size: number): Buffer {
    validateInteger(size, 'size', 0, this.#engine.memory.maximumBytes);
    const view = this.#engine.memory.alloc(size);
    return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  }

  /** Gives back a Buffer from alloc(), once no operation uses it. */
  free(buffer: Buffer): void {
    this.#engine.memory.free(validateBuffer(buffer) as Uint8Array);
  }

  // ─── Files (fs.promises) ─────────────────────────────────────────────────────────────────────

  /**
   * openat(2): resolves to the fd. `flags` as fs.open ('r', 'w+', …) or fs.constants.O_*;
   * `mode` a number or an octal string ('644').
   */
  open(path: op.PathLike, flags: string | number = 'r', mode: number | string = 0o666, options?: OperationOptions): Promise<number> {
    return this.#run(() => op.open(path, flags, mode), options);
  }
  /**
   * close(fd): closes a file or socket, as fs.close.
   * close(): closes the ring. Operations in flight are cancelled; once the kernel has finished
   * with each (they reject with ERR_URING_CLOSED, or settle as usual if they completed first),
   * the ring fd and memory are freed. Operations not yet in the kernel reject at once. Also
   * `await using ring = new AsyncRing()` (Symbol.asyncDispose).
   */
  close(fd: number, options?: OperationOptions): Promise<void>;
  close(): Promise<void>;
  close(fd?: number, options?: OperationOptions): Promise<void> {
    if (arguments.length === 0) return this.#engine.closeRing();
    return this.#run(() => op.close(fd!, true), options);
  }
  /**
   * Reads into `buffer` (`options.offset`/`length`: a part of it) from `position` (-1, null or
   * undefined: the file position); resolves to the bytes read.
   */
  read(fd: number, buffer: ArrayBufferView, position?: op.Position, options?: ReadOptions): Promise<number> {
    let operation: Operation<number>;
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      operation = op.pooledRead(fd, buffer, position, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#engine.start(operation, signal);
  }
  /** Writes `data` (a string as UTF-8; `options.offset`/`length`: a part of it) at `position`; resolves to bytes written. */
  write(fd: number, data: string | ArrayBufferView, position?: op.Position, options?: ReadOptions): Promise<number> {
    let operation: Operation<number>;
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      operation = op.pooledWrite(fd, data, position, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#engine.start(operation, signal);
  }
  /** readv(2) into `buffers` in turn; resolves to the bytes read (0 for no buffers). */
  readv(fd: number, buffers: readonly ArrayBufferView[], position?: op.Position, options?: OperationOptions): Promise<number> {
    return this.#run(() => op.readv(fd, buffers, position), options);
  }
  /** writev(2) of `buffers` in turn; resolves to the bytes written (0 for no buffers). */
  writev(fd: number, buffers: readonly ArrayBufferView[], position?: op.Position, options?: OperationOptions): Promise<number> {
    return this.#run(() => op.writev(fd, buffers, position), options);
  }
  /** fsync(2): flushes the file's data and metadata to the device. */
  fsync(fd: number, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.fsync(fd), options);
  }
  /** fdatasync(2): flushes the file's data (and the metadata needed to read it back). */
  fdatasync(fd: number, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.fsync(fd, true), options);
  }
  /** statx(2), following symlinks; resolves to Stats like fs.Stats. */
  stat(path: op.PathLike, options?: OperationOptions): Promise<Stats> {
    return this.#run(() => op.stat(path, true, false), options);
  }
  /** statx(2) of the link itself, not its target. */
  lstat(path: op.PathLike, options?: OperationOptions): Promise<Stats> {
    return this.#run(() => op.stat(path, false, false), options);
  }
  /** statx(2) of an open file. */
  fstat(fd: number, options?: OperationOptions): Promise<Stats> {
    return this.#run(() => op.stat(fd, true, true), options);
  }
  /** unlink(2) of a file (IORING_OP_UNLINKAT, Linux 5.11; before it, the syscall). */
  unlink(path: op.PathLike, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.unlink(path), options);
  }
  /** rmdir(2) of an empty directory (IORING_OP_UNLINKAT with AT_REMOVEDIR; before 5.11, the syscall). */
  rmdir(path: op.PathLike, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.unlink(path, true), options);
  }
  /** rename(2) (IORING_OP_RENAMEAT, Linux 5.11; before it, renameat2(2)), replacing `newPath` if it exists. */
  rename(oldPath: op.PathLike, newPath: op.PathLike, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.rename(oldPath, newPath), options);
  }
  /**
   * mkdirat(2) (IORING_OP_MKDIRAT, Linux 5.15; before it, the syscall). With `recursive`, creates missing parents too and resolves to the first
   * directory it created (undefined if all existed), as fs.promises.mkdir does.
   */
  async mkdir(path: op.PathLike, options?: OperationOptions & { mode?: number | string; recursive?: boolean }): Promise<string | undefined> {
    const target = op.pathArg(path);
    const { mode = 0o777, recursive = false, signal } = op.optionsArg<{ mode: number | string; recursive: boolean; signal: AbortSignal }>(options);
    validateBoolean(recursive, 'options.recursive');
    parseFileMode(mode, 'mode');
    if (!recursive) {
      await this.#run(() => op.mkdir(target, mode), { signal });
      return undefined;
    }
    return this.#mkdirs(pathText(target), mode, signal);
  }

  async #mkdirs(path: string, mode: number | string, signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      await this.#run(() => op.mkdir(path, mode), { signal });
      return path;
    } catch (error) {
      const code = (error as UringError).code;
      if (code === 'EEXIST' && (await this.stat(path, { signal })).isDirectory()) return undefined;
      const parent = path.replace(/\/+[^/]*\/*$/, '');
      if (code !== 'ENOENT' || parent === '' || parent === path) throw error;
      const first = await this.#mkdirs(parent, mode, signal);
      await this.#run(() => op.mkdir(path, mode), { signal });
      return first ?? path;
    }
  }
  /** fallocate(2): `options.mode` FALLOC_FL_* bits (0, the default, allocates and extends the file). */
  fallocate(fd: number, offset: number, length: number, options?: OperationOptions & { mode?: number }): Promise<void> {
    return this.#run(() => op.fallocate(fd, offset, length, op.optionsArg<{ mode: number }>(options).mode), options);
  }
  /** ftruncate(2) (IORING_OP_FTRUNCATE, Linux 6.9; before it, the syscall). */
  ftruncate(fd: number, length = 0, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.ftruncate(fd, length), options);
  }
  /** splice(2) between two fds, one a pipe; resolves to bytes moved. */
  splice(fdIn: number, offIn: op.Position, fdOut: number, offOut: op.Position, length: number,
    options?: OperationOptions & { flags?: number }): Promise<number> {
    return this.#run(() => op.splice(fdIn, offIn, fdOut, offOut, length, op.optionsArg<{ flags: number }>(options).flags), options);
  }

  /**
   * The whole file, as fs.promises.readFile: a Buffer, or a string given an encoding (`options`
   * may be the encoding itself). More than 2 GiB - 1 bytes rejects with ERR_FS_FILE_TOO_LARGE, as
   * Node does for a file whose size says so, and here also for one whose size is not known in
   * advance (a pipe, /dev/zero, /proc files) once it has read that much.
   */
  async readFile(path: op.PathLike, options?: (OperationOptions & { encoding?: BufferEncoding | null }) | BufferEncoding): Promise<Buffer | string> {
    const target = op.pathArg(path);
    const { encoding, signal } = fileOptions(options);
    const fd = await this.open(target, 'r', 0o666, { signal });
    try {
      const stats = await this.fstat(fd, { signal });
      const size = stats.isFile() ? stats.size : 0; // 0: not known (a device, a pipe, /proc)
      if (size > op.IO_MAX_LENGTH) throw fileTooLarge(size);
      const data = size > 0 ? await this.#readKnown(fd, size, signal) : await this.#readToEnd(fd, signal);
      return encoding ? data.toString(encoding) : data;
    } finally {
      await this.close(fd).catch(() => {});
    }
  }

  /** A regular file of `size` bytes, read at its own position in pieces (it may turn out shorter). */
  async #readKnown(fd: number, size: number, signal: AbortSignal | undefined): Promise<Buffer> {
    const data = Buffer.allocUnsafe(size);
    let total = 0;
    while (total < size) {
      // At the file's own position, as Node reads (readFile opened it: it starts at 0).
      const n = await this.read(fd, data, -1, { signal, offset: total, length: Math.min(IO_PIECE, size - total) });
      if (n === 0) break;
      total += n;
    }
    return total === size ? data : data.subarray(0, total);
  }

  /** A file whose size is not known (a device, a pipe, /proc), to its end or past 2 GiB - 1 bytes. */
  async #readToEnd(fd: number, signal: AbortSignal | undefined): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for (let length = READ_FILE_CHUNK; ; length = Math.min(2 * length, IO_PIECE)) {
      const chunk = Buffer.allocUnsafe(length);
      const n = await this.read(fd, chunk, -1, { signal });
      if (n === 0) break;
      total += n;
      if (total > op.IO_MAX_LENGTH) throw fileTooLarge(total);
      chunks.push(n === length ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  }

  /**
   * Writes `data` as the whole file (created or truncated), as fs.promises.writeFile; a string
   * in `options.encoding` (default UTF-8; `options` may be the encoding itself).
   */
  async writeFile(path: op.PathLike, data: string | ArrayBufferView,
    options?: (OperationOptions & { mode?: number | string; encoding?: BufferEncoding | null }) | BufferEncoding): Promise<void> {
    // Everything is checked before the file is opened: a bad argument must not truncate it.
    const target = op.pathArg(path);
    const { encoding, signal, mode } = fileOptions(options);
    const bytes = op.dataArg(data, 'data', encoding ?? 'utf8');
    const bits = parseFileMode(mode, 'mode', 0o666);
    const fd = await this.open(target, 'w', bits, { signal });
    try {
      for (let at = 0; at < bytes.byteLength;) {
        at += await this.write(fd, bytes, at, { signal, offset: at, length: Math.min(IO_PIECE, bytes.byteLength - at) });
      }
    } finally {
      await this.close(fd).catch(() => {});
    }
  }

  /**
   * Copies file `src` to `dest` (created or truncated; it gets the source's permission bits), as
   * fs.promises.copyFile: `depth` reads and writes of `chunkSize` bytes in flight, in buffers of
   * ring memory. Reads to the end of the file rather than to the size fstat gives, so files that
   * report 0 (those of /proc) copy too. `onProgress(copied, size)` after each chunk. Resolves to
   * the bytes copied; on failure a regular `dest` it created or truncated is removed.
   */
  async copyFile(src: op.PathLike, dest: op.PathLike, options?: CopyFileOptions): Promise<number> {
    const srcPath = op.pathArg(src, 'src');
    const destPath = op.pathArg(dest, 'dest');
    const { chunkSize = 128 << 10, depth = 8, onProgress } = op.optionsArg<CopyFileOptions>(options);
    validateInteger(chunkSize, 'options.chunkSize', 1, op.IO_MAX_LENGTH);
    validateInteger(depth, 'options.depth', 1, MAX_COPY_DEPTH);
    if (onProgress !== undefined) validateFunction(onProgress, 'options.onProgress');
    return this.#copyFile(srcPath, destPath, { chunkSize, depth, onProgress, signal: signalOf(options) });
  }

  async #copyFile(src: string | Uint8Array, dest: string | Uint8Array, { chunkSize, depth, onProgress, signal }:
    { chunkSize: number; depth: number; onProgress?: CopyFileOptions['onProgress']; signal?: AbortSignal }): Promise<number> {
    const options = { signal };
    // The buffers first: if they do not fit, nothing has been opened or truncated yet.
    const buffers = this.#copyBuffers(chunkSize, depth, pathText(src), pathText(dest));
    try {
      const from = await this.open(src, 'r', 0, options);
      try {
        const source = await this.fstat(from, options);
        if (source.isDirectory()) throw errnoError(EISDIR, 'copyfile', { path: pathText(src), dest: pathText(dest) });
        const existing = await this.stat(dest, options).catch(() => null);
        // Opening the source itself for writing would truncate it before a byte is read.
        if (existing && existing.dev === source.dev && existing.ino === source.ino) {
          throw errnoError(EINVAL, 'copyfile', { path: pathText(src), dest: pathText(dest), hint: 'source and destination are the same file' });
        }
        const to = await this.open(dest, 'w', source.mode & 0o7777, options);
        let regular = false;
        try {
          regular = (await this.fstat(to, options)).isFile();
          const copied = await this.#copyData(from, to, source.size, buffers, options, onProgress);
          // The creation mode went through the umask, and an existing file kept its own; io_uring
          // has no chmod. Never on a device or FIFO named as the destination.
          if (regular) fchmodRawFd(to, source.mode & 0o7777);
          await this.close(to);
          return copied;
        } catch (error) {
          await this.close(to).catch(() => {});
          if (regular) await this.unlink(dest).catch(() => {});
          throw error;
        }
      } finally {
        await this.close(from).catch(() => {});
      }
    } finally {
      // Every read and write has settled by now, so the kernel is done with the buffers, unless
      // the ring failed under them (then they stay out of use: see failure).
      if (!this.failure) for (const buffer of buffers) this.free(buffer);
    }
  }

  /** `depth` buffers of `chunkSize` bytes of ring memory, all or none. */
  #copyBuffers(chunkSize: number, depth: number, src: string, dest: string): Buffer[] {
    const buffers: Buffer[] = [];
    try {
      while (buffers.length < depth) buffers.push(this.alloc(chunkSize));
    } catch (error) {
      for (const buffer of buffers) this.free(buffer);
      if ((error as UringError).code !== 'ENOMEM') throw error;
      throw errnoError(ENOMEM, 'copyfile', {
        path: src, dest,
        hint: `its buffers need ${chunkSize * depth} bytes of ring memory (chunkSize ${chunkSize} × depth ${depth}), more than ` +
          `is left: lower options.chunkSize or options.depth, or give the AsyncRing a RingMemory with a larger maximumBytes ` +
          `(this one's is ${this.#engine.memory.maximumBytes})`,
      });
    }
    return buffers;
  }

  /**
   * One worker per buffer takes the next chunk's offset in turn, reads it whole, then writes it
   * whole, until one reads past the end. Settles once every worker has (the kernel is done with
   * the buffers).
   */
  async #copyData(from: number, to: number, size: number, buffers: readonly Buffer[],
    options: OperationOptions, onProgress?: (copied: number, size: number) => void): Promise<number> {
    const chunkSize = buffers[0]!.byteLength;
    let next = 0;
    let ended = false;
    let copied = 0;
    const worker = async (buffer: Buffer): Promise<void> => {
      while (!ended) {
        const at = next;
        next += chunkSize;
        let n = 0;
        while (n < chunkSize) {
          const got = await this.read(from, buffer, at + n, { ...options, offset: n, length: chunkSize - n });
          if (got === 0) break;
          n += got;
        }
        if (n < chunkSize) ended = true;
        for (let done = 0; done < n;) {
          const wrote = await this.write(to, buffer, at + done, { ...options, offset: done, length: n - done });
          if (wrote === 0) throw errnoError(EIO, 'write', { hint: `wrote nothing with ${n - done} bytes left at offset ${at + done}` });
          done += wrote;
        }
        copied += n;
        if (n > 0) onProgress?.(copied, size);
      }
    };
    const results = await Promise.allSettled(buffers.map((buffer) => worker(buffer).catch((error: unknown) => {
      ended = true; // the others stop after their current chunk
      throw error;
    })));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return copied;
  }

  // ─── Sockets (net) ───────────────────────────────────────────────────────────────────────────

  /** socket(2), close-on-exec (IORING_OP_SOCKET, Linux 5.19; before it, the syscall); resolves to the fd. */
  socket(family: Family = 'ipv4', type: 'stream' | 'dgram' = 'stream', options?: OperationOptions): Promise<number> {
    return this.#run(() => op.socket(op.socketFamily(family), op.socketType(type)), options);
  }
  /** connect(2) to `host`:`port` (a name is looked up with dns.lookup first). */
  async connect(fd: number, port: number, host = 'localhost', options?: OperationOptions): Promise<void> {
    op.fdArg(fd);
    const ip = await address(port, host, options);
    await this.#run(() => op.connect(fd, ip, port), options);
  }
  /** A TCP socket connected to `host`:`port`, as net.connect; resolves to its fd. */
  async createConnection(port: number, host = 'localhost', options?: OperationOptions): Promise<number> {
    const ip = await address(port, host, options);
    const fd = await this.socket(isIP(ip) === 6 ? 'ipv6' : 'ipv4', 'stream', options);
    try {
      await this.#run(() => op.connect(fd, ip, port), options);
      return fd;
    } catch (error) {
      await this.close(fd).catch(() => {});
      throw error;
    }
  }
  /**
   * A TCP socket listening on `host`:`port` with SO_REUSEADDR, as net.Server.listen; resolves to
   * its fd. Built from SOCKET (5.19), a socket URING_CMD (6.7), BIND and LISTEN (6.11); on a kernel
   * that lacks one, that step is the plain syscall.
   */
  async listen(port: number, host = '127.0.0.1', options?: OperationOptions & { backlog?: number }): Promise<number> {
    const ip = await address(port, host, options);
    const { backlog = 511, signal } = op.optionsArg<{ backlog: number; signal: AbortSignal }>(options);
    validateInt32(backlog, 'options.backlog', 0);
    const fd = await this.socket(isIP(ip) === 6 ? 'ipv6' : 'ipv4', 'stream', { signal });
    try {
      await this.#run(() => op.setsockopt(fd, c.SOL_SOCKET, c.SO_REUSEADDR, 1), { signal });
      await this.#run(() => op.bind(fd, ip, port), { signal });
      await this.#run(() => op.listen(fd, backlog), { signal });
      return fd;
    } catch (error) {
      await this.close(fd).catch(() => {});
      throw error;
    }
  }
  /** accept4(2) of the next connection on listening socket `fd`; resolves to its fd. */
  accept(fd: number, options?: OperationOptions): Promise<number> {
    return this.#run(() => op.accept(fd), options);
  }
  /**
   * Every connection on `fd` as it arrives, from one multishot ACCEPT (Linux 5.19; before, a
   * single-shot ACCEPT re-armed after each connection). It returns an iterator, not a Promise:
   * a bad argument, or a closed ring, throws here.
   */
  acceptMultishot(fd: number, options?: OperationOptions): AsyncIterableIterator<number> {
    return new AcceptIterator(this.#engine, fd, options);
  }
  /** Sends `data` (a string as UTF-8); `options.flags` MSG_*; resolves to the bytes sent. */
  send(fd: number, data: string | ArrayBufferView, options?: OperationOptions & { flags?: number }): Promise<number> {
    let operation: Operation<number>;
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      operation = op.pooledSend(fd, data, options === undefined ? 0 : op.optionsArg<{ flags: number }>(options).flags);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#engine.start(operation, signal);
  }
  /** Receives into `buffer` (`options.offset`/`length`: a part of it); resolves to the bytes received (0: the peer closed). */
  recv(fd: number, buffer: ArrayBufferView, options?: ReadOptions & { flags?: number }): Promise<number> {
    let operation: Operation<number>;
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
      const flags = options === undefined ? 0 : op.optionsArg<{ flags: number }>(options).flags;
      operation = op.pooledRecv(fd, buffer, flags, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#engine.start(operation, signal);
  }
  /**
   * Everything received on `fd`, one Buffer per completion, from one multishot RECV over a
   * provided-buffer ring (Linux 6.0; before, one single-shot RECV at a time, re-armed after
   * each, into the same pool of buffers); ends when the peer closes. Its buffers take
   * `bufferSize` × `buffers` bytes of ring memory (default 16 KiB × 4) until it ends. It returns
   * an iterator, not a Promise: a bad argument, a closed ring, or ring memory too short for its
   * buffers (ENOMEM, saying which options to lower) throws here.
   */
  recvMultishot(fd: number, options?: RecvMultishotOptions): AsyncIterableIterator<Buffer> {
    return new RecvIterator(this.#engine, fd, this.#groups, options);
  }
  /**
   * The address socket `fd` is bound to, as net's socket.address() gives it ({ address, port,
   * family }; null for a socket that is not IPv4 or IPv6): getsockname(2) (a socket URING_CMD,
   * Linux 6.19; before it, the syscall).
   */
  getsockname(fd: number, options?: OperationOptions): Promise<SocketAddress | null> {
    return this.#run(() => op.sockname(fd), options);
  }
  /** The address of the peer of connected socket `fd`, as getsockname: getpeername(2). */
  getpeername(fd: number, options?: OperationOptions): Promise<SocketAddress | null> {
    return this.#run(() => op.sockname(fd, true), options);
  }
  /** shutdown(2) of the `how` side(s): 'read', 'write' or 'both' (IORING_OP_SHUTDOWN, Linux 5.11; before it, the syscall). */
  shutdown(fd: number, how: 'read' | 'write' | 'both' = 'both', options?: OperationOptions): Promise<void> {
    return this.#run(() => op.shutdown(fd, op.shutdownHow(how)), options);
  }

  // ─── Time, nothing, chains ───────────────────────────────────────────────────────────────────

  /** Resolves after `ms` milliseconds (a kernel timeout, as timers/promises' setTimeout). */
  sleep(ms: number, options?: OperationOptions): Promise<void> {
    return this.#run(() => op.sleep(ms), options);
  }
  /** A round trip through the kernel that does nothing. */
  nop(options?: OperationOptions): Promise<void> {
    let signal: AbortSignal | undefined;
    try {
      signal = signalOf(options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#engine.start(op.nop(), signal);
  }
  /** A linked chain builder: ring.chain().write(…).fsync(fd).run(). */
  chain(): Chain {
    return new Chain(this.#engine);
  }
}

/** Chunks in flight copyFile allows: more than the SQ holds gains nothing. */
const MAX_COPY_DEPTH = 1024;
/** Reads of a file whose size is not known start at 64 KiB (as Node's) and double up to IO_PIECE. */
const READ_FILE_CHUNK = 64 << 10;
/** The most readFile/writeFile move per request: staging copies that size come from a pool. */
const IO_PIECE = 1 << 20;

/** readFile/writeFile options: an encoding string, or an object (checked as fs checks them). */
function fileOptions(options: unknown): { encoding?: BufferEncoding; signal?: AbortSignal; mode?: unknown } {
  if (typeof options === 'string') return { encoding: validateEncoding(options) };
  if (options !== undefined && options !== null && typeof options !== 'object') throw invalidArgType('options', ['string', 'Object'], options);
  const { encoding, signal, mode } = op.optionsArg<{ encoding: string | null; signal: AbortSignal; mode: unknown }>(options);
  return {
    ...(encoding === undefined || encoding === null ? {} : { encoding: validateEncoding(encoding) }),
    signal: signalOf(options),
    mode,
  };
}

/** A numeric address for `host` (dns.lookup for a name, as net does), `port` and `options` checked first. */
async function address(port: unknown, host: unknown, options: unknown): Promise<string> {
  op.portArg(port);
  const name = op.hostArg(host);
  signalOf(options);
  return isIP(name) ? name : (await lookup(name)).address;
}

/** A path as messages name it. */
function pathText(path: string | Uint8Array): string {
  return typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString();
}
