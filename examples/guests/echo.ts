// A TCP echo server: one multishot accept, one multishot receive per connection into buffers the
// kernel picks from a provided-buffer ring, and each buffer sent back from where it arrived (no
// copy) and given back to the ring once sent.
//
//   wasm-uring run echo.wasm PORT [CONNECTIONS]   listens on 127.0.0.1:PORT; with CONNECTIONS,
//                                                 exits once that many connections have closed

import {
  io_uring_get_sqe, io_uring_submit_and_wait, io_uring_peek_cqe, io_uring_cqe_seen, io_uring_sqe_set_data64,
  io_uring_sqe_set_flags, io_uring_sqe_set_buf_group, io_uring_prep_socket, io_uring_prep_bind,
  io_uring_prep_listen, io_uring_prep_multishot_accept, io_uring_prep_recv_multishot, io_uring_prep_send,
  io_uring_prep_close, io_uring_prep_cmd_sock, io_uring_setup_buf_ring, io_uring_buf_ring_add,
  io_uring_buf_ring_advance, io_uring_buf_ring_mask, io_uring_sqe, sockaddr_in_set, guest_args, guest_exit,
  uring_alloc, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, SOCKET_URING_OP_SETSOCKOPT, IOSQE_BUFFER_SELECT,
  IORING_CQE_F_MORE, IORING_CQE_F_BUFFER, IORING_CQE_BUFFER_SHIFT,
} from "wasm-uring";
import { die, openRing, run, say } from "./common";
export { uring_abi_version } from "wasm-uring";

const BUFFERS: u32 = 64;
const BUFFER_SIZE: u32 = 16 << 10;
const GROUP: u16 = 1;
const ENOBUFS: i32 = 105;

// user_data: what completed (the top byte), the connection's fd and, for a send, its buffer.
const ACCEPT: u64 = 1 << 56;
const RECV: u64 = 2 << 56;
const SEND: u64 = 3 << 56;
const CLOSE: u64 = 4 << 56;

const args = guest_args();
if (args.length < 2 || args.length > 3) {
  say(openRing(2, "echo"), 2, "usage: echo PORT [CONNECTIONS]\n");
  guest_exit(2);
}
const port = <u16>parseInt(args[1]);
const connections = args.length > 2 ? <i32>parseInt(args[2]) : -1;
const ring = openRing(256, "echo");

// The listening socket, set up through the ring (SOCKET 5.19, setsockopt 6.7, BIND/LISTEN 6.11).
let fd: i32 = 0;
const addr = uring_alloc(16);
const one = uring_alloc(4);
store<i32>(one, 1);
sockaddr_in_set(addr, 0x7f000001, port);
function prepSocket(sqe: io_uring_sqe): void { io_uring_prep_socket(sqe, AF_INET, SOCK_STREAM, 0, 0); }
function prepReuse(sqe: io_uring_sqe): void { io_uring_prep_cmd_sock(sqe, SOCKET_URING_OP_SETSOCKOPT, fd, SOL_SOCKET, SO_REUSEADDR, one, 4); }
function prepBind(sqe: io_uring_sqe): void { io_uring_prep_bind(sqe, fd, addr, 16); }
function prepListen(sqe: io_uring_sqe): void { io_uring_prep_listen(sqe, fd, 128); }
const listener = run(ring, prepSocket);
if (listener < 0) die(ring, "echo", "socket", listener);
fd = listener;
run(ring, prepReuse); // best effort: a kernel before 6.7 binds without it
const bound = run(ring, prepBind);
if (bound < 0) die(ring, "echo", "bind 127.0.0.1:" + port.toString(), bound);
const listening = run(ring, prepListen);
if (listening < 0) die(ring, "echo", "listen", listening);

// The buffers the kernel receives into, and the send state of each while it is out.
const err = uring_alloc(4);
const br = io_uring_setup_buf_ring(ring, BUFFERS, GROUP, 0, err);
if (!br) die(ring, "echo", "io_uring_setup_buf_ring", load<i32>(err));
const mask = io_uring_buf_ring_mask(BUFFERS);
const pool = uring_alloc(<usize>BUFFERS * BUFFER_SIZE, 4096);
const sent = new Array<u32>(BUFFERS);
const length = new Array<u32>(BUFFERS);
for (let bid: u32 = 0; bid < BUFFERS; bid++) io_uring_buf_ring_add(br, bufferAt(bid), BUFFER_SIZE, <u16>bid, mask, bid);
io_uring_buf_ring_advance(br, BUFFERS);

say(ring, 1, "listening on 127.0.0.1:" + port.toString() + "\n");

function bufferAt(bid: u32): usize {
  return pool + <usize>bid * BUFFER_SIZE;
}
function giveBack(bid: u32): void {
  io_uring_buf_ring_add(br, bufferAt(bid), BUFFER_SIZE, <u16>bid, mask, 0);
  io_uring_buf_ring_advance(br, 1);
}
function sqe(): io_uring_sqe {
  return io_uring_get_sqe(ring)!; // 256 entries: more than this server ever has prepared at once
}
function accept(): void {
  const s = sqe();
  io_uring_prep_multishot_accept(s, listener, 0, 0, 0);
  io_uring_sqe_set_data64(s, ACCEPT);
}
function receive(conn: i32): void {
  const s = sqe();
  io_uring_prep_recv_multishot(s, conn, 0, 0, 0);
  io_uring_sqe_set_flags(s, IOSQE_BUFFER_SELECT);
  io_uring_sqe_set_buf_group(s, GROUP);
  io_uring_sqe_set_data64(s, RECV | <u64><u32>conn);
}
function send(conn: i32, bid: u32): void {
  const s = sqe();
  io_uring_prep_send(s, conn, bufferAt(bid) + sent[bid], length[bid] - sent[bid], 0);
  io_uring_sqe_set_data64(s, SEND | (<u64>bid << 32) | <u64><u32>conn);
}
function close(conn: i32): void {
  const s = sqe();
  io_uring_prep_close(s, conn);
  io_uring_sqe_set_data64(s, CLOSE);
}

accept();
let closed = 0;
while (connections < 0 || closed < connections) {
  io_uring_submit_and_wait(ring, 1);
  for (let cqe = io_uring_peek_cqe(ring); cqe; cqe = io_uring_peek_cqe(ring)) {
    const kind = cqe.user_data & (0xff << 56);
    const conn = <i32><u32>cqe.user_data;
    const res = cqe.res;
    const flags = cqe.flags;
    io_uring_cqe_seen(ring, cqe);
    if (kind == ACCEPT) {
      if (res >= 0) receive(res);
      if (!(flags & IORING_CQE_F_MORE)) accept(); // the multishot accept ended: re-armed
    } else if (kind == RECV) {
      if (res > 0 && (flags & IORING_CQE_F_BUFFER)) {
        const bid = flags >> IORING_CQE_BUFFER_SHIFT;
        sent[bid] = 0;
        length[bid] = <u32>res;
        send(conn, bid);
      }
      if (!(flags & IORING_CQE_F_MORE)) {
        // res 0: the peer closed; an error ends the connection too, but for a ring that ran dry
        if (res == -ENOBUFS) receive(conn);
        else close(conn);
      }
    } else if (kind == SEND) {
      const bid = <u32>((cqe.user_data >> 32) & 0xffff);
      if (res > 0) sent[bid] += <u32>res;
      if (res > 0 && sent[bid] < length[bid]) send(conn, bid); // a short send: the rest
      else giveBack(bid);
    } else if (kind == CLOSE) {
      closed++;
    }
  }
}
guest_exit(0);
