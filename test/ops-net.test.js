// The socket opcodes against the real kernel: data sent through the ring is read back at the other
// end (by the ring or by plain read(2)), connections made by the ring carry bytes both ways.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, readSync, writeSync } from './support/fs.js';
import { fds } from './support/fds.js';
import {
  E, assertBytes, complete, constants, linux, opTest, pattern, results, ringBytes, sockaddrLoopback, withRing,
} from './support/harness.js';

const {
  IORING_OP_SEND, IORING_OP_RECV, IORING_OP_SENDMSG, IORING_OP_RECVMSG, IORING_OP_ACCEPT, IORING_OP_CONNECT,
  MSG_TRUNC, MSG_PEEK, SOCK_NONBLOCK, SOCK_CLOEXEC,
} = constants;

/** struct msghdr.msg_flags: an int at byte 48 on 64-bit Linux (no library reader for it). */
const MSGHDR_FLAGS = 48;

opTest(test, 'SEND then RECV over a socketpair: the bytes arrive unchanged', [IORING_OP_SEND, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    const data = pattern(3000, 21);
    const out = own(ring.alloc(4096));
    ring.prepSend(1, a, ringBytes(ring, own, data));
    assert.equal(results(ring, [1]), [3000]);
    ring.prepRecv(2, b, out);
    assert.equal(results(ring, [2]), [3000]);
    assertBytes(out.subarray(0, 3000), data, 'received bytes');
  }));

opTest(test, 'a RECV posted before any data waits, then completes with the SEND queued after it', [IORING_OP_SEND, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    const out = own(ring.alloc(64));
    ring.prepRecv(1, b, out);
    ring.submit();
    assert.is(ring.cqReady, 0, 'nothing to receive yet');
    ring.prepSend(2, a, ringBytes(ring, own, Buffer.from('late arrival')));
    const got = complete(ring, [1, 2]);
    assert.is(got.of(2).res, 12);
    assert.is(got.of(1).res, 12);
    assert.is(Buffer.from(out.subarray(0, 12)).toString('latin1'), 'late arrival');
  }));

opTest(test, 'RECV with MSG_PEEK leaves the data for the next read', [IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    writeSync(a, 'peekaboo');
    const out = own(ring.alloc(8));
    ring.prepRecv(1, b, out, MSG_PEEK);
    assert.equal(results(ring, [1]), [8]);
    assert.is(Buffer.from(out).toString('latin1'), 'peekaboo');
    const again = Buffer.alloc(16);
    assert.is(readSync(b, again), 8, 'still there after the peek');
    assert.is(again.subarray(0, 8).toString('latin1'), 'peekaboo');
  }));

opTest(test, 'SENDMSG and RECVMSG carry iovecs of different sizes across a socketpair', [IORING_OP_SENDMSG, IORING_OP_RECVMSG], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair());
    const parts = [pattern(5, 22), pattern(1100, 23), pattern(3, 24)];
    const all = Buffer.concat(parts);
    const sendHdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs(parts.map((p) => ringBytes(ring, own, p)))) }));
    const outs = [own(ring.alloc(4)), own(ring.alloc(1104))];
    const recvHdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs(outs)) }));
    ring.prepRecvmsg(2, b, recvHdr);
    ring.prepSendmsg(1, a, sendHdr);
    const got = complete(ring, [1, 2]);
    assert.is(got.of(1).res, 1108);
    assert.is(got.of(2).res, 1108);
    assertBytes(Buffer.concat(outs), all, 'received iovecs');
  }));

opTest(test, 'RECVMSG of a datagram larger than its iovecs reports MSG_TRUNC in msg_flags', [IORING_OP_SENDMSG, IORING_OP_RECVMSG], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [a, b] = own.fds(fds.socketpair(linux.SOCK_DGRAM));
    const data = pattern(100, 25);
    ring.prepSendmsg(1, a, own(ring.memory.msghdr({ iov: own(ring.memory.iovecs([ringBytes(ring, own, data)])) })));
    const small = own(ring.alloc(40));
    const recvHdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs([small])) }));
    ring.prepRecvmsg(2, b, recvHdr);
    assert.equal(results(ring, [1, 2]), [100, 40]);
    assertBytes(small, data.subarray(0, 40), 'the part that fitted');
    const flags = new DataView(recvHdr.buffer, recvHdr.byteOffset, recvHdr.byteLength).getInt32(MSGHDR_FLAGS, true);
    assert.ok(flags & MSG_TRUNC, `msg_flags ${flags} has MSG_TRUNC`);
  }));

opTest(test, 'CONNECT and ACCEPT make a TCP connection that carries bytes both ways; ACCEPT reports the peer', [IORING_OP_CONNECT, IORING_OP_ACCEPT, IORING_OP_SEND, IORING_OP_RECV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const client = own.fd(fds.tcpSocket());
    const peer = own(ring.alloc(16));
    const peerLen = own(ring.alloc(4));
    const lenView = new DataView(peerLen.buffer, peerLen.byteOffset, 4);
    lenView.setUint32(0, 16, true);
    ring.prepAccept(1, listener, peer, peerLen);
    ring.prepConnect(2, client, sockaddrLoopback(ring, own, port));
    const got = complete(ring, [1, 2]);
    assert.is(got.of(2).res, 0, 'CONNECT succeeded');
    const server = got.of(1).res;
    assert.ok(server >= 0, `ACCEPT returned an fd (${server})`);
    own.fd(server);

    // The peer address came back: AF_INET, 127.0.0.1, a real (ephemeral) port.
    const peerView = new DataView(peer.buffer, peer.byteOffset, 16);
    assert.is(lenView.getUint32(0, true), 16, 'addrlen');
    assert.is(peerView.getUint16(0, true), linux.AF_INET, 'sin_family');
    assert.equal([...peer.subarray(4, 8)], [127, 0, 0, 1], 'sin_addr');
    assert.ok(peerView.getUint16(2, false) > 0, 'sin_port');
    assert.is.not(peerView.getUint16(2, false), port, 'the client port, not the listener port');

    // Prove the connection: client → server through the ring, server → client too.
    const toServer = pattern(2000, 26);
    const atServer = own(ring.alloc(2000));
    ring.prepRecv(3, server, atServer, constants.MSG_WAITALL);
    ring.prepSend(4, client, ringBytes(ring, own, toServer));
    assert.equal(results(ring, [3, 4]), [2000, 2000]);
    assertBytes(atServer, toServer, 'client → server');
    const atClient = own(ring.alloc(5));
    ring.prepSend(5, server, ringBytes(ring, own, Buffer.from('reply')));
    ring.prepRecv(6, client, atClient, constants.MSG_WAITALL);
    assert.equal(results(ring, [5, 6]), [5, 5]);
    assert.is(Buffer.from(atClient).toString('latin1'), 'reply');
  }));

opTest(test, 'ACCEPT with a null address and SOCK_NONBLOCK gives a non-blocking connected fd', [IORING_OP_CONNECT, IORING_OP_ACCEPT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const client = own.fd(fds.tcpSocket());
    ring.prepAccept(1, listener, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
    ring.prepConnect(2, client, sockaddrLoopback(ring, own, port));
    const got = complete(ring, [1, 2]);
    assert.is(got.of(2).res, 0);
    const server = got.of(1).res;
    assert.ok(server >= 0, `ACCEPT returned an fd (${server})`);
    own.fd(server);
    // Non-blocking: reading with nothing sent fails at once with EAGAIN instead of blocking.
    assert.throws(() => readSync(server, Buffer.alloc(8)), (error) => error.code === 'EAGAIN');
    writeSync(client, 'ping');
    const buf = Buffer.alloc(8);
    let n = 0;
    const until = Date.now() + 2000;
    while (n === 0 && Date.now() < until) {
      try {
        n = readSync(server, buf);
      } catch (error) {
        if (error.code !== 'EAGAIN') throw error;
      }
    }
    assert.is(buf.subarray(0, n).toString('latin1'), 'ping');
  }));

opTest(test, 'CONNECT to a port nobody listens on completes with -ECONNREFUSED', [IORING_OP_CONNECT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    // A port that was just listening and is now closed is free and refuses.
    const [listener, port] = fds.tcpListener();
    own.fd(listener);
    const client = own.fd(fds.tcpSocket());
    const addr = sockaddrLoopback(ring, own, port);
    closeSync(listener);
    own.closed(listener);
    ring.prepConnect(1, client, addr);
    assert.equal(results(ring, [1]), [E.ECONNREFUSED]);
  }));

test.run();
