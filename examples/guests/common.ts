// What the example guests share: one ring, a blocking "do this one request" helper, and writing
// whole buffers and messages. Every byte still moves through io_uring.

import {
  io_uring, io_uring_queue_init, io_uring_get_sqe, io_uring_submit, io_uring_submit_and_wait, io_uring_wait_cqe,
  io_uring_cqe_seen, io_uring_prep_write, io_uring_sqe, uring_alloc, uring_free, guest_env, guest_exit,
  PLACEMENT_AUTO, PLACEMENT_USER_MEMORY, PLACEMENT_FIXED_MMAP, PLACEMENT_MIRROR,
} from "wasm-uring";

// open(2) flags: the kernel's, not in io_uring's headers.
export const O_RDONLY: u32 = 0;
export const O_WRONLY: u32 = 1;
export const O_CREAT: u32 = 0o100;
export const O_TRUNC: u32 = 0o1000;
export const O_CLOEXEC: u32 = 0o2000000;

/** File offset -1: the file's current position (pipes, terminals, sockets have no other). */
export const CURRENT: u64 = <u64>-1;

/**
 * A ring of `entries`, or the guest ends with status 1 saying why. Its rings go where the kernel
 * allows, or where WASM_URING_PLACEMENT says (user-memory, fixed-mmap, mirror: the test suite
 * runs the guests in each).
 */
export function openRing(entries: u32, name: string): io_uring {
  const ring = new io_uring();
  const wanted = guest_env("WASM_URING_PLACEMENT");
  const placement = wanted == "user-memory" ? PLACEMENT_USER_MEMORY
    : wanted == "fixed-mmap" ? PLACEMENT_FIXED_MMAP
    : wanted == "mirror" ? PLACEMENT_MIRROR : PLACEMENT_AUTO;
  const ret = io_uring_queue_init(entries, ring, 0, placement);
  if (ret < 0) die(null, name, "io_uring_queue_init", ret);
  return ring;
}

/**
 * The SQE prepared by `prep`, submitted and waited for: its result (≥ 0 or -errno). Only for a
 * ring with nothing else in flight: the first completion is taken as this one's.
 */
export function run(ring: io_uring, prep: (sqe: io_uring_sqe) => void): i32 {
  let sqe = io_uring_get_sqe(ring);
  if (!sqe) {
    io_uring_submit(ring); // a full SQ of prepared SQEs goes first
    sqe = io_uring_get_sqe(ring)!;
  }
  prep(sqe);
  io_uring_submit_and_wait(ring, 1);
  const cqe = io_uring_wait_cqe(ring)!;
  const res = cqe.res;
  io_uring_cqe_seen(ring, cqe);
  return res;
}

// AssemblyScript closures capture nothing: what run()'s preps read is passed through globals.
let wFd: i32 = 0;
let wBuf: usize = 0;
let wLen: u32 = 0;
function prepWrite(sqe: io_uring_sqe): void {
  io_uring_prep_write(sqe, wFd, wBuf, wLen, CURRENT);
}

/** Writes `len` bytes at `buf` to `fd`, short writes continued. 0 or -errno. */
export function writeAll(ring: io_uring, fd: i32, buf: usize, len: usize): i32 {
  while (len > 0) {
    wFd = fd;
    wBuf = buf;
    wLen = <u32>min<usize>(len, 1 << 30);
    const n = run(ring, prepWrite);
    if (n < 0) return n;
    buf += <usize>n;
    len -= <usize>n;
  }
  return 0;
}

/** Writes `text` (UTF-8) to `fd`. */
export function say(ring: io_uring | null, fd: i32, text: string): void {
  const len = <usize>String.UTF8.byteLength(text);
  const buf = uring_alloc(len);
  String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, buf);
  if (ring) writeAll(ring, fd, buf, len);
  uring_free(buf, len);
}

/** The message of an errno, for the few these programs meet; else "error N". */
export function strerror(errno: i32): string {
  switch (errno) {
    case 1: return "Operation not permitted";
    case 2: return "No such file or directory";
    case 9: return "Bad file descriptor";
    case 13: return "Permission denied";
    case 17: return "File exists";
    case 20: return "Not a directory";
    case 21: return "Is a directory";
    case 22: return "Invalid argument";
    case 28: return "No space left on device";
    case 32: return "Broken pipe";
    case 98: return "Address already in use";
    default: return "error " + errno.toString();
  }
}

/** `name: what: message` on stderr (through the ring, when there is one), then exit status 1. */
export function die(ring: io_uring | null, name: string, what: string, negErrno: i32): void {
  say(ring, 2, name + ": " + what + ": " + strerror(-negErrno) + "\n");
  guest_exit(1);
}

/** A NUL-terminated UTF-8 copy of `s`, for paths (free with uring_free(p, byteLength + 1)). */
export function cString(s: string): usize {
  const len = <usize>String.UTF8.byteLength(s, true);
  const at = uring_alloc(len);
  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, at, true);
  return at;
}
