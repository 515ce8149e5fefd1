// wasm-uring for AssemblyScript programs (package.json "ascMain"): `import { … } from "wasm-uring"`
// compiles the ring logic into the program, which then does its I/O through io_uring itself —
// no call out to JavaScript per request, only the bridge's syscalls (docs/bridge-abi.md).
//
// Named after liburing: io_uring_queue_init / _exit, io_uring_get_sqe, every io_uring_prep_* of
// the opcode table, io_uring_sqe_set_*, io_uring_submit(_and_wait(_timeout)), io_uring_peek_cqe /
// wait_cqe / for_each_cqe / cqe_seen / cq_advance, registration, the probe, buffer rings. Where C
// passes results through pointers, these return them (null / 0 on failure, the errno beside).
//
//   const ring = new io_uring();
//   if (io_uring_queue_init(8, ring, 0) < 0) …
//   const sqe = io_uring_get_sqe(ring)!;
//   io_uring_prep_read(sqe, fd, buf, len, 0);      // buf: a pointer into this memory
//   io_uring_submit_and_wait(ring, 1);
//   const cqe = io_uring_peek_cqe(ring)!;  … cqe.res …  io_uring_cqe_seen(ring, cqe);
//
// Build (memory requirements: guest/memory.ts): asc prog.ts --runtime incremental --importMemory
// --sharedMemory --maximumMemory 16384 --enable threads --exportStart _start -o prog.wasm; the
// program's entry file re-exports the ABI version its host checks:
//   export { uring_abi_version } from "wasm-uring";
// and runs with `wasm-uring run prog.wasm args…`.

export { URING_ABI_VERSION as uring_abi_version } from "../bridge";
export * from "./memory";
export * from "./queue";
export * from "./sqe";
export * from "./register";
export * from "./wasi";
export { io_uring_sqe } from "../abi/sqe";
export { io_uring_cqe } from "../abi/cqe";
export { io_uring_params } from "../abi/params";
export * from "../abi/constants";
export * from "../abi/structs";
export {
  iovec_set, msghdr_set, msghdr_namelen, msghdr_controllen, msghdr_flags, timespec_set, open_how_set,
  epoll_event_set, futex_waitv_set, sockaddr_in_set, sockaddr_in6_set, sockaddr_family, sockaddr_port,
  sockaddr_in_addr, statx_size, statx_mode,
} from "../api/structs";
export { restriction_set } from "../api/register";
