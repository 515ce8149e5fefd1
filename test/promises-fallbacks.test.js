// AsyncRing on a kernel that lacks the io_uring opcodes of some operations: those run as the
// plain syscall instead (through ring.wasm's sys_* exports and the bridge's imports, ABI version
// 2), decided once per ring from its probe. WASM_URING_AS_LINUX caps what a ring uses at a
// release, so the fallbacks of 5.10 and 6.1 run here on any newer kernel: each test makes its
// ring under the cap it names and checks what really happened (a socket that listens and accepts
// node:net's connection, a file truncated, a directory made), that no SQE went to the kernel for
// a fallback, and that results and errors are those of the io_uring path (compared with an
// uncapped ring on the same kernel).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations } from '../dist/src/index.js';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import { asyncRingAs, within } from './support/harness.js';


/** Runs `body(ring)` on a ring as `linux`, closing it after. */
async function withRingAs(linux, body, options) {
  const ring = asyncRingAs(linux, options);
  try {
    return await body(ring);
  } finally {
    await ring.close();
  }
}

/** What a rejection says, for comparing the two paths. */
async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return { name: error.name, code: error.code, errno: error.errno, syscall: error.syscall, path: error.path, dest: error.dest, message: error.message };
  }
  assert.unreachable('expected a rejection');
}

const temp = () => mkdtempSync(join(tmpdir(), 'wasm-uring-fallbacks-'));

/** A node:net client connected to 127.0.0.1:`port`, and the connection's end as a Promise of what it received. */
function client(port) {
  const socket = net.connect(port, '127.0.0.1');
  const chunks = [];
  const ended = new Promise((resolve, reject) => {
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
  });
  const connected = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, ended, connected };
}

// ─── What the cap decides ───────────────────────────────────────────────────────────────────────

test('under WASM_URING_AS_LINUX=5.10 a ring lacks SOCKET, BIND, LISTEN, the socket commands, FTRUNCATE, UNLINKAT, RENAMEAT, MKDIRAT, SHUTDOWN; under 6.1 only BIND, LISTEN, the socket commands and FTRUNCATE', async () => {
  const lacks = (ring) => Object.entries({
    socket: NEEDS.socket, bind: NEEDS.bind, listen: NEEDS.listen, cmd_sock: NEEDS.cmd_sock, cmd_getsockname: NEEDS.cmd_getsockname,
    ftruncate: NEEDS.ftruncate, unlinkat: NEEDS.unlinkat, renameat: NEEDS.renameat, mkdirat: NEEDS.mkdirat, shutdown: NEEDS.shutdown,
  }).filter(([, need]) => !ring.ring.kernel.has(need)).map(([name]) => name);
  await withRingAs('5.10', async (ring) => {
    assert.equal(lacks(ring), ['socket', 'bind', 'listen', 'cmd_sock', 'cmd_getsockname', 'ftruncate', 'unlinkat', 'renameat', 'mkdirat', 'shutdown']);
  });
  // What 6.1 has is lacking under its cap only where the kernel itself lacks it (Debian's 5.10
  // has UNLINKAT, RENAMEAT and SHUTDOWN from its io_uring backport, not SOCKET or MKDIRAT).
  const real = await withRingAs(undefined, async (ring) => lacks(ring));
  await withRingAs('6.1', async (ring) => {
    const lacking = lacks(ring);
    const of61 = ['socket', 'unlinkat', 'renameat', 'mkdirat', 'shutdown'];
    assert.equal(lacking.filter((n) => of61.includes(n)), real.filter((n) => of61.includes(n)));
    for (const name of ['bind', 'listen', 'cmd_sock', 'cmd_getsockname', 'ftruncate']) assert.ok(lacking.includes(name), name);
  });
});

test('a fallback puts no SQE in the ring: the syscall is made at the call (5.10)', async () => {
  const dir = temp();
  try {
    await withRingAs('5.10', async (ring) => {
      writeFileSync(join(dir, 'f'), 'x');
      const before = ring.ring.sqesPrepared;
      const removing = ring.unlink(join(dir, 'f'));
      assert.is(existsSync(join(dir, 'f')), false, 'removed before the promise settles');
      await removing;
      assert.is(ring.ring.sqesPrepared, before, 'SQEs prepared');
      assert.is(ring.pending, 0);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ─── Sockets ────────────────────────────────────────────────────────────────────────────────────

for (const linux of ['5.10', '6.1']) {
  test(`listen (${linux}): a socket that really listens on the port getsockname reports, accepts node:net's connection, exchanges bytes, shuts down`, async () => {
    await withRingAs(linux, async (ring) => {
      const server = await ring.listen(0, '127.0.0.1');
      try {
        const bound = await ring.getsockname(server);
        assert.is(bound.address, '127.0.0.1');
        assert.is(bound.family, 'IPv4');
        assert.ok(bound.port > 0, `port ${bound.port}`);
        assert.ok(readlinkSync(`/proc/self/fd/${server}`).startsWith('socket:'));
        const flags = Number.parseInt(/^flags:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${server}`, 'utf8'))[1], 8);
        assert.ok(flags & 0o2000000, 'close-on-exec');
        const peer = client(bound.port);
        const conn = await within(ring.accept(server), 'accept');
        try {
          await peer.connected;
          const remote = await ring.getpeername(conn);
          assert.equal(remote, { address: '127.0.0.1', port: peer.socket.localPort, family: 'IPv4' });
          assert.equal(await ring.getsockname(conn), { address: '127.0.0.1', port: bound.port, family: 'IPv4' });
          peer.socket.write('ping');
          const buf = Buffer.alloc(16);
          const n = await within(ring.recv(conn, buf), 'recv');
          assert.is(buf.toString('utf8', 0, n), 'ping');
          await ring.send(conn, 'pong');
          await ring.shutdown(conn, 'write');
          assert.is(await within(peer.ended, 'the client sees the end'), 'pong');
        } finally {
          peer.socket.destroy();
          await ring.close(conn);
        }
      } finally {
        await ring.close(server);
      }
    });
  });
}

test('listen sets SO_REUSEADDR (5.10): its port, in TIME_WAIT after a connection the server closed first, is listened on again; a bind without it is EADDRINUSE', async () => {
  await withRingAs('5.10', async (ring) => {
    const first = await ring.listen(0, '127.0.0.1');
    const { port } = await ring.getsockname(first);
    const peer = client(port);
    const conn = await within(ring.accept(first), 'accept');
    await peer.connected;
    await ring.close(conn); // the server closes first: its side of the connection goes to TIME_WAIT
    await within(peer.ended, 'the client sees the end');
    peer.socket.destroy();
    await ring.close(first);
    const plain = await ring.socket();
    try {
      const refused = await failure(ring.chain().add(operations.bind(plain, '127.0.0.1', port)).run());
      assert.is(refused.code, 'EADDRINUSE', refused.message);
      assert.is(refused.syscall, 'bind');
    } finally {
      await ring.close(plain);
    }
    const again = await ring.listen(port, '127.0.0.1');
    assert.is((await ring.getsockname(again)).port, port);
    await ring.close(again);
  });
});

test('socket (5.10) makes IPv4 and IPv6 stream and datagram sockets; getsockname of an unbound one is port 0', async () => {
  await withRingAs('5.10', async (ring) => {
    for (const [family, type, proto] of [['ipv4', 'stream', 'tcp'], ['ipv4', 'dgram', 'udp'], ['ipv6', 'stream', 'tcp'], ['ipv6', 'dgram', 'udp']]) {
      let fd;
      try {
        fd = await ring.socket(family, type);
      } catch (error) {
        if (family === 'ipv6' && error.code === 'EAFNOSUPPORT') continue; // no IPv6 here
        throw error;
      }
      try {
        assert.ok(readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:'), `${family} ${type}`);
        const address = await ring.getsockname(fd);
        assert.is(address.port, 0, `${family} ${type} (${proto}) unbound`);
        assert.is(address.family, family === 'ipv4' ? 'IPv4' : 'IPv6');
      } finally {
        await ring.close(fd);
      }
    }
  });
});

test('socket errors as the io_uring path gives them: EADDRINUSE from listen, ENOTCONN from getpeername and shutdown, EBADF, ENOTSOCK', async () => {
  const results = [];
  for (const linux of ['5.10', undefined]) {
    results.push(await withRingAs(linux, async (ring) => {
      const server = await ring.listen(0, '127.0.0.1');
      const { port } = await ring.getsockname(server);
      const out = [];
      try {
        out.push(await failure(ring.listen(port, '127.0.0.1')));
        out.push(await failure(ring.getpeername(server)));
        const loose = await ring.socket();
        out.push(await failure(ring.shutdown(loose)));
        await ring.close(loose);
        const dir = temp();
        const file = await ring.open(join(dir, 'f'), 'w');
        out.push(await failure(ring.shutdown(file)));
        out.push(await failure(ring.getsockname(file)));
        await ring.close(file);
        rmSync(dir, { recursive: true });
        out.push(await failure(ring.getsockname(999999)));
      } finally {
        await ring.close(server);
      }
      // The port is per ring; the messages name none.
      return out;
    }));
  }
  const [fallback, uring] = results;
  assert.equal(fallback.map((e) => e.code), ['EADDRINUSE', 'ENOTCONN', 'ENOTCONN', 'ENOTSOCK', 'ENOTSOCK', 'EBADF']);
  // getsockname's io_uring path needs a socket command of Linux 6.19: on older kernels both are the syscall.
  assert.equal(fallback, uring);
});

// ─── Files ──────────────────────────────────────────────────────────────────────────────────────

test('ftruncate (5.10) really changes the size: longer (zero-filled), shorter, to 0 by default', async () => {
  const dir = temp();
  try {
    await withRingAs('5.10', async (ring) => {
      const path = join(dir, 'f');
      await ring.writeFile(path, 'hello world');
      const fd = await ring.open(path, 'r+');
      try {
        await ring.ftruncate(fd, 5);
        assert.is(readFileSync(path, 'utf8'), 'hello');
        await ring.ftruncate(fd, 8);
        assert.equal([...readFileSync(path)], [...Buffer.from('hello'), 0, 0, 0]);
        assert.is((await ring.fstat(fd)).size, 8);
        await ring.ftruncate(fd, 3 * 2 ** 32 + 7); // beyond 32 bits: both halves of the length
        assert.is(statSync(path).size, 3 * 2 ** 32 + 7);
        await ring.ftruncate(fd);
        assert.is(statSync(path).size, 0);
      } finally {
        await ring.close(fd);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mkdir, rename, unlink, rmdir (5.10) are really done in a temp dir; mkdir recursive and copyFile work on them', async () => {
  const dir = temp();
  try {
    await withRingAs('5.10', async (ring) => {
      assert.is(await ring.mkdir(join(dir, 'a')), undefined);
      assert.ok(statSync(join(dir, 'a')).isDirectory());
      await ring.mkdir(join(dir, 'm'), { mode: 0o700 });
      assert.is(statSync(join(dir, 'm')).mode & 0o777, 0o700 & ~process.umask());
      assert.is(await ring.mkdir(join(dir, 'a/b/c'), { recursive: true }), join(dir, 'a/b'));
      assert.ok(statSync(join(dir, 'a/b/c')).isDirectory());
      await ring.writeFile(join(dir, 'a/b/c/f'), 'data');
      await ring.rename(join(dir, 'a/b/c/f'), join(dir, 'a/g'));
      assert.is(existsSync(join(dir, 'a/b/c/f')), false);
      assert.is(readFileSync(join(dir, 'a/g'), 'utf8'), 'data');
      writeFileSync(join(dir, 'a/h'), 'other');
      await ring.rename(join(dir, 'a/g'), join(dir, 'a/h')); // replaces it
      assert.is(readFileSync(join(dir, 'a/h'), 'utf8'), 'data');
      assert.is(await ring.copyFile(join(dir, 'a/h'), join(dir, 'a/copy')), 4);
      await ring.unlink(join(dir, 'a/h'));
      await ring.unlink(Buffer.from(join(dir, 'a/copy'))); // a path as bytes
      await ring.rmdir(join(dir, 'a/b/c'));
      await ring.rmdir(join(dir, 'a/b'));
      await ring.rmdir(join(dir, 'a'));
      await ring.rmdir(join(dir, 'm'));
      assert.equal(readdirSync(dir), []);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file errors as the io_uring path gives them (code, errno, syscall, path, dest, message): ENOENT, EEXIST, ENOTEMPTY, EISDIR, ENOTDIR, EBADF, EINVAL', async () => {
  const results = [];
  for (const linux of ['5.10', undefined]) {
    const dir = temp();
    try {
      results.push(await withRingAs(linux, async (ring) => {
        const at = (name) => join(dir, name);
        await ring.mkdir(at('d'));
        await ring.writeFile(at('d/f'), 'x');
        await ring.writeFile(at('file'), 'x');
        const fd = await ring.open(at('file'), 'r');
        const errors = [
          await failure(ring.unlink(at('missing'))),
          await failure(ring.rmdir(at('missing'))),
          await failure(ring.rmdir(at('d'))),
          await failure(ring.unlink(at('d'))),
          await failure(ring.rmdir(at('file'))),
          await failure(ring.rename(at('missing'), at('other'))),
          await failure(ring.rename(at('d'), at('file'))),
          await failure(ring.mkdir(at('d'))),
          await failure(ring.mkdir(at('missing/sub'))),
          await failure(ring.mkdir(at('file/sub'), { recursive: true })),
          await failure(ring.ftruncate(fd, 1)), // open read-only
          await failure(ring.ftruncate(999999, 1)),
        ];
        await ring.close(fd);
        return errors.map((e) => JSON.parse(JSON.stringify(e).replaceAll(dir, '<dir>')));
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [fallback, uring] = results;
  assert.equal(fallback.map((e) => e.code),
    ['ENOENT', 'ENOENT', 'ENOTEMPTY', 'EISDIR', 'ENOTDIR', 'ENOENT', 'ENOTDIR', 'EEXIST', 'ENOENT', 'ENOTDIR', 'EINVAL', 'EBADF']);
  assert.is(fallback[0].message, "ENOENT: no such file or directory, unlink '<dir>/missing'");
  assert.is(fallback[5].dest, '<dir>/other');
  assert.is(fallback[5].message, "ENOENT: no such file or directory, rename '<dir>/missing' -> '<dir>/other'");
  assert.equal(fallback, uring);
});

// ─── Abort, close, chains ───────────────────────────────────────────────────────────────────────

test('an aborted signal rejects a fallback with an AbortError before the syscall (the file stays); a closed ring with ERR_URING_CLOSED, as on the io_uring path', async () => {
  const dir = temp();
  try {
    const path = join(dir, 'kept');
    writeFileSync(path, 'x');
    const shapes = [];
    for (const linux of ['5.10', undefined]) {
      const ring = asyncRingAs(linux);
      const aborted = await failure(ring.unlink(path, { signal: AbortSignal.abort() }));
      assert.is(aborted.name, 'AbortError');
      assert.ok(existsSync(path), 'the file is still there');
      await ring.close();
      const closed = await failure(ring.unlink(path));
      assert.is(closed.code, 'ERR_URING_CLOSED');
      assert.ok(existsSync(path), 'the file is still there');
      shapes.push([aborted, closed, await failure(ring.listen(0)), await failure(ring.ftruncate(0))]);
    }
    assert.equal(shapes[0], shapes[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('argument errors are Node\'s, before anything is done (5.10): ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, ERR_SOCKET_BAD_PORT', async () => {
  await withRingAs('5.10', async (ring) => {
    assert.is((await failure(ring.unlink(42))).code, 'ERR_INVALID_ARG_TYPE');
    assert.is((await failure(ring.ftruncate(0, -1))).code, 'ERR_OUT_OF_RANGE');
    assert.is((await failure(ring.getsockname('3'))).code, 'ERR_INVALID_ARG_TYPE');
    assert.is((await failure(ring.listen(70000))).code, 'ERR_SOCKET_BAD_PORT');
    assert.is((await failure(ring.shutdown(0, 'sideways'))).code, 'ERR_INVALID_ARG_VALUE');
  });
});

test('a chain with a link this kernel lacks (5.10) fails whole before anything runs, naming the opcode and the Linux that brings it', async () => {
  const dir = temp();
  try {
    await withRingAs('5.10', async (ring) => {
      const path = join(dir, 'kept');
      writeFileSync(path, 'x');
      const fd = await ring.open(path, 'r+');
      const error = await failure(ring.chain().write(fd, 'changed', 0).add(operations.unlink(path)).run());
      assert.is(error.code, 'EINVAL');
      assert.is(error.syscall, 'unlink');
      assert.ok(error.message.includes('IORING_OP_UNLINKAT needs Linux 5.11 or later'), error.message);
      assert.is(readFileSync(path, 'utf8'), 'x', 'the write before it did not run either');
      await ring.close(fd);
      // A chain of one is not linked: it falls back.
      await ring.chain().add(operations.unlink(path)).run();
      assert.is(existsSync(path), false);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
