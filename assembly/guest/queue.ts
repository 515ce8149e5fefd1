// A ring for a guest: liburing's io_uring_queue_init / _exit, submitting, and the CQ
// (peek / wait / for-each / seen / advance). `io_uring` is the ring struct itself (ring/ring.ts),
// which the guest allocates (`new io_uring()`) and the ring logic fills in.

import { Ring, cq_advance, cq_needs_flush, cq_ready, cqe_at, flush_cq, sq_ready, sq_space_left, submit_and_wait, submit_and_wait_timeout, wait_cqes } from "../ring/ring";
import { ring_init, ring_release } from "../ring/setup";
import { io_uring_cqe } from "../abi/cqe";
import { io_uring_params, SIZEOF_PARAMS } from "../abi/params";
import { IORING_SQ_CQ_OVERFLOW, PLACEMENT_AUTO } from "../abi/constants";
import { ETIME } from "../abi/errno";
import { BASE } from "../ring/setup";
import { sq_flags } from "../ring/ring";
import { EINVAL } from "../abi/errno";

export { Ring as io_uring } from "../ring/ring";

/**
 * io_uring_queue_init: sets `ring` up with `entries` SQEs and IORING_SETUP_* `flags`. 0 or
 * -errno. `placement` (PLACEMENT_*, an addition to liburing's) picks where the rings live: by
 * default the first of user memory, fixed mmap and mirror that this kernel allows
 * (ring.placement says which it got; ring.err_* why the others failed).
 */
export function io_uring_queue_init(entries: u32, ring: Ring, flags: u32, placement: u32 = PLACEMENT_AUTO): i32 {
  return init(ring, entries, flags, 0, 0, 0, placement);
}

/**
 * io_uring_queue_init_params: as io_uring_queue_init, from `p`'s flags, cq_entries,
 * sq_thread_cpu and sq_thread_idle; `p` then holds what the kernel answered (features, offsets).
 */
export function io_uring_queue_init_params(entries: u32, ring: Ring, p: io_uring_params, placement: u32 = PLACEMENT_AUTO): i32 {
  const ret = init(ring, entries, p.flags, p.cq_entries, p.sq_thread_cpu, p.sq_thread_idle, placement);
  if (ret == 0) memory.copy(changetype<usize>(p), ring.params, SIZEOF_PARAMS);
  return ret;
}

function init(ring: Ring, entries: u32, flags: u32, cq_entries: u32, cpu: u32, idle: u32, placement: u32): i32 {
  // The memory's process address, from the host (memory.ts): without it no SQE can be right.
  if (!BASE) return -EINVAL;
  ring_init(ring, entries, flags, cq_entries, cpu, idle, placement);
  if (ring.fd >= 0) return 0;
  // The failure that decided: setup itself, else the last placement tried.
  const err = ring.err_setup || ring.err_mirror || ring.err_fixed_mmap || ring.err_user_memory || EINVAL;
  ring_release(ring);
  return -err;
}

/** io_uring_queue_exit: closes the ring and gives its memory back (a ring never set up: nothing). */
export function io_uring_queue_exit(ring: Ring): void {
  if (!ring.params) return;
  ring_release(ring);
}

// ─── Submitting ──────────────────────────────────────────────────────────────────────────────────

/** io_uring_submit: publishes the prepared SQEs, entering the kernel if needed. Count or -errno. */
export function io_uring_submit(ring: Ring): i32 {
  return submit_and_wait(ring, 0);
}

/** io_uring_submit_and_wait: io_uring_submit, then waits for `wait_nr` completions. */
export function io_uring_submit_and_wait(ring: Ring, wait_nr: u32): i32 {
  return submit_and_wait(ring, wait_nr);
}

/**
 * io_uring_submit_and_wait_timeout: as io_uring_submit_and_wait, the wait ending after
 * `timeout_ms` milliseconds at the latest (liburing takes a __kernel_timespec). A wait that
 * timed out is no error: fewer CQEs are ready. Count submitted or -errno.
 */
export function io_uring_submit_and_wait_timeout(ring: Ring, wait_nr: u32, timeout_ms: f64): i32 {
  return submit_and_wait_timeout(ring, wait_nr, timeout_ms);
}

/** io_uring_sq_ready: SQEs prepared and not yet consumed by the kernel. */
export function io_uring_sq_ready(ring: Ring): u32 {
  return sq_ready(ring);
}

/** io_uring_sq_space_left: SQEs that can be taken before the SQ is full. */
export function io_uring_sq_space_left(ring: Ring): u32 {
  return sq_space_left(ring);
}

// ─── Completions ─────────────────────────────────────────────────────────────────────────────────

/** io_uring_cq_ready: CQEs waiting to be seen. */
export function io_uring_cq_ready(ring: Ring): u32 {
  return cq_ready(ring);
}

/** io_uring_cq_has_overflow: completions wait in the kernel's overflow backlog (peek brings them in). */
export function io_uring_cq_has_overflow(ring: Ring): bool {
  return (sq_flags(ring) & IORING_SQ_CQ_OVERFLOW) != 0;
}

/**
 * io_uring_peek_cqe: the oldest CQE not yet seen, or null when none is ready (liburing's
 * -EAGAIN). Completions in the kernel's overflow backlog are flushed in first when the CQ is
 * empty. Mark it seen (io_uring_cqe_seen) once read: its slot is the kernel's again.
 */
export function io_uring_peek_cqe(ring: Ring): io_uring_cqe | null {
  if (!cq_ready(ring)) {
    if (!cq_needs_flush(ring) || flush_cq(ring) < 0 || !cq_ready(ring)) return null;
  }
  return cqe_at(ring, load<u32>(ring.cq_khead));
}

/**
 * io_uring_wait_cqe: the oldest CQE not yet seen, waiting for one if need be (submitting
 * nothing). Null when the wait failed: ring.errno holds its -errno.
 */
export function io_uring_wait_cqe(ring: Ring): io_uring_cqe | null {
  return io_uring_wait_cqe_nr(ring, 1) == 0 ? io_uring_peek_cqe(ring) : null;
}

/**
 * io_uring_wait_cqe_nr, returning 0 or -errno (also kept in ring.errno) instead of the CQE:
 * io_uring_peek_cqe then gives the first of the `wait_nr` ready.
 */
export function io_uring_wait_cqe_nr(ring: Ring, wait_nr: u32): i32 {
  const ret = wait_cqes(ring, wait_nr);
  ring.errno = ret;
  return ret;
}

/**
 * io_uring_wait_cqe_timeout: as io_uring_wait_cqe, giving up after `timeout_ms` milliseconds
 * (null, ring.errno = -ETIME). As liburing's, it submits what is prepared first.
 */
export function io_uring_wait_cqe_timeout(ring: Ring, timeout_ms: f64): io_uring_cqe | null {
  const ready = io_uring_peek_cqe(ring);
  if (ready) return ready;
  const ret = submit_and_wait_timeout(ring, 1, timeout_ms);
  const cqe: io_uring_cqe | null = ret < 0 ? null : io_uring_peek_cqe(ring);
  ring.errno = ret < 0 ? ret : cqe ? 0 : -ETIME;
  return cqe;
}

/**
 * io_uring_for_each_cqe: calls `fn` with each ready CQE, oldest first, without marking them seen;
 * returns how many there were: pass that to io_uring_cq_advance.
 */
export function io_uring_for_each_cqe(ring: Ring, fn: (cqe: io_uring_cqe) => void): u32 {
  const head = load<u32>(ring.cq_khead);
  const n = cq_ready(ring);
  for (let i: u32 = 0; i < n; i++) fn(cqe_at(ring, head + i));
  return n;
}

/**
 * The `index`-th ready CQE from the head (0: the one io_uring_peek_cqe gives), for walking the
 * io_uring_cq_ready() ready ones without a callback (liburing's io_uring_for_each_cqe macro).
 */
@inline export function io_uring_cqe_at_head(ring: Ring, index: u32): io_uring_cqe {
  return cqe_at(ring, load<u32>(ring.cq_khead) + index);
}

/** io_uring_cqe_seen: the CQE's slot goes back to the kernel. */
export function io_uring_cqe_seen(ring: Ring, cqe: io_uring_cqe): void {
  cq_advance(ring, 1);
}

/** io_uring_cq_advance: `nr` CQEs seen at once (one store of the head). */
export function io_uring_cq_advance(ring: Ring, nr: u32): void {
  cq_advance(ring, nr);
}

/** io_uring_cqe_get_data64: the user_data of the request this CQE completes. */
@inline export function io_uring_cqe_get_data64(cqe: io_uring_cqe): u64 {
  return cqe.user_data;
}
