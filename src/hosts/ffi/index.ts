// The FFI host (no addon): in progress on its branch.
import { uringError } from '../../errors.js';
import type { Host } from '../../host.js';

export function loadFfiHost(runtime: 'deno' | 'bun'): Host {
  throw uringError('ERR_URING_NO_FFI', `the ffi host for ${runtime} is not built yet`);
}
