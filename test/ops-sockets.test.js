// The socket opcodes and variants that came after Linux 5.8, against the real kernel over
// loopback (127.0.0.1 only): sockets made, bound and listening through the ring, multishot and
// direct accepts, multishot receives into provided buffers, zero-copy sends, socket commands.
// Each test checks the effect from the other end of the connection or from the kernel's own
// tables (/proc/self/net/*, /proc/self/fdinfo).
import { test } from 'uvu';
import { procNet } from './support/tcp.js';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import * as assert from 'uvu/assert';
import { fstatSync, readFileSync, readdirSync, readlinkSync, writeSync } from './support/fs.js';
import dgram from 'node:dgram';
import { fds } from './support/fds.js';
import {
  E, assertBytes, complete, constants, kernelProbe, opTest, pattern, results, ringBytes, sockaddrLoopback,
  withRing,
} from './support/harness.js';

const {
  IORING_OP_SOCKET, IORING_OP_BIND, IORING_OP_LISTEN, IORING_OP_CONNECT, IORING_OP_ACCEPT, IORING_OP_SHUTDOWN,
  IORING_OP_SEND, IORING_OP_RECV, IORING_OP_RECVMSG, IORING_OP_SEND_ZC, IORING_OP_SENDMSG_ZC,
  IORING_OP_PROVIDE_BUFFERS, IORING_OP_URING_CMD, IORING_OP_RECV_ZC, IORING_OP_ASYNC_CANCEL,
  IOSQE_FIXED_FILE, IORING_CQE_F_BUFFER, IORING_CQE_F_MORE, IORING_CQE_F_NOTIF, IORING_CQE_BUFFER_SHIFT,
  IORING_FILE_INDEX_ALLOC, IORING_SEND_ZC_REPORT_USAGE, IORING_NOTIF_USAGE_ZC_COPIED,
  SOCKET_URING_OP_SIOCINQ, SOCKET_URING_OP_SIOCOUTQ, SOCKET_URING_OP_GETSOCKOPT, SOCKET_URING_OP_SETSOCKOPT,
  MSG_DONTWAIT, MSG_NOSIGNAL, MSG_TRUNC, MSG_WAITALL, SOCK_NONBLOCK, SOCK_CLOEXEC,
} = constants;

/** Linux socket ABI values io_uring does not define (<sys/socket.h>, <netinet/in.h>). */
const sock = {
  AF_INET: 2,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOL_SOCKET: 1,
  SO_TYPE: 3,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SHUT_WR: 1,
  TCP_LISTEN: 0x0a, // the `st` column of /proc/net/tcp
  O_NONBLOCK: 0o4000,
  O_CLOEXEC: 0o2000000,
};

/** A user_data no other request of these tests uses (for helpers' own requests). */
const HELPER = 9000;

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

/** The open-file flags of `fd` from /proc/self/fdinfo (octal there). */
function fdFlags(fd) {
  return parseInt(/^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'))[1], 8);
}

/** How many fds this process has open. */
function openFdCount() {
  return readdirSync('/proc/self/fd').length;
}

/** A connected TCP pair over loopback, made with the seed's CONNECT and ACCEPT: [client, server]. */
function tcpConnection(ring, own) {
  const [listener, port] = fds.tcpListener();
  own.fd(listener);
  const client = own.fd(fds.tcpSocket());
  ring.prepAccept(HELPER, listener, null, null, 0);
  ring.prepConnect(HELPER + 1, client, sockaddrLoopback(ring, own, port));
  const got = complete(ring, [HELPER, HELPER + 1]);
  assert.is(got.of(HELPER + 1).res, 0, 'CONNECT');
  const server = got.of(HELPER).res;
  assert.ok(server >= 0, `ACCEPT gave an fd (${server})`);
  return [client, own.fd(server)];
}

/** RECV of exactly `n` bytes (MSG_WAITALL) on `fd` (a direct descriptor with `fixed`): the bytes. */
function recvAll(ring, own, fd, n, fixed = false) {
  const buf = own(ring.alloc(n));
  const sqe = ring.prepRecv(HELPER + 2, fd, buf, MSG_WAITALL);
  if (fixed) ring.setSqeFlags(sqe, IOSQE_FIXED_FILE);
  assert.equal(results(ring, [HELPER + 2]), [n], `received ${n} bytes`);
  return buf;
}

/** Completions until `n` of them carry `userData` (submitting first; each wait has a guard). */
function completeMany(ring, userData, n, others = []) {
  const got = [...complete(ring, [userData, ...others])];
  const mine = () => got.filter((c) => c.userData === userData);
  for (let i = 0; i < n && mine().length < n; i++) got.push(...complete(ring, [userData]));
  assert.is(mine().length, n, `${n} completions for userData ${userData}: ${JSON.stringify(mine())}`);
  return { all: got, mine: mine() };
}

/** The id of the provided buffer a CQE used (asserting it says it used one). */
function bufferId(cqe) {
  assert.ok(cqe.flags & IORING_CQE_F_BUFFER, `IORING_CQE_F_BUFFER in flags ${cqe.flags}`);
  return cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
}

/** A Node UDP socket bound to 127.0.0.1 (an ephemeral port), and its queue of messages. */
async function nodeUdp() {
  const socket = dgram.createSocket('udp4');
  const messages = [];
  const waiters = [];
  socket.on('message', (msg, rinfo) => {
    messages.push({ msg, rinfo });
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  return {
    socket,
    port: socket.address().port,
    /** The next message, failing after `ms` instead of waiting forever. */
    async next(ms = 2000) {
      const until = Date.now() + ms;
      while (messages.length === 0) {
        if (Date.now() >= until) assert.unreachable(`no UDP message within ${ms} ms`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, until - Date.now());
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
      return messages.shift();
    },
    send(bytes, port) {
      return new Promise((resolve, reject) =>
        socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
    },
    close: () => socket.close(),
  };
}

/** A UDP socket made through the ring (SOCKET), owned by the test. */
function ringUdpSocket(ring, own) {
  ring.prepSocket(HELPER, sock.AF_INET, sock.SOCK_DGRAM, 0, 0);
  const [fd] = results(ring, [HELPER]);
  return own.fd(fd);
}

/** Runs `body(peer)` with a Node UDP socket on 127.0.0.1, closed afterwards. */
async function withNodeUdp(body) {
  const peer = await nodeUdp();
  try {
    await body(peer);
  } finally {
    peer.close();
  }
}

/**
 * What the kernel says when asked once, at load, for a feature that is a flag or a file operation
 * rather than an opcode: null when it works, else the reason tests needing it are skipped.
 */
function trial(opcodes, attempt) {
  if (!opcodes.every((op) => kernelProbe().supports(op))) return null; // opTest names the missing opcode
  return withRing({ entries: 8 }, attempt);
}

// Socket commands (SIOCINQ … SETSOCKOPT) came in 6.7 as the socket's uring_cmd file operation;
// before that URING_CMD exists (5.19) but sockets answer -EOPNOTSUPP.
const noSocketCmds = trial([IORING_OP_URING_CMD], (ring, own) => {
  const fd = own.fd(fds.tcpSocket());
  ring.prepCmdSock(1, SOCKET_URING_OP_SIOCINQ, fd);
  const [res] = results(ring, [1]);
  return res === E.EOPNOTSUPP ? 'sockets on this kernel take no URING_CMD (6.7)' : null;
});

// IORING_SEND_ZC_REPORT_USAGE (6.2): older kernels refuse the flag in prep with -EINVAL, before
// looking at the fd; newer ones get as far as the (bad) fd.
const noReportUsage = trial([IORING_OP_SEND_ZC], (ring, own) => {
  ring.prepSendZc(1, 1_000_000, own(ring.alloc(8)), 0, IORING_SEND_ZC_REPORT_USAGE);
  const [res] = results(ring, [1]);
  return res === E.EINVAL ? 'this kernel has no IORING_SEND_ZC_REPORT_USAGE (6.2)' : null;
});

/** opTest, or a skip naming `reason` when a load-time trial found the feature missing. */
function featureTest(name, opcodes, reason, fn) {
  if (reason) test.skip(`${name} [skipped: ${reason}]`, fn);
  else opTest(test, name, opcodes, fn);
}

// ─── SOCKET ──────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'SOCKET returns a TCP socket fd with SOCK_NONBLOCK|SOCK_CLOEXEC applied that CONNECTs and carries bytes', [IORING_OP_SOCKET, IORING_OP_CONNECT, IORING_OP_ACCEPT, IORING_OP_SEND], () =>
  withRing({ entries: 8 }, (ring, own) => {
    ring.prepSocket(1, sock.AF_INET, sock.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, 0);
    const [fd] = results(ring, [1]);
    assert.ok(fd >= 0, `SOCKET returned an fd (${fd})`);
    own.fd(fd);
    assert.is(readlinkSync(`/proc/self/fd/${fd}`), `socket:[${fstatSync(fd).ino}]`);
    const flags = fdFlags(fd);
    assert.ok(flags & sock.O_NONBLOCK, `O_NONBLOCK in ${flags.toString(8)}`);
    assert.ok(flags & sock.O_CLOEXEC, `O_CLOEXEC in ${flags.toString(8)}`);

    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    ring.prepAccept(2, listener, null, null, 0);
    ring.prepConnect(3, fd, sockaddrLoopback(ring, own, port));
    const got = complete(ring, [2, 3]);
    assert.is(got.of(3).res, 0, 'CONNECT from the new socket');
    const server = own.fd(got.of(2).res);
    const data = pattern(1500, 41);
    ring.prepSend(4, fd, ringBytes(ring, own, data));
    assert.equal(results(ring, [4]), [1500]);
    assertBytes(recvAll(ring, own, server, 1500), data, 'bytes at the server');
  }));

opTest(test, 'SOCKET direct: into fixed-file slot 1 (res 0) and into a kernel-picked slot (res = slot); both CONNECT and SEND as fixed files, no ordinary fd is made', [IORING_OP_SOCKET, IORING_OP_CONNECT, IORING_OP_ACCEPT, IORING_OP_SEND], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const addr = sockaddrLoopback(ring, own, port);
    ring.registerFiles([-1, -1, -1, -1]);
    const before = openFdCount();
    ring.prepSocketDirect(1, sock.AF_INET, sock.SOCK_STREAM, 0, 1);
    ring.prepSocketDirect(2, sock.AF_INET, sock.SOCK_STREAM, 0, IORING_FILE_INDEX_ALLOC);
    const [one, picked] = results(ring, [1, 2]);
    assert.is(one, 0, 'a given slot answers 0');
    assert.ok([0, 2, 3].includes(picked), `the kernel picked a free slot (${picked})`);
    assert.is(openFdCount(), before, 'the sockets live only in the fixed-file table');

    for (const [slot, seed] of [[1, 42], [picked, 43]]) {
      ring.prepAccept(10, listener, null, null, 0);
      ring.setSqeFlags(ring.prepConnect(11, slot, addr), IOSQE_FIXED_FILE);
      const got = complete(ring, [10, 11]);
      assert.is(got.of(11).res, 0, `CONNECT from slot ${slot}`);
      const server = own.fd(got.of(10).res);
      const data = pattern(700, seed);
      ring.setSqeFlags(ring.prepSend(12, slot, ringBytes(ring, own, data)), IOSQE_FIXED_FILE);
      assert.equal(results(ring, [12]), [700]);
      assertBytes(recvAll(ring, own, server, 700), data, `bytes sent from slot ${slot}`);
    }
  }));

// ─── BIND, LISTEN ────────────────────────────────────────────────────────────────────────────────

opTest(test, 'BIND to 127.0.0.1:0 then LISTEN: the kernel lists the socket listening on a port it chose, and a CONNECT there is accepted', [IORING_OP_SOCKET, IORING_OP_BIND, IORING_OP_LISTEN, IORING_OP_CONNECT, IORING_OP_ACCEPT, IORING_OP_SEND], () =>
  withRing({ entries: 8 }, (ring, own) => {
    ring.prepSocket(1, sock.AF_INET, sock.SOCK_STREAM, 0, 0);
    const [fd] = results(ring, [1]);
    own.fd(fd);
    ring.prepBind(2, fd, sockaddrLoopback(ring, own, 0));
    assert.equal(results(ring, [2]), [0]);
    assert.is(procNet('tcp', fd), null, 'bound but not yet listening');
    ring.prepListen(3, fd, 4);
    assert.equal(results(ring, [3]), [0]);
    const entry = procNet('tcp', fd);
    assert.ok(entry, 'listed in /proc/self/net/tcp once listening');
    assert.is(entry.state, sock.TCP_LISTEN, 'state LISTEN');
    assert.is(entry.address, '127.0.0.1');
    assert.ok(entry.port > 0, `an ephemeral port (${entry.port})`);

    // The port is really taken: binding another socket to it fails.
    ring.prepSocket(4, sock.AF_INET, sock.SOCK_STREAM, 0, 0);
    const [other] = results(ring, [4]);
    own.fd(other);
    ring.prepBind(5, other, sockaddrLoopback(ring, own, entry.port));
    assert.equal(results(ring, [5]), [E.EADDRINUSE]);

    // And it accepts: a client connects and its bytes arrive through the accepted socket.
    const client = own.fd(fds.tcpSocket());
    ring.prepAccept(6, fd, null, null, 0);
    ring.prepConnect(7, client, sockaddrLoopback(ring, own, entry.port));
    const got = complete(ring, [6, 7]);
    assert.is(got.of(7).res, 0, 'CONNECT');
    const server = own.fd(got.of(6).res);
    writeSync(client, 'over the listener');
    assert.is(Buffer.from(recvAll(ring, own, server, 17)).toString('latin1'), 'over the listener');
  }));

// ─── SHUTDOWN ────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'SHUTDOWN SHUT_WR: the peer reads end-of-file, sending fails with -EPIPE, the other direction still works', [IORING_OP_SHUTDOWN, IORING_OP_RECV, IORING_OP_SEND], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    writeSync(client, 'last words');
    ring.prepShutdown(1, client, sock.SHUT_WR);
    assert.equal(results(ring, [1]), [0]);
    const buf = own(ring.alloc(64));
    ring.prepRecv(2, server, buf, MSG_WAITALL);
    assert.equal(results(ring, [2]), [10], 'what was sent before the shutdown');
    assert.is(Buffer.from(buf.subarray(0, 10)).toString('latin1'), 'last words');
    ring.prepRecv(3, server, buf);
    assert.equal(results(ring, [3]), [0], 'then EOF');
    ring.prepSend(4, client, ringBytes(ring, own, Buffer.from('more')), MSG_NOSIGNAL);
    assert.equal(results(ring, [4]), [E.EPIPE]);
    ring.prepSend(5, server, ringBytes(ring, own, Buffer.from('reply')));
    assert.equal(results(ring, [5]), [5]);
    assert.is(Buffer.from(recvAll(ring, own, client, 5)).toString('latin1'), 'reply');
  }));

// ─── Multishot and direct ACCEPT ─────────────────────────────────────────────────────────────────

opTest(test, 'multishot ACCEPT: three clients give three CQEs with IORING_CQE_F_MORE, each a distinct connected fd; cancelling ends it without F_MORE', [NEEDS.multishot_accept, IORING_OP_CONNECT, IORING_OP_ASYNC_CANCEL], () =>
  withRing({ entries: 16 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const addr = sockaddrLoopback(ring, own, port);
    ring.prepMultishotAccept(1, listener);
    const clients = [0, 1, 2].map(() => own.fd(fds.tcpSocket()));
    clients.forEach((c, i) => ring.prepConnect(10 + i, c, addr));
    const { all, mine } = completeMany(ring, 1, 3, [10, 11, 12]);
    for (const ud of [10, 11, 12]) assert.is(all.find((c) => c.userData === ud).res, 0, `CONNECT ${ud}`);
    const accepted = mine.map((c) => {
      assert.ok(c.res >= 0, `an fd (${c.res})`);
      assert.ok(c.flags & IORING_CQE_F_MORE, `IORING_CQE_F_MORE in flags ${c.flags}`);
      return own.fd(c.res);
    });
    assert.is(new Set(accepted).size, 3, 'three different fds');

    // Each accepted fd is one of the connections: each client's byte arrives on exactly one.
    clients.forEach((c, i) => writeSync(c, String.fromCharCode(65 + i)));
    const got = accepted.map((fd) => Buffer.from(recvAll(ring, own, fd, 1)).toString('latin1')).sort();
    assert.equal(got, ['A', 'B', 'C']);

    ring.prepCancel(2, 1);
    const end = complete(ring, [1, 2]);
    assert.is(end.of(2).res, 0, 'the cancel found it');
    assert.is(end.of(1).res, E.ECANCELED);
    assert.not.ok(end.of(1).flags & IORING_CQE_F_MORE, 'the last CQE has no F_MORE');
  }));

opTest(test, 'multishot ACCEPT direct: each connection lands in a kernel-picked free slot (res = slot) that works as a fixed file', [NEEDS.multishot_accept_direct, IORING_OP_CONNECT, IORING_OP_RECV, IORING_OP_ASYNC_CANCEL], () =>
  withRing({ entries: 16 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const addr = sockaddrLoopback(ring, own, port);
    ring.registerFiles([-1, -1, -1, -1]);
    const clients = [0, 1].map(() => own.fd(fds.tcpSocket()));
    const before = openFdCount();
    ring.prepMultishotAcceptDirect(1, listener);
    clients.forEach((c, i) => ring.prepConnect(10 + i, c, addr));
    const { mine } = completeMany(ring, 1, 2, [10, 11]);
    const slots = mine.map((c) => {
      assert.ok(c.flags & IORING_CQE_F_MORE, `IORING_CQE_F_MORE in flags ${c.flags}`);
      return c.res;
    });
    assert.ok(slots.every((s) => s >= 0 && s < 4), `slots in the table (${slots})`);
    assert.is.not(slots[0], slots[1], 'two different slots');
    assert.is(openFdCount(), before, 'no ordinary fd was made');

    clients.forEach((c, i) => writeSync(c, `client ${i}`));
    const got = slots.map((s) => Buffer.from(recvAll(ring, own, s, 8, true)).toString('latin1')).sort();
    assert.equal(got, ['client 0', 'client 1']);

    ring.prepCancel(2, 1);
    const end = complete(ring, [1, 2]);
    assert.is(end.of(1).res, E.ECANCELED);
    assert.not.ok(end.of(1).flags & IORING_CQE_F_MORE);
  }));

opTest(test, 'ACCEPT direct into slot 2: res 0, the connection answers as fixed file 2 while slot 0 stays empty', [IORING_OP_ACCEPT, IORING_OP_CONNECT, IORING_OP_SEND], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    ring.registerFiles([-1, -1, -1]);
    const client = own.fd(fds.tcpSocket());
    ring.prepAcceptDirect(1, listener, null, null, 0, 2);
    ring.prepConnect(2, client, sockaddrLoopback(ring, own, port));
    assert.equal(results(ring, [1, 2]), [0, 0]);
    const hello = ringBytes(ring, own, Buffer.from('from slot 2'));
    ring.setSqeFlags(ring.prepSend(3, 2, hello), IOSQE_FIXED_FILE);
    ring.setSqeFlags(ring.prepSend(4, 0, hello), IOSQE_FIXED_FILE);
    assert.equal(results(ring, [3, 4]), [11, E.EBADF]);
    assert.is(Buffer.from(recvAll(ring, own, client, 11)).toString('latin1'), 'from slot 2');
  }));

// ─── Multishot receives into provided buffers ────────────────────────────────────────────────────

opTest(test, 'RECV multishot with provided buffers: a CQE per message with F_BUFFER|F_MORE and the data in the buffer named; out of buffers it ends with -ENOBUFS', [IORING_OP_PROVIDE_BUFFERS, NEEDS.recv_multishot], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    const SIZE = 32, COUNT = 3, GROUP = 4, FIRST = 20;
    const pool = own(ring.alloc(SIZE * COUNT));
    ring.prepProvideBuffers(1, pool, SIZE, COUNT, GROUP, FIRST);
    assert.equal(results(ring, [1]), [0]);
    ring.prepRecvMultishot(2, b, GROUP);
    ring.submit();

    // One message at a time (a stream would merge them): each completes the same armed request.
    // A wait may bring more than one CQE (the kernel may end the request as soon as the last
    // buffer is taken, as 6.1 does): they are taken in order.
    const queue = [];
    const next = () => {
      if (queue.length === 0) queue.push(...complete(ring, [2]).filter((c) => c.userData === 2));
      return queue.shift();
    };
    const used = [];
    for (const [i, text] of ['first', 'the second one', 'third'].entries()) {
      writeSync(a, text);
      const cqe = next();
      assert.is(cqe.res, text.length, `message ${i}`);
      assert.ok(cqe.flags & IORING_CQE_F_MORE, `still armed after message ${i}`);
      const id = bufferId(cqe);
      assert.ok(id >= FIRST && id < FIRST + COUNT, `buffer id ${id} is one of those provided`);
      const at = (id - FIRST) * SIZE;
      assert.is(Buffer.from(pool.subarray(at, at + text.length)).toString('latin1'), text);
      used.push(id);
    }
    assert.is(new Set(used).size, 3, 'each message took its own buffer');
    writeSync(a, 'no room');
    const last = next();
    assert.is(last.res, E.ENOBUFS);
    assert.not.ok(last.flags & IORING_CQE_F_MORE, 'the request ended');
  }));

/** Fields of struct io_uring_recvmsg_out at the start of a multishot RECVMSG buffer. */
function recvmsgOut(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, 16);
  return { namelen: dv.getUint32(0, true), controllen: dv.getUint32(4, true),
    payloadlen: dv.getUint32(8, true), flags: dv.getUint32(12, true) };
}

opTest(test, 'RECVMSG multishot over UDP: each buffer holds io_uring_recvmsg_out, the sender\'s sockaddr, the control area, then the payload', [IORING_OP_SOCKET, IORING_OP_CONNECT, IORING_OP_PROVIDE_BUFFERS, IORING_OP_RECVMSG], () =>
  withNodeUdp((peer) => withRing({ entries: 8 }, async (ring, own) => {
    // A ring-made UDP socket connected to the Node socket: bound to 127.0.0.1, it takes
    // datagrams from that peer only.
    const fd = ringUdpSocket(ring, own);
    ring.prepConnect(2, fd, sockaddrLoopback(ring, own, peer.port));
    assert.equal(results(ring, [2]), [0]);
    const local = procNet('udp', fd);
    assert.is(local.address, '127.0.0.1');

    // One buffer more than datagrams: UDP does not tell io_uring its queue is empty, so the
    // request tries once more after the last datagram, and with no buffer left would end.
    const SIZE = 128, COUNT = 4, GROUP = 9, NAME = 16, CONTROL = 24, HDR = 16;
    const pool = own(ring.alloc(SIZE * COUNT));
    ring.prepProvideBuffers(3, pool, SIZE, COUNT, GROUP, 0);
    assert.equal(results(ring, [3]), [0]);
    // Only the lengths of the msghdr's name and control matter: they size those areas.
    const hdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs([])), name: own(ring.alloc(NAME)),
      control: own(ring.alloc(CONTROL)) }));
    // MSG_TRUNC asked: payloadlen tells a cut datagram's full length, as recvmsg(2) would.
    ring.prepRecvmsgMultishot(4, fd, hdr, GROUP, MSG_TRUNC);
    ring.submit();

    const room = SIZE - HDR - NAME - CONTROL;
    const datagrams = [pattern(5, 44), pattern(room, 45), pattern(room + 30, 46)];
    for (const d of datagrams) await peer.send(d, local.port);
    const { mine } = completeMany(ring, 4, 3);
    mine.forEach((cqe, i) => {
      const d = datagrams[i];
      const fits = Math.min(d.length, room);
      assert.ok(cqe.flags & IORING_CQE_F_MORE, `armed after datagram ${i}`);
      assert.is(cqe.res, HDR + NAME + CONTROL + fits, `res counts the whole used buffer (${i})`);
      const id = bufferId(cqe);
      const buf = pool.subarray(id * SIZE, (id + 1) * SIZE);
      const out = recvmsgOut(buf);
      assert.is(out.namelen, 16, 'a sockaddr_in');
      assert.is(out.controllen, 0, 'no control messages asked for');
      assert.is(out.payloadlen, d.length, 'the datagram\'s full length, even when cut');
      assert.is(Boolean(out.flags & MSG_TRUNC), d.length > room, `MSG_TRUNC iff cut (${i})`);
      const name = new DataView(buf.buffer, buf.byteOffset + HDR, NAME);
      assert.is(name.getUint16(0, true), sock.AF_INET, 'sin_family');
      assert.is(name.getUint16(2, false), peer.port, 'sin_port: the sender');
      assert.equal([...buf.subarray(HDR + 4, HDR + 8)], [127, 0, 0, 1], 'sin_addr');
      const payload = buf.subarray(HDR + NAME + CONTROL, HDR + NAME + CONTROL + fits);
      assertBytes(payload, d.subarray(0, fits), `payload ${i}`);
    });
    assert.is(new Set(mine.map(bufferId)).size, 3, 'three different buffers');
    ring.prepCancel(5, 4);
    const end = complete(ring, [4, 5]);
    assert.is(end.of(4).res, E.ECANCELED, 'it was still armed');
  })));

// ─── Zero-copy sends, sendto ─────────────────────────────────────────────────────────────────────

/** Checks a zero-copy send's two CQEs: the result with F_MORE, then the notification. */
function assertZcPair(got, userData, bytes) {
  const mine = got.filter((c) => c.userData === userData);
  assert.is(mine.length, 2, 'two CQEs for one zero-copy send');
  assert.is(mine[0].res, bytes, 'the first carries the result');
  assert.ok(mine[0].flags & IORING_CQE_F_MORE, `F_MORE on the first (flags ${mine[0].flags})`);
  assert.not.ok(mine[0].flags & IORING_CQE_F_NOTIF, 'the first is not the notification');
  assert.ok(mine[1].flags & IORING_CQE_F_NOTIF, `F_NOTIF on the second (flags ${mine[1].flags})`);
  assert.not.ok(mine[1].flags & IORING_CQE_F_MORE, 'nothing follows the notification');
  return mine[1];
}

opTest(test, 'SEND_ZC: the peer receives the bytes; a result CQE with F_MORE, then an F_NOTIF CQE with the same userData', [IORING_OP_SEND_ZC, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const data = pattern(20_000, 47);
    ring.prepSendZc(1, client, ringBytes(ring, own, data));
    assertZcPair(completeMany(ring, 1, 2).all, 1, data.length);
    assertBytes(recvAll(ring, own, server, data.length), data, 'bytes at the peer');
  }));

featureTest('SEND_ZC with IORING_SEND_ZC_REPORT_USAGE: over loopback the notification says the kernel copied', [IORING_OP_SEND_ZC], noReportUsage, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const data = pattern(4096, 48);
    ring.prepSendZc(1, client, ringBytes(ring, own, data), 0, IORING_SEND_ZC_REPORT_USAGE);
    const notif = assertZcPair(completeMany(ring, 1, 2).all, 1, data.length);
    // Loopback hands the pages to a local receiver, which cannot keep user pages: a copy.
    assert.is(notif.res & IORING_NOTIF_USAGE_ZC_COPIED, IORING_NOTIF_USAGE_ZC_COPIED, `res ${notif.res >>> 0}`);
    assertBytes(recvAll(ring, own, server, data.length), data, 'bytes at the peer');
  }));

opTest(test, 'SEND_ZC from a registered buffer: the slice sent arrives; an unregistered index is refused with -EFAULT', [IORING_OP_SEND_ZC, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const region = own(ring.alloc(8192));
    region.set(pattern(8192, 49));
    ring.registerBuffers([region]);
    const slice = region.subarray(1000, 4000);
    ring.prepSendZcFixed(1, client, slice, 0, 0, 0);
    assertZcPair(completeMany(ring, 1, 2).all, 1, 3000);
    assertBytes(recvAll(ring, own, server, 3000), slice, 'the slice of the registered buffer');

    ring.prepSendZcFixed(2, client, slice, 0, 0, 1);
    const [res] = results(ring, [2]);
    assert.is(res, E.EFAULT, 'buffer index 1 is not registered');
  }));

opTest(test, 'SENDMSG_ZC: iovecs from a msghdr arrive in order; result CQE with F_MORE, then F_NOTIF', [IORING_OP_SENDMSG_ZC, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const parts = [pattern(10, 50), pattern(3000, 51), pattern(7, 52)];
    const hdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs(parts.map((p) => ringBytes(ring, own, p)))) }));
    ring.prepSendmsgZc(1, client, hdr);
    assertZcPair(completeMany(ring, 1, 2).all, 1, 3017);
    assertBytes(recvAll(ring, own, server, 3017), Buffer.concat(parts), 'the iovecs, concatenated');
  }));

// IORING_RECVSEND_FIXED_BUF on SENDMSG_ZC came in 6.15: an older kernel refuses it with -EINVAL
// (a newer one, on this unconnected socket, with -EPIPE or -ENOTCONN). A buffer is registered:
// without one the index is refused (-EFAULT) before the flag is looked at.
const noSendmsgZcFixed = trial([IORING_OP_SENDMSG_ZC], (ring, own) => {
  const region = own(ring.alloc(8));
  ring.registerBuffers([region]);
  const hdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs([region])) }));
  ring.prepSendmsgZcFixed(1, own.fd(fds.tcpSocket()), hdr, 0, 0);
  const [res] = results(ring, [1]);
  return res === E.EINVAL ? 'SENDMSG_ZC takes no registered buffer on this kernel (6.15)' : null;
});

featureTest('SENDMSG_ZC from a registered buffer (sendmsg_zc_fixed): iovecs inside it arrive in order; an unregistered index is refused', [IORING_OP_SENDMSG_ZC, IORING_OP_RECV], noSendmsgZcFixed, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const region = own(ring.alloc(8192));
    region.set(pattern(8192, 60));
    ring.registerBuffers([region]);
    const parts = [region.subarray(100, 1100), region.subarray(5000, 5500)];
    const hdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs(parts)) }));
    ring.prepSendmsgZcFixed(1, client, hdr, 0, 0);
    assertZcPair(completeMany(ring, 1, 2).all, 1, 1500);
    assertBytes(recvAll(ring, own, server, 1500), Buffer.concat(parts), 'the iovecs, from the registered buffer');

    ring.prepSendmsgZcFixed(2, client, hdr, 0, 1);
    const [res] = results(ring, [2]);
    assert.is(res, E.EFAULT, 'buffer index 1 is not registered');
  }));

opTest(test, 'sendto_zc: SEND_ZC with a destination from a ring-made UDP socket reaches a Node UDP socket; result, then notification', [IORING_OP_SOCKET, IORING_OP_SEND_ZC], () =>
  withNodeUdp((peer) => withRing({ entries: 8 }, async (ring, own) => {
    const fd = ringUdpSocket(ring, own);
    const data = pattern(700, 61);
    ring.prepSendtoZc(2, fd, ringBytes(ring, own, data), 0, 0, sockaddrLoopback(ring, own, peer.port));
    assertZcPair(completeMany(ring, 2, 2).all, 2, data.length);
    const { msg, rinfo } = await peer.next();
    assertBytes(msg, data, 'the datagram');
    assert.is(rinfo.port, procNet('udp', fd).port, 'sent from the ring\'s socket');
  })));

// Send bundles (IORING_RECVSEND_BUNDLE) came in 6.10: an older kernel refuses the flag in prep
// (-EINVAL), or, before SEND could select provided buffers (6.10 too), IOSQE_BUFFER_SELECT on
// SEND (-EOPNOTSUPP), both before looking at the (bad) fd.
const noBundle = trial([IORING_OP_SEND], (ring) => {
  ring.prepSendBundle(1, 1_000_000, 0);
  const [res] = results(ring, [1]);
  return res === E.EINVAL || res === E.EOPNOTSUPP ? `this kernel answers ${res} to a send bundle (IORING_RECVSEND_BUNDLE, 6.10)` : null;
});

featureTest('send_bundle: one SEND takes every buffer queued in the group\'s buffer ring; the peer gets them in order', [IORING_OP_SEND, IORING_OP_RECV], noBundle, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    const group = 5;
    const br = ring.setupBufferRing({ group, entries: 4 });
    try {
      const parts = [pattern(100, 62), pattern(2000, 63), pattern(50, 64)];
      parts.forEach((part, bid) => br.add(ringBytes(ring, own, part), bid));
      br.advance();
      ring.prepSendBundle(1, client, group);
      const got = complete(ring, [1]);
      assert.is(got.of(1).res, 2150, 'res: the bytes of all three buffers');
      assert.is(bufferId(got.of(1)), 0, 'the bundle starts at the first buffer');
      assertBytes(recvAll(ring, own, server, 2150), Buffer.concat(parts), 'the buffers, in order');
    } finally {
      br.free();
    }
  }));

// SOCKET_URING_OP_GETSOCKNAME came in 6.19: before, a socket answers an unknown command with
// -EOPNOTSUPP (and before 6.7 every socket command does).
const noGetsockname = trial([IORING_OP_URING_CMD], (ring, own) => {
  const fd = own.fd(fds.tcpSocket());
  const [addr, len] = sockaddrRoom(ring, own);
  ring.prepCmdGetsockname(1, fd, addr, len, 0);
  const [res] = results(ring, [1]);
  return res === E.EOPNOTSUPP || res === E.EINVAL
    ? `this kernel's sockets answer ${res} to SOCKET_URING_OP_GETSOCKNAME (6.19)` : null;
});

/** Room for a sockaddr_in the kernel fills, and its socklen_t saying so. */
function sockaddrRoom(ring, own) {
  const addr = own(ring.alloc(16));
  const len = own(ring.alloc(4));
  new DataView(len.buffer, len.byteOffset, 4).setUint32(0, 16, true);
  return [addr, len];
}
/** The port of a sockaddr_in (network order). */
const portOf = (addr) => new DataView(addr.buffer, addr.byteOffset, 4).getUint16(2, false);

featureTest('cmd_getsockname: a listener\'s own address, and a client\'s peer, through the ring', [IORING_OP_URING_CMD], noGetsockname, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const [addr, len] = sockaddrRoom(ring, own);
    ring.prepCmdGetsockname(1, listener, addr, len, 0);
    assert.equal(results(ring, [1]), [0]);
    assert.is(portOf(addr), port, 'the listener\'s port');
    assert.is(new DataView(len.buffer, len.byteOffset, 4).getUint32(0, true), 16, 'a sockaddr_in\'s length');
    const [client, server] = tcpConnection(ring, own);
    const [peer, peerLen] = sockaddrRoom(ring, own);
    ring.prepCmdGetsockname(2, client, peer, peerLen, 1);
    assert.equal(results(ring, [2]), [0]);
    assert.is(portOf(peer), procNet('tcp', server).port, 'the client\'s peer: the accepted socket\'s port');
  }));

opTest(test, 'sendto: SEND with a destination from a ring-made UDP socket reaches a Node UDP socket, from 127.0.0.1', [IORING_OP_SOCKET, IORING_OP_SEND], () =>
  withNodeUdp((peer) => withRing({ entries: 8 }, async (ring, own) => {
    const fd = ringUdpSocket(ring, own);
    const data = pattern(300, 53);
    ring.prepSendto(2, fd, ringBytes(ring, own, data), 0, sockaddrLoopback(ring, own, peer.port));
    assert.equal(results(ring, [2]), [300]);
    const { msg, rinfo } = await peer.next();
    assertBytes(msg, data, 'the datagram');
    assert.is(rinfo.address, '127.0.0.1');
    assert.is(rinfo.port, procNet('udp', fd).port, 'sent from the ring\'s socket');
  })));


// ─── URING_CMD on sockets ────────────────────────────────────────────────────────────────────────

/** A 4-byte int optval in ring memory and its DataView. */
function intOpt(ring, own, value = 0) {
  const view = own(ring.alloc(4));
  const dv = new DataView(view.buffer, view.byteOffset, 4);
  dv.setInt32(0, value, true);
  return [view, dv];
}

featureTest('URING_CMD SIOCINQ and SIOCOUTQ: the bytes waiting at the receiver, and those the sender still holds, add up to what was sent', [IORING_OP_URING_CMD, IORING_OP_SEND], noSocketCmds, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client, server] = tcpConnection(ring, own);
    ring.prepSend(1, client, ringBytes(ring, own, pattern(5000, 54)));
    assert.equal(results(ring, [1]), [5000]);
    ring.prepCmdSock(2, SOCKET_URING_OP_SIOCINQ, server);
    assert.equal(results(ring, [2]), [5000], 'all 5000 wait unread');

    // A small receive buffer and a large non-blocking send: part waits at the receiver, the
    // rest stays queued at the sender.
    const [small] = intOpt(ring, own, 4096);
    ring.prepCmdSock(3, SOCKET_URING_OP_SETSOCKOPT, server, sock.SOL_SOCKET, sock.SO_RCVBUF, small);
    assert.equal(results(ring, [3]), [0]);
    ring.prepSend(4, client, ringBytes(ring, own, pattern(1 << 20, 55)), MSG_DONTWAIT);
    const [sent] = results(ring, [4]);
    assert.ok(sent > 0, `sent ${sent}`);
    let inq = 0, outq = 0;
    // Delayed ACKs may leave bytes counted at both ends for a moment: ask until it settles.
    for (let i = 0; i < 50; i++) {
      ring.prepCmdSock(5, SOCKET_URING_OP_SIOCINQ, server);
      ring.prepCmdSock(6, SOCKET_URING_OP_SIOCOUTQ, client);
      [inq, outq] = results(ring, [5, 6]);
      if (inq + outq === 5000 + sent) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    assert.ok(inq >= 5000 && inq < 5000 + sent, `the receiver holds part (${inq})`);
    assert.ok(outq > 0, `the sender holds the rest (${outq})`);
    assert.is(inq + outq, 5000 + sent, 'every byte is in one queue or the other');
  }));

featureTest('URING_CMD GETSOCKOPT and SETSOCKOPT: SO_RCVBUF is set (the kernel doubles it), SO_KEEPALIVE arms the keepalive timer', [IORING_OP_URING_CMD], noSocketCmds, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [client] = tcpConnection(ring, own);
    const [val, dv] = intOpt(ring, own);
    const get = (ud, optname) => {
      dv.setInt32(0, -1, true);
      ring.prepCmdSock(ud, SOCKET_URING_OP_GETSOCKOPT, client, sock.SOL_SOCKET, optname, val);
      assert.equal(results(ring, [ud]), [4], 'res is the option\'s length');
      return dv.getInt32(0, true);
    };
    const set = (ud, optname, value) => {
      const [view] = intOpt(ring, own, value);
      ring.prepCmdSock(ud, SOCKET_URING_OP_SETSOCKOPT, client, sock.SOL_SOCKET, optname, view);
      assert.equal(results(ring, [ud]), [0]);
    };

    assert.is(get(1, sock.SO_TYPE), sock.SOCK_STREAM);
    set(2, sock.SO_RCVBUF, 6000);
    assert.is(get(3, sock.SO_RCVBUF), 12000, 'setsockopt(2) doubles SO_RCVBUF for bookkeeping');

    assert.is(get(4, sock.SO_KEEPALIVE), 0);
    assert.is(procNet('tcp', client).timer, 0, 'no timer on an idle connection');
    set(5, sock.SO_KEEPALIVE, 1);
    assert.is(get(6, sock.SO_KEEPALIVE), 1);
    assert.is(procNet('tcp', client).timer, 2, 'the keepalive timer runs (/proc/net/tcp `tr` 2)');
  }));

// ─── RECV_ZC ─────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'RECV_ZC without a registered zero-copy receive queue is refused with -EINVAL in its prep, before the fd is looked at (not a data-path test: loopback cannot host a zcrx queue)', [IORING_OP_RECV_ZC, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [, server] = tcpConnection(ring, own);
    ring.prepRecvZc(1, server, 0, 0);
    ring.prepRecvZc(2, 1_000_000, 0, 0);
    // The same bad fd in a plain RECV gets as far as the fd lookup.
    ring.prepRecv(3, 1_000_000, own(ring.alloc(8)));
    assert.equal(results(ring, [1, 2, 3]), [E.EINVAL, E.EINVAL, E.EBADF]);
  }));

test.run();
