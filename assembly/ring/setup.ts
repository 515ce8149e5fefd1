// Creating and destroying a ring: sizing, the placement of its memory, and the pointers into it.
//
// Placements, tried in this order when PLACEMENT_AUTO is asked for:
//   1. user memory — IORING_SETUP_NO_MMAP: we allocate the two regions before setup and hand
//      their addresses to the kernel, which uses (and pins) them. Linux 6.5+.
//   2. fixed mmap — plain setup, then the host maps the kernel's regions over regions of the
//      linear memory with MAP_FIXED. Kernels before the 6.4 mapping change (and 6.1.y before its
//      backport) allow this.
//   3. mirror — the same setup; the kernel's regions stay where the kernel maps them and the host
//      keeps a copy of them in regions of the linear memory (host/mirror.h). Any kernel; costs a
//      copy of each SQE and CQE. With SQPOLL the poller sees SQEs once submit has the host copy
//      them (a host call, no syscall unless the poller sleeps) and completions once reaped.
// Whatever the placement, the ring logic (ring.ts) sees the rings in the linear memory at the
// offsets the kernel reported. When none works, the ring's err_* fields say why and fd stays
// negative.

import { io_uring_cqe } from "../abi/cqe";
import { io_uring_sqe } from "../abi/sqe";
import { io_uring_params, SIZEOF_PARAMS } from "../abi/params";
import {
  IORING_FEAT_SINGLE_MMAP, IORING_OFF_CQ_RING, IORING_OFF_SQ_RING, IORING_OFF_SQES,
  IORING_SETUP_CLAMP, IORING_SETUP_CQSIZE, IORING_SETUP_NO_MMAP, PLACEMENT_AUTO, IORING_REGISTER_RESIZE_RINGS,
  PLACEMENT_FIXED_MMAP, PLACEMENT_MIRROR, PLACEMENT_USER_MEMORY,
} from "../abi/constants";
import {
  close, io_uring_setup, memory_base, mirror_release, page_size, ring_map, ring_mirror, ring_unmap,
} from "../bridge";
import { heap_alloc, heap_free } from "../heap";
import { io_uring_register } from "../bridge";
import { flush_sq } from "./ring";
import { Ring } from "./ring";
import { EINVAL, ENOMEM, EOPNOTSUPP } from "../abi/errno";

// Limits of io_uring_setup (IORING_MAX_ENTRIES, IORING_MAX_CQ_ENTRIES).
@inline const MAX_SQ_ENTRIES: u32 = 32768;
@inline const MAX_CQ_ENTRIES: u32 = 2 * MAX_SQ_ENTRIES;
// IORING_SETUP_SQE128 / IORING_SETUP_CQE32 (Linux 5.19): only their effect on strides is used here.
@inline const SETUP_SQE128: u32 = 1 << 10;
@inline const SETUP_CQE32: u32 = 1 << 11;
// IORING_SETUP_NO_SQARRAY (Linux 6.6): the kernel takes SQEs in ring order; there is no SQ array.
@inline const SETUP_NO_SQARRAY: u32 = 1 << 16;
// The fixed part of the kernel's struct io_rings before the CQE array is well under a page; a
// page of headroom covers it on every kernel, and setup verifies the offsets it reports.
@inline const RINGS_HEADER_BUDGET: usize = 4096;

/** The process address of a linear-memory offset. */
export let BASE: u64 = 0;

export function setup_init(): void {
  BASE = <u64>memory_base();
}

@inline function roundUpPow2(n: u32): u32 {
  return n <= 1 ? 1 : <u32>1 << (32 - clz<u32>(n - 1));
}

/** Bytes per SQE / CQE under these setup flags (SQE128 and CQE32 double them). */
@inline function sqeSizeFor(flags: u32): usize {
  return flags & SETUP_SQE128 ? 2 * offsetof<io_uring_sqe>() : offsetof<io_uring_sqe>();
}
@inline function cqeSizeFor(flags: u32): usize {
  return flags & SETUP_CQE32 ? 2 * offsetof<io_uring_cqe>() : offsetof<io_uring_cqe>();
}

@inline function pageAlign(n: usize): usize {
  const p = <usize>page_size();
  return (n + p - 1) & ~(p - 1);
}

/**
 * Creates a ring. Returns its handle (0 only when the heap is exhausted); ring.fd < 0 means setup
 * failed, and the err_* fields say where. Release with ring_destroy either way.
 */
export function ring_create(
  entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
  placement: u32,
): Ring | null {
  const at = heap_alloc(offsetof<Ring>(), 64);
  if (!at) return null;
  const ring = changetype<Ring>(at);
  ring_init(ring, entries, flags, cq_entries, sq_thread_cpu, sq_thread_idle, placement);
  return ring;
}

/**
 * Sets up a ring in a Ring struct the caller owns (a guest's io_uring): as ring_create, the
 * struct's previous contents ignored. Undo with ring_release.
 */
export function ring_init(
  ring: Ring, entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
  placement: u32,
): void {
  memory.fill(changetype<usize>(ring), 0, offsetof<Ring>());
  ring.fd = -1;
  ring.params = heap_alloc(SIZEOF_PARAMS, 8);
  if (!ring.params) {
    ring.err_setup = ENOMEM;
    return;
  }
  if (placement == PLACEMENT_AUTO || placement == PLACEMENT_USER_MEMORY) {
    if (setupInUserMemory(ring, entries, flags, cq_entries, sq_thread_cpu, sq_thread_idle)) return;
    if (ring.err_user_memory != EINVAL) return;
    if (placement == PLACEMENT_USER_MEMORY) {
      blameParams(ring, entries, flags, cq_entries, sq_thread_cpu, sq_thread_idle);
      return;
    }
  }
  if (placement == PLACEMENT_AUTO || placement == PLACEMENT_FIXED_MMAP || placement == PLACEMENT_MIRROR) {
    setupKernelMapped(ring, entries, flags, cq_entries, sq_thread_cpu, sq_thread_idle, placement);
    return;
  }
  ring.err_setup = EINVAL; // unknown placement
}

function fillParams(
  ring: Ring, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
): io_uring_params {
  memory.fill(ring.params, 0, SIZEOF_PARAMS);
  const p = changetype<io_uring_params>(ring.params);
  p.flags = flags;
  p.cq_entries = cq_entries;
  p.sq_thread_cpu = sq_thread_cpu;
  p.sq_thread_idle = sq_thread_idle;
  return p;
}

/**
 * EINVAL from a NO_MMAP setup means either a kernel without NO_MMAP or parameters it refuses
 * anyway. A plain setup with the same parameters tells which: its error is the real one.
 */
function blameParams(
  ring: Ring, entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
): void {
  fillParams(ring, flags, cq_entries, sq_thread_cpu, sq_thread_idle);
  const fd = io_uring_setup(entries, ring.params);
  if (fd < 0) ring.err_setup = -fd;
  else close(fd);
}

/**
 * Allocates page-aligned, zeroed regions for user-memory rings of `entries` SQEs (and
 * `cq_entries` CQEs with CQSIZE), sized from what the kernel will choose: both counts rounded up
 * to powers of two, CQ twice the SQ unless CQSIZE, all within the kernel's maxima. False when
 * the heap is exhausted (nothing then stays allocated).
 */
function allocUserRegions(ring: Ring, entries: u32, flags: u32, cq_entries: u32): bool {
  let sq = roundUpPow2(entries > MAX_SQ_ENTRIES ? MAX_SQ_ENTRIES : entries);
  let cq = flags & IORING_SETUP_CQSIZE ? roundUpPow2(cq_entries) : 2 * sq;
  if (cq > MAX_CQ_ENTRIES) cq = MAX_CQ_ENTRIES;
  ring.rings_size = pageAlign(RINGS_HEADER_BUDGET + <usize>cq * cqeSizeFor(flags) + <usize>sq * 4);
  ring.sqes_size = pageAlign(<usize>sq * sqeSizeFor(flags));
  ring.rings_at = heap_alloc(ring.rings_size, page_size());
  ring.sqes_at = heap_alloc(ring.sqes_size, page_size());
  if (ring.rings_at && ring.sqes_at) return true;
  releaseRegions(ring);
  return false;
}

/** Placement 1: IORING_SETUP_NO_MMAP on regions allocated here. */
function setupInUserMemory(
  ring: Ring, entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
): bool {
  if (!allocUserRegions(ring, entries, flags, cq_entries)) {
    ring.err_user_memory = ENOMEM;
    return false;
  }
  const p = fillParams(ring, flags | IORING_SETUP_NO_MMAP, cq_entries, sq_thread_cpu, sq_thread_idle);
  p.sq_off.user_addr = BASE + ring.sqes_at;
  p.cq_off.user_addr = BASE + ring.rings_at;
  const fd = io_uring_setup(entries, ring.params);
  if (fd < 0) {
    ring.err_user_memory = -fd;
    releaseRegions(ring);
    return false;
  }
  ring.fd = fd;
  ring.placement = PLACEMENT_USER_MEMORY;
  if (!attach(ring, ring.rings_at, ring.rings_at, ring.rings_size)) {
    ring.err_user_memory = EINVAL;
    close(fd);
    ring.fd = -1;
    releaseRegions(ring);
    return false;
  }
  return true;
}

/**
 * Placements 2 and 3: a plain setup (the kernel allocates the rings), then regions of the linear
 * memory as large as the kernel's, which become the kernel's (fixed mmap) or a copy of them
 * (mirror). `placement` says which may be used; AUTO tries fixed mmap first.
 */
function setupKernelMapped(
  ring: Ring, entries: u32, flags: u32, cq_entries: u32, sq_thread_cpu: u32, sq_thread_idle: u32,
  placement: u32,
): void {
  const p = fillParams(ring, flags, cq_entries, sq_thread_cpu, sq_thread_idle);
  const fd = io_uring_setup(entries, ring.params);
  if (fd < 0) {
    ring.err_setup = -fd;
    return;
  }
  // Sized as liburing's io_uring_mmap does; with IORING_FEAT_SINGLE_MMAP one region holds both.
  const sqeSize = sqeSizeFor(p.flags);
  const cqeSize = cqeSizeFor(p.flags);
  let sqRingSize = pageAlign(<usize>p.sq_off.array + <usize>p.sq_entries * 4);
  let cqRingSize = pageAlign(<usize>p.cq_off.cqes + <usize>p.cq_entries * cqeSize);
  const single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
  if (single) {
    if (cqRingSize > sqRingSize) sqRingSize = cqRingSize;
    cqRingSize = 0;
  }
  ring.rings_size = sqRingSize;
  ring.cq_size = cqRingSize;
  ring.sqes_size = pageAlign(<usize>p.sq_entries * sqeSize);
  ring.rings_at = heap_alloc(ring.rings_size, page_size());
  ring.sqes_at = heap_alloc(ring.sqes_size, page_size());
  if (!single) ring.cq_at = heap_alloc(ring.cq_size, page_size());
  if (!ring.rings_at || !ring.sqes_at || (!single && !ring.cq_at)) {
    ring.err_setup = ENOMEM;
    close(fd);
    releaseRegions(ring);
    return;
  }
  const cqRing = single ? ring.rings_at : ring.cq_at;
  ring.fd = fd;
  if (placement != PLACEMENT_MIRROR) {
    let err = -ring_map(fd, IORING_OFF_SQ_RING, ring.rings_at, ring.rings_size);
    if (!err && !single) err = -ring_map(fd, IORING_OFF_CQ_RING, ring.cq_at, ring.cq_size);
    if (!err) err = -ring_map(fd, IORING_OFF_SQES, ring.sqes_at, ring.sqes_size);
    if (!err) {
      ring.placement = PLACEMENT_FIXED_MMAP;
      attach(ring, ring.rings_at, cqRing, 0);
      return;
    }
    ring.err_fixed_mmap = err;
    unmapRegions(ring); // zeroed private pages again, whatever the failed mapping left
    if (placement == PLACEMENT_FIXED_MMAP) {
      ring.fd = -1;
      close(fd);
      releaseRegions(ring);
      return;
    }
  }
  const mirror = ring_mirror(fd, ring.rings_at, ring.rings_size, cqRing,
    single ? ring.rings_size : ring.cq_size, ring.sqes_at, ring.sqes_size);
  if (mirror < 0) {
    ring.err_mirror = -mirror;
    ring.fd = -1;
    close(fd);
    releaseRegions(ring);
    return;
  }
  ring.mirror = mirror;
  ring.placement = PLACEMENT_MIRROR;
  attach(ring, ring.rings_at, cqRing, 0);
}

/**
 * Points the ring at its fields, from the offsets the kernel reported. `limit` > 0 checks that
 * the kernel's layout fits the region sized before setup (user memory).
 */
function attach(ring: Ring, sqRing: usize, cqRing: usize, limit: usize): bool {
  const p = changetype<io_uring_params>(ring.params);
  const sq = p.sq_off;
  const cq = p.cq_off;
  const sqeSize = sqeSizeFor(p.flags);
  const cqeSize = cqeSizeFor(p.flags);
  if (limit && (<usize>cq.cqes + <usize>p.cq_entries * cqeSize > limit
      || <usize>sq.array + <usize>p.sq_entries * 4 > limit
      || <usize>p.sq_entries * sqeSize > ring.sqes_size)) {
    return false;
  }
  ring.setup_flags = p.flags;
  ring.features = p.features;
  ring.sq_khead = sqRing + sq.head;
  ring.sq_ktail = sqRing + sq.tail;
  ring.sq_kflags = sqRing + sq.flags;
  ring.sq_kdropped = sqRing + sq.dropped;
  ring.sq_array = sqRing + sq.array;
  ring.sq_mask = load<u32>(sqRing + sq.ring_mask);
  ring.sq_entries = load<u32>(sqRing + sq.ring_entries);
  ring.sqes = ring.sqes_at;
  ring.sqe_shift = sqeSize > offsetof<io_uring_sqe>() ? 7 : 6;
  ring.cq_khead = cqRing + cq.head;
  ring.cq_ktail = cqRing + cq.tail;
  ring.cq_koverflow = cqRing + cq.overflow;
  ring.cq_kflags = cqRing + cq.flags;
  ring.cqes = cqRing + cq.cqes;
  ring.cq_mask = load<u32>(cqRing + cq.ring_mask);
  ring.cq_entries = load<u32>(cqRing + cq.ring_entries);
  ring.cqe_shift = cqeSize > offsetof<io_uring_cqe>() ? 5 : 4;
  // Slot i of the SQ always names SQE i, as in liburing: SQEs are then used in ring order.
  if (!(p.flags & SETUP_NO_SQARRAY)) {
    for (let i: u32 = 0; i < ring.sq_entries; i++) store<u32>(ring.sq_array + (<usize>i << 2), i);
  }
  return true;
}

/**
 * io_uring_resize_rings (IORING_REGISTER_RESIZE_RINGS, Linux 6.13): new SQ and CQ sizes (CQ
 * twice the SQ when `cq_entries` is 0). The kernel copies what is pending — published SQEs and
 * unreaped CQEs, their indices unchanged — into the new rings, so prepared SQEs are published
 * first. The kernel allows it on IORING_SETUP_DEFER_TASKRUN rings. Here it needs the user-memory
 * placement: the new rings are regions of the linear memory like the old, which are then given
 * fresh pages and freed. Returns 0 or -errno (-EOPNOTSUPP for the other placements).
 */
export function ring_resize(ring: Ring, sq_entries: u32, cq_entries: u32): i32 {
  if (ring.placement != PLACEMENT_USER_MEMORY) return -EOPNOTSUPP;
  const oldRings = ring.rings_at, oldRingsSize = ring.rings_size;
  const oldSqes = ring.sqes_at, oldSqesSize = ring.sqes_size;
  const flags = cq_entries ? IORING_SETUP_CQSIZE : 0;
  if (!allocUserRegions(ring, sq_entries, ring.setup_flags | flags, cq_entries)) {
    setUserRegions(ring, oldRings, oldRingsSize, oldSqes, oldSqesSize);
    return -ENOMEM;
  }
  flush_sq(ring);
  const p = fillParams(ring, flags, cq_entries, 0, 0);
  p.sq_entries = sq_entries;
  p.sq_off.user_addr = BASE + ring.sqes_at;
  p.cq_off.user_addr = BASE + ring.rings_at;
  const ret = io_uring_register(ring.fd, IORING_REGISTER_RESIZE_RINGS, ring.params, SIZEOF_PARAMS, 1);
  if (ret < 0) {
    retire(ring.rings_at, ring.rings_size);
    retire(ring.sqes_at, ring.sqes_size);
    setUserRegions(ring, oldRings, oldRingsSize, oldSqes, oldSqesSize);
    return ret;
  }
  // The kernel writes back the params of the new rings (the flags: only those asked for).
  p.flags |= ring.setup_flags;
  // Linux 6.18 writes back sq_off.array as 0 after a resize (its layout is computed after
  // the params are copied out; liburing does not notice, using NO_SQARRAY). The kernel
  // places the array where setup would: after the CQEs, cache-line aligned.
  if (!(p.flags & SETUP_NO_SQARRAY) && !p.sq_off.array) {
    p.sq_off.array = <u32>((<usize>p.cq_off.cqes + <usize>p.cq_entries * cqeSizeFor(p.flags) + 63) & ~63);
  }
  p.features = ring.features;
  attach(ring, ring.rings_at, ring.rings_at, 0);
  retire(oldRings, oldRingsSize);
  retire(oldSqes, oldSqesSize);
  return 0;
}

function setUserRegions(ring: Ring, rings: usize, rings_size: usize, sqes: usize, sqes_size: usize): void {
  ring.rings_at = rings;
  ring.rings_size = rings_size;
  ring.sqes_at = sqes;
  ring.sqes_size = sqes_size;
}

/** A region the kernel used: fresh pages over it (see ring_destroy), then back to the heap. */
function retire(at: usize, size: usize): void {
  if (!at) return;
  ring_unmap(at, size);
  heap_free(at, size);
}

function unmapRegions(ring: Ring): void {
  if (ring.rings_at) ring_unmap(ring.rings_at, ring.rings_size);
  if (ring.cq_at) ring_unmap(ring.cq_at, ring.cq_size);
  if (ring.sqes_at) ring_unmap(ring.sqes_at, ring.sqes_size);
}

function releaseRegions(ring: Ring): void {
  heap_free(ring.rings_at, ring.rings_size);
  heap_free(ring.cq_at, ring.cq_size);
  heap_free(ring.sqes_at, ring.sqes_size);
  ring.rings_at = 0;
  ring.cq_at = 0;
  ring.sqes_at = 0;
}

/**
 * Closes the ring fd and returns its memory to the heap.
 *
 * The kernel tears a ring down asynchronously: after close(2) returns it still holds the ring's
 * pages and writes to them (its exit work commits the CQ tail and cancels what is in flight).
 * So before the regions are reused, fresh zeroed pages are mapped over them: the kernel keeps
 * the old physical pages until it lets go of them, and the next owner of these addresses shares
 * nothing with the dying ring. (Reusing the pages at once corrupts the next ring: measured.)
 */
export function ring_destroy(ring: Ring): i32 {
  const ret = ring_release(ring);
  heap_free(changetype<usize>(ring), offsetof<Ring>());
  return ret;
}

/** ring_destroy without freeing the Ring struct itself (ring_init's undo). */
export function ring_release(ring: Ring): i32 {
  let ret: i32 = 0;
  if (ring.mirror) {
    // The kernel never saw these regions: only its own mapping goes.
    mirror_release(ring.mirror);
    ring.mirror = 0;
    ret = close(ring.fd);
    ring.fd = -1;
  } else if (ring.fd >= 0) {
    ret = close(ring.fd);
    ring.fd = -1;
    unmapRegions(ring);
  }
  releaseRegions(ring);
  heap_free(ring.params, SIZEOF_PARAMS);
  ring.params = 0;
  return ret;
}
