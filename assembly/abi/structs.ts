// The smaller structs that SQEs and io_uring_register(2) point at.
// Pointers inside them are process addresses (base of the linear memory + offset).

/** struct __kernel_timespec (16 bytes): TIMEOUT, LINK_TIMEOUT. */
@unmanaged
export class __kernel_timespec {
  tv_sec: i64;
  tv_nsec: i64;
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
