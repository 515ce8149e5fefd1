// The io_uring constants under their C names, read from ring.wasm's exports (assembly/abi/
// constants.ts is where they are defined; nothing is restated here). Like `fs.constants`.

import type { RingWasm } from './wasm.js';
import { ringModule } from './wasm.js';

/**
 * Names of ring.wasm's exported constants: the upper-case globals.
 * @useDeclaredType
 */
export type ConstantName = {
  [K in keyof RingWasm]: K extends Uppercase<K> ? (RingWasm[K] extends { readonly value: number } ? K : never) : never;
}[keyof RingWasm];

/** Reads every upper-case global exported by an instance of ring.wasm. */
export function readConstants(exports: Record<string, unknown>): Readonly<Record<ConstantName, number>> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof WebAssembly.Global && name === name.toUpperCase()) out[name] = Number(value.value);
  }
  return Object.freeze(out) as Record<ConstantName, number>;
}

/**
 * The constants, read from a throwaway instance (constants do not depend on the memory): lets
 * `import { constants }` work before any ring exists.
 */
function loadConstants(): Readonly<Record<ConstantName, number>> {
  const module = ringModule();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const stub = () => -38; // -ENOSYS: never called, nothing runs at instantiation
  const uring = Object.fromEntries(
    WebAssembly.Module.imports(module).filter((i) => i.module === 'uring').map((i) => [i.name, stub]));
  const instance = new WebAssembly.Instance(module, { uring, env: { memory, abort: stub } });
  return readConstants(instance.exports);
}

/** Every io_uring constant under its C name (IORING_OP_READ, IOSQE_IO_LINK, …), like fs.constants. */
export const constants = loadConstants();

/** The name of opcode `op` ('READ' for IORING_OP_READ), or undefined. */
export function opcodeName(op: number): string | undefined {
  return opcodeNames.get(op);
}

const opcodeNames = new Map<number, string>(
  Object.entries(constants)
    .filter(([name]) => name.startsWith('IORING_OP_'))
    .map(([name, value]) => [value, name.slice('IORING_OP_'.length)]));
