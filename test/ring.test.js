// The SQ/CQ index math of ring.wasm, checked against the kernel's own indices after each step.
import { test } from 'uvu';
import { testNeeding } from './support/features.js';
import * as assert from 'uvu/assert';
import { Ring, constants } from '../dist/src/index.js';
import { E, complete, kernelProbe, results, ringOptions, sockaddrLoopback, withRing } from './support/harness.js';
import { fds } from './support/fds.js';
import { writeSync } from './support/fs.js';

const { IORING_FEAT_NODROP, IORING_SQ_NEED_WAKEUP } = constants;

test('a new ring has the sizes asked for, rounded as the kernel rounds them', () => {
  withRing({ entries: 5 }, (ring) => {
    assert.is(ring.sqEntries, 8);
    assert.is(ring.cqEntries, 16);
    assert.equal(ring.indices, { sqHead: 0, sqTail: 0, sqeTail: 0, cqHead: 0, cqTail: 0 });
  });
  withRing({ entries: 4, cqEntries: 100 }, (ring) => {
    assert.is(ring.cqEntries, 128);
    assert.ok(ring.flags & constants.IORING_SETUP_CQSIZE);
  });
});

test('indices after prepare, submit and reap, one step at a time', () => {
  withRing({ entries: 4 }, (ring) => {
    ring.prepNop(7);
    // Prepared, not yet published: only the private tail moved.
    assert.equal(ring.indices, { sqHead: 0, sqTail: 0, sqeTail: 1, cqHead: 0, cqTail: 0 });
    assert.is(ring.sqReady, 1);
    assert.is(ring.sqSpaceLeft, 3);
    assert.is(ring.submit(), 1);
    // Published and consumed; a NOP completes inline.
    assert.equal(ring.indices, { sqHead: 1, sqTail: 1, sqeTail: 1, cqHead: 0, cqTail: 1 });
    assert.is(ring.sqReady, 0);
    assert.is(ring.cqReady, 1);
    assert.equal(ring.completions(), [{ userData: 7, res: 0, flags: 0 }]);
    assert.equal(ring.indices, { sqHead: 1, sqTail: 1, sqeTail: 1, cqHead: 1, cqTail: 1 });
    assert.is(ring.cqReady, 0);
  });
});

test('indices wrap around the masks many times with nothing lost or repeated', () => {
  withRing({ entries: 4 }, (ring) => {
    const seen = [];
    let next = 0;
    for (let round = 0; round < 25; round++) {
      const batch = 1 + (round % 4);
      for (let i = 0; i < batch; i++) ring.prepNop(next++);
      assert.is(ring.submit(), batch);
      ring.reap((userData, res) => {
        assert.is(res, 0);
        seen.push(userData);
      });
    }
    assert.equal(seen, [...Array(next).keys()]);
    assert.equal(ring.indices, { sqHead: next, sqTail: next, sqeTail: next, cqHead: next, cqTail: next });
  });
});

test('a full SQ refuses the next SQE with ERR_URING_SQ_FULL and keeps what it holds', () => {
  withRing({ entries: 4 }, (ring) => {
    for (let i = 0; i < 4; i++) ring.prepNop(100 + i);
    assert.is(ring.sqSpaceLeft, 0);
    try {
      ring.prepNop(999);
      assert.unreachable('the fifth SQE should not fit');
    } catch (error) {
      assert.is(error.code, 'ERR_URING_SQ_FULL');
      assert.match(error.message, /4 entries/);
    }
    assert.equal(ring.indices, { sqHead: 0, sqTail: 0, sqeTail: 4, cqHead: 0, cqTail: 0 });
    assert.is(ring.submit(), 4);
    assert.equal(ring.completions().map((c) => c.userData), [100, 101, 102, 103]);
  });
});

test('submitAndWait waits for the completions it asks for', () => {
  withRing({ entries: 8 }, (ring) => {
    const ts = ring.memory.timespec(15);
    try {
      ring.prepTimeout(1, ts);
      const start = process.hrtime.bigint();
      assert.is(ring.submitAndWait(1), 1);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.ok(ms >= 14, `waited ${ms} ms`);
      assert.equal(ring.completions(), [{ userData: 1, res: -62, flags: 0 }]); // -ETIME
    } finally {
      ring.memory.free(ts);
    }
  });
});

test('a CQ that overflows loses nothing: the backlog is flushed in by reap', () => {
  withRing({ entries: 4 }, (ring) => {
    assert.ok(ring.features & IORING_FEAT_NODROP, 'kernel has IORING_FEAT_NODROP (5.5+)');
    assert.is(ring.cqEntries, 8);
    let next = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) ring.prepNop(next++);
      assert.is(ring.submit(), 4);
    }
    // 12 completions, 8 slots: the CQ is full and 4 wait in the kernel's backlog.
    assert.equal(ring.indices, { sqHead: 12, sqTail: 12, sqeTail: 12, cqHead: 0, cqTail: 8 });
    assert.ok(ring.cqNeedsFlush, 'IORING_SQ_CQ_OVERFLOW is set');
    assert.is(ring.cqOverflow, 0, 'nothing dropped');
    const seen = [];
    assert.is(ring.reap((userData) => seen.push(userData)), 12);
    assert.equal(seen, [...Array(12).keys()]);
    assert.not.ok(ring.cqNeedsFlush);
    assert.equal(ring.indices, { sqHead: 12, sqTail: 12, sqeTail: 12, cqHead: 12, cqTail: 12 });
  });
});

test('reap hands out at most max completions and leaves the rest in the CQ', () => {
  withRing({ entries: 8 }, (ring) => {
    for (let i = 0; i < 6; i++) ring.prepNop(i);
    ring.submit();
    assert.equal(ring.completions(4).map((c) => c.userData), [0, 1, 2, 3]);
    assert.is(ring.cqReady, 2);
    assert.equal(ring.indices.cqHead, 4);
    assert.equal(ring.completions().map((c) => c.userData), [4, 5]);
  });
});

test('reap batches bigger than its internal batch come out whole and in order', () => {
  withRing({ entries: 512, cqEntries: 1024 }, (ring) => {
    for (let i = 0; i < 512; i++) ring.prepNop(i);
    assert.is(ring.submit(), 512);
    for (let i = 512; i < 700; i++) ring.prepNop(i);
    assert.is(ring.submit(), 188);
    let expected = 0;
    assert.is(ring.reap((userData) => assert.is(userData, expected++)), 700);
  });
});

test('userData survives as a full 53-bit integer', () => {
  withRing({ entries: 8 }, (ring) => {
    const values = [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    for (const v of values) ring.prepNop(v);
    ring.submit();
    assert.equal(ring.completions().map((c) => c.userData), values);
  });
});

test('reap refuses to run inside its own handler', () => {
  withRing({ entries: 4 }, (ring) => {
    ring.prepNop(1);
    ring.submit();
    let caught;
    ring.reap(() => {
      try { ring.reap(() => {}); } catch (error) { caught = error; }
    });
    assert.is(caught?.code, 'ERR_URING_REENTRANT');
  });
});

test('a closed ring refuses work with ERR_URING_CLOSED; close is idempotent', () => {
  const ring = new Ring(ringOptions({ entries: 4 }));
  ring.close();
  ring.close();
  assert.ok(ring.closed);
  for (const call of [() => ring.prepNop(1), () => ring.submit(), () => ring.completions()]) {
    try {
      call();
      assert.unreachable('closed ring accepted work');
    } catch (error) {
      assert.is(error.code, 'ERR_URING_CLOSED');
    }
  }
});

test('SQPOLL: the poll thread consumes SQEs, and is woken after it sleeps (fence + NEED_WAKEUP)', async () => {
  const ring = new Ring(ringOptions({ entries: 8, sqThreadIdle: 5 }));
  try {
    assert.ok(ring.flags & constants.IORING_SETUP_SQPOLL);
    ring.prepNop(1);
    assert.is(ring.submitAndWait(1), 1);
    assert.equal(ring.completions(), [{ userData: 1, res: 0, flags: 0 }]);
    // Idle past sq_thread_idle (ms): the thread sleeps and says so.
    const deadline = Date.now() + 2000;
    while (!(ring.sqFlags & IORING_SQ_NEED_WAKEUP) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(ring.sqFlags & IORING_SQ_NEED_WAKEUP, 'poll thread went to sleep');
    ring.prepNop(2);
    ring.submit(); // must wake it: nothing else will
    const until = Date.now() + 2000;
    while (ring.cqReady === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.equal(ring.completions(), [{ userData: 2, res: 0, flags: 0 }]);
  } finally {
    ring.close();
  }
});

test('the ring fd is readable exactly while completions wait, so an event loop can poll it', () => {
  withRing({ entries: 4 }, (ring) => {
    assert.is(fds.readable(ring.fd), false, 'new ring');
    ring.prepNop(1);
    ring.prepNop(2);
    ring.submitAndWait(2);
    assert.is(fds.readable(ring.fd), true, 'two completions waiting');
    assert.is(ring.reap(() => {}, 1), 1);
    assert.is(fds.readable(ring.fd), true, 'one completion still waiting');
    assert.is(ring.reap(() => {}), 1);
    // The kernel must see the CQ head move (mirror placement: at the reap, not at the next sync).
    assert.is(fds.readable(ring.fd), false, 'all reaped');
  });
});

testNeeding('an SQE128 ring: 128-byte slots, URING_CMD carries an 80-byte command in its own slot, socket commands complete', ['sqe128'], () => {
  const { IORING_SETUP_SQE128, IORING_OP_URING_CMD, IORING_OP_FUTEX_WAIT, SOCKET_URING_OP_SIOCINQ } = constants;
  withRing({ entries: 4, flags: IORING_SETUP_SQE128 }, (ring, own) => {
    // A connected TCP pair (socket commands need a protocol with ioctls: not AF_UNIX).
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const b = own.fd(fds.tcpSocket());
    ring.prepConnect(1, b, sockaddrLoopback(ring, own, port));
    ring.prepAccept(2, listener, null, null);
    const [connected, a] = results(ring, [1, 2]);
    assert.is(connected, 0);
    own.fd(a);
    writeSync(b, 'seven b');
    const command = own(ring.alloc(80));
    command.forEach((_, i) => { command[i] = i + 1; });
    // Socket commands came in 6.7 (FUTEX_WAIT's release); before, the kernel refuses them.
    const expected = kernelProbe().supports(IORING_OP_FUTEX_WAIT) ? 7 : E.EOPNOTSUPP;
    for (let round = 0; round < 3; round++) {
      const nop = ring.prepNop(10 + round);
      const cmd = ring.prepUringCmd(20 + round, SOCKET_URING_OP_SIOCINQ, a, command);
      if ((nop >> 7) % 4 !== 3) assert.is(cmd - nop, 128, 'the next SQE is 128 bytes on');
      assert.equal([...ring.memory.bytes.subarray(cmd + 48, cmd + 128)], [...command], 'command bytes at offset 48');
      assert.is(ring.memory.bytes[cmd], IORING_OP_URING_CMD);
      const got = complete(ring, [10 + round, 20 + round]);
      assert.equal([got.of(10 + round).res, got.of(20 + round).res], [0, expected]);
    }
    const tooBig = own(ring.alloc(81));
    assert.throws(() => ring.prepUringCmd(1, SOCKET_URING_OP_SIOCINQ, a, tooBig), RangeError);
  });
  withRing({ entries: 4 }, (ring, own) => {
    const [a] = own.fds(fds.socketpair());
    const command = own(ring.alloc(17));
    assert.throws(() => ring.prepUringCmd(1, SOCKET_URING_OP_SIOCINQ, a, command), /16 bytes|IORING_SETUP_SQE128/);
  });
});

test('a multishot request stays in flight across its IORING_CQE_F_MORE completions and ends with the last', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    ring.prepPollMultishot(1, r, constants.POLLIN);
    ring.submit();
    assert.is(ring.inFlight, 1);
    writeSync(w, 'x');
    ring.submitAndWait(1);
    assert.is(ring.inFlight, 1, 'a CQE with F_MORE waits, unreaped');
    const first = ring.completions();
    assert.ok(first.length >= 1 && first.every((c) => c.flags & constants.IORING_CQE_F_MORE));
    assert.is(ring.inFlight, 1, 'reaped, still armed');
    ring.prepPollRemove(2, 1);
    ring.submitAndWait(2);
    const last = ring.completions();
    assert.ok(last.some((c) => c.userData === 1 && !(c.flags & constants.IORING_CQE_F_MORE)), 'the final CQE');
    assert.is(ring.inFlight, 0);
  });
});

test.run();
