// The waiter thread of the FFI host's pollers (a node:worker_threads Worker, poller.ts starts
// it): blocked in poll(2) on every ARMED fd of the shared table and the wake eventfd, it moves
// each readable slot to FIRED and posts it to the JS thread; it releases CLOSING slots. A
// Worker because neither runtime can unref a pending FFI call: Deno keeps the process alive while
// a `nonblocking` call is pending, bun:ffi has none, and an unref'd Worker blocked in a
// synchronous call lets the process exit.

import { parentPort, workerData } from 'node:worker_threads';
import { loadLibc } from './libc.js';
import { EINTR, EIO, POLLERR, POLLHUP, POLLIN, POLLNVAL, EBADF } from './libc.js';
import { ARMED, CLOSING, FIRED, IN_USE, RELEASED, RUNNING, WAKE_FD, fdAt, stateAt, type WaiterMessage } from './watch-table.js';

const { table, runtime } = workerData as { table: SharedArrayBuffer; runtime: 'deno' | 'bun' };
const words = new Int32Array(table);
const libc = await loadLibc(runtime);
const wakeFd = Atomics.load(words, WAKE_FD);
const drain = new Uint8Array(8);

Atomics.store(words, RUNNING, 1);
let pollfds = new Int32Array(2 * 64);
const polled: number[] = [];

for (;;) {
  // Who to watch, and which fds to let go of (the JS thread never polls or closes these).
  polled.length = 0;
  const released: number[] = [];
  const inUse = Atomics.load(words, IN_USE);
  for (let slot = 0; slot < inUse; slot++) {
    const state = Atomics.load(words, stateAt(slot));
    if (state === ARMED) polled.push(slot);
    else if (state === CLOSING && Atomics.compareExchange(words, stateAt(slot), CLOSING, RELEASED) === CLOSING) {
      Atomics.notify(words, stateAt(slot));
      released.push(slot);
    }
  }
  if (released.length > 0) parentPort!.postMessage({ released } satisfies WaiterMessage);
  const count = polled.length + 1;
  if (pollfds.length < count * 2) pollfds = new Int32Array(count * 4);
  // struct pollfd { int fd; short events; short revents; }: events in the low half (little endian).
  pollfds[0] = wakeFd;
  pollfds[1] = POLLIN;
  for (let i = 0; i < polled.length; i++) {
    pollfds[2 + i * 2] = Atomics.load(words, fdAt(polled[i]));
    pollfds[3 + i * 2] = POLLIN;
  }
  const n = libc.poll(pollfds, count, -1);
  if (n === -EINTR) continue;
  if (n < 0) {
    // poll itself failed (ENOMEM): every watcher learns it, and stops.
    deliver(polled.map(() => n));
    continue;
  }
  if ((pollfds[1] >>> 16) & POLLIN) libc.read(wakeFd, drain);
  deliver(polled.map((_, i) => {
    const revents = pollfds[3 + i * 2] >>> 16;
    if (!(revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL))) return 1;
    return revents & POLLNVAL ? -EBADF : revents & POLLERR ? -EIO : 0;
  }));
}

/** Hands `statuses[i]` (1: not readable) of polled slot i over to the JS thread. */
function deliver(statuses: number[]): void {
  const fired: number[] = [];
  for (let i = 0; i < statuses.length; i++) {
    const slot = polled[i];
    if (statuses[i] === 1) continue;
    // Stopped or closed meanwhile: nothing to hand over.
    if (Atomics.compareExchange(words, stateAt(slot), ARMED, FIRED) !== ARMED) continue;
    fired.push(slot, statuses[i]);
  }
  if (fired.length > 0) parentPort!.postMessage({ fired } satisfies WaiterMessage);
}
