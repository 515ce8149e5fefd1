// The Node-API addon built from host/ at install: the bridge that ring.wasm imports.

import { createRequire } from 'node:module';
import { uringError } from './errors.js';

/** The "uring" imports of ring.wasm, bound to one memory (see assembly/bridge.ts). */
export interface Bridge {
  io_uring_setup(entries: number, params: number): number;
  io_uring_enter(fd: number, toSubmit: number, minComplete: number, flags: number, arg: number, argsz: number): number;
  io_uring_enter_reg(fd: number, toSubmit: number, minComplete: number, flags: number, offset: number, argsz: number): number;
  io_uring_register(fd: number, opcode: number, arg: number, argLen: number, nrArgs: number): number;
  ring_map(fd: number, pgoff: number, dest: number, len: number): number;
  ring_unmap(dest: number, len: number): number;
  close(fd: number): number;
  memory_base(): number;
  page_size(): number;
}

/**
 * A libuv watcher on a ring fd (host/poller.cc): calls back, from Node's event loop, while the
 * fd is readable, i.e. while completions wait. `status` is 0 or a negative libuv error.
 */
export interface Poller {
  /** Starts watching; 0 or a negative libuv error. */
  start(): number;
  stop(): void;
  /** Whether a started poller keeps the process alive (the default) or not. */
  ref(): void;
  unref(): void;
  /** Stops for good and frees the watcher; `closed` runs once libuv has let go of the fd. */
  close(closed?: () => void): void;
}

interface Addon {
  createBridge(memory: WebAssembly.Memory, view: Uint8Array): Bridge | null;
  createPoller(fd: number, callback: (status: number) => void): Poller | null;
}

const require = createRequire(import.meta.url);

/** The addon node-gyp built at install (Release, or Debug from `node-gyp rebuild --debug`). */
function loadAddon(): Addon {
  const tried: string[] = [];
  for (const build of ['Release', 'Debug']) {
    const path = `../../build/${build}/uring_bridge.node`;
    try {
      return require(path) as Addon;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String((error as Error).message).includes('uring_bridge.node')) throw error;
      tried.push(`build/${build}/uring_bridge.node`);
    }
  }
  throw uringError('ERR_URING_NO_ADDON',
    `wasm-uring's Node-API addon is not built (${tried.join(' and ')} missing: installed with --ignore-scripts?): ` +
    '`npm rebuild wasm-uring` builds it, with a C++ compiler, make and python3 (node-gyp)');
}

export const addon: Addon = loadAddon();
