// The Node-API host: the addon built from host/ (at install, or shipped prebuilt), loaded by
// Node, Deno and Bun alike.

import { createRequire } from 'node:module';
import { uringError } from '../errors.js';
import { invalidArgValue } from '../validate.js';
import { runtime } from '../runtime.js';
import type { Bridge, Host, Poller } from '../host.js';

interface Addon {
  createBridge(memory: WebAssembly.Memory, view: Uint8Array): Bridge | null;
  /** `thread`: the waiter-thread backend instead of a libuv poll (host/poller.cc). */
  createPoller(fd: number, callback: (status: number) => void, thread: boolean): Poller | null;
}

const require = createRequire(import.meta.url);

/** The addon node-gyp built at install (Release, or Debug from `node-gyp rebuild --debug`). */
function loadAddon(): Addon {
  const tried: string[] = [];
  for (const build of ['Release', 'Debug']) {
    const path = `../../../build/${build}/uring_bridge.node`;
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

/**
 * The event-loop backend: libuv's poll where the runtime is Node itself (libuv is not part of
 * the stable Node-API: Bun has none, Deno only an imitation), the waiter thread elsewhere.
 */
function loopBackend(wanted: string | undefined, name: string): 'uv' | 'thread' {
  if (wanted !== undefined && wanted !== 'uv' && wanted !== 'thread') {
    throw invalidArgValue(name, wanted, "must be 'uv' or 'thread'");
  }
  if (wanted === 'uv' && runtime !== 'node') {
    // Bun aborts the process at uv_poll_init; Deno's imitation never reports the fd readable.
    throw uringError('ERR_URING_UNSUPPORTED',
      `${name}=uv: the libuv backend runs on Node only (${runtime === 'bun' ? 'Bun has no libuv' : "Deno's libuv imitation does not report a ring fd readable: an AsyncRing would hang"}); use 'thread'`);
  }
  if (wanted) return wanted;
  return runtime === 'node' ? 'uv' : 'thread';
}

export function loadNodeApiHost(): Host {
  const addon = loadAddon();
  const loop = loopBackend(process.env.WASM_URING_LOOP || undefined, 'WASM_URING_LOOP');
  return {
    name: 'node-api',
    loop,
    createBridge: (memory, view) => addon.createBridge(memory, view),
    createPoller: (fd, callback, wanted) =>
      addon.createPoller(fd, callback, (wanted === undefined ? loop : loopBackend(wanted, 'options.loop')) === 'thread'),
  };
}
