// What src/ calls to create, drive and inspect a ring, and to register resources with it.
// A ring is a handle: the offset of its Ring struct in the linear memory.

import { io_uring_probe } from "../abi/structs";
import { io_uring_files_update, iovec } from "../abi/structs";
import {
  IO_URING_OP_SUPPORTED, IORING_REGISTER_BUFFERS, IORING_REGISTER_EVENTFD,
  IORING_REGISTER_EVENTFD_ASYNC, IORING_REGISTER_FILES, IORING_REGISTER_FILES_UPDATE,
  IORING_REGISTER_PERSONALITY, IORING_REGISTER_PROBE, IORING_UNREGISTER_BUFFERS,
  IORING_UNREGISTER_EVENTFD, IORING_UNREGISTER_FILES, IORING_UNREGISTER_PERSONALITY,
} from "../abi/constants";
import { io_uring_register } from "../bridge";
import { heap_alloc, heap_free } from "../heap";
import * as r from "../ring/ring";
import { ring_create as create, ring_destroy as destroy } from "../ring/setup";
import { addr } from "./queue";

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
/**
 * Copies up to `max` CQEs as 16-byte {user_data u64, res i32, flags u32} records to `out`,
 * flushing the overflow backlog in as needed. Fewer than `max`: nothing else is ready. -errno
 * when the flush failed before anything was copied.
 */
export function ring_reap(ring: usize, out: usize, max: u32): i32 { return r.reap(R(ring), out, max); }

// ─── io_uring_register(2) ────────────────────────────────────────────────────────────────────────

/** io_uring_register_buffers: `nr` iovecs at `iovecs`. */
export function ring_register_buffers(ring: usize, iovecs: usize, nr: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_BUFFERS, iovecs, <usize>nr * offsetof<iovec>(), nr);
}
export function ring_unregister_buffers(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_BUFFERS, 0, 0, 0);
}
/** io_uring_register_files: `nr` i32 fds at `fds` (-1: an empty slot). */
export function ring_register_files(ring: usize, fds: usize, nr: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_FILES, fds, <usize>nr * 4, nr);
}
export function ring_unregister_files(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_FILES, 0, 0, 0);
}
/** io_uring_register_files_update: replaces slots [offset, offset+nr) with the fds at `fds`. */
export function ring_register_files_update(ring: usize, offset: u32, fds: usize, nr: u32): i32 {
  const size = offsetof<io_uring_files_update>();
  const up = heap_alloc(size, 8);
  if (!up) return -12; // ENOMEM
  const u = changetype<io_uring_files_update>(up);
  u.offset = offset;
  u.fds = addr(fds);
  const ret = io_uring_register(R(ring).fd, IORING_REGISTER_FILES_UPDATE, up, size, nr);
  heap_free(up, size);
  return ret;
}
/** io_uring_register_eventfd(_async): `fd` is an i32 in memory at `fdp`. */
export function ring_register_eventfd(ring: usize, fdp: usize, only_async: bool): i32 {
  return io_uring_register(R(ring).fd, only_async ? IORING_REGISTER_EVENTFD_ASYNC : IORING_REGISTER_EVENTFD, fdp, 4, 1);
}
export function ring_unregister_eventfd(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_EVENTFD, 0, 0, 0);
}
/** io_uring_register_personality: returns the id of the caller's credentials. */
export function ring_register_personality(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_PERSONALITY, 0, 0, 0);
}
export function ring_unregister_personality(ring: usize, id: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_PERSONALITY, 0, 0, id);
}

// ─── Probe ───────────────────────────────────────────────────────────────────────────────────────
@inline const PROBE_OPS: u32 = 256;

/** Bytes of a probe with room for every possible opcode. */
export function probe_size(): usize {
  return offsetof<io_uring_probe>() + <usize>PROBE_OPS * 8;
}
/** io_uring_get_probe_ring: fills the probe at `probe` (probe_size() bytes, zeroed). */
export function ring_register_probe(ring: usize, probe: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_PROBE, probe, probe_size(), PROBE_OPS);
}
export function probe_last_op(probe: usize): u32 {
  return changetype<io_uring_probe>(probe).last_op;
}
/** io_uring_opcode_supported. */
export function probe_supported(probe: usize, op: u32): bool {
  const p = changetype<io_uring_probe>(probe);
  if (op > p.last_op || op >= p.ops_len) return false;
  return (p.op(op).flags & IO_URING_OP_SUPPORTED) != 0;
}
