// What the FFI host needs of libc, whichever runtime binds it (deno.ts, bun.ts): a handful of
// calls whose results are already values or -errno, the address of a TypedArray's bytes and an
// ArrayBuffer over an address range of this process. Everything above this interface
// (bridge.ts, mirror.ts, poller.ts, waiter.ts) is the same on every runtime.

export interface Libc {
  /** syscall(2) with up to six integer arguments (addresses as numbers): the result or -errno. */
  syscall(nr: number, a?: number, b?: number, c?: number, d?: number, e?: number, f?: number): number;
  /** mmap(2): the address, or -errno. */
  mmap(address: number, length: number, prot: number, flags: number, fd: number, offset: number): number;
  /** munmap(2), close(2), fcntl(2): 0 or the result, or -errno. */
  munmap(address: number, length: number): number;
  close(fd: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  /** poll(2) on `count` struct pollfd in `fds` (8 bytes each), blocking up to `timeout` ms. */
  poll(fds: Int32Array, count: number, timeout: number): number;
  /** read(2)/write(2) of `bytes` (its whole length). */
  read(fd: number, bytes: Uint8Array): number;
  write(fd: number, bytes: Uint8Array): number;
  eventfd(initval: number, flags: number): number;
  getpid(): number;
  /** sysconf(3). */
  sysconf(name: number): number;
  /** The process address of `view`'s first byte. */
  addressOf(view: ArrayBufferView): number;
  /** An ArrayBuffer over `length` bytes of this process at `address` (not a copy). */
  bytesAt(address: number, length: number): ArrayBuffer;
}

/** Linux constants (the same on x86-64 and arm64 unless a table says otherwise). */
export const SYS = {
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  // The older syscalls are numbered per architecture.
  kcmp: process.arch === 'arm64' ? 272 : 312,
  fstat: process.arch === 'arm64' ? 80 : 5,
  // The plain syscalls of ABI version 2.
  socket: process.arch === 'arm64' ? 198 : 41,
  bind: process.arch === 'arm64' ? 200 : 49,
  listen: process.arch === 'arm64' ? 201 : 50,
  setsockopt: process.arch === 'arm64' ? 208 : 54,
  getsockname: process.arch === 'arm64' ? 204 : 51,
  getpeername: process.arch === 'arm64' ? 205 : 52,
  shutdown: process.arch === 'arm64' ? 210 : 48,
  ftruncate: process.arch === 'arm64' ? 46 : 77,
  unlinkat: process.arch === 'arm64' ? 35 : 263,
  renameat2: process.arch === 'arm64' ? 276 : 316,
  mkdirat: process.arch === 'arm64' ? 34 : 258,
};

export const EBADF = 9;
export const EFAULT = 14;
export const EINVAL = 22;
export const EIO = 5;
export const EINTR = 4;
export const ENAMETOOLONG = 36;
/** PATH_MAX, with its NUL. */
export const PATH_MAX = 4096;

export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_POPULATE = 0x8000;

export const F_DUPFD_CLOEXEC = 1030;
export const EFD_CLOEXEC = 0o2000000;
export const EFD_NONBLOCK = 0o4000;
export const SC_PAGESIZE = 30;
export const KCMP_FILE = 0;

export const POLLIN = 0x001;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;

/** The libc functions as a runtime binds them: -1 and errno on failure (results number or bigint). */
export type Symbols = Record<string, (...args: any[]) => unknown>;

/**
 * The Libc over a runtime's bindings: `errno()` reads this thread's errno, straight after the
 * call that failed (-1 means failure for every call used here, mmap's MAP_FAILED too).
 */
export function libcOver(s: Symbols, errno: () => number, addressOf: Libc['addressOf'], bytesAt: Libc['bytesAt']): Libc {
  const call = (result: unknown): number => {
    const n = Number(result);
    return n === -1 ? -errno() : n;
  };
  return {
    syscall: (nr, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0) => call(s.syscall(nr, a, b, c, d, e, f)),
    mmap: (address, length, prot, flags, fd, offset) => call(s.mmap(address, length, prot, flags, fd, offset)),
    munmap: (address, length) => call(s.munmap(address, length)),
    close: (fd) => call(s.close(fd)),
    fcntl: (fd, cmd, arg) => call(s.fcntl(fd, cmd, arg)),
    poll: (fds, count, timeout) => call(s.poll(fds, count, timeout)),
    read: (fd, bytes) => call(s.read(fd, bytes, bytes.byteLength)),
    write: (fd, bytes) => call(s.write(fd, bytes, bytes.byteLength)),
    eventfd: (initval, flags) => call(s.eventfd(initval, flags)),
    getpid: () => Number(s.getpid()),
    sysconf: (name) => call(s.sysconf(name)),
    addressOf,
    bytesAt,
  };
}

/** The Libc of the runtime this runs on (each runtime's module is imported only there). */
export async function loadLibc(runtime: 'deno' | 'bun'): Promise<Libc> {
  const bindings = runtime === 'deno' ? await import('./deno.js') : await import('./bun.js');
  return bindings.libc();
}
