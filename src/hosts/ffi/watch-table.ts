// The table that the JS thread (poller.ts) and the waiter thread (waiter.ts) share: one slot of
// two int32s per watched fd, [fd, state], in a SharedArrayBuffer. A state moves by
// compare-and-swap only:
//
//   IDLE ──start──▶ ARMED ──waiter: readable──▶ FIRED ──JS: callback ran, still watching──▶ ARMED
//                     │                           └────────JS: callback ran, stopped───────▶ IDLE
//                     └──stop──▶ IDLE
//   any ──close──▶ CLOSING ──waiter: out of its poll──▶ RELEASED ──JS: fd closed──▶ FREE
//
// The waiter polls only ARMED slots, so a level-triggered fd is handed over once and not again
// until its callback has run; and the JS thread closes an fd only once the waiter has released
// it (so the waiter never polls a number that a new file may have taken). close() waits a moment
// for the release (Atomics.wait) once the waiter runs, so the fd is gone when it returns, as with
// the addon; a waiter still starting (or slow to answer) releases it by message instead.

export const FREE = 0;
export const IDLE = 1;
export const ARMED = 2;
export const FIRED = 3;
export const CLOSING = 4;
export const RELEASED = 5;

/** How many fds one waiter watches at most (one ring each). */
export const SLOTS = 4096;

/**
 * Int32s: the wake eventfd, the number of slots in use (the rest are FREE), whether the waiter
 * runs (1 once it polls), SLOTS × [fd, state].
 */
export const TABLE_WORDS = 3 + SLOTS * 2;

export const WAKE_FD = 0;
export const IN_USE = 1;
export const RUNNING = 2;
export const fdAt = (slot: number) => 3 + slot * 2;
export const stateAt = (slot: number) => 4 + slot * 2;

/** What the waiter posts: slots that fired with their status (0 or -errno), slots it released. */
export interface WaiterMessage {
  fired?: number[];
  released?: number[];
}
