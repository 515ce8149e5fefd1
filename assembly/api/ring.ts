// What src/ calls to create, drive and inspect a ring (registration: register.ts).
// A ring is a handle: the offset of its Ring struct in the linear memory.

import * as r from "../ring/ring";
import * as q from "../ring/quiesce";
import { u64of } from "./take";
import { ring_create as create, ring_destroy as destroy, ring_resize as resize } from "../ring/setup";

import { Ring } from "../ring/ring";
import { SQE_CMD } from "../abi/sqe";

/** A ring handle (offset of its Ring struct) as the struct. */
@inline function R(ring: usize): Ring {
  return changetype<Ring>(ring);
}

/** Creates a ring (see ring/setup.ts); 0 when the heap is exhausted. Check ring_fd() ≥ 0. */
export function ring_create(
  entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32, placement: u32,
): usize {
  return changetype<usize>(create(entries, flags, cq_entries, sq_thread_cpu, sq_thread_idle, placement));
}

/** io_uring_resize_rings (6.13, user-memory placement): 0 or -errno. */
export function ring_resize(ring: usize, sq_entries: u32, cq_entries: u32): i32 {
  return resize(R(ring), sq_entries, cq_entries);
}

/** Closes the ring and releases its memory; returns close(2)'s result. */
export function ring_destroy(ring: usize): i32 {
  return destroy(R(ring));
}

// ─── Shape and state ─────────────────────────────────────────────────────────────────────────────
export function ring_fd(ring: usize): i32 { return R(ring).fd; }
export function ring_setup_flags(ring: usize): u32 { return R(ring).setup_flags; }
export function ring_features(ring: usize): u32 { return R(ring).features; }
export function ring_placement(ring: usize): u32 { return R(ring).placement; }
export function ring_sq_entries(ring: usize): u32 { return R(ring).sq_entries; }
export function ring_cq_entries(ring: usize): u32 { return R(ring).cq_entries; }
/** errno of each setup attempt (0: not tried or fine). */
export function ring_err_setup(ring: usize): i32 { return R(ring).err_setup; }
export function ring_err_user_memory(ring: usize): i32 { return R(ring).err_user_memory; }
export function ring_err_fixed_mmap(ring: usize): i32 { return R(ring).err_fixed_mmap; }
export function ring_err_mirror(ring: usize): i32 { return R(ring).err_mirror; }

// The raw indices, for tests and diagnostics (free-running u32s; mask them to get a slot).
// Words the kernel writes are pulled first (mirror placement), as every other reader does.
export function ring_sq_khead(ring: usize): u32 { r.pull(R(ring)); return atomic.load<u32>(R(ring).sq_khead); }
export function ring_sq_ktail(ring: usize): u32 { return atomic.load<u32>(R(ring).sq_ktail); }
export function ring_sqe_tail(ring: usize): u32 { return R(ring).sqe_tail; }
/** Bytes of URING_CMD command data an SQE of this ring holds (16; 80 with IORING_SETUP_SQE128). */
export function ring_sqe_cmd_room(ring: usize): u32 { return (1 << R(ring).sqe_shift) - <u32>SQE_CMD; }
export function ring_cq_khead(ring: usize): u32 { return atomic.load<u32>(R(ring).cq_khead); }
export function ring_cq_ktail(ring: usize): u32 { r.pull(R(ring)); return atomic.load<u32>(R(ring).cq_ktail); }

// ─── Submission and completion ───────────────────────────────────────────────────────────────────
export function ring_submit(ring: usize): i32 { return r.submit_and_wait(R(ring), 0); }
export function ring_submit_and_wait(ring: usize, wait_nr: u32): i32 { return r.submit_and_wait(R(ring), wait_nr); }
/** As ring_submit_and_wait, the wait ending after `timeout_ms` at the latest (EXT_ARG, 5.11). */
export function ring_submit_and_wait_timeout(ring: usize, wait_nr: u32, timeout_ms: f64): i32 {
  return r.submit_and_wait_timeout(R(ring), wait_nr, timeout_ms);
}
/** As ring_submit_and_wait, the wait set by registered wait argument `index` (6.13). */
export function ring_submit_and_wait_reg(ring: usize, wait_nr: u32, index: u32): i32 {
  return r.submit_and_wait_reg(R(ring), wait_nr, index);
}
/** Bytes per CQE record ring_reap writes: 16, or 32 under IORING_SETUP_CQE32. */
export function ring_cqe_size(ring: usize): u32 { return 1 << R(ring).cqe_shift; }
export function ring_sq_ready(ring: usize): u32 { return r.sq_ready(R(ring)); }
export function ring_sq_space_left(ring: usize): u32 { return r.sq_space_left(R(ring)); }
export function ring_sq_flags(ring: usize): u32 { return r.sq_flags(R(ring)); }
export function ring_sq_dropped(ring: usize): u32 { return r.sq_dropped(R(ring)); }
export function ring_cq_ready(ring: usize): u32 { return r.cq_ready(R(ring)); }
export function ring_cq_needs_flush(ring: usize): bool { return r.cq_needs_flush(R(ring)); }
export function ring_cq_overflow(ring: usize): u32 { return r.cq_overflow(R(ring)); }
export function ring_flush_cq(ring: usize): i32 { return r.flush_cq(R(ring)); }
export function ring_cq_advance(ring: usize, n: u32): void { r.cq_advance(R(ring), n); }
export function ring_in_flight(ring: usize): u32 { return r.in_flight(R(ring)); }
/** Drops the SQEs prepared and not yet submitted; returns how many. */
export function ring_sq_discard(ring: usize): u32 { return r.sq_discard(R(ring)); }
/**
 * The completions this ring's own requests can still deliver, at least: those ready in the CQ,
 * one per SQE prepared and not yet consumed, one per request in flight (multishot requests may
 * post more; see in_flight for what it cannot see).
 */
export function ring_completable(ring: usize): u32 {
  return r.completable(R(ring));
}
/** Where the SQE array starts, and the bytes per SQE (64, or 128 with IORING_SETUP_SQE128). */
export function ring_sqes(ring: usize): usize { return R(ring).sqes; }
export function ring_sqe_size(ring: usize): u32 { return 1 << R(ring).sqe_shift; }
/**
 * Copies up to `max` CQEs as {user_data u64, res i32, flags u32[, big_cqe 16 bytes]} records of
 * ring_cqe_size() bytes to `out`,
 * flushing the overflow backlog in as needed. Fewer than `max`: nothing else is ready. -errno
 * when the flush failed before anything was copied.
 */
export function ring_reap(ring: usize, out: usize, max: u32): i32 { return r.reap(R(ring), out, max); }

/**
 * Submits and reaps in one call (the Promise API's flush): as ring_submit, then as ring_reap into
 * `out + ring_submit_reap_header()`, with a status header at `out` — i32 submitted (as
 * ring_submit returns it; 0 when the enter failed), i32 enter error (0 or -errno), u32 SQEs
 * still pending (prepared, not consumed), u32 0. The reap runs also when the enter failed.
 * Returns the CQEs copied, or -errno when none was and the overflow flush failed. `out` holds
 * the header plus `max` records of ring_cqe_size() bytes.
 */
export function ring_submit_reap(ring: usize, out: usize, max: u32): i32 { return r.submit_reap(R(ring), out, max); }
/** Bytes of ring_submit_reap's status header (the CQE records follow it). */
export function ring_submit_reap_header(): u32 { return r.SUBMIT_REAP_HEADER; }

// ─── Closing a ring whose requests hold memory (ring/quiesce.ts) ─────────────────────────────────
/** Queues the close's cancel-everything and drain NOP; whether the SQ had room for both. */
export function ring_quiesce_start(ring: usize, cancel_any: bool): bool { return q.quiesce_start(R(ring), cancel_any); }
/** One cancel by user_data (kernels before 5.19 have no IORING_ASYNC_CANCEL_ANY). */
export function ring_quiesce_cancel(ring: usize, user_data: f64): bool { return q.quiesce_cancel(R(ring), u64of(user_data)); }
/** Submits (waiting up to `wait_ms`), reaps records into `out` without the close's own; see quiesce.ts. */
export function ring_quiesce_step(ring: usize, out: usize, max: u32, wait_ms: f64): i32 { return q.quiesce_step(R(ring), out, max, wait_ms); }
/** QUIESCE_* bits: what the close's cancel and drain answered so far. */
export function ring_quiesce_state(ring: usize): u32 { return R(ring).quiesce; }
