// Encoders for sockets: messages, connections, zero-copy sends, socket commands
// (io_uring_prep_* of liburing; opcode numbers above each).

import { io_uring_sqe } from "../abi/sqe";
import {
  IORING_ACCEPT_MULTISHOT, IORING_FILE_INDEX_ALLOC, IORING_OP_ACCEPT, IORING_OP_BIND,
  IORING_OP_CONNECT, IORING_OP_LISTEN, IORING_OP_RECV, IORING_OP_RECV_ZC, IORING_OP_RECVMSG,
  IORING_OP_SEND, IORING_OP_SEND_ZC, IORING_OP_SENDMSG, IORING_OP_SENDMSG_ZC, IORING_OP_SHUTDOWN,
  IORING_OP_SOCKET, IORING_OP_URING_CMD, IORING_RECV_MULTISHOT, IORING_RECVSEND_BUNDLE,
  IORING_RECVSEND_FIXED_BUF, SOCKET_URING_OP_GETSOCKNAME,
} from "../abi/constants";
import { prep_rw, set_target_fixed_file } from "./common";
import { prep_uring_cmd } from "./io";

// 9, 10
export function prep_sendmsg(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_rw(IORING_OP_SENDMSG, sqe, fd, msg, 1, 0);
  sqe.msg_flags = flags;
}

export function prep_recvmsg(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_rw(IORING_OP_RECVMSG, sqe, fd, msg, 1, 0);
  sqe.msg_flags = flags;
}

// 13: addrlen is the address of a socklen_t, carried in `off`.
export function prep_accept(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u64, flags: u32): void {
  prep_rw(IORING_OP_ACCEPT, sqe, fd, addr, 0, addrlen);
  sqe.accept_flags = flags;
}

// 16
export function prep_connect(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u32): void {
  prep_rw(IORING_OP_CONNECT, sqe, fd, addr, 0, addrlen);
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

// Multishot and direct variants of 10, 13, 27: the request stays armed (IORING_CQE_F_MORE) and
// takes a provided buffer per message (multishot receive), or puts the new socket in a slot.
export function prep_recvmsg_multishot(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_recvmsg(sqe, fd, msg, flags);
  sqe.ioprio |= <u16>IORING_RECV_MULTISHOT;
}
export function prep_recv_multishot(sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32): void {
  prep_recv(sqe, sockfd, buf, len, flags);
  sqe.ioprio |= <u16>IORING_RECV_MULTISHOT;
}
export function prep_accept_direct(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u64, flags: u32, file_index: u32): void {
  prep_accept(sqe, fd, addr, addrlen, flags);
  set_target_fixed_file(sqe, file_index);
}
export function prep_multishot_accept(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u64, flags: u32): void {
  prep_accept(sqe, fd, addr, addrlen, flags);
  sqe.ioprio |= <u16>IORING_ACCEPT_MULTISHOT;
}
export function prep_multishot_accept_direct(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u64, flags: u32): void {
  prep_multishot_accept(sqe, fd, addr, addrlen, flags);
  set_target_fixed_file(sqe, IORING_FILE_INDEX_ALLOC);
}

/** io_uring_prep_send_set_addr: a destination for SEND/SEND_ZC on an unconnected socket (6.0). */
export function prep_send_set_addr(sqe: io_uring_sqe, dest_addr: u64, addr_len: u16): void {
  sqe.addr2 = dest_addr;
  sqe.addr_len = addr_len;
}
export function prep_sendto(
  sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32, addr: u64, addrlen: u32,
): void {
  prep_send(sqe, sockfd, buf, len, flags);
  prep_send_set_addr(sqe, addr, <u16>addrlen);
}
/** SEND of as many buffers from group `buf_group` as are ready (IOSQE_BUFFER_SELECT is the caller's) (6.10). */
export function prep_send_bundle(sqe: io_uring_sqe, sockfd: i32, len: u32, flags: u32): void {
  prep_send(sqe, sockfd, 0, len, flags);
  sqe.ioprio |= <u16>IORING_RECVSEND_BUNDLE;
}

// 34: shutdown(2); `how` travels in `len`.
export function prep_shutdown(sqe: io_uring_sqe, fd: i32, how: u32): void {
  prep_rw(IORING_OP_SHUTDOWN, sqe, fd, 0, how, 0);
}

// 45: socket(2): the domain in `fd`, the type in `off`, the protocol in `len`.
export function prep_socket(sqe: io_uring_sqe, domain: i32, type: i32, protocol: i32, flags: u32): void {
  prep_rw(IORING_OP_SOCKET, sqe, domain, 0, <u32>protocol, <u64><i64>type); // sign-extended, as liburing
  sqe.rw_flags = <i32>flags;
}
export function prep_socket_direct(
  sqe: io_uring_sqe, domain: i32, type: i32, protocol: i32, file_index: u32, flags: u32,
): void {
  prep_socket(sqe, domain, type, protocol, flags);
  set_target_fixed_file(sqe, file_index);
}
export function prep_socket_direct_alloc(sqe: io_uring_sqe, domain: i32, type: i32, protocol: i32, flags: u32): void {
  prep_socket_direct(sqe, domain, type, protocol, IORING_FILE_INDEX_ALLOC, flags);
}

// 46 on a socket: SOCKET_URING_OP_* with getsockopt/setsockopt's arguments (6.7).
/** SOCKET_URING_OP_GETSOCKNAME: the socket's address (peer 0) or its peer's (peer 1) into `sockaddr` (6.19). */
export function prep_cmd_getsockname(sqe: io_uring_sqe, fd: i32, sockaddr: u64, sockaddr_len: u64, peer: u32): void {
  prep_uring_cmd(sqe, SOCKET_URING_OP_GETSOCKNAME, fd);
  sqe.addr = sockaddr;
  sqe.addr3 = sockaddr_len;
  sqe.optlen = peer;
}
export function prep_cmd_sock(
  sqe: io_uring_sqe, cmd_op: u32, fd: i32, level: u32, optname: u32, optval: u64, optlen: u32,
): void {
  prep_rw(IORING_OP_URING_CMD, sqe, fd, 0, 0, 0);
  sqe.optval = optval;
  sqe.optname = optname;
  sqe.optlen = optlen;
  sqe.cmd_op = cmd_op;
  sqe.level = level;
}

// 47, 48: zero-copy sends. Two CQEs: the result (with IORING_CQE_F_MORE), then a notification
// (IORING_CQE_F_NOTIF) once the kernel no longer needs the buffer. `zc_flags` go in ioprio.
export function prep_send_zc(sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32, zc_flags: u32): void {
  prep_rw(IORING_OP_SEND_ZC, sqe, sockfd, buf, len, 0);
  sqe.msg_flags = flags;
  sqe.ioprio = <u16>zc_flags;
}
export function prep_send_zc_fixed(
  sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32, zc_flags: u32, buf_index: u16,
): void {
  prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
  sqe.ioprio |= <u16>IORING_RECVSEND_FIXED_BUF;
  sqe.buf_index = buf_index;
}
export function prep_sendmsg_zc(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32): void {
  prep_sendmsg(sqe, fd, msg, flags);
  sqe.opcode = IORING_OP_SENDMSG_ZC;
}
/** SENDMSG_ZC whose iovecs lie in registered buffer `buf_index` (6.15). */
export function prep_sendmsg_zc_fixed(sqe: io_uring_sqe, fd: i32, msg: u64, flags: u32, buf_index: u16): void {
  prep_sendmsg_zc(sqe, fd, msg, flags);
  sqe.ioprio |= <u16>IORING_RECVSEND_FIXED_BUF;
  sqe.buf_index = buf_index;
}
/** SEND_ZC to `addr` on an unconnected socket: io_uring_prep_send_zc + io_uring_prep_send_set_addr (6.0). */
export function prep_sendto_zc(
  sqe: io_uring_sqe, sockfd: i32, buf: u64, len: u32, flags: u32, zc_flags: u32, addr: u64, addrlen: u32,
): void {
  prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
  prep_send_set_addr(sqe, addr, <u16>addrlen);
}

// 56, 57: bind(2) (the address length in `off`) and listen(2) (the backlog in `len`).
export function prep_bind(sqe: io_uring_sqe, fd: i32, addr: u64, addrlen: u32): void {
  prep_rw(IORING_OP_BIND, sqe, fd, addr, 0, addrlen);
}
export function prep_listen(sqe: io_uring_sqe, fd: i32, backlog: u32): void {
  prep_rw(IORING_OP_LISTEN, sqe, fd, 0, backlog, 0);
}

// 58: zero-copy receive through the registered receive queue `ifq` (multishot only) (6.15).
export function prep_recv_zc(sqe: io_uring_sqe, fd: i32, len: u32, flags: u32, ifq: u32): void {
  prep_rw(IORING_OP_RECV_ZC, sqe, fd, 0, len, 0);
  sqe.msg_flags = flags;
  sqe.ioprio = <u16>IORING_RECV_MULTISHOT;
  sqe.zcrx_ifq_idx = ifq;
}
