// struct io_uring_cqe: one completion queue entry, 16 bytes (32 with IORING_SETUP_CQE32).
//
//    0                                                       8
//    ├──────────────── user_data (from the SQE) ──────────────┤
//    8                            12                         16
//    ├──────── res (≥0 or -errno) ─┼────────── flags ─────────┤

@unmanaged
export class io_uring_cqe {
  user_data: u64;
  res: i32;
  flags: u32;
}

// What ring.wasm's reap hands its caller for each CQE, a completion record: user_data as an f64
// (exact below 2^53, where every user_data a caller of the library sets lies; larger values, such
// as another ring's MSG_RING data, round), res and flags as in the CQE, then, under
// IORING_SETUP_CQE32, the CQE's 16 extra bytes. Records are as large as the ring's CQEs, so the
// caller reads f64, i32, u32 words without decoding the kernel's 64-bit field.
//
//    0                                       8              12             16
//    ├────────── user_data, as f64 ───────────┼───── res ────┼──── flags ───┤ (big_cqe: 16 … 31)

/** Offsets in a completion record (see above), exported for the host-side library. */
export const record_res: u32 = 8;
export const record_flags: u32 = 12;
export const record_big_cqe: u32 = 16;

/** Writes the completion record of `cqe` (a CQE of `size` bytes) at `to`. */
@inline export function record_write(to: usize, cqe: io_uring_cqe, size: usize): void {
  store<f64>(to, <f64>cqe.user_data);
  store<i32>(to, cqe.res, record_res);
  store<u32>(to, cqe.flags, record_flags);
  // Word copies, not memory.copy: see get_sqe.
  for (let w: usize = record_big_cqe; w < size; w += 8) store<u64>(to + w, load<u64>(changetype<usize>(cqe) + w));
}
