// Encoders for reading, writing and moving data: files, pipes, buffers (io_uring_prep_* of
// liburing; the comment above each names the opcode numbers).

import { io_uring_sqe } from "../abi/sqe";
import {
  BLOCK_URING_CMD_DISCARD, IORING_OP_FADVISE, IORING_OP_FALLOCATE, IORING_OP_FSYNC, IORING_OP_FTRUNCATE, IORING_OP_MADVISE,
  IORING_OP_NOP, IORING_OP_NOP128, IORING_OP_PIPE, IORING_OP_PROVIDE_BUFFERS, IORING_OP_READ,
  IORING_OP_READ_FIXED, IORING_OP_READ_MULTISHOT, IORING_OP_READV, IORING_OP_READV_FIXED,
  IORING_OP_REMOVE_BUFFERS, IORING_OP_SPLICE, IORING_OP_SYNC_FILE_RANGE, IORING_OP_TEE,
  IORING_OP_URING_CMD, IORING_OP_URING_CMD128, IORING_OP_WRITE, IORING_OP_WRITE_FIXED,
  IORING_OP_WRITEV, IORING_OP_WRITEV_FIXED, IOSQE_BUFFER_SELECT,
} from "../abi/constants";
import { prep_rw, set_target_fixed_file } from "./common";

// 0
export function prep_nop(sqe: io_uring_sqe): void {
  prep_rw(IORING_OP_NOP, sqe, -1, 0, 0, 0);
}
/**
 * Variant of 0: a NOP with IORING_NOP_* flags (6.9+). The injected result travels in `len`, the
 * file to look up in `fd`, the registered buffer in `buf_index`, and IORING_NOP_CQE32's two
 * extra CQE words in `off` and `addr`. liburing has no prep for it (its tests set these fields
 * on io_uring_prep_nop's SQE, as here).
 */
export function prep_nop_flags(
  sqe: io_uring_sqe, nop_flags: u32, result: i32, fd: i32, buf_index: u16, extra1: u64, extra2: u64,
): void {
  prep_rw(IORING_OP_NOP, sqe, fd, extra2, <u32>result, extra1);
  sqe.nop_flags = nop_flags;
  sqe.buf_index = buf_index;
}

// 1, 2
export function prep_readv(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64): void {
  prep_rw(IORING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

export function prep_readv2(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32): void {
  prep_readv(sqe, fd, iovecs, nr_vecs, offset);
  sqe.rw_flags = flags;
}

export function prep_writev(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64): void {
  prep_rw(IORING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

export function prep_writev2(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32): void {
  prep_writev(sqe, fd, iovecs, nr_vecs, offset);
  sqe.rw_flags = flags;
}

// 3
export function prep_fsync(sqe: io_uring_sqe, fd: i32, fsync_flags: u32): void {
  prep_rw(IORING_OP_FSYNC, sqe, fd, 0, 0, 0);
  sqe.fsync_flags = fsync_flags;
}

// 4, 5
export function prep_read_fixed(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64, buf_index: u16): void {
  prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
  sqe.buf_index = buf_index;
}

export function prep_write_fixed(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64, buf_index: u16): void {
  prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
  sqe.buf_index = buf_index;
}

// 8
export function prep_sync_file_range(sqe: io_uring_sqe, fd: i32, len: u32, offset: u64, flags: u32): void {
  prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe, fd, 0, len, offset);
  sqe.sync_range_flags = flags;
}

// 17: the length travels in `addr`, the mode in `len`.
export function prep_fallocate(sqe: io_uring_sqe, fd: i32, mode: i32, offset: u64, len: u64): void {
  prep_rw(IORING_OP_FALLOCATE, sqe, fd, 0, <u32>mode, offset);
  sqe.addr = len;
}

// 22, 23
export function prep_read(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64): void {
  prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

export function prep_write(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64): void {
  prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

// 24, 25
export function prep_fadvise(sqe: io_uring_sqe, fd: i32, offset: u64, len: u32, advice: i32): void {
  prep_rw(IORING_OP_FADVISE, sqe, fd, 0, len, offset);
  sqe.fadvise_advice = <u32>advice;
}

export function prep_madvise(sqe: io_uring_sqe, addr: u64, length: u32, advice: i32): void {
  prep_rw(IORING_OP_MADVISE, sqe, -1, addr, length, 0);
  sqe.fadvise_advice = <u32>advice;
}

// 24, 25 with 64-bit lengths (6.11): the length moves to `addr` (fadvise) or `off` (madvise)
// and `len` stays 0; older kernels refuse a non-zero `addr`/`off` there with EINVAL.
export function prep_fadvise64(sqe: io_uring_sqe, fd: i32, offset: u64, len: u64, advice: i32): void {
  prep_rw(IORING_OP_FADVISE, sqe, fd, 0, 0, offset);
  sqe.addr = len;
  sqe.fadvise_advice = <u32>advice;
}
export function prep_madvise64(sqe: io_uring_sqe, addr: u64, length: u64, advice: i32): void {
  prep_rw(IORING_OP_MADVISE, sqe, -1, addr, 0, length);
  sqe.fadvise_advice = <u32>advice;
}

// 30, 33: an offset of -1 means "the pipe has no offset" / "the file's position".
export function prep_splice(
  sqe: io_uring_sqe, fd_in: i32, off_in: i64, fd_out: i32, off_out: i64, nbytes: u32, splice_flags: u32,
): void {
  prep_rw(IORING_OP_SPLICE, sqe, fd_out, 0, nbytes, <u64>off_out);
  sqe.splice_off_in = <u64>off_in;
  sqe.splice_fd_in = fd_in;
  sqe.splice_flags = splice_flags;
}

export function prep_tee(sqe: io_uring_sqe, fd_in: i32, fd_out: i32, nbytes: u32, splice_flags: u32): void {
  prep_rw(IORING_OP_TEE, sqe, fd_out, 0, nbytes, 0);
  sqe.splice_off_in = 0;
  sqe.splice_fd_in = fd_in;
  sqe.splice_flags = splice_flags;
}

// 31, 32: `nr` buffers of `len` bytes from `addr`, ids from `bid`, in group `bgid`.
export function prep_provide_buffers(sqe: io_uring_sqe, addr: u64, len: i32, nr: i32, bgid: i32, bid: i32): void {
  prep_rw(IORING_OP_PROVIDE_BUFFERS, sqe, nr, addr, <u32>len, <u64>bid);
  sqe.buf_group = <u16>bgid;
}

export function prep_remove_buffers(sqe: io_uring_sqe, nr: i32, bgid: i32): void {
  prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, nr, 0, 0, 0);
  sqe.buf_group = <u16>bgid;
}

// 46, 64: a command for the file's driver (`cmd_op`), arguments in the cmd area at 48 (16 bytes,
// 80 with IORING_SETUP_SQE128); URING_CMD128 is the 128-byte SQE of an SQE_MIXED ring (6.19).
export function prep_uring_cmd(sqe: io_uring_sqe, cmd_op: u32, fd: i32): void {
  prep_rw(IORING_OP_URING_CMD, sqe, fd, 0, 0, 0);
  sqe.cmd_op = cmd_op;
}
export function prep_uring_cmd128(sqe: io_uring_sqe, cmd_op: u32, fd: i32): void {
  prep_uring_cmd(sqe, cmd_op, fd);
  sqe.opcode = IORING_OP_URING_CMD128;
}
/** BLOCK_URING_CMD_DISCARD on a block device: `nbytes` from `offset` (6.12). */
export function prep_cmd_discard(sqe: io_uring_sqe, fd: i32, offset: u64, nbytes: u64): void {
  prep_uring_cmd(sqe, BLOCK_URING_CMD_DISCARD, fd);
  sqe.addr = offset;
  sqe.addr3 = nbytes;
}

// 49: reads into buffers picked from provided-buffer group `buf_group`, one CQE per read.
export function prep_read_multishot(sqe: io_uring_sqe, fd: i32, nbytes: u32, offset: u64, buf_group: u16): void {
  prep_rw(IORING_OP_READ_MULTISHOT, sqe, fd, 0, nbytes, offset);
  sqe.buf_group = buf_group;
  sqe.flags = IOSQE_BUFFER_SELECT;
}

// 55: the new length travels in `off`.
export function prep_ftruncate(sqe: io_uring_sqe, fd: i32, len: u64): void {
  prep_rw(IORING_OP_FTRUNCATE, sqe, fd, 0, 0, len);
}

// 60, 61: vectored I/O on a registered buffer: the iovecs point into buffer `buf_index`.
export function prep_readv_fixed(
  sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32, buf_index: u16,
): void {
  prep_readv2(sqe, fd, iovecs, nr_vecs, offset, flags);
  sqe.opcode = IORING_OP_READV_FIXED;
  sqe.buf_index = buf_index;
}
export function prep_writev_fixed(
  sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32, buf_index: u16,
): void {
  prep_writev2(sqe, fd, iovecs, nr_vecs, offset, flags);
  sqe.opcode = IORING_OP_WRITEV_FIXED;
  sqe.buf_index = buf_index;
}

// 62: pipe2(2); the two fds are written to the int[2] at `fds`.
export function prep_pipe(sqe: io_uring_sqe, fds: u64, pipe_flags: u32): void {
  prep_rw(IORING_OP_PIPE, sqe, 0, fds, 0, 0);
  sqe.pipe_flags = pipe_flags;
}
/** Both ends become direct descriptors: slots `file_index` and `file_index + 1` (or allocated). */
export function prep_pipe_direct(sqe: io_uring_sqe, fds: u64, pipe_flags: u32, file_index: u32): void {
  prep_pipe(sqe, fds, pipe_flags);
  set_target_fixed_file(sqe, file_index);
}

// 63: a NOP in a 128-byte SQE of an SQE_MIXED ring (6.19).
export function prep_nop128(sqe: io_uring_sqe): void {
  prep_rw(IORING_OP_NOP128, sqe, -1, 0, 0, 0);
}
