// The plain syscalls of the bridge (bridge.ts, ABI version 2), for what this kernel's io_uring
// cannot do: the Promise API's fallbacks (src/promises/operations.ts) call these, never the host
// imports themselves. Offsets in, the result or -errno out, as the imports answer; a 64-bit
// length arrives as f64 (exact up to 2^53) and crosses the ABI as two u32 halves.

import * as bridge from "../bridge";

export function sys_socket(domain: i32, type: i32, protocol: i32): i32 {
  return bridge.socket(<u32>domain, <u32>type, <u32>protocol);
}

export function sys_bind(fd: i32, addr: usize, addr_len: usize): i32 {
  return bridge.bind(fd, addr, addr_len);
}

export function sys_listen(fd: i32, backlog: i32): i32 {
  return bridge.listen(fd, <u32>backlog);
}

export function sys_setsockopt(fd: i32, level: i32, optname: i32, optval: usize, optlen: usize): i32 {
  return bridge.setsockopt(fd, <u32>level, <u32>optname, optval, optlen);
}

/** getsockname(2) (`peer` 0) or getpeername(2) (`peer` 1): the address's full length or -errno. */
export function sys_getsockname(fd: i32, addr: usize, addr_len: usize, peer: i32): i32 {
  return peer ? bridge.getpeername(fd, addr, addr_len) : bridge.getsockname(fd, addr, addr_len);
}

export function sys_shutdown(fd: i32, how: i32): i32 {
  return bridge.shutdown(fd, <u32>how);
}

export function sys_ftruncate(fd: i32, length: f64): i32 {
  const n = <u64><i64>length;
  return bridge.ftruncate(fd, <u32>n, <u32>(n >> 32));
}

/** `path` → `path_len` bytes including the NUL (as RingMemory.cString lays them out). */
export function sys_unlinkat(dirfd: i32, path: usize, path_len: usize, flags: i32): i32 {
  return bridge.unlinkat(dirfd, path, path_len, <u32>flags);
}

export function sys_renameat2(
  olddirfd: i32, oldpath: usize, oldpath_len: usize, newdirfd: i32, newpath: usize, newpath_len: usize, flags: i32,
): i32 {
  return bridge.renameat2(olddirfd, oldpath, oldpath_len, newdirfd, newpath, newpath_len, <u32>flags);
}

export function sys_mkdirat(dirfd: i32, path: usize, path_len: usize, mode: i32): i32 {
  return bridge.mkdirat(dirfd, path, path_len, <u32>mode);
}
