// What every SQE encoder shares: io_uring_prep_rw, and the direct-descriptor slot encoding.

import { io_uring_sqe } from "../abi/sqe";
import { IORING_FILE_INDEX_ALLOC } from "../abi/constants";

/** io_uring_prep_rw: the fields every encoder sets. */
@inline export function prep_rw(op: u8, sqe: io_uring_sqe, fd: i32, addr: u64, len: u32, offset: u64): void {
  sqe.opcode = op;
  sqe.flags = 0;
  sqe.ioprio = 0;
  sqe.fd = fd;
  sqe.off = offset;
  sqe.addr = addr;
  sqe.len = len;
  sqe.op_flags = 0;
  sqe.buf_index = 0;
  sqe.personality = 0;
  sqe.splice_fd_in = 0; // file_index in later kernels
  sqe.addr3 = 0;
  sqe.__pad2 = 0;
}

/**
 * __io_uring_set_target_fixed_file: the new file goes into the fixed-file slot `file_index`
 * instead of the fd table ("direct descriptor"). The SQE holds the slot plus one (0 means "an
 * ordinary fd"); IORING_FILE_INDEX_ALLOC asks the kernel to pick a free slot.
 */
@inline export function set_target_fixed_file(sqe: io_uring_sqe, file_index: u32): void {
  sqe.file_index = file_index == IORING_FILE_INDEX_ALLOC ? IORING_FILE_INDEX_ALLOC : file_index + 1;
}
