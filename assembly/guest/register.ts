// Registration for a guest, by liburing's names: buffers, files, eventfd, the ring fd,
// personalities, restrictions, the probe and provided-buffer rings. Each forwards to the ring
// logic's own (assembly/api/register.ts, which works out what the kernel reads and writes);
// everything else there is callable as is, with the ring as changetype<usize>(ring).

import { Ring } from "../ring/ring";
import * as api from "../api/register";
import { buf_ring_add, buf_ring_advance, buf_ring_init, buf_ring_mask } from "../ring/buf_ring";
import { cq_advance } from "../ring/ring";
import { heap_alloc, heap_free } from "../heap";
import { page_size } from "../bridge";
import { EINVAL, ENOMEM } from "../abi/errno";

@inline function H(ring: Ring): usize {
  return changetype<usize>(ring);
}

/** io_uring_register_buffers: `nr_iovecs` iovecs at `iovecs` (built with iovec_set). */
export function io_uring_register_buffers(ring: Ring, iovecs: usize, nr_iovecs: u32): i32 {
  return api.ring_register_buffers(H(ring), iovecs, nr_iovecs);
}
export function io_uring_unregister_buffers(ring: Ring): i32 {
  return api.ring_unregister_buffers(H(ring));
}

/** io_uring_register_files: `nr_files` i32 fds at `files` (-1: an empty slot). */
export function io_uring_register_files(ring: Ring, files: usize, nr_files: u32): i32 {
  return api.ring_register_files(H(ring), files, nr_files);
}
export function io_uring_register_files_sparse(ring: Ring, nr_files: u32): i32 {
  return api.ring_register_files_sparse(H(ring), nr_files);
}
export function io_uring_register_files_update(ring: Ring, off: u32, files: usize, nr_files: u32): i32 {
  return api.ring_register_files_update(H(ring), off, files, nr_files);
}
export function io_uring_unregister_files(ring: Ring): i32 {
  return api.ring_unregister_files(H(ring));
}

/** io_uring_register_eventfd: the eventfd `fd` is signalled on each completion. */
export function io_uring_register_eventfd(ring: Ring, fd: i32): i32 {
  return eventfd(ring, fd, false);
}
/** io_uring_register_eventfd_async: only for completions that did not complete inline. */
export function io_uring_register_eventfd_async(ring: Ring, fd: i32): i32 {
  return eventfd(ring, fd, true);
}
function eventfd(ring: Ring, fd: i32, only_async: bool): i32 {
  const at = heap_alloc(4, 8);
  if (!at) return -ENOMEM;
  store<i32>(at, fd);
  const ret = api.ring_register_eventfd(H(ring), at, only_async);
  heap_free(at, 4);
  return ret;
}
export function io_uring_unregister_eventfd(ring: Ring): i32 {
  return api.ring_unregister_eventfd(H(ring));
}

/** io_uring_register_ring_fd: enters name the ring by its registered slot (no fd lookup). */
export function io_uring_register_ring_fd(ring: Ring): i32 {
  return api.ring_register_ring_fd(H(ring));
}
export function io_uring_unregister_ring_fd(ring: Ring): i32 {
  return api.ring_unregister_ring_fd(H(ring));
}

export function io_uring_register_personality(ring: Ring): i32 {
  return api.ring_register_personality(H(ring));
}
export function io_uring_unregister_personality(ring: Ring, id: u32): i32 {
  return api.ring_unregister_personality(H(ring), id);
}

/** io_uring_register_restrictions: `nr` struct io_uring_restriction (restriction_set) on an R_DISABLED ring. */
export function io_uring_register_restrictions(ring: Ring, res: usize, nr: u32): i32 {
  return api.ring_register_restrictions(H(ring), res, nr);
}
export function io_uring_enable_rings(ring: Ring): i32 {
  return api.ring_enable_rings(H(ring));
}

// ─── Probe ───────────────────────────────────────────────────────────────────────────────────────

/** io_uring_get_probe_ring: what this kernel supports, as a struct io_uring_probe; 0 on failure. */
export function io_uring_get_probe_ring(ring: Ring): usize {
  const probe = heap_alloc(api.probe_size(), 8);
  if (!probe) return 0;
  if (api.ring_register_probe(H(ring), probe) < 0) {
    heap_free(probe, api.probe_size());
    return 0;
  }
  return probe;
}
/** io_uring_opcode_supported: whether the probe lists IORING_OP_* `op` as supported. */
export function io_uring_opcode_supported(probe: usize, op: u32): bool {
  return api.probe_supported(probe, op);
}
export function io_uring_free_probe(probe: usize): void {
  heap_free(probe, api.probe_size());
}

// ─── Provided-buffer rings (5.19; ring/buf_ring.ts) ──────────────────────────────────────────────

/** Bytes of a buffer ring of `nentries` (16 each), whole pages. */
@inline function bufRingBytes(nentries: u32): usize {
  const page = <usize>page_size();
  return (<usize>nentries * 16 + page - 1) & ~(page - 1);
}

/**
 * io_uring_setup_buf_ring: a page-aligned ring of `nentries` (a power of two) provided buffers,
 * registered as group `bgid` (`flags`: IOU_PBUF_RING_INC) and initialised. Returns it, or 0 with
 * the -errno stored at `err` (an i32 in this memory; 0: not stored).
 */
export function io_uring_setup_buf_ring(ring: Ring, nentries: u32, bgid: u16, flags: u16, err: usize = 0): usize {
  // The kernel's own rule (a power of two up to 32768), checked first: nothing is allocated then.
  const valid = nentries != 0 && nentries <= 32768 && (nentries & (nentries - 1)) == 0;
  const br = valid ? heap_alloc(bufRingBytes(nentries), page_size()) : 0;
  const ret = !valid ? -EINVAL : br ? api.ring_register_buf_ring(H(ring), br, nentries, bgid, flags) : -ENOMEM;
  if (ret == 0) {
    buf_ring_init(br);
    return br;
  }
  if (br) heap_free(br, bufRingBytes(nentries));
  if (err) store<i32>(err, ret);
  return 0;
}

/** io_uring_free_buf_ring: unregisters group `bgid` and gives its ring back. 0 or -errno. */
export function io_uring_free_buf_ring(ring: Ring, br: usize, nentries: u32, bgid: u16): i32 {
  const ret = api.ring_unregister_buf_ring(H(ring), bgid);
  if (ret == 0) heap_free(br, bufRingBytes(nentries));
  return ret;
}

/** io_uring_buf_ring_mask. */
export function io_uring_buf_ring_mask(ring_entries: u32): u32 {
  return buf_ring_mask(ring_entries);
}
/** io_uring_buf_ring_init: an empty ring. */
export function io_uring_buf_ring_init(br: usize): void {
  buf_ring_init(br);
}
/**
 * io_uring_buf_ring_add: the buffer at `addr` (an offset in this memory), `len` bytes, id `bid`,
 * `buf_offset` entries past the tail; the kernel sees it once advanced.
 */
export function io_uring_buf_ring_add(br: usize, addr: usize, len: u32, bid: u16, mask: u32, buf_offset: u32): void {
  buf_ring_add(br, addr, len, bid, mask, buf_offset);
}
/** io_uring_buf_ring_advance: publishes `count` added buffers. */
export function io_uring_buf_ring_advance(br: usize, count: u32): void {
  buf_ring_advance(br, count);
}
/** io_uring_buf_ring_cq_advance: publishes `count` buffers and marks as many CQEs seen. */
export function io_uring_buf_ring_cq_advance(ring: Ring, br: usize, count: u32): void {
  buf_ring_advance(br, count);
  cq_advance(ring, count);
}
