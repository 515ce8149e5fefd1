// Taking and filling SQEs: io_uring_get_sqe, every io_uring_prep_* of the opcode table
// (generated: assembly/generated/guest.ts), and liburing's io_uring_sqe_set_* helpers.

import { io_uring_sqe, SQE_CMD } from "../abi/sqe";
import { Ring, get_sqe } from "../ring/ring";
import { take128 } from "../api/take";
import { prep_readv2, prep_writev2 } from "../prep/index";
import { addr } from "../api/take";

export * from "../generated/guest";

/** io_uring_get_sqe: the next free SQE, zeroed; null when the SQ is full (submit, then retry). */
export function io_uring_get_sqe(ring: Ring): io_uring_sqe | null {
  return changetype<io_uring_sqe | null>(get_sqe(ring));
}

/**
 * io_uring_get_sqe128: a 128-byte SQE (NOP128, URING_CMD128): two slots of an
 * IORING_SETUP_SQE_MIXED ring, or an ordinary SQE of any other ring. Null when the SQ is full.
 */
export function io_uring_get_sqe128(ring: Ring): io_uring_sqe | null {
  return take128(changetype<usize>(ring));
}

/** io_uring_prep_readv: preadv(2) into `nr_vecs` iovecs (io_uring_prep_readv2 without flags). */
export function io_uring_prep_readv(sqe: io_uring_sqe, fd: i32, iovecs: usize, nr_vecs: u32, offset: u64): void {
  prep_readv2(sqe, fd, addr(iovecs), nr_vecs, offset, 0);
}

/** io_uring_prep_writev: pwritev(2) from `nr_vecs` iovecs (io_uring_prep_writev2 without flags). */
export function io_uring_prep_writev(sqe: io_uring_sqe, fd: i32, iovecs: usize, nr_vecs: u32, offset: u64): void {
  prep_writev2(sqe, fd, addr(iovecs), nr_vecs, offset, 0);
}

/** io_uring_sqe_set_data64: the user_data its completion will carry. */
@inline export function io_uring_sqe_set_data64(sqe: io_uring_sqe, data: u64): void {
  sqe.user_data = data;
}

/** io_uring_sqe_set_flags: IOSQE_* flags (replacing those the prep set). */
@inline export function io_uring_sqe_set_flags(sqe: io_uring_sqe, flags: u32): void {
  sqe.flags = <u8>flags;
}

/** io_uring_sqe_set_buf_group: the provided-buffer group an IOSQE_BUFFER_SELECT request picks from. */
@inline export function io_uring_sqe_set_buf_group(sqe: io_uring_sqe, bgid: u16): void {
  sqe.buf_group = bgid;
}

/** io_uring_sqe_cmd: where a URING_CMD's command bytes go (16 bytes; 80 in a 128-byte SQE). */
@inline export function io_uring_sqe_cmd(sqe: io_uring_sqe): usize {
  return changetype<usize>(sqe) + SQE_CMD;
}
