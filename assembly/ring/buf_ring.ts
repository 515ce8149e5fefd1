// A provided-buffer ring (IORING_REGISTER_PBUF_RING, 5.19): the application hands buffers to the
// kernel by writing struct io_uring_buf entries and publishing a tail; the kernel picks one per
// buffer-select request and names it in the CQE (IORING_CQE_F_BUFFER, id in flags >> 16).
// Mirrors liburing's io_uring_buf_ring_* inline functions.
//
//   br (page-aligned, entries × 16 bytes)
//   ├ buf[0] {addr, len, bid, tail} ┼ buf[1] ┼ … ┼ buf[entries-1] ┤
//
// The tail is free-running u16 and lives in buf[0]'s last two bytes; entries are written at
// (tail + offset) & mask and become the kernel's only when the tail moves past them, with a
// release store.

import { io_uring_buf, BUF_RING_TAIL } from "../abi/register";
import { BASE } from "./setup";

/** io_uring_buf_ring_mask: the index mask of a ring of `entries` (a power of two). */
export function buf_ring_mask(entries: u32): u32 {
  return entries - 1;
}

/** io_uring_buf_ring_init: an empty ring (tail 0). */
export function buf_ring_init(br: usize): void {
  atomic.store<u16>(br + BUF_RING_TAIL, 0);
}

/**
 * io_uring_buf_ring_add: writes the buffer at linear-memory offset `buf` (`len` bytes, id `bid`)
 * into the entry `offset` places past the tail. Not visible to the kernel until advanced.
 */
export function buf_ring_add(br: usize, buf: usize, len: u32, bid: u16, mask: u32, offset: u32): void {
  const tail = <u32>load<u16>(br + BUF_RING_TAIL);
  const entry = changetype<io_uring_buf>(br + (<usize>((tail + offset) & mask) << 4));
  entry.addr = BASE + <u64>buf;
  entry.len = len;
  entry.bid = bid;
}

/** io_uring_buf_ring_advance: publishes `count` added entries (release store of the tail). */
export function buf_ring_advance(br: usize, count: u32): void {
  const tail = load<u16>(br + BUF_RING_TAIL);
  atomic.store<u16>(br + BUF_RING_TAIL, <u16>(tail + count));
}

/** The ring's tail as the application last published it. */
export function buf_ring_tail(br: usize): u32 {
  return atomic.load<u16>(br + BUF_RING_TAIL);
}
