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
//    ├buf_index│buf_group┼personality┼ splice_fd_in │ file_index ┤
//   48                                                      56
//    ├──────────────── addr3 │ optval │ attr_ptr │ cmd… ──────┤
//   56                                                      64
//    ├──────────────── __pad2 │ attr_type_mask │ …cmd ────────┤
//   64 … 128: with IORING_SETUP_SQE128, the rest of URING_CMD's 80-byte cmd area (from 48)
//
// The op-flags union at 28 is one u32 read as rw_flags, fsync_flags, poll_events (u16),
// poll32_events, sync_range_flags, msg_flags, timeout_flags, accept_flags, cancel_flags,
// open_flags, statx_flags, fadvise_advice, splice_flags, rename_flags, unlink_flags,
// hardlink_flags, xattr_flags, msg_ring_flags, uring_cmd_flags, waitid_flags, futex_flags,
// install_fd_flags, nop_flags or pipe_flags, by opcode. Narrower union members overlay the start
// of a field: cmd_op (u32) the low half of `off`; level/optname (u32, u32) `addr`; addr_len
// (u16), write_stream (u8), optlen, zcrx_ifq_idx (u32) the word at 44.
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
  /** splice(2)'s fd_in; `file_index`, `optlen`, `addr_len`… in the union. */
  splice_fd_in: i32;
  /** A third address (5.19); `optval` (6.7), `attr_ptr` (6.16) and URING_CMD's cmd area start here. */
  addr3: u64;
  /** `attr_type_mask` (6.16) in the union. */
  __pad2: u64;

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
  @inline set rename_flags(v: u32) { this.op_flags = v; }
  @inline set unlink_flags(v: u32) { this.op_flags = v; }
  @inline set hardlink_flags(v: u32) { this.op_flags = v; }
  @inline set xattr_flags(v: u32) { this.op_flags = v; }
  @inline set msg_ring_flags(v: u32) { this.op_flags = v; }
  @inline set uring_cmd_flags(v: u32) { this.op_flags = v; }
  @inline set waitid_flags(v: u32) { this.op_flags = v; }
  @inline set futex_flags(v: u32) { this.op_flags = v; }
  @inline set install_fd_flags(v: u32) { this.op_flags = v; }
  @inline set nop_flags(v: u32) { this.op_flags = v; }
  @inline set pipe_flags(v: u32) { this.op_flags = v; }
  @inline get file_index(): u32 { return <u32>this.splice_fd_in; }
  @inline set file_index(v: u32) { this.splice_fd_in = <i32>v; }
  @inline set optlen(v: u32) { this.splice_fd_in = <i32>v; }
  @inline set zcrx_ifq_idx(v: u32) { this.splice_fd_in = <i32>v; }
  @inline set optval(v: u64) { this.addr3 = v; }
  @inline set attr_ptr(v: u64) { this.addr3 = v; }
  @inline set attr_type_mask(v: u64) { this.__pad2 = v; }
  // Narrower members: stored at their own width, leaving the rest of the word as it is.
  @inline set cmd_op(v: u32) { store<u32>(changetype<usize>(this), v, SQE_CMD_OP); }
  @inline set level(v: u32) { store<u32>(changetype<usize>(this), v, SQE_LEVEL); }
  @inline set optname(v: u32) { store<u32>(changetype<usize>(this), v, SQE_OPTNAME); }
  @inline set addr_len(v: u16) { store<u16>(changetype<usize>(this), v, SQE_ADDR_LEN); }
  @inline set write_stream(v: u8) { store<u8>(changetype<usize>(this), v, SQE_WRITE_STREAM); }
}

// Offsets of the narrower union members (see the diagram).
@inline export const SQE_CMD_OP: usize = 8;
@inline export const SQE_LEVEL: usize = 16;
@inline export const SQE_OPTNAME: usize = 20;
@inline export const SQE_ADDR_LEN: usize = 44;
@inline export const SQE_WRITE_STREAM: usize = 44;
/** URING_CMD's command area: 16 bytes in a 64-byte SQE, 80 with IORING_SETUP_SQE128. */
@inline export const SQE_CMD: usize = 48;

