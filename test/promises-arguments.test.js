// Bad arguments to AsyncRing, Chain and the iterators (issue 11): each gets Node's error — the
// same code, class and message node:fs / node:net give for the same input, where Node has the
// same call — as a rejection of the returned Promise, and nothing happens: no file opened,
// created or truncated, no socket made, nothing submitted. Also: what must keep working.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, readdirSync, readvSync, statSync,
  writeFileSync, writeSync, promises as fsp,
} from './support/fs.js';
import net from 'node:net';
import { AsyncRing } from '../dist/src/index.js';
import { fds } from './support/fds.js';
import { ringOptions, withAsyncRing } from './support/harness.js';
import { tempFiles } from './support/tmp.js';
import { nodeWording, unless } from './support/lacks.js';

const tempFile = tempFiles();

/** How `fn()` failed: a synchronous throw or a rejection (the test says which it expects). */
async function failureOf(fn) {
  let result;
  try {
    result = fn();
  } catch (error) {
    return { sync: true, error };
  }
  try {
    await result;
  } catch (error) {
    return { sync: false, error };
  }
  return null;
}

/** Asserts `ours()` rejects (never throws) with the error `node()` gives: code, class, message. */
async function sameAsNode(what, ours, node) {
  const got = await failureOf(ours);
  const expected = await failureOf(node);
  assert.ok(expected, `${what}: Node accepts this`);
  assert.ok(got, `${what}: accepted`);
  assert.not.ok(got.sync, `${what}: thrown synchronously, not a rejection: ${got.error?.message}`);
  assert.is(got.error.code, expected.error.code, `${what}: code (${got.error.message})`);
  assert.is(got.error.constructor, expected.error.constructor, `${what}: class`);
  assert.is(got.error.message, expected.error.message, `${what}: message`);
  assert.ok(got.error.stack.startsWith(`${expected.error.name} [${expected.error.code}]:`), `${what}: stack header ${got.error.stack.split('\n')[0]}`);
}

/** Asserts `ours()` rejects (or, `sync`, throws) with `code` and a message matching `message`. */
async function rejects(what, ours, code, message, { sync = false } = {}) {
  const got = await failureOf(ours);
  assert.ok(got, `${what}: accepted`);
  assert.is(got.sync, sync, `${what}: ${sync ? 'a synchronous throw' : 'a rejection'} expected (${got.error?.message})`);
  assert.is(got.error.code, code, `${what}: code (${got.error.message})`);
  if (message) assert.match(got.error.message, message, what);
}

/** The fds this process has open now (to prove a bad call made none). */
const openFds = () => readdirSync('/proc/self/fd').length;

unless(nodeWording, test)('file calls: the same errors as node:fs for the same bad input, and nothing reaches the kernel', () =>
  withAsyncRing({}, async (ring) => {
    const file = tempFile('0123456789');
    const fd = openSync(file, 'r+');
    const buf = Buffer.alloc(8);
    try {
      const cases = [
        ['read: NaN fd', () => ring.read(NaN, buf, 0), () => readSync(NaN, buf, 0, 8, 0)],
        ['read: string fd', () => ring.read('3', buf, 0), () => readSync('3', buf, 0, 8, 0)],
        ['read: a string for the buffer', () => ring.read(fd, 'a string', 0), () => readSync(fd, 'a string', 0, 1, 0)],
        ['read: null buffer', () => ring.read(fd, null, 0), () => readSync(fd, null, 0, 1, 0)],
        ['read: NaN position', () => ring.read(fd, buf, NaN), () => readSync(fd, buf, 0, 8, NaN)],
        ['read: position -2', () => ring.read(fd, buf, -2), () => readSync(fd, buf, 0, 8, -2)],
        ['read: position 1.5', () => ring.read(fd, buf, 1.5), () => readSync(fd, buf, 0, 8, 1.5)],
        ['read: a string position', () => ring.read(fd, buf, '3'), () => readSync(fd, buf, 0, 8, '3')],
        ['read: position past 2^53', () => ring.read(fd, buf, 2 ** 53), () => readSync(fd, buf, 0, 8, 2 ** 53)],
        ['read: offset -1', () => ring.read(fd, buf, 0, { offset: -1 }), () => readSync(fd, buf, -1, 1, 0)],
        ['read: offset 1.5', () => ring.read(fd, buf, 0, { offset: 1.5 }), () => readSync(fd, buf, 1.5, 1, 0)],
        ['read: length past the buffer', () => ring.read(fd, buf, 0, { length: 9 }), () => readSync(fd, buf, 0, 9, 0)],
        ['read: length -1', () => ring.read(fd, buf, 0, { length: -1 }), () => fsp.open(file).then((h) => h.read(buf, 0, -1, 0).finally(() => h.close()))],
        ['read: options.signal {}', () => ring.read(fd, buf, 0, { signal: {} }), () => fsp.readFile(file, { signal: {} })],
        ['write: a number for the data', () => ring.write(fd, 12345), () => writeSync(fd, 12345)],
        ['write: null data', () => ring.write(fd, null), () => writeSync(fd, null)],
        ['write: offset past the data', () => ring.write(fd, Buffer.from('xy'), 0, { offset: 9 }), () => writeSync(fd, Buffer.from('xy'), 9)],
        ['write: length past the data', () => ring.write(fd, Buffer.from('xy'), 0, { length: 9 }), () => writeSync(fd, Buffer.from('xy'), 0, 9)],
        ['readv: a string', () => ring.readv(fd, 'abc'), () => readvSync(fd, 'abc')],
        ['readv: [1]', () => ring.readv(fd, [1]), () => readvSync(fd, [1])],
        ['writev: not an array', () => ring.writev(fd, Buffer.from('x')), () => readvSync(fd, Buffer.from('x'))],
        ['fsync: 1.5', () => ring.fsync(1.5), () => fsyncSync(1.5)],
        ['fsync: -1', () => ring.fsync(-1), () => fsyncSync(-1)],
        ['fdatasync: 2^31', () => ring.fdatasync(2 ** 31), () => fsyncSync(2 ** 31)],
        ['close: undefined', () => ring.close(undefined), () => fsyncSync(undefined)],
        ['fstat: a string', () => ring.fstat('3'), () => fsyncSync('3')],
        ['open: mode rw-', () => ring.open(tempFile(), 'w', 'rw-'), () => fsp.open(tempFile(), 'w', 'rw-')],
        ['open: mode -1', () => ring.open(tempFile(), 'w', -1), () => fsp.open(tempFile(), 'w', -1)],
        ['open: mode {}', () => ring.open(tempFile(), 'w', {}), () => fsp.open(tempFile(), 'w', {})],
        ['open: flags bogus', () => ring.open(file, 'bogus'), () => fsp.open(file, 'bogus')],
        ['open: flags {}', () => ring.open(file, {}), () => fsp.open(file, {})],
        ['open: flags 1.5', () => ring.open(file, 1.5), () => fsp.open(file, 1.5)],
        ['open: flags 2^32', () => ring.open(file, 2 ** 32), () => fsp.open(file, 2 ** 32)],
        ['open: path 123', () => ring.open(123), () => fsp.open(123)],
        ['open: NUL in the path', () => ring.open('a\0b'), () => fsp.open('a\0b')],
        ['open: NUL in a Buffer path', () => ring.open(Buffer.from('a\0b')), () => fsp.open(Buffer.from('a\0b'))],
        ['open: an http: URL', () => ring.open(new URL('http://x/y')), () => fsp.open(new URL('http://x/y'))],
        ['stat: path undefined', () => ring.stat(), () => fsp.stat()],
        ['stat: a number', () => ring.stat(3), () => fsp.stat(3)],
        ['lstat: null', () => ring.lstat(null), () => fsp.lstat(null)],
        ['unlink: {}', () => ring.unlink({}), () => fsp.unlink({})],
        ['rmdir: NUL', () => ring.rmdir('a\0'), () => fsp.rmdir('a\0')],
        ['rename: old path 1', () => ring.rename(1, 'b'), () => fsp.rename(1, 'b')],
        ['rename: new path 2', () => ring.rename(file, 2), () => fsp.rename(file, 2)],
        ['mkdir: recursive 1', () => ring.mkdir(tempFile(), { recursive: 1 }), () => fsp.mkdir(tempFile(), { recursive: 1 })],
        ['mkdir: mode rw', () => ring.mkdir(tempFile(), { mode: 'rw' }), () => fsp.mkdir(tempFile(), { mode: 'rw' })],
        ['readFile: encoding bogus', () => ring.readFile(file, { encoding: 'bogus' }), () => fsp.readFile(file, { encoding: 'bogus' })],
        ['readFile: encoding as a string, bogus', () => ring.readFile(file, 'bogus'), () => fsp.readFile(file, 'bogus')],
        ['readFile: options 5', () => ring.readFile(file, 5), () => fsp.readFile(file, 5)],
        ['readFile: path null', () => ring.readFile(null), () => fsp.readFile(null)],
        ['writeFile: mode rw-', () => ring.writeFile(file, 'x', { mode: 'rw-' }), () => fsp.writeFile(tempFile(), 'x', { mode: 'rw-' })],
        ['copyFile: src 1', () => ring.copyFile(1, tempFile()), () => fsp.copyFile(1, tempFile())],
        ['copyFile: dest {}', () => ring.copyFile(file, {}), () => fsp.copyFile(file, {})],
      ];
      const before = openFds();
      for (const [what, ours, node] of cases) await sameAsNode(what, ours, node);
      assert.is(openFds(), before, 'no fd was opened');
      assert.is(buf.toString('hex'), '0000000000000000', 'nothing was read');
      assert.is(readFileSync(file, 'utf8'), '0123456789', 'nothing was written');
      assert.is(ring.pending, 0);
    } finally {
      closeSync(fd);
    }
  }));

unless(nodeWording, test)('writeFile with data it cannot write rejects before opening: the file keeps its contents (no data loss)', () =>
  withAsyncRing({}, async (ring) => {
    const file = tempFile('precious');
    for (const data of [12345, null, undefined, { length: 3 }, true]) {
      await sameAsNode(`writeFile(${JSON.stringify(data)})`, () => ring.writeFile(file, data), () => fsp.writeFile(tempFile(), data));
      assert.is(readFileSync(file, 'utf8'), 'precious', `${JSON.stringify(data)}: the file is untouched`);
    }
    const fresh = tempFile();
    await rejects('writeFile(new file, 12345)', () => ring.writeFile(fresh, 12345), 'ERR_INVALID_ARG_TYPE');
    assert.not.ok(existsSync(fresh), 'no file was created');
  }));

test('open with a mode Node refuses creates nothing; octal strings are modes, as in Node', () =>
  withAsyncRing({}, async (ring) => {
    const refused = tempFile();
    await rejects("open(…, 'w', 'rw-')", () => ring.open(refused, 'w', 'rw-'), 'ERR_INVALID_ARG_VALUE',
      /must be a 32-bit unsigned integer or an octal string/);
    assert.not.ok(existsSync(refused), 'no file was created');
    const made = tempFile();
    const fd = await ring.open(made, 'w', '640');
    await ring.close(fd);
    assert.is(statSync(made).mode & 0o777, 0o640 & ~process.umask());
    const dir = tempFile();
    await ring.mkdir(dir, { mode: '750' });
    assert.is(statSync(dir).mode & 0o777, 0o750 & ~process.umask());
  }));

test('fallocate, ftruncate, splice, sleep: NaN, negative and wrong types are refused, the file untouched', () =>
  withAsyncRing({}, async (ring) => {
    const file = tempFile('0123456789');
    const fd = openSync(file, 'r+');
    const [r, w] = fds.pipe();
    try {
      const cases = [
        ['fallocate: NaN offset', () => ring.fallocate(fd, NaN, 10), 'ERR_OUT_OF_RANGE', /"offset".*integer. Received NaN/],
        ['fallocate: NaN length', () => ring.fallocate(fd, 0, NaN), 'ERR_OUT_OF_RANGE', /"length"/],
        ['fallocate: a string offset', () => ring.fallocate(fd, '0', 10), 'ERR_INVALID_ARG_TYPE', /"offset"/],
        ['fallocate: mode -1', () => ring.fallocate(fd, 0, 10, { mode: -1 }), 'ERR_OUT_OF_RANGE', /"options.mode"/],
        ['fallocate: options 5', () => ring.fallocate(fd, 0, 10, 5), 'ERR_INVALID_ARG_TYPE', /"options" argument must be of type object/],
        ['ftruncate: -1', () => ring.ftruncate(fd, -1), 'ERR_OUT_OF_RANGE', /"length"/],
        ['ftruncate: 1.5', () => ring.ftruncate(fd, 1.5), 'ERR_OUT_OF_RANGE', /"length".*integer/],
        ['ftruncate: a string', () => ring.ftruncate(fd, '1'), 'ERR_INVALID_ARG_TYPE', /"length"/],
        ['splice: NaN fdIn', () => ring.splice(NaN, -1, w, -1, 4), 'ERR_OUT_OF_RANGE', /"fdIn"/],
        ['splice: offOut {}', () => ring.splice(fd, 0, w, {}, 4), 'ERR_INVALID_ARG_TYPE', /"offOut"/],
        ['splice: length -1', () => ring.splice(fd, 0, w, -1, -1), 'ERR_OUT_OF_RANGE', /"length"/],
        ['splice: flags 1.5', () => ring.splice(fd, 0, w, -1, 4, { flags: 1.5 }), 'ERR_OUT_OF_RANGE', /"options.flags"/],
        ['sleep: -1', () => ring.sleep(-1), 'ERR_OUT_OF_RANGE', /"ms".*>= 0/],
        ['sleep: NaN', () => ring.sleep(NaN), 'ERR_OUT_OF_RANGE', /"ms"/],
        ['sleep: Infinity', () => ring.sleep(Infinity), 'ERR_OUT_OF_RANGE', /"ms"/],
        ['sleep: "5"', () => ring.sleep('5'), 'ERR_INVALID_ARG_TYPE', /"ms" argument must be of type number/],
        ['nop: signal {}', () => ring.nop({ signal: {} }), 'ERR_INVALID_ARG_TYPE', /"options.signal" property must be an instance of AbortSignal/],
        ['nop: options "x"', () => ring.nop('x'), 'ERR_INVALID_ARG_TYPE', /"options"/],
        ['read: a bigint position past 2^53', () => ring.read(fd, Buffer.alloc(1), 2n ** 63n), 'ERR_OUT_OF_RANGE', /"position"/],
        ['copyFile: chunkSize 0', () => ring.copyFile(file, tempFile(), { chunkSize: 0 }), 'ERR_OUT_OF_RANGE', /"options.chunkSize"/],
        ['copyFile: depth 1.5', () => ring.copyFile(file, tempFile(), { depth: 1.5 }), 'ERR_OUT_OF_RANGE', /"options.depth"/],
        ['copyFile: depth 1e9', () => ring.copyFile(file, tempFile(), { depth: 1e9 }), 'ERR_OUT_OF_RANGE', /"options.depth"/],
        ['copyFile: onProgress "x"', () => ring.copyFile(file, tempFile(), { onProgress: 'x' }), 'ERR_INVALID_ARG_TYPE', /"options.onProgress"/],
        ['alloc: -1 (a throw: alloc is synchronous)', () => ring.alloc(-1), 'ERR_OUT_OF_RANGE', /"size"/],
        ['free: not a buffer', () => ring.free('x'), 'ERR_INVALID_ARG_TYPE', /"buffer"/],
      ];
      for (const [what, ours, code, message] of cases) await rejects(what, ours, code, message, { sync: what.includes('synchronous') || what.startsWith('free') });
      assert.is(fstatSync(fd).size, 10, 'fallocate did not extend the file');
      assert.is(readFileSync(file, 'utf8'), '0123456789');
      assert.not.ok(fds.readable(r), 'splice moved nothing into the pipe');
      assert.is(ring.pending, 0);
    } finally {
      for (const f of [fd, r, w]) closeSync(f);
    }
  }));

unless(nodeWording, test)('sockets: a mistyped type or family makes no socket, a bad how shuts nothing down, ports fail as net says', () =>
  withAsyncRing({}, async (ring) => {
    const [a, b] = fds.socketpair();
    try {
      const before = openFds();
      await rejects("socket('ipv4', 'sream')", () => ring.socket('ipv4', 'sream'), 'ERR_INVALID_ARG_VALUE',
        /^The argument 'type' must be one of: 'stream', 'dgram'. Received 'sream'$/);
      await rejects("socket('ipx')", () => ring.socket('ipx'), 'ERR_INVALID_ARG_VALUE', /'family'/);
      await rejects('listen(70000)', () => ring.listen(70000), 'ERR_SOCKET_BAD_PORT');
      await rejects("listen(0, …, { backlog: 'x' })", () => ring.listen(0, '127.0.0.1', { backlog: 'x' }), 'ERR_INVALID_ARG_TYPE', /"options.backlog"/);
      await rejects('createConnection(-1)', () => ring.createConnection(-1), 'ERR_SOCKET_BAD_PORT');
      await rejects('createConnection(80, 5)', () => ring.createConnection(80, 5), 'ERR_INVALID_ARG_TYPE', /"host"/);
      assert.is(openFds(), before, 'no socket was made');
      for (const port of [70000, -1, 'abc', 1.5, '']) {
        await sameAsNode(`connect(port ${JSON.stringify(port)})`, () => ring.connect(a, port, '127.0.0.1'), () => net.connect({ port, host: '127.0.0.1' }));
      }
      await rejects('connect(NaN fd)', () => ring.connect(NaN, 80, '127.0.0.1'), 'ERR_OUT_OF_RANGE', /"fd"/);
      await rejects("shutdown(fd, 'bogus')", () => ring.shutdown(a, 'bogus'), 'ERR_INVALID_ARG_VALUE', /'how' must be one of: 'read', 'write', 'both'/);
      await rejects('send(fd, 123)', () => ring.send(a, 123), 'ERR_INVALID_ARG_TYPE', /"data"/);
      await rejects("send(fd, 'x', { flags: 'x' })", () => ring.send(a, 'x', { flags: 'x' }), 'ERR_INVALID_ARG_TYPE', /"options.flags"/);
      await rejects("recv(fd, 'x')", () => ring.recv(a, 'x'), 'ERR_INVALID_ARG_TYPE', /"buffer"/);
      await rejects('recv(fd, buf, { length: 99 })', () => ring.recv(a, Buffer.alloc(4), { length: 99 }), 'ERR_OUT_OF_RANGE', /"length"/);
      // Both directions still work: nothing was shut down, nothing sent.
      writeSync(a, 'ping');
      const got = Buffer.alloc(8);
      assert.is(await ring.recv(b, got), 4);
      assert.is(got.toString('utf8', 0, 4), 'ping');
      assert.is(await ring.send(b, 'pong'), 4);
      assert.is(readSync(a, got, 0, 8, null), 4);
      assert.is(ring.pending, 0);
    } finally {
      closeSync(a);
      closeSync(b);
    }
  }));

test('the iterators check their arguments at the call (they return iterators, not Promises)', () =>
  withAsyncRing({}, async (ring) => {
    const [a, b] = fds.socketpair();
    try {
      const cases = [
        ['recvMultishot: buffers 3', () => ring.recvMultishot(b, { buffers: 3 }), 'ERR_INVALID_ARG_VALUE', /'options.buffers' must be a power of two/],
        ['recvMultishot: buffers 65536', () => ring.recvMultishot(b, { buffers: 65536 }), 'ERR_OUT_OF_RANGE', /"options.buffers"/],
        ['recvMultishot: 16 MiB × 32768 buffers', () => ring.recvMultishot(b, { bufferSize: 1 << 24, buffers: 32768 }), 'ENOMEM', /options\.bufferSize.*maximumBytes/],
        ['recvMultishot: bufferSize 0', () => ring.recvMultishot(b, { bufferSize: 0 }), 'ERR_OUT_OF_RANGE', /"options.bufferSize"/],
        ['recvMultishot: bufferSize "4096"', () => ring.recvMultishot(b, { bufferSize: '4096' }), 'ERR_INVALID_ARG_TYPE', /"options.bufferSize"/],
        ['recvMultishot: fd "x"', () => ring.recvMultishot('x'), 'ERR_INVALID_ARG_TYPE', /"fd"/],
        ['recvMultishot: signal {}', () => ring.recvMultishot(b, { signal: {} }), 'ERR_INVALID_ARG_TYPE', /"options.signal"/],
        ['acceptMultishot: fd NaN', () => ring.acceptMultishot(NaN), 'ERR_OUT_OF_RANGE', /"fd"/],
        ['acceptMultishot: options 1', () => ring.acceptMultishot(a, 1), 'ERR_INVALID_ARG_TYPE', /"options"/],
      ];
      const free = ring.ring.memory.freeBytes;
      for (const [what, call, code, message] of cases) await rejects(what, call, code, message, { sync: true });
      assert.is(ring.ring.memory.freeBytes, free, 'no buffers were taken');
      assert.is(ring.pending, 0);
    } finally {
      closeSync(a);
      closeSync(b);
    }
  }));

test('chains: a bad link or bad options reject run() and nothing is submitted', () =>
  withAsyncRing({}, async (ring) => {
    const file = tempFile('');
    const fd = openSync(file, 'w');
    try {
      await rejects('chain().write(fd, 12345)', () => ring.chain().write(fd, 'ok').write(fd, 12345).run(), 'ERR_INVALID_ARG_TYPE', /"buffer"/);
      await rejects('chain().sleep(-1)', () => ring.chain().write(fd, 'ok').sleep(-1).run(), 'ERR_OUT_OF_RANGE');
      await rejects('chain().run({ signal: {} })', () => ring.chain().write(fd, 'ok').run({ signal: {} }), 'ERR_INVALID_ARG_TYPE', /"options.signal"/);
      await rejects('chain().open(…, mode "x")', () => ring.chain().open(tempFile(), 'w', 'x').run(), 'ERR_INVALID_ARG_VALUE', /'mode'/);
      assert.is(readFileSync(file, 'utf8'), '', 'no link ran');
      assert.is(ring.pending, 0);
    } finally {
      closeSync(fd);
    }
  }));

test('an AsyncRing with bad options is not created', () => {
  const cases = [
    [{ maxInFlight: 0 }, 'ERR_OUT_OF_RANGE', /"options.maxInFlight"/],
    [{ maxInFlight: 'x' }, 'ERR_INVALID_ARG_TYPE', /"options.maxInFlight"/],
    [null, 'ERR_INVALID_ARG_TYPE', /"options"/],
  ];
  for (const [options, code, message] of cases) {
    try {
      new AsyncRing(options);
      assert.unreachable(`${JSON.stringify(options)} accepted`);
    } catch (error) {
      assert.is(error.code, code, JSON.stringify(options));
      assert.match(error.message, message);
    }
  }
});

test('what is valid keeps working: null options, bigint positions, Buffer and URL paths, empty vectors, -1 and null positions', () =>
  withAsyncRing({}, async (ring) => {
    const file = tempFile('0123456789');
    const fd = openSync(file, 'r+');
    try {
      const buf = Buffer.alloc(4);
      assert.is(await ring.read(fd, buf, 2n, null), 4);
      assert.is(buf.toString(), '2345');
      assert.is(await ring.read(fd, buf, null, { offset: 1, length: 2 }), 2);
      assert.is(buf.toString(), '2015', 'read at the file position (0) into bytes 1..2');
      assert.is(await ring.readv(fd, []), 0);
      assert.is(await ring.writev(fd, [], 0), 0);
      assert.is(await ring.write(fd, new Uint16Array([0x4241]), 8), 2);
      assert.is(readFileSync(file, 'utf8'), '01234567AB');
      assert.is((await ring.stat(Buffer.from(file))).size, 10);
      assert.is((await ring.stat(new URL(`file://${file}`))).size, 10);
      assert.is(await ring.readFile(file, 'latin1'), '01234567AB');
      assert.is(await ring.readFile(file, { encoding: null }).then((b) => b.toString('hex')), Buffer.from('01234567AB').toString('hex'));
      const written = tempFile();
      await ring.writeFile(written, 'aGk=', { encoding: 'base64' });
      assert.is(readFileSync(written, 'utf8'), 'hi', 'writeFile decodes a string in options.encoding');
      await ring.writeFile(written, 'aGk=', 'base64');
      assert.is(readFileSync(written, 'utf8'), 'hi');
      await ring.fallocate(fd, 0, 20, null);
      assert.is(fstatSync(fd).size, 20);
      await ring.sleep(0, null);
    } finally {
      closeSync(fd);
    }
  }));

test.run();
