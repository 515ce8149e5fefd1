// The Node-API host: the addon built from host/ (at install, or shipped prebuilt), loaded by
// Node, Deno and Bun alike.

import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { uringError } from '../errors.js';
import { invalidArgValue } from '../validate.js';
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
function loopBackend(): 'uv' | 'thread' {
  const wanted = process.env.WASM_URING_LOOP || undefined;
  if (wanted !== undefined && wanted !== 'uv' && wanted !== 'thread') {
    throw invalidArgValue('WASM_URING_LOOP', wanted, "must be 'uv' or 'thread'");
  }
  if (wanted) return wanted;
  return 'Deno' in globalThis || typeof process.versions.bun === 'string' ? 'thread' : 'uv';
}

/**
 * Works around a Deno bug (2.9.6): an addon that calls napi_remove_async_cleanup_hook from inside
 * its async cleanup hook, as Node documents, makes Deno free the hook twice at exit ("free():
 * double free detected in tcache 2", SIGABRT). On Deno's main thread the process therefore ends
 * with Deno.exit after every 'exit' listener has run, before the hooks would: the kernel closes
 * the rings with the process. (A worker's environment still runs them when the worker ends.)
 */
function skipCleanupHooksAtExitOnDeno(): void {
  const global = globalThis as { Deno?: { exit(code?: number): never }; addEventListener?(type: string, listener: () => void): void };
  const deno = global.Deno;
  if (!deno || !isMainThread) return;
  global.addEventListener?.('unload', () => {
    // Added now, it is the last 'exit' listener: everyone else's has run when it ends the process.
    process.on('exit', (code) => deno.exit(code));
  });
}

export function loadNodeApiHost(): Host {
  const addon = loadAddon();
  skipCleanupHooksAtExitOnDeno();
  const loop = loopBackend();
  const thread = loop === 'thread';
  return {
    name: 'node-api',
    loop,
    createBridge: (memory, view) => addon.createBridge(memory, view),
    createPoller: (fd, callback) => addon.createPoller(fd, callback, thread),
  };
}
