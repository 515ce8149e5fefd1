// What src/ calls to queue an operation: take a free SQE, encode it with the liburing-equivalent
// encoder, stamp user_data. Every function returns the SQE's offset (to adjust with sqe_set_*)
// or 0 when the SQ is full.
//
// Numbers only, so no BigInt crosses the JS boundary: buffers and structs are linear-memory
// offsets (0 = NULL), translated here to process addresses; 64-bit values (file offsets,
// user_data, lengths) arrive as f64, exact up to 2^53; -1 means "current position"/"no offset".

import { io_uring_sqe } from "../abi/sqe";
import { get_sqe, Ring } from "../ring/ring";
import { BASE } from "../ring/setup";
import * as prep from "../prep";

/** A linear-memory offset as the process address the kernel needs; 0 stays NULL. */
@inline export function addr(offset: usize): u64 {
  return offset ? BASE + <u64>offset : 0;
}

/** A 64-bit argument carried as f64 (-1 → all ones). */
@inline export function u64of(x: f64): u64 {
  return <u64><i64>x;
}

@inline function take(ring: usize): io_uring_sqe | null {
  const at = get_sqe(changetype<Ring>(ring));
  if (!at) return null;
  return changetype<io_uring_sqe>(at);
}

@inline function done(sqe: io_uring_sqe, user_data: f64): usize {
  sqe.user_data = u64of(user_data);
  return changetype<usize>(sqe);
}

export function queue_nop(ring: usize, ud: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_nop(sqe);
  return done(sqe, ud);
}
export function queue_readv(ring: usize, ud: f64, fd: i32, iovecs: usize, nr: u32, offset: f64, rw_flags: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_readv2(sqe, fd, addr(iovecs), nr, u64of(offset), rw_flags);
  return done(sqe, ud);
}
export function queue_writev(ring: usize, ud: f64, fd: i32, iovecs: usize, nr: u32, offset: f64, rw_flags: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_writev2(sqe, fd, addr(iovecs), nr, u64of(offset), rw_flags);
  return done(sqe, ud);
}
export function queue_fsync(ring: usize, ud: f64, fd: i32, fsync_flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fsync(sqe, fd, fsync_flags);
  return done(sqe, ud);
}
export function queue_read_fixed(ring: usize, ud: f64, fd: i32, buf: usize, nbytes: u32, offset: f64, buf_index: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_read_fixed(sqe, fd, addr(buf), nbytes, u64of(offset), buf_index);
  return done(sqe, ud);
}
export function queue_write_fixed(ring: usize, ud: f64, fd: i32, buf: usize, nbytes: u32, offset: f64, buf_index: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_write_fixed(sqe, fd, addr(buf), nbytes, u64of(offset), buf_index);
  return done(sqe, ud);
}
export function queue_poll_add(ring: usize, ud: f64, fd: i32, poll_mask: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_poll_add(sqe, fd, poll_mask);
  return done(sqe, ud);
}
export function queue_poll_remove(ring: usize, ud: f64, target: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_poll_remove(sqe, u64of(target));
  return done(sqe, ud);
}
export function queue_sync_file_range(ring: usize, ud: f64, fd: i32, len: u32, offset: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_sync_file_range(sqe, fd, len, u64of(offset), flags);
  return done(sqe, ud);
}
export function queue_sendmsg(ring: usize, ud: f64, fd: i32, msg: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_sendmsg(sqe, fd, addr(msg), flags);
  return done(sqe, ud);
}
export function queue_recvmsg(ring: usize, ud: f64, fd: i32, msg: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_recvmsg(sqe, fd, addr(msg), flags);
  return done(sqe, ud);
}
export function queue_timeout(ring: usize, ud: f64, ts: usize, count: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_timeout(sqe, addr(ts), count, flags);
  return done(sqe, ud);
}
export function queue_timeout_remove(ring: usize, ud: f64, target: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_timeout_remove(sqe, u64of(target), flags);
  return done(sqe, ud);
}
export function queue_accept(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_accept(sqe, fd, addr(sockaddr), addr(addrlen), flags);
  return done(sqe, ud);
}
export function queue_cancel(ring: usize, ud: f64, target: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_cancel64(sqe, u64of(target), flags);
  return done(sqe, ud);
}
export function queue_link_timeout(ring: usize, ud: f64, ts: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_link_timeout(sqe, addr(ts), flags);
  return done(sqe, ud);
}
export function queue_connect(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_connect(sqe, fd, addr(sockaddr), addrlen);
  return done(sqe, ud);
}
export function queue_fallocate(ring: usize, ud: f64, fd: i32, mode: i32, offset: f64, len: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fallocate(sqe, fd, mode, u64of(offset), u64of(len));
  return done(sqe, ud);
}
export function queue_openat(ring: usize, ud: f64, dfd: i32, path: usize, flags: i32, mode: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_openat(sqe, dfd, addr(path), flags, mode);
  return done(sqe, ud);
}
export function queue_close(ring: usize, ud: f64, fd: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_close(sqe, fd);
  return done(sqe, ud);
}
export function queue_files_update(ring: usize, ud: f64, fds: usize, nr: u32, offset: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_files_update(sqe, addr(fds), nr, offset);
  return done(sqe, ud);
}
export function queue_statx(ring: usize, ud: f64, dfd: i32, path: usize, flags: i32, mask: u32, statxbuf: usize): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_statx(sqe, dfd, addr(path), flags, mask, addr(statxbuf));
  return done(sqe, ud);
}
export function queue_read(ring: usize, ud: f64, fd: i32, buf: usize, nbytes: u32, offset: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_read(sqe, fd, addr(buf), nbytes, u64of(offset));
  return done(sqe, ud);
}
export function queue_write(ring: usize, ud: f64, fd: i32, buf: usize, nbytes: u32, offset: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_write(sqe, fd, addr(buf), nbytes, u64of(offset));
  return done(sqe, ud);
}
export function queue_fadvise(ring: usize, ud: f64, fd: i32, offset: f64, len: u32, advice: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fadvise(sqe, fd, u64of(offset), len, advice);
  return done(sqe, ud);
}
export function queue_madvise(ring: usize, ud: f64, start: usize, length: u32, advice: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_madvise(sqe, addr(start), length, advice);
  return done(sqe, ud);
}
export function queue_send(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_send(sqe, fd, addr(buf), len, flags);
  return done(sqe, ud);
}
export function queue_recv(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_recv(sqe, fd, addr(buf), len, flags);
  return done(sqe, ud);
}
export function queue_openat2(ring: usize, ud: f64, dfd: i32, path: usize, how: usize): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_openat2(sqe, dfd, addr(path), addr(how));
  return done(sqe, ud);
}
export function queue_epoll_ctl(ring: usize, ud: f64, epfd: i32, fd: i32, op: i32, ev: usize): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_epoll_ctl(sqe, epfd, fd, op, addr(ev));
  return done(sqe, ud);
}
export function queue_splice(ring: usize, ud: f64, fd_in: i32, off_in: f64, fd_out: i32, off_out: f64, nbytes: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_splice(sqe, fd_in, <i64>off_in, fd_out, <i64>off_out, nbytes, flags);
  return done(sqe, ud);
}
export function queue_provide_buffers(ring: usize, ud: f64, buffers: usize, len: i32, nr: i32, bgid: i32, bid: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_provide_buffers(sqe, addr(buffers), len, nr, bgid, bid);
  return done(sqe, ud);
}
export function queue_remove_buffers(ring: usize, ud: f64, nr: i32, bgid: i32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_remove_buffers(sqe, nr, bgid);
  return done(sqe, ud);
}
export function queue_tee(ring: usize, ud: f64, fd_in: i32, fd_out: i32, nbytes: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_tee(sqe, fd_in, fd_out, nbytes, flags);
  return done(sqe, ud);
}

// ─── Adjusting a queued SQE (before submit) ──────────────────────────────────────────────────────

/** io_uring_sqe_set_flags: IOSQE_* flags (replaces what was there). */
export function sqe_set_flags(sqe: usize, flags: u8): void {
  changetype<io_uring_sqe>(sqe).flags = flags;
}
/** io_uring_sqe_set_data64. */
export function sqe_set_user_data(sqe: usize, ud: f64): void {
  changetype<io_uring_sqe>(sqe).user_data = u64of(ud);
}
export function sqe_set_ioprio(sqe: usize, ioprio: u16): void {
  changetype<io_uring_sqe>(sqe).ioprio = ioprio;
}
/** The credentials registered with IORING_REGISTER_PERSONALITY under this id. */
export function sqe_set_personality(sqe: usize, id: u16): void {
  changetype<io_uring_sqe>(sqe).personality = id;
}
/** With IOSQE_BUFFER_SELECT: the provided-buffer group to pick from. */
export function sqe_set_buf_group(sqe: usize, bgid: u16): void {
  changetype<io_uring_sqe>(sqe).buf_group = bgid;
}
