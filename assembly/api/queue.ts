// What src/ calls to queue an operation: take a free SQE, encode it with the liburing-equivalent
// encoder, stamp user_data. Every function returns the SQE's offset (to adjust with sqe_set_*)
// or 0 when the SQ is full.
//
// Numbers only, so no BigInt crosses the JS boundary: buffers and structs are linear-memory
// offsets (0 = NULL), translated here to process addresses; 64-bit values (file offsets,
// user_data, lengths) arrive as f64, exact up to 2^53; -1 means "current position"/"no offset".

import { io_uring_sqe, SQE_CMD } from "../abi/sqe";
import { IORING_SETUP_SQE_MIXED, IOSQE_CQE_SKIP_SUCCESS } from "../abi/constants";
import { get_sqe, Ring, sq_space_left } from "../ring/ring";
import { BASE } from "../ring/setup";
import * as prep from "../prep/index";

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

/**
 * io_uring_get_sqe128: a 128-byte SQE (NOP128, URING_CMD128). In an IORING_SETUP_SQE_MIXED ring
 * it is two consecutive 64-byte slots, both consumed by the kernel; one that would straddle the
 * ring's end is preceded by a NOP that posts no CQE (IOSQE_CQE_SKIP_SUCCESS), as liburing does.
 * Any other ring: an ordinary SQE (128 bytes with SQE128; else the kernel refuses the opcode).
 * Null unless all the slots needed are free.
 */
function take128(ring: usize): io_uring_sqe | null {
  const r = changetype<Ring>(ring);
  if (!(r.setup_flags & IORING_SETUP_SQE_MIXED)) return take(ring);
  const pad: u32 = (r.sqe_tail & r.sq_mask) == r.sq_mask ? 1 : 0;
  if (sq_space_left(r) < 2 + pad) return null;
  if (pad) {
    const nop = take(ring)!;
    prep.prep_nop(nop);
    nop.flags = IOSQE_CQE_SKIP_SUCCESS;
  }
  const sqe = take(ring);
  take(ring); // the second half, zeroed too
  return sqe;
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
export function queue_nop_flags(
  ring: usize, ud: f64, nop_flags: u32, result: i32, fd: i32, buf_index: u16, extra1: f64, extra2: f64,
): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_nop_flags(sqe, nop_flags, result, fd, buf_index, u64of(extra1), u64of(extra2));
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

// ─── Opcodes after 5.8, and the variants of earlier ones (liburing's name after `queue_`) ───────

// Direct descriptors: `file_index` is a fixed-file slot, or IORING_FILE_INDEX_ALLOC.
export function queue_openat_direct(ring: usize, ud: f64, dfd: i32, path: usize, flags: i32, mode: u32, file_index: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_openat_direct(sqe, dfd, addr(path), flags, mode, file_index);
  return done(sqe, ud);
}
export function queue_openat2_direct(ring: usize, ud: f64, dfd: i32, path: usize, how: usize, file_index: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_openat2_direct(sqe, dfd, addr(path), addr(how), file_index);
  return done(sqe, ud);
}
export function queue_close_direct(ring: usize, ud: f64, file_index: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_close_direct(sqe, file_index);
  return done(sqe, ud);
}
export function queue_accept_direct(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: usize, flags: u32, file_index: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_accept_direct(sqe, fd, addr(sockaddr), addr(addrlen), flags, file_index);
  return done(sqe, ud);
}
export function queue_socket_direct(ring: usize, ud: f64, domain: i32, type: i32, protocol: i32, file_index: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_socket_direct(sqe, domain, type, protocol, file_index, flags);
  return done(sqe, ud);
}
export function queue_fixed_fd_install(ring: usize, ud: f64, fixed_fd: i32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fixed_fd_install(sqe, fixed_fd, flags);
  return done(sqe, ud);
}

// Multishot: one SQE, many CQEs (IORING_CQE_F_MORE on all but the last).
export function queue_multishot_accept(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_multishot_accept(sqe, fd, addr(sockaddr), addr(addrlen), flags);
  return done(sqe, ud);
}
export function queue_multishot_accept_direct(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_multishot_accept_direct(sqe, fd, addr(sockaddr), addr(addrlen), flags);
  return done(sqe, ud);
}
export function queue_recv_multishot(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_recv_multishot(sqe, fd, addr(buf), len, flags);
  return done(sqe, ud);
}
export function queue_recvmsg_multishot(ring: usize, ud: f64, fd: i32, msg: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_recvmsg_multishot(sqe, fd, addr(msg), flags);
  return done(sqe, ud);
}
export function queue_poll_multishot(ring: usize, ud: f64, fd: i32, poll_mask: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_poll_multishot(sqe, fd, poll_mask);
  return done(sqe, ud);
}
export function queue_read_multishot(ring: usize, ud: f64, fd: i32, nbytes: u32, offset: f64, bgid: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_read_multishot(sqe, fd, nbytes, u64of(offset), bgid);
  return done(sqe, ud);
}

// Updating and cancelling requests in flight.
export function queue_poll_update(ring: usize, ud: f64, old_ud: f64, new_ud: f64, poll_mask: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_poll_update(sqe, u64of(old_ud), u64of(new_ud), poll_mask, flags);
  return done(sqe, ud);
}
export function queue_timeout_update(ring: usize, ud: f64, ts: usize, target: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_timeout_update(sqe, addr(ts), u64of(target), flags);
  return done(sqe, ud);
}
export function queue_cancel_fd(ring: usize, ud: f64, fd: i32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_cancel_fd(sqe, fd, flags);
  return done(sqe, ud);
}

// 34-39: names and links.
export function queue_shutdown(ring: usize, ud: f64, fd: i32, how: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_shutdown(sqe, fd, how);
  return done(sqe, ud);
}
export function queue_renameat(ring: usize, ud: f64, olddfd: i32, oldpath: usize, newdfd: i32, newpath: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_renameat(sqe, olddfd, addr(oldpath), newdfd, addr(newpath), flags);
  return done(sqe, ud);
}
export function queue_unlinkat(ring: usize, ud: f64, dfd: i32, path: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_unlinkat(sqe, dfd, addr(path), flags);
  return done(sqe, ud);
}
export function queue_mkdirat(ring: usize, ud: f64, dfd: i32, path: usize, mode: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_mkdirat(sqe, dfd, addr(path), mode);
  return done(sqe, ud);
}
export function queue_symlinkat(ring: usize, ud: f64, target: usize, newdirfd: i32, linkpath: usize): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_symlinkat(sqe, addr(target), newdirfd, addr(linkpath));
  return done(sqe, ud);
}
export function queue_linkat(ring: usize, ud: f64, olddfd: i32, oldpath: usize, newdfd: i32, newpath: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_linkat(sqe, olddfd, addr(oldpath), newdfd, addr(newpath), flags);
  return done(sqe, ud);
}

// 40: messages to another ring.
export function queue_msg_ring(ring: usize, ud: f64, fd: i32, len: u32, data: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_msg_ring(sqe, fd, len, u64of(data), flags);
  return done(sqe, ud);
}
export function queue_msg_ring_cqe_flags(ring: usize, ud: f64, fd: i32, len: u32, data: f64, flags: u32, cqe_flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_msg_ring_cqe_flags(sqe, fd, len, u64of(data), flags, cqe_flags);
  return done(sqe, ud);
}
export function queue_msg_ring_fd(ring: usize, ud: f64, fd: i32, source_fd: i32, target_fd: u32, data: f64, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_msg_ring_fd(sqe, fd, source_fd, target_fd, u64of(data), flags);
  return done(sqe, ud);
}

// 41-44: extended attributes.
export function queue_fsetxattr(ring: usize, ud: f64, fd: i32, name: usize, value: usize, flags: u32, len: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fsetxattr(sqe, fd, addr(name), addr(value), flags, len);
  return done(sqe, ud);
}
export function queue_setxattr(ring: usize, ud: f64, name: usize, value: usize, path: usize, flags: u32, len: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_setxattr(sqe, addr(name), addr(value), addr(path), flags, len);
  return done(sqe, ud);
}
export function queue_fgetxattr(ring: usize, ud: f64, fd: i32, name: usize, value: usize, len: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_fgetxattr(sqe, fd, addr(name), addr(value), len);
  return done(sqe, ud);
}
export function queue_getxattr(ring: usize, ud: f64, name: usize, value: usize, path: usize, len: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_getxattr(sqe, addr(name), addr(value), addr(path), len);
  return done(sqe, ud);
}

// 45-48, 56-58: sockets.
export function queue_socket(ring: usize, ud: f64, domain: i32, type: i32, protocol: i32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_socket(sqe, domain, type, protocol, flags);
  return done(sqe, ud);
}
export function queue_sendto(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32, sockaddr: usize, addrlen: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_sendto(sqe, fd, addr(buf), len, flags, addr(sockaddr), addrlen);
  return done(sqe, ud);
}
export function queue_send_bundle(ring: usize, ud: f64, fd: i32, len: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_send_bundle(sqe, fd, len, flags);
  return done(sqe, ud);
}
export function queue_send_zc(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32, zc_flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_send_zc(sqe, fd, addr(buf), len, flags, zc_flags);
  return done(sqe, ud);
}
export function queue_send_zc_fixed(ring: usize, ud: f64, fd: i32, buf: usize, len: u32, flags: u32, zc_flags: u32, buf_index: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_send_zc_fixed(sqe, fd, addr(buf), len, flags, zc_flags, buf_index);
  return done(sqe, ud);
}
export function queue_sendmsg_zc(ring: usize, ud: f64, fd: i32, msg: usize, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_sendmsg_zc(sqe, fd, addr(msg), flags);
  return done(sqe, ud);
}
export function queue_cmd_sock(ring: usize, ud: f64, cmd_op: u32, fd: i32, level: u32, optname: u32, optval: usize, optlen: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_cmd_sock(sqe, cmd_op, fd, level, optname, addr(optval), optlen);
  return done(sqe, ud);
}
export function queue_bind(ring: usize, ud: f64, fd: i32, sockaddr: usize, addrlen: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_bind(sqe, fd, addr(sockaddr), addrlen);
  return done(sqe, ud);
}
export function queue_listen(ring: usize, ud: f64, fd: i32, backlog: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_listen(sqe, fd, backlog);
  return done(sqe, ud);
}
export function queue_recv_zc(ring: usize, ud: f64, fd: i32, len: u32, flags: u32, ifq: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_recv_zc(sqe, fd, len, flags, ifq);
  return done(sqe, ud);
}

/**
 * 46, 64: a driver command. `cmd_len` bytes at `cmd` (linear memory) are copied into the SQE's
 * command area: at most 16, or 80 on a ring with IORING_SETUP_SQE128. Returns 0 when the SQ is
 * full or the command does not fit (nothing is queued then).
 */
export function queue_uring_cmd(ring: usize, ud: f64, cmd_op: u32, fd: i32, cmd: usize, cmd_len: u32, wide: bool): usize {
  const r = changetype<Ring>(ring);
  const mixed128 = wide && (r.setup_flags & IORING_SETUP_SQE_MIXED) != 0;
  const room = (<usize>1 << (mixed128 ? 7 : r.sqe_shift)) - SQE_CMD;
  if (<usize>cmd_len > room) return 0;
  const sqe = wide ? take128(ring) : take(ring); if (!sqe) return 0;
  if (wide) prep.prep_uring_cmd128(sqe, cmd_op, fd);
  else prep.prep_uring_cmd(sqe, cmd_op, fd);
  if (cmd_len) memory.copy(changetype<usize>(sqe) + SQE_CMD, cmd, cmd_len);
  return done(sqe, ud);
}
export function queue_nop128(ring: usize, ud: f64): usize {
  const sqe = take128(ring); if (!sqe) return 0;
  prep.prep_nop128(sqe);
  return done(sqe, ud);
}

// 49-55, 59-62: the rest.
export function queue_waitid(ring: usize, ud: f64, idtype: u32, id: i32, infop: usize, options: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_waitid(sqe, idtype, id, addr(infop), options, flags);
  return done(sqe, ud);
}
export function queue_futex_wait(ring: usize, ud: f64, futex: usize, val: f64, mask: f64, futex2_flags: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_futex_wait(sqe, addr(futex), u64of(val), u64of(mask), futex2_flags, flags);
  return done(sqe, ud);
}
export function queue_futex_wake(ring: usize, ud: f64, futex: usize, val: f64, mask: f64, futex2_flags: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_futex_wake(sqe, addr(futex), u64of(val), u64of(mask), futex2_flags, flags);
  return done(sqe, ud);
}
export function queue_futex_waitv(ring: usize, ud: f64, futexv: usize, nr: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_futex_waitv(sqe, addr(futexv), nr, flags);
  return done(sqe, ud);
}
export function queue_ftruncate(ring: usize, ud: f64, fd: i32, len: f64): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_ftruncate(sqe, fd, u64of(len));
  return done(sqe, ud);
}
export function queue_epoll_wait(ring: usize, ud: f64, epfd: i32, events: usize, maxevents: u32, flags: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_epoll_wait(sqe, epfd, addr(events), maxevents, flags);
  return done(sqe, ud);
}
export function queue_readv_fixed(ring: usize, ud: f64, fd: i32, iovecs: usize, nr: u32, offset: f64, rw_flags: i32, buf_index: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_readv_fixed(sqe, fd, addr(iovecs), nr, u64of(offset), rw_flags, buf_index);
  return done(sqe, ud);
}
export function queue_writev_fixed(ring: usize, ud: f64, fd: i32, iovecs: usize, nr: u32, offset: f64, rw_flags: i32, buf_index: u16): usize {
  const sqe = take(ring); if (!sqe) return 0;
  prep.prep_writev_fixed(sqe, fd, addr(iovecs), nr, u64of(offset), rw_flags, buf_index);
  return done(sqe, ud);
}
/** With `direct`, both ends become direct descriptors: slots `file_index` and the next, or allocated (IORING_FILE_INDEX_ALLOC). */
export function queue_pipe(ring: usize, ud: f64, fds: usize, flags: u32, direct: bool, file_index: u32): usize {
  const sqe = take(ring); if (!sqe) return 0;
  if (direct) prep.prep_pipe_direct(sqe, addr(fds), flags, file_index);
  else prep.prep_pipe(sqe, addr(fds), flags);
  return done(sqe, ud);
}

// ─── Adjusting a queued SQE (before submit) ──────────────────────────────────────────────────────

/** io_uring_sqe_set_flags: IOSQE_* flags (replaces what was there). */
export function sqe_set_flags(sqe: usize, flags: u8): void {
  changetype<io_uring_sqe>(sqe).flags = flags;
}
/** The IOSQE_* flags given on top of those an encoder set (BUFFER_SELECT, …): ORed in. */
export function sqe_add_flags(sqe: usize, flags: u8): void {
  changetype<io_uring_sqe>(sqe).flags |= flags;
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

// ─── Checking a handle and reading back a queued SQE ─────────────────────────────────────────────

/**
 * Whether `sqe` is the handle of one of `ring`'s SQEs that is prepared and not yet published:
 * an SQE slot of its SQ (at an SQE boundary) inside the window [sqe_head, sqe_tail). Only such an
 * SQE may be adjusted with the sqe_set_* functions: the kernel may be reading a published one,
 * and anything else is not an SQE at all.
 */
export function sqe_prepared(ring: usize, sqe: usize): bool {
  const r = changetype<Ring>(ring);
  if (sqe < r.sqes) return false;
  const off = sqe - r.sqes;
  if (off & ((<usize>1 << r.sqe_shift) - 1)) return false;
  const slot = <u32>(off >> r.sqe_shift);
  if (slot >= r.sq_entries) return false;
  return ((slot - r.sqe_head) & r.sq_mask) < r.sqe_tail - r.sqe_head;
}

/** The user_data a queued SQE carries (f64: exact below 2^53). */
export function sqe_user_data(sqe: usize): f64 {
  return <f64>changetype<io_uring_sqe>(sqe).user_data;
}
/** The IOSQE_* flags a queued SQE carries. */
export function sqe_flags(sqe: usize): u32 {
  return changetype<io_uring_sqe>(sqe).flags;
}
