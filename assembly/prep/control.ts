// Encoders that manage other requests, wait for events or talk to other rings: poll, timeouts,
// cancellation, MSG_RING, epoll, waitid, futexes (io_uring_prep_* of liburing; opcode numbers
// above each).

import { io_uring_sqe } from "../abi/sqe";
import {
  IORING_ASYNC_CANCEL_FD, IORING_FILE_INDEX_ALLOC, IORING_MSG_RING_FLAGS_PASS,
  IORING_MSG_SEND_FD, IORING_OP_ASYNC_CANCEL, IORING_OP_EPOLL_CTL, IORING_OP_EPOLL_WAIT,
  IORING_OP_FUTEX_WAIT, IORING_OP_FUTEX_WAITV, IORING_OP_FUTEX_WAKE, IORING_OP_LINK_TIMEOUT,
  IORING_OP_MSG_RING, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE, IORING_OP_TIMEOUT,
  IORING_OP_TIMEOUT_REMOVE, IORING_OP_WAITID, IORING_POLL_ADD_MULTI, IORING_TIMEOUT_UPDATE,
} from "../abi/constants";
import { prep_rw, set_target_fixed_file } from "./common";

// 6, 7 (poll32_events: liburing word-swaps on big endian only)
export function prep_poll_add(sqe: io_uring_sqe, fd: i32, poll_mask: u32): void {
  prep_rw(IORING_OP_POLL_ADD, sqe, fd, 0, 0, 0);
  sqe.poll32_events = poll_mask;
}

export function prep_poll_remove(sqe: io_uring_sqe, user_data: u64): void {
  prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, 0, 0, 0);
  sqe.addr = user_data;
}

// 11, 12: `count` completions satisfy a TIMEOUT before it expires (0: only the time).
export function prep_timeout(sqe: io_uring_sqe, ts: u64, count: u32, flags: u32): void {
  prep_rw(IORING_OP_TIMEOUT, sqe, -1, ts, 1, count);
  sqe.timeout_flags = flags;
}

export function prep_timeout_remove(sqe: io_uring_sqe, user_data: u64, flags: u32): void {
  prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, 0, 0, 0);
  sqe.addr = user_data;
  sqe.timeout_flags = flags;
}

// 14
export function prep_cancel64(sqe: io_uring_sqe, user_data: u64, flags: u32): void {
  prep_rw(IORING_OP_ASYNC_CANCEL, sqe, -1, 0, 0, 0);
  sqe.addr = user_data;
  sqe.cancel_flags = flags;
}

// 15
export function prep_link_timeout(sqe: io_uring_sqe, ts: u64, flags: u32): void {
  prep_rw(IORING_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
  sqe.timeout_flags = flags;
}

// 29: the target fd travels in `off`, the epoll op in `len`.
export function prep_epoll_ctl(sqe: io_uring_sqe, epfd: i32, fd: i32, op: i32, ev: u64): void {
  prep_rw(IORING_OP_EPOLL_CTL, sqe, epfd, ev, <u32>op, <u64><u32>fd);
}

// Variants of 6, 7: a poll that stays armed, and an update of an armed one (`flags`:
// IORING_POLL_UPDATE_EVENTS / _USER_DATA; the new user_data travels in `off`).
export function prep_poll_multishot(sqe: io_uring_sqe, fd: i32, poll_mask: u32): void {
  prep_poll_add(sqe, fd, poll_mask);
  sqe.len = IORING_POLL_ADD_MULTI;
}
export function prep_poll_update(
  sqe: io_uring_sqe, old_user_data: u64, new_user_data: u64, poll_mask: u32, flags: u32,
): void {
  prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, 0, flags, new_user_data);
  sqe.addr = old_user_data;
  sqe.poll32_events = poll_mask;
}

// Variant of 12: a new timespec (at `off`) for the timeout `user_data`.
export function prep_timeout_update(sqe: io_uring_sqe, ts: u64, user_data: u64, flags: u32): void {
  prep_rw(IORING_OP_TIMEOUT_REMOVE, sqe, -1, 0, 0, ts);
  sqe.addr = user_data;
  sqe.timeout_flags = flags | IORING_TIMEOUT_UPDATE;
}

// Variant of 14: cancel by file instead of by user_data (`flags`: IORING_ASYNC_CANCEL_*).
export function prep_cancel_fd(sqe: io_uring_sqe, fd: i32, flags: u32): void {
  prep_rw(IORING_OP_ASYNC_CANCEL, sqe, fd, 0, 0, 0);
  sqe.cancel_flags = flags | IORING_ASYNC_CANCEL_FD;
}

// 40: a CQE for the ring `fd` with res `len` and user_data `data` (IORING_MSG_DATA), or our
// registered file `source_fd` sent into its slot `target_fd` (IORING_MSG_SEND_FD).
export function prep_msg_ring(sqe: io_uring_sqe, fd: i32, len: u32, data: u64, flags: u32): void {
  prep_rw(IORING_OP_MSG_RING, sqe, fd, 0, len, data);
  sqe.msg_ring_flags = flags;
}
/** The target CQE gets `cqe_flags` as its flags (6.3). */
export function prep_msg_ring_cqe_flags(sqe: io_uring_sqe, fd: i32, len: u32, data: u64, flags: u32, cqe_flags: u32): void {
  prep_rw(IORING_OP_MSG_RING, sqe, fd, 0, len, data);
  sqe.msg_ring_flags = IORING_MSG_RING_FLAGS_PASS | flags;
  sqe.file_index = cqe_flags;
}
export function prep_msg_ring_fd(
  sqe: io_uring_sqe, fd: i32, source_fd: i32, target_fd: u32, data: u64, flags: u32,
): void {
  prep_rw(IORING_OP_MSG_RING, sqe, fd, IORING_MSG_SEND_FD, 0, data);
  sqe.addr3 = <u64><i64>source_fd; // sign-extended, as liburing's int → __u64
  set_target_fixed_file(sqe, target_fd);
  sqe.msg_ring_flags = flags;
}
export function prep_msg_ring_fd_alloc(sqe: io_uring_sqe, fd: i32, source_fd: i32, data: u64, flags: u32): void {
  prep_msg_ring_fd(sqe, fd, source_fd, IORING_FILE_INDEX_ALLOC, data, flags);
}

// 50: waitid(2): the id in `fd`, the idtype in `len`, the siginfo_t at `addr2`, options in
// `file_index`.
export function prep_waitid(sqe: io_uring_sqe, idtype: u32, id: i32, infop: u64, options: u32, flags: u32): void {
  prep_rw(IORING_OP_WAITID, sqe, id, 0, idtype, 0);
  sqe.waitid_flags = flags;
  sqe.file_index = options;
  sqe.addr2 = infop;
}

// 51-53: futex2. The futex2 flags (FUTEX2_SIZE_*, FUTEX2_PRIVATE) travel in `fd`, the value
// in `off`, the mask in `addr3`; `flags` (futex_flags) must be 0 today.
export function prep_futex_wait(sqe: io_uring_sqe, futex: u64, val: u64, mask: u64, futex2_flags: u32, flags: u32): void {
  prep_rw(IORING_OP_FUTEX_WAIT, sqe, <i32>futex2_flags, futex, 0, val);
  sqe.futex_flags = flags;
  sqe.addr3 = mask;
}
/** `val` is how many waiters to wake at most. */
export function prep_futex_wake(sqe: io_uring_sqe, futex: u64, val: u64, mask: u64, futex2_flags: u32, flags: u32): void {
  prep_rw(IORING_OP_FUTEX_WAKE, sqe, <i32>futex2_flags, futex, 0, val);
  sqe.futex_flags = flags;
  sqe.addr3 = mask;
}
/** Waits on any of `nr_futex` struct futex_waitv at `futexv`; the result is the index woken. */
export function prep_futex_waitv(sqe: io_uring_sqe, futexv: u64, nr_futex: u32, flags: u32): void {
  prep_rw(IORING_OP_FUTEX_WAITV, sqe, 0, futexv, nr_futex, 0);
  sqe.futex_flags = flags;
}

// 59: epoll_wait(2) as a request: up to `maxevents` struct epoll_event at `events`.
export function prep_epoll_wait(sqe: io_uring_sqe, fd: i32, events: u64, maxevents: u32, flags: u32): void {
  prep_rw(IORING_OP_EPOLL_WAIT, sqe, fd, events, maxevents, 0);
  sqe.rw_flags = <i32>flags;
}
