// The host bridge checks every (offset, length) against the memory's current size, overflow-safe,
// and answers -EFAULT before any syscall; an argument that is not an integer of its range is
// -EBADF (an fd) or -EINVAL; it never throws across the boundary. (These tests bind a bridge of
// their own to the memory: test/support/bridge.js.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, fstatSync, openSync } from './support/fs.js';
import { Ring, RingMemory, constants } from '../dist/src/index.js';
import { rawBridge } from './support/bridge.js';
import { ringOptions } from './support/harness.js';

const EFAULT = -14;
const EINVAL = -22;
const EBADF = -9;
const memory = new RingMemory({ maximumBytes: 16 << 20, initialBytes: 1 << 20 });
const bridge = rawBridge(memory);
const size = () => memory.memory.buffer.byteLength;
const ring = new Ring(ringOptions({ entries: 4, memory }));
const { IORING_REGISTER_PROBE, IORING_REGISTER_FILES } = constants;

// Ranges that must be refused: past the end, straddling it, and wrapping around 2^32.
const badRanges = () => [
  [size(), 1],
  [size() - 8, 16],
  [0xffff_fff0, 0x20],
  [0xffff_ffff, 0xffff_ffff],
  [1, 0xffff_ffff],
];

test('io_uring_register refuses out-of-range and overflowing arguments with -EFAULT', () => {
  for (const [off, len] of badRanges()) {
    assert.is(bridge.io_uring_register(ring.fd, IORING_REGISTER_FILES, off, len, 1), EFAULT, `arg ${off}+${len}`);
  }
});

test('io_uring_register passes an in-range argument through to the kernel', () => {
  const probe = memory.alloc(memory.wasm.probe_size());
  try {
    assert.is(bridge.io_uring_register(ring.fd, IORING_REGISTER_PROBE, probe.byteOffset, probe.byteLength, 256), 0);
    assert.ok(probe[0] >= constants.IORING_OP_TEE, 'last_op written by the kernel');
    // The last byte of the memory is a valid one-byte range; one past it is not.
    assert.is.not(bridge.io_uring_register(ring.fd, IORING_REGISTER_FILES, size() - 1, 1, 0), EFAULT);
  } finally {
    memory.free(probe);
  }
});

test('io_uring_setup refuses a params pointer that does not hold 120 bytes', () => {
  assert.is(bridge.io_uring_setup(4, size() - 119), EFAULT);
  assert.is(bridge.io_uring_setup(4, 0xffff_fff0), EFAULT);
});

test('io_uring_enter refuses a bad arg pointer and accepts NULL', () => {
  for (const [off, len] of badRanges()) {
    assert.is(bridge.io_uring_enter(ring.fd, 0, 0, 0, off, len), EFAULT, `arg ${off}+${len}`);
  }
  assert.is(bridge.io_uring_enter(ring.fd, 0, 0, 0, 0, 8), 0);
});

// IORING_ENTER_EXT_ARG_REG came in 6.13; IORING_FEAT_NO_IOWAIT (6.15) shows a kernel has it.
const hasExtArgReg = (ring.features & constants.IORING_FEAT_NO_IOWAIT) !== 0;
(hasExtArgReg ? test : test.skip)(`io_uring_enter_reg passes its offset by value, always as a registered-wait offset${
  hasExtArgReg ? '' : ' [skipped: this kernel lacks IORING_ENTER_EXT_ARG_REG (Linux 6.13)]'}`, () => {
  // A plain ring has no wait region: whatever the offset (even past the memory, where a pointer
  // would be refused here), the kernel reads it as an offset into the region and refuses it.
  // It is never taken for a pointer: the host sets IORING_ENTER_EXT_ARG | _EXT_ARG_REG itself.
  for (const offset of [0, 64, size() + 64]) {
    assert.is(bridge.io_uring_enter_reg(ring.fd, 0, 1, constants.IORING_ENTER_GETEVENTS, offset, 64), EFAULT, `offset ${offset}`);
  }
});

test('ring_map refuses a file that is not a ring of this bridge (-EBADF), bad ranges (-EFAULT) and unaligned ones (-EINVAL); so does ring_unmap', () => {
  const params = memory.alloc(120, 8);
  const fd = bridge.io_uring_setup(4, params.byteOffset);
  memory.free(params);
  assert.ok(fd >= 0);
  const region = memory.alloc(8192, 4096);
  try {
    assert.is(bridge.ring_map(ring.fd, 0, region.byteOffset, 4096), EBADF, 'another bridge\'s ring');
    assert.is(bridge.ring_map(0, 0, region.byteOffset, 4096), EBADF, 'stdin over the memory');
    for (const [off, len] of badRanges()) {
      assert.is(bridge.ring_map(fd, 0, off, len), EFAULT, `map ${off}+${len}`);
      assert.is(bridge.ring_unmap(off, len), EFAULT, `unmap ${off}+${len}`);
    }
    assert.is(bridge.ring_map(fd, 0, region.byteOffset + 64, 4096), EINVAL);
    assert.is(bridge.ring_unmap(region.byteOffset, 100), EINVAL);
    // Restoring plain memory over an owned, aligned region works and leaves zeroes.
    region.fill(7);
    assert.is(bridge.ring_unmap(region.byteOffset, 8192), 0);
    assert.ok(region.every((b) => b === 0));
  } finally {
    memory.free(region);
    bridge.close(fd);
  }
});

test('the bounds follow the memory as it grows', () => {
  const before = size();
  assert.is(bridge.io_uring_register(ring.fd, IORING_REGISTER_PROBE, before, 16, 1), EFAULT);
  const big = memory.alloc(2 << 20); // more than is free: the memory grows
  try {
    assert.ok(size() > before, 'memory grew');
    assert.is.not(bridge.io_uring_register(ring.fd, IORING_REGISTER_PROBE, before, 16, 1), EFAULT);
  } finally {
    memory.free(big);
  }
});

test('arguments that are not integers of their range fail before any syscall: -EBADF for an fd, else -EINVAL', () => {
  assert.is(bridge.io_uring_register('x', {}, [], null), EBADF);
  for (const fd of [NaN, 0.5, -0.5, 2 ** 31, '0', null, undefined, {}]) {
    assert.is(bridge.io_uring_enter(fd, 0, 0, 0, 0, 0), EBADF, `fd ${String(fd)}`);
  }
  for (const bad of [NaN, -(2 ** 31) - 1, 1.5, 2 ** 32, Infinity, '8', null]) {
    assert.is(bridge.io_uring_register(ring.fd, IORING_REGISTER_PROBE, bad, 16, 1), EINVAL, `arg ${String(bad)}`);
    assert.is(bridge.io_uring_enter(ring.fd, bad, 0, 0, 0, 0), EINVAL, `to_submit ${String(bad)}`);
    assert.is(bridge.ring_unmap(bad, 4096), EINVAL, `dest ${String(bad)}`);
  }
});

test('close(NaN) is -EBADF and closes nothing: fd 0 and every other file of the process stay open', () => {
  const file = openSync('/dev/null', 'r');
  try {
    for (const fd of [NaN, undefined, 0, file, ring.fd]) {
      assert.is(bridge.close(fd), EBADF, `close(${String(fd)}): not a ring this bridge set up`);
    }
    fstatSync(0);
    fstatSync(file);
    ring.prepNop(1);
    assert.is(ring.submitAndReap(1).length, 1, 'the library\'s ring (another bridge\'s) still works');
  } finally {
    closeSync(file);
  }
});

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

test('offset 0 is NULL: the kernel, not the static data at offset 0, sees the pointer', () => {
  const staticData = memory.bytes.slice(0, 64);
  // A NULL probe: the kernel refuses it (EINVAL on 6.x) rather than writing to offset 0.
  assert.ok(bridge.io_uring_register(ring.fd, IORING_REGISTER_PROBE, 0, 64, 1) < 0);
  assert.is(bridge.io_uring_setup(4, 0), EFAULT);
  assert.equal(memory.bytes.slice(0, 64), staticData);
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
