// The bridge ABI version this library's hosts implement (docs/bridge-abi.md). Every module that
// imports "uring" — ring.wasm, a guest program — exports the version it was built against as the
// immutable i32 global `uring_abi_version` (assembly/bridge.ts). instantiate() checks it: that
// the module exports it at all before instantiating (so a module built without it never runs
// its start function), and its value right after, before any export of the instance is called.

import type { Bridge } from './host.js';
import { uringError } from './errors.js';

/** The version of the "uring" imports both hosts provide. */
export const HOST_ABI_VERSION = 1;

const MISSING = (what: string) =>
  `${what} does not export the global uring_abi_version: it was not built against wasm-uring's bridge ABI (an AssemblyScript guest re-exports it: export { uring_abi_version } from "wasm-uring")`;

/**
 * Throws ERR_URING_ABI unless `exports` (an instance's, read before anything of it is called)
 * carries `uring_abi_version` equal to HOST_ABI_VERSION. `what` names the module in the message.
 */
export function checkAbi(exports: object, what: string): void {
  const global = (exports as { uring_abi_version?: unknown }).uring_abi_version as { value?: unknown } | undefined;
  const version = typeof global === 'object' && global !== null ? global.value : undefined;
  if (version === HOST_ABI_VERSION) return;
  throw uringError('ERR_URING_ABI', version === undefined
    ? MISSING(what)
    : `${what} was built for bridge ABI version ${String(version)}; this host implements version ${HOST_ABI_VERSION}`);
}

/**
 * Instantiates `module` on `bridge` (its "uring" imports) and `memory` (its "env" memory, with
 * AssemblyScript's `env.abort`), as RingMemory does for ring.wasm: ERR_URING_ABI before
 * instantiation when the module exports no global `uring_abi_version`, and right after it when
 * the version is not HOST_ABI_VERSION (checkAbi).
 */
export function instantiate(module: WebAssembly.Module, bridge: Bridge, memory: WebAssembly.Memory, what: string): WebAssembly.Instance {
  const exported = WebAssembly.Module.exports(module).some((e) => e.name === 'uring_abi_version' && e.kind === 'global');
  if (!exported) throw uringError('ERR_URING_ABI', MISSING(what));
  const instance = new WebAssembly.Instance(module, {
    uring: bridge as unknown as WebAssembly.ModuleImports,
    env: { memory, abort: wasmAbort },
  });
  checkAbi(instance.exports, what);
  return instance;
}

/** env.abort of AssemblyScript debug builds: a failed assertion inside the module. */
function wasmAbort(): never {
  throw uringError('ERR_URING_WASM_ABORT', 'ring.wasm aborted (assertion failed)');
}
