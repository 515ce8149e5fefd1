// The host: what gives ring.wasm its bridge imports (the syscalls) and tells the event loop that
// completions wait. One is chosen when the library loads:
//
//   node-api  the addon built from host/ (Node, Deno and Bun all load Node-API addons)
//   ffi       no addon: the runtime's own foreign-function interface calls libc (Deno.dlopen,
//             bun:ffi); src/hosts/ffi/
//
// WASM_URING_HOST=node-api|ffi forces one; by default the addon where it loads, FFI otherwise
// (on a runtime that has one). WASM_URING_LOOP=uv|thread picks the addon's event-loop backend
// (host/poller.cc): a libuv poll on Node's own loop, or a waiter thread that hands over through a
// napi_threadsafe_function (stable Node-API only: what Bun and Deno get).

import { uringError } from './errors.js';
import { invalidArgValue } from './validate.js';
import { runtime } from './runtime.js';

export { runtime };

/** The "uring" imports of ring.wasm, bound to one memory (see assembly/bridge.ts). */
export interface Bridge {
  io_uring_setup(entries: number, params: number): number;
  io_uring_enter(fd: number, toSubmit: number, minComplete: number, flags: number, arg: number, argsz: number): number;
  io_uring_enter_reg(fd: number, toSubmit: number, minComplete: number, flags: number, offset: number, argsz: number): number;
  io_uring_register(fd: number, opcode: number, arg: number, argLen: number, nrArgs: number): number;
  ring_map(fd: number, pgoff: number, dest: number, len: number): number;
  ring_unmap(dest: number, len: number): number;
  ring_mirror(fd: number, sqRing: number, sqRingLen: number, cqRing: number, cqRingLen: number, sqes: number, sqesLen: number): number;
  mirror_enter(mirror: number, toSubmit: number, minComplete: number, flags: number, arg: number, argsz: number): number;
  mirror_enter_reg(mirror: number, toSubmit: number, minComplete: number, flags: number, offset: number, argsz: number): number;
  mirror_sync(mirror: number): number;
  mirror_release(mirror: number): number;
  close(fd: number): number;
  memory_base(): number;
  page_size(): number;
  // Version 2: plain syscalls (docs/bridge-abi.md, section 4).
  socket(domain: number, type: number, protocol: number): number;
  bind(fd: number, addr: number, addrLen: number): number;
  listen(fd: number, backlog: number): number;
  setsockopt(fd: number, level: number, optname: number, optval: number, optlen: number): number;
  getsockname(fd: number, addr: number, addrLen: number): number;
  getpeername(fd: number, addr: number, addrLen: number): number;
  shutdown(fd: number, how: number): number;
  ftruncate(fd: number, lengthLo: number, lengthHi: number): number;
  unlinkat(dirfd: number, path: number, pathLen: number, flags: number): number;
  renameat2(olddirfd: number, oldpath: number, oldpathLen: number, newdirfd: number, newpath: number, newpathLen: number, flags: number): number;
  mkdirat(dirfd: number, path: number, pathLen: number, mode: number): number;
}

/**
 * A watcher on a ring fd: calls back, from the event loop, while the fd is readable, i.e. while
 * completions wait. `status` is 0 or a negative errno when watching failed.
 */
export interface Poller {
  /** Starts watching; 0 or a negative errno. */
  start(): number;
  stop(): void;
  /** Whether a started poller keeps the process alive (the default) or not. */
  ref(): void;
  unref(): void;
  /** Stops for good and lets go of the fd; `closed` runs once nothing watches it any more. */
  close(closed?: () => void): void;
}

export interface Host {
  /** 'node-api' or 'ffi'. */
  readonly name: 'node-api' | 'ffi';
  /** How completions reach the event loop: 'uv' (libuv poll), 'thread' (a waiter thread), … */
  readonly loop: string;
  /** The bridge imports bound to `memory` (`view`: a Uint8Array over all of it); null if it cannot. */
  createBridge(memory: WebAssembly.Memory, view: Uint8Array): Bridge | null;
  /**
   * A watcher on `fd`; null when none can be made (no fd left). `loop` names one of the host's
   * backends instead of its default (a host with one backend ignores it).
   */
  createPoller(fd: number, callback: (status: number) => void, loop?: string): Poller | null;
}


async function chooseHost(): Promise<Host> {
  const wanted = process.env.WASM_URING_HOST || undefined;
  if (wanted !== undefined && wanted !== 'node-api' && wanted !== 'ffi') {
    throw invalidArgValue('WASM_URING_HOST', wanted, "must be 'node-api' or 'ffi'");
  }
  if (wanted === 'ffi') return ffiHost();
  const { loadNodeApiHost } = await import('./hosts/node-api.js');
  try {
    return loadNodeApiHost();
  } catch (error) {
    // No addon: Deno and Bun can go on without one.
    if (wanted === undefined && runtime !== 'node' && (error as { code?: string }).code === 'ERR_URING_NO_ADDON') return ffiHost();
    throw error;
  }
}

async function ffiHost(): Promise<Host> {
  if (runtime === 'node') {
    throw uringError('ERR_URING_NO_FFI', 'WASM_URING_HOST=ffi: Node has no foreign-function interface; the ffi host runs on Deno and Bun');
  }
  const { loadFfiHost } = await import('./hosts/ffi/index.js');
  return loadFfiHost(runtime);
}

/** The host this process uses (mutable only so tests can count or fail its calls). */
export const host: Host = await chooseHost();
