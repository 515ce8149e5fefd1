// wasm-uring: Linux io_uring for Node.js, the ring logic in WebAssembly.
import './webassembly.js'; // the WebAssembly types the declarations name, without the DOM library
export { Ring, Probe } from './ring.js';
export type { RingOptions, Placement, Completion, CompletionHandler, KernelQuery } from './ring.js';
export { BufferRing } from './register.js';
export type { Restriction, BufferRingOptions, SyncCancelTarget } from './register.js';
export { KernelSupport, linuxNumber, type Need } from './kernel.js';
export { RingMemory } from './memory.js';
export type { RingMemoryOptions, StatxFields } from './memory.js';
export { constants, opcodeName } from './constants.js';
export type { ConstantName } from './constants.js';
export { UringError, AbortError } from './errors.js';
export { AsyncRing } from './promises/ring.js';
export type { ReadOptions, Family, CopyFileOptions, AsyncRingOptions } from './promises/ring.js';
export type { OperationOptions } from './promises/engine.js';
export type { RecvMultishotOptions } from './promises/multishot.js';
export { Chain } from './promises/chain.js';
export { Stats } from './promises/stats.js';
export type { SocketAddress } from './promises/address.js';
export type { Operation } from './promises/operation.js';
export * as operations from './promises/operations.js';
export { runGuest } from './guest/run.js';
export type { Guest, RunGuestOptions, WasiChoice } from './guest/run.js';
