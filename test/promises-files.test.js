// AsyncRing's file operations (the Promise API), against the real kernel: every result is checked
// without the ring (node:fs reads the files back, stats and errors are compared with node:fs's
// own), staging of caller Buffers through ring memory, thousands of concurrent requests through
// a small SQ, a file copy, readFile/writeFile and linked chains.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import {
  chmodSync, closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, symlinkSync,
  utimesSync, writeFileSync, writeSync,
} from './support/fs.js';
import { join } from 'node:path';
import { fds } from './support/fds.js';
import { gc } from './support/gc.js';
import { tempFiles } from './support/tmp.js';
import { E, assertBytes, constants, opTest, pattern, withAsyncRing, kernelProbe } from './support/harness.js';
import { operations } from '../dist/src/index.js';
import { closeOutsideNodeFs, fineStatTimes, unless } from './support/lacks.js';

const { IORING_OP_FTRUNCATE, IORING_OP_UNLINKAT, IORING_OP_RENAMEAT, IORING_OP_MKDIRAT } = constants;


const tempFile = tempFiles();
const dir = tempFile.dir;

/** The error `fn()` throws or rejects with (either: the test only cares that it fails). */
async function failure(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.unreachable('expected an error');
}

/** The error node:fs throws for the same call, to compare shapes with. */
function nodeError(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.unreachable('node:fs was expected to fail too');
}

/** Asserts an AsyncRing error matches node:fs's for the same call: code, errno, syscall, path, dest, message. */
function assertLikeNode(error, expected) {
  assert.instance(error, Error);
  for (const key of ['code', 'errno', 'syscall', 'path', 'dest', 'message']) {
    assert.is(error[key], expected[key], `error.${key}`);
  }
}

/**
 * Opens `path` on `ring` (ring.open's arguments before `body`), runs `body(fd)`, and closes the fd
 * afterwards whatever happened. Resolves to what `body` resolves to.
 */
async function withOpen(ring, ...args) {
  const body = args.pop();
  const fd = await ring.open(...args);
  try {
    return await body(fd);
  } finally {
    await ring.close(fd);
  }
}

/** A pipe's two fds, closed by the caller (test/support/fds.js). */
function withPipe(body) {
  const [r, w] = fds.pipe();
  return Promise.resolve()
    .then(() => body(r, w))
    .finally(() => {
      closeSync(r);
      closeSync(w);
    });
}

// ─── open / read / write / close ──────────────────────────────────────────────────────────────────

test('open/write/read/close round trip: bytes written through the ring are on disk, and read back', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    const data = pattern(3000, 7);
    const fd = await ring.open(path, 'w+', 0o644);
    assert.type(fd, 'number');
    assert.ok(fd >= 0);
    try {
      assert.is(await ring.write(fd, data, 0), 3000);
      assertBytes(readFileSync(path), data, 'file on disk');
      const back = Buffer.alloc(4000);
      assert.is(await ring.read(fd, back, 0), 3000);
      assertBytes(back.subarray(0, 3000), data, 'read back');
      assert.ok(back.subarray(3000).every((b) => b === 0), 'nothing written past what was read');
    } finally {
      await ring.close(fd);
    }
    assert.is(nodeError(() => fstatSync(fd)).code, 'EBADF', 'close(fd) closed the fd');
  }));

test('position -1/undefined/null uses and advances the file position; an explicit position does not move it', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      assert.is(await ring.write(fd, 'abc', -1), 3);
      assert.is(await ring.write(fd, 'def'), 3);
      assert.is(await ring.write(fd, 'XY', 1), 2, 'pwrite at 1');
      assert.is(await ring.write(fd, 'g', null), 1, 'appended at the position 6, not after XY');
      assert.is(readFileSync(path, 'latin1'), 'aXYdefg');
      const buf = Buffer.alloc(8);
      assert.is(await ring.read(fd, buf, -1), 0, 'the position is at the end');
      assert.is(await ring.read(fd, buf, 2n), 5, 'a bigint position');
      assert.is(buf.toString('latin1', 0, 5), 'Ydefg');
    });
    await withOpen(ring, path, async (rfd) => {
      const a = Buffer.alloc(3);
      const b = Buffer.alloc(3);
      assert.is(await ring.read(rfd, a, -1), 3);
      assert.is(await ring.read(rfd, b), 3);
      assert.is(a.toString('latin1') + b.toString('latin1'), 'aXYdef', 'sequential reads continue where the last ended');
    });
  }));

test("open flag 'a' appends every write at the end, whatever the position; 'wx' refuses an existing file", () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('start:');
    await withOpen(ring, path, 'a', async (fd) => {
      await ring.write(fd, 'one,', -1);
      await ring.write(fd, 'two', 0);
    });
    assert.is(readFileSync(path, 'latin1'), 'start:one,two');
    const error = await failure(() => ring.open(path, 'wx'));
    assert.is(error.code, 'EEXIST');
    assert.is(readFileSync(path, 'latin1'), 'start:one,two', "'wx' did not truncate");
  }));

test('{offset, length} select the part of the buffer written from and read into; the rest is untouched', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      assert.is(await ring.write(fd, Buffer.from('hello world'), 0, { offset: 6, length: 5 }), 5);
      assert.is(await ring.write(fd, Buffer.from('0123456789'), 5, { offset: 8 }), 2, 'offset alone: to the end');
      assert.is(readFileSync(path, 'latin1'), 'world89');
      const buf = Buffer.from('..........');
      assert.is(await ring.read(fd, buf, 1, { offset: 2, length: 3 }), 3);
      assert.is(buf.toString('latin1'), '..orl.....');
      const view = new Uint8Array(8).fill(0xee);
      assert.is(await ring.read(fd, view, 0, { offset: 6 }), 2, 'a Uint8Array, length: the rest of it');
      assert.equal([...view], [0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0x77, 0x6f]);
    });
  }));

test('a string is written as UTF-8 and other TypedArrays as their bytes', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    const text = 'héllo ☃ 𝄞';
    await withOpen(ring, path, 'w', async (fd) => {
      assert.is(await ring.write(fd, text, 0), Buffer.byteLength(text, 'utf8'));
      const words = new Uint16Array([0x0102, 0xa0b0]);
      assert.is(await ring.write(fd, words, Buffer.byteLength(text)), 4);
      assert.is(await ring.write(fd, Buffer.alloc(0), 0), 0, 'an empty write');
    });
    const onDisk = readFileSync(path);
    assert.is(onDisk.subarray(0, -4).toString('utf8'), text);
    assert.equal([...onDisk.subarray(-4)], [0x02, 0x01, 0xb0, 0xa0]);
  }));

// ─── readv / writev ─────────────────────────────────────────────────────────────────────────────

test('writev writes several buffers in order; readv fills them in order and splits a short read at EOF', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      const parts = [Buffer.from('ab'), new Uint8Array([0x63, 0x64, 0x65]), Buffer.alloc(0), Buffer.from('fgh')];
      assert.is(await ring.writev(fd, parts, 0), 8);
      assert.is(readFileSync(path, 'latin1'), 'abcdefgh');
      assert.is(await ring.writev(fd, [Buffer.from('XY'), Buffer.from('Z')], 7), 3, 'at a position');
      assert.is(readFileSync(path, 'latin1'), 'abcdefgXYZ');

      const bufs = [Buffer.alloc(4, '.'), Buffer.alloc(4, '.'), Buffer.alloc(4, '.'), Buffer.alloc(4, '.')];
      assert.is(await ring.readv(fd, bufs, 3), 7, 'short read: 7 bytes left after position 3');
      assert.equal(bufs.map((b) => b.toString('latin1')), ['defg', 'XYZ.', '....', '....']);

      const whole = [Buffer.alloc(3), Buffer.alloc(3), Buffer.alloc(5, '-')];
      assert.is(await ring.readv(fd, whole, 0), 10);
      assert.equal(whole.map((b) => b.toString('latin1')), ['abc', 'def', 'gXYZ-']);
    });
  }));

// ─── fsync, fdatasync, stat ─────────────────────────────────────────────────────────────────────

test('fsync and fdatasync resolve (undefined) on a written file, and reject with EBADF on a closed fd', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    const fd = await ring.open(path, 'w');
    await ring.write(fd, 'durable', 0);
    assert.is(await ring.fsync(fd), undefined);
    assert.is(await ring.fdatasync(fd), undefined);
    await ring.close(fd);
    assert.is(readFileSync(path, 'latin1'), 'durable');
    const error = await failure(() => ring.fsync(fd));
    assert.is(error.code, 'EBADF');
    assert.is(error.syscall, 'fsync');
    assert.is((await failure(() => ring.fdatasync(fd))).syscall, 'fdatasync');
  }));

/** Asserts Stats from the ring match node:fs's for the same file. */
function assertStatsLike(actual, expected, what) {
  for (const key of ['size', 'ino', 'mode', 'nlink', 'uid', 'gid', 'dev', 'rdev', 'blksize', 'blocks']) {
    assert.is(actual[key], expected[key], `${what}: ${key}`);
  }
  for (const key of ['mtimeMs', 'ctimeMs', 'atimeMs', 'birthtimeMs']) {
    assert.ok(Math.abs(actual[key] - expected[key]) < 1, `${what}: ${key} ${actual[key]} vs ${expected[key]}`);
  }
  assert.instance(actual.mtime, Date);
  assert.is(actual.mtime.getTime(), new Date(actual.mtimeMs).getTime());
  for (const method of ['isFile', 'isDirectory', 'isSymbolicLink', 'isFIFO', 'isSocket', 'isCharacterDevice', 'isBlockDevice']) {
    assert.is(actual[method](), expected[method](), `${what}: ${method}()`);
  }
}

unless(fineStatTimes, test)('stat/lstat/fstat match fs.statSync/lstatSync/fstatSync for a file, a directory and a symlink', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const file = tempFile(pattern(5000, 3));
    const sub = tempFile();
    mkdirSync(sub, { mode: 0o750 });
    const link = tempFile();
    symlinkSync(file, link);

    const st = await ring.stat(file);
    assertStatsLike(st, statSync(file), 'stat(file)');
    assert.ok(st.isFile());
    assert.is(st.size, 5000);

    assertStatsLike(await ring.stat(sub), statSync(sub), 'stat(dir)');
    assert.ok((await ring.stat(sub)).isDirectory());

    const viaLink = await ring.stat(link);
    assertStatsLike(viaLink, statSync(file), 'stat(link) follows it');
    const linkItself = await ring.lstat(link);
    assertStatsLike(linkItself, lstatSync(link), 'lstat(link)');
    assert.ok(linkItself.isSymbolicLink());
    assert.not.equal(linkItself.ino, st.ino);
    assert.is(linkItself.size, file.length, "a symlink's size is its target's length");

    const fd = openSync(file, 'r');
    try {
      assertStatsLike(await ring.fstat(fd), fstatSync(fd), 'fstat(fd)');
    } finally {
      closeSync(fd);
    }
  }));

test('stat sees changes: the size after a write, the mtime after utimes', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('x');
    await withOpen(ring, path, 'r+', async (fd) => {
      await ring.write(fd, pattern(10000), 0);
      assert.is((await ring.fstat(fd)).size, 10000);
    });
    utimesSync(path, 1_000_000, 1_234_567.891);
    const st = await ring.stat(path);
    assert.ok(Math.abs(st.mtimeMs - 1_234_567_891) < 1, `mtimeMs ${st.mtimeMs}`);
    assert.ok(Math.abs(st.atimeMs - 1_000_000_000) < 1, `atimeMs ${st.atimeMs}`);
  }));

// ─── unlink, rmdir, rename, mkdir, fallocate, ftruncate, splice ────────────────────────────────

opTest(test, 'unlink removes a file; rmdir removes an empty directory and refuses a full one (ENOTEMPTY)', [IORING_OP_UNLINKAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const file = tempFile('bye');
    assert.is(await ring.unlink(file), undefined);
    assert.not.ok(existsSync(file));

    const sub = tempFile();
    mkdirSync(sub);
    writeFileSync(join(sub, 'inside'), '');
    const full = await failure(() => ring.rmdir(sub));
    assert.is(full.code, 'ENOTEMPTY');
    assert.is(full.syscall, 'rmdir');
    assert.ok(existsSync(sub));
    await ring.unlink(join(sub, 'inside'));
    assert.is(await ring.rmdir(sub), undefined);
    assert.not.ok(existsSync(sub));

    const notDir = tempFile('');
    assert.is((await failure(() => ring.rmdir(notDir))).code, 'ENOTDIR');
    const dirAsFile = tempFile();
    mkdirSync(dirAsFile);
    assert.is((await failure(() => ring.unlink(dirAsFile))).code, 'EISDIR', 'unlink does not remove a directory');
    assert.ok(existsSync(dirAsFile));
  }));

opTest(test, 'rename moves the file (same inode, old name gone) and replaces an existing target', [IORING_OP_RENAMEAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const from = tempFile('moved');
    const ino = statSync(from).ino;
    const to = tempFile();
    mkdirSync(to);
    const target = join(to, 'new');
    assert.is(await ring.rename(from, target), undefined);
    assert.not.ok(existsSync(from));
    assert.is(readFileSync(target, 'latin1'), 'moved');
    assert.is(statSync(target).ino, ino);

    const other = tempFile('winner');
    await ring.rename(other, target);
    assert.is(readFileSync(target, 'latin1'), 'winner');
    assert.not.ok(existsSync(other));
  }));

opTest(test, 'mkdir creates a directory with the mode given, less the umask', [IORING_OP_MKDIRAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const umask = process.umask();
    for (const mode of [0o700, 0o751, 0o777]) {
      const path = tempFile();
      assert.is(await ring.mkdir(path, { mode }), undefined);
      const st = statSync(path);
      assert.ok(st.isDirectory());
      assert.is(st.mode & 0o7777, mode & ~umask, `mode ${mode.toString(8)} with umask ${umask.toString(8)}`);
    }
    const dflt = tempFile();
    await ring.mkdir(dflt);
    assert.is(statSync(dflt).mode & 0o7777, 0o777 & ~umask, 'default mode 0o777');
  }));

opTest(test, 'mkdir recursive creates the missing parents and resolves to the first it created, as fs.promises.mkdir', [IORING_OP_MKDIRAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const base = tempFile();
    mkdirSync(base);
    const deep = join(base, 'a', 'b', 'c');
    assert.is(await ring.mkdir(deep, { recursive: true, mode: 0o755 }), join(base, 'a'));
    assert.ok(statSync(deep).isDirectory());
    assert.is(await ring.mkdir(deep, { recursive: true }), undefined, 'all exist: undefined, no error');
    assert.is(await ring.mkdir(join(base, 'a', 'b', 'x'), { recursive: true }), join(base, 'a', 'b', 'x'), 'only the last missing');
    assert.ok(statSync(join(base, 'a', 'b', 'x')).isDirectory());

    const file = tempFile('');
    const onFile = await failure(() => ring.mkdir(file, { recursive: true }));
    assert.is(onFile.code, 'EEXIST', 'a file in the way is an error even with recursive');
    const under = await failure(() => ring.mkdir(join(file, 'sub'), { recursive: true }));
    assert.is(under.code, 'ENOTDIR');
  }));

test('fallocate grows the file to offset+length (zero-filled); with KEEP_SIZE it does not', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('abc');
    await withOpen(ring, path, 'r+', async (fd) => {
      assert.is(await ring.fallocate(fd, 0, 1 << 16), undefined);
      assert.is(statSync(path).size, 1 << 16);
      const onDisk = readFileSync(path);
      assert.is(onDisk.toString('latin1', 0, 3), 'abc', 'existing data kept');
      assert.ok(onDisk.subarray(3).every((b) => b === 0));
      await ring.fallocate(fd, 1 << 16, 1 << 16, { mode: 0x01 /* FALLOC_FL_KEEP_SIZE */ });
      assert.is(statSync(path).size, 1 << 16, 'KEEP_SIZE: size unchanged');
      assert.ok(statSync(path).blocks * 512 >= 1 << 17, 'but the blocks are allocated');
    });
  }));

opTest(test, 'ftruncate shrinks and extends the file', [IORING_OP_FTRUNCATE], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('0123456789');
    await withOpen(ring, path, 'r+', async (fd) => {
      assert.is(await ring.ftruncate(fd, 4), undefined);
      assert.is(readFileSync(path, 'latin1'), '0123');
      await ring.ftruncate(fd, 6);
      assert.equal([...readFileSync(path)], [0x30, 0x31, 0x32, 0x33, 0, 0]);
      await ring.ftruncate(fd);
      assert.is(statSync(path).size, 0, 'default length 0');
    });
  }));

/** Like opTest, but the test runs only on a kernel that LACKS `opcode` (it is skipped where it exists). */
function lackingTest(name, opcode, fn) {
  if (kernelProbe().supports(opcode)) test.skip(`${name} [skipped: this kernel has it]`, fn);
  else test(name, fn);
}

lackingTest('ftruncate on a kernel without IORING_OP_FTRUNCATE is ftruncate(2); as a link of a chain it rejects naming Linux 6.9', IORING_OP_FTRUNCATE, () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('0123456789');
    await withOpen(ring, path, 'r+', async (fd) => {
      await ring.ftruncate(fd, 4);
      assert.is(readFileSync(path, 'latin1'), '0123', 'the syscall truncated it');
      const error = await failure(() => ring.chain().nop().add(operations.ftruncate(fd, 2)).run());
      assert.is(error.code, 'EINVAL');
      assert.is(error.syscall, 'ftruncate');
      assert.match(error.message, 'IORING_OP_FTRUNCATE needs Linux 6.9 or later');
    });
    assert.is(readFileSync(path, 'latin1'), '0123', 'the chain did not run');
  }));

test('an EINVAL names the Linux version only when the probe lacks the opcode and no syscall can stand in: alone, ftruncate then is the syscall (ftruncate of a pipe)', () =>
  withPipe(async (r) => {
    // A kernel with FTRUNCATE answers EINVAL for a pipe (not a regular file): no hint then.
    if (kernelProbe().supports(IORING_OP_FTRUNCATE)) {
      await withAsyncRing({ entries: 8 }, async (ring) => {
        const error = await failure(() => ring.ftruncate(r, 0));
        assert.is(error.code, 'EINVAL');
        assert.not.match(error.message, 'Linux');
        assert.is(error.message, 'EINVAL: invalid argument, ftruncate');
      });
    }
    // A probe that lacks FTRUNCATE (as on Linux < 6.9): alone, it is the syscall, whose EINVAL
    // for a pipe is the same; as a link of a chain it cannot be, and the hint says why.
    await withAsyncRing({ entries: 8 }, async (ring) => {
      const real = ring.ring.probe.bind(ring.ring);
      ring.ring.probe = () => {
        const probe = real();
        return { supports: (op) => op !== IORING_OP_FTRUNCATE && probe.supports(op) };
      };
      const error = await failure(() => ring.ftruncate(r, 0));
      assert.is(error.code, 'EINVAL');
      assert.is(error.errno, E.EINVAL);
      assert.is(error.message, 'EINVAL: invalid argument, ftruncate');
      const linked = await failure(() => ring.chain().nop().add(operations.ftruncate(r, 0)).run());
      assert.is(linked.code, 'EINVAL');
      assert.is(linked.message,
        'EINVAL: invalid argument, ftruncate (IORING_OP_FTRUNCATE needs Linux 6.9 or later: a link of a chain cannot be the plain syscall)');
    });
  }));

test('splice moves a file into a pipe and the pipe into another file, at the offsets given', () =>
  withPipe((r, w) =>
    withAsyncRing({ entries: 8 }, async (ring) => {
      const data = pattern(20000, 11);
      const src = tempFile(data);
      const dst = tempFile('');
      const inFd = await ring.open(src);
      const outFd = await ring.open(dst, 'r+');
      try {
        assert.is(await ring.splice(inFd, 100, w, -1, 16000), 16000);
        assert.is(await ring.splice(r, -1, outFd, 10, 16000), 16000);
      } finally {
        await ring.close(inFd);
        await ring.close(outFd);
      }
      const out = readFileSync(dst);
      assert.is(out.length, 16010);
      assert.ok(out.subarray(0, 10).every((b) => b === 0), 'nothing before offset 10');
      assertBytes(out.subarray(10), data.subarray(100, 16100), 'spliced bytes');
      assert.not.ok(fds.readable(r), 'the pipe was drained');
    })));

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────────

test('open of a missing file rejects like fs: ENOENT, errno -2, syscall open, path, message', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const missing = join(dir, 'no', 'such', 'file');
    const error = await failure(() => ring.open(missing));
    assert.is(error.code, 'ENOENT');
    assert.is(error.errno, -2);
    assert.is(error.syscall, 'open');
    assert.is(error.path, missing);
    assert.is(error.message, `ENOENT: no such file or directory, open '${missing}'`);
    assertLikeNode(error, nodeError(() => openSync(missing, 'r')));
  }));

opTest(test, 'mkdir of an existing directory rejects like fs: EEXIST with syscall mkdir and the path', [IORING_OP_MKDIRAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const error = await failure(() => ring.mkdir(dir));
    assert.is(error.code, 'EEXIST');
    assert.is(error.errno, E.EEXIST);
    assertLikeNode(error, nodeError(() => mkdirSync(dir)));
  }));

opTest(test, "rename of a missing file rejects like fs: ENOENT with path, dest and 'a' -> 'b' in the message", [IORING_OP_RENAMEAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const a = join(dir, 'missing-a');
    const b = join(dir, 'missing-b');
    const error = await failure(() => ring.rename(a, b));
    assert.is(error.code, 'ENOENT');
    assert.is(error.path, a);
    assert.is(error.dest, b);
    assert.ok(error.message.includes(`'${a}' -> '${b}'`), error.message);
    assertLikeNode(error, nodeError(() => renameSync(a, b)));
    assert.not.ok(existsSync(b));
  }));

opTest(test, 'unlink and stat of a missing path reject with their syscall and path', [IORING_OP_UNLINKAT], () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const missing = join(dir, 'gone');
    const unlinked = await failure(() => ring.unlink(missing));
    assert.is(unlinked.code, 'ENOENT');
    assert.is(unlinked.syscall, 'unlink');
    assert.is(unlinked.path, missing);
    const stated = await failure(() => ring.stat(missing));
    assertLikeNode(stated, nodeError(() => statSync(missing)));
    const lstated = await failure(() => ring.lstat(missing));
    assertLikeNode(lstated, nodeError(() => lstatSync(missing)));
  }));

test('read of a closed fd rejects like fs: EBADF, syscall read, no path', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const fd = await ring.open(tempFile('x'));
    await ring.close(fd);
    const error = await failure(() => ring.read(fd, Buffer.alloc(4), 0));
    assert.is(error.code, 'EBADF');
    assert.is(error.errno, E.EBADF);
    assert.is(error.syscall, 'read');
    assert.not.ok('path' in error, 'no path on an fd error');
    assert.is(error.message, 'EBADF: bad file descriptor, read');
    assert.is((await failure(() => ring.write(fd, 'x', 0))).syscall, 'write');
    assert.is((await failure(() => ring.fstat(fd))).code, 'EBADF');
    assert.is((await failure(() => ring.close(fd))).code, 'EBADF', 'closing twice');
  }));

test('bad arguments fail with RangeError/TypeError before anything reaches the kernel', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    await withOpen(ring, tempFile('0123456789'), async (fd) => {
      const buf = Buffer.alloc(8);
      const cases = [
        [() => ring.read(-1, buf, 0), RangeError, /fd/],
        [() => ring.read(1.5, buf, 0), RangeError, /fd/],
        [() => ring.write(-3, 'x'), RangeError, /fd/],
        [() => ring.close(-1), RangeError, /fd/],
        [() => ring.fstat(-1), RangeError, /fd/],
        [() => ring.read(fd, buf, 0, { offset: 9 }), RangeError, /offset/],
        [() => ring.read(fd, buf, 0, { offset: -1 }), RangeError, /offset/],
        [() => ring.read(fd, buf, 0, { offset: 4, length: 5 }), RangeError, /length/],
        [() => ring.write(fd, buf, 0, { length: 9 }), RangeError, /length/],
        [() => ring.read(fd, buf, -2), RangeError, /position/],
        [() => ring.readv(fd, [buf], 1.5), RangeError, /position/],
        [() => ring.ftruncate(fd, -1), RangeError, /length/],
        [() => ring.open('bad\0path'), TypeError, /null bytes/],
        [() => ring.open(tempFile(), 'rw'), TypeError, /flag/],
      ];
      for (const [fn, type, message] of cases) {
        const error = await failure(fn);
        assert.instance(error, type, `${fn}`);
        assert.match(error.message, message, `${fn}`);
      }
      assert.is(buf.toString('hex'), '0000000000000000', 'nothing was read');
      assert.is(ring.pending, 0);
    });
  }));

// `ring.read(-1, buf).catch(handle)` must reach `.catch`: fs.promises rejects on bad arguments,
// and so do AsyncRing's async methods (mkdir, readFile, writeFile).
test('argument errors are rejections of the returned Promise, as fs.promises does, not synchronous throws', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const calls = {
      'read(-1)': () => ring.read(-1, Buffer.alloc(1), 0),
      'write(offset too big)': () => ring.write(0, Buffer.alloc(1), 0, { offset: 2 }),
      'unlink(NUL)': () => ring.unlink('a\0b'),
      'open(bad flag)': () => ring.open('x', 'rw'),
    };
    const sync = [];
    for (const [name, call] of Object.entries(calls)) {
      let returned;
      try {
        returned = call();
      } catch {
        sync.push(name);
        continue;
      }
      assert.instance(returned, Promise, name);
      await returned.then(() => assert.unreachable(`${name} resolved`), () => undefined);
    }
    assert.equal(sync, [], 'these threw synchronously instead of rejecting');
  }));

// ─── Buffers: staging through ring memory, and zero copy ─────────────────────────────────────────

test('a Buffer overwritten right after write() returns: the original bytes are written (the SQ had room)', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w', async (fd) => {
      const data = Buffer.from(pattern(4096, 21));
      const original = Buffer.from(data);
      const pending = ring.write(fd, data, 0);
      data.fill(0x55);
      assert.is(await pending, 4096);
    });
    assertBytes(readFileSync(path), Buffer.from(pattern(4096, 21)), 'written bytes');
  }));

// When the SQ is full the request waits in JS; the bytes it writes are still the ones the
// caller's Buffer held at the call.
test('a Buffer overwritten right after write() returns: the original bytes are written even when the write waited for SQ room', () =>
  withAsyncRing({ entries: 2 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w', async (fd) => {
      const fillers = [];
      while (ring.ring.sqSpaceLeft > 0) fillers.push(ring.nop());
      assert.ok(fillers.length > 0);
      const data = Buffer.from(pattern(4096, 22));
      const pending = ring.write(fd, data, 0); // into the waiting line: the SQ is full
      data.fill(0x55);
      assert.is(await pending, 4096);
      await Promise.all(fillers);
    });
    assertBytes(readFileSync(path), pattern(4096, 22), 'written bytes');
  }));

test('a Buffer the caller dropped is kept alive until its write completes, also from the waiting line', () =>
  withAsyncRing({ entries: 2 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w', async (fd) => {
      const fillers = [];
      while (ring.ring.sqSpaceLeft > 0) fillers.push(ring.nop());
      const pending = ring.write(fd, Buffer.from(pattern(65536, 23)), 0); // no reference kept
      gc();
      assert.is(await pending, 65536);
      await Promise.all(fillers);
    });
    assertBytes(readFileSync(path), pattern(65536, 23), 'written bytes');
  }));

test('a read into a view nobody references any more still delivers its bytes (through the ArrayBuffer)', () =>
  withPipe((r, w) =>
    withAsyncRing({ entries: 8 }, async (ring) => {
      const backing = new ArrayBuffer(32);
      const pending = ring.read(r, new Uint8Array(backing, 8, 16), -1); // the view itself is dropped
      await new Promise((resolve) => setImmediate(resolve)); // submitted: now waiting in the kernel
      gc();
      writeSync(w, 'sixteen bytes!!!tail');
      assert.is(await pending, 16);
      const bytes = new Uint8Array(backing);
      assert.is(Buffer.from(backing, 8, 16).toString('latin1'), 'sixteen bytes!!!');
      assert.ok(bytes.subarray(0, 8).every((b) => b === 0) && bytes.subarray(24).every((b) => b === 0), 'nothing outside the view');
    })));

test('ring.alloc() buffers are used in place (no staging copy) for read and write; free() returns the memory', () =>
  withPipe((r, w) =>
    withAsyncRing({ entries: 8 }, async (ring) => {
      const path = tempFile();
      await withOpen(ring, path, 'w+', async (fd) => {
        await ring.nop(); // settle the ring's own allocations
        const baseline = ring.ring.memory.freeBytes;
        const out = ring.alloc(65536);
        const inBuf = ring.alloc(65536);
        const afterAlloc = ring.ring.memory.freeBytes;
        assert.ok(baseline - afterAlloc >= 2 * 65536);
        out.set(pattern(65536, 31));
        assert.is(await ring.write(fd, out, 0), 65536);
        assertBytes(readFileSync(path), pattern(65536, 31), 'written from ring memory');
        assert.is(await ring.read(fd, inBuf, 0), 65536);
        assertBytes(inBuf, pattern(65536, 31), 'read into ring memory');

        // While a read waits in the kernel, the ring holds no copy of an alloc() buffer
        // (but does of an ordinary Buffer).
        const zeroCopy = ring.read(r, inBuf.subarray(0, 1024), -1);
        await new Promise((resolve) => setImmediate(resolve));
        const duringZeroCopy = ring.ring.memory.freeBytes;
        writeSync(w, 'z');
        assert.is(await zeroCopy, 1);
        assert.is(inBuf[0], 0x7a);
        const staged = ring.read(r, Buffer.alloc(32768), -1);
        await new Promise((resolve) => setImmediate(resolve));
        const duringStaged = ring.ring.memory.freeBytes;
        writeSync(w, 's');
        assert.is(await staged, 1);
        assert.ok(afterAlloc - duringZeroCopy < 1024, `a zero-copy read borrowed ${afterAlloc - duringZeroCopy} bytes`);
        assert.ok(afterAlloc - duringStaged >= 32768, `a staged read borrowed ${afterAlloc - duringStaged} bytes`);

        ring.free(out);
        ring.free(inBuf);
        assert.is(ring.ring.memory.freeBytes, baseline, 'freeBytes back to its baseline');
      });
    })));

test('a freed ring.alloc() buffer is never read or written through: read/write/readv into it reject with ERR_URING_FOREIGN_BUFFER', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      await ring.write(fd, pattern(4096, 3), 0);
      const freed = ring.alloc(4096);
      ring.free(freed); // nothing allocated since: its bytes lie in no live allocation
      for (const [what, call] of [
        ['read', () => ring.read(fd, freed, 0)],
        ['write', () => ring.write(fd, freed, 0)],
        ['readv', () => ring.readv(fd, [freed], 0)],
      ]) {
        const error = await failure(call);
        assert.is(error.code, 'ERR_URING_FOREIGN_BUFFER', `${what}: ${error.message}`);
      }
      assert.not.ok(ring.closed, 'only those operations failed');
      const reused = ring.alloc(4096);
      assert.is(await ring.read(fd, reused, 0), 4096);
      assertBytes(reused, pattern(4096, 3), 'a live buffer still reads in place');
      ring.free(reused);
      assert.is(ring.pending, 0);
    });
  }));

test('staging copies are given back: freeBytes returns to its baseline after many staged reads and writes', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      await ring.write(fd, pattern(100000, 41), 0); // grow the memory first if it has to
      await ring.read(fd, Buffer.alloc(100000), 0);
      const baseline = ring.ring.memory.freeBytes;
      const writes = [];
      for (let i = 0; i < 20; i++) writes.push(ring.write(fd, pattern(5000, i), i * 5000));
      await Promise.all(writes);
      await Promise.all(Array.from({ length: 20 }, (_, i) => ring.readv(fd, [Buffer.alloc(100), Buffer.alloc(4900)], i * 5000)));
      await failure(() => ring.read(999999, Buffer.alloc(4096), 0)); // a failed read gives its copy back too
      await failure(() => ring.stat(join(dir, 'nothing-here')));
      assert.is(ring.ring.memory.freeBytes, baseline);
    });
  }));

// ─── Thousands at once ──────────────────────────────────────────────────────────────────────────

test('4000 concurrent writes then 4000 concurrent reads through a 64-entry SQ: each settles exactly once with its own data', () =>
  withAsyncRing({ entries: 64 }, async (ring) => {
    const N = 4000;
    const SIZE = 512;
    const path = tempFile();
    await withOpen(ring, path, 'w+', async (fd) => {
      // Every CQE the engine reaps for a request (userData 0 is its own cancels; none here).
      let cqes = 0;
      // (The engine reaps through reap() and, as it submits, submitAndReapFor().)
      const counting = (onCompletion) => (userData, res, flags) => {
        if (userData !== 0) cqes++;
        onCompletion(userData, res, flags);
      };
      const reap = ring.ring.reap.bind(ring.ring);
      ring.ring.reap = (onCompletion) => reap(counting(onCompletion));
      const submitAndReap = ring.ring.submitAndReapFor.bind(ring.ring);
      ring.ring.submitAndReapFor = (onCompletion) => submitAndReap(counting(onCompletion));
      const settled = { write: new Uint16Array(N), read: new Uint16Array(N) };
      const counted = (kind, i, promise) => promise.then(
        (value) => { settled[kind][i]++; return value; },
        (error) => { settled[kind][i]++; throw error; });

      // Out of order, to prove each lands at its own offset.
      const order = Array.from({ length: N }, (_, i) => (i * 2477) % N);
      const writes = order.map((i) => counted('write', i, ring.write(fd, pattern(SIZE, i + 1), i * SIZE)));
      assert.is(ring.pending, N, 'all pending: most wait in JS for SQ room');
      const written = await Promise.all(writes);
      assert.ok(written.every((n) => n === SIZE), 'every write wrote 512 bytes');
      assert.is(statSync(path).size, N * SIZE);
      const onDisk = readFileSync(path);
      for (let i = 0; i < N; i++) assertBytes(onDisk.subarray(i * SIZE, (i + 1) * SIZE), pattern(SIZE, i + 1), `block ${i} on disk`);

      const bufs = Array.from({ length: N }, () => Buffer.alloc(SIZE));
      const reads = order.map((i) => counted('read', i, ring.read(fd, bufs[i], i * SIZE)));
      const got = await Promise.all(reads);
      assert.ok(got.every((n) => n === SIZE), 'every read read 512 bytes');
      for (let i = 0; i < N; i++) assertBytes(bufs[i], pattern(SIZE, i + 1), `block ${i} read back`);

      await ring.nop(); // one more turn: a duplicate completion would have settled something twice by now
      assert.ok(settled.write.every((n) => n === 1), 'each write settled once');
      assert.ok(settled.read.every((n) => n === 1), 'each read settled once');
      assert.is(cqes, 2 * N + 1, 'one completion per request, none lost or extra');
      assert.is(ring.pending, 0);
    });
  }));

// ─── A file copy ────────────────────────────────────────────────────────────────────────────────

test('an 8 MiB file copied with a read→write loop (128 KiB chunks, 4 in flight) equals its source', () =>
  withAsyncRing({ entries: 16 }, async (ring) => {
    const source = randomBytes(8 * 1024 * 1024 + 12345); // not a whole number of chunks
    const src = tempFile(source);
    const dst = tempFile();
    const CHUNK = 128 * 1024;
    const inFd = await ring.open(src, 'r');
    const outFd = await ring.open(dst, 'w');
    try {
      const size = (await ring.fstat(inFd)).size;
      assert.is(size, source.length);
      let next = 0;
      let copied = 0;
      const worker = async () => {
        const buf = Buffer.allocUnsafe(CHUNK);
        while (next < size) {
          const at = next;
          next += CHUNK;
          const n = await ring.read(inFd, buf, at);
          assert.ok(n > 0, `read at ${at}`);
          for (let done = 0; done < n;) done += await ring.write(outFd, buf, at + done, { offset: done, length: n - done });
          copied += n;
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      assert.is(copied, size);
      await ring.fsync(outFd);
    } finally {
      await ring.close(inFd);
      await ring.close(outFd);
    }
    assertBytes(readFileSync(dst), source, 'the copy');
  }));

// ─── readFile / writeFile ───────────────────────────────────────────────────────────────────────

test('writeFile then readFile round trip: a string, a Buffer over 64 KiB, an empty file; encoding gives a string', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const text = tempFile();
    assert.is(await ring.writeFile(text, 'grüße\n'), undefined);
    assert.is(readFileSync(text, 'utf8'), 'grüße\n');
    assert.is(await ring.readFile(text, { encoding: 'utf8' }), 'grüße\n');

    const big = tempFile();
    const data = randomBytes(300_000);
    await ring.writeFile(big, data);
    assertBytes(readFileSync(big), data, 'writeFile');
    const back = await ring.readFile(big);
    assert.ok(Buffer.isBuffer(back));
    assertBytes(back, data, 'readFile');

    const empty = tempFile();
    await ring.writeFile(empty, Buffer.alloc(0));
    assert.is(statSync(empty).size, 0);
    const none = await ring.readFile(empty);
    assert.ok(Buffer.isBuffer(none));
    assert.is(none.length, 0);
    assert.is(await ring.readFile(empty, { encoding: 'utf8' }), '');

    const shorter = tempFile('a much longer previous content');
    await ring.writeFile(shorter, 'short');
    assert.is(readFileSync(shorter, 'latin1'), 'short', 'writeFile truncates');

    const sub = new Uint8Array(data.buffer, data.byteOffset + 1000, 70_000);
    const part = tempFile();
    await ring.writeFile(part, sub);
    assertBytes(readFileSync(part), data.subarray(1000, 71_000), 'a view into a larger buffer');
  }));

test('readFile of a /proc file (stat size 0) reads it to the end', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const status = await ring.readFile('/proc/self/status', { encoding: 'latin1' });
    assert.match(status, /^Name:/);
    assert.match(status, /\nPid:\s+\d+/);
    const cmdline = await ring.readFile('/proc/self/cmdline');
    assert.ok(cmdline.length > 0);
    assert.ok(cmdline.includes(Buffer.from(process.execPath.split('/').pop())), 'this process');
  }));

test('readFile of a missing file and writeFile into a missing directory reject with ENOENT and the path', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const missing = join(dir, 'nope');
    const r = await failure(() => ring.readFile(missing));
    assert.is(r.code, 'ENOENT');
    assert.is(r.path, missing);
    const target = join(dir, 'nodir', 'file');
    const w = await failure(() => ring.writeFile(target, 'x'));
    assert.is(w.code, 'ENOENT');
    assert.is(w.path, target);
  }));

// ─── Chains ─────────────────────────────────────────────────────────────────────────────────────

unless(closeOutsideNodeFs, test)('chain write→fsync→close resolves [n, undefined, undefined]; the file holds the data and the fd is closed', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile();
    const fd = openSync(path, 'w');
    let closed = false;
    try {
      const results = await ring.chain().write(fd, 'chained data', 0).fsync(fd).close(fd).run();
      closed = true;
      // At once, before anything else can be given the same fd number.
      const error = nodeError(() => fstatSync(fd));
      assert.is(error.code, 'EBADF', 'the chain closed the fd');
      assert.equal(results, [12, undefined, undefined]);
    } finally {
      if (!closed) closeSync(fd);
    }
    assert.is(readFileSync(path, 'latin1'), 'chained data');
  }));

test('chain write→read→nop: each link runs after the one before; results come in chain order', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('0123456789');
    const fd = openSync(path, 'r+');
    try {
      const buf = Buffer.alloc(10);
      const results = await ring.chain().write(fd, 'AB', 2).read(fd, buf, 0).nop().run();
      assert.equal(results, [2, 10, undefined]);
      assert.is(buf.toString('latin1'), '01AB456789', 'the read ran after the write');
    } finally {
      closeSync(fd);
    }
  }));

test('a chain whose first link fails rejects with that error and the linked write never happens', () =>
  withAsyncRing({ entries: 8 }, async (ring) => {
    const path = tempFile('');
    const fd = openSync(path, 'r+');
    try {
      const BAD_FD = 999_999;
      const error = await failure(() => ring.chain().read(BAD_FD, Buffer.alloc(8), 0).write(fd, 'never', 0).fsync(fd).run());
      assert.is(error.code, 'EBADF');
      assert.is(error.syscall, 'read');
      assert.is(statSync(path).size, 0, 'the write after the failed read did not run');

      // A failure in the middle: the chain rejects with it (not with the others' ECANCELED); the
      // links after it did not run. Those before it ran (6.1 and later), or were cancelled with
      // the chain when the failure came at submission (5.10).
      const middle = await failure(() => ring.chain().write(fd, 'first', 0).write(BAD_FD, 'x', 0).write(fd, 'third', 5).run());
      assert.is(middle.code, 'EBADF');
      assert.is(middle.syscall, 'write');
      assert.ok(['first', ''].includes(readFileSync(path, 'latin1')), readFileSync(path, 'latin1'));
      assert.is(ring.pending, 0);
    } finally {
      closeSync(fd);
    }
  }));

test('chain read(empty pipe).timeout(50) rejects with ECANCELED after about 50 ms', () =>
  withPipe((r, w) =>
    withAsyncRing({ entries: 8 }, async (ring) => {
      const buf = Buffer.alloc(16);
      const start = process.hrtime.bigint();
      const error = await failure(() => ring.chain().read(r, buf).timeout(50).run());
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.is(error.code, 'ECANCELED');
      assert.is(error.errno, E.ECANCELED);
      assert.is(error.syscall, 'read');
      assert.ok(ms >= 45 && ms < 1000, `rejected after ${ms.toFixed(1)} ms`);
      // The cancelled read took nothing from the pipe.
      writeSync(w, 'later');
      assert.is(await ring.read(r, buf, -1), 5);
      assert.is(buf.toString('latin1', 0, 5), 'later');
    })));

test('chain read.timeout resolves with the read when data arrives in time (the timeout result is undefined)', () =>
  withPipe((r, w) =>
    withAsyncRing({ entries: 8 }, async (ring) => {
      writeSync(w, 'ready');
      const buf = Buffer.alloc(16);
      const results = await ring.chain().read(r, buf).timeout(5000).run();
      assert.equal(results, [5, undefined]);
      assert.is(buf.toString('latin1', 0, 5), 'ready');
    })));

test('a chain longer than the SQ rejects with RangeError; timeout() first, or a bad link argument, rejects run() and submits nothing', () =>
  withAsyncRing({ entries: 4 }, async (ring) => {
    const chain = ring.chain();
    for (let i = 0; i <= ring.ring.sqEntries; i++) chain.nop();
    assert.instance(await failure(() => chain.run()), RangeError);
    const path = tempFile('untouched');
    const fd = openSync(path, 'r+');
    try {
      const timeoutFirst = ring.chain().timeout(10).write(fd, 'x', 0);
      assert.instance(await failure(() => timeoutFirst.run()), TypeError);
      const badLink = ring.chain().write(fd, 'x', 0).read(-1, Buffer.alloc(1));
      const error = await failure(() => badLink.run());
      assert.instance(error, RangeError);
      assert.match(error.message, 'fd');
      assert.is(readFileSync(path, 'utf8'), 'untouched', 'no link of a rejected chain ran');
      assert.is(ring.pending, 0);
    } finally {
      closeSync(fd);
    }
  }));


// ─── copyFile ────────────────────────────────────────────────────────────────────────────────────

test('copyFile: the copy equals the source, keeps its mode, and reports progress up to the size', () =>
  withAsyncRing({ entries: 16 }, async (ring) => {
    const data = randomBytes(3 * 65536 + 777);
    const src = tempFile(data);
    chmodSync(src, 0o640);
    const dest = join(dir, `copy-${Math.random()}`);
    const progress = [];
    const copied = await ring.copyFile(src, dest, { chunkSize: 65536, depth: 3, onProgress: (n, size) => progress.push([n, size]) });
    assert.is(copied, data.length);
    assertBytes(readFileSync(dest), data, 'the copy');
    assert.is(statSync(dest).mode & 0o777, 0o640);
    assert.equal(progress.at(-1), [data.length, data.length]);
    assert.ok(progress.every(([n], i) => i === 0 || n > progress[i - 1][0]), 'progress only grows');
  }));

test('copyFile: a /proc file (size 0 by fstat) copies whole; an empty file copies empty', () =>
  withAsyncRing({}, async (ring) => {
    const dest = join(dir, `proc-${Math.random()}`);
    await ring.copyFile('/proc/self/status', dest);
    assert.match(readFileSync(dest, 'utf8'), /^Name:/);
    const empty = tempFile(Buffer.alloc(0));
    const emptyCopy = join(dir, `empty-${Math.random()}`);
    assert.is(await ring.copyFile(empty, emptyCopy), 0);
    assert.is(statSync(emptyCopy).size, 0);
  }));

test('copyFile refuses a file onto itself (it would be truncated) and a directory as source', () =>
  withAsyncRing({}, async (ring) => {
    const data = Buffer.from('keep me');
    const src = tempFile(data);
    const same = await ring.copyFile(src, src).then(() => null, (e) => e);
    assert.is(same?.code, 'EINVAL');
    assert.match(same.message, 'same file');
    assertBytes(readFileSync(src), data, 'the source is untouched');
    const fromDir = await ring.copyFile(dir, join(dir, 'x')).then(() => null, (e) => e);
    assert.is(fromDir?.code, 'EISDIR');
    assert.is(fromDir.path, dir);
    assert.not.ok(existsSync(join(dir, 'x')));
    const missing = await ring.copyFile(join(dir, 'missing'), join(dir, 'y')).then(() => null, (e) => e);
    assert.is(missing?.code, 'ENOENT');
    assert.is(missing.syscall, 'open');
  }));

test.run();
