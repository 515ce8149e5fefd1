// The queue_* exports: one per entry of assembly/opcodes.js, written by tools/generate-opcodes.js
// into assembly/generated/queue.ts; here the two whose command bytes are copied into the SQE, and
// what adjusts or reads back a queued SQE.

import { io_uring_sqe, SQE_CMD } from "../abi/sqe";
import { IORING_SETUP_SQE_MIXED } from "../abi/constants";
import { Ring } from "../ring/ring";
import { done, take, take128, u64of } from "./take";
import * as prep from "../prep/index";

export * from "../generated/queue";

/**
 * How many command bytes an URING_CMD SQE of this ring holds: 16 in a 64-byte SQE, 80 in a
 * 128-byte one (IORING_SETUP_SQE128, or `wide` = URING_CMD128 in an IORING_SETUP_SQE_MIXED ring).
 */
export function ring_uring_cmd_room(ring: usize, wide: bool): u32 {
  const r = changetype<Ring>(ring);
  const shift: u32 = wide && (r.setup_flags & IORING_SETUP_SQE_MIXED) != 0 ? 7 : r.sqe_shift;
  return (<u32>1 << shift) - <u32>SQE_CMD;
}

/**
 * 46: a driver command (io_uring_prep_uring_cmd). `cmd_len` bytes at `cmd` (linear memory) are
 * copied into the SQE's command area. Returns 0 when the SQ is full or the command does not fit
 * (nothing is queued then).
 */
export function queue_uring_cmd(ring: usize, ud: f64, cmd_op: u32, fd: i32, cmd: usize, cmd_len: u32): usize {
  if (cmd_len > ring_uring_cmd_room(ring, false)) return 0;
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_uring_cmd(sqe, cmd_op, fd);
  if (cmd_len) memory.copy(changetype<usize>(sqe) + SQE_CMD, cmd, cmd_len);
  return done(sqe, ud);
}
/** 64: io_uring_prep_uring_cmd128, in a 128-byte SQE (80 command bytes). */
export function queue_uring_cmd128(ring: usize, ud: f64, cmd_op: u32, fd: i32, cmd: usize, cmd_len: u32): usize {
  if (cmd_len > ring_uring_cmd_room(ring, true)) return 0;
  const sqe = take128(ring); if (!sqe) return 0;
  prep.prep_uring_cmd128(sqe, cmd_op, fd);
  if (cmd_len) memory.copy(changetype<usize>(sqe) + SQE_CMD, cmd, cmd_len);
  return done(sqe, ud);
}

// ─── Adjusting a queued SQE (before submit) ──────────────────────────────────────────────────────

/** io_uring_sqe_set_flags: IOSQE_* flags (replaces what was there). */
export function sqe_set_flags(sqe: usize, flags: u8): void {
  changetype<io_uring_sqe>(sqe).flags = flags;
}
/** The IOSQE_* flags given on top of those an encoder set (BUFFER_SELECT, …): ORed in. */
export function sqe_add_flags(sqe: usize, flags: u8): void {
  changetype<io_uring_sqe>(sqe).flags |= flags;
}
/** io_uring_sqe_set_data64. */
export function sqe_set_user_data(sqe: usize, ud: f64): void {
  changetype<io_uring_sqe>(sqe).user_data = u64of(ud);
}
export function sqe_set_ioprio(sqe: usize, ioprio: u16): void {
  changetype<io_uring_sqe>(sqe).ioprio = ioprio;
}
/** The credentials registered with IORING_REGISTER_PERSONALITY under this id. */
export function sqe_set_personality(sqe: usize, id: u16): void {
  changetype<io_uring_sqe>(sqe).personality = id;
}
/** With IOSQE_BUFFER_SELECT: the provided-buffer group to pick from. */
export function sqe_set_buf_group(sqe: usize, bgid: u16): void {
  changetype<io_uring_sqe>(sqe).buf_group = bgid;
}

// ─── Checking a handle and reading back a queued SQE ─────────────────────────────────────────────

/**
 * Whether `sqe` is the handle of one of `ring`'s SQEs that is prepared and not yet published:
 * an SQE slot of its SQ (at an SQE boundary) inside the window [sqe_head, sqe_tail). Only such an
 * SQE may be adjusted with the sqe_set_* functions: the kernel may be reading a published one,
 * and anything else is not an SQE at all.
 */
export function sqe_prepared(ring: usize, sqe: usize): bool {
  const r = changetype<Ring>(ring);
  if (sqe < r.sqes) return false;
  const off = sqe - r.sqes;
  if (off & ((<usize>1 << r.sqe_shift) - 1)) return false;
  const slot = <u32>(off >> r.sqe_shift);
  if (slot >= r.sq_entries) return false;
  return ((slot - r.sqe_head) & r.sq_mask) < r.sqe_tail - r.sqe_head;
}

/** The user_data a queued SQE carries (f64: exact below 2^53). */
export function sqe_user_data(sqe: usize): f64 {
  return <f64>changetype<io_uring_sqe>(sqe).user_data;
}
/** The IOSQE_* flags a queued SQE carries. */
export function sqe_flags(sqe: usize): u32 {
  return changetype<io_uring_sqe>(sqe).flags;
}
