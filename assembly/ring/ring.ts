// One io_uring instance as the Wasm side sees it: pointers into the rings (wherever placement put
// them, always inside the linear memory) and the application's private SQ indices.
// Under mirror placement these rings are a copy the host keeps in step with the kernel's: every
// read of kernel-written state below first asks the host to sync (`pull`), and entering goes
// through the host's copy (`enter`). Nothing else differs.
// Mirrors liburing's struct io_uring; each function names the liburing function it matches.
//
//   rings region (ring_at)                         SQE region (sqes)
//   ├ sq.head sq.tail … sq.flags sq.dropped ┐      ├ sqe[0] sqe[1] … sqe[sq_entries-1] ┤
//   ├ cq.head cq.tail … cq.overflow         │
//   ├ cqe[0] cqe[1] … cqe[cq_entries-1]     │      the kernel reads sqe[array[i & mask]]
//   └ array[0] … array[sq_entries-1] ───────┘      for i in [sq.head, sq.tail)
//
// Index ownership: the application writes sq.tail and cq.head; the kernel writes sq.head,
// cq.tail and the flags/counters. Their stores are published with release semantics and read
// with acquire semantics: Wasm atomics on shared memory are sequentially consistent, enough for
// both. sqe_head/sqe_tail are private: [sqe_head, sqe_tail) are prepared but not yet published.

import { io_uring_cqe, record_write } from "../abi/cqe";
import { __kernel_timespec, timespec_nsec, timespec_sec } from "../abi/structs";
import { io_uring_getevents_arg, io_uring_reg_wait } from "../abi/register";
import {
  IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS, IORING_ENTER_REGISTERED_RING, IORING_ENTER_SQ_WAKEUP,
  IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SQ_CQ_OVERFLOW, IORING_SQ_NEED_WAKEUP, IORING_CQE_F_MORE,
} from "../abi/constants";
import { io_uring_enter, io_uring_enter_reg, mirror_enter, mirror_enter_reg, mirror_sync } from "../bridge";
import { heap_alloc, heap_free } from "../heap";
import { EINTR, ENOMEM, ETIME } from "../abi/errno";
import { BASE } from "./setup";

// -EINTR: a wait interrupted by a signal is retried (see submit_and_wait).

@unmanaged
export class Ring {
  fd: i32;
  /** IORING_SETUP_* flags the ring was created with (as the kernel accepted them). */
  setup_flags: u32;
  /** IORING_FEAT_* bits the kernel reported. */
  features: u32;
  /** PLACEMENT_* actually used. */
  placement: u32;
  /** The host's mirror handle under PLACEMENT_MIRROR, else 0. */
  mirror: i32;
  /**
   * 1 + the slot of this ring's fd in its own registered-ring table (IORING_REGISTER_RING_FDS),
   * 0 when not registered: enters then pass the slot with IORING_ENTER_REGISTERED_RING and skip
   * the kernel's fd lookup (liburing's int_flags & INT_FLAG_REG_RING).
   */
  registered_slot: u32;

  // ── SQ: pointers to kernel-shared words, then the ring's shape ──
  sq_khead: usize;
  sq_ktail: usize;
  sq_kflags: usize;
  sq_kdropped: usize;
  sq_array: usize;
  sq_mask: u32;
  sq_entries: u32;
  sqes: usize;
  /** log2 of the SQE size: 6 (64 bytes) or 7 (IORING_SETUP_SQE128). */
  sqe_shift: u32;
  sqe_head: u32;
  sqe_tail: u32;

  // ── CQ ──
  cq_khead: usize;
  cq_ktail: usize;
  cq_koverflow: usize;
  cq_kflags: usize;
  cqes: usize;
  cq_mask: u32;
  cq_entries: u32;
  /** log2 of the CQE size: 4 (16 bytes) or 5 (IORING_SETUP_CQE32). */
  cqe_shift: u32;
  /** Final CQEs (without IORING_CQE_F_MORE) reaped so far (wraps); with the SQ head, tells what is in flight. */
  reaped: u32;

  // ── Memory this ring owns (offsets and byte sizes, for release) ──
  params: usize;
  rings_at: usize;
  rings_size: usize;
  cq_at: usize;
  cq_size: usize;
  sqes_at: usize;
  sqes_size: usize;

  // ── Why setup failed, per attempt (0 = not tried or fine, else errno) ──
  err_setup: i32;
  err_user_memory: i32;
  err_fixed_mmap: i32;
  err_mirror: i32;

  // ── Closing (quiesce.ts) ──
  /** What the close-time cancel and drain answered: QUIESCE_* bits. */
  quiesce: u32;

  /** The guest API's last wait that returned no CQE: its -errno (assembly/guest/queue.ts). */
  errno: i32;
}

// ─── Entering the kernel ─────────────────────────────────────────────────────────────────────────

/**
 * io_uring_enter(2), through the host's copy when the ring is mirrored (the host enters with its
 * own fd), else by registered slot when there is one. `arg`/`argsz`: see the bridge.
 */
@inline function enter(ring: Ring, to_submit: u32, min_complete: u32, flags: u32, arg: usize = 0, argsz: usize = 0): i32 {
  if (ring.mirror) return mirror_enter(ring.mirror, to_submit, min_complete, flags, arg, argsz);
  const slot = ring.registered_slot;
  return slot
    ? io_uring_enter(<i32>(slot - 1), to_submit, min_complete, flags | IORING_ENTER_REGISTERED_RING, arg, argsz)
    : io_uring_enter(ring.fd, to_submit, min_complete, flags, arg, argsz);
}

/** io_uring_enter(2) naming registered wait argument `offset` (see the bridge's io_uring_enter_reg). */
function enterReg(ring: Ring, to_submit: u32, min_complete: u32, flags: u32, offset: u32): i32 {
  const argsz = offsetof<io_uring_reg_wait>();
  if (ring.mirror) return mirror_enter_reg(ring.mirror, to_submit, min_complete, flags, offset, argsz);
  const slot = ring.registered_slot;
  return slot
    ? io_uring_enter_reg(<i32>(slot - 1), to_submit, min_complete, flags | IORING_ENTER_REGISTERED_RING, offset, argsz)
    : io_uring_enter_reg(ring.fd, to_submit, min_complete, flags, offset, argsz);
}

/**
 * Before reading what the kernel writes (CQ tail, SQ head, flags, counters): a mirrored ring
 * has its copy brought up to date. Nothing to do for the other placements, where the kernel
 * writes these words directly.
 */
@inline export function pull(ring: Ring): void {
  if (ring.mirror) mirror_sync(ring.mirror);
}

// ─── Submission side ─────────────────────────────────────────────────────────────────────────────

/** The kernel's SQ head; acquire, because the SQPOLL thread moves it concurrently. */
@inline function sqHead(ring: Ring): u32 {
  return atomic.load<u32>(ring.sq_khead);
}

/**
 * io_uring_get_sqe: the next free SQE, zeroed, or 0 when the SQ is full (every entry prepared
 * and not yet consumed by the kernel).
 */
export function get_sqe(ring: Ring): usize {
  const tail = ring.sqe_tail;
  if (tail - sqHead(ring) >= ring.sq_entries) {
    // Mirrored, the SQPOLL thread may have made room since the last sync.
    if (!ring.mirror) return 0;
    pull(ring);
    if (tail - sqHead(ring) >= ring.sq_entries) return 0;
  }
  const sqe = ring.sqes + (<usize>(tail & ring.sq_mask) << ring.sqe_shift);
  // Word stores, not memory.fill: V8 runs a bulk-memory op as a call out of Wasm, which costs
  // more than the 8 (or 16) stores of one SQE.
  for (let at = sqe, end = sqe + (<usize>1 << ring.sqe_shift); at < end; at += 8) store<u64>(at, 0);
  ring.sqe_tail = tail + 1;
  return sqe;
}

/** io_uring_sq_ready: SQEs prepared (published or not) that the kernel has not consumed yet. */
export function sq_ready(ring: Ring): u32 {
  pull(ring);
  return ring.sqe_tail - sqHead(ring);
}

/** io_uring_sq_space_left. */
export function sq_space_left(ring: Ring): u32 {
  return ring.sq_entries - sq_ready(ring);
}

/**
 * __io_uring_flush_sq: publishes the prepared SQEs by moving the kernel-visible tail (release
 * store: the SQE contents are visible before the tail is). Returns how many SQEs the kernel has
 * yet to consume.
 */
export function flush_sq(ring: Ring): u32 {
  const tail = ring.sqe_tail;
  if (ring.sqe_head != tail) {
    ring.sqe_head = tail;
    atomic.store<u32>(ring.sq_ktail, tail);
  }
  return tail - sqHead(ring);
}

/** The SQ ring flags (IORING_SQ_*) as last seen: under mirror placement, as of the last pull. */
@inline function sqFlags(ring: Ring): u32 {
  return atomic.load<u32>(ring.sq_kflags);
}

/** The SQ ring flags (IORING_SQ_*). */
export function sq_flags(ring: Ring): u32 {
  pull(ring);
  return sqFlags(ring);
}

/** A word nobody else touches: the target of the read-modify-write that serves as a fence. */
const FENCE_WORD = memory.data(4);

/**
 * smp_mb(): a full barrier. Wasm's atomic.fence fails binaryen's validator in this toolchain, so a
 * sequentially consistent read-modify-write stands in for it (x86: a LOCK-prefixed instruction,
 * as the kernel's smp_mb; arm64: a barrier-ordered exclusive pair).
 */
@inline function fullFence(): void {
  atomic.add<u32>(FENCE_WORD, 0);
}

/**
 * sq_ring_needs_enter: the io_uring_enter flags needed to get `submit` SQEs to the kernel, or -1
 * when no syscall is needed. Without SQPOLL, entering is how SQEs are submitted. With SQPOLL,
 * only when the poll thread sleeps — and NEED_WAKEUP may be read only after a full fence: the
 * tail store must be visible to the poller before we look, or each side can miss the other (the
 * seed misses this; liburing has it).
 */
@inline function submitEnterFlags(ring: Ring, submit: u32): i32 {
  if (!submit) return -1;
  if (!(ring.setup_flags & IORING_SETUP_SQPOLL)) return 0;
  // Mirrored, the host copies the SQEs to the kernel's SQ, fences and copies the flags back.
  if (ring.mirror) mirror_sync(ring.mirror);
  else fullFence();
  return sqFlags(ring) & IORING_SQ_NEED_WAKEUP ? IORING_ENTER_SQ_WAKEUP : -1;
}

/** cq_ring_needs_flush: completions wait in the kernel's overflow backlog. */
export function cq_needs_flush(ring: Ring): bool {
  return (sq_flags(ring) & IORING_SQ_CQ_OVERFLOW) != 0;
}

/**
 * __io_uring_submit / io_uring_submit_and_wait: publishes the prepared SQEs and enters the kernel
 * when it has to: to submit, to wake the SQPOLL thread, to wait for `wait_nr` completions, or to
 * flush the CQ overflow backlog. A wait interrupted by a signal is retried (the kernel answers
 * -EINTR only when it consumed nothing). Returns the number of SQEs submitted or -errno.
 */
export function submit_and_wait(ring: Ring, wait_nr: u32): i32 {
  return submitAndWait(ring, wait_nr, 0, 0);
}

/**
 * io_uring_submit_and_wait_timeout: as submit_and_wait, but the wait gives up after `timeout_ms`
 * (IORING_ENTER_EXT_ARG, Linux 5.11+, IORING_FEAT_EXT_ARG). Returns the number of SQEs submitted
 * (a wait that timed out is not an error: fewer than `wait_nr` completions are then ready) or
 * -errno.
 */
export function submit_and_wait_timeout(ring: Ring, wait_nr: u32, timeout_ms: f64): i32 {
  const size = offsetof<io_uring_getevents_arg>() + offsetof<__kernel_timespec>();
  const at = heap_alloc(size, 8);
  if (!at) return -ENOMEM;
  const ts = changetype<__kernel_timespec>(at + offsetof<io_uring_getevents_arg>());
  ts.tv_sec = timespec_sec(timeout_ms);
  ts.tv_nsec = timespec_nsec(timeout_ms);
  const arg = changetype<io_uring_getevents_arg>(at);
  arg.ts = BASE + <u64>changetype<usize>(ts);
  const ret = submitAndWait(ring, wait_nr, at, offsetof<io_uring_getevents_arg>());
  heap_free(at, size);
  return ret == -ETIME ? 0 : ret;
}

/**
 * io_uring_submit_and_wait_reg: as submit_and_wait, the wait governed by entry `index` of the
 * ring's registered wait region (IORING_ENTER_EXT_ARG_REG, Linux 6.13): no argument is copied
 * in per call. Returns the number of SQEs submitted (a wait that timed out is no error) or -errno.
 */
export function submit_and_wait_reg(ring: Ring, wait_nr: u32, index: u32): i32 {
  const ret = submitAndWait(ring, wait_nr, 0, 0, index * <u32>offsetof<io_uring_reg_wait>() + 1);
  return ret == -ETIME ? 0 : ret;
}

/** Whether the last submitAndWait entered the kernel (submit_reap: a mirrored enter synced). */
let entered = false;

/**
 * submit_and_wait with an optional io_uring_getevents_arg (`arg`, a linear-memory offset), or
 * with registered wait argument `reg_offset - 1` when `reg_offset` is not 0.
 */
function submitAndWait(ring: Ring, wait_nr: u32, arg: usize, argsz: usize, reg_offset: u32 = 0): i32 {
  const submitted = flush_sq(ring);
  const sqpoll = (ring.setup_flags & IORING_SETUP_SQPOLL) != 0;
  let flags = submitEnterFlags(ring, submitted);
  // The flags as last seen (no pull: a backlog that appeared since is found by the next reap).
  if (wait_nr || (sqFlags(ring) & IORING_SQ_CQ_OVERFLOW) || (ring.setup_flags & IORING_SETUP_IOPOLL)) {
    flags = (flags < 0 ? 0 : flags) | IORING_ENTER_GETEVENTS;
  }
  if (flags < 0) return <i32>submitted;
  if (arg) flags |= IORING_ENTER_EXT_ARG;
  let ret: i32;
  entered = true;
  do {
    ret = reg_offset
      ? enterReg(ring, sqpoll ? 0 : submitted, wait_nr, <u32>flags, reg_offset - 1)
      : enter(ring, sqpoll ? 0 : submitted, wait_nr, <u32>flags, arg, argsz);
  } while (ret == -EINTR);
  return sqpoll && ret >= 0 ? <i32>submitted : ret;
}

/**
 * Moves completions from the kernel's overflow backlog into the CQ (an enter with GETEVENTS and
 * nothing to submit or wait for), as liburing's peek does when IORING_SQ_CQ_OVERFLOW is set.
 * Returns 0 or -errno.
 */
export function flush_cq(ring: Ring): i32 {
  let ret: i32;
  do {
    ret = enter(ring, 0, 0, IORING_ENTER_GETEVENTS);
  } while (ret == -EINTR);
  return ret < 0 ? ret : 0;
}

/**
 * io_uring_wait_cqe_nr: enters the kernel until `wait_nr` CQEs are ready, submitting nothing (a
 * wait interrupted by a signal is resumed). Returns 0 or -errno.
 */
export function wait_cqes(ring: Ring, wait_nr: u32): i32 {
  while (cq_ready(ring) < wait_nr) {
    const ret = enter(ring, 0, wait_nr, IORING_ENTER_GETEVENTS);
    if (ret < 0 && ret != -EINTR) return ret;
  }
  return 0;
}

// ─── Completion side ─────────────────────────────────────────────────────────────────────────────

/** io_uring_cq_ready: CQEs posted and not yet reaped (acquire: the CQE bytes are then visible). */
export function cq_ready(ring: Ring): u32 {
  pull(ring);
  return cqReady(ring);
}

@inline function cqReady(ring: Ring): u32 {
  return atomic.load<u32>(ring.cq_ktail) - load<u32>(ring.cq_khead);
}

/** The CQE at position `index` (a free-running index, masked here). */
@inline export function cqe_at(ring: Ring, index: u32): io_uring_cqe {
  return changetype<io_uring_cqe>(ring.cqes + (<usize>(index & ring.cq_mask) << ring.cqe_shift));
}

/**
 * io_uring_cq_advance: marks `n` CQEs as reaped with one release store of the head, giving their
 * slots back to the kernel. Mirrored, the host passes the head on at once: the kernel's CQ must
 * not look fuller than ours (the ring fd would stay readable, and the kernel would overflow
 * into its backlog early).
 */
export function cq_advance(ring: Ring, n: u32): void {
  ring.reaped += n;
  advanceHead(ring, n);
}

@inline function advanceHead(ring: Ring, n: u32): void {
  if (!n) return;
  atomic.store<u32>(ring.cq_khead, load<u32>(ring.cq_khead) + n);
  if (ring.mirror) mirror_sync(ring.mirror);
}

/**
 * Copies up to `max` ready CQEs whole (16 bytes, 32 under IORING_SETUP_CQE32) to `out`, freeing
 * their slots with one store.
 */
function copyReady(ring: Ring, out: usize, max: u32): u32 {
  const head = load<u32>(ring.cq_khead);
  let n = atomic.load<u32>(ring.cq_ktail) - head;
  if (n > max) n = max;
  const record = <usize>1 << ring.cqe_shift;
  let finals: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const cqe = cqe_at(ring, head + i);
    record_write(out + <usize>i * record, cqe, record);
    // A CQE with IORING_CQE_F_MORE (multishot, a zero-copy send's result) leaves its request
    // in flight; the last one, without it, ends the request.
    if (!(cqe.flags & IORING_CQE_F_MORE)) finals++;
  }
  ring.reaped += finals;
  advanceHead(ring, n);
  return n;
}

/**
 * io_uring_for_each_cqe + io_uring_cq_advance: writes up to `max` ready CQEs to `out` as
 * completion records (abi/cqe.ts; 1 << cqe_shift bytes each) and frees their slots with a single
 * head store. When the CQ runs dry while completions wait in the kernel's overflow backlog,
 * flushes them in and goes on (as liburing's peek does). Returns how many were copied, or -errno when nothing was and the
 * flush failed. Fewer than `max` means nothing else is ready.
 */
export function reap(ring: Ring, out: usize, max: u32): i32 {
  pull(ring);
  return reapPulled(ring, out, max);
}

/** reap, the kernel-written words already up to date (pulled, or a mirrored enter just synced). */
function reapPulled(ring: Ring, out: usize, max: u32): i32 {
  let n = copyReady(ring, out, max);
  while (n < max && (sqFlags(ring) & IORING_SQ_CQ_OVERFLOW)) {
    const ret = flush_cq(ring);
    if (ret < 0) return n ? <i32>n : ret;
    const more = copyReady(ring, out + (<usize>n << ring.cqe_shift), max - n);
    if (!more) break;
    n += more;
  }
  return <i32>n;
}

/**
 * Bytes of the status header submit_reap writes at `out`, before the CQE records:
 *   i32 submitted  as submit_and_wait(ring, 0) returns it: SQEs the kernel consumed (with SQPOLL:
 *                  those the poller has yet to consume, 0 meaning it took everything); 0 when
 *                  the enter failed
 *   i32 error      0, or the enter's -errno (after the EINTR retry): e.g. -EBUSY/-EAGAIN, when
 *                  the kernel refuses new work while its CQ overflow backlog cannot be flushed
 *   u32 pending    SQEs prepared and not consumed by the kernel after the call (io_uring_sq_ready)
 *   u32 (reserved, 0)
 */
export const SUBMIT_REAP_HEADER: u32 = 16;

/**
 * The event-loop engine's whole flush in one call: submit (publish, enter when needed: as
 * submit_and_wait(ring, 0)), then reap up to `max` CQEs into `out + SUBMIT_REAP_HEADER`, as
 * reap() does (the overflow backlog is flushed in when the CQ runs dry), and record the counts
 * in the header at `out` (see SUBMIT_REAP_HEADER). The reap happens also when the enter failed:
 * reaping is what makes room for a kernel that said EBUSY. Returns how many CQEs were copied,
 * or -errno when none was and flushing the overflow backlog failed.
 * Mirrored, an enter already synced both copies: the reap then reads them as they are, and only
 * passing the new CQ head on costs a host call.
 */
export function submit_reap(ring: Ring, out: usize, max: u32): i32 {
  entered = false;
  const submitted = submitAndWait(ring, 0, 0, 0);
  // A mirrored enter leaves both copies in step; without one (nothing published, or SQPOLL's
  // poller awake) the kernel-written words are pulled first, as reap() does.
  if (!entered) pull(ring);
  const n = reapPulled(ring, out + SUBMIT_REAP_HEADER, max);
  store<i32>(out, submitted < 0 ? 0 : submitted);
  store<i32>(out, submitted < 0 ? submitted : 0, 4);
  store<u32>(out, ring.sqe_tail - sqHead(ring), 8);
  store<u32>(out, 0, 12);
  return n;
}

/** The kernel's count of completions that overflowed the CQ (lost without IORING_FEAT_NODROP). */
export function cq_overflow(ring: Ring): u32 {
  pull(ring);
  return atomic.load<u32>(ring.cq_koverflow);
}

/** SQEs the kernel dropped because their index in the SQ array was invalid. */
export function sq_dropped(ring: Ring): u32 {
  pull(ring);
  return sqDropped(ring);
}

@inline function sqDropped(ring: Ring): u32 {
  return atomic.load<u32>(ring.sq_kdropped);
}

/**
 * Requests the kernel has taken and not completed yet. The SQ head counts every SQE the kernel
 * consumed, less the invalid ones it dropped; each request ends with one CQE without
 * IORING_CQE_F_MORE (multishot requests and zero-copy sends post more before it). Completions
 * still in the overflow backlog count as in flight. Not counted right: requests whose success
 * posts no CQE (IOSQE_CQE_SKIP_SUCCESS) and the padding NOPs of SQE_MIXED rings stay counted;
 * messages other rings post here (MSG_RING) are counted as ends of our requests (the count
 * stops at 0).
 */
export function in_flight(ring: Ring): u32 {
  pull(ring);
  return inFlight(ring);
}

/**
 * The completions this ring's own requests can still deliver, at least (ready + prepared + in
 * flight; see in_flight), from one pull of the kernel-written words.
 */
export function completable(ring: Ring): u32 {
  pull(ring);
  return cqReady(ring) + (ring.sqe_tail - sqHead(ring)) + inFlight(ring);
}

function inFlight(ring: Ring): u32 {
  const head = load<u32>(ring.cq_khead);
  const tail = atomic.load<u32>(ring.cq_ktail);
  let readyFinals: u32 = 0;
  for (let i = head; i != tail; i++) {
    if (!(cqe_at(ring, i).flags & IORING_CQE_F_MORE)) readyFinals++;
  }
  // Completions another ring posted here (MSG_RING) count as finals too: never below 0.
  const taken = sqHead(ring) - sqDropped(ring);
  const ended = ring.reaped + readyFinals;
  return <i32>(taken - ended) < 0 ? 0 : taken - ended;
}

/**
 * Drops the SQEs prepared and not yet published (the kernel never saw them): the private tail
 * goes back to the published one. Returns how many were dropped.
 */
export function sq_discard(ring: Ring): u32 {
  const dropped = ring.sqe_tail - ring.sqe_head;
  ring.sqe_tail = ring.sqe_head;
  return dropped;
}
