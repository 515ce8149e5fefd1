// cp: copies SRC to DST (created or truncated, with SRC's permission bits) with several chunks in
// flight at once: each slot reads its chunk at its offset, writes what it read at the same
// offset, and takes the next chunk; short reads and writes continue where they stopped.
//
//   wasm-uring run cp.wasm SRC DST

import {
  io_uring_get_sqe, io_uring_prep_openat, io_uring_prep_read, io_uring_prep_write, io_uring_prep_statx,
  io_uring_prep_close, io_uring_sqe_set_data64, io_uring_submit_and_wait, io_uring_peek_cqe, io_uring_cqe_seen,
  io_uring_sqe, statx, AT_FDCWD, AT_EMPTY_PATH, STATX_SIZE, STATX_MODE, guest_args, guest_exit, uring_alloc,
} from "wasm-uring";
import { O_CLOEXEC, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, cString, die, openRing, run, say } from "./common";
export { uring_abi_version } from "wasm-uring";

const SLOTS: i32 = 8;
const CHUNK: u64 = 256 << 10;

const args = guest_args();
if (args.length != 3) {
  const ring = openRing(2, "cp");
  say(ring, 2, "usage: cp SRC DST\n");
  guest_exit(2);
}
const ring = openRing(2 * <u32>SLOTS, "cp");

let path: usize = 0;
let openFlags: u32 = 0;
let mode: u32 = 0;
let fd: i32 = 0;
const st = uring_alloc(256); // STATX fills 256 bytes (statx declares the fields read here)
const empty = cString("");
function prepOpen(sqe: io_uring_sqe): void { io_uring_prep_openat(sqe, AT_FDCWD, path, openFlags | O_CLOEXEC, mode); }
function prepStat(sqe: io_uring_sqe): void { io_uring_prep_statx(sqe, fd, empty, AT_EMPTY_PATH, STATX_SIZE | STATX_MODE, st); }
function prepClose(sqe: io_uring_sqe): void { io_uring_prep_close(sqe, fd); }

path = cString(args[1]);
openFlags = O_RDONLY;
const src = run(ring, prepOpen);
if (src < 0) die(ring, "cp", "cannot open '" + args[1] + "' for reading", src);
fd = src;
const stat = run(ring, prepStat);
if (stat < 0) die(ring, "cp", "cannot stat '" + args[1] + "'", stat);
const size = changetype<statx>(st).stx_size;
path = cString(args[2]);
openFlags = O_WRONLY | O_CREAT | O_TRUNC;
mode = <u32>changetype<statx>(st).stx_mode & 0o7777;
const dst = run(ring, prepOpen);
if (dst < 0) die(ring, "cp", "cannot create regular file '" + args[2] + "'", dst);

// Each slot copies [pos, end) of its chunk through its buffer; `reading` says which half is in flight.
const bufs = new Array<usize>(SLOTS);
const pos = new Array<u64>(SLOTS);
const end = new Array<u64>(SLOTS);
const got = new Array<u32>(SLOTS);
const reading = new Array<bool>(SLOTS);
let next: u64 = 0;
let inFlight = 0;

function queueRead(slot: i32): void {
  const sqe = io_uring_get_sqe(ring)!;
  io_uring_prep_read(sqe, src, bufs[slot], <u32>(end[slot] - pos[slot]), pos[slot]);
  io_uring_sqe_set_data64(sqe, <u64>slot);
  reading[slot] = true;
  inFlight++;
}
function queueWrite(slot: i32, from: u32): void {
  const sqe = io_uring_get_sqe(ring)!;
  io_uring_prep_write(sqe, dst, bufs[slot] + from, got[slot] - from, pos[slot] + from);
  io_uring_sqe_set_data64(sqe, <u64>slot);
  reading[slot] = false;
  inFlight++;
}
/** The slot takes the next chunk, if any is left. */
function take(slot: i32): void {
  if (next >= size) return;
  pos[slot] = next;
  end[slot] = min<u64>(next + CHUNK, size);
  next = end[slot];
  queueRead(slot);
}

for (let s = 0; s < SLOTS; s++) {
  bufs[s] = uring_alloc(<usize>CHUNK, 4096);
  take(s);
}
const done = new Array<u32>(SLOTS);
while (inFlight > 0) {
  io_uring_submit_and_wait(ring, 1);
  for (let cqe = io_uring_peek_cqe(ring); cqe; cqe = io_uring_peek_cqe(ring)) {
    const slot = <i32>cqe.user_data;
    const res = cqe.res;
    io_uring_cqe_seen(ring, cqe);
    inFlight--;
    if (res < 0) die(ring, "cp", (reading[slot] ? "error reading '" + args[1] : "error writing '" + args[2]) + "'", res);
    if (reading[slot]) {
      if (res == 0) continue; // SRC shrank while being copied: what it holds now is copied
      got[slot] = <u32>res;
      done[slot] = 0;
      queueWrite(slot, 0);
    } else {
      done[slot] += <u32>res;
      if (done[slot] < got[slot]) { queueWrite(slot, done[slot]); continue; }
      pos[slot] += <u64>got[slot];
      if (pos[slot] < end[slot]) queueRead(slot); // a short read: the rest of the chunk
      else take(slot);
    }
  }
}
fd = dst;
const closed = run(ring, prepClose);
if (closed < 0) die(ring, "cp", "error closing '" + args[2] + "'", closed);
fd = src;
run(ring, prepClose);
guest_exit(0);
