// What src/ calls to register resources with a ring: io_uring_register(2), one export per
// liburing io_uring_register_* function (named on each), numbers in, result or -errno out.
// Argument structs are built here in scratch memory from the heap (abi/register.ts has their
// layouts); arrays the caller fills (fds, iovecs, tags) are linear-memory offsets.
//
// 64-bit values (tags, user_data) travel as f64, exact below 2^53, like everywhere else.

import {
  io_uring_buf, io_uring_buf_reg, io_uring_buf_status, io_uring_clock_register, io_uring_clone_buffers,
  io_uring_file_index_range, io_uring_napi, io_uring_restriction, io_uring_rsrc_register,
  io_uring_rsrc_update, io_uring_rsrc_update2, io_uring_sync_cancel_reg, io_uring_query_hdr,
  io_uring_query_opcode, io_uring_region_desc, io_uring_mem_region_reg, io_uring_reg_wait,
} from "../abi/register";
import { io_uring_files_update, io_uring_probe, iovec, timespec_nsec, timespec_sec } from "../abi/structs";
import { io_uring_sqe } from "../abi/sqe";
import {
  IO_URING_OP_SUPPORTED, IORING_REGISTER_BUFFERS, IORING_REGISTER_BUFFERS2,
  IORING_REGISTER_BUFFERS_UPDATE, IORING_REGISTER_CLOCK, IORING_REGISTER_CLONE_BUFFERS,
  IORING_REGISTER_ENABLE_RINGS, IORING_REGISTER_EVENTFD, IORING_REGISTER_EVENTFD_ASYNC,
  IORING_REGISTER_FILE_ALLOC_RANGE, IORING_REGISTER_FILES, IORING_REGISTER_FILES2,
  IORING_REGISTER_FILES_UPDATE, IORING_REGISTER_FILES_UPDATE2, IORING_REGISTER_IOWQ_AFF,
  IORING_REGISTER_IOWQ_MAX_WORKERS, IORING_REGISTER_NAPI, IORING_REGISTER_PBUF_RING,
  IORING_REGISTER_PBUF_STATUS, IORING_REGISTER_PERSONALITY, IORING_REGISTER_PROBE,
  IORING_REGISTER_RESTRICTIONS, IORING_REGISTER_RING_FDS, IORING_REGISTER_SEND_MSG_RING,
  IORING_REGISTER_SYNC_CANCEL, IORING_RSRC_REGISTER_SPARSE, IORING_UNREGISTER_BUFFERS,
  IORING_UNREGISTER_EVENTFD, IORING_UNREGISTER_FILES, IORING_UNREGISTER_IOWQ_AFF,
  IORING_UNREGISTER_NAPI, IORING_UNREGISTER_PBUF_RING, IORING_UNREGISTER_PERSONALITY,
  IORING_UNREGISTER_RING_FDS, IORING_REGISTER_QUERY, IO_URING_QUERY_OPCODES, IORING_REGISTER_MEM_REGION,
  IORING_MEM_REGION_TYPE_USER, IORING_MEM_REGION_REG_WAIT_ARG, IORING_REG_WAIT_TS,
} from "../abi/constants";
import { io_uring_register } from "../bridge";
import { heap_alloc, heap_free } from "../heap";
import { prep_msg_ring } from "../prep/index";
import { Ring } from "../ring/ring";
import { addr, u64of } from "./take";
import { ENOMEM, EFAULT } from "../abi/errno";


/**
 * A pointer the kernel follows from inside an argument struct, to `len` bytes. The host checks
 * only what io_uring_register(2) is handed directly (the struct itself), so what it points at
 * is checked here, against the memory's current size, overflow-safe; 0 is NULL.
 */
@inline function nestedFits(offset: usize, len: u64): bool {
  if (!offset) return true;
  const end = <u64>memory.size() << 16;
  return <u64>offset < end && len <= end - <u64>offset;
}
/** Bytes per entry of a FILES2 / BUFFERS2 table: an i32 fd or a struct iovec. */
@inline function entrySize(opcode: u32): u64 {
  return opcode == IORING_REGISTER_BUFFERS2 || opcode == IORING_REGISTER_BUFFERS_UPDATE ? offsetof<iovec>() : 4;
}

@inline function R(ring: usize): Ring {
  return changetype<Ring>(ring);
}

/** A zeroed argument struct `T` from the heap (null when it is exhausted); see registerWith. */
@inline function scratch<T>(): T | null {
  return changetype<T | null>(heap_alloc(offsetof<T>(), 8));
}
/** Gives back an argument struct from scratch. */
@inline function release<T>(arg: T): void {
  heap_free(changetype<usize>(arg), offsetof<T>());
}
/** io_uring_register(fd, opcode, arg, nr) with the argument struct `arg`, which stays allocated. */
@inline function registerArg<T>(fd: i32, opcode: u32, arg: T, nr: u32): i32 {
  return io_uring_register(fd, opcode, changetype<usize>(arg), offsetof<T>(), nr);
}
/** io_uring_register with the argument struct `arg` (from scratch), which it then frees. */
@inline function registerWith<T>(ring: usize, opcode: u32, arg: T, nr: u32): i32 {
  const ret = registerArg(R(ring).fd, opcode, arg, nr);
  release(arg);
  return ret;
}

// ─── Buffers ─────────────────────────────────────────────────────────────────────────────────────

/** io_uring_register_buffers: `nr` iovecs at `iovecs`. */
export function ring_register_buffers(ring: usize, iovecs: usize, nr: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_BUFFERS, iovecs, <usize>nr * offsetof<iovec>(), nr);
}
export function ring_unregister_buffers(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_BUFFERS, 0, 0, 0);
}

/** A FILES2 / BUFFERS2 registration: `nr` entries at `data` with u64 tags at `tags` (0: none). */
function registerTable(ring: usize, opcode: u32, data: usize, tags: usize, nr: u32, flags: u32): i32 {
  if (!nestedFits(data, <u64>nr * entrySize(opcode)) || !nestedFits(tags, <u64>nr * 8)) return -EFAULT;
  const arg = scratch<io_uring_rsrc_register>(); if (!arg) return -ENOMEM;
  arg.nr = nr;
  arg.flags = flags;
  arg.data = addr(data);
  arg.tags = addr(tags);
  // nr_args carries the struct's size, which the kernel checks.
  return registerWith(ring, opcode, arg, <u32>offsetof<io_uring_rsrc_register>());
}
/** A FILES_UPDATE2 / BUFFERS_UPDATE: slots [offset, offset + nr) from `data`, tagged from `tags`. */
function updateTable(ring: usize, opcode: u32, offset: u32, data: usize, tags: usize, nr: u32): i32 {
  if (!nestedFits(data, <u64>nr * entrySize(opcode)) || !nestedFits(tags, <u64>nr * 8)) return -EFAULT;
  const arg = scratch<io_uring_rsrc_update2>(); if (!arg) return -ENOMEM;
  arg.offset = offset;
  arg.data = addr(data);
  arg.tags = addr(tags);
  arg.nr = nr;
  return registerWith(ring, opcode, arg, <u32>offsetof<io_uring_rsrc_update2>());
}

/** io_uring_register_buffers_tags (5.13): `nr` iovecs, each with a u64 tag (`tags` 0: none). */
export function ring_register_buffers_tags(ring: usize, iovecs: usize, tags: usize, nr: u32): i32 {
  return registerTable(ring, IORING_REGISTER_BUFFERS2, iovecs, tags, nr, 0);
}
/** io_uring_register_buffers_sparse (5.19): `nr` empty slots, filled by updates. */
export function ring_register_buffers_sparse(ring: usize, nr: u32): i32 {
  return registerTable(ring, IORING_REGISTER_BUFFERS2, 0, 0, nr, IORING_RSRC_REGISTER_SPARSE);
}
/** io_uring_register_buffers_update_tag (5.13): slots from `offset`; an iovec of 0/0 empties one. */
export function ring_register_buffers_update_tag(ring: usize, offset: u32, iovecs: usize, tags: usize, nr: u32): i32 {
  return updateTable(ring, IORING_REGISTER_BUFFERS_UPDATE, offset, iovecs, tags, nr);
}

/** io_uring_clone_buffers_offset (6.12): the registered buffers of ring `src_fd` into this ring. */
export function ring_clone_buffers(ring: usize, src_fd: u32, flags: u32, src_off: u32, dst_off: u32, nr: u32): i32 {
  const arg = scratch<io_uring_clone_buffers>(); if (!arg) return -ENOMEM;
  arg.src_fd = src_fd;
  arg.flags = flags;
  arg.src_off = src_off;
  arg.dst_off = dst_off;
  arg.nr = nr;
  return registerWith(ring, IORING_REGISTER_CLONE_BUFFERS, arg, 1);
}

// ─── Files ───────────────────────────────────────────────────────────────────────────────────────

/** io_uring_register_files: `nr` i32 fds at `fds` (-1: an empty slot). */
export function ring_register_files(ring: usize, fds: usize, nr: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_FILES, fds, <usize>nr * 4, nr);
}
export function ring_unregister_files(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_FILES, 0, 0, 0);
}
/** io_uring_register_files_update: replaces slots [offset, offset+nr) with the fds at `fds`. */
export function ring_register_files_update(ring: usize, offset: u32, fds: usize, nr: u32): i32 {
  if (!nestedFits(fds, <u64>nr * 4)) return -EFAULT;
  const arg = scratch<io_uring_files_update>(); if (!arg) return -ENOMEM;
  arg.offset = offset;
  arg.fds = addr(fds);
  return registerWith(ring, IORING_REGISTER_FILES_UPDATE, arg, nr);
}
/** io_uring_register_files_tags (5.13). */
export function ring_register_files_tags(ring: usize, fds: usize, tags: usize, nr: u32): i32 {
  return registerTable(ring, IORING_REGISTER_FILES2, fds, tags, nr, 0);
}
/** io_uring_register_files_sparse (5.19). */
export function ring_register_files_sparse(ring: usize, nr: u32): i32 {
  return registerTable(ring, IORING_REGISTER_FILES2, 0, 0, nr, IORING_RSRC_REGISTER_SPARSE);
}
/** io_uring_register_files_update_tag (5.13). */
export function ring_register_files_update_tag(ring: usize, offset: u32, fds: usize, tags: usize, nr: u32): i32 {
  return updateTable(ring, IORING_REGISTER_FILES_UPDATE2, offset, fds, tags, nr);
}
/** io_uring_register_file_alloc_range (6.0): IORING_FILE_INDEX_ALLOC picks from [off, off+len). */
export function ring_register_file_alloc_range(ring: usize, off: u32, len: u32): i32 {
  const arg = scratch<io_uring_file_index_range>(); if (!arg) return -ENOMEM;
  arg.off = off;
  arg.len = len;
  return registerWith(ring, IORING_REGISTER_FILE_ALLOC_RANGE, arg, 0);
}

// ─── Eventfd, personality ────────────────────────────────────────────────────────────────────────

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

// ─── Restrictions (5.10) ─────────────────────────────────────────────────────────────────────────

/** Entry `index` of a struct io_uring_restriction array: IORING_RESTRICTION_* `kind`, its `value`. */
export function restriction_set(at: usize, index: u32, kind: u16, value: u8): void {
  const r = changetype<io_uring_restriction>(at + <usize>index * offsetof<io_uring_restriction>());
  r.opcode = kind;
  r.register_op = value;
}
/** io_uring_register_restrictions: only on a ring set up with IORING_SETUP_R_DISABLED, once. */
export function ring_register_restrictions(ring: usize, restrictions: usize, nr: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_RESTRICTIONS, restrictions,
    <usize>nr * offsetof<io_uring_restriction>(), nr);
}
/** io_uring_enable_rings: starts an IORING_SETUP_R_DISABLED ring. */
export function ring_enable_rings(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_ENABLE_RINGS, 0, 0, 0);
}

// ─── The io-wq workers (5.14, 5.15) ──────────────────────────────────────────────────────────────

/** io_uring_register_iowq_aff: a cpu_set_t of `size` bytes at `mask`. */
export function ring_register_iowq_aff(ring: usize, mask: usize, size: u32): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_IOWQ_AFF, mask, size, size);
}
export function ring_unregister_iowq_aff(ring: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_UNREGISTER_IOWQ_AFF, 0, 0, 0);
}
/**
 * io_uring_register_iowq_max_workers: u32 values[2] at `values` (bounded, unbounded; 0 leaves
 * one as it is) are set, and replaced by the previous limits.
 */
export function ring_register_iowq_max_workers(ring: usize, values: usize): i32 {
  return io_uring_register(R(ring).fd, IORING_REGISTER_IOWQ_MAX_WORKERS, values, 8, 2);
}

// ─── The ring's own fd (5.18) ────────────────────────────────────────────────────────────────────

/**
 * io_uring_register_ring_fd: puts this ring's fd in its registered-ring table; from then on every
 * enter passes the slot with IORING_ENTER_REGISTERED_RING (no fd lookup per syscall). Returns the
 * slot or -errno. A mirrored ring registers too, but the host enters with the fd it holds.
 */
export function ring_register_ring_fd(ring: usize): i32 {
  const r = R(ring);
  if (r.registered_slot) return -16; // EBUSY, as liburing
  const u = scratch<io_uring_rsrc_update>(); if (!u) return -ENOMEM;
  u.offset = <u32>-1;
  u.data = <u64>r.fd;
  let ret = registerArg(r.fd, IORING_REGISTER_RING_FDS, u, 1);
  if (ret == 1) {
    r.registered_slot = u.offset + 1;
    ret = <i32>u.offset;
  } else if (ret >= 0) {
    ret = -22; // EINVAL: the kernel took nothing
  }
  release(u);
  return ret;
}
/** io_uring_unregister_ring_fd: enters go by fd again. */
export function ring_unregister_ring_fd(ring: usize): i32 {
  const r = R(ring);
  if (!r.registered_slot) return -22; // EINVAL
  const u = scratch<io_uring_rsrc_update>(); if (!u) return -ENOMEM;
  u.offset = r.registered_slot - 1;
  const ret = registerWith(ring, IORING_UNREGISTER_RING_FDS, u, 1);
  if (ret != 1) return ret;
  r.registered_slot = 0;
  return 0;
}
/** The slot the ring's fd has in its registered-ring table, or -1. */
export function ring_registered_slot(ring: usize): i32 {
  return <i32>R(ring).registered_slot - 1;
}

// ─── Provided-buffer rings (5.19; ring logic in ring/buf_ring.ts) ────────────────────────────────

/**
 * io_uring_register_buf_ring: the ring of `entries` struct io_uring_buf at `br` (page-aligned,
 * entries × 16 bytes, its tail zeroed) serves buffer group `bgid`. `flags`: IOU_PBUF_RING_INC.
 */
export function ring_register_buf_ring(ring: usize, br: usize, entries: u32, bgid: u16, flags: u16): i32 {
  if (!br || !nestedFits(br, <u64>entries * offsetof<io_uring_buf>())) return -EFAULT;
  const arg = scratch<io_uring_buf_reg>(); if (!arg) return -ENOMEM;
  arg.ring_addr = addr(br);
  arg.ring_entries = entries;
  arg.bgid = bgid;
  arg.flags = flags;
  return registerWith(ring, IORING_REGISTER_PBUF_RING, arg, 1);
}
/** io_uring_unregister_buf_ring. */
export function ring_unregister_buf_ring(ring: usize, bgid: u16): i32 {
  const arg = scratch<io_uring_buf_reg>(); if (!arg) return -ENOMEM;
  arg.bgid = bgid;
  return registerWith(ring, IORING_UNREGISTER_PBUF_RING, arg, 1);
}
/** io_uring_buf_ring_head (6.8): the kernel's head in group `bgid`'s ring (≥ 0), or -errno. */
export function ring_buf_ring_head(ring: usize, bgid: u32): i32 {
  const status = scratch<io_uring_buf_status>(); if (!status) return -ENOMEM;
  status.buf_group = bgid;
  let ret = registerArg(R(ring).fd, IORING_REGISTER_PBUF_STATUS, status, 1);
  if (ret == 0) ret = <i32>(status.head & 0xffff);
  release(status);
  return ret;
}

// ─── Synchronous cancel (6.0), NAPI (6.9), clock (6.12) ──────────────────────────────────────────

/**
 * io_uring_register_sync_cancel: cancels matching requests (by user_data, or `fd` with
 * IORING_ASYNC_CANCEL_FD, any with _ANY, by opcode with _OP; all of them with _ALL) and waits
 * until they have completed, at most `timeout_ms` (< 0: no limit). 0 or -errno (-ENOENT: none
 * matched, -EALREADY: running and not cancellable yet, -ETIME: timed out).
 */
export function ring_register_sync_cancel(ring: usize, user_data: f64, fd: i32, flags: u32, opcode: u8, timeout_ms: f64): i32 {
  const arg = scratch<io_uring_sync_cancel_reg>(); if (!arg) return -ENOMEM;
  arg.addr = u64of(user_data);
  arg.fd = fd;
  arg.flags = flags;
  arg.opcode = opcode;
  if (timeout_ms < 0) {
    arg.timeout_tv_sec = -1;
    arg.timeout_tv_nsec = -1;
  } else {
    arg.timeout_tv_sec = timespec_sec(timeout_ms);
    arg.timeout_tv_nsec = timespec_nsec(timeout_ms);
  }
  return registerWith(ring, IORING_REGISTER_SYNC_CANCEL, arg, 1);
}

/** io_uring_register_napi: busy-poll the ring's sockets for `busy_poll_to` µs. */
export function ring_register_napi(ring: usize, busy_poll_to: u32, prefer_busy_poll: bool): i32 {
  const arg = scratch<io_uring_napi>(); if (!arg) return -ENOMEM;
  arg.busy_poll_to = busy_poll_to;
  arg.prefer_busy_poll = prefer_busy_poll ? 1 : 0;
  return registerWith(ring, IORING_REGISTER_NAPI, arg, 1);
}
/** io_uring_unregister_napi: returns the busy-poll timeout that was in force (µs) or -errno. */
export function ring_unregister_napi(ring: usize): i32 {
  const napi = scratch<io_uring_napi>(); if (!napi) return -ENOMEM;
  let ret = registerArg(R(ring).fd, IORING_UNREGISTER_NAPI, napi, 1);
  if (ret == 0) ret = <i32>napi.busy_poll_to;
  release(napi);
  return ret;
}

/** io_uring_register_clock: the clock that wait timeouts measure (CLOCK_MONOTONIC, CLOCK_BOOTTIME). */
export function ring_register_clock(ring: usize, clockid: u32): i32 {
  const arg = scratch<io_uring_clock_register>(); if (!arg) return -ENOMEM;
  arg.clockid = clockid;
  return registerWith(ring, IORING_REGISTER_CLOCK, arg, 0);
}

// ─── A message without a ring (6.13) ─────────────────────────────────────────────────────────────

/**
 * io_uring_register_sync_msg: posts {user_data, res: len} to ring `target_fd`'s CQ without a
 * source ring (IORING_REGISTER_SEND_MSG_RING on fd -1, taking a MSG_RING SQE). 0 or -errno.
 */
export function sync_msg_ring(target_fd: i32, len: u32, user_data: f64, flags: u32): i32 {
  const sqe = scratch<io_uring_sqe>(); if (!sqe) return -ENOMEM;
  prep_msg_ring(sqe, target_fd, len, u64of(user_data), flags);
  const ret = registerArg(-1, IORING_REGISTER_SEND_MSG_RING, sqe, 1);
  release(sqe);
  return ret;
}

// ─── Registered wait arguments (6.13) ────────────────────────────────────────────────────────────

/**
 * io_uring_register_wait_reg: the `size` bytes at `region` (page-aligned, zeroed) become the
 * ring's registered wait arguments, struct io_uring_reg_wait entries that waits name by index
 * (ring_submit_and_wait_reg). The kernel takes it only on a ring still disabled
 * (IORING_SETUP_R_DISABLED), once. 0 or -errno.
 */
export function ring_register_wait_region(ring: usize, region: usize, size: u32): i32 {
  if (!region || !nestedFits(region, size)) return -EFAULT;
  const desc = scratch<io_uring_region_desc>(); if (!desc) return -ENOMEM;
  desc.user_addr = addr(region);
  desc.size = size;
  desc.flags = IORING_MEM_REGION_TYPE_USER;
  const reg = scratch<io_uring_mem_region_reg>();
  if (!reg) {
    release(desc);
    return -ENOMEM;
  }
  reg.region_uptr = addr(changetype<usize>(desc));
  reg.flags = IORING_MEM_REGION_REG_WAIT_ARG;
  const ret = registerWith(ring, IORING_REGISTER_MEM_REGION, reg, 1);
  release(desc);
  return ret;
}

/** Entry `index` of a registered wait region: wait at most `timeout_ms` (< 0: no limit). */
export function reg_wait_set(region: usize, index: u32, timeout_ms: f64, min_wait_usec: u32): void {
  const w = changetype<io_uring_reg_wait>(region + <usize>index * offsetof<io_uring_reg_wait>());
  memory.fill(changetype<usize>(w), 0, offsetof<io_uring_reg_wait>());
  w.min_wait_usec = min_wait_usec;
  if (timeout_ms >= 0) {
    w.ts_tv_sec = timespec_sec(timeout_ms);
    w.ts_tv_nsec = timespec_nsec(timeout_ms);
    w.flags = IORING_REG_WAIT_TS;
  }
}

// ─── Query (6.18) ────────────────────────────────────────────────────────────────────────────────

/**
 * io_uring_register(-1, IORING_REGISTER_QUERY): fills the struct io_uring_query_opcode at `out`
 * (zeroed, sizeof bytes) with what the kernel supports. Returns 0 or -errno.
 */
export function query_opcodes(out: usize): i32 {
  if (!out || !nestedFits(out, offsetof<io_uring_query_opcode>())) return -EFAULT;
  const hdr = scratch<io_uring_query_hdr>(); if (!hdr) return -ENOMEM;
  hdr.query_data = addr(out);
  hdr.query_op = IO_URING_QUERY_OPCODES;
  hdr.size = <u32>offsetof<io_uring_query_opcode>();
  let ret = registerArg(-1, IORING_REGISTER_QUERY, hdr, 0);
  if (ret == 0) ret = hdr.result;
  release(hdr);
  return ret;
}
export function query_nr_request_opcodes(at: usize): u32 { return changetype<io_uring_query_opcode>(at).nr_request_opcodes; }
export function query_nr_register_opcodes(at: usize): u32 { return changetype<io_uring_query_opcode>(at).nr_register_opcodes; }
export function query_feature_flags(at: usize): f64 { return <f64>changetype<io_uring_query_opcode>(at).feature_flags; }
export function query_ring_setup_flags(at: usize): f64 { return <f64>changetype<io_uring_query_opcode>(at).ring_setup_flags; }
export function query_enter_flags(at: usize): f64 { return <f64>changetype<io_uring_query_opcode>(at).enter_flags; }
export function query_sqe_flags(at: usize): f64 { return <f64>changetype<io_uring_query_opcode>(at).sqe_flags; }

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
