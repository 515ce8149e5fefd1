// The operations of the Promise API, one factory each: what it borrows from ring memory, which
// prep* queues its SQE, what its completion resolves to. AsyncRing's methods and Chain's links
// are both built from these, so each operation is defined once. Public (as `operations`) for
// Chain.add(): any of them can be a link. The argument checks they share are @internal.

import { constants as fsConstants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as c } from '../constants.js';
import { ETIME } from '../errno.js';
import { NEEDS } from '../generated/opcodes.js';
import type { RingMemory } from '../memory.js';
import {
  invalidArgType, invalidArgValue, outOfRange, parseFileMode, validateBuffer, validateBufferArray, validateFd,
  validateInt32, validateInteger, validateNumber, validateObject, validateOneOf, validatePath, validatePort,
  validateString, validateUint32,
} from '../validate.js';
import { decodeAddress, encodeAddress, type SocketAddress } from './address.js';
import type { Ring } from '../ring.js';
import { closeUnwanted, Staged, type Operation } from './operation.js';
import { Stats } from './stats.js';
import { closedThroughDenoFs } from '../raw-fd.js';

/** A position of -1 (or null/undefined): the file's current position, as in fs.read. */
export type Position = number | bigint | null | undefined;

/** The part of a buffer an operation reads into or writes from. */
export interface BufferRange {
  /** Where in the buffer to start (default 0). */
  offset?: number;
  /** How many bytes (default: the rest of the buffer). */
  length?: number;
}

/** A path as fs takes it: a string, a Buffer (bytes), or a file: URL. */
export type PathLike = string | Uint8Array | URL;

const NO_BYTES = new Uint8Array(0);
/** @internal The most one read or write moves, as in Node (kIoMaxLength): 2 GiB - 1. */
export const IO_MAX_LENGTH = 2 ** 31 - 1;

// ─── Arguments: each kind checked here, once, with Node's codes and messages ───────────────────
// A factory below checks all its arguments before it returns, so a bad one rejects the
// operation's Promise before anything is borrowed, queued, opened or truncated.

/** @internal A file descriptor: an int32 ≥ 0. */
export function fdArg(fd: unknown, name = 'fd'): number {
  return validateFd(fd, name);
}

/** @internal A file position: an integer ≥ -1 or a bigint (-1, null, undefined: the current position), as fs.read. */
export function positionArg(pos: unknown, name = 'position'): number {
  if (pos === null || pos === undefined) return -1;
  if (typeof pos === 'number') return validateInteger(pos, name, -1);
  if (typeof pos === 'bigint') {
    // The SQE offset goes through a double: past 2^53 it would silently change.
    if (pos < -1n || pos > BigInt(Number.MAX_SAFE_INTEGER)) throw outOfRange(name, `>= -1 && <= ${Number.MAX_SAFE_INTEGER}`, pos);
    return Number(pos);
  }
  throw invalidArgType(name, ['integer', 'bigint'], pos);
}

/** @internal An options object (undefined and null: none). */
export function optionsArg<T extends object>(options: unknown, name = 'options'): Partial<T> {
  if (options === undefined || options === null) return {};
  return validateObject<Partial<T>>(options, name);
}

/** The bytes `range` names in `bytes`: offset and length inside it, as fs.read/fs.write check them. */
function rangeOf(bytes: Uint8Array, range: unknown): Uint8Array {
  if (range === undefined || range === null) {
    if (bytes.byteLength > IO_MAX_LENGTH) throw outOfRange('length', `<= ${IO_MAX_LENGTH}`, bytes.byteLength);
    return bytes;
  }
  const { offset, length } = optionsArg<BufferRange>(range);
  const size = bytes.byteLength;
  const from = offset === undefined || offset === null ? 0 : validateInteger(offset, 'offset', 0);
  if (from > size) throw outOfRange('offset', `<= ${size}`, from);
  let count = size - from;
  if (length !== undefined && length !== null) {
    count = validateInteger(length, 'length');
    if (count < 0) throw outOfRange('length', '>= 0', count);
    if (count > size - from) throw outOfRange('length', `<= ${size - from}`, count);
  }
  if (count > IO_MAX_LENGTH) throw outOfRange('length', `<= ${IO_MAX_LENGTH}`, count);
  return from === 0 && count === size ? bytes : bytes.subarray(from, from + count);
}

/** A buffer to read into: a Buffer, TypedArray or DataView, as bytes. */
function bufferArg(buffer: unknown, name = 'buffer'): Uint8Array {
  const view = validateBuffer(buffer, name);
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** @internal Data to write: a string (UTF-8, or `encoding`) or a Buffer, TypedArray or DataView, as bytes. */
export function dataArg(data: unknown, name = 'data', encoding: BufferEncoding = 'utf8'): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding);
  if (!ArrayBuffer.isView(data)) throw invalidArgType(name, ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** @internal A path: a string, Buffer or file: URL without NUL bytes (fileURLToPath throws Node's URL errors). */
export function pathArg(path: unknown, name = 'path'): string | Uint8Array {
  return validatePath(path instanceof URL ? fileURLToPath(path) : path, name);
}

/** A path as an error names it. */
function pathText(path: string | Uint8Array): string {
  return typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString();
}

/** @internal A duration in milliseconds: a number ≥ 0 (finite: it becomes a timespec). */
export function msArg(ms: unknown, name = 'ms'): number {
  return validateNumber(ms, name, 0, Number.MAX_SAFE_INTEGER);
}

/** Flags for an SQE field (MSG_*, SPLICE_F_*, FALLOC_FL_*): a uint32. */
function flagsArg(flags: unknown, name: string): number {
  return flags === undefined ? 0 : validateUint32(flags, name);
}

/** A byte count or file offset: an integer ≥ 0. */
function sizeArg(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  return validateInteger(value, name, 0, max);
}

/** @internal 'ipv4' or 'ipv6' → AF_INET / AF_INET6. */
export function socketFamily(family: unknown): number {
  return validateOneOf(family, 'family', ['ipv4', 'ipv6'] as const) === 'ipv4' ? c.AF_INET : c.AF_INET6;
}

/** @internal 'stream' or 'dgram' → SOCK_STREAM / SOCK_DGRAM. */
export function socketType(type: unknown): number {
  return validateOneOf(type, 'type', ['stream', 'dgram'] as const) === 'stream' ? c.SOCK_STREAM : c.SOCK_DGRAM;
}

/** @internal 'read', 'write' or 'both' → SHUT_RD / SHUT_WR / SHUT_RDWR. */
export function shutdownHow(how: unknown): number {
  const name = validateOneOf(how, 'how', ['read', 'write', 'both'] as const);
  return name === 'read' ? c.SHUT_RD : name === 'write' ? c.SHUT_WR : c.SHUT_RDWR;
}

/** @internal A port as net takes it (ERR_SOCKET_BAD_PORT otherwise). */
export function portArg(port: unknown): number {
  return validatePort(port);
}
/** @internal A host: a string. */
export function hostArg(host: unknown): string {
  return validateString(host, 'host');
}

/** A struct or string in ring memory that one request holds until its completion. */
class Held {
  view: Uint8Array | null = null;
  set(view: Uint8Array): void {
    this.view = view;
  }
  release(memory: RingMemory): void {
    if (this.view) memory.free(this.view);
    this.view = null;
  }
}

/** A path (checked by pathArg) as a NUL-terminated copy in ring memory, held for one request. */
class CPath extends Held {
  constructor(readonly path: string | Uint8Array) {
    super();
  }
  acquire(memory: RingMemory): void {
    if (typeof this.path === 'string') {
      this.set(memory.cString(this.path));
      return;
    }
    const view = memory.alloc(this.path.byteLength + 1); // zeroed: the NUL is there
    view.set(this.path);
    this.set(view);
  }
}

/** @internal fs's open flags: 'r', 'w+', 'ax'… or a number (fs.constants.O_*); undefined/null: 'r'. */
export function openFlags(flags: unknown): number {
  if (typeof flags === 'number') return validateInt32(flags, 'flags');
  if (flags === undefined || flags === null) return fsConstants.O_RDONLY;
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_SYNC } = fsConstants;
  const table: Record<string, number> = {
    'r': O_RDONLY, 'rs': O_RDONLY | O_SYNC, 'sr': O_RDONLY | O_SYNC, 'r+': O_RDWR, 'rs+': O_RDWR | O_SYNC, 'sr+': O_RDWR | O_SYNC,
    'w': O_TRUNC | O_CREAT | O_WRONLY, 'wx': O_TRUNC | O_CREAT | O_WRONLY | O_EXCL, 'xw': O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
    'w+': O_TRUNC | O_CREAT | O_RDWR, 'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL, 'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
    'a': O_APPEND | O_CREAT | O_WRONLY, 'ax': O_APPEND | O_CREAT | O_WRONLY | O_EXCL, 'xa': O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
    'as': O_APPEND | O_CREAT | O_WRONLY | O_SYNC, 'sa': O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
    'a+': O_APPEND | O_CREAT | O_RDWR, 'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL, 'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
    'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC, 'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  };
  const value = typeof flags === 'string' && Object.hasOwn(table, flags) ? table[flags] : undefined;
  if (value === undefined) throw invalidArgValue('flags', flags);
  return value;
}

const O_CLOEXEC = 0o2000000;

// ─── Files ─────────────────────────────────────────────────────────────────────────────────────

/** open(2) (openat) of `path` with fs's flags ('r', 'w+', … or O_* bits), close-on-exec; resolves to the fd. */
export function open(path: PathLike, flags: string | number = 'r', mode: number | string = 0o666): Operation<number> {
  const target = pathArg(path);
  const how = openFlags(flags) | O_CLOEXEC; // as libuv opens every file
  const bits = parseFileMode(mode, 'mode', 0o666);
  const p = new CPath(target);
  return {
    syscall: 'open', path: pathText(target),
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepOpenat(ud, c.AT_FDCWD, p.view!, how, bits),
    complete: (res) => res,
    discard: closeUnwanted,
    release: (m) => p.release(m),
  };
}

/**
 * close(2) of `fd`. `alone`: not a link of a chain, so it may close at once outside the ring when
 * it must (on Deno, an fd Deno's node:fs opened: see raw-fd.ts), with a NOP for its completion.
 */
export function close(fd: number, alone = false): Operation<void> {
  fdArg(fd);
  return {
    syscall: 'close',
    queue: (ring, ud) => (alone && closedThroughDenoFs(fd) ? ring.prepNop(ud) : ring.prepClose(ud, fd)),
    complete: () => undefined,
  };
}

// ─── The hot operations: objects reused ────────────────────────────────────────────────────────
// read, write, send, recv and nop are classes whose objects AsyncRing takes from a pool and the
// Engine gives back (recycle()) once their request has settled: no closures, no object per
// call. The factories below (used by chains too, which keep their operations) make fresh ones.

/** The most objects each hot operation's pool keeps. */
const POOL_MAX = 256;

/**
 * What a kind of one-buffer request is: the syscall it names, whether the kernel fills the bytes
 * (read, recv: copied back to a staged caller's view) or takes them (write, send: copied in, and
 * snapshotted when the request must wait), its prep* call, and its pool of reusable operations.
 */
interface BufferIoKind {
  readonly syscall: 'read' | 'write' | 'send' | 'recv';
  readonly incoming: boolean;
  queue(ring: Ring, userData: number, fd: number, view: Uint8Array, arg: number): number;
  readonly pool: BufferIo[];
}

const READ: BufferIoKind = { syscall: 'read', incoming: true, pool: [], queue: (ring, ud, fd, view, at) => ring.prepRead(ud, fd, view, at) };
const WRITE: BufferIoKind = { syscall: 'write', incoming: false, pool: [], queue: (ring, ud, fd, view, at) => ring.prepWrite(ud, fd, view, at) };
const SEND: BufferIoKind = { syscall: 'send', incoming: false, pool: [], queue: (ring, ud, fd, view, flags) => ring.prepSend(ud, fd, view, flags) };
const RECV: BufferIoKind = { syscall: 'recv', incoming: true, pool: [], queue: (ring, ud, fd, view, flags) => ring.prepRecv(ud, fd, view, flags) };

/** A read, write, send or recv of one buffer; `fd`, `arg` (position or MSG_* flags) set per use. */
class BufferIo implements Operation<number> {
  readonly staged = new Staged();
  fd = -1;
  arg = 0;
  /** Whether it goes back to its kind's pool once settled (one a factory made is not reused). */
  pooled = false;

  constructor(readonly kind: BufferIoKind) {}

  get syscall(): BufferIoKind['syscall'] { return this.kind.syscall; }

  set(fd: number, bytes: Uint8Array, arg: number): this {
    this.fd = fd;
    this.arg = arg;
    this.staged.reset(bytes);
    return this;
  }

  hold(memory: RingMemory): void {
    if (!this.kind.incoming) this.staged.hold(memory);
  }

  acquire(memory: RingMemory): void {
    this.staged.acquire(memory, !this.kind.incoming);
  }

  queue(ring: Ring, userData: number): number {
    return this.kind.queue(ring, userData, this.fd, this.staged.view, this.arg);
  }

  complete(res: number): number {
    if (this.kind.incoming) this.staged.copyBack(res);
    return res;
  }

  release(memory: RingMemory): void {
    this.staged.release(memory);
  }

  recycle(): void {
    if (!this.pooled) return;
    this.staged.reset(NO_BYTES); // drops the caller's buffer
    if (this.kind.pool.length < POOL_MAX) this.kind.pool.push(this);
  }
}

class NopOp implements Operation<void> {
  get syscall(): 'nop' { return 'nop'; }
  queue(ring: Ring, userData: number): number {
    return ring.prepNop(userData);
  }
  complete(): void {
    return undefined;
  }
}
/** A nop holds nothing: one object serves every call. */
const NOP = new NopOp();

/** An operation of `kind` from its pool (or new), marked to go back there once settled. */
function pooled(kind: BufferIoKind): BufferIo {
  const op = kind.pool.pop() ?? new BufferIo(kind);
  op.pooled = true;
  return op;
}

/** @internal As read(), from the pool (AsyncRing.read). */
export function pooledRead(fd: number, buffer: ArrayBufferView, pos?: Position, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(bufferArg(buffer), range);
  const at = positionArg(pos);
  return pooled(READ).set(fd, bytes, at);
}

/** @internal As write(), from the pool (AsyncRing.write). */
export function pooledWrite(fd: number, data: string | ArrayBufferView, pos?: Position, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(dataArg(data, 'buffer'), range); // named as fs.write names it
  const at = positionArg(pos);
  return pooled(WRITE).set(fd, bytes, at);
}

/** @internal As send(), from the pool (AsyncRing.send). */
export function pooledSend(fd: number, data: string | ArrayBufferView, flags = 0): Operation<number> {
  fdArg(fd);
  const bytes = dataArg(data);
  const bits = flagsArg(flags, 'options.flags');
  return pooled(SEND).set(fd, bytes, bits);
}

/** @internal As recv(), from the pool (AsyncRing.recv). */
export function pooledRecv(fd: number, buffer: ArrayBufferView, flags = 0, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(bufferArg(buffer), range);
  const bits = flagsArg(flags, 'options.flags');
  return pooled(RECV).set(fd, bytes, bits);
}

/** read(2) into `buffer` (or its `range`) at `pos` (the file position when none); resolves to the bytes read. */
export function read(fd: number, buffer: ArrayBufferView, pos?: Position, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(bufferArg(buffer), range);
  return new BufferIo(READ).set(fd, bytes, positionArg(pos));
}

/** write(2) of `data` (a string as UTF-8, or a buffer's `range`) at `pos`; resolves to the bytes written. */
export function write(fd: number, data: string | ArrayBufferView, pos?: Position, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(dataArg(data, 'buffer'), range); // named as fs.write names it
  return new BufferIo(WRITE).set(fd, bytes, positionArg(pos));
}

/** readv/writev: the buffers staged one by one, an iovec array over them (at most IOV_MAX: the kernel says EINVAL). */
function vectored(syscall: 'read' | 'write', fd: number, buffers: readonly ArrayBufferView[], pos: Position): Operation<number> {
  fdArg(fd);
  const staged = validateBufferArray(buffers).map((b) => new Staged(bufferArg(b)));
  const at = positionArg(pos);
  const iovecs = new Held();
  return {
    syscall,
    hold: (m) => { if (syscall === 'write') for (const s of staged) s.hold(m); },
    acquire: (m) => {
      for (const s of staged) s.acquire(m, syscall === 'write');
      iovecs.set(m.iovecs(staged.map((s) => s.view)));
    },
    queue: (ring, ud) => syscall === 'read'
      ? ring.prepReadv(ud, fd, iovecs.view!, staged.length, at)
      : ring.prepWritev(ud, fd, iovecs.view!, staged.length, at),
    complete: (res) => {
      if (syscall === 'read') {
        let left = res;
        for (const s of staged) {
          s.copyBack(Math.min(left, s.view.byteLength));
          left -= s.view.byteLength;
          if (left <= 0) break;
        }
      }
      return res;
    },
    release: (m) => {
      for (const s of staged) s.release(m);
      iovecs.release(m);
    },
  };
}

/** readv(2) into `buffers` in turn; resolves to the bytes read. */
export function readv(fd: number, buffers: readonly ArrayBufferView[], pos?: Position): Operation<number> {
  return vectored('read', fd, buffers, pos);
}

/** writev(2) of `buffers` in turn; resolves to the bytes written. */
export function writev(fd: number, buffers: readonly ArrayBufferView[], pos?: Position): Operation<number> {
  return vectored('write', fd, buffers, pos);
}

/** fsync(2) of `fd`, or fdatasync(2) with `dataOnly`. */
export function fsync(fd: number, dataOnly = false): Operation<void> {
  fdArg(fd);
  return {
    syscall: dataOnly ? 'fdatasync' : 'fsync',
    queue: (ring, ud) => ring.prepFsync(ud, fd, dataOnly ? c.IORING_FSYNC_DATASYNC : 0),
    complete: () => undefined,
  };
}

/** statx(2) of a path, or (`byFd`) of an open file (AT_EMPTY_PATH). */
export function stat(target: PathLike | number, followSymlinks = true, byFd = typeof target === 'number'): Operation<Stats> {
  const path = byFd ? '' : pathArg(target);
  const dirfd = byFd ? fdArg(target) : c.AT_FDCWD;
  const flags = (byFd ? c.AT_EMPTY_PATH : 0) | (followSymlinks ? 0 : c.AT_SYMLINK_NOFOLLOW);
  const p = new CPath(path);
  const buf = new Held();
  let memory: RingMemory;
  return {
    syscall: byFd ? 'fstat' : followSymlinks ? 'stat' : 'lstat',
    ...(byFd ? {} : { path: pathText(path) }),
    acquire: (m) => {
      memory = m;
      p.acquire(m);
      buf.set(m.statxBuffer());
    },
    queue: (ring, ud) => ring.prepStatx(ud, dirfd, p.view!, flags, c.STATX_BASIC_STATS | c.STATX_BTIME, buf.view!),
    complete: () => Stats.fromStatx(memory, buf.view!.byteOffset),
    release: (m) => {
      p.release(m);
      buf.release(m);
    },
  };
}

/** unlinkat(2); `directory`: rmdir (AT_REMOVEDIR) (5.11; before it, the syscall). */
export function unlink(path: PathLike, directory = false): Operation<void> {
  const target = pathArg(path);
  const p = new CPath(target);
  return {
    syscall: directory ? 'rmdir' : 'unlink', path: pathText(target), needs: NEEDS.unlinkat,
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepUnlinkat(ud, c.AT_FDCWD, p.view!, directory ? c.AT_REMOVEDIR : 0),
    fallback: (m) => m.wasm.sys_unlinkat(c.AT_FDCWD, p.view!.byteOffset, p.view!.byteLength, directory ? c.AT_REMOVEDIR : 0),
    complete: () => undefined,
    release: (m) => p.release(m),
  };
}

/** renameat2(2) (5.11; before it, the syscall). */
export function rename(oldPath: PathLike, newPath: PathLike): Operation<void> {
  const source = pathArg(oldPath, 'oldPath');
  const target = pathArg(newPath, 'newPath');
  const from = new CPath(source);
  const to = new CPath(target);
  return {
    syscall: 'rename', path: pathText(source), dest: pathText(target), needs: NEEDS.renameat,
    acquire: (m) => {
      from.acquire(m);
      to.acquire(m);
    },
    queue: (ring, ud) => ring.prepRenameat(ud, c.AT_FDCWD, from.view!, c.AT_FDCWD, to.view!),
    fallback: (m) => m.wasm.sys_renameat2(c.AT_FDCWD, from.view!.byteOffset, from.view!.byteLength,
      c.AT_FDCWD, to.view!.byteOffset, to.view!.byteLength, 0),
    complete: () => undefined,
    release: (m) => {
      from.release(m);
      to.release(m);
    },
  };
}

/** mkdirat(2) (5.15; before it, the syscall); `mode` a number or an octal string, as fs.mkdir. */
export function mkdir(path: PathLike, mode: number | string = 0o777): Operation<void> {
  const target = pathArg(path);
  const bits = parseFileMode(mode, 'mode', 0o777);
  const p = new CPath(target);
  return {
    syscall: 'mkdir', path: pathText(target), needs: NEEDS.mkdirat,
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepMkdirat(ud, c.AT_FDCWD, p.view!, bits),
    fallback: (m) => m.wasm.sys_mkdirat(c.AT_FDCWD, p.view!.byteOffset, p.view!.byteLength, bits),
    complete: () => undefined,
    release: (m) => p.release(m),
  };
}

/** fallocate(2): `mode` FALLOC_FL_* bits (0 allocates, extending the file). */
export function fallocate(fd: number, offset: number, length: number, mode = 0): Operation<void> {
  fdArg(fd);
  sizeArg(offset, 'offset');
  sizeArg(length, 'length');
  const bits = flagsArg(mode, 'options.mode');
  return {
    syscall: 'fallocate',
    queue: (ring, ud) => ring.prepFallocate(ud, fd, bits, offset, length),
    complete: () => undefined,
  };
}

/** ftruncate(2) (6.9; before it, the syscall). */
export function ftruncate(fd: number, length = 0): Operation<void> {
  fdArg(fd);
  sizeArg(length, 'length');
  return {
    syscall: 'ftruncate', needs: NEEDS.ftruncate,
    queue: (ring, ud) => ring.prepFtruncate(ud, fd, length),
    fallback: (m) => m.wasm.sys_ftruncate(fd, length),
    complete: () => undefined,
  };
}

/** splice(2): moves up to `length` bytes between two fds, one of them a pipe (5.7). */
export function splice(fdIn: number, offIn: Position, fdOut: number, offOut: Position, length: number, flags = 0): Operation<number> {
  fdArg(fdIn, 'fdIn');
  const from = positionArg(offIn, 'offIn');
  fdArg(fdOut, 'fdOut');
  const to = positionArg(offOut, 'offOut');
  sizeArg(length, 'length', IO_MAX_LENGTH);
  const bits = flagsArg(flags, 'options.flags');
  return {
    syscall: 'splice',
    queue: (ring, ud) => ring.prepSplice(ud, fdIn, from, fdOut, to, length, bits),
    complete: (res) => res,
  };
}

// ─── Sockets ───────────────────────────────────────────────────────────────────────────────────

/** socket(2), close-on-exec (5.19; before it, the syscall); AF_*, SOCK_* numbers (see socketFamily, socketType). */
export function socket(domain: number, type: number, protocol = 0): Operation<number> {
  validateInt32(domain, 'domain', 0);
  validateInt32(type, 'type', 0);
  validateInt32(protocol, 'protocol', 0);
  return {
    syscall: 'socket', needs: NEEDS.socket,
    queue: (ring, ud) => ring.prepSocket(ud, domain, type | c.SOCK_CLOEXEC, protocol),
    fallback: (m) => m.wasm.sys_socket(domain, type | c.SOCK_CLOEXEC, protocol),
    complete: (res) => res,
    discard: closeUnwanted,
  };
}

/** The two socket calls that take an address: connect(2), and bind(2) (6.11; before it, the syscall). */
function addressed(syscall: 'connect' | 'bind', fd: number, host: string, port: number): Operation<void> {
  fdArg(fd);
  hostArg(host);
  const number = portArg(port);
  const addr = new Held();
  return {
    syscall, ...(syscall === 'bind' ? {
      needs: NEEDS.bind,
      fallback: (m: RingMemory) => m.wasm.sys_bind(fd, addr.view!.byteOffset, addr.view!.byteLength),
    } : {}),
    acquire: (m) => addr.set(encodeAddress(m, host, number)),
    queue: (ring, ud) => syscall === 'connect' ? ring.prepConnect(ud, fd, addr.view!) : ring.prepBind(ud, fd, addr.view!),
    complete: () => undefined,
    release: (m) => addr.release(m),
  };
}

/** connect(2) to a numeric address (AsyncRing.connect looks names up first). */
export function connect(fd: number, host: string, port: number): Operation<void> {
  return addressed('connect', fd, host, port);
}

/** bind(2) to a numeric address (6.11; before it, the syscall). */
export function bind(fd: number, host: string, port: number): Operation<void> {
  return addressed('bind', fd, host, port);
}

/** listen(2) (6.11; before it, the syscall). */
export function listen(fd: number, backlog = 511): Operation<void> {
  fdArg(fd);
  validateInt32(backlog, 'options.backlog', 0);
  return {
    syscall: 'listen', needs: NEEDS.listen,
    queue: (ring, ud) => ring.prepListen(ud, fd, backlog),
    fallback: (m) => m.wasm.sys_listen(fd, backlog),
    complete: () => undefined,
  };
}

/** setsockopt(2) of an int option, through a socket URING_CMD (6.7; before it, the syscall). */
export function setsockopt(fd: number, level: number, name: number, value: number): Operation<void> {
  fdArg(fd);
  validateInt32(level, 'level');
  validateInt32(name, 'name');
  validateInt32(value, 'value');
  const optval = new Held();
  return {
    syscall: 'setsockopt', needs: NEEDS.cmd_sock, feature: 'IORING_OP_URING_CMD SOCKET_URING_OP_SETSOCKOPT',
    acquire: (m) => {
      const view = m.alloc(4, 4);
      new DataView(view.buffer, view.byteOffset, 4).setInt32(0, value, true);
      optval.set(view);
    },
    queue: (ring, ud) => ring.prepCmdSock(ud, c.SOCKET_URING_OP_SETSOCKOPT, fd, level, name, optval.view),
    fallback: (m) => m.wasm.sys_setsockopt(fd, level, name, optval.view!.byteOffset, optval.view!.byteLength),
    complete: () => undefined,
    release: (m) => optval.release(m),
  };
}

/** accept4(2) of one connection, close-on-exec; resolves to its fd. */
export function accept(fd: number): Operation<number> {
  fdArg(fd);
  return {
    syscall: 'accept',
    queue: (ring, ud) => ring.prepAccept(ud, fd, null, null, c.SOCK_CLOEXEC),
    complete: (res) => res,
    discard: closeUnwanted,
  };
}

/** send(2) of `data` with MSG_* `flags`; resolves to the bytes sent. */
export function send(fd: number, data: string | ArrayBufferView, flags = 0): Operation<number> {
  fdArg(fd);
  const bytes = dataArg(data);
  return new BufferIo(SEND).set(fd, bytes, flagsArg(flags, 'options.flags'));
}

/** recv(2) into `buffer` (or its `range`) with MSG_* `flags`; resolves to the bytes received (0: the peer shut down). */
export function recv(fd: number, buffer: ArrayBufferView, flags = 0, range?: BufferRange): Operation<number> {
  fdArg(fd);
  const bytes = rangeOf(bufferArg(buffer), range);
  return new BufferIo(RECV).set(fd, bytes, flagsArg(flags, 'options.flags'));
}

/** shutdown(2) (5.11; before it, the syscall); `how` SHUT_* (see shutdownHow). */
export function shutdown(fd: number, how: number = c.SHUT_RDWR): Operation<void> {
  fdArg(fd);
  validateOneOf(how, 'how', [c.SHUT_RD, c.SHUT_WR, c.SHUT_RDWR]);
  return {
    syscall: 'shutdown', needs: NEEDS.shutdown,
    queue: (ring, ud) => ring.prepShutdown(ud, fd, how),
    fallback: (m) => m.wasm.sys_shutdown(fd, how),
    complete: () => undefined,
  };
}

/** sockaddr_storage: room for any address the kernel reports. */
const SOCKADDR_STORAGE = 128;

/**
 * getsockname(2) (`peer` false) or getpeername(2) of `fd`: its address as net reports one (null
 * for a family other than AF_INET/AF_INET6). A socket URING_CMD (6.19; before it, the syscall).
 */
export function sockname(fd: number, peer = false): Operation<SocketAddress | null> {
  fdArg(fd);
  const sockaddr = new Held();
  const len = new Held();
  let memory: RingMemory;
  return {
    syscall: peer ? 'getpeername' : 'getsockname', needs: NEEDS.cmd_getsockname,
    feature: 'IORING_OP_URING_CMD SOCKET_URING_OP_GETSOCKNAME',
    acquire: (m) => {
      memory = m;
      sockaddr.set(m.alloc(SOCKADDR_STORAGE, 8));
      const view = m.alloc(4, 4);
      new DataView(view.buffer, view.byteOffset, 4).setUint32(0, SOCKADDR_STORAGE, true);
      len.set(view);
    },
    queue: (ring, ud) => ring.prepCmdGetsockname(ud, fd, sockaddr.view, len.view, peer ? 1 : 0),
    fallback: (m) => {
      const res = m.wasm.sys_getsockname(fd, sockaddr.view!.byteOffset, SOCKADDR_STORAGE, peer ? 1 : 0);
      return res < 0 ? res : 0; // as the command completes: 0, the length written to its socklen_t
    },
    complete: () => decodeAddress(memory, sockaddr.view!),
    release: (m) => {
      sockaddr.release(m);
      len.release(m);
    },
  };
}

// ─── Time and nothing ──────────────────────────────────────────────────────────────────────────

/** Resolves after `ms` milliseconds (IORING_OP_TIMEOUT, CLOCK_MONOTONIC). */
export function sleep(ms: number): Operation<void> {
  msArg(ms);
  const ts = new Held();
  return {
    syscall: 'timeout',
    succeeded: (res) => res === ETIME || res >= 0,
    acquire: (m) => ts.set(m.timespec(ms)),
    queue: (ring, ud) => ring.prepTimeout(ud, ts.view!),
    complete: () => undefined,
    release: (m) => ts.release(m),
  };
}

/**
 * Times out the operation linked before it in a chain (IORING_OP_LINK_TIMEOUT): that one then
 * fails with ECANCELED; this one resolves either way.
 */
export function linkTimeout(ms: number): Operation<void> {
  msArg(ms);
  const ts = new Held();
  return {
    syscall: 'link_timeout',
    succeeded: () => true, // -ETIME when it fired, -ECANCELED when the operation won
    acquire: (m) => ts.set(m.timespec(ms)),
    queue: (ring, ud) => ring.prepLinkTimeout(ud, ts.view!),
    complete: () => undefined,
    release: (m) => ts.release(m),
  };
}

/** A request that does nothing (IORING_OP_NOP): resolves once the kernel completes it. */
export function nop(): Operation<void> {
  return NOP;
}
