// The FFI host: no addon. The runtime's foreign-function interface (Deno.dlopen, bun:ffi) calls
// libc (deno.ts, bun.ts); the bridge (bridge.ts, with mirror.ts) and the pollers (poller.ts,
// waiter.ts) are the same on both.

import { uringError } from '../../errors.js';
import type { Host } from '../../host.js';
import { createFfiBridge } from './bridge.js';
import { loadLibc } from './libc.js';
import { createFfiPoller } from './poller.js';

export async function loadFfiHost(runtime: 'deno' | 'bun'): Promise<Host> {
  let libc;
  try {
    libc = await loadLibc(runtime);
  } catch (error) {
    // Deno without --allow-ffi (NotCapable), or no libc.so.6 (musl).
    throw uringError('ERR_URING_NO_FFI',
      `the ffi host could not bind libc on ${runtime} (${(error as Error).message}): ` +
      (runtime === 'deno' ? 'allow it (deno run --allow-ffi, or -A), or ' : '') + 'build the Node-API addon (npm rebuild wasm-uring)');
  }
  return {
    name: 'ffi',
    loop: 'waiter',
    createBridge: (memory, view) => createFfiBridge(libc, memory, view),
    createPoller: (fd, callback) => createFfiPoller(libc, runtime, fd, callback),
  };
}
