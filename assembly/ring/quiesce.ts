// Closing a ring whose requests still hold memory: cancel them all, then wait until the kernel
// has finished with every one, so their memory can go back to the allocator.
//
//   quiesce_start   queues ASYNC_CANCEL with IORING_ASYNC_CANCEL_ANY (5.19), then a NOP with
//                   IOSQE_IO_DRAIN: the NOP completes only once every request before it has.
//                   Older kernels get their cancels by user_data (quiesce_cancel) *before* it:
//                   a drain holds back every request queued after it (5.10 does), so a cancel
//                   behind it would wait for the very requests it is meant to end
//   quiesce_step    submits (waiting a bounded time for a completion), reaps like reap(), and
//                   keeps the cancel's and the NOP's own completions out of `out`, noting what
//                   they answered in ring.quiesce (QUIESCE_* below)
//   quiesce_cancel  one cancel by user_data, for kernels without CANCEL_ANY (before 5.19)
//
// Their user_data lie above 2^53, where no caller's can (see abi/cqe.ts), and are exact as f64.

import { IORING_ASYNC_CANCEL_ANY, IOSQE_IO_DRAIN } from "../abi/constants";
import { record_res } from "../abi/cqe";
import { EAGAIN, EBUSY, EINVAL } from "../abi/errno";
import { get_sqe, reap, Ring, submit_and_wait, submit_and_wait_timeout } from "./ring";
import { io_uring_sqe } from "../abi/sqe";
import { prep_cancel64, prep_nop } from "../prep/index";

const CANCEL_USER_DATA: u64 = 1 << 62;
const DRAIN_USER_DATA: u64 = (1 << 62) | (1 << 61);

/** The drain NOP completed successfully: every request before it has ended. */
export const QUIESCE_DRAINED: u32 = 1;
/** The drain NOP failed (EOPNOTSUPP after IOSQE_CQE_SKIP_SUCCESS was used on the ring): it tells nothing. */
export const QUIESCE_DRAIN_REFUSED: u32 = 2;
/** The cancel answered EINVAL: no IORING_ASYNC_CANCEL_ANY here; cancel by user_data instead. */
export const QUIESCE_CANCEL_ANY_REFUSED: u32 = 4;


/**
 * Queues the cancel (when `cancel_any`: the kernel has IORING_ASYNC_CANCEL_ANY) and the drain NOP;
 * returns whether they were queued (the SQ had room).
 */
export function quiesce_start(ring: Ring, cancel_any: bool): bool {
  ring.quiesce = 0;
  if (cancel_any) {
    const cancel = get_sqe(ring);
    if (!cancel) return false;
    prep_cancel64(changetype<io_uring_sqe>(cancel), 0, IORING_ASYNC_CANCEL_ANY);
    changetype<io_uring_sqe>(cancel).user_data = CANCEL_USER_DATA;
  }
  const drain = get_sqe(ring);
  if (!drain) return false;
  prep_nop(changetype<io_uring_sqe>(drain));
  changetype<io_uring_sqe>(drain).flags = <u8>IOSQE_IO_DRAIN;
  changetype<io_uring_sqe>(drain).user_data = DRAIN_USER_DATA;
  return true;
}

/** Queues a cancel of the requests with `user_data`; false when the SQ is full. */
export function quiesce_cancel(ring: Ring, user_data: u64): bool {
  const cancel = get_sqe(ring);
  if (!cancel) return false;
  prep_cancel64(changetype<io_uring_sqe>(cancel), user_data, 0);
  changetype<io_uring_sqe>(cancel).user_data = CANCEL_USER_DATA;
  return true;
}

/**
 * Submits, waiting up to `wait_ms` for a completion (0: no wait), then reaps up to `max`
 * completion records into `out`, the close's own removed (their answers go to ring.quiesce).
 * Returns how many records are left in `out`, or -errno when the enter failed otherwise than
 * EBUSY/EAGAIN (the kernel's overflow backlog is full: reaping makes room) or the reap failed.
 */
export function quiesce_step(ring: Ring, out: usize, max: u32, wait_ms: f64): i32 {
  const ret = wait_ms > 0 ? submit_and_wait_timeout(ring, 1, wait_ms) : submit_and_wait(ring, 0);
  if (ret < 0 && ret != -EBUSY && ret != -EAGAIN) return ret;
  const n = reap(ring, out, max);
  if (n < 0) return n;
  const size = <usize>1 << ring.cqe_shift;
  let kept: u32 = 0;
  for (let i: u32 = 0; i < <u32>n; i++) {
    const record = out + <usize>i * size;
    const user_data = <u64>load<f64>(record);
    const res = load<i32>(record, record_res);
    if (user_data == DRAIN_USER_DATA) {
      ring.quiesce |= res >= 0 ? QUIESCE_DRAINED : QUIESCE_DRAIN_REFUSED;
    } else if (user_data == CANCEL_USER_DATA) {
      if (res == -EINVAL) ring.quiesce |= QUIESCE_CANCEL_ANY_REFUSED;
    } else {
      if (kept != i) memory.copy(out + <usize>kept * size, record, size);
      kept++;
    }
  }
  return <i32>kept;
}
