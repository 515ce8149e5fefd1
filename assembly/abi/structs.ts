// The smaller structs that SQEs and io_uring_register(2) point at.
// Pointers inside them are process addresses (base of the linear memory + offset).

/** struct __kernel_timespec (16 bytes): TIMEOUT, LINK_TIMEOUT. */
@unmanaged
export class __kernel_timespec {
  tv_sec: i64;
  tv_nsec: i64;
}

// `ms` milliseconds (≥ 0) as a timespec's two fields. Every timespec here is made through these:
// rounding may reach a whole second, and the kernel takes tv_nsec below 10^9 only (else EINVAL).
@inline function nsecRounded(ms: f64, sec: f64): f64 {
  return Math.round((ms - sec * 1000) * 1e6);
}
export function timespec_sec(ms: f64): i64 {
  const sec = Math.floor(ms / 1000);
  return <i64>sec + (nsecRounded(ms, sec) >= 1e9 ? 1 : 0);
}
export function timespec_nsec(ms: f64): i64 {
  const nsec = nsecRounded(ms, Math.floor(ms / 1000));
  return <i64>(nsec >= 1e9 ? nsec - 1e9 : nsec);
}

/** struct io_uring_probe_op (8 bytes). */
@unmanaged
export class io_uring_probe_op {
  op: u8;
  resv: u8;
  /** IO_URING_OP_* flags. */
  flags: u16;
  resv2: u32;
}

/**
 * struct io_uring_probe (16 bytes + ops_len × 8): IORING_REGISTER_PROBE fills it.
 *
 *    0        1        2        4                     16
 *    ├last_op─┼ops_len─┼──resv──┼────── resv2[3] ──────┼ ops[0] ops[1] …
 */
@unmanaged
export class io_uring_probe {
  last_op: u8;
  ops_len: u8;
  resv: u16;
  resv2_0: u32;
  resv2_1: u32;
  resv2_2: u32;
  @inline op(i: u32): io_uring_probe_op {
    return changetype<io_uring_probe_op>(
      changetype<usize>(this) + offsetof<io_uring_probe>() + <usize>i * offsetof<io_uring_probe_op>());
  }
}

/** struct io_uring_files_update (16 bytes): IORING_REGISTER_FILES_UPDATE. */
@unmanaged
export class io_uring_files_update {
  offset: u32;
  resv: u32;
  /** Address of an array of i32 file descriptors (-1 clears a slot). */
  fds: u64;
}

/** struct iovec (16 bytes): READV, WRITEV, SENDMSG, RECVMSG, REGISTER_BUFFERS. */
@unmanaged
export class iovec {
  iov_base: u64;
  iov_len: u64;
}

/** struct msghdr (56 bytes on 64-bit Linux): SENDMSG, RECVMSG. */
@unmanaged
export class msghdr {
  msg_name: u64;
  msg_namelen: u32;
  __pad0: u32;
  msg_iov: u64;
  msg_iovlen: u64;
  msg_control: u64;
  msg_controllen: u64;
  msg_flags: i32;
  __pad1: u32;
}

/** struct open_how (24 bytes): OPENAT2. */
@unmanaged
export class open_how {
  flags: u64;
  mode: u64;
  resolve: u64;
}

/**
 * struct epoll_event: EPOLL_CTL. Packed on x86-64 (12 bytes: data at 4), naturally aligned on
 * other 64-bit targets (16 bytes: data at 8). wasm-uring runs on x86-64 Linux; the layout test
 * checks this against <sys/epoll.h>.
 */
export const SIZEOF_EPOLL_EVENT: usize = 12;
export const EPOLL_EVENT_DATA: usize = 4;

/** struct futex_waitv (24 bytes, <linux/futex.h>): one futex of FUTEX_WAITV (6.7). */
@unmanaged
export class futex_waitv {
  /** The value to wait while the futex holds. */
  val: u64;
  /** The futex word's address. */
  uaddr: u64;
  /** FUTEX2_SIZE_* | FUTEX2_PRIVATE … */
  flags: u32;
  __reserved: u32;
}

/** struct statx_timestamp (16 bytes). */
@unmanaged
export class statx_timestamp {
  tv_sec: i64;
  tv_nsec: u32;
  __reserved: i32;
}

/**
 * struct statx: STATX fills 256 bytes; these are the fields up to the device numbers.
 *
 *    0 mask  4 blksize  8 attributes  16 nlink  20 uid  24 gid  28 mode  32 ino  40 size  48 blocks
 *   56 attributes_mask  64 atime  80 btime  96 ctime  112 mtime  128 rdev  136 dev   …256
 */
@unmanaged
export class statx {
  stx_mask: u32;
  stx_blksize: u32;
  stx_attributes: u64;
  stx_nlink: u32;
  stx_uid: u32;
  stx_gid: u32;
  stx_mode: u16;
  __spare0: u16;
  stx_ino: u64;
  stx_size: u64;
  stx_blocks: u64;
  stx_attributes_mask: u64;
  stx_atime_sec: i64;
  stx_atime_nsec: u32;
  __atime_reserved: i32;
  stx_btime_sec: i64;
  stx_btime_nsec: u32;
  __btime_reserved: i32;
  stx_ctime_sec: i64;
  stx_ctime_nsec: u32;
  __ctime_reserved: i32;
  stx_mtime_sec: i64;
  stx_mtime_nsec: u32;
  __mtime_reserved: i32;
  stx_rdev_major: u32;
  stx_rdev_minor: u32;
  stx_dev_major: u32;
  stx_dev_minor: u32;
}
export const SIZEOF_STATX: usize = 256;

/**
 * struct sockaddr_in (16 bytes): port and address in network byte order.
 *
 *    0 sin_family  2 sin_port  4 sin_addr  8 sin_zero[8]  …16
 */
@unmanaged
export class sockaddr_in {
  sin_family: u16;
  sin_port: u16;
  sin_addr: u32;
  sin_zero: u64;
}

/**
 * struct sockaddr_in6 (28 bytes): port, flow info and address in network byte order.
 *
 *    0 sin6_family  2 sin6_port  4 sin6_flowinfo  8 sin6_addr[16]  24 sin6_scope_id  …28
 */
@unmanaged
export class sockaddr_in6 {
  sin6_family: u16;
  sin6_port: u16;
  sin6_flowinfo: u32;
  sin6_addr_lo: u64;
  sin6_addr_hi: u64;
  sin6_scope_id: u32;
}
/** offsetof(struct sockaddr_in6, sin6_addr). */
export const SOCKADDR_IN6_ADDR: usize = 8;
