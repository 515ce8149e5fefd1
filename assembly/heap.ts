// The allocator for everything the kernel touches: ring regions, SQE arrays, I/O buffers and the
// structs SQEs point at. AssemblyScript's own runtime is not used (--runtime stub, no managed
// objects), so this is the only owner of the memory above the static data.
//
//   0            __heap_base                                          memory.size()
//   ├── statics ──┼─ used ─┬─ free ─┬──── used (page-aligned ring) ───┬─ free ─┤  → memory.grow
//                          └─ next ─────────────────────────────────────↗
//
// First fit over an address-ordered list of free blocks; a free block keeps {size, next} in its
// own first bytes. Callers give the size back to heap_free (like Rust's dealloc), so used blocks
// carry no header and page alignment costs nothing but the split. Blocks are multiples of 64
// bytes (a cache line) and come back zeroed.

@inline const GRANULE: usize = 64;
@inline const WASM_PAGE: usize = 65536;

@unmanaged
class FreeBlock {
  size: usize;
  next: usize;
}

let freeHead: usize = 0;

@inline function alignUp(x: usize, a: usize): usize {
  return (x + a - 1) & ~(a - 1);
}

/** Hands the memory from the end of the static data to the current end to the free list. */
export function heap_init(): void {
  const start = alignUp(__heap_base, GRANULE);
  const end = <usize>memory.size() * WASM_PAGE;
  freeHead = 0;
  if (end > start) release(start, end - start);
}

/**
 * `size` bytes aligned to `alignment` (a power of two), zeroed. Grows the memory when no free
 * block fits; returns 0 when the memory is at its maximum.
 */
export function heap_alloc(size: usize, alignment: usize): usize {
  if (size == 0) size = GRANULE;
  size = alignUp(size, GRANULE);
  if (alignment < GRANULE) alignment = GRANULE;
  for (let attempt = 0; attempt < 2; attempt++) {
    let prev: usize = 0;
    let cur = freeHead;
    while (cur) {
      const block = changetype<FreeBlock>(cur);
      const end = cur + block.size;
      const start = alignUp(cur, alignment);
      if (start + size <= end && start + size > start) {
        const next = block.next;
        // Unlink, then give back the parts before and after the carved-out range.
        if (prev) changetype<FreeBlock>(prev).next = next; else freeHead = next;
        if (start > cur) release(cur, start - cur);
        if (start + size < end) release(start + size, end - start - size);
        memory.fill(start, 0, size);
        return start;
      }
      prev = cur;
      cur = block.next;
    }
    if (attempt == 0 && !grow(size + alignment)) return 0;
  }
  return 0;
}

/** Returns a block from heap_alloc; `size` is the size asked for. */
export function heap_free(ptr: usize, size: usize): void {
  if (!ptr) return;
  release(ptr, alignUp(size == 0 ? GRANULE : size, GRANULE));
}

/** Bytes on the free list (for tests and diagnostics). */
export function heap_free_bytes(): usize {
  let total: usize = 0;
  for (let cur = freeHead; cur; cur = changetype<FreeBlock>(cur).next) {
    total += changetype<FreeBlock>(cur).size;
  }
  return total;
}

function grow(bytes: usize): bool {
  const pages = <i32>((bytes + WASM_PAGE - 1) / WASM_PAGE);
  const before = memory.grow(pages);
  if (before < 0) return false;
  release(<usize>before * WASM_PAGE, <usize>pages * WASM_PAGE);
  return true;
}

/** Inserts [ptr, ptr+size) into the address-ordered free list, merging with its neighbours. */
function release(ptr: usize, size: usize): void {
  let prev: usize = 0;
  let cur = freeHead;
  while (cur && cur < ptr) {
    prev = cur;
    cur = changetype<FreeBlock>(cur).next;
  }
  const block = changetype<FreeBlock>(ptr);
  block.size = size;
  block.next = cur;
  if (cur && ptr + size == cur) {
    block.size += changetype<FreeBlock>(cur).size;
    block.next = changetype<FreeBlock>(cur).next;
  }
  if (prev) {
    const before = changetype<FreeBlock>(prev);
    if (prev + before.size == ptr) {
      before.size += block.size;
      before.next = block.next;
    } else {
      before.next = ptr;
    }
  } else {
    freeHead = ptr;
  }
}
