// The bridge imports of ring.wasm (assembly/bridge.ts) over libc through the runtime's FFI: what
// host/bridge.cc does for the addon, and every check it makes, in this one file. Pointer
// arguments are offsets into the shared memory (0 is NULL), each checked overflow-safe against
// the memory's current size before the syscall; an argument that is not an integer of its range
// is -EBADF (an fd) or -EINVAL (anything else), before any syscall; results are values or
// -errno; nothing throws. Only the rings this bridge set up are mapped, mirrored or closed, and
// a witness (a private duplicate) tells whether a ring's number still names it.

import type { Bridge } from '../../host.js';
import { Mirror, SETUP_PARAMS_SIZE } from './mirror.js';
import {
  EBADF, EFAULT, EINVAL, ENAMETOOLONG, F_DUPFD_CLOEXEC, KCMP_FILE, MAP_ANONYMOUS, MAP_FIXED, MAP_POPULATE,
  MAP_PRIVATE, MAP_SHARED, PATH_MAX, PROT_READ, PROT_WRITE, SC_PAGESIZE, SYS, type Libc,
} from './libc.js';

// The flags that make io_uring_enter read `arg` as an offset into a registered wait region.
const ENTER_EXT_ARG_REG = (1 << 3) | (1 << 6); // IORING_ENTER_EXT_ARG | _EXT_ARG_REG

/** A ring fd this bridge's io_uring_setup returned, its witness and the params the kernel wrote. */
interface OwnedRing {
  fd: number;
  witness: number;
  params: Uint8Array;
}

/**
 * The arguments of one import call: integers of their range, or the call answers an errno. Every
 * parameter is a Wasm i32, which reaches JS as a signed number: an unsigned one is that number
 * modulo 2^32 (0x80000000 from Wasm arrives as -2147483648; a direct JS caller may pass either).
 */
class Args {
  badFd = false;
  badArg = false;

  u32(v: unknown): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
      this.badArg = true;
      return 0;
    }
    return v >>> 0;
  }

  fd(v: unknown): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      this.badFd = true;
      return -1;
    }
    return v;
  }

  /** 0 when every argument was good, else the -errno to answer with. */
  get error(): number {
    return this.badFd ? -EBADF : this.badArg ? -EINVAL : 0;
  }
}

export function createFfiBridge(libc: Libc, memory: WebAssembly.Memory, view: Uint8Array): Bridge | null {
  // Only a shared memory (it has a fixed maximum, so it never moves: the kernel keeps addresses
  // of it) and a view at offset 0 of its current buffer.
  if (!(view instanceof Uint8Array) || view.byteOffset !== 0 || !(memory instanceof WebAssembly.Memory) ||
      !(memory.buffer instanceof SharedArrayBuffer) || view.buffer !== memory.buffer) {
    return null;
  }
  const base = libc.addressOf(view);
  const pageSize = libc.sysconf(SC_PAGESIZE);
  const rings = new Map<number, OwnedRing>();
  // Rings in mirror placement; handle = index + 1.
  const mirrors: (Mirror | null)[] = [];
  const statBuffers = [new BigUint64Array(18), new BigUint64Array(18)];
  // The host's own copies of path arguments, and the socklen_t of getsockname/getpeername.
  const pathBuffers = [new Uint8Array(PATH_MAX), new Uint8Array(PATH_MAX)];
  const socklen = new Uint32Array(2);

  /** The memory's current size (it can grow; shared with a fixed maximum, it never moves). */
  const currentSize = (): number => memory.buffer.byteLength;

  /** [off, off + len) lies inside the memory (overflow-safe, uvwasi's check). */
  const inBounds = (off: number, len: number): boolean => {
    const end = currentSize();
    return end > off && len <= end - off;
  };

  /** The process address for a pointer argument (0 is NULL), or -1 when `len` bytes do not fit. */
  const pointer = (off: number, len: number): number => (off === 0 ? 0 : inBounds(off, len) ? base + off : -1);

  const pageAligned = (x: number): boolean => x % pageSize === 0;

  /**
   * A region argument (ring_map, ring_unmap, ring_mirror): at least one byte, inside the memory,
   * not at offset 0 (NULL is no region; offset 0 holds the module's static data).
   */
  const isRegion = (off: number, len: number): boolean => off !== 0 && len !== 0 && inBounds(off, len);

  /** Whether `fd` is still the open file `witness` is: kcmp(2), or else the inode. */
  const sameFile = (fd: number, witness: number): boolean => {
    const pid = libc.getpid();
    const same = libc.syscall(SYS.kcmp, pid, pid, KCMP_FILE, fd, witness);
    if (same >= 0) return same === 0;
    const [a, b] = statBuffers;
    if (libc.syscall(SYS.fstat, fd, libc.addressOf(a)) < 0 || libc.syscall(SYS.fstat, witness, libc.addressOf(b)) < 0) return false;
    return a[0] === b[0] && a[1] === b[1]; // st_dev, st_ino
  };

  /** close(2) of an owned ring: the number only while it still names the ring; the witness always. */
  const closeOwned = (ring: OwnedRing): number => {
    const ret = sameFile(ring.fd, ring.witness) ? libc.close(ring.fd) : -EBADF;
    libc.close(ring.witness);
    return ret;
  };

  /** Ordinary zeroed private pages over [dest, dest + len): how the runtime backs the memory. */
  const restoreAnonymous = (dest: number, len: number): number => {
    const at = libc.mmap(base + dest, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return at < 0 ? at : 0;
  };

  const mirrorOf = (handle: number): Mirror | null => (handle >= 1 && handle <= mirrors.length ? mirrors[handle - 1] : null);

  /**
   * A mirror_enter* call: the handle's mirror (-EBADF first, as the addon answers) and the five
   * u32s after it, checked, handed to `enter`.
   */
  const mirrorEnter = (values: unknown[], enter: (mirror: Mirror, u32s: number[]) => number): number => {
    const args = new Args();
    const [handle, ...rest] = values.map((v) => args.u32(v));
    const mirror = mirrorOf(handle);
    if (!mirror) return -EBADF;
    return args.error || enter(mirror, rest);
  };

  /** A region argument of ring_mirror, as the guest's bytes there; null when isRegion refuses it. */
  const regionAt = (off: number, len: number): Uint8Array | null =>
    isRegion(off, len) ? new Uint8Array(memory.buffer, off, len) : null;

  /**
   * A path argument (`len` bytes including its NUL) copied into the host's buffer `which`: its
   * address, or -errno: -EFAULT (offset 0, or not inside the memory), -ENAMETOOLONG (over
   * PATH_MAX), -EINVAL (no NUL at its end). The kernel then reads exactly the bytes checked.
   */
  const copyPath = (off: number, len: number, which: number): number => {
    if (off === 0 || !inBounds(off, len)) return -EFAULT;
    if (len > PATH_MAX) return -ENAMETOOLONG;
    if (len === 0) return -EINVAL;
    const copy = pathBuffers[which]!;
    copy.set(new Uint8Array(memory.buffer, off, len));
    if (copy[len - 1] !== 0) return -EINVAL;
    return libc.addressOf(copy);
  };

  /** getsockname/getpeername: the address's full length, or -errno (the socklen_t is the host's). */
  const sockName = (nr: number, fd: unknown, addr: unknown, addrLen: unknown): number => {
    const args = new Args();
    const f = args.fd(fd);
    const [a, l] = [args.u32(addr), args.u32(addrLen)];
    if (args.error) return args.error;
    const p = pointer(a, l);
    if (p < 0) return -EFAULT;
    socklen[0] = l;
    const ret = libc.syscall(nr, f, p, libc.addressOf(socklen));
    return ret < 0 ? ret : socklen[0]!;
  };

  return {
    io_uring_setup(entries, paramsOff) {
      const args = new Args();
      const n = args.u32(entries);
      const off = args.u32(paramsOff);
      if (args.error) return args.error;
      const params = pointer(off, SETUP_PARAMS_SIZE);
      if (params < 0) return -EFAULT;
      const fd = libc.syscall(SYS.io_uring_setup, n, params);
      if (fd < 0) return fd;
      const witness = libc.fcntl(fd, F_DUPFD_CLOEXEC, 0);
      if (witness < 0) {
        libc.close(fd); // EMFILE: no fd left for the witness
        return witness;
      }
      // The params as the kernel wrote them, before the guest can change them (NULL params: the
      // kernel refused with EFAULT above).
      const kept = new Uint8Array(memory.buffer, off, SETUP_PARAMS_SIZE).slice();
      const stale = rings.get(fd);
      // Its number was closed behind our back and has come back to us: only its witness is left.
      if (stale) libc.close(stale.witness);
      rings.set(fd, { fd, witness, params: kept });
      return fd;
    },

    io_uring_enter(fd, toSubmit, minComplete, flags, arg, argsz) {
      const args = new Args();
      const f = args.fd(fd);
      const a = [args.u32(toSubmit), args.u32(minComplete), args.u32(flags), args.u32(arg), args.u32(argsz)];
      if (args.error) return args.error;
      const argp = pointer(a[3], a[4]);
      if (argp < 0) return -EFAULT;
      return libc.syscall(SYS.io_uring_enter, f, a[0], a[1], a[2], argp, a[4]);
    },

    io_uring_enter_reg(fd, toSubmit, minComplete, flags, offset, argsz) {
      const args = new Args();
      const f = args.fd(fd);
      const a = [args.u32(toSubmit), args.u32(minComplete), args.u32(flags), args.u32(offset), args.u32(argsz)];
      if (args.error) return args.error;
      // The offset goes to the kernel by value: the two flags always set make it read it so.
      return libc.syscall(SYS.io_uring_enter, f, a[0], a[1], (a[2] | ENTER_EXT_ARG_REG) >>> 0, a[3], a[4]);
    },

    io_uring_register(fd, opcode, arg, argLen, nrArgs) {
      const args = new Args();
      const f = args.fd(fd);
      const a = [args.u32(opcode), args.u32(arg), args.u32(argLen), args.u32(nrArgs)];
      if (args.error) return args.error;
      const argp = pointer(a[1], a[2]);
      if (argp < 0) return -EFAULT;
      return libc.syscall(SYS.io_uring_register, f, a[0], argp, a[3]);
    },

    ring_map(fd, pgoff, dest, len) {
      const args = new Args();
      const f = args.fd(fd);
      const [off, d, l] = [args.u32(pgoff), args.u32(dest), args.u32(len)];
      if (args.error) return args.error;
      if (!rings.has(f)) return -EBADF;
      if (!isRegion(d, l)) return -EFAULT;
      if (!pageAligned(d) || !pageAligned(l)) return -EINVAL;
      const at = libc.mmap(base + d, l, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | MAP_POPULATE, f, off);
      if (at >= 0) return 0;
      restoreAnonymous(d, l); // whatever the failed call left there, leave plain memory
      return at;
    },

    ring_unmap(dest, len) {
      const args = new Args();
      const [d, l] = [args.u32(dest), args.u32(len)];
      if (args.error) return args.error;
      if (!isRegion(d, l)) return -EFAULT;
      if (!pageAligned(d) || !pageAligned(l)) return -EINVAL;
      return restoreAnonymous(d, l);
    },

    ring_mirror(fd, sqRing, sqRingLen, cqRing, cqRingLen, sqes, sqesLen) {
      const args = new Args();
      const f = args.fd(fd);
      const a = [args.u32(sqRing), args.u32(sqRingLen), args.u32(cqRing), args.u32(cqRingLen), args.u32(sqes), args.u32(sqesLen)];
      if (args.error) return args.error;
      const owned = rings.get(f);
      if (!owned) return -EBADF;
      const sq = regionAt(a[0], a[1]);
      const cq = regionAt(a[2], a[3]);
      const sqeRegion = regionAt(a[4], a[5]);
      if (!sq || !cq || !sqeRegion) return -EFAULT;
      // The guest's copy has the kernel's layout, page for page (the ring words are atomic).
      if (!pageAligned(a[0]) || !pageAligned(a[2]) || !pageAligned(a[4])) return -EINVAL;
      const mirror = Mirror.create(libc, f, owned.params, sq, cq, sqeRegion);
      if (typeof mirror === 'number') return mirror;
      let slot = mirrors.indexOf(null);
      if (slot < 0) slot = mirrors.push(null) - 1;
      mirrors[slot] = mirror;
      return slot + 1;
    },

    mirror_enter(handle, toSubmit, minComplete, flags, arg, argsz) {
      return mirrorEnter([handle, toSubmit, minComplete, flags, arg, argsz], (mirror, [n, min, f, a, size]) => {
        const argp = pointer(a, size);
        return argp < 0 ? -EFAULT : mirror.enter(n, min, f, argp, size);
      });
    },

    mirror_enter_reg(handle, toSubmit, minComplete, flags, offset, argsz) {
      return mirrorEnter([handle, toSubmit, minComplete, flags, offset, argsz],
        (mirror, [n, min, f, offset, size]) => mirror.enter(n, min, (f | ENTER_EXT_ARG_REG) >>> 0, offset, size));
    },

    mirror_sync(handle) {
      const mirror = mirrorOf(new Args().u32(handle));
      if (!mirror) return -EBADF;
      mirror.sync();
      return 0;
    },

    mirror_release(handle) {
      const h = new Args().u32(handle);
      const mirror = mirrorOf(h);
      if (!mirror) return -EBADF;
      mirror.release();
      mirrors[h - 1] = null;
      return 0;
    },

    close(fd) {
      const args = new Args();
      const f = args.fd(fd);
      if (args.error) return args.error;
      const owned = rings.get(f);
      if (!owned) return -EBADF;
      rings.delete(f);
      return closeOwned(owned);
    },

    memory_base: () => base,
    page_size: () => pageSize,

    // ─── Plain syscalls (ABI version 2): one each, as the addon makes them ───
    socket(domain, type, protocol) {
      const args = new Args();
      const a = [args.u32(domain), args.u32(type), args.u32(protocol)];
      if (args.error) return args.error;
      return libc.syscall(SYS.socket, a[0]! | 0, a[1]! | 0, a[2]! | 0);
    },

    bind(fd, addr, addrLen) {
      const args = new Args();
      const f = args.fd(fd);
      const [a, l] = [args.u32(addr), args.u32(addrLen)];
      if (args.error) return args.error;
      const p = pointer(a, l);
      if (p < 0) return -EFAULT;
      return libc.syscall(SYS.bind, f, p, l);
    },

    listen(fd, backlog) {
      const args = new Args();
      const f = args.fd(fd);
      const b = args.u32(backlog);
      if (args.error) return args.error;
      return libc.syscall(SYS.listen, f, b | 0);
    },

    setsockopt(fd, level, optname, optval, optlen) {
      const args = new Args();
      const f = args.fd(fd);
      const [lv, name, v, l] = [args.u32(level), args.u32(optname), args.u32(optval), args.u32(optlen)];
      if (args.error) return args.error;
      const p = pointer(v, l);
      if (p < 0) return -EFAULT;
      return libc.syscall(SYS.setsockopt, f, lv | 0, name | 0, p, l);
    },

    getsockname: (fd, addr, addrLen) => sockName(SYS.getsockname, fd, addr, addrLen),
    getpeername: (fd, addr, addrLen) => sockName(SYS.getpeername, fd, addr, addrLen),

    shutdown(fd, how) {
      const args = new Args();
      const f = args.fd(fd);
      const h = args.u32(how);
      if (args.error) return args.error;
      return libc.syscall(SYS.shutdown, f, h | 0);
    },

    ftruncate(fd, lengthLo, lengthHi) {
      const args = new Args();
      const f = args.fd(fd);
      const [lo, hi] = [args.u32(lengthLo), args.u32(lengthHi)];
      if (args.error) return args.error;
      // The signed 64-bit hi:lo; past 2^53 (or negative) a double cannot carry it: the kernel
      // gets a negative length (its -EINVAL) or, above 2^53, the largest length that fits one.
      const length = hi >= 0x80000000 ? -1 : hi * 2 ** 32 + lo;
      return libc.syscall(SYS.ftruncate, f, Math.min(length, Number.MAX_SAFE_INTEGER));
    },

    unlinkat(dirfd, path, pathLen, flags) {
      const args = new Args();
      const d = args.fd(dirfd);
      const [p, l, fl] = [args.u32(path), args.u32(pathLen), args.u32(flags)];
      if (args.error) return args.error;
      const at = copyPath(p, l, 0);
      if (at < 0) return at;
      return libc.syscall(SYS.unlinkat, d, at, fl | 0);
    },

    renameat2(olddirfd, oldpath, oldpathLen, newdirfd, newpath, newpathLen, flags) {
      const args = new Args();
      const od = args.fd(olddirfd);
      const [op, ol] = [args.u32(oldpath), args.u32(oldpathLen)];
      const nd = args.fd(newdirfd);
      const [np, nl, fl] = [args.u32(newpath), args.u32(newpathLen), args.u32(flags)];
      if (args.error) return args.error;
      const from = copyPath(op, ol, 0);
      if (from < 0) return from;
      const to = copyPath(np, nl, 1);
      if (to < 0) return to;
      return libc.syscall(SYS.renameat2, od, from, nd, to, fl);
    },

    mkdirat(dirfd, path, pathLen, mode) {
      const args = new Args();
      const d = args.fd(dirfd);
      const [p, l, m] = [args.u32(path), args.u32(pathLen), args.u32(mode)];
      if (args.error) return args.error;
      const at = copyPath(p, l, 0);
      if (at < 0) return at;
      return libc.syscall(SYS.mkdirat, d, at, m);
    },
  };
}
