// The bridge ABI version this library's hosts implement (docs/bridge-abi.md). Every module that
// imports "uring" — ring.wasm, a guest program — exports the version it was built against as the
// immutable i32 global `uring_abi_version` (assembly/bridge.ts). instantiate() checks it: that
// the module exports it at all before instantiating (so a module built without it never runs
// its start function), and its value right after, before any export of the instance is called.

import type { Bridge } from './host.js';
import { uringError } from './errors.js';

/** The version of the "uring" imports both hosts provide. */
export const HOST_ABI_VERSION = 2;

// ─── The "uring" imports ─────────────────────────────────────────────────────────────────────────
// Name, parameters and result, in Wasm types. Every parameter is an i32; `kind` says how the host
// reads it: an fd (i32; not an integer of that range → -EBADF), a mirror handle (the same rule:
// → -EBADF), an offset into the memory (`ptr`, usize), a length (`len`, usize) or any other
// unsigned value (`u32`). The runner checks a guest's imports against these types, the
// conformance suite calls a host through a Wasm module declaring exactly these, and
// test/conformance.test.js checks ring.wasm and docs/bridge-abi.md say the same.

export type ParamKind = 'fd' | 'handle' | 'ptr' | 'len' | 'u32';

export interface ImportSpec {
  readonly name: string;
  readonly params: readonly (readonly [name: string, kind: ParamKind])[];
  readonly result: 'i32' | 'f64';
}

const enterParams = [['to_submit', 'u32'], ['min_complete', 'u32'], ['flags', 'u32']] as const;

export const IMPORTS: readonly ImportSpec[] = [
  { name: 'io_uring_setup', params: [['entries', 'u32'], ['params', 'ptr']], result: 'i32' },
  { name: 'io_uring_enter', params: [['fd', 'fd'], ...enterParams, ['arg', 'ptr'], ['argsz', 'len']], result: 'i32' },
  { name: 'io_uring_enter_reg', params: [['fd', 'fd'], ...enterParams, ['offset', 'u32'], ['argsz', 'len']], result: 'i32' },
  { name: 'io_uring_register', params: [['fd', 'fd'], ['opcode', 'u32'], ['arg', 'ptr'], ['arg_len', 'len'], ['nr_args', 'u32']], result: 'i32' },
  { name: 'ring_map', params: [['fd', 'fd'], ['pgoff', 'u32'], ['dest', 'ptr'], ['len', 'len']], result: 'i32' },
  { name: 'ring_unmap', params: [['dest', 'ptr'], ['len', 'len']], result: 'i32' },
  {
    name: 'ring_mirror',
    params: [['fd', 'fd'], ['sq_ring', 'ptr'], ['sq_ring_len', 'len'], ['cq_ring', 'ptr'], ['cq_ring_len', 'len'], ['sqes', 'ptr'], ['sqes_len', 'len']],
    result: 'i32',
  },
  { name: 'mirror_enter', params: [['mirror', 'handle'], ...enterParams, ['arg', 'ptr'], ['argsz', 'len']], result: 'i32' },
  { name: 'mirror_enter_reg', params: [['mirror', 'handle'], ...enterParams, ['offset', 'u32'], ['argsz', 'len']], result: 'i32' },
  { name: 'mirror_sync', params: [['mirror', 'handle']], result: 'i32' },
  { name: 'mirror_release', params: [['mirror', 'handle']], result: 'i32' },
  { name: 'close', params: [['fd', 'fd']], result: 'i32' },
  { name: 'memory_base', params: [], result: 'f64' },
  { name: 'page_size', params: [], result: 'i32' },
  // Version 2: plain syscalls, for what a kernel's io_uring lacks (docs/bridge-abi.md, section 4).
  { name: 'socket', params: [['domain', 'u32'], ['type', 'u32'], ['protocol', 'u32']], result: 'i32' },
  { name: 'bind', params: [['fd', 'fd'], ['addr', 'ptr'], ['addr_len', 'len']], result: 'i32' },
  { name: 'listen', params: [['fd', 'fd'], ['backlog', 'u32']], result: 'i32' },
  { name: 'setsockopt', params: [['fd', 'fd'], ['level', 'u32'], ['optname', 'u32'], ['optval', 'ptr'], ['optlen', 'len']], result: 'i32' },
  { name: 'getsockname', params: [['fd', 'fd'], ['addr', 'ptr'], ['addr_len', 'len']], result: 'i32' },
  { name: 'getpeername', params: [['fd', 'fd'], ['addr', 'ptr'], ['addr_len', 'len']], result: 'i32' },
  { name: 'shutdown', params: [['fd', 'fd'], ['how', 'u32']], result: 'i32' },
  { name: 'ftruncate', params: [['fd', 'fd'], ['length_lo', 'u32'], ['length_hi', 'u32']], result: 'i32' },
  { name: 'unlinkat', params: [['dirfd', 'fd'], ['path', 'ptr'], ['path_len', 'len'], ['flags', 'u32']], result: 'i32' },
  {
    name: 'renameat2',
    params: [['olddirfd', 'fd'], ['oldpath', 'ptr'], ['oldpath_len', 'len'], ['newdirfd', 'fd'], ['newpath', 'ptr'], ['newpath_len', 'len'], ['flags', 'u32']],
    result: 'i32',
  },
  { name: 'mkdirat', params: [['dirfd', 'fd'], ['path', 'ptr'], ['path_len', 'len'], ['mode', 'u32']], result: 'i32' },
];

/** An import's Wasm function type: every parameter an i32. */
export function importType(spec: ImportSpec): { params: 'i32'[]; results: ['i32' | 'f64'] } {
  return { params: spec.params.map(() => 'i32' as const), results: [spec.result] };
}

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
