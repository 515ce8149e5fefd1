// The host bridge itself (host/bridge.cc), as ring.wasm imports it: for tests of its checks.
// The library keeps its own bridge private (it alone decides the lengths the kernel will use);
// a test binds a second one to the same memory, with its own rings.
import { host as addon } from '../../dist/src/host.js';

/** A fresh set of bridge imports bound to `memory` (a RingMemory). */
export function rawBridge(memory) {
  const bridge = addon.createBridge(memory.memory, memory.bytes);
  if (!bridge) throw new Error('createBridge refused the memory');
  return bridge;
}
