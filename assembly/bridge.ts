// The bridge ABI: everything ring.wasm asks of its host. One import per syscall, WASI style.
// docs/bridge-abi.md is the specification (what each import checks, in which order, the mirror
// protocol, versioning); src/conformance/ checks a host against it. In short:
//
//  - Every parameter is an i32: an fd is read as signed, everything else as unsigned (a host in
//    JS receives 0x80000000 as -2147483648 and takes it modulo 2^32).
//  - Pointer arguments are offsets into this module's linear memory; offset 0 is NULL. The host
//    checks every other (offset, length) pair against the memory's current size (overflow-safe)
//    and answers -EFAULT when it does not fit, before making the syscall. Region arguments
//    (ring_map, ring_unmap, ring_mirror) may not be at offset 0 or empty.
//  - Results are non-negative values or -errno. Nothing throws across the boundary. An argument
//    that is not an integer of its type's range (only a JS caller can pass one) is -EBADF (an
//    fd or mirror handle) or -EINVAL, before any syscall.
//  - The host knows syscalls and addresses, never io_uring semantics: lengths of what the kernel
//    reads or writes through a pointer are passed explicitly by this side.
//
// The hosts: host/bridge.cc (the Node-API addon) and src/hosts/ffi/bridge.ts (Deno and Bun FFI).

/**
 * The version of this ABI. Every module that imports "uring" (ring.wasm, a guest program built
 * against this library) exports it as the immutable i32 global `uring_abi_version`; a host
 * refuses a module that does not export it before instantiating it, and one whose version it
 * does not implement right after, before calling any of its exports (src/abi.ts). Bumped, with
 * HOST_ABI_VERSION in src/abi.ts, on any change to an import's signature or meaning.
 */
export const URING_ABI_VERSION: u32 = 2;

/**
 * io_uring_setup(2). `params` → 120-byte struct io_uring_params, read and written by the kernel.
 * Returns the ring fd or -errno. The host owns the fd until close(): it closes it when its
 * environment ends (a worker exits) if nobody did.
 */
@external("uring", "io_uring_setup")
export declare function io_uring_setup(entries: u32, params: usize): i32;

/**
 * io_uring_enter(2). `arg`/`argsz` are the sigset (argsz = 8) or, with IORING_ENTER_EXT_ARG,
 * the struct io_uring_getevents_arg. Returns the number of SQEs consumed or
 * -errno (-EINTR when a signal interrupted a wait, -EBUSY/-EAGAIN when the CQ backlog is full).
 */
@external("uring", "io_uring_enter")
export declare function io_uring_enter(
  fd: i32, to_submit: u32, min_complete: u32, flags: u32, arg: usize, argsz: usize): i32;

/**
 * io_uring_enter(2) with a registered wait argument (IORING_ENTER_EXT_ARG | _EXT_ARG_REG, which
 * the host always sets, Linux 6.13): `offset` is a byte offset into the wait region registered
 * with IORING_REGISTER_MEM_REGION, passed to the kernel by value; `argsz` is
 * sizeof(struct io_uring_reg_wait). As io_uring_enter otherwise.
 */
@external("uring", "io_uring_enter_reg")
export declare function io_uring_enter_reg(
  fd: i32, to_submit: u32, min_complete: u32, flags: u32, offset: u32, argsz: usize): i32;

/**
 * io_uring_register(2). `arg` → `arg_len` bytes that the kernel reads or writes; `nr_args` is
 * passed to the kernel as is. The host cannot know what the kernel makes of `nr_args` for each
 * opcode, so `arg_len` must be exactly what the kernel accesses for this opcode and `nr_args`:
 * this side works it out (api/register.ts), the host checks it. Returns the kernel's result
 * or -errno.
 */
@external("uring", "io_uring_register")
export declare function io_uring_register(
  fd: i32, opcode: u32, arg: usize, arg_len: usize, nr_args: u32): i32;

/**
 * Maps `len` bytes of the ring fd (a ring this host's io_uring_setup returned, else -EBADF) at
 * mmap offset `pgoff` (IORING_OFF_*) over the page-aligned region at `dest`, replacing the linear
 * memory there (mmap MAP_SHARED | MAP_FIXED). Returns 0 or -errno; on failure the region is left
 * as ordinary zeroed memory.
 */
@external("uring", "ring_map")
export declare function ring_map(fd: i32, pgoff: u32, dest: usize, len: usize): i32;

/** Puts ordinary zeroed memory back over a region that ring_map mapped. Returns 0 or -errno. */
@external("uring", "ring_unmap")
export declare function ring_unmap(dest: usize, len: usize): i32;

/**
 * Mirror placement, for kernels that allow neither NO_MMAP nor a fixed mmap: the host maps the
 * rings of `fd` (a ring its io_uring_setup returned) wherever the kernel likes and keeps them in
 * step with this side's copy, at the same offsets, in `sq_ring`/`cq_ring` (the same region under
 * IORING_FEAT_SINGLE_MMAP) and `sqes`. The host sizes and locates the kernel's rings by the
 * io_uring_params the kernel returned at setup, which it kept: never by a copy in this memory.
 * The regions must be zeroed, page-aligned and as large as the kernel's; the host writes the
 * rings' masks and entries into them. Returns a mirror handle (> 0) or -errno (-EBADF: not a
 * ring of this host).
 */
@external("uring", "ring_mirror")
export declare function ring_mirror(
  fd: i32, sq_ring: usize, sq_ring_len: usize, cq_ring: usize, cq_ring_len: usize,
  sqes: usize, sqes_len: usize): i32;

/**
 * io_uring_enter(2) on a mirrored ring: SQEs published on this side are copied to the kernel
 * before, and CQEs, heads, flags and counters copied back after. As io_uring_enter otherwise.
 */
@external("uring", "mirror_enter")
export declare function mirror_enter(
  mirror: i32, to_submit: u32, min_complete: u32, flags: u32, arg: usize, argsz: usize): i32;

/** io_uring_enter_reg on a mirrored ring. */
@external("uring", "mirror_enter_reg")
export declare function mirror_enter_reg(
  mirror: i32, to_submit: u32, min_complete: u32, flags: u32, offset: u32, argsz: usize): i32;

/**
 * Brings a mirrored ring's two copies up to date without a syscall: published SQEs out (then a
 * full barrier), CQEs, the SQ head, flags and counters in. Returns 0 or -EBADF.
 */
@external("uring", "mirror_sync")
export declare function mirror_sync(mirror: i32): i32;

/** Unmaps a mirrored ring's kernel side (before its fd is closed). Returns 0 or -EBADF. */
@external("uring", "mirror_release")
export declare function mirror_release(mirror: i32): i32;

/**
 * close(2) of a ring fd this host's io_uring_setup returned (any other fd: -EBADF). Returns 0 or
 * -errno.
 */
@external("uring", "close")
export declare function close(fd: i32): i32;

/**
 * The process address of offset 0 of the linear memory, as an f64 (exact below 2^53; keeps
 * BigInt off the JS boundary). SQE fields and structs the kernel reads hold process addresses.
 */
@external("uring", "memory_base")
export declare function memory_base(): f64;

/** The OS page size: ring regions are aligned to it. */
@external("uring", "page_size")
export declare function page_size(): u32;

// ─── Plain syscalls (version 2) ─────────────────────────────────────────────────────────────────
// For what a kernel's io_uring cannot do yet (an opcode newer than it): the syscall itself, run
// synchronously by the host, one syscall each. Pointers are offsets checked like the others;
// a path is `path_len` bytes INCLUDING its NUL (at most PATH_MAX = 4096, else -ENAMETOOLONG),
// copied by the host before the syscall (so the kernel reads exactly the bytes checked): a path
// at offset 0 is -EFAULT, one whose last byte is not NUL -EINVAL. The fds these return are the
// module's, not the host's (its close never closes them). ring.wasm's sys_* exports
// (api/sys.ts) call them.

/** socket(2). Returns the fd or -errno. */
@external("uring", "socket")
export declare function socket(domain: u32, type: u32, protocol: u32): i32;

/** bind(2) to the `addr_len`-byte sockaddr at `addr`. Returns 0 or -errno. */
@external("uring", "bind")
export declare function bind(fd: i32, addr: usize, addr_len: usize): i32;

/** listen(2); `backlog` is read as an int. Returns 0 or -errno. */
@external("uring", "listen")
export declare function listen(fd: i32, backlog: u32): i32;

/** setsockopt(2) with `optlen` bytes at `optval`; `level`, `optname` read as ints. Returns 0 or -errno. */
@external("uring", "setsockopt")
export declare function setsockopt(fd: i32, level: u32, optname: u32, optval: usize, optlen: usize): i32;

/**
 * getsockname(2) into `addr_len` bytes at `addr` (the socklen_t is the host's own). Returns the
 * address's full length (more than `addr_len`: it was truncated) or -errno.
 */
@external("uring", "getsockname")
export declare function getsockname(fd: i32, addr: usize, addr_len: usize): i32;

/** getpeername(2), as getsockname. */
@external("uring", "getpeername")
export declare function getpeername(fd: i32, addr: usize, addr_len: usize): i32;

/** shutdown(2). Returns 0 or -errno. */
@external("uring", "shutdown")
export declare function shutdown(fd: i32, how: u32): i32;

/** ftruncate(2) to the signed 64-bit length `length_hi` × 2^32 + `length_lo`. Returns 0 or -errno. */
@external("uring", "ftruncate")
export declare function ftruncate(fd: i32, length_lo: u32, length_hi: u32): i32;

/** unlinkat(2) (AT_REMOVEDIR in `flags`: rmdir). Returns 0 or -errno. */
@external("uring", "unlinkat")
export declare function unlinkat(dirfd: i32, path: usize, path_len: usize, flags: u32): i32;

/** renameat2(2) (`flags` 0: renameat). Returns 0 or -errno. */
@external("uring", "renameat2")
export declare function renameat2(
  olddirfd: i32, oldpath: usize, oldpath_len: usize, newdirfd: i32, newpath: usize, newpath_len: usize, flags: u32): i32;

/** mkdirat(2). Returns 0 or -errno. */
@external("uring", "mkdirat")
export declare function mkdirat(dirfd: i32, path: usize, path_len: usize, mode: u32): i32;
