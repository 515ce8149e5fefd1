// The FFI host's pollers (the Poller of src/host.ts): every poller of the process shares one
// waiter thread (waiter.ts) through a table in shared memory (watch-table.ts). Each poller
// watches a duplicate of the ring fd that only it closes, once the waiter has let go of it, so
// code that closes the ring's number twice can never pull the fd out from under it. The Worker
// keeps the process alive exactly while a ref'd poller watches or a close waits for the waiter.

import { Worker } from 'node:worker_threads';
import type { Poller } from '../../host.js';
import { EBADF, EFD_CLOEXEC, EFD_NONBLOCK, EIO, F_DUPFD_CLOEXEC, type Libc } from './libc.js';
import {
  ARMED, CLOSING, FIRED, FREE, IDLE, IN_USE, RELEASED, RUNNING, SLOTS, TABLE_WORDS, WAKE_FD, fdAt, stateAt, type WaiterMessage,
} from './watch-table.js';

interface Watch {
  slot: number;
  callback: (status: number) => void;
  watching: boolean;
  refed: boolean;
  closed: boolean;
  onClosed: (() => void) | undefined;
}

/** A callback's exception goes where an event-loop callback's would: 'uncaughtException'. */
function callSafely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** How long close() waits for the waiter to release the fd before leaving it to its message. */
const RELEASE_WAIT_MS = 50;

class Waiter {
  readonly #libc: Libc;
  readonly #words = new Int32Array(new SharedArrayBuffer(TABLE_WORDS * 4));
  readonly #watches: (Watch | undefined)[] = [];
  readonly #one = new Uint8Array(new BigUint64Array([1n]).buffer);
  readonly #worker: Worker;
  /** Ref'd pollers that watch, plus closes the waiter has yet to confirm. */
  #holds = 0;
  #refed = true;

  /** Throws when no eventfd can be had; the Worker's own failure reaches every watcher. */
  constructor(libc: Libc, runtime: 'deno' | 'bun') {
    this.#libc = libc;
    const wake = libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake < 0) throw new Error(`eventfd: ${wake}`);
    Atomics.store(this.#words, WAKE_FD, wake);
    this.#worker = new Worker(new URL('./waiter.js', import.meta.url), {
      workerData: { table: this.#words.buffer, runtime },
    });
    this.#worker.on('message', (message: WaiterMessage) => this.#onMessage(message));
    // The waiter cannot run (no FFI in the Worker?): everyone watching hears -EIO and stops,
    // closes waiting for it finish here instead, and the next poller gets a new waiter.
    this.#worker.on('error', () => {
      if (waiter === this) waiter = undefined;
      for (const w of this.#watches) {
        if (!w) continue;
        if (w.watching) this.#fire(w, -EIO);
        else if (w.closed && Atomics.compareExchange(this.#words, stateAt(w.slot), CLOSING, RELEASED) === CLOSING) {
          this.#onMessage({ released: [w.slot] }); // nothing polls any more
        }
      }
    });
    this.#setRef(false);
  }

  /** A watch of a duplicate of `fd`, or null (no fd or slot left). */
  add(fd: number, callback: (status: number) => void): Watch | null {
    let slot = this.#watches.findIndex((w, i) => w === undefined && Atomics.load(this.#words, stateAt(i)) === FREE);
    if (slot < 0) {
      if (this.#watches.length >= SLOTS) return null;
      slot = this.#watches.length;
      this.#watches.push(undefined);
      Atomics.store(this.#words, IN_USE, this.#watches.length);
    }
    const dup = this.#libc.fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) return null;
    Atomics.store(this.#words, fdAt(slot), dup);
    Atomics.store(this.#words, stateAt(slot), IDLE);
    const w: Watch = { slot, callback, watching: false, refed: true, closed: false, onClosed: undefined };
    this.#watches[slot] = w;
    return w;
  }

  start(w: Watch): void {
    if (w.closed || w.watching) return;
    w.watching = true;
    // FIRED: a hand-over is on its way, and re-arms it after its callback.
    if (Atomics.compareExchange(this.#words, stateAt(w.slot), IDLE, ARMED) === IDLE) this.#wake();
    if (w.refed) this.#hold(1);
  }

  stop(w: Watch): void {
    if (w.closed || !w.watching) return;
    w.watching = false;
    if (Atomics.compareExchange(this.#words, stateAt(w.slot), ARMED, IDLE) === ARMED) this.#wake();
    if (w.refed) this.#hold(-1);
  }

  setRef(w: Watch, refed: boolean): void {
    if (w.closed || w.refed === refed) return;
    w.refed = refed;
    if (w.watching) this.#hold(refed ? 1 : -1);
  }

  close(w: Watch, closed: (() => void) | undefined): void {
    if (w.closed) return;
    this.stop(w);
    w.closed = true;
    w.onClosed = closed;
    Atomics.store(this.#words, stateAt(w.slot), CLOSING);
    this.#hold(1); // until the waiter has released the fd
    this.#wake();
    // The waiter answers within microseconds once it runs; if it does not, its message will.
    const state = stateAt(w.slot);
    const running = Atomics.load(this.#words, RUNNING) === 1;
    for (const until = performance.now() + RELEASE_WAIT_MS; running && Atomics.load(this.#words, state) === CLOSING;) {
      const left = until - performance.now();
      if (left <= 0 || Atomics.wait(this.#words, state, CLOSING, left) === 'timed-out') break;
    }
    if (this.#finishClose(w.slot)) {
      // `closed` from the loop, as the addon calls it, not from inside close().
      const onClosed = w.onClosed;
      if (onClosed) setImmediate(() => callSafely(onClosed));
    }
  }

  /**
   * A slot the waiter released: its fd closed, the slot free. False when it is not released (yet)
   * or was finished already (the waiter's message after close() finished it).
   */
  #finishClose(slot: number): boolean {
    if (Atomics.load(this.#words, stateAt(slot)) !== RELEASED) return false;
    this.#libc.close(Atomics.load(this.#words, fdAt(slot)));
    this.#watches[slot] = undefined;
    Atomics.store(this.#words, stateAt(slot), FREE);
    this.#hold(-1);
    return true;
  }

  #onMessage(message: WaiterMessage): void {
    const fired = message.fired ?? [];
    for (let i = 0; i < fired.length; i += 2) {
      const w = this.#watches[fired[i]];
      if (w && !w.closed) this.#fire(w, fired[i + 1]);
    }
    for (const slot of message.released ?? []) {
      const w = this.#watches[slot];
      if (this.#finishClose(slot) && w?.onClosed) callSafely(w.onClosed);
    }
  }

  /** One hand-over: the callback (while watching), then the slot armed again or left idle. */
  #fire(w: Watch, status: number): void {
    if (w.watching) {
      // An error stops the watcher, as a uv_poll_t's does.
      if (status < 0) this.stop(w);
      callSafely(() => w.callback(status));
    }
    if (w.closed) return;
    const next = w.watching ? ARMED : IDLE;
    if (Atomics.compareExchange(this.#words, stateAt(w.slot), FIRED, next) === FIRED && next === ARMED) this.#wake();
  }

  #wake(): void {
    this.#libc.write(Atomics.load(this.#words, WAKE_FD), this.#one);
  }

  #hold(delta: number): void {
    this.#holds += delta;
    this.#setRef(this.#holds > 0);
  }

  #setRef(refed: boolean): void {
    if (refed === this.#refed) return;
    this.#refed = refed;
    if (refed) this.#worker.ref();
    else this.#worker.unref();
  }
}

let waiter: Waiter | undefined;

/** A Poller on `fd` for the FFI host, or null when none can be made (no fd left). */
export function createFfiPoller(libc: Libc, runtime: 'deno' | 'bun', fd: number, callback: (status: number) => void): Poller | null {
  if (!Number.isInteger(fd) || fd < 0 || typeof callback !== 'function') return null;
  try {
    waiter ??= new Waiter(libc, runtime);
  } catch {
    return null;
  }
  const w = waiter.add(fd, callback);
  if (!w) return null;
  const shared = waiter;
  return {
    // A closed poller watches nothing: -EBADF, as the addon's answers.
    start: () => (w.closed ? -EBADF : (shared.start(w), 0)),
    stop: () => shared.stop(w),
    ref: () => shared.setRef(w, true),
    unref: () => shared.setRef(w, false),
    close: (closed?: () => void) => shared.close(w, closed),
  };
}
