// The Node-API host: the addon built from host/ (at install, or shipped prebuilt), loaded by
// Node, Deno and Bun alike.

import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
/** From dist/src/hosts/ (where this module is compiled to) up to the package root. */
const packageRoot = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The addon, found the ecosystem's way (node-gyp-build): a local build (build/Release, then
 * build/Debug from `node-gyp rebuild --debug`) before the prebuild shipped for this platform
 * (prebuilds/linux-x64/…). A prebuild this system cannot load (a glibc or libstdc++ older than
 * the one it was built against) counts as missing; a local build that fails to load throws as is.
 */
function loadAddon(): Addon {
  const nodeGypBuild = require('node-gyp-build') as { path(dir: string): string };
  let path: string;
  try {
    path = nodeGypBuild.path(packageRoot);
  } catch (error) {
    const wanted = String((error as Error).message).split('\n')[0].replace(/^No native build was found for /, '');
    throw uringError('ERR_URING_NO_ADDON',
      `wasm-uring's Node-API addon is missing: no build in build/Release or build/Debug, and no prebuild in prebuilds/ fits (${wanted}). ` +
      '`npm rebuild wasm-uring` builds it, with a C++ compiler, make and python3 (node-gyp)');
  }
  try {
    return require(path) as Addon;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_DLOPEN_FAILED' || !relative(packageRoot, path).startsWith('prebuilds')) throw error;
    throw uringError('ERR_URING_NO_ADDON',
      `wasm-uring's prebuilt addon does not load on this system (${(error as Error).message}). ` +
      '`npm rebuild wasm-uring --build-from-source` builds one for it, with a C++ compiler, make and python3 (node-gyp)');
  }
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
