// Mirror placement specifics: what the host's copy checks, strides under SQE128/CQE32, and that
// rings come and go without leaking the kernel's mappings. (The whole suite also runs with every
// ring mirrored: see test/run.js.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, readFileSync, readdirSync, writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { Ring, RingMemory, constants } from '../dist/src/index.js';
import { tempDir } from './support/tmp.js';
import { rawBridge } from './support/bridge.js';
import { census } from './support/census.js';
import { assertBytes, complete, pattern, withRing } from './support/harness.js';

const EFAULT = -14;
const EINVAL = -22;
const EBADF = -9;
// Setup flags of Linux 5.19 (ring.wasm's constants stop at the 5.8 seed for now).
const IORING_SETUP_SQE128 = 1 << 10;
const IORING_SETUP_CQE32 = 1 << 11;

const memory = RingMemory.default;
const bridge = rawBridge(memory);

test('bridge: a bad mirror handle is -EBADF for sync, enter and release', () => {
  for (const handle of [0, 9999, -1]) {
    assert.is(bridge.mirror_sync(handle), EBADF);
    assert.is(bridge.mirror_enter(handle, 0, 0, 0, 0, 0), EBADF);
    assert.is(bridge.mirror_release(handle), EBADF);
  }
});

/** io_uring_setup through the raw bridge, into fresh zeroed params; the caller closes with bridge.close. */
function setupRaw(entries) {
  const params = memory.alloc(120, 8);
  const fd = bridge.io_uring_setup(entries, params.byteOffset);
  assert.ok(fd >= 0, `io_uring_setup: ${fd}`);
  return { fd, params };
}

test('bridge: ring_mirror refuses regions outside the memory (-EFAULT), smaller than the rings (-EINVAL), or an fd it did not set up (-EBADF)', () => {
  const { fd, params } = setupRaw(4);
  const sq = memory.alloc(64 << 10, 4096);
  const sqes = memory.alloc(16 << 10, 4096);
  try {
    const size = memory.memory.buffer.byteLength;
    const at = (region) => [region.byteOffset, region.byteLength];
    assert.is(bridge.ring_mirror(fd, size - 16, 4096, ...at(sq), ...at(sqes)), EFAULT);
    assert.is(bridge.ring_mirror(fd, ...at(sq), 0xffff_f000, 0x2000, ...at(sqes)), EFAULT);
    assert.is(bridge.ring_mirror(fd, 0, 4096, ...at(sq), ...at(sqes)), EFAULT);
    assert.is(bridge.ring_mirror(fd, sq.byteOffset, 64, ...at(sq), ...at(sqes)), EINVAL);
    assert.is(bridge.ring_mirror(fd, ...at(sq), ...at(sq), sqes.byteOffset, 64), EINVAL);
    const other = openSync('/dev/null', 'r');
    try {
      assert.is(bridge.ring_mirror(other, ...at(sq), ...at(sq), ...at(sqes)), EBADF, 'not a ring of this bridge');
    } finally {
      closeSync(other);
    }
    // Right sizes: a mirror, released again.
    const handle = bridge.ring_mirror(fd, ...at(sq), ...at(sq), ...at(sqes));
    assert.ok(handle > 0, `ring_mirror: ${handle}`);
    assert.is(bridge.mirror_sync(handle), 0);
    assert.is(bridge.mirror_release(handle), 0);
    assert.is(bridge.mirror_release(handle), EBADF);
  } finally {
    assert.is(bridge.close(fd), 0);
    memory.free(params);
    memory.free(sq);
    memory.free(sqes);
  }
});

test('bridge: the mirror writes the kernel ring shape into the guest copy', () => {
  const { fd, params } = setupRaw(8);
  const rings = memory.alloc(64 << 10, 4096);
  const sqes = memory.alloc(16 << 10, 4096);
  try {
    const p = new DataView(params.buffer, params.byteOffset, 120);
    const word = (offset) => new DataView(rings.buffer, rings.byteOffset).getUint32(offset, true);
    const handle = bridge.ring_mirror(fd, rings.byteOffset, rings.byteLength,
      rings.byteOffset, rings.byteLength, sqes.byteOffset, sqes.byteLength);
    assert.ok(handle > 0);
    // struct io_uring_params: sq_off at 40 (ring_mask +8, ring_entries +12), cq_off at 80.
    assert.is(word(p.getUint32(40 + 8, true)), 7);
    assert.is(word(p.getUint32(40 + 12, true)), 8);
    assert.is(word(p.getUint32(80 + 8, true)), 15);
    assert.is(word(p.getUint32(80 + 12, true)), 16);
    bridge.mirror_release(handle);
  } finally {
    bridge.close(fd);
    memory.free(params);
    memory.free(rings);
    memory.free(sqes);
  }
});

test('bridge: the mirror maps by the params the kernel returned, not by a copy the guest changed afterwards', () => {
  // A guest that moves sq_off.array 1 MiB on (or makes the rings look huge) after setup once made
  // mirror_sync store past the kernel's ring, into an unpopulated page: SIGBUS.
  const { fd, params } = setupRaw(8);
  const rings = memory.alloc(4 << 20, 4096); // room for what the changed params claim
  const sqes = memory.alloc(16 << 10, 4096);
  try {
    const p = new DataView(params.buffer, params.byteOffset, 120);
    const array = p.getUint32(40 + 24, true);
    const kernelShape = params.slice();
    p.setUint32(40 + 24, array + (1 << 20), true); // sq_off.array
    p.setUint32(80 + 20, p.getUint32(80 + 20, true) + (1 << 20), true); // cq_off.cqes
    p.setUint32(0, 1 << 15, true); // sq_entries
    const handle = bridge.ring_mirror(fd, rings.byteOffset, rings.byteLength,
      rings.byteOffset, rings.byteLength, sqes.byteOffset, sqes.byteLength);
    assert.ok(handle > 0, `ring_mirror: ${handle}`);
    // The guest's copy has the kernel's shape; a NOP goes round through the kernel's real rings.
    const shape = new DataView(kernelShape.buffer, kernelShape.byteOffset, 120);
    const word = (offset) => new DataView(rings.buffer, rings.byteOffset).getUint32(offset, true);
    const setWord = (offset, v) => new DataView(rings.buffer, rings.byteOffset).setUint32(offset, v, true);
    assert.is(word(shape.getUint32(40 + 12, true)), 8, 'sq ring_entries as the kernel has them');
    new Uint8Array(sqes.buffer, sqes.byteOffset, 64).fill(0); // sqe[0]: opcode 0 = NOP, user_data 0
    new DataView(sqes.buffer, sqes.byteOffset).setUint32(32, 77, true); // user_data = 77
    setWord(array, 0);
    setWord(shape.getUint32(40 + 4, true), 1); // sq.tail = 1
    assert.is(bridge.mirror_enter(handle, 1, 1, 1 /* IORING_ENTER_GETEVENTS */, 0, 0), 1);
    assert.is(bridge.mirror_sync(handle), 0);
    assert.is(word(shape.getUint32(80 + 4, true)), 1, 'cq.tail');
    assert.is(word(shape.getUint32(80 + 20, true)), 77, 'cqe[0].user_data');
    assert.is(bridge.mirror_release(handle), 0);
  } finally {
    bridge.close(fd);
    memory.free(params);
    memory.free(rings);
    memory.free(sqes);
  }
});

test('bridge: close closes only the rings its setup returned, and leaves a number reused by another file alone', () => {
  const before = census();
  const devnull = openSync('/dev/null', 'r');
  try {
    assert.is(bridge.close(devnull), EBADF, 'a file of the process, not a ring');
    assert.is(bridge.close(NaN), EBADF);
    assert.is(bridge.close(0.5), EBADF);
    assert.is(bridge.close('3'), EBADF);
  } finally {
    closeSync(devnull); // still open: close above did not touch it
  }
  // A ring fd that code closed behind the bridge's back, its number then reused by a file.
  const { fd, params } = setupRaw(4);
  memory.free(params);
  closeSync(fd);
  const reused = openSync('/dev/null', 'r');
  try {
    assert.is(reused, fd, 'the number came back');
    assert.is(bridge.close(fd), EBADF, 'no longer the ring');
    assert.ok(readFileSync(`/proc/self/fdinfo/${reused}`, 'utf8').includes('flags'), 'the reused fd is still open');
  } finally {
    closeSync(reused);
  }
  assert.equal(census(), before, 'the ring itself is gone (its witness closed)');
});

test('SQE128 and CQE32 rings stride correctly when mirrored: reads land, NOPs come back in order', () => {
  const path = join(tempDir(), 'data');
  const data = pattern(3 * 4096);
  writeFileSync(path, data);
  withRing({ entries: 4, placement: 'mirror', flags: IORING_SETUP_SQE128 | IORING_SETUP_CQE32 }, (ring, own) => {
      assert.is(ring.placement, 'mirror');
      assert.ok(ring.flags & IORING_SETUP_SQE128 && ring.flags & IORING_SETUP_CQE32);
      const fd = own.fd(openSync(path, 'r'));
      // Three rounds over a 4-entry SQ and 8-entry CQ: every slot used more than once.
      let next = 0;
      for (let round = 0; round < 3; round++) {
        const buffer = own(ring.alloc(4096));
        ring.prepRead(1000 + round, fd, buffer, round * 4096);
        for (let i = 0; i < 3; i++) ring.prepNop(next++);
        const got = complete(ring, [1000 + round, next - 3, next - 2, next - 1]);
        const read = got.find((c) => c.userData === 1000 + round);
        assert.is(read.res, 4096);
        assertBytes(buffer, data.subarray(round * 4096, (round + 1) * 4096), `read ${round}`);
        assert.equal(got.filter((c) => c.userData < 1000).map((c) => c.userData), [next - 3, next - 2, next - 1]);
      }
  });
});

test('mirrored rings created and closed many times leak neither mappings nor fds', () => {
  // The kernel's ring mappings show as anon_inode:[io_uring]; other mappings of the process (V8
  // heap pages, thread stacks) come and go with whatever else it does.
  const count = () => [readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.includes('[io_uring]')).length,
    readdirSync('/proc/self/fd').length];
  const once = () => {
    const ring = new Ring({ entries: 16, placement: 'mirror' });
    ring.prepNop(1);
    assert.is(ring.submitAndReap(1).length, 1);
    ring.close();
  };
  for (let i = 0; i < 5; i++) once(); // warm up: heap growth, lazily created maps
  const [maps, fds] = count();
  for (let i = 0; i < 200; i++) once();
  const [mapsAfter, fdsAfter] = count();
  assert.is(mapsAfter, maps, `io_uring mappings: ${maps} before, ${mapsAfter} after 200 rings`);
  assert.is(fdsAfter, fds);
});

const features = withRing({ entries: 2 }, (ring) => ring.features);
const nodrop = (features & constants.IORING_FEAT_NODROP) !== 0;
(nodrop ? test : test.skip)(`a mirrored ring with a backlog: CQ overflow is mirrored and flushed without losing a completion${
  nodrop ? '' : ' [skipped: this kernel has no IORING_FEAT_NODROP (Linux 5.5)]'}`, () => {
  withRing({ entries: 4, cqEntries: 4, placement: 'mirror' }, (ring) => {
    // 12 NOPs into a 4-entry CQ without reaping: 8 wait in the kernel's backlog.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) ring.prepNop(round * 4 + i);
      assert.is(ring.submit(), 4);
    }
    assert.ok(ring.cqNeedsFlush, 'IORING_SQ_CQ_OVERFLOW mirrored to the guest copy');
    const seen = [];
    while (seen.length < 12) {
      const before = seen.length;
      ring.reap((userData) => seen.push(userData));
      if (seen.length === before) ring.submitAndWait(1);
    }
    assert.equal(seen.sort((a, b) => a - b), [...Array(12).keys()]);
    assert.is(ring.cqNeedsFlush, false);
  });
});

test('a mirrored SQPOLL ring: submit hands SQEs to the awake poller through the host copy', () => {
  // A long idle time keeps the poller awake, so submit() finds NEED_WAKEUP clear and makes no
  // syscall: the SQEs reach the kernel only because the host copies them at submit.
  withRing({ entries: 8, sqThreadIdle: 2000, placement: 'mirror' }, (ring) => {
    ring.prepNop(0);
    ring.submitAndWait(1);
    ring.completions();
    for (let i = 1; i <= 50; i++) {
      ring.prepNop(i);
      // submit() counts what the kernel has not consumed (liburing's tail - head), and the
      // poller posts a NOP's completion before it advances the SQ head: the previous NOP may
      // still be counted.
      const pending = ring.submit();
      assert.ok(pending === 1 || pending === 2, `submit() returned ${pending}`);
      const deadline = Date.now() + 2000;
      while (ring.cqReady === 0 && Date.now() < deadline);
      assert.equal(ring.completions(), [{ userData: i, res: 0, flags: 0 }]);
    }
  });
});

test.run();
