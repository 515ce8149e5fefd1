// The operations of the Promise API, one factory each: what it borrows from ring memory, which
// prep* queues its SQE, what its completion resolves to. AsyncRing's methods and Chain's links
// are both built from these, so each operation is defined once.

import { constants as fsConstants } from 'node:fs';
import { constants as c } from '../constants.js';
import type { RingMemory } from '../memory.js';
import { encodeAddress } from './address.js';
import { bytesOf, closeUnwanted, Staged, type Operation } from './operation.js';
import { Stats } from './stats.js';

/** A position of -1 (or null/undefined): the file's current position, as in fs.read. */
export type Position = number | bigint | null | undefined;

export interface BufferRange {
  /** Where in the buffer to start (default 0). */
  offset?: number;
  /** How many bytes (default: the rest of the buffer). */
  length?: number;
}

const ETIME = -62;

function position(pos: Position): number {
  if (pos === null || pos === undefined) return -1;
  const n = Number(pos);
  if (!Number.isSafeInteger(n) || n < -1) throw new RangeError(`position must be an integer ≥ -1, got ${pos}`);
  return n;
}

function fdArg(fd: number): number {
  if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff) throw new RangeError(`fd must be an integer ≥ 0, got ${fd}`);
  return fd;
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

/** A path string as a NUL-terminated copy in ring memory, held for one request. */
class CPath extends Held {
  constructor(readonly text: string) {
    super();
    if (typeof text !== 'string' || text.includes('\0')) throw new TypeError(`path must be a string without NUL bytes, got ${String(text)}`);
  }
  acquire(memory: RingMemory): void {
    this.set(memory.cString(this.text));
  }
}

/** A duration argument in milliseconds. */
function msArg(ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`ms must be a finite number ≥ 0, got ${ms}`);
  return ms;
}

/** fs's open flags: 'r', 'w+', 'ax'… or a number (fs.constants.O_*). */
export function openFlags(flags: string | number): number {
  if (typeof flags === 'number') return flags;
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
  const value = table[flags];
  if (value === undefined) throw new TypeError(`unknown file open flag '${flags}'`);
  return value;
}

const O_CLOEXEC = 0o2000000;

// ─── Files ─────────────────────────────────────────────────────────────────────────────────────

export function open(path: string, flags: string | number = 'r', mode = 0o666): Operation<number> {
  const p = new CPath(path);
  const how = openFlags(flags) | O_CLOEXEC; // as libuv opens every file
  return {
    syscall: 'open', path,
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepOpenat(ud, c.AT_FDCWD, p.view!, how, mode),
    complete: (res) => res,
    discard: closeUnwanted,
    release: (m) => p.release(m),
  };
}

export function close(fd: number): Operation<void> {
  fdArg(fd);
  return { syscall: 'close', queue: (ring, ud) => ring.prepClose(ud, fd), complete: () => undefined };
}

export function read(fd: number, buffer: ArrayBufferView, pos?: Position, range: BufferRange = {}): Operation<number> {
  fdArg(fd);
  const at = position(pos);
  const staged = new Staged(buffer, range.offset, range.length);
  return {
    syscall: 'read',
    acquire: (m) => staged.acquire(m, false),
    queue: (ring, ud) => ring.prepRead(ud, fd, staged.view, at),
    complete: (res) => { staged.copyBack(res); return res; },
    release: (m) => staged.release(m),
  };
}

export function write(fd: number, data: string | ArrayBufferView, pos?: Position, range: BufferRange = {}): Operation<number> {
  fdArg(fd);
  const at = position(pos);
  const staged = new Staged(bytesOf(data), range.offset, range.length);
  return {
    syscall: 'write',
    hold: (m) => staged.hold(m),
    acquire: (m) => staged.acquire(m, true),
    queue: (ring, ud) => ring.prepWrite(ud, fd, staged.view, at),
    complete: (res) => res,
    release: (m) => staged.release(m),
  };
}

/** readv/writev: the buffers staged one by one, an iovec array over them. */
function vectored(syscall: 'read' | 'write', fd: number, buffers: readonly ArrayBufferView[], pos: Position): Operation<number> {
  fdArg(fd);
  const at = position(pos);
  const staged = buffers.map((b) => new Staged(b));
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

export function readv(fd: number, buffers: readonly ArrayBufferView[], pos?: Position): Operation<number> {
  return vectored('read', fd, buffers, pos);
}

export function writev(fd: number, buffers: readonly ArrayBufferView[], pos?: Position): Operation<number> {
  return vectored('write', fd, buffers, pos);
}

export function fsync(fd: number, dataOnly = false): Operation<void> {
  fdArg(fd);
  return {
    syscall: dataOnly ? 'fdatasync' : 'fsync',
    queue: (ring, ud) => ring.prepFsync(ud, fd, dataOnly ? c.IORING_FSYNC_DATASYNC : 0),
    complete: () => undefined,
  };
}

/** statx(2) of a path (`fd` given: of that open file, AT_EMPTY_PATH). */
export function stat(target: string | number, followSymlinks = true): Operation<Stats> {
  const byFd = typeof target === 'number';
  const p = new CPath(byFd ? '' : target);
  const dirfd = byFd ? fdArg(target) : c.AT_FDCWD;
  const flags = (byFd ? c.AT_EMPTY_PATH : 0) | (followSymlinks ? 0 : c.AT_SYMLINK_NOFOLLOW);
  const buf = new Held();
  let memory: RingMemory;
  return {
    syscall: byFd ? 'fstat' : followSymlinks ? 'stat' : 'lstat',
    ...(byFd ? {} : { path: target }),
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

/** unlinkat(2); `directory`: rmdir (AT_REMOVEDIR) (5.11). */
export function unlink(path: string, directory = false): Operation<void> {
  const p = new CPath(path);
  return {
    syscall: directory ? 'rmdir' : 'unlink', path, needs: [c.IORING_OP_UNLINKAT, '5.11'],
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepUnlinkat(ud, c.AT_FDCWD, p.view!, directory ? c.AT_REMOVEDIR : 0),
    complete: () => undefined,
    release: (m) => p.release(m),
  };
}

/** renameat2(2) (5.11). */
export function rename(oldPath: string, newPath: string): Operation<void> {
  const from = new CPath(oldPath);
  const to = new CPath(newPath);
  return {
    syscall: 'rename', path: oldPath, dest: newPath, needs: [c.IORING_OP_RENAMEAT, '5.11'],
    acquire: (m) => {
      from.acquire(m);
      to.acquire(m);
    },
    queue: (ring, ud) => ring.prepRenameat(ud, c.AT_FDCWD, from.view!, c.AT_FDCWD, to.view!),
    complete: () => undefined,
    release: (m) => {
      from.release(m);
      to.release(m);
    },
  };
}

/** mkdirat(2) (5.15). */
export function mkdir(path: string, mode = 0o777): Operation<void> {
  const p = new CPath(path);
  return {
    syscall: 'mkdir', path, needs: [c.IORING_OP_MKDIRAT, '5.15'],
    acquire: (m) => { p.acquire(m); },
    queue: (ring, ud) => ring.prepMkdirat(ud, c.AT_FDCWD, p.view!, mode),
    complete: () => undefined,
    release: (m) => p.release(m),
  };
}

export function fallocate(fd: number, offset: number, length: number, mode = 0): Operation<void> {
  fdArg(fd);
  return {
    syscall: 'fallocate',
    queue: (ring, ud) => ring.prepFallocate(ud, fd, mode, offset, length),
    complete: () => undefined,
  };
}

/** ftruncate(2) (6.9). */
export function ftruncate(fd: number, length = 0): Operation<void> {
  fdArg(fd);
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`length must be an integer ≥ 0, got ${length}`);
  return {
    syscall: 'ftruncate', needs: [c.IORING_OP_FTRUNCATE, '6.9'],
    queue: (ring, ud) => ring.prepFtruncate(ud, fd, length),
    complete: () => undefined,
  };
}

/** splice(2): moves up to `length` bytes between two fds, one of them a pipe (5.7). */
export function splice(fdIn: number, offIn: Position, fdOut: number, offOut: Position, length: number, flags = 0): Operation<number> {
  fdArg(fdIn);
  fdArg(fdOut);
  const from = position(offIn);
  const to = position(offOut);
  return {
    syscall: 'splice',
    queue: (ring, ud) => ring.prepSplice(ud, fdIn, from, fdOut, to, length, flags),
    complete: (res) => res,
  };
}

// ─── Sockets ───────────────────────────────────────────────────────────────────────────────────

/** socket(2), close-on-exec (5.19). */
export function socket(domain: number, type: number, protocol = 0): Operation<number> {
  return {
    syscall: 'socket', needs: [c.IORING_OP_SOCKET, '5.19'],
    queue: (ring, ud) => ring.prepSocket(ud, domain, type | c.SOCK_CLOEXEC, protocol),
    complete: (res) => res,
    discard: closeUnwanted,
  };
}

/** The two socket calls that take an address: connect(2), and bind(2) (6.11). */
function addressed(syscall: 'connect' | 'bind', fd: number, host: string, port: number): Operation<void> {
  fdArg(fd);
  const addr = new Held();
  return {
    syscall, ...(syscall === 'bind' ? { needs: [c.IORING_OP_BIND, '6.11'] as const } : {}),
    acquire: (m) => addr.set(encodeAddress(m, host, port)),
    queue: (ring, ud) => syscall === 'connect' ? ring.prepConnect(ud, fd, addr.view!) : ring.prepBind(ud, fd, addr.view!),
    complete: () => undefined,
    release: (m) => addr.release(m),
  };
}

export function connect(fd: number, host: string, port: number): Operation<void> {
  return addressed('connect', fd, host, port);
}

export function bind(fd: number, host: string, port: number): Operation<void> {
  return addressed('bind', fd, host, port);
}

/** listen(2) (6.11). */
export function listen(fd: number, backlog = 511): Operation<void> {
  fdArg(fd);
  return {
    syscall: 'listen', needs: [c.IORING_OP_LISTEN, '6.11'],
    queue: (ring, ud) => ring.prepListen(ud, fd, backlog),
    complete: () => undefined,
  };
}

/** setsockopt(2) of an int option, through a socket URING_CMD (6.7). */
export function setsockopt(fd: number, level: number, name: number, value: number): Operation<void> {
  fdArg(fd);
  const optval = new Held();
  return {
    syscall: 'setsockopt', needs: [c.IORING_OP_URING_CMD, '6.7'],
    acquire: (m) => {
      const view = m.alloc(4, 4);
      new DataView(view.buffer, view.byteOffset, 4).setInt32(0, value, true);
      optval.set(view);
    },
    queue: (ring, ud) => ring.prepCmdSock(ud, c.SOCKET_URING_OP_SETSOCKOPT, fd, level, name, optval.view),
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

export function send(fd: number, data: string | ArrayBufferView, flags = 0): Operation<number> {
  fdArg(fd);
  const staged = new Staged(bytesOf(data));
  return {
    syscall: 'send',
    hold: (m) => staged.hold(m),
    acquire: (m) => staged.acquire(m, true),
    queue: (ring, ud) => ring.prepSend(ud, fd, staged.view, flags),
    complete: (res) => res,
    release: (m) => staged.release(m),
  };
}

export function recv(fd: number, buffer: ArrayBufferView, flags = 0, range: BufferRange = {}): Operation<number> {
  fdArg(fd);
  const staged = new Staged(buffer, range.offset, range.length);
  return {
    syscall: 'recv',
    acquire: (m) => staged.acquire(m, false),
    queue: (ring, ud) => ring.prepRecv(ud, fd, staged.view, flags),
    complete: (res) => { staged.copyBack(res); return res; },
    release: (m) => staged.release(m),
  };
}

/** shutdown(2) (5.11). */
export function shutdown(fd: number, how: number = c.SHUT_RDWR): Operation<void> {
  fdArg(fd);
  return {
    syscall: 'shutdown', needs: [c.IORING_OP_SHUTDOWN, '5.11'],
    queue: (ring, ud) => ring.prepShutdown(ud, fd, how),
    complete: () => undefined,
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

export function nop(): Operation<void> {
  return { syscall: 'nop', queue: (ring, ud) => ring.prepNop(ud), complete: () => undefined };
}
