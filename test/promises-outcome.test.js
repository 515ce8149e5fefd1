// An aborted request settles with what really happened: if the kernel completed it before the
// cancel reached it, and its effect cannot be undone (bytes written, data consumed from a pipe),
// it resolves with its result; it rejects with an AbortError only when it did not happen (or was
// undone: an fd it produced is closed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, fstatSync, readSync, writeSync } from './support/fs.js';
import { fds } from './support/fds.js';
import { withAsyncRing } from './support/harness.js';

const turn = () => new Promise(setImmediate);

/**
 * Waits, without giving the event loop a turn, until the kernel has posted a completion: the
 * request is then done, but the AsyncRing has not reaped it yet. (Each fstat enters the kernel,
 * which runs the ring's pending task work.)
 */
function untilPosted(ring) {
  const deadline = Date.now() + 2000;
  while (ring.ring.cqReady === 0) {
    if (Date.now() > deadline) assert.unreachable('no completion posted within 2 s');
    fstatSync(0);
  }
}

/** Everything the pipe holds now. */
function drain(r) {
  const chunks = [];
  const buf = Buffer.alloc(65536);
  while (fds.readable(r)) chunks.push(Buffer.from(buf.subarray(0, readSync(r, buf))));
  return Buffer.concat(chunks);
}

test('a pipe read aborted after the kernel completed it resolves with the bytes it consumed', async () => {
  await withAsyncRing({ entries: 8 }, async (ring) => {
    const [r, w] = fds.pipe();
    try {
      for (let i = 0; i < 10; i++) {
        const controller = new AbortController();
        const buf = Buffer.alloc(8);
        const reading = ring.read(r, buf, -1, { signal: controller.signal });
        await turn(); // in the kernel, waiting for data
        const record = Buffer.from(`rec${String(i).padStart(5, '0')}`);
        writeSync(w, record);
        untilPosted(ring);
        controller.abort(); // too late: the read is done
        assert.is(await reading, 8);
        assert.equal(buf, record);
        assert.is(drain(r).length, 0, 'the record was consumed, by the read that returned it');
      }
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});

test('a pipe write aborted after the kernel completed it resolves with the bytes written', async () => {
  await withAsyncRing({ entries: 8 }, async (ring) => {
    const [r, w] = fds.pipe();
    try {
      for (let i = 0; i < 10; i++) {
        writeSync(w, Buffer.alloc(65536, 1)); // the pipe is full
        const controller = new AbortController();
        const data = Buffer.from(`write number ${i}`);
        const writing = ring.write(w, data, -1, { signal: controller.signal });
        await turn(); // in the kernel, waiting for room
        readSync(r, Buffer.alloc(4096)); // room
        untilPosted(ring);
        controller.abort(); // too late: the bytes are in the pipe
        assert.is(await writing, data.length);
        const rest = drain(r);
        assert.equal(rest.subarray(rest.length - data.length), data, 'the bytes it reported are in the pipe');
      }
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});

test('an aborted request that did not happen rejects with an AbortError and has no effect', async () => {
  await withAsyncRing({ entries: 8 }, async (ring) => {
    const [r, w] = fds.pipe();
    try {
      const controller = new AbortController();
      const reading = ring.read(r, Buffer.alloc(8), -1, { signal: controller.signal });
      await turn();
      controller.abort(); // no data came: the cancel wins
      const error = await reading.then(() => null, (e) => e);
      assert.is(error?.name, 'AbortError');
      writeSync(w, 'after');
      assert.is(drain(r).toString(), 'after', 'the cancelled read took nothing');
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});

test.run();
