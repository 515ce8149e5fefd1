// acceptMultishot and recvMultishot on both of their paths, with the same checks: the multishot
// requests this kernel runs (ACCEPT multishot 5.19, RECV multishot over a buffer ring 6.0), and
// the single-shot ACCEPT/RECV re-armed after each completion that stand in for them on older
// kernels, forced here with WASM_URING_AS_LINUX=5.10 (read at a ring's first ring.kernel). Real TCP
// connections over loopback from node:net clients: several connections, bytes and their order
// (many messages, more than one buffer, more buffers than the pool has), end of stream, leaving
// the loop (the request is cancelled, nothing leaks), abort, closing the ring, errors.
//
// The listening socket comes from ring.listen(), not from a node:net server: libuv would accept
// on a net.Server's fd too, and between two single-shot ACCEPTs it takes connections first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { closeSync, fstatSync, openSync } from './support/fs.js';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import { assertBytes, asyncRingAs, pattern, within } from './support/harness.js';
import { acceptedFds, acceptedFdsLeft, procNet } from './support/tcp.js';
import { lacks } from './support/features.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the prep calls of the four opcodes' variants on the ring under `ring` (which path ran). */
function countPreps(ring) {
  const calls = { prepAccept: 0, prepMultishotAccept: 0, prepRecv: 0, prepRecvMultishot: 0 };
  const low = ring.ring;
  for (const name of Object.keys(calls)) {
    const original = low[name];
    low[name] = function counted(...args) {
      calls[name]++;
      return original.apply(this, args);
    };
  }
  return calls;
}

const multishotHere = lacks([NEEDS.multishot_accept, NEEDS.recv_multishot]);

const MODES = [
  { label: 'multishot', linux: undefined, multishot: true },
  { label: 're-armed single-shot (as Linux 5.10)', linux: '5.10', multishot: false },
];

/** A node:net client connected to 127.0.0.1:`port`, destroyed by cleanup(). */
function clients() {
  const sockets = [];
  return {
    async connect(port) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      sockets.push(socket);
      await within(new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }), `connecting to port ${port}`);
      return socket;
    },
    cleanup() {
      for (const s of sockets) s.destroy();
    },
  };
}

/** Writes `data` and waits until Node has handed it to the kernel. */
const write = (socket, data) => new Promise((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));

for (const mode of MODES) {
  const name = (what) => `[${mode.label}] ${what}`;
  const skip = mode.multishot ? multishotHere : null;
  const it = (what, fn) => (skip ? test.skip(`${name(what)} [skipped: ${skip}]`, fn) : test(name(what), fn));

  /** body({ ring, listener, port, node, calls, taken }) on a ring of this mode, with a listener. */
  async function withListener(body) {
    const ring = asyncRingAs(mode.linux);
    const node = clients();
    const taken = [];
    try {
      assert.is(ring.ring.kernel.has(NEEDS.multishot_accept), mode.multishot, 'multishot ACCEPT is used as the mode says');
      assert.is(ring.ring.kernel.has(NEEDS.recv_multishot), mode.multishot, 'multishot RECV is used as the mode says');
      const listener = await ring.listen(0);
      const port = procNet('tcp', listener).port;
      const calls = countPreps(ring);
      try {
        return await body({ ring, listener, port, node, calls, taken });
      } finally {
        for (const fd of taken) await ring.close(fd).catch(() => {});
        await ring.close(listener);
      }
    } finally {
      node.cleanup();
      await ring.close();
    }
  }

  /** withListener() with one connection accepted (single-shot accept): `fd` and Node's `client`. */
  function withConnection(body) {
    return withListener(async (context) => {
      const { ring, listener, port, node, taken } = context;
      const accepting = ring.accept(listener);
      const client = await node.connect(port);
      const fd = await within(accepting, 'accept');
      taken.push(fd);
      return body({ ...context, fd, client });
    });
  }

  it('acceptMultishot yields one fd per connection, for several connections at once, and leaving the loop cancels it', () =>
    withListener(async ({ ring, listener, port, node, calls, taken }) => {
      const N = 6;
      const accepted = [];
      const accepting = (async () => {
        for await (const fd of ring.acceptMultishot(listener)) {
          accepted.push(fd);
          taken.push(fd);
          if (accepted.length === N) break;
        }
      })();
      const sockets = await Promise.all(Array.from({ length: N }, () => node.connect(port)));
      await within(accepting, `${N} connections accepted`);
      assert.is(new Set(accepted).size, N, 'distinct fds');
      for (const fd of accepted) assert.ok(fstatSync(fd).isSocket(), `fd ${fd} is an open socket`);
      assert.is(ring.pending, 0, 'nothing is left in the kernel once the loop ended');
      // Each fd is one of the connections: what a client sends arrives on exactly one of them.
      await Promise.all(sockets.map((s, i) => write(s, Buffer.from([i]))));
      const seen = await Promise.all(accepted.map(async (fd) => {
        const b = Buffer.alloc(1);
        assert.is(await within(ring.recv(fd, b), 'recv'), 1);
        return b[0];
      }));
      assert.equal(seen.sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i), 'one accepted fd per client');
      if (mode.multishot) {
        assert.is(calls.prepMultishotAccept, 1, 'one multishot ACCEPT');
        assert.is(calls.prepAccept, 0);
      } else {
        assert.is(calls.prepMultishotAccept, 0, 'no multishot ACCEPT');
        assert.ok(calls.prepAccept >= N, `a single-shot ACCEPT per connection (${calls.prepAccept})`);
      }
      // The cancelled request left the next connection in the backlog.
      const next = ring.accept(listener);
      await node.connect(port);
      taken.push(await within(next, 'accept after the loop'));
    }));

  it('return() closes the connections accepted and not taken, and leaves no request behind', () =>
    withListener(async ({ ring, listener, port, node, taken }) => {
      const iterator = ring.acceptMultishot(listener);
      const first = iterator.next();
      for (let i = 0; i < 3; i++) await node.connect(port);
      const { value: fd } = await within(first, 'the first connection');
      taken.push(fd);
      // The iterator goes on accepting what is in the backlog, unread.
      const until = Date.now() + 2000;
      while (acceptedFds(port).length < 3 && Date.now() < until) await sleep(10);
      assert.is(acceptedFds(port).length, 3, 'all three accepted');
      assert.equal(await within(iterator.return(), 'return()'), { value: undefined, done: true });
      assert.is(ring.pending, 0, 'no request left');
      assert.equal(await iterator.next(), { value: undefined, done: true }, 'ended');
      await ring.close(fd);
      taken.length = 0;
      assert.equal(await acceptedFdsLeft(port), [], 'the unread accepted fds were closed');
    }));

  it('aborting acceptMultishot\'s signal rejects next() with an AbortError after what was accepted', () =>
    withListener(async ({ ring, listener, port, node, taken }) => {
      const controller = new AbortController();
      const got = [];
      const loop = (async () => {
        for await (const fd of ring.acceptMultishot(listener, { signal: controller.signal })) {
          got.push(fd);
          taken.push(fd);
        }
      })();
      await node.connect(port);
      await node.connect(port);
      const until = Date.now() + 2000;
      while (got.length < 2 && Date.now() < until) await sleep(5);
      assert.is(got.length, 2, 'both connections yielded before the abort');
      controller.abort();
      const error = await within(loop.then(() => null, (e) => e), 'the loop to end');
      assert.is(error?.name, 'AbortError');
      assert.is(ring.pending, 0);
      // An iterator started with an aborted signal ends at once, the same way.
      const again = ring.acceptMultishot(listener, { signal: controller.signal });
      assert.is((await again.next().catch((e) => e)).name, 'AbortError');
    }));

  it('recvMultishot yields the bytes of several messages in order and ends when the peer closes', () =>
    withConnection(async ({ ring, fd, client, calls }) => {
      const messages = Array.from({ length: 20 }, (_, i) => Buffer.from(`message ${i};`));
      const got = [];
      const receiving = (async () => {
        for await (const chunk of ring.recvMultishot(fd)) {
          assert.ok(Buffer.isBuffer(chunk), 'a Buffer');
          got.push(chunk);
        }
      })();
      for (const m of messages) {
        await write(client, m);
        await sleep(2);
      }
      client.end();
      await within(receiving, 'the iteration to end at end of stream');
      assert.is(Buffer.concat(got).toString(), Buffer.concat(messages).toString());
      assert.is(ring.pending, 0);
      if (mode.multishot) {
        assert.is(calls.prepRecv, 0, 'no single-shot RECV');
        assert.ok(calls.prepRecvMultishot >= 1);
      } else {
        assert.is(calls.prepRecvMultishot, 0, 'no multishot RECV');
        assert.ok(calls.prepRecv >= got.length + 1, `a RECV per chunk and one for the end (${calls.prepRecv})`);
      }
    }));

  it('recvMultishot with 4 buffers of 16 bytes: a 256 KiB stream arrives whole and in order, no chunk over 16 bytes', () =>
    withConnection(async ({ ring, fd, client }) => {
      const data = Buffer.from(pattern(256 * 1024, 7));
      const got = [];
      const receiving = (async () => {
        for await (const chunk of ring.recvMultishot(fd, { bufferSize: 16, buffers: 4 })) got.push(chunk);
      })();
      client.end(data);
      await within(receiving, 'the 256 KiB stream', 20000);
      assert.ok(got.every((c) => c.length > 0 && c.length <= 16), 'each chunk fits one buffer');
      assert.ok(got.length >= data.length / 16, `${got.length} chunks`);
      assertBytes(Buffer.concat(got), data, 'the stream');
      assert.is(ring.pending, 0);
    }));

  it('recvMultishot with larger buffers: messages larger than a buffer, several connections at once, each in order', () =>
    withListener(async ({ ring, listener, port, node, taken }) => {
      const N = 3;
      const datas = Array.from({ length: N }, (_, i) => Buffer.from(pattern(100_000 + i * 3333, i + 1)));
      const sessions = [];
      const accepting = (async () => {
        for await (const fd of ring.acceptMultishot(listener)) {
          taken.push(fd);
          sessions.push((async () => {
            const got = [];
            for await (const chunk of ring.recvMultishot(fd, { bufferSize: 4096, buffers: 2 })) got.push(chunk);
            return Buffer.concat(got);
          })());
          if (sessions.length === N) break;
        }
      })();
      const sockets = await Promise.all(datas.map(() => node.connect(port)));
      await within(accepting, 'the connections');
      // Several writes per connection, interleaved across the connections.
      for (let at = 0; at < 100_000 + N * 3333; at += 8192) {
        for (let i = 0; i < N; i++) if (at < datas[i].length) sockets[i].write(datas[i].subarray(at, at + 8192));
      }
      for (const s of sockets) s.end();
      const received = await within(Promise.all(sessions), 'every session', 20000);
      // Which connection is which: the first bytes say (the patterns differ).
      for (const bytes of received) {
        const i = datas.findIndex((d) => d.subarray(0, 16).equals(bytes.subarray(0, 16)));
        assert.ok(i >= 0, 'a known stream');
        assertBytes(bytes, datas[i], `connection ${i}`);
      }
      assert.is(ring.pending, 0);
    }));

  it('leaving a recvMultishot loop cancels it: later bytes go to the next recv, and a new recvMultishot works', () =>
    withConnection(async ({ ring, fd, client }) => {
      const receiving = (async () => {
        for await (const chunk of ring.recvMultishot(fd)) return chunk.toString();
        return null;
      })();
      await write(client, 'first');
      assert.is(await within(receiving, 'the first chunk'), 'first');
      assert.is(ring.pending, 0, 'the RECV was cancelled');
      await write(client, 'second');
      const b = Buffer.alloc(16);
      const n = await within(ring.recv(fd, b), 'recv');
      assert.is(b.subarray(0, n).toString(), 'second');
      const rest = [];
      const again = (async () => {
        for await (const chunk of ring.recvMultishot(fd)) rest.push(chunk);
      })();
      await write(client, 'third');
      client.end();
      await within(again, 'the second iteration');
      assert.is(Buffer.concat(rest).toString(), 'third');
    }));

  it('aborting recvMultishot\'s signal: the bytes received first are yielded, then an AbortError', () =>
    withConnection(async ({ ring, fd, client }) => {
      const controller = new AbortController();
      const got = [];
      const loop = (async () => {
        for await (const chunk of ring.recvMultishot(fd, { signal: controller.signal })) got.push(chunk.toString());
      })();
      await write(client, 'before');
      const until = Date.now() + 2000;
      while (got.length === 0 && Date.now() < until) await sleep(5);
      controller.abort();
      const error = await within(loop.then(() => null, (e) => e), 'the loop to end');
      assert.is(error?.name, 'AbortError');
      assert.equal(got, ['before']);
      assert.is(ring.pending, 0);
    }));

  it('closing the ring ends pending acceptMultishot and recvMultishot iterations (done)', () =>
    withConnection(async ({ ring, listener, fd }) => {
      const accepts = ring.acceptMultishot(listener);
      const recvs = ring.recvMultishot(fd);
      const acceptNext = accepts.next();
      const recvNext = recvs.next();
      await sleep(20);
      assert.is(ring.pending, 2, 'both requests in the kernel');
      const closing = ring.close();
      assert.equal(await within(acceptNext, 'accept iteration'), { value: undefined, done: true });
      assert.equal(await within(recvNext, 'recv iteration'), { value: undefined, done: true });
      await within(closing, 'close');
      assert.is(ring.pending, 0);
      assert.throws(() => ring.recvMultishot(fd), (e) => e.code === 'ERR_URING_CLOSED', 'a closed ring refuses a new iterator');
      // withConnection's own closes now fail (the ring is closed): close the fds here.
      closeSync(fd);
      closeSync(listener);
    }).catch((error) => {
      // The ring was closed under withListener: its closes of fd and listener reject; nothing else may.
      if (error?.code !== 'ERR_URING_CLOSED') throw error;
    }));

  it('errors and argument errors are the same on both paths', () =>
    withListener(async ({ ring }) => {
      const devNull = openSync('/dev/null', 'r');
      try {
        const error = await ring.recvMultishot(devNull).next().catch((e) => e);
        assert.is(error.code, 'ENOTSOCK');
        assert.is(error.syscall, 'recv');
        const notListening = await ring.socket('ipv4', 'stream');
        try {
          const e2 = await ring.acceptMultishot(notListening).next().catch((e) => e);
          assert.is(e2.code, 'EINVAL');
          assert.is(e2.syscall, 'accept');
        } finally {
          await ring.close(notListening);
        }
      } finally {
        closeSync(devNull);
      }
      assert.throws(() => ring.recvMultishot(-1), (e) => e.code === 'ERR_OUT_OF_RANGE');
      assert.throws(() => ring.acceptMultishot('3'), (e) => e.code === 'ERR_INVALID_ARG_TYPE');
      assert.throws(() => ring.recvMultishot(0, { buffers: 3 }), (e) => e.code === 'ERR_INVALID_ARG_VALUE');
      assert.throws(() => ring.recvMultishot(0, { bufferSize: 0 }), (e) => e.code === 'ERR_OUT_OF_RANGE');
      assert.throws(() => ring.recvMultishot(0, { bufferSize: 1 << 24, buffers: 32768 }), (e) => e.code === 'ENOMEM');
      assert.is(ring.pending, 0);
    }));
}

test.run();
