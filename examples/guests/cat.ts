// cat: files (or stdin when none is named, or for "-") to stdout, every read and write through
// io_uring. Reads go to the file's current position, so pipes and terminals work as files do.
//
//   wasm-uring run cat.wasm [FILE…]

import { io_uring_prep_openat, io_uring_prep_read, io_uring_prep_close, io_uring_sqe, AT_FDCWD, guest_args, guest_exit, uring_alloc } from "wasm-uring";
import { CURRENT, O_CLOEXEC, O_RDONLY, cString, die, openRing, run, say, strerror, writeAll } from "./common";
export { uring_abi_version } from "wasm-uring";

const CHUNK: u32 = 128 << 10;

const ring = openRing(4, "cat");
const buf = uring_alloc(CHUNK);
let status = 0;

let path: usize = 0;
let fd: i32 = 0;
function prepOpen(sqe: io_uring_sqe): void { io_uring_prep_openat(sqe, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0); }
function prepRead(sqe: io_uring_sqe): void { io_uring_prep_read(sqe, fd, buf, CHUNK, CURRENT); }
function prepClose(sqe: io_uring_sqe): void { io_uring_prep_close(sqe, fd); }

/** Copies `fd` to stdout; 0 or -errno, with what failed in `failed`. */
let failed = "";
function copy(): i32 {
  let n: i32;
  while ((n = run(ring, prepRead)) > 0) {
    const w = writeAll(ring, 1, buf, <usize>n);
    if (w < 0) { failed = "write"; return w; }
  }
  failed = "read";
  return n;
}

const args = guest_args();
const names = args.length > 1 ? args.slice(1) : ["-"];
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  if (name == "-") {
    fd = 0;
  } else {
    path = cString(name);
    fd = run(ring, prepOpen);
    if (fd < 0) {
      say(ring, 2, "cat: " + name + ": " + strerror(-fd) + "\n");
      status = 1;
      continue;
    }
  }
  const ret = copy();
  if (ret < 0) {
    if (failed == "write") die(ring, "cat", "write error", ret);
    say(ring, 2, "cat: " + name + ": " + strerror(-ret) + "\n");
    status = 1;
  }
  if (fd != 0) run(ring, prepClose);
}
guest_exit(status);
