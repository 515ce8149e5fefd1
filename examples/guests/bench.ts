// The benchmark's guest: the loops of bench/c/nop.c and bench/c/reads.c, prepared, submitted and
// reaped entirely inside WebAssembly (no JavaScript between the SQEs and the syscall), printing
// the same {"ops": N, "seconds": S} line, so `npm run bench` sets it beside C liburing.
//
//   wasm-uring run bench.wasm nop BATCH SECONDS
//   wasm-uring run bench.wasm reads FILE QUEUE_DEPTH SECONDS

import {
  io_uring, io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_read, io_uring_prep_openat, io_uring_submit,
  io_uring_submit_and_wait, io_uring_peek_cqe, io_uring_cq_advance, io_uring_cq_ready, io_uring_wait_cqe,
  io_uring_cqe_at_head, io_uring_sqe, AT_FDCWD, guest_args, guest_clock_ns, guest_exit, uring_alloc, statx,
  io_uring_prep_statx, AT_EMPTY_PATH, STATX_SIZE,
} from "wasm-uring";
import { O_RDONLY, cString, die, openRing, run, say } from "./common";
export { uring_abi_version } from "wasm-uring";

// Reading the clock per op would be a visible share of a NOP's cost (as in the C programs).
const OPS_PER_CLOCK_CHECK: u64 = 1024;
const BLOCK: u32 = 4096;

const args = guest_args();
const usage = "usage: bench nop BATCH SECONDS | bench reads FILE QUEUE_DEPTH SECONDS\n";
const mode = args.length > 1 ? args[1] : "";
if (!(mode == "nop" && args.length == 4) && !(mode == "reads" && args.length == 5)) {
  say(openRing(1, "bench"), 2, usage);
  guest_exit(2);
}
const seconds = parseFloat(args[args.length - 1]);
const count = <u32>parseInt(args[args.length - 2]);
if (!(seconds > 0) || count < 1 || count > 4096) {
  say(openRing(1, "bench"), 2, usage);
  guest_exit(2);
}
const ring = openRing(count, "bench");

function nops(batch: u32): void {
  let nextCheck = OPS_PER_CLOCK_CHECK;
  const start = guest_clock_ns();
  for (;;) {
    for (let i: u32 = 0; i < batch; i++) io_uring_prep_nop(io_uring_get_sqe(ring)!);
    const ret = io_uring_submit(ring);
    if (ret != <i32>batch) die(ring, "bench", "io_uring_submit", ret < 0 ? ret : -11);
    // NOPs complete during the submit, so waiting is only a fallback.
    for (let reaped: u32 = 0; reaped < batch;) {
      let n = io_uring_cq_ready(ring);
      if (!n) {
        if (!io_uring_wait_cqe(ring)) die(ring, "bench", "io_uring_wait_cqe", ring.errno);
        continue;
      }
      if (n > batch - reaped) n = batch - reaped;
      io_uring_cq_advance(ring, n);
      reaped += n;
    }
    ops += batch;
    if (ops >= nextCheck) {
      nextCheck = ops + OPS_PER_CLOCK_CHECK;
      elapsed = <f64>(guest_clock_ns() - start) / 1e9;
      if (elapsed >= seconds) return;
    }
  }
}

// xorshift64, as bench/c/reads.c: the same offsets in the same order.
let state: u64 = 0x9e3779b97f4a7c15;
function nextRandom(): u64 {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

let fd: i32 = 0;
let blocks: u64 = 0;
let buffers: usize = 0;
let path: usize = 0;
const st = uring_alloc(256);
const empty = cString("");
function prepOpen(sqe: io_uring_sqe): void { io_uring_prep_openat(sqe, AT_FDCWD, path, O_RDONLY, 0); }
function prepStat(sqe: io_uring_sqe): void { io_uring_prep_statx(sqe, fd, empty, AT_EMPTY_PATH, STATX_SIZE, st); }

function prepRead(buffer: u32): void {
  const sqe = io_uring_get_sqe(ring)!;
  io_uring_prep_read(sqe, fd, buffers + <usize>buffer * BLOCK, BLOCK, (nextRandom() % blocks) * BLOCK);
  sqe.user_data = buffer;
}

function reads(file: string, depth: u32): void {
  path = cString(file);
  fd = run(ring, prepOpen);
  if (fd < 0) die(ring, "bench", file, fd);
  const ret = run(ring, prepStat);
  if (ret < 0) die(ring, "bench", file, ret);
  blocks = changetype<statx>(st).stx_size / BLOCK;
  if (!blocks) die(ring, "bench", file + " is smaller than one block", -22);
  buffers = uring_alloc(<usize>depth * BLOCK, BLOCK);
  for (let i: u32 = 0; i < depth; i++) prepRead(i);
  let nextCheck = OPS_PER_CLOCK_CHECK;
  const start = guest_clock_ns();
  for (;;) {
    // Submits the previous round's re-preps in the same syscall that waits.
    const submitted = io_uring_submit_and_wait(ring, 1);
    if (submitted < 0) die(ring, "bench", "io_uring_submit_and_wait", submitted);
    const n = io_uring_cq_ready(ring);
    for (let i: u32 = 0; i < n; i++) {
      const cqe = io_uring_cqe_at_head(ring, i);
      if (cqe.res != <i32>BLOCK) guest_exit(cqe.res < 0 ? -cqe.res : 200);
      prepRead(<u32>cqe.user_data);
    }
    io_uring_cq_advance(ring, n);
    ops += n;
    if (ops >= nextCheck) {
      nextCheck = ops + OPS_PER_CLOCK_CHECK;
      elapsed = <f64>(guest_clock_ns() - start) / 1e9;
      if (elapsed >= seconds) break;
    }
  }
  // `depth` reads are outstanding (the last round's re-preps not yet submitted): drained, so
  // the ring is idle for the report.
  for (let left = depth; left > 0;) {
    io_uring_submit_and_wait(ring, 1);
    const n = io_uring_cq_ready(ring);
    io_uring_cq_advance(ring, n);
    left -= n;
  }
}

let ops: u64 = 0;
let elapsed: f64 = 0;
if (mode == "nop") nops(count);
else reads(args[2], count);
say(ring, 1, `{"ops": ${ops.toString()}, "seconds": ${elapsed.toString()}}\n`);
guest_exit(0);
