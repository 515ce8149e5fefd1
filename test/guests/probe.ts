// The runner's test guest (test/guest-run.test.js): raw imports only, no library. What it does
// is its argv[1]; it ends with an exit code that says how a check went, and leaves what it got
// in a report area the test reads from its memory (options.memory): the first 64 KiB are free
// for it (asc --memoryBase 65536).
//
//   report            args, environment, clocks, random bytes and the page size, to the report area
//   exit N            proc_exit(N)                   return     _start returns
//   abort             assert(…, "boom") fails        abort-bare abort() with no message
//   throw             throw new Error("thrown")
//   trap              unreachable                    oob        a load past the memory
//   recurse           unbounded recursion (the engine's stack overflow)
//   echo              argv, one a line, to stdout    env        the environment, one a line
//   write             "to stdout" to fd 1, "to stderr" to fd 2; fd_write on fd 5 must be EBADF
//   grow              grows the memory, then args_get into the new page must match, and
//                     io_uring_setup take its params there
//   ring              io_uring_setup through the bridge: 0 entries, a params pointer past this
//                     memory's end, then a real ring (the kernel writes its params here) closed;
//                     memory_base a page-aligned address
//   leave-ring        a ring set up and left open
//   nosys ...         the exit code is path_open's errno (the shim: ERRNO_NOSYS)
//   trace             trace("hello", 2, 1.5, -2)     random     Math.random() (env.seed)

@external("wasi_snapshot_preview1", "args_sizes_get") declare function args_sizes_get(argc: usize, size: usize): u16;
@external("wasi_snapshot_preview1", "args_get") declare function args_get(argv: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "environ_sizes_get") declare function environ_sizes_get(count: usize, size: usize): u16;
@external("wasi_snapshot_preview1", "environ_get") declare function environ_get(env: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "clock_time_get") declare function clock_time_get(id: u32, precision: u64, out: usize): u16;
@external("wasi_snapshot_preview1", "clock_res_get") declare function clock_res_get(id: u32, out: usize): u16;
@external("wasi_snapshot_preview1", "random_get") declare function random_get(buf: usize, length: usize): u16;
@external("wasi_snapshot_preview1", "fd_write") declare function fd_write(fd: u32, iovs: usize, count: usize, written: usize): u16;
@external("wasi_snapshot_preview1", "sched_yield") declare function sched_yield(): u16;
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(fd: u32, dirflags: u32, path: usize, pathLength: usize, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: usize): u16;
@external("wasi_snapshot_preview1", "proc_exit") declare function proc_exit(code: u32): void;
@external("uring", "io_uring_setup") declare function io_uring_setup(entries: u32, params: usize): i32;
@external("uring", "close") declare function uring_close(fd: i32): i32;
@external("uring", "page_size") declare function page_size(): u32;
@external("uring", "memory_base") declare function memory_base(): f64;

export const uring_abi_version: u32 = 2;

// The report area (below --memoryBase): counts and values at REPORT, args_get's strings at
// ARGS, environ_get's at ENV.
const REPORT: usize = 1024;
const ARGS: usize = 4096;
const ENV: usize = 20480;
const END: usize = 65536;

const argc = argCount();
const argvPtrs = heap.alloc(argc * 4);
const argvBuf = heap.alloc(argSize() + 1);
if (args_get(argvPtrs, argvBuf) != 0) proc_exit(3);

function argCount(): u32 {
  if (args_sizes_get(REPORT, REPORT + 4) != 0) proc_exit(2);
  return load<u32>(REPORT);
}
function argSize(): u32 {
  return load<u32>(REPORT + 4);
}

function arg(i: u32): string {
  if (i >= argc) return "";
  const p = load<usize>(argvPtrs + i * 4);
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  return String.UTF8.decodeUnsafe(p, n);
}

function writeTo(fd: u32, text: string): u16 {
  const bytes = String.UTF8.encode(text);
  const iov = heap.alloc(12);
  store<u32>(iov, changetype<usize>(bytes));
  store<u32>(iov, bytes.byteLength, 4);
  return fd_write(fd, iov, 1, iov + 8);
}

/** The NUL-terminated strings at `ptrs` (count `n`), one a line. */
function lines(ptrs: usize, n: u32): string {
  let out = "";
  for (let i: u32 = 0; i < n; i++) {
    const p = load<usize>(ptrs + i * 4);
    let len: usize = 0;
    while (load<u8>(p + len) != 0) len++;
    out += String.UTF8.decodeUnsafe(p, len) + "\n";
  }
  return out;
}

function recurse(n: i32): i32 {
  return n == 0 ? 0 : recurse(n + 1) + 1;
}

const command = arg(1);

if (command == "report") {
  // Counts, then the strings as args_get and environ_get laid them out.
  const argSize = load<u32>(REPORT + 4);
  if (<usize>argSize > ENV - ARGS) proc_exit(4);
  memory.copy(ARGS, argvBuf, argSize);
  // Every pointer lies in the buffer, in order, each after the previous string's NUL.
  let expected = argvBuf;
  for (let i: u32 = 0; i < argc; i++) {
    const p = load<usize>(argvPtrs + i * 4);
    if (p != expected) proc_exit(5);
    while (load<u8>(expected) != 0) expected++;
    expected++;
  }
  if (expected != argvBuf + argSize) proc_exit(6);
  if (environ_sizes_get(REPORT + 8, REPORT + 12) != 0) proc_exit(7);
  const envc = load<u32>(REPORT + 8);
  const envSize = load<u32>(REPORT + 12);
  if (<usize>envSize > END - ENV) proc_exit(8);
  const envPtrs = heap.alloc(envc * 4 + 4);
  if (environ_get(envPtrs, ENV) != 0) proc_exit(9);
  // Clocks: realtime, monotonic twice, their resolutions; errors as they come.
  store<u16>(REPORT + 16, clock_time_get(0, 1000, REPORT + 24));
  store<u16>(REPORT + 18, clock_time_get(1, 1, REPORT + 32));
  store<u16>(REPORT + 20, clock_time_get(1, 1, REPORT + 40));
  store<u16>(REPORT + 22, clock_res_get(1, REPORT + 48));
  store<u16>(REPORT + 56, clock_time_get(2, 1, REPORT + 64)); // process CPU time
  store<u16>(REPORT + 58, clock_time_get(99, 1, REPORT + 72)); // no such clock
  store<u16>(REPORT + 60, random_get(REPORT + 80, 32));
  store<u16>(REPORT + 62, sched_yield());
  store<u32>(REPORT + 112, page_size());
  proc_exit(0);
} else if (command == "exit") {
  proc_exit(<u32>I64.parseInt(arg(2)));
} else if (command == "return") {
  // _start returns: exit code 0
} else if (command == "abort") {
  assert(argc == 0, "boom"); // argc is at least 2 here
} else if (command == "abort-bare") {
  abort();
} else if (command == "throw") {
  throw new Error("thrown");
} else if (command == "trap") {
  unreachable();
} else if (command == "oob") {
  proc_exit(load<u32>(0xfffffff0));
} else if (command == "recurse") {
  proc_exit(recurse(1));
} else if (command == "echo") {
  writeTo(1, lines(argvPtrs, argc));
} else if (command == "env") {
  if (environ_sizes_get(REPORT + 8, REPORT + 12) != 0) proc_exit(7);
  const envc = load<u32>(REPORT + 8);
  const envPtrs = heap.alloc(envc * 4 + 4);
  const envBuf = heap.alloc(load<u32>(REPORT + 12) + 1);
  if (environ_get(envPtrs, envBuf) != 0) proc_exit(9);
  writeTo(1, lines(envPtrs, envc));
} else if (command == "write") {
  if (writeTo(1, "to stdout\n") != 0) proc_exit(40);
  if (writeTo(2, "to stderr\n") != 0) proc_exit(41);
  if (writeTo(5, "to fd 5\n") != 8) proc_exit(42); // ERRNO_BADF
} else if (command == "grow") {
  const page = memory.grow(1);
  if (page < 0) proc_exit(20);
  const at = <usize>page << 16;
  if (args_get(at, at + 1024) != 0) proc_exit(21);
  for (let i: u32 = 0; i < argc; i++) {
    const p = load<usize>(at + i * 4);
    if (p != at + 1024 + (load<usize>(argvPtrs + i * 4) - argvBuf)) proc_exit(22);
  }
  for (let i: usize = 0; i < <usize>argSize(); i++) {
    if (load<u8>(at + 1024 + i) != load<u8>(argvBuf + i)) proc_exit(23);
  }
  // The bridge checks pointers against the memory as it is now: the new page is in it.
  memory.fill(at + 4096, 0, 120);
  const fd = io_uring_setup(4, at + 4096);
  if (fd < 0 || load<u32>(at + 4096) != 4) proc_exit(24);
  if (uring_close(fd) != 0) proc_exit(25);
} else if (command == "ring") {
  const params = heap.alloc(120);
  memory.fill(params, 0, 120);
  if (io_uring_setup(0, params) != -22) proc_exit(30); // -EINVAL
  // 120 bytes from 100 before this memory's end: the bridge refuses them (-EFAULT).
  if (io_uring_setup(4, (<usize>memory.size() << 16) - 100) != -14) proc_exit(31);
  const fd = io_uring_setup(4, params);
  if (fd < 0) proc_exit(32);
  // The kernel wrote the params into this memory: sq_entries, cq_entries, features.
  if (load<u32>(params) != 4 || load<u32>(params, 4) != 8 || load<u32>(params, 20) == 0) proc_exit(33);
  if (uring_close(fd) != 0) proc_exit(34);
  if (uring_close(fd) != -9) proc_exit(35); // -EBADF: no longer a ring of this host
  // The process address of offset 0: SQEs carry base + offset for buffers in this memory.
  const base = memory_base();
  if (!(base > 0) || base % <f64>page_size() != 0) proc_exit(36);
} else if (command == "leave-ring") {
  const params = heap.alloc(120);
  memory.fill(params, 0, 120);
  if (io_uring_setup(4, params) < 0) proc_exit(32);
} else if (command == "nosys") {
  const path = String.UTF8.encode("x");
  proc_exit(path_open(3, 0, changetype<usize>(path), 1, 0, 0, 0, 0, REPORT));
} else if (command == "trace") {
  trace("hello", 2, 1.5, -2);
} else if (command == "random") {
  const x = Math.random();
  if (!(x >= 0 && x < 1)) proc_exit(50);
} else {
  writeTo(2, "probe: unknown command '" + command + "'\n");
  proc_exit(99);
}
