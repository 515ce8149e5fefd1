// What every queue_* export shares (assembly/generated/queue.ts, written from assembly/opcodes.js,
// and the few written by hand in queue.ts): take a free SQE, translate arguments, stamp user_data.
//
// Numbers only cross, so no BigInt does: buffers and structs are linear-memory offsets (0 = NULL),
// translated here to process addresses; 64-bit values (file offsets, user_data, lengths) arrive
// as f64, exact up to 2^53; -1 means "current position"/"no offset"/all ones.

import { io_uring_sqe } from "../abi/sqe";
import { IORING_SETUP_SQE_MIXED, IOSQE_CQE_SKIP_SUCCESS } from "../abi/constants";
import { get_sqe, Ring, sq_space_left } from "../ring/ring";
import { BASE } from "../ring/setup";
import { prep_nop } from "../prep/index";

/** A linear-memory offset as the process address the kernel needs; 0 stays NULL. */
@inline export function addr(offset: usize): u64 {
  return offset ? BASE + <u64>offset : 0;
}

/** A 64-bit argument carried as f64 (-1 → all ones). */
@inline export function u64of(x: f64): u64 {
  return <u64><i64>x;
}

/** io_uring_get_sqe: a zeroed SQE, or null when the SQ is full. */
@inline export function take(ring: usize): io_uring_sqe | null {
  const at = get_sqe(changetype<Ring>(ring));
  if (!at) return null;
  return changetype<io_uring_sqe>(at);
}

/**
 * io_uring_get_sqe128: a 128-byte SQE (NOP128, URING_CMD128). In an IORING_SETUP_SQE_MIXED ring
 * it is two consecutive 64-byte slots, both consumed by the kernel; one that would straddle the
 * ring's end is preceded by a NOP that posts no CQE (IOSQE_CQE_SKIP_SUCCESS), as liburing does.
 * Any other ring: an ordinary SQE (128 bytes with SQE128; else the kernel refuses the opcode).
 * Null unless all the slots needed are free.
 */
export function take128(ring: usize): io_uring_sqe | null {
  const r = changetype<Ring>(ring);
  if (!(r.setup_flags & IORING_SETUP_SQE_MIXED)) return take(ring);
  const pad: u32 = (r.sqe_tail & r.sq_mask) == r.sq_mask ? 1 : 0;
  if (sq_space_left(r) < 2 + pad) return null;
  if (pad) {
    const nop = take(ring)!;
    prep_nop(nop);
    nop.flags = IOSQE_CQE_SKIP_SUCCESS;
  }
  const sqe = take(ring);
  take(ring); // the second half, zeroed too
  return sqe;
}

/** Stamps user_data; the SQE's offset is its handle. */
@inline export function done(sqe: io_uring_sqe, user_data: f64): usize {
  sqe.user_data = u64of(user_data);
  return changetype<usize>(sqe);
}
