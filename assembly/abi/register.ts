// The structs io_uring_register(2) and io_uring_enter(2) take as arguments, past the seed's
// io_uring_files_update and io_uring_probe (structs.ts). Pointers inside them are process
// addresses (base of the linear memory + offset). Each says the register opcode it serves and
// the Linux version that brought it.

/**
 * struct io_uring_rsrc_register (32 bytes): FILES2 / BUFFERS2 (5.13), a table of `nr` files or
 * buffers, each with a u64 tag posted as a CQE's user_data when the kernel lets go of it.
 *
 *    0     4       8         16       24       32
 *    ├ nr ─┼ flags ┼─ resv2 ──┼─ data ─┼─ tags ─┤   data → i32 fds[nr] | iovec[nr]; tags → u64[nr]
 */
@unmanaged
export class io_uring_rsrc_register {
  nr: u32;
  /** IORING_RSRC_REGISTER_SPARSE: `nr` empty slots, `data` and `tags` unused (5.19). */
  flags: u32;
  resv2: u64;
  data: u64;
  tags: u64;
}

/** struct io_uring_rsrc_update (16 bytes): REGISTER_RING_FDS entries (5.18). */
@unmanaged
export class io_uring_rsrc_update {
  /** The slot; -1 (u32 max) lets the kernel choose and write it back. */
  offset: u32;
  resv: u32;
  /** The ring fd to register. */
  data: u64;
}

/** struct io_uring_rsrc_update2 (32 bytes): FILES_UPDATE2 / BUFFERS_UPDATE (5.13). */
@unmanaged
export class io_uring_rsrc_update2 {
  offset: u32;
  resv: u32;
  data: u64;
  tags: u64;
  nr: u32;
  resv2: u32;
}

/**
 * struct io_uring_restriction (16 bytes): REGISTER_RESTRICTIONS (5.10). `opcode` is an
 * IORING_RESTRICTION_*; the byte after it is the register opcode, SQE opcode or SQE flags it
 * allows (a union in C: register_op / sqe_op / sqe_flags).
 */
@unmanaged
export class io_uring_restriction {
  opcode: u16;
  register_op: u8;
  resv: u8;
  resv2_0: u32;
  resv2_1: u32;
  resv2_2: u32;
}

/**
 * struct io_uring_buf (16 bytes): one entry of a provided-buffer ring (5.19).
 *
 * struct io_uring_buf_ring overlays its u16 tail on resv of entry 0, so a ring of N entries is
 * exactly N × 16 bytes:
 *
 *    0        8     12    14      16       32          N×16
 *    ├─ addr ─┼ len ┼ bid ┼ tail ─┤ bufs[1] ┤ … bufs[N-1] ┤
 */
@unmanaged
export class io_uring_buf {
  addr: u64;
  len: u32;
  bid: u16;
  /** In entry 0: the ring's tail, written by the application (release) and read by the kernel. */
  resv: u16;
}
/** offsetof(struct io_uring_buf_ring, tail). */
export const BUF_RING_TAIL: usize = 14;

/** struct io_uring_buf_reg (40 bytes): REGISTER_PBUF_RING / UNREGISTER_PBUF_RING (5.19). */
@unmanaged
export class io_uring_buf_reg {
  /** Page-aligned address of the ring (0 with IOU_PBUF_RING_MMAP). */
  ring_addr: u64;
  /** A power of two, at most 32768. */
  ring_entries: u32;
  bgid: u16;
  /** IOU_PBUF_RING_*. */
  flags: u16;
  resv_0: u64;
  resv_1: u64;
  resv_2: u64;
}

/** struct io_uring_buf_status (40 bytes): REGISTER_PBUF_STATUS (6.8): the kernel's head. */
@unmanaged
export class io_uring_buf_status {
  buf_group: u32;
  /** Written by the kernel: how far it has consumed the ring. */
  head: u32;
  resv_0: u64;
  resv_1: u64;
  resv_2: u64;
  resv_3: u64;
}

/**
 * struct io_uring_getevents_arg (24 bytes): io_uring_enter's argument under IORING_ENTER_EXT_ARG
 * (5.11): a signal mask and a timeout for the wait.
 */
@unmanaged
export class io_uring_getevents_arg {
  sigmask: u64;
  sigmask_sz: u32;
  /** Wait this long for the first completion before settling for fewer than asked (6.12; was pad). */
  min_wait_usec: u32;
  /** Address of a struct __kernel_timespec, or 0. */
  ts: u64;
}

/** struct io_uring_sync_cancel_reg (64 bytes): REGISTER_SYNC_CANCEL (6.0). */
@unmanaged
export class io_uring_sync_cancel_reg {
  /** The user_data to match (unless matching by fd or ANY). */
  addr: u64;
  fd: i32;
  /** IORING_ASYNC_CANCEL_*. */
  flags: u32;
  /** struct __kernel_timespec: how long to wait; -1/-1 is forever. */
  timeout_tv_sec: i64;
  timeout_tv_nsec: i64;
  /** The opcode to match with IORING_ASYNC_CANCEL_OP (6.6). */
  opcode: u8;
  pad_0: u8;
  pad_1: u16;
  pad_2: u32;
  pad2_0: u64;
  pad2_1: u64;
  pad2_2: u64;
}

/** struct io_uring_file_index_range (16 bytes): REGISTER_FILE_ALLOC_RANGE (6.0): [off, off+len). */
@unmanaged
export class io_uring_file_index_range {
  off: u32;
  len: u32;
  resv: u64;
}

/** struct io_uring_napi (16 bytes): REGISTER_NAPI / UNREGISTER_NAPI (6.9). */
@unmanaged
export class io_uring_napi {
  /** Busy-poll timeout in microseconds. */
  busy_poll_to: u32;
  prefer_busy_poll: u8;
  /** IO_URING_NAPI_REGISTER_OP / _STATIC_* (6.13; 0 before: the dynamic default). */
  opcode: u8;
  pad_0: u8;
  pad_1: u8;
  op_param: u32;
  resv: u32;
}

/** struct io_uring_clock_register (16 bytes): REGISTER_CLOCK (6.12): the clock waits measure. */
@unmanaged
export class io_uring_clock_register {
  /** CLOCK_MONOTONIC or CLOCK_BOOTTIME. */
  clockid: u32;
  __resv_0: u32;
  __resv_1: u32;
  __resv_2: u32;
}

/** struct io_uring_clone_buffers (32 bytes): REGISTER_CLONE_BUFFERS (6.12). */
@unmanaged
export class io_uring_clone_buffers {
  /** The ring to copy the registered-buffer table from (an fd, or a registered ring index). */
  src_fd: u32;
  /** IORING_REGISTER_SRC_REGISTERED, IORING_REGISTER_DST_REPLACE. */
  flags: u32;
  /** Range: src_off .. src_off+nr of the source to dst_off.. of ours (6.13; 0/0/0: all). */
  src_off: u32;
  dst_off: u32;
  nr: u32;
  pad_0: u32;
  pad_1: u32;
  pad_2: u32;
}

/** struct io_uring_recvmsg_out (16 bytes): heads each buffer a multishot RECVMSG fills (6.0). */
@unmanaged
export class io_uring_recvmsg_out {
  namelen: u32;
  controllen: u32;
  payloadlen: u32;
  flags: u32;
}

/**
 * struct io_uring_query_hdr (40 bytes): one entry of a REGISTER_QUERY chain (6.18), which needs
 * no ring (fd -1). The kernel writes `result` (0 or -errno) and how many bytes of the answer at
 * `query_data` it filled into `size`.
 */
@unmanaged
export class io_uring_query_hdr {
  /** The next entry's address, or 0. */
  next_entry: u64;
  query_data: u64;
  /** IO_URING_QUERY_*. */
  query_op: u32;
  size: u32;
  result: i32;
  __resv_0: u32;
  __resv_1: u32;
  __resv_2: u32;
}

/** struct io_uring_query_opcode (48 bytes): the answer to IO_URING_QUERY_OPCODES (6.18). */
@unmanaged
export class io_uring_query_opcode {
  /** IORING_OP_LAST: opcodes below it exist (the probe says which this build supports). */
  nr_request_opcodes: u32;
  /** IORING_REGISTER_LAST. */
  nr_register_opcodes: u32;
  /** Every IORING_FEAT_* the kernel has. */
  feature_flags: u64;
  /** Every IORING_SETUP_* it accepts. */
  ring_setup_flags: u64;
  /** Every IORING_ENTER_* it accepts. */
  enter_flags: u64;
  /** Every IOSQE_* it accepts. */
  sqe_flags: u64;
  nr_query_opcodes: u32;
  __pad: u32;
}

/**
 * struct io_uring_region_desc (64 bytes): a memory region for REGISTER_MEM_REGION (6.13). With
 * IORING_MEM_REGION_TYPE_USER, `user_addr` is page-aligned memory of ours that the kernel pins.
 */
@unmanaged
export class io_uring_region_desc {
  user_addr: u64;
  size: u64;
  /** IORING_MEM_REGION_TYPE_*. */
  flags: u32;
  id: u32;
  /** Written by the kernel for a region it allocates (to mmap). */
  mmap_offset: u64;
  __resv_0: u64;
  __resv_1: u64;
  __resv_2: u64;
  __resv_3: u64;
}

/** struct io_uring_mem_region_reg (32 bytes): REGISTER_MEM_REGION's argument (6.13). */
@unmanaged
export class io_uring_mem_region_reg {
  /** Address of the struct io_uring_region_desc. */
  region_uptr: u64;
  /** IORING_MEM_REGION_REG_WAIT_ARG: the region holds struct io_uring_reg_wait entries. */
  flags: u64;
  __resv_0: u64;
  __resv_1: u64;
}

/**
 * struct io_uring_reg_wait (64 bytes): one registered wait argument (6.13). An enter with
 * IORING_ENTER_EXT_ARG_REG names one by its byte offset in the region instead of passing an
 * io_uring_getevents_arg and a timespec.
 */
@unmanaged
export class io_uring_reg_wait {
  /** struct __kernel_timespec ts, used with IORING_REG_WAIT_TS. */
  ts_tv_sec: i64;
  ts_tv_nsec: i64;
  min_wait_usec: u32;
  /** IORING_REG_WAIT_TS. */
  flags: u32;
  sigmask: u64;
  sigmask_sz: u32;
  pad_0: u32;
  pad_1: u32;
  pad_2: u32;
  pad2_0: u64;
  pad2_1: u64;
}
