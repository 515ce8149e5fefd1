// struct io_uring_sqe: one submission queue entry, 64 bytes (128 with IORING_SETUP_SQE128).
//
//    0      1      2             4                           8
//    ├opcode┼flags─┼───ioprio────┼────────────fd─────────────┤
//    8                                                      16
//    ├──────────────── off │ addr2 ──────────────────────────┤
//   16                                                      24
//    ├──────────────── addr │ splice_off_in ─────────────────┤
//   24                          28                          32
//    ├──────────len─────────────┼── op flags (union, below) ─┤
//   32                                                      40
//    ├──────────────── user_data ────────────────────────────┤
//   40            42            44                          48
//    ├buf_index│buf_group┼personality┼─────splice_fd_in───────┤
//   48                                                      64
//    ├──────────────── __pad2[2] ────────────────────────────┤
//
// The op-flags union at 28 is one u32 read as rw_flags, fsync_flags, poll_events (u16),
// poll32_events, sync_range_flags, msg_flags, timeout_flags, accept_flags, cancel_flags,
// open_flags, statx_flags, fadvise_advice or splice_flags, by opcode.
// (The seed counts __pad2 as u64[3] from offset 40, overlaying buf_index…splice_fd_in.)

@unmanaged
export class io_uring_sqe {
  opcode: u8;
  flags: u8;
  ioprio: u16;
  fd: i32;
  /** Offset into the file; `addr2` in the union (5.5). */
  off: u64;
  /** Buffer, iovec array or struct address; `splice_off_in` in the union (5.7). */
  addr: u64;
  /** Buffer size or number of iovecs. */
  len: u32;
  /** The op-flags union; see the accessors below. */
  op_flags: u32;
  /** Returned untouched in the CQE. */
  user_data: u64;
  /** Registered-buffer index; `buf_group` in the union (5.7). */
  buf_index: u16;
  personality: u16;
  splice_fd_in: i32;
  __pad2_0: u64;
  __pad2_1: u64;

  // Union aliases: same storage as the field named in their getter.
  @inline get addr2(): u64 { return this.off; }
  @inline set addr2(v: u64) { this.off = v; }
  @inline get splice_off_in(): u64 { return this.addr; }
  @inline set splice_off_in(v: u64) { this.addr = v; }
  @inline get buf_group(): u16 { return this.buf_index; }
  @inline set buf_group(v: u16) { this.buf_index = v; }
  @inline set rw_flags(v: i32) { this.op_flags = <u32>v; }
  @inline set fsync_flags(v: u32) { this.op_flags = v; }
  @inline set poll32_events(v: u32) { this.op_flags = v; }
  @inline set sync_range_flags(v: u32) { this.op_flags = v; }
  @inline set msg_flags(v: u32) { this.op_flags = v; }
  @inline set timeout_flags(v: u32) { this.op_flags = v; }
  @inline set accept_flags(v: u32) { this.op_flags = v; }
  @inline set cancel_flags(v: u32) { this.op_flags = v; }
  @inline set open_flags(v: u32) { this.op_flags = v; }
  @inline set statx_flags(v: u32) { this.op_flags = v; }
  @inline set fadvise_advice(v: u32) { this.op_flags = v; }
  @inline set splice_flags(v: u32) { this.op_flags = v; }
}

