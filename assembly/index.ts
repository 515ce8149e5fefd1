// ring.wasm: the io_uring ABI and ring logic, for any host that provides the imports in
// bridge.ts. Everything exported here is what a host-side library (src/) may call.
//
//   abi/      struct layouts and constants (C names)      ring/   ring struct, SQ/CQ logic, setup
//   prep/     SQE encoders (liburing semantics)            api/    the exports: queue_*, ring_*, register, structs
//   heap.ts   the linear-memory allocator                  bridge.ts  the host imports

import { heap_init } from "./heap";
import { setup_init } from "./ring/setup";

/** Call once after instantiation, before anything else. */
export function init(): void {
  heap_init();
  setup_init();
}

export { URING_ABI_VERSION as uring_abi_version } from "./bridge";
export { heap_alloc, heap_free, heap_free_bytes, heap_table_bytes } from "./heap";
export * from "./abi/constants";
export { QUIESCE_DRAINED, QUIESCE_DRAIN_REFUSED, QUIESCE_CANCEL_ANY_REFUSED } from "./ring/quiesce";
export * from "./abi/layout";
export * from "./api/ring";
export * from "./api/register";
export * from "./ring/buf_ring";
export * from "./api/queue";
export * from "./api/structs";
export * from "./api/sys";
export { record_res, record_flags, record_big_cqe } from "./abi/cqe";
