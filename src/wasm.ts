// ring.wasm, compiled once per process; instantiated once per RingMemory.

import { readFileSync } from 'node:fs';
import type { instantiate } from './wasm/ring.js';

/** The exports of ring.wasm, typed from the declarations asc emits next to it. */
export type RingWasm = Awaited<ReturnType<typeof instantiate>>;

let compiled: WebAssembly.Module | undefined;

export function ringModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./wasm/ring.wasm', import.meta.url)));
  return compiled;
}
