// Memory for a guest: the program that compiles the ring logic in owns its linear memory through
// its own AssemblyScript runtime (stub, minimal or incremental, with its own allocator). The ring
// logic takes what it needs — ring regions, SQE arrays, buffer rings, argument structs — from that
// runtime's heap (heap.alloc), aligned by padding (assembly/heap.ts, runtimeAlloc): it never grows
// or carves the memory behind the runtime's back, and the runtime never reuses a block the ring
// still holds, because it is not freed until the ring lets go of it.
//
// What the memory must be (the runner checks it before the guest starts; docs/bridge-abi.md):
//   - imported (env.memory) and shared, with a fixed maximum: a shared WebAssembly.Memory never
//     moves, so the pages the kernel pins (user-memory rings, registered buffers) or that the host
//     maps over (fixed-mmap rings) stay where the kernel expects them for as long as it holds them;
//   - asc --importMemory --sharedMemory --maximumMemory N --enable threads.
//
// SQE fields that hold pointers are filled by the io_uring_prep_* functions, which translate
// offsets in this memory to the process addresses the kernel needs. Pointers *inside* structures
// the kernel reads (iovec.iov_base, msghdr.msg_name, …) must be process addresses too: build
// those structures with io_uring_iovec_set and the like, or translate with uring_addr.

import { heap_alloc, heap_free, heap_use_runtime } from "../heap";
import { BASE, setup_init } from "../ring/setup";
import { page_size } from "../bridge";

// Runs first in the guest's start function (this module is imported before the guest's code
// runs): from here on the ring logic allocates from the guest's runtime, and knows where the
// memory lies in the process.
heap_use_runtime();
setup_init();

/**
 * `size` zeroed bytes aligned to `alignment` (a power of two; default 64, a cache line), from the
 * guest's heap; 0 when it is exhausted. For buffers the kernel reads or writes (O_DIRECT wants
 * them aligned to the device's block size; buffer rings to a page: uring_page_size()). Give
 * them back with uring_free, once no request holds them.
 */
export function uring_alloc(size: usize, alignment: usize = 64): usize {
  if (alignment & (alignment - 1)) return 0;
  return heap_alloc(size, alignment);
}

/** Gives back a block of uring_alloc (`size`: the size asked for). */
export function uring_free(ptr: usize, size: usize): void {
  heap_free(ptr, size);
}

/** The process address of `ptr`, an offset in this memory (0 stays NULL): for nested pointers. */
export function uring_addr(ptr: usize): u64 {
  return ptr ? BASE + <u64>ptr : 0;
}

/** The OS page size (ring regions and buffer rings are aligned to it). */
export function uring_page_size(): u32 {
  return page_size();
}
