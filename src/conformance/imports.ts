// The "uring" imports as the bridge ABI defines them (docs/bridge-abi.md, assembly/bridge.ts):
// name, parameters and result, in Wasm types. Every parameter is an i32; `kind` says how the
// host reads it: an fd (i32; not an integer of that range → -EBADF), a mirror handle (the same
// rule: → -EBADF), an offset into the memory (`ptr`, usize), a length (`len`, usize) or any
// other unsigned value (`u32`). The conformance suite calls the host through a Wasm module
// declaring exactly these, and test/conformance.test.js checks ring.wasm declares the same.

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
];
