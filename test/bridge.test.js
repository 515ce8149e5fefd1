// What the library keeps of the bridge for itself: ring.wasm checks the pointers inside the
// structs it hands io_uring_register (the host checks only the range it is given), and JS never
// reaches the raw imports. What every host must do with its arguments — bounds, NULL, errno,
// the mirror protocol — is the conformance suite's (src/conformance/, test/conformance.test.js).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ring, RingMemory } from '../dist/src/index.js';
import { ringOptions } from './support/harness.js';

const EFAULT = -14;
const memory = new RingMemory({ maximumBytes: 16 << 20, initialBytes: 1 << 20 });
const ring = new Ring(ringOptions({ entries: 4, memory }));

test('pointers inside register arguments are checked by ring.wasm (-EFAULT), which decides what the kernel reads', () => {
  const w = memory.wasm;
  const end = memory.memory.buffer.byteLength;
  const handle = w.ring_create(4, 0, 0, 0, 0, 0) >>> 0;
  assert.ok(w.ring_fd(handle) >= 0);
  try {
    // fds for FILES_UPDATE, data and tags of FILES2/BUFFERS2 tables: pointers inside the struct
    // the host checks; they reach past the memory.
    assert.is(w.ring_register_files_update(handle, 0, end - 4, 2), EFAULT);
    assert.is(w.ring_register_files_tags(handle, end - 8, 0, 4), EFAULT);
    assert.is(w.ring_register_buffers_tags(handle, 64, end - 8, 2), EFAULT);
    assert.is(w.ring_register_buffers_update_tag(handle, 0, end - 16, 0, 2), EFAULT);
    assert.is(w.ring_register_buf_ring(handle, end - 4096, 512, 1, 0), EFAULT);
    assert.is(w.query_opcodes(end - 8), EFAULT);
  } finally {
    w.ring_destroy(handle);
  }
});

test('the library keeps its bridge to ring.wasm: no RingMemory, Ring or AsyncRing property reaches the raw imports', () => {
  // io_uring_register's arg_len is checked, but the kernel sizes its access from nr_args and the
  // opcode: only ring.wasm may say what that is, so JS never gets to call the import itself.
  const seen = new Set();
  const reach = (value, depth) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || depth > 2) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      if (key === 'io_uring_register' || key === 'io_uring_setup') assert.unreachable(`reachable as ${String(key)}`);
      let child;
      try {
        child = value[key];
      } catch {
        continue;
      }
      if (!(child instanceof WebAssembly.Memory) && !(ArrayBuffer.isView(child))) reach(child, depth + 1);
    }
  };
  assert.not.ok('bridge' in memory);
  reach(memory, 0);
  reach(ring, 0);
});

test.after(() => ring.close());
test.run();
