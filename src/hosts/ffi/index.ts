// The FFI host: no addon. The runtime's foreign-function interface (Deno.dlopen, bun:ffi) calls
// libc (deno.ts, bun.ts); the bridge (bridge.ts, with mirror.ts) and the pollers (poller.ts,
// waiter.ts) are the same on both.

import type { Host } from '../../host.js';
import { createFfiBridge } from './bridge.js';
import { loadLibc } from './libc.js';
import { createFfiPoller } from './poller.js';

export async function loadFfiHost(runtime: 'deno' | 'bun'): Promise<Host> {
  const libc = await loadLibc(runtime);
  return {
    name: 'ffi',
    loop: 'waiter',
    createBridge: (memory, view) => createFfiBridge(libc, memory, view),
    createPoller: (fd, callback) => createFfiPoller(libc, runtime, fd, callback),
  };
}
