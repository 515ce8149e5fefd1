// SQE encoders: io_uring_prep_* of liburing 2.3, same fields and same bytes for the same
// arguments (test/encoding.test.js compares them with liburing). Addresses are process addresses.
// The SQE is expected zeroed (get_sqe does that); like liburing, user_data is left alone.
//
// One encoder per opcode (plus the variants liburing has), in opcode order.

import { io_uring_sqe } from "./abi/sqe";
import {
  IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_CLOSE,
  IORING_OP_CONNECT, IORING_OP_EPOLL_CTL, IORING_OP_FADVISE, IORING_OP_FALLOCATE,
  IORING_OP_FILES_UPDATE, IORING_OP_FSYNC, IORING_OP_LINK_TIMEOUT, IORING_OP_MADVISE,
  IORING_OP_NOP, IORING_OP_OPENAT, IORING_OP_OPENAT2, IORING_OP_POLL_ADD, IORING_OP_POLL_REMOVE,
  IORING_OP_PROVIDE_BUFFERS, IORING_OP_READ, IORING_OP_READ_FIXED, IORING_OP_READV,
  IORING_OP_RECV, IORING_OP_RECVMSG, IORING_OP_REMOVE_BUFFERS, IORING_OP_SEND, IORING_OP_SENDMSG,
  IORING_OP_SPLICE, IORING_OP_STATX, IORING_OP_SYNC_FILE_RANGE, IORING_OP_TEE, IORING_OP_TIMEOUT,
  IORING_OP_TIMEOUT_REMOVE, IORING_OP_WRITE, IORING_OP_WRITE_FIXED, IORING_OP_WRITEV,
} from "./abi/constants";
import { open_how } from "./abi/structs";

/** io_uring_prep_rw: the fields every encoder sets. */
@inline export function prep_rw(op: u8, sqe: io_uring_sqe, fd: i32, addr: u64, len: u32, offset: u64): void {
  sqe.opcode = op;
  sqe.flags = 0;
  sqe.ioprio = 0;
  sqe.fd = fd;
  sqe.off = offset;
  sqe.addr = addr;
  sqe.len = len;
  sqe.op_flags = 0;
  sqe.buf_index = 0;
  sqe.personality = 0;
  sqe.splice_fd_in = 0; // file_index in later kernels
  sqe.__pad2_0 = 0;     // addr3 in later kernels
  sqe.__pad2_1 = 0;
}

// 0
export function prep_nop(sqe: io_uring_sqe): void {
  prep_rw(IORING_OP_NOP, sqe, -1, 0, 0, 0);
}

// 1, 2
export function prep_readv(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64): void {
  prep_rw(IORING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}
export function prep_readv2(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32): void {
  prep_readv(sqe, fd, iovecs, nr_vecs, offset);
  sqe.rw_flags = flags;
}
export function prep_writev(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64): void {
  prep_rw(IORING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}
export function prep_writev2(sqe: io_uring_sqe, fd: i32, iovecs: u64, nr_vecs: u32, offset: u64, flags: i32): void {
  prep_writev(sqe, fd, iovecs, nr_vecs, offset);
  sqe.rw_flags = flags;
}

// 3
export function prep_fsync(sqe: io_uring_sqe, fd: i32, fsync_flags: u32): void {
  prep_rw(IORING_OP_FSYNC, sqe, fd, 0, 0, 0);
  sqe.fsync_flags = fsync_flags;
}

// 4, 5
export function prep_read_fixed(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64, buf_index: u16): void {
  prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
  sqe.buf_index = buf_index;
}
export function prep_write_fixed(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64, buf_index: u16): void {
  prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
  sqe.buf_index = buf_index;
}

// 6, 7 (poll32_events: liburing word-swaps on big endian only)
export function prep_poll_add(sqe: io_uring_sqe, fd: i32, poll_mask: u32): void {
  prep_rw(IORING_OP_POLL_ADD, sqe, fd, 0, 0, 0);
  sqe.poll32_events = poll_mask;
}
export function prep_poll_remove(sqe: io_uring_sqe, user_data: u64): void {
  prep_rw(IORING_OP_POLL_REMOVE, sqe, -1, 0, 0, 0);
  sqe.addr = user_data;
}

// 8
export function prep_sync_file_range(sqe: io_uring_sqe, fd: i32, len: u32, offset: u64, flags: u32): void {
  prep_rw(IORING_OP_SYNC_FILE_RANGE, sqe, fd, 0, len, offset);
  sqe.sync_range_flags = flags;
}

// 9, 10
export function prep_sendmsg(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_rw(IORING_OP_SENDMSG, sqe, fd, msg, 1, 0);
  sqe.msg_flags = flags;
}
export function prep_recvmsg(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_rw(IORING_OP_RECVMSG, sqe, fd, msg, 1, 0);
  sqe.msg_flags = flags;
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

// 13: addrlen is the address of a socklen_t, carried in `off`.
export function prep_accept(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u64, flags: u32): void {
  prep_rw(IORING_OP_ACCEPT, sqe, fd, addr, 0, addrlen);
  sqe.accept_flags = flags;
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

// 16
export function prep_connect(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u32): void {
  prep_rw(IORING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

// 17: the length travels in `addr`, the mode in `len`.
export function prep_fallocate(sqe: io_uring_sqe, fd: i32, mode: i32, offset: u64, len: u64): void {
  prep_rw(IORING_OP_FALLOCATE, sqe, fd, 0, <u32>mode, offset);
  sqe.addr = len;
}

// 18, 19, 20
export function prep_openat(sqe: io_uring_sqe, dfd: i32, path: u64, flags: i32, mode: u32): void {
  prep_rw(IORING_OP_OPENAT, sqe, dfd, path, mode, 0);
  sqe.open_flags = <u32>flags;
}
export function prep_close(sqe: io_uring_sqe, fd: i32): void {
  prep_rw(IORING_OP_CLOSE, sqe, fd, 0, 0, 0);
}
export function prep_files_update(sqe: io_uring_sqe, fds: u64, nr_fds: u32, offset: i32): void {
  prep_rw(IORING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, <u64>offset);
}

// 21: the statx buffer travels in `off`.
export function prep_statx(sqe: io_uring_sqe, dfd: i32, path: u64, flags: i32, mask: u32, statxbuf: u64): void {
  prep_rw(IORING_OP_STATX, sqe, dfd, path, mask, statxbuf);
  sqe.statx_flags = <u32>flags;
}

// 22, 23
export function prep_read(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64): void {
  prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}
export function prep_write(sqe: io_uring_sqe, fd: i32, buf: u64, nbytes: u32, offset: u64): void {
  prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

// 24, 25
export function prep_fadvise(sqe: io_uring_sqe, fd: i32, offset: u64, len: u32, advice: i32): void {
  prep_rw(IORING_OP_FADVISE, sqe, fd, 0, len, offset);
  sqe.fadvise_advice = <u32>advice;
}
export function prep_madvise(sqe: io_uring_sqe, addr: u64, length: u32, advice: i32): void {
  prep_rw(IORING_OP_MADVISE, sqe, -1, addr, length, 0);
  sqe.fadvise_advice = <u32>advice;
}

// 26, 27
export function prep_send(sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32): void {
  prep_rw(IORING_OP_SEND, sqe, sockfd, buf, len, 0);
  sqe.msg_flags = flags;
}
export function prep_recv(sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32): void {
  prep_rw(IORING_OP_RECV, sqe, sockfd, buf, len, 0);
  sqe.msg_flags = flags;
}

// 28: the open_how travels in `off`, its size in `len`.
export function prep_openat2(sqe: io_uring_sqe, dfd: i32, path: u64, how: u64): void {
  prep_rw(IORING_OP_OPENAT2, sqe, dfd, path, <u32>offsetof<open_how>(), how);
}

// 29: the target fd travels in `off`, the epoll op in `len`.
export function prep_epoll_ctl(sqe: io_uring_sqe, epfd: i32, fd: i32, op: i32, ev: u64): void {
  prep_rw(IORING_OP_EPOLL_CTL, sqe, epfd, ev, <u32>op, <u64><u32>fd);
}

// 30, 33: an offset of -1 means "the pipe has no offset" / "the file's position".
export function prep_splice(
  sqe: io_uring_sqe, fd_in: i32, off_in: i64, fd_out: i32, off_out: i64, nbytes: u32, splice_flags: u32,
): void {
  prep_rw(IORING_OP_SPLICE, sqe, fd_out, 0, nbytes, <u64>off_out);
  sqe.splice_off_in = <u64>off_in;
  sqe.splice_fd_in = fd_in;
  sqe.splice_flags = splice_flags;
}
export function prep_tee(sqe: io_uring_sqe, fd_in: i32, fd_out: i32, nbytes: u32, splice_flags: u32): void {
  prep_rw(IORING_OP_TEE, sqe, fd_out, 0, nbytes, 0);
  sqe.splice_off_in = 0;
  sqe.splice_fd_in = fd_in;
  sqe.splice_flags = splice_flags;
}

// 31, 32: `nr` buffers of `len` bytes from `addr`, ids from `bid`, in group `bgid`.
export function prep_provide_buffers(sqe: io_uring_sqe, addr: u64, len: i32, nr: i32, bgid: i32, bid: i32): void {
  prep_rw(IORING_OP_PROVIDE_BUFFERS, sqe, nr, addr, <u32>len, <u64>bid);
  sqe.buf_group = <u16>bgid;
}
export function prep_remove_buffers(sqe: io_uring_sqe, nr: i32, bgid: i32): void {
  prep_rw(IORING_OP_REMOVE_BUFFERS, sqe, nr, 0, 0, 0);
  sqe.buf_group = <u16>bgid;
}

