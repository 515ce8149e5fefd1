// AsyncRing's socket API (the Promise API over io_uring) against the real kernel over loopback:
// a ring TCP echo server (listen + multishot accept + multishot recv + send) driven by Node `net`
// clients and by a ring client, a ring client against Node's own servers, single-shot accept,
// shutdown and end of stream, errors shaped like Node's, cancelling multishot requests by leaving
// a `for await` or by an AbortSignal, receives into tiny provided buffers, and IPv6.
// Every wait is bounded: a test that would hang fails after a timeout instead.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import dgram from 'node:dgram';
import { closeSync, fstatSync, readdirSync } from './support/fs.js';
import { constants as osConstants, networkInterfaces } from 'node:os';
import { AsyncRing } from '../dist/src/index.js';
import { TCP_LISTEN, TCP_TIME_WAIT, acceptedFdsLeft, procNet, tcpOnPort } from './support/tcp.js';
import {
  assertBytes, constants, opTest, patience, pattern, within, ringOptions, results, sockaddrLoopback, withAsyncRing, withRing,
} from './support/harness.js';

const {
  IORING_OP_CONNECT, IORING_OP_ACCEPT,
  IORING_OP_SEND, IORING_OP_RECV, IORING_OP_SHUTDOWN, IORING_OP_CLOSE, IORING_OP_ASYNC_CANCEL,
} = constants;

/**
 * What ring.listen() needs of io_uring: nothing. SOCKET, the SO_REUSEADDR command, BIND and
 * LISTEN (Linux 6.11) where the kernel has them, else the plain syscalls (the fallbacks).
 */
const LISTEN = [];
/** A ring server that accepts, receives and sends. */
const SERVER = [...LISTEN, IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_SEND, IORING_OP_CLOSE];
/** A ring client: a socket (SOCKET, 5.19, or socket(2)) and CONNECT. */
const CLIENT = [IORING_OP_CONNECT, IORING_OP_SEND, IORING_OP_RECV, IORING_OP_CLOSE];


// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A listening ring socket on a random port below the ephemeral range (a port given, as a server
 * names one; ring.getsockname() reads back the one port 0 gets), retrying another on EADDRINUSE.
 */
async function listenAnywhere(ring, host = '127.0.0.1', options = {}) {
  for (let attempt = 0; ; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    try {
      return { fd: await ring.listen(port, host, options), port };
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || attempt >= 20) throw error;
    }
  }
}

/** Node sockets and servers a test opened, all destroyed/closed by cleanup() whatever happened. */
function nodeSide() {
  const sockets = [];
  const servers = [];
  return {
    /** A Node TCP client connected to host:port, with a reader on it. */
    async connect(port, host = '127.0.0.1', options = {}) {
      const socket = net.connect({ port, host, ...options });
      sockets.push(socket);
      const r = reader(socket);
      await within(new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }), `Node client connecting to ${host}:${port}`);
      return { socket, ...r };
    },
    /** A Node client that is only started (for connects racing other work). */
    start(port, host = '127.0.0.1') {
      const socket = net.connect(port, host);
      socket.on('error', () => {});
      sockets.push(socket);
      return socket;
    },
    server(server) {
      servers.push(server);
      return server;
    },
    udp(socket) {
      servers.push(socket);
      return socket;
    },
    async cleanup() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => {
        try {
          s.close(() => resolve());
        } catch {
          resolve();
        }
      })));
    },
  };
}

/** Buffers what a Node socket receives: read(n) takes exactly n bytes, rest() waits for the end. */
function reader(socket) {
  let buffered = Buffer.alloc(0);
  let ended = false;
  let failure = null;
  let wake = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  socket.on('data', (data) => {
    buffered = Buffer.concat([buffered, data]);
    poke();
  });
  socket.on('end', () => {
    ended = true;
    poke();
  });
  socket.on('error', (error) => {
    failure = error;
    poke();
  });
  const waitFor = async (ready, what) => {
    while (!ready()) {
      if (failure) throw failure;
      if (ended) assert.unreachable(`end of stream after ${buffered.length} bytes while waiting for ${what}`);
      await new Promise((resolve) => { wake = resolve; });
    }
  };
  return {
    /** Exactly `n` bytes, failing after `ms`. */
    async read(n, ms = 2000) {
      await within(waitFor(() => buffered.length >= n, `${n} bytes`), `${n} bytes from the Node socket (have ${buffered.length})`, ms);
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      return out;
    },
    /** Everything up to the peer's FIN. */
    async rest(ms = 2000) {
      await within((async () => {
        while (!ended) {
          if (failure) throw failure;
          await new Promise((resolve) => { wake = resolve; });
        }
      })(), 'end of stream on the Node socket', ms);
      const out = buffered;
      buffered = Buffer.alloc(0);
      return out;
    },
    get ended() {
      return ended;
    },
  };
}

/** Sends all of `data` on ring socket `fd` (a stream send may take only part of it). */
async function sendAll(ring, fd, data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let at = 0; at < bytes.length;) {
    const n = await ring.send(fd, bytes.subarray(at));
    assert.ok(n > 0, `send made progress (${n})`);
    at += n;
  }
}

/** Exactly `n` bytes from ring socket `fd` (several RECVs), failing on an early end of stream. */
async function recvExactly(ring, fd, n) {
  const out = Buffer.alloc(n);
  for (let at = 0; at < n;) {
    const got = await ring.recv(fd, out.subarray(at));
    if (got === 0) assert.unreachable(`end of stream after ${at} of ${n} bytes`);
    at += got;
  }
  return out;
}

/** Everything up to end of stream on ring socket `fd`. */
async function recvToEnd(ring, fd) {
  const chunks = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    const n = await ring.recv(fd, buf);
    if (n === 0) return Buffer.concat(chunks);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
}

/**
 * The echo side of one connection: every Buffer from a multishot RECV is sent back, in order,
 * until the peer closes; then the fd is closed. Resolves to what it saw.
 */
async function echo(ring, fd, recvOptions = {}) {
  const seen = { bytes: 0, chunks: 0, largest: 0 };
  try {
    for await (const chunk of ring.recvMultishot(fd, recvOptions)) {
      seen.bytes += chunk.length;
      seen.chunks++;
      seen.largest = Math.max(seen.largest, chunk.length);
      await sendAll(ring, fd, chunk);
    }
  } finally {
    await ring.close(fd);
  }
  return seen;
}

/**
 * A ring echo server: one multishot ACCEPT on `listenFd`, one echo() per connection, until
 * `connections` were accepted (then the accept is cancelled by leaving the loop). Resolves to each
 * connection's echo() result once all have ended.
 */
async function echoServer(ring, listenFd, connections) {
  const sessions = [];
  for await (const fd of ring.acceptMultishot(listenFd)) {
    const session = echo(ring, fd);
    session.catch(() => {}); // reported by Promise.all below; not an unhandled rejection meanwhile
    sessions.push(session);
    if (sessions.length === connections) break;
  }
  return Promise.all(sessions);
}

/** Whether fd `fd` is open in this process. */
function isOpen(fd) {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `body({ ring, node, listener, port, taken })` on a fresh ring with a listening socket
 * (on `host`, default 127.0.0.1) and a nodeSide(). Afterwards, whatever happened: closes every fd
 * left in `taken` (where the test puts the fds it accepts or opens), cleans up the Node side, and
 * closes the listener.
 */
function withListener(host, body) {
  if (typeof host === 'function') [host, body] = ['127.0.0.1', host];
  return withAsyncRing({}, async (ring) => {
    const node = nodeSide();
    const { fd: listener, port } = await listenAnywhere(ring, host);
    const taken = [];
    try {
      return await body({ ring, node, listener, port, taken });
    } finally {
      for (const fd of taken) await ring.close(fd);
      await node.cleanup();
      await ring.close(listener);
    }
  });
}

/**
 * withListener() with one connection already made: a single-shot accept on the listener, a Node
 * client connecting to it (with net.connect `connectOptions`), and the accepted ring socket `fd`.
 * `fd` is closed afterwards, unless the test calls `release()` to say it closed it itself (or
 * handed it to something that does).
 */
function withAccepted(connectOptions, body) {
  if (typeof connectOptions === 'function') [connectOptions, body] = [{}, connectOptions];
  return withListener(async ({ ring, node, listener, port, taken }) => {
    const accepting = ring.accept(listener);
    const client = await node.connect(port, '127.0.0.1', connectOptions);
    const fd = await within(accepting, 'accept');
    taken.push(fd);
    const release = () => {
      const at = taken.indexOf(fd);
      if (at >= 0) taken.splice(at, 1);
    };
    return body({ ring, node, listener, port, client, fd, release });
  });
}

/** Whether this machine has IPv6 loopback (::1 on an interface). */
function hasIpv6Loopback() {
  return Object.values(networkInterfaces()).flat().some((a) => a && a.family === 'IPv6' && a.address === '::1');
}

// ─── The echo server ─────────────────────────────────────────────────────────────────────────────

opTest(test, 'a ring echo server (listen + multishot accept + multishot recv + send) echoes every byte, in order, to several Node clients at once', SERVER, () =>
  withListener(async ({ ring, node, listener, port }) => {
    const CLIENTS = 4;
    const BIG = 200_000; // > 64 KiB: arrives in pieces (16 KiB provided buffers at most)
    const server = echoServer(ring, listener, CLIENTS);
    server.catch(() => {});
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => node.connect(port)));
    const messages = (i) => [Buffer.from(`hello from client ${i}\n`), pattern(1000, i + 1), pattern(BIG, 100 + i), Buffer.from('bye')];
    // All clients talk at once; each sends a message and reads its echo before the next.
    await Promise.all(clients.map(async (client, i) => {
      for (const [m, message] of messages(i).entries()) {
        client.socket.write(message);
        assertBytes(await client.read(message.length), message, `client ${i}, message ${m} echoed`);
      }
      // Then everything in one go: still every byte, in order.
      const all = Buffer.concat(messages(i));
      client.socket.write(all);
      assertBytes(await client.read(all.length), all, `client ${i}, all messages at once`);
      client.socket.end();
      assert.is((await client.rest()).length, 0, `client ${i}: nothing more than the echo, then the server's FIN`);
    }));
    const sessions = await within(server, 'the echo server to finish');
    assert.is(sessions.length, CLIENTS);
    const total = 2 * messages(0).reduce((n, m) => n + m.length, 0); // the same for every client
    for (const [i, s] of sessions.entries()) {
      assert.is(s.bytes, total, `session ${i} echoed every byte`);
      assert.ok(s.largest <= 16384, `session ${i}: no receive larger than a 16 KiB provided buffer (${s.largest})`);
      assert.ok(s.chunks >= Math.ceil(2 * BIG / 16384), `session ${i}: the big messages came in pieces (${s.chunks} receives)`);
    }
    assert.is(ring.pending, 0, 'nothing left in flight');
  }));

opTest(test, 'a ring client (createConnection + send/recv) talks to the ring echo server on the same ring', SERVER, () =>
  withListener(async ({ ring, listener, port, taken }) => {
    const server = echoServer(ring, listener, 1);
    server.catch(() => {});
    const client = await within(ring.createConnection(port, '127.0.0.1'), 'createConnection');
    taken.push(client);
    assert.ok(fstatSync(client).isSocket(), 'createConnection resolves to a socket fd');
    for (const [i, message] of [Buffer.from('ping'), pattern(100_000, 7), Buffer.from('pong')].entries()) {
      await within(sendAll(ring, client, message), `sending message ${i}`);
      assertBytes(await within(recvExactly(ring, client, message.length), `echo of message ${i}`), message, `message ${i} echoed`);
    }
    await ring.shutdown(client, 'write');
    const [session] = await within(server, 'the echo server to see end of stream');
    assert.is(session.bytes, 4 + 100_000 + 4);
    const buf = Buffer.alloc(16);
    assert.is(await within(ring.recv(client, buf), 'recv after the server closed'), 0, 'end of stream once the server closed');
  }));

// ─── A ring client against Node servers ──────────────────────────────────────────────────────────

opTest(test, 'a ring client (socket + connect to localhost, send, shutdown write, recv to end) against a Node net.Server', CLIENT, () =>
  withAsyncRing({}, async (ring) => {
    const node = nodeSide();
    let fd = -1;
    try {
      let received = 0;
      let sawEnd = false;
      const server = node.server(net.createServer((socket) => {
        socket.write('hi\n');
        socket.on('data', (data) => {
          received += data.length;
          socket.write(data);
        });
        socket.on('end', () => {
          sawEnd = true;
          socket.end(`bytes:${received}`);
        });
        socket.on('error', () => {});
      }));
      await new Promise((resolve) => server.listen(0, 'localhost', resolve));
      const { port } = server.address();
      fd = await ring.socket();
      assert.ok(fstatSync(fd).isSocket(), 'socket() resolves to a socket fd');
      assert.is(procNet(server.address().family === 'IPv6' ? 'tcp6' : 'tcp', fd), null, 'not connected yet');
      await within(ring.connect(fd, port), 'connect to localhost (the default host)');
      const data = pattern(100_000, 3);
      await within(sendAll(ring, fd, data), 'sending 100 kB');
      await ring.shutdown(fd, 'write');
      const reply = await within(recvToEnd(ring, fd), 'the reply up to end of stream');
      assert.ok(sawEnd, 'the Node server saw end of stream from shutdown(write)');
      assertBytes(reply, Buffer.concat([Buffer.from('hi\n'), data, Buffer.from('bytes:100000')]), 'greeting, echo, byte count');
    } finally {
      if (fd >= 0) await ring.close(fd);
      await node.cleanup();
    }
  }));

opTest(test, 'a ring UDP socket (socket ipv4 dgram + connect) exchanges datagrams with a Node dgram socket', CLIENT, () =>
  withAsyncRing({}, async (ring) => {
    const node = nodeSide();
    let fd = -1;
    try {
      const peer = node.udp(dgram.createSocket('udp4'));
      const message = new Promise((resolve) => peer.once('message', (msg, rinfo) => resolve({ msg, rinfo })));
      await new Promise((resolve) => peer.bind(0, '127.0.0.1', resolve));
      fd = await ring.socket('ipv4', 'dgram');
      assert.ok(fstatSync(fd).isSocket());
      await ring.connect(fd, peer.address().port, '127.0.0.1');
      assert.ok(procNet('udp', fd), 'the socket is a UDP socket (listed in /proc/net/udp)');
      assert.is(await ring.send(fd, 'one datagram'), 12);
      const { msg, rinfo } = await within(message, 'the datagram at the Node socket');
      assert.is(msg.toString(), 'one datagram');
      peer.send('the reply', rinfo.port, rinfo.address);
      const buf = Buffer.alloc(64);
      const n = await within(ring.recv(fd, buf), 'the reply datagram');
      assert.is(buf.subarray(0, n).toString(), 'the reply', 'one recv, one whole datagram');
    } finally {
      if (fd >= 0) await ring.close(fd);
      await node.cleanup();
    }
  }));

// ─── accept, shutdown, end of stream ─────────────────────────────────────────────────────────────

opTest(test, 'accept gives a working fd; shutdown(write) ends the peer\'s stream while the peer can still send; recv is 0 after the peer closes', SERVER, () =>
  // allowHalfOpen: the Node client keeps its sending side open after the server's FIN.
  withAccepted({ allowHalfOpen: true }, async ({ ring, client, fd, port }) => {
    assert.ok(fstatSync(fd).isSocket(), 'accept resolves to a socket fd');
    assert.is(procNet('tcp', fd).port, port, 'the accepted socket is the server side of a connection on the port');
    assert.is(await ring.send(fd, 'hello'), 5);
    assert.is((await client.read(5)).toString(), 'hello');
    await ring.shutdown(fd, 'write');
    assert.is((await client.rest()).length, 0, 'the Node client sees end of stream and nothing more');
    client.socket.write('still talking');
    assert.is((await within(recvExactly(ring, fd, 13), 'data after shutdown(write)')).toString(), 'still talking');
    client.socket.end();
    const buf = Buffer.alloc(16);
    assert.is(await within(ring.recv(fd, buf), 'recv after the peer closed'), 0, 'recv is 0: the peer closed');
    assert.is(await within(ring.recv(fd, buf), 'a second recv after the peer closed'), 0, 'and stays 0');
  }));

opTest(test, 'recvMultishot yields what the peer sent and ends when it closes; close(fd) closes the socket', SERVER, () =>
  withAccepted(async ({ ring, client, fd, release }) => {
    client.socket.write('first,');
    await sleep(5);
    client.socket.write('second,');
    await sleep(5);
    client.socket.end('last');
    const got = [];
    await within((async () => {
      for await (const chunk of ring.recvMultishot(fd)) got.push(chunk);
    })(), 'recvMultishot to end at end of stream');
    assert.ok(got.every((b) => Buffer.isBuffer(b) && b.length > 0), 'non-empty Buffers');
    assert.is(Buffer.concat(got).toString(), 'first,second,last');
    assert.is(ring.pending, 0);
    await ring.close(fd);
    release();
    assert.not.ok(isOpen(fd), 'close(fd) closed it');
  }));

opTest(test, 'leaving a recvMultishot loop cancels it: later bytes go to the next recv, and a new recvMultishot works', SERVER, () =>
  withAccepted(async ({ ring, client, fd }) => {
    client.socket.write('one');
    await within((async () => {
      for await (const chunk of ring.recvMultishot(fd)) {
        assert.is(chunk.toString(), 'one');
        break;
      }
    })(), 'the first item');
    assert.is(ring.pending, 0, 'the multishot RECV was cancelled');
    client.socket.write('two');
    assert.is((await within(recvExactly(ring, fd, 3), 'a recv after the loop')).toString(), 'two');
    client.socket.end('three');
    const rest = [];
    await within((async () => {
      for await (const chunk of ring.recvMultishot(fd)) rest.push(chunk);
    })(), 'a second recvMultishot to end');
    assert.is(Buffer.concat(rest).toString(), 'three');
  }));

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'connect to a closed port rejects like Node: ECONNREFUSED, errno, syscall connect, message; createConnection leaves no socket open', CLIENT, () =>
  withAsyncRing({}, async (ring) => {
    const probe = net.createServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address();
    await new Promise((resolve) => probe.close(resolve)); // a port nobody listens on now
    const check = (error) => {
      assert.instance(error, Error);
      assert.is(error.code, 'ECONNREFUSED');
      assert.is(error.errno, -osConstants.errno.ECONNREFUSED);
      assert.is(error.syscall, 'connect');
      assert.is(error.message, 'ECONNREFUSED: connection refused, connect');
    };
    const fd = await ring.socket();
    try {
      const error = await ring.connect(fd, port, '127.0.0.1').then(() => null, (e) => e);
      check(error);
      assert.ok(isOpen(fd), 'a failed connect leaves the caller\'s socket open');
    } finally {
      await ring.close(fd);
    }
    const before = readdirSync('/proc/self/fd').length;
    const error = await ring.createConnection(port, '127.0.0.1').then(() => null, (e) => e);
    check(error);
    assert.is(readdirSync('/proc/self/fd').length, before, 'createConnection closed the socket it made');
  }));

opTest(test, 'send and recv on a closed fd reject with EBADF (syscall send / recv)', [IORING_OP_SEND, IORING_OP_RECV, IORING_OP_CLOSE], () =>
  withAsyncRing({}, async (ring) => {
    const fd = await ring.socket();
    await ring.close(fd);
    assert.not.ok(isOpen(fd), 'closed');
    const sendError = await ring.send(fd, 'x').then(() => null, (e) => e);
    assert.is(sendError?.code, 'EBADF');
    assert.is(sendError.errno, -osConstants.errno.EBADF);
    assert.is(sendError.syscall, 'send');
    assert.is(sendError.message, 'EBADF: bad file descriptor, send');
    const recvError = await ring.recv(fd, Buffer.alloc(4)).then(() => null, (e) => e);
    assert.is(recvError?.code, 'EBADF');
    assert.is(recvError.syscall, 'recv');
  }));

opTest(test, 'accept on a socket that is not listening rejects with EINVAL (syscall accept)', [IORING_OP_ACCEPT, IORING_OP_CLOSE], () =>
  withAsyncRing({}, async (ring) => {
    const fd = await ring.socket();
    try {
      const error = await within(ring.accept(fd).then(() => null, (e) => e), 'accept on a fresh socket');
      assert.is(error?.code, 'EINVAL');
      assert.is(error.syscall, 'accept');
    } finally {
      await ring.close(fd);
    }
  }));

opTest(test, 'listen twice on one port (first still open): EADDRINUSE from bind despite SO_REUSEADDR, and no socket left behind', LISTEN, () =>
  withAsyncRing({}, async (ring) => {
    const { fd: first, port } = await listenAnywhere(ring);
    try {
      assert.is(procNet('tcp', first)?.state, TCP_LISTEN, 'the first socket is listening');
      assert.is(procNet('tcp', first).port, port);
      const before = readdirSync('/proc/self/fd').length;
      const error = await ring.listen(port).then((fd) => fd, (e) => e);
      if (typeof error === 'number') {
        await ring.close(error);
        assert.unreachable('a second listener on a port with a listening socket was allowed');
      }
      assert.is(error.code, 'EADDRINUSE');
      assert.is(error.errno, -osConstants.errno.EADDRINUSE);
      assert.is(error.syscall, 'bind');
      assert.is(error.message, 'EADDRINUSE: address already in use, bind');
      assert.is(readdirSync('/proc/self/fd').length, before, 'the failed listen closed the socket it made');
      // A Node server cannot take it either.
      const other = net.createServer();
      const nodeError = await new Promise((resolve) => {
        other.once('error', resolve);
        other.listen(port, '127.0.0.1', () => resolve(null));
      });
      if (!nodeError) await new Promise((resolve) => other.close(resolve));
      assert.is(nodeError?.code, 'EADDRINUSE', 'Node\'s listen on the port fails too');
    } finally {
      await ring.close(first);
    }
  }));

opTest(test, 'listen sets SO_REUSEADDR: a port with a TIME_WAIT connection can be listened on again (a plain bind cannot)', [...SERVER, IORING_OP_SHUTDOWN], () =>
  withAsyncRing({}, async (ring) => {
    const node = nodeSide();
    let { fd: listener, port } = await listenAnywhere(ring);
    let plain = -1;
    try {
      const accepting = ring.accept(listener);
      const client = await node.connect(port);
      const fd = await within(accepting, 'accept');
      await ring.close(fd); // the server closes first: its side ends in TIME_WAIT
      await client.rest();
      client.socket.end();
      await within(new Promise((resolve) => client.socket.once('close', resolve)), 'the client to close');
      await ring.close(listener);
      listener = -1;
      const until = Date.now() + 1000;
      while (!tcpOnPort(port).some((e) => e.state === TCP_TIME_WAIT) && Date.now() < until) await sleep(5);
      assert.ok(tcpOnPort(port).some((e) => e.state === TCP_TIME_WAIT), `a TIME_WAIT connection on port ${port}`);
      // The control: a socket without SO_REUSEADDR cannot bind the port now (bind(2) through
      // the bridge, as on every kernel: BIND needs 6.11).
      plain = await ring.socket();
      const bindRes = withRing({ entries: 4 }, (low, own) => {
        const addr = sockaddrLoopback(low, own, port);
        return low.memory.wasm.sys_bind(plain, addr.byteOffset, addr.byteLength);
      });
      assert.is(bindRes, -osConstants.errno.EADDRINUSE, 'a plain bind of the port fails with EADDRINUSE');
      // listen() sets SO_REUSEADDR first, so it can.
      listener = await ring.listen(port);
      assert.is(procNet('tcp', listener)?.state, TCP_LISTEN, 'listening again on the port');
      assert.is(procNet('tcp', listener).port, port);
    } finally {
      if (plain >= 0) await ring.close(plain);
      if (listener >= 0) await ring.close(listener);
      await node.cleanup();
    }
  }));

// ─── Multishot accept: leaving the loop, aborting ────────────────────────────────────────────────

opTest(test, 'leaving acceptMultishot\'s for-await after N connections cancels the ACCEPT: the next connection waits in the backlog for accept()', SERVER, () =>
  withListener(async ({ ring, node, listener, port, taken }) => {
    const N = 3;
    const loop = (async () => {
      for await (const fd of ring.acceptMultishot(listener)) {
        taken.push(fd);
        if (taken.length === N) break;
      }
    })();
    for (let i = 0; i < N; i++) await node.connect(port);
    await within(loop, `the loop to end after ${N} connections`);
    assert.is(taken.length, N);
    assert.is(new Set(taken).size, N, 'distinct fds');
    for (const fd of taken) assert.is(procNet('tcp', fd)?.port, port, `fd ${fd} is a connection on the port`);
    assert.is(ring.pending, 0, 'the multishot ACCEPT is gone from the kernel once the loop ended');
    // The listener is still open, so a connect succeeds at the TCP level, into the backlog…
    const late = await node.connect(port);
    late.socket.write('late');
    await sleep(20);
    // …and nobody has taken it: a single-shot accept gets exactly that connection.
    const fd = await within(ring.accept(listener), 'accept of the connection the cancelled multishot left');
    taken.push(fd);
    assert.is((await within(recvExactly(ring, fd, 4), 'the late client\'s bytes')).toString(), 'late');
  }));

opTest(test, 'leaving acceptMultishot\'s for-await closes every connection it accepted and did not yield (none leak)', SERVER, () =>
  withListener(async ({ ring, node, listener, port, taken }) => {
    node.start(port);
    await within((async () => {
      for await (const fd of ring.acceptMultishot(listener)) {
        taken.push(fd);
        // More clients connect while the loop is left: the kernel accepts them before the cancel.
        for (let i = 0; i < 7; i++) node.start(port);
        break;
      }
    })(), 'the first connection');
    assert.is(taken.length, 1);
    assert.is(ring.pending, 0);
    await sleep(30);
    for (const fd of taken.splice(0)) await ring.close(fd);
    // Connections still in the backlog are not fds of ours; anything accepted must be closed.
    const left = await acceptedFdsLeft(port);
    assert.equal(left, [], `accepted connections nobody took and nobody closed: fds ${left.join(', ')}`);
  }));

opTest(test, 'aborting acceptMultishot\'s signal ends the loop with an AbortError (items already accepted come first)', SERVER, () =>
  withListener(async ({ ring, node, listener, port, taken }) => {
    const controller = new AbortController();
    const reason = new Error('stop accepting');
    const loop = (async () => {
      for await (const fd of ring.acceptMultishot(listener, { signal: controller.signal })) {
        taken.push(fd);
        if (taken.length === 2) controller.abort(reason);
      }
    })();
    const ended = loop.then(() => null, (e) => e); // handled at once: it may end before the connects return
    await node.connect(port);
    await node.connect(port);
    const error = await within(ended, 'the loop to end after the abort');
    assert.ok(error, 'the loop threw');
    assert.is(error.name, 'AbortError');
    assert.is(error.code, 'ABORT_ERR');
    assert.is(error.cause, reason, 'the signal\'s reason is the cause');
    assert.is(taken.length, 2);
    assert.is(ring.pending, 0, 'the ACCEPT was cancelled');
    // An already-aborted signal: the iterator fails at once, nothing reaches the kernel.
    const again = ring.acceptMultishot(listener, { signal: controller.signal });
    const first = await within(again.next().then(() => null, (e) => e), 'next() on an aborted signal');
    assert.is(first?.name, 'AbortError');
    assert.is(ring.pending, 0);
    // The listener still works.
    const accepting = ring.accept(listener);
    await node.connect(port);
    taken.push(await within(accepting, 'accept after the aborted multishot'));
  }));

opTest(test, 'aborting a pending recv rejects it with an AbortError; the connection still works afterwards', [...SERVER, IORING_OP_ASYNC_CANCEL], () =>
  withAccepted(async ({ ring, client, fd }) => {
    const controller = new AbortController();
    const pending = ring.recv(fd, Buffer.alloc(16), { signal: controller.signal });
    await sleep(10);
    assert.is(ring.pending, 1, 'the recv waits in the kernel');
    controller.abort();
    const error = await within(pending.then(() => null, (e) => e), 'the aborted recv');
    assert.is(error?.name, 'AbortError');
    assert.is(error.code, 'ABORT_ERR');
    assert.is(ring.pending, 0);
    client.socket.write('after');
    assert.is((await within(recvExactly(ring, fd, 5), 'recv after the abort')).toString(), 'after', 'no byte was lost to the cancelled recv');
  }));

opTest(test, 'an accept aborted in the same turn, when the kernel accepts at once (a connection waits in the backlog), leaks no fd', SERVER, () =>
  withListener(async ({ ring, node, listener, port, taken }) => {
    await node.connect(port); // completed by the kernel: waiting in the backlog
    await sleep(10);
    const controller = new AbortController();
    const accepting = ring.accept(listener, { signal: controller.signal });
    controller.abort(); // the ACCEPT and its cancel reach the kernel in one submit, ACCEPT first
    const outcome = await within(accepting.then((fd) => fd, (e) => e), 'the aborted accept');
    if (typeof outcome === 'number') taken.push(outcome); // resolving with the fd would be fine too
    else assert.is(outcome.name, 'AbortError');
    assert.is(ring.pending, 0);
    for (const fd of taken.splice(0)) await ring.close(fd);
    // Whichever way it settled, no accepted socket may stay open without an owner.
    const left = await acceptedFdsLeft(port);
    assert.equal(left, [], `an accepted connection nobody owns: fds ${left.join(', ')}`);
  }));

opTest(test, 'closing the ring ends a pending multishot accept iteration (done) and rejects a pending recv with ERR_URING_CLOSED', SERVER, async () => {
  const node = nodeSide();
  const ring = new AsyncRing(ringOptions());
  let listener = -1;
  let fd = -1;
  try {
    let port;
    ({ fd: listener, port } = await listenAnywhere(ring));
    const accepting = ring.accept(listener);
    await node.connect(port);
    fd = await within(accepting, 'accept');
    const iterator = ring.acceptMultishot(listener);
    const next = iterator.next();
    const recv = ring.recv(fd, Buffer.alloc(8)).then(() => null, (e) => e);
    await sleep(10);
    await within(ring.close(), 'the ring to close');
    assert.equal(await within(next, 'the accept iterator'), { value: undefined, done: true });
    assert.is((await within(recv, 'the recv'))?.code, 'ERR_URING_CLOSED');
    assert.ok(ring.closed);
  } finally {
    await ring.close();
    for (const f of [fd, listener]) if (f >= 0 && isOpen(f)) closeSync(f);
    await node.cleanup();
  }
});

// ─── Multishot recv with tiny buffers ────────────────────────────────────────────────────────────

opTest(test, 'recvMultishot with 4 buffers of 16 bytes still yields a 64 KiB message whole and in order (re-armed after running out of buffers)', SERVER, () =>
  withAccepted(async ({ ring, client, fd }) => {
    const data = pattern(65536, 42);
    client.socket.end(data);
    const chunks = [];
    await within((async () => {
      for await (const chunk of ring.recvMultishot(fd, { bufferSize: 16, buffers: 4 })) chunks.push(chunk);
    // 4096 receives or more: where they are single-shot ones re-armed one at a time (before 6.0),
    // each is a trip through the event loop, which under emulation takes milliseconds.
    })(), 'the whole message through 16-byte buffers', patience(20000));
    assert.ok(chunks.every((c) => c.length >= 1 && c.length <= 16), 'no item larger than one buffer');
    assert.ok(chunks.length >= 65536 / 16, `${chunks.length} items`);
    assertBytes(Buffer.concat(chunks), data, 'the message as received');
    assert.is(ring.pending, 0);
  }));

opTest(test, 'a ring echo server with recvMultishot over tiny buffers echoes a large message in order', SERVER, () =>
  withAccepted(async ({ ring, client, fd, release }) => {
    const session = echo(ring, fd, { bufferSize: 64, buffers: 2 });
    release(); // echo() closes it
    session.catch(() => {});
    const data = pattern(40_000, 9);
    client.socket.write(data);
    assertBytes(await client.read(data.length, patience(20000)), data, 'the echo');
    client.socket.end();
    const seen = await within(session, 'the session to end');
    assert.is(seen.bytes, data.length);
    assert.ok(seen.largest <= 64);
  }));

// ─── IPv6 ────────────────────────────────────────────────────────────────────────────────────────

const ipv6 = hasIpv6Loopback();
(ipv6 ? opTest : (runner, name, ops, fn) => runner.skip(`${name} [skipped: no IPv6 loopback (::1) on this machine]`, fn))(
  test, 'IPv6 loopback: listen on ::1 (only), Node and ring clients over ::1', SERVER, () =>
    withListener('::1', async ({ ring, node, listener, port, taken }) => {
      const entry = procNet('tcp6', listener);
      assert.ok(entry, 'an IPv6 socket (in /proc/net/tcp6)');
      assert.is(entry.address, '00000000000000000000000001000000', 'bound to ::1 exactly');
      assert.is(entry.port, port);
      assert.is(entry.state, TCP_LISTEN);
      const server = echoServer(ring, listener, 2);
      server.catch(() => {});
      const client = await node.connect(port, '::1');
      client.socket.write('over ipv6');
      assert.is((await client.read(9)).toString(), 'over ipv6');
      const ringClient = await within(ring.createConnection(port, '::1'), 'a ring client over ::1');
      taken.push(ringClient);
      assert.ok(procNet('tcp6', ringClient), 'the ring client is an IPv6 socket');
      await sendAll(ring, ringClient, pattern(70_000, 6));
      assertBytes(await within(recvExactly(ring, ringClient, 70_000), 'the echo over ::1'), pattern(70_000, 6));
      // Bound to ::1, not ::: IPv4 loopback on the same port is refused.
      const v4 = await ring.createConnection(port, '127.0.0.1').then((fd) => fd, (e) => e);
      if (typeof v4 === 'number') {
        await ring.close(v4);
        assert.unreachable('127.0.0.1 reached a listener bound to ::1');
      }
      assert.is(v4.code, 'ECONNREFUSED');
      client.socket.end();
      await ring.shutdown(ringClient, 'write');
      await within(server, 'the IPv6 echo server to finish');
    }));

test.run();
