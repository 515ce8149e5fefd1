// The bridge ABI version this library's hosts implement (docs/bridge-abi.md). Every module that
// imports "uring" — ring.wasm, a guest program — exports the version it was built against as the
// global `uring_abi_version` (assembly/bridge.ts); it is checked before the module runs any code
// that could call an import.

import { uringError } from './errors.js';

/** The version of the "uring" imports both hosts provide. */
export const HOST_ABI_VERSION = 1;

/**
 * Throws ERR_URING_ABI unless `exports` (an instance's, read before anything of it is called)
 * carries `uring_abi_version` equal to HOST_ABI_VERSION. `what` names the module in the message.
 */
export function checkAbi(exports: object, what: string): void {
  const global = (exports as { uring_abi_version?: unknown }).uring_abi_version as { value?: unknown } | undefined;
  const version = typeof global === 'object' && global !== null ? global.value : undefined;
  if (version === HOST_ABI_VERSION) return;
  throw uringError('ERR_URING_ABI', version === undefined
    ? `${what} does not export the global uring_abi_version: it was not built against wasm-uring's bridge ABI (an AssemblyScript guest re-exports it: export { uring_abi_version } from "wasm-uring")`
    : `${what} was built for bridge ABI version ${String(version)}; this host implements version ${HOST_ABI_VERSION}`);
}
