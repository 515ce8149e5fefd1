// wasm-uring: Linux io_uring for Node.js, the ring logic in WebAssembly.
export { Ring, Probe } from './ring.js';
export type { RingOptions, Placement, Completion, CompletionHandler, KernelQuery } from './ring.js';
export { BufferRing } from './register.js';
export type { Restriction, BufferRingOptions, SyncCancelTarget } from './register.js';
export { RingMemory } from './memory.js';
export type { RingMemoryOptions, StatxFields } from './memory.js';
export { constants, opcodeName } from './constants.js';
export type { ConstantName } from './constants.js';
export { UringError } from './errors.js';
