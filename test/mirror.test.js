// Mirror placement as a Ring uses it: strides under SQE128/CQE32, rings that come and go without
// leaking the kernel's mappings, a CQ backlog, SQPOLL. (What the host's copy must do, step by
// step, is the conformance suite's: test/conformance.test.js. The whole suite also runs with
// every ring mirrored: see test/run.js.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openSync, readFileSync, readdirSync, writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { Ring, constants } from '../dist/src/index.js';
import { tempDir } from './support/tmp.js';
import { assertBytes, complete, pattern, withRing } from './support/harness.js';
import { testNeeding } from './support/features.js';

// Setup flags of Linux 5.19 (ring.wasm's constants stop at the 5.8 seed for now).
const IORING_SETUP_SQE128 = 1 << 10;
const IORING_SETUP_CQE32 = 1 << 11;

testNeeding('SQE128 and CQE32 rings stride correctly when mirrored: reads land, NOPs come back in order', ['sqe128', 'cqe32'], () => {
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
