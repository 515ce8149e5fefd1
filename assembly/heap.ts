// The allocator for everything the kernel touches: ring regions, SQE arrays, I/O buffers and the
// structs SQEs point at. It has two sources of memory, chosen once:
//
//  - ring.wasm (heap_init): AssemblyScript's own runtime is not used (--runtime stub, no managed
//    objects), so this is the only owner of the memory above the static data: the table below.
//  - a guest program that compiles the ring logic in (heap_use_runtime, called by the guest
//    library's queue init): the guest's AssemblyScript runtime owns its memory, whichever runtime
//    it is (stub, minimal, incremental), so blocks come from that runtime's heap.alloc, padded to
//    the alignment asked for; nothing here then touches memory outside those blocks, and the
//    guest's heap never sees a page it did not hand out. See runtimeAlloc.
//
//   0            __heap_base                                          memory.size()
//   ├── statics ──┼─ used ─┬─ free ─┬──── used (page-aligned ring) ───┬─ free ─┤  → memory.grow
//
//   free table (outside the blocks): [start, size] [start, size] …   address-ordered, merged
//
// First fit over an address-ordered table of free ranges. The table lives outside the blocks it
// describes (a static array first, then a block of its own that doubles as it fills), so nothing
// in a free block matters to the allocator: a stray write into freed memory — by the kernel
// finishing a request late, or by JS through a view kept after free() — cannot corrupt it, and
// the block is zeroed when handed out again anyway. Callers give the size back to heap_free (like
// Rust's dealloc), so used blocks carry no header and page alignment costs nothing but the split.
// Blocks are multiples of 64 bytes (a cache line) and come back zeroed. A free of a range that
// overlaps a free one (a double free) is ignored rather than corrupting the table.

@inline const GRANULE: usize = 64;
@inline const WASM_PAGE: usize = 65536;
/** Bytes per table entry: start and size, u32 each. */
@inline const ENTRY: usize = 8;
@inline const STATIC_ENTRIES: u32 = 256;
/** Free entries kept before each operation: one adds at most two (a grow, a split), and growing the table itself takes two more. */
@inline const SPARE: u32 = 4;

const STATIC_TABLE: usize = memory.data(<i32>(<usize>STATIC_ENTRIES * ENTRY), 8);

/** Whether blocks come from the program's AssemblyScript runtime (a guest) instead of the table. */
let fromRuntime = false;

let table: usize = STATIC_TABLE;
let capacity: u32 = STATIC_ENTRIES;
let count: u32 = 0;
/** Bytes of the table's own block; 0 while it is the static one. */
let tableBytes: usize = 0;

@inline function alignUp(x: usize, a: usize): usize {
  return (x + a - 1) & ~(a - 1);
}

@inline function startOf(i: u32): usize {
  return <usize>load<u32>(table + <usize>i * ENTRY);
}
@inline function sizeOf(i: u32): usize {
  return <usize>load<u32>(table + <usize>i * ENTRY, 4);
}
@inline function setEntry(i: u32, start: usize, size: usize): void {
  const at = table + <usize>i * ENTRY;
  store<u32>(at, <u32>start);
  store<u32>(at, <u32>size, 4);
}
function insertAt(i: u32, start: usize, size: usize): void {
  const at = table + <usize>i * ENTRY;
  if (i < count) memory.copy(at + ENTRY, at, <usize>(count - i) * ENTRY);
  count++;
  setEntry(i, start, size);
}
function removeAt(i: u32): void {
  const at = table + <usize>i * ENTRY;
  count--;
  if (i < count) memory.copy(at, at + ENTRY, <usize>(count - i) * ENTRY);
}

/** Hands the memory from the end of the static data to the current end to the free table. */
export function heap_init(): void {
  const start = alignUp(__heap_base, GRANULE);
  const end = <usize>memory.size() * WASM_PAGE;
  table = STATIC_TABLE;
  capacity = STATIC_ENTRIES;
  count = 0;
  tableBytes = 0;
  if (end > start) release(start, end - start);
}

/**
 * Takes blocks from the AssemblyScript runtime of the program this code is compiled into (a
 * guest), from now on. The table is left unused (and empty: heap_init never ran).
 */
export function heap_use_runtime(): void {
  fromRuntime = true;
}

/**
 * `size` bytes aligned to `alignment` (a power of two), zeroed. Grows the memory when no free
 * block fits; returns 0 when the memory is at its maximum.
 */
export function heap_alloc(size: usize, alignment: usize): usize {
  if (fromRuntime) return runtimeAlloc(size, alignment);
  // Without the spare entries (the memory is nearly exhausted): only a fit that needs no grow.
  const room = roomInTable();
  if (!room && count + 1 > capacity) return 0;
  const at = carve(size, alignment, room);
  if (at) memory.fill(at, 0, alignUp(size == 0 ? GRANULE : size, GRANULE));
  return at;
}

/** The first fit of `size` bytes at `alignment`, taken off the table (not zeroed); 0 if none. */
function carve(size: usize, alignment: usize, mayGrow: bool): usize {
  if (size == 0) size = GRANULE;
  if (size > <usize>0xffff_ffff - GRANULE) return 0;
  size = alignUp(size, GRANULE);
  if (alignment < GRANULE) alignment = GRANULE;
  for (let attempt = 0; attempt < 2; attempt++) {
    for (let i: u32 = 0; i < count; i++) {
      const cur = startOf(i);
      const end = <u64>cur + <u64>sizeOf(i);
      // In 64 bits: near the top of the 4 GiB range the aligned start may pass 2^32.
      const start = (<u64>cur + <u64>alignment - 1) & ~(<u64>alignment - 1);
      if (start + <u64>size > end) continue;
      const before = <usize>(start - <u64>cur);
      const after = <usize>(end - start - <u64>size);
      if (before && after) {
        setEntry(i, cur, before);
        insertAt(i + 1, <usize>start + size, after);
      } else if (before) {
        setEntry(i, cur, before);
      } else if (after) {
        setEntry(i, <usize>start + size, after);
      } else {
        removeAt(i);
      }
      return <usize>start;
    }
    if (attempt == 0 && (!mayGrow || !grow(<u64>size + <u64>alignment))) return 0;
  }
  return 0;
}

/** Returns a block from heap_alloc; `size` is the size asked for. */
export function heap_free(ptr: usize, size: usize): void {
  if (!ptr) return;
  if (fromRuntime) {
    heap.free(load<usize>(ptr - sizeof<usize>()));
    return;
  }
  // Only when the memory is exhausted can the table not take one more entry: the block is then
  // lost, not the table.
  if (!roomInTable() && count + 1 > capacity) return;
  release(ptr, alignUp(size == 0 ? GRANULE : size, GRANULE));
}

/** Bytes of the allocator's own table once it outgrew its static one (it never shrinks). */
export function heap_table_bytes(): usize {
  return tableBytes;
}

/** Bytes in the free table (for tests and diagnostics). */
export function heap_free_bytes(): usize {
  let total: usize = 0;
  for (let i: u32 = 0; i < count; i++) total += sizeOf(i);
  return total;
}

/**
 * A block of the runtime's heap, aligned by padding: the runtime's own block starts up to
 * `alignment` + a word before the one handed out, and its address is kept in the word just
 * below it, for heap_free.
 *
 *   runtime block ├─ padding ─┬ word: runtime block ┬── size bytes, aligned, zeroed ──┤
 *                                                   ^ returned
 *
 * A page-aligned block then starts a page of its own: a fixed mmap over its pages (placement 2)
 * or the kernel pinning them (placement 1) leaves the word and the runtime's header alone.
 * 0 when the runtime's heap is exhausted (it traps instead under some runtimes: their choice).
 */
function runtimeAlloc(size: usize, alignment: usize): usize {
  if (size == 0) size = GRANULE;
  if (alignment < GRANULE) alignment = GRANULE;
  const word = sizeof<usize>();
  const total = <u64>size + <u64>alignment + <u64>word;
  if (total > <u64>0xffff_ffff - <u64>WASM_PAGE) return 0;
  const raw = heap.alloc(<usize>total);
  if (!raw) return 0;
  const at = alignUp(raw + word, alignment);
  store<usize>(at - word, raw);
  memory.fill(at, 0, size);
  return at;
}

function grow(bytes: u64): bool {
  const pages = (bytes + <u64>WASM_PAGE - 1) / <u64>WASM_PAGE;
  if (pages > <u64>0x1_0000) return false;
  const before = memory.grow(<i32>pages);
  if (before < 0) return false;
  release(<usize>before * WASM_PAGE, <usize>pages * WASM_PAGE);
  return true;
}

/**
 * Makes sure the table has SPARE free entries: when it has not, a table twice as large is carved
 * (with the spare entries of the old one) and the old one's block is freed into it.
 */
function roomInTable(): bool {
  if (count + SPARE <= capacity) return true;
  const newCapacity = capacity * 2;
  const bytes = <usize>newCapacity * ENTRY;
  // The table's own carve needs at most two of the spare entries (a grow, a split).
  const at = carve(bytes, GRANULE, true);
  if (!at) return false;
  memory.copy(at, table, <usize>count * ENTRY);
  const oldTable = table;
  const oldBytes = tableBytes;
  table = at;
  capacity = newCapacity;
  tableBytes = alignUp(bytes, GRANULE);
  if (oldBytes) release(oldTable, oldBytes);
  return true;
}

/**
 * Puts [ptr, ptr+size) into the address-ordered table, merged with the neighbours it touches. A
 * range overlapping a free one is not a block that was in use: it is ignored.
 */
function release(ptr: usize, size: usize): void {
  // The first entry starting after ptr.
  let lo: u32 = 0;
  let hi: u32 = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startOf(mid) <= ptr) lo = mid + 1;
    else hi = mid;
  }
  const end = <u64>ptr + <u64>size;
  const prevEnd: u64 = lo > 0 ? <u64>startOf(lo - 1) + <u64>sizeOf(lo - 1) : 0;
  if (lo > 0 && prevEnd > <u64>ptr) return;
  if (lo < count && end > <u64>startOf(lo)) return;
  const joinsPrev = lo > 0 && prevEnd == <u64>ptr;
  const joinsNext = lo < count && end == <u64>startOf(lo);
  if (joinsPrev && joinsNext) {
    setEntry(lo - 1, startOf(lo - 1), sizeOf(lo - 1) + size + sizeOf(lo));
    removeAt(lo);
  } else if (joinsPrev) {
    setEntry(lo - 1, startOf(lo - 1), sizeOf(lo - 1) + size);
  } else if (joinsNext) {
    setEntry(lo, ptr, size + sizeOf(lo));
  } else {
    insertAt(lo, ptr, size);
  }
}
