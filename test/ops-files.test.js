// The file opcodes against the real kernel: each test does the operation through the ring and
// checks its effect independently (node:fs reads the file back, fstat proves an fd open or closed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chmodSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, symlinkSync,
  writeFileSync, writeSync, constants as fsConstants,
} from './support/fs.js';
import { join } from 'node:path';
import { fds } from './support/fds.js';
import { tempFiles } from './support/tmp.js';
import {
  E, kernelProbe, assertBytes, constants, linux, opTest, pattern, results, complete, ringBytes, withRing,
} from './support/harness.js';

const {
  IORING_OP_READ, IORING_OP_WRITE, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC,
  IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED, IORING_OP_SYNC_FILE_RANGE, IORING_OP_FALLOCATE,
  IORING_OP_OPENAT, IORING_OP_STATX, IORING_OP_CLOSE, IORING_OP_OPENAT2, IORING_OP_FADVISE,
  IORING_OP_SPLICE, IORING_OP_FILES_UPDATE,
  IOSQE_IO_LINK, IOSQE_FIXED_FILE, IORING_FSYNC_DATASYNC, AT_FDCWD, STATX_BASIC_STATS, STATX_SIZE,
  STATX_MODE, SYNC_FILE_RANGE_WAIT_BEFORE, SYNC_FILE_RANGE_WRITE, SYNC_FILE_RANGE_WAIT_AFTER,
} = constants;
const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, S_IFMT, S_IFREG } = fsConstants;

const tempFile = tempFiles();
const dir = tempFile.dir;
/** An fd number nothing in this process has open. */
const BAD_FD = 1_000_000;

opTest(test, 'WRITE then READ at an offset: the file holds the bytes and reading returns them', [IORING_OP_WRITE, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const data = pattern(3000, 1);
    ring.prepWrite(1, fd, ringBytes(ring, own, data), 100);
    assert.equal(results(ring, [1]), [3000]);

    // Read back without the ring: a 100-byte hole of zeros, then exactly the bytes.
    const onDisk = readFileSync(path);
    assert.is(onDisk.length, 3100);
    assert.ok(onDisk.subarray(0, 100).every((b) => b === 0), 'the hole before the offset is zeros');
    assertBytes(onDisk.subarray(100), data, 'file contents');

    // And with the ring, into a larger buffer: the read stops at end of file.
    const dst = own(ring.alloc(4000));
    ring.prepRead(2, fd, dst, 100);
    assert.equal(results(ring, [2]), [3000]);
    assertBytes(dst.subarray(0, 3000), data, 'READ buffer');
    assert.ok(dst.subarray(3000).every((b) => b === 0), 'nothing written past what was read');
  }));

opTest(test, 'WRITEV then READV with iovecs of different sizes round-trip byte for byte', [IORING_OP_WRITEV, IORING_OP_READV], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const parts = [pattern(3, 2), pattern(100, 3), pattern(1000, 4)];
    const all = Buffer.concat(parts);
    const iov = own(ring.memory.iovecs(parts.map((p) => ringBytes(ring, own, p))));
    ring.prepWritev(1, fd, iov, parts.length, 0);
    assert.equal(results(ring, [1]), [1103]);
    assertBytes(readFileSync(path), all, 'file after WRITEV');

    // Read into a differently cut set of buffers: the kernel fills them in order.
    const outs = [500, 7, 596].map((n) => own(ring.alloc(n)));
    ring.prepReadv(2, fd, own(ring.memory.iovecs(outs)), outs.length, 0);
    assert.equal(results(ring, [2]), [1103]);
    assertBytes(Buffer.concat(outs), all, 'READV buffers');
    assertBytes(outs[1], all.subarray(500, 507), 'middle iovec');
  }));

opTest(test, 'READ and WRITE at offset -1 use and advance the file position', [IORING_OP_WRITE, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    assert.ok(ring.features & constants.IORING_FEAT_RW_CUR_POS, 'IORING_FEAT_RW_CUR_POS (every kernel with READ has it)');
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    writeSync(fd, 'abc'); // position 3
    ring.prepWrite(1, fd, ringBytes(ring, own, Buffer.from('-ring-')), -1);
    assert.equal(results(ring, [1]), [6]);
    writeSync(fd, 'Z'); // lands after the ring's write only if the ring advanced the position
    assert.is(readFileSync(path, 'latin1'), 'abc-ring-Z');
    // At the end of the file now: a READ at the position finds nothing.
    ring.prepRead(2, fd, own(ring.alloc(16)), -1);
    assert.equal(results(ring, [2]), [0]);
  }));

opTest(test, 'offsets past 4 GiB reach the kernel whole (64-bit file offsets)', [IORING_OP_WRITE, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+')); // sparse: no 4 GiB actually written
    const at = 2 ** 32 + 7;
    const data = pattern(16, 12);
    ring.prepWrite(1, fd, ringBytes(ring, own, data), at);
    assert.equal(results(ring, [1]), [16]);
    assert.is(statSync(path).size, at + 16);
    const back = Buffer.alloc(16);
    assert.is(readSync(fd, back, 0, 16, at), 16);
    assertBytes(back, data, 'bytes at 4 GiB + 7');
    const out = own(ring.alloc(16));
    ring.prepRead(2, fd, out, at);
    assert.equal(results(ring, [2]), [16]);
    assertBytes(out, data, 'READ at 4 GiB + 7');
  }));

opTest(test, 'FSYNC and FSYNC with IORING_FSYNC_DATASYNC flush a file; a pipe cannot be synced', [IORING_OP_FSYNC], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile(), 'w+'));
    const [r, w] = own.fds(fds.pipe());
    writeSync(fd, pattern(8192, 5)); // dirty pages to flush
    ring.prepFsync(1, fd);
    ring.prepFsync(2, fd, IORING_FSYNC_DATASYNC);
    // fsync(2) on a pipe is EINVAL: proof the request reached vfs_fsync rather than a no-op.
    ring.prepFsync(3, w);
    ring.prepFsync(4, r, IORING_FSYNC_DATASYNC);
    assert.equal(results(ring, [1, 2, 3, 4]), [0, 0, E.EINVAL, E.EINVAL]);
  }));

opTest(test, 'a linked WRITE → FSYNC → READ chain completes in order and reads what was written', [IORING_OP_WRITE, IORING_OP_FSYNC, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const data = pattern(5000, 6);
    const out = own(ring.alloc(5000));
    ring.setSqeFlags(ring.prepWrite(1, fd, ringBytes(ring, own, data), 0), IOSQE_IO_LINK);
    ring.setSqeFlags(ring.prepFsync(2, fd), IOSQE_IO_LINK);
    ring.prepRead(3, fd, out, 0);
    const got = complete(ring, [1, 2, 3]);
    assert.equal(got.map((c) => [c.userData, c.res]), [[1, 5000], [2, 0], [3, 5000]]);
    assertBytes(out, data, 'READ at the end of the chain');
    assertBytes(readFileSync(path), data, 'file');
  }));

opTest(test, 'a failed link cancels the rest of its chain with -ECANCELED', [IORING_OP_WRITE, IORING_OP_FSYNC, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('untouched');
    const fd = own.fd(openSync(path, 'r+'));
    ring.setSqeFlags(ring.prepWrite(1, BAD_FD, ringBytes(ring, own, Buffer.from('x')), 0), IOSQE_IO_LINK);
    ring.setSqeFlags(ring.prepWrite(2, fd, ringBytes(ring, own, Buffer.from('OVERWRITE')), 0), IOSQE_IO_LINK);
    ring.prepFsync(3, fd);
    assert.equal(results(ring, [1, 2, 3]), [E.EBADF, E.ECANCELED, E.ECANCELED]);
    assert.is(readFileSync(path, 'latin1'), 'untouched', 'the cancelled write never ran');
  }));

opTest(test, 'WRITE_FIXED and READ_FIXED use registered buffers; after unregistering they fail with -EFAULT', [IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const [b0, b1] = [own(ring.alloc(4096, 4096)), own(ring.alloc(4096, 4096))];
    const data = pattern(4096, 7);
    b0.set(data);
    ring.registerBuffers([b0, b1]);
    ring.prepWriteFixed(1, fd, b0, 0, 0);
    assert.equal(results(ring, [1]), [4096]);
    assertBytes(readFileSync(path), data, 'file after WRITE_FIXED');

    // Part of registered buffer 1, from file offset 96.
    const part = b1.subarray(10, 1010);
    ring.prepReadFixed(2, fd, part, 96, 1);
    // A range outside the buffer named by the index is refused by the kernel.
    ring.prepReadFixed(3, fd, b1.subarray(0, 100), 0, 0);
    assert.equal(results(ring, [2, 3]), [1000, E.EFAULT]);
    assertBytes(part, data.subarray(96, 1096), 'READ_FIXED buffer');
    assert.ok(b1.subarray(0, 10).every((b) => b === 0) && b1.subarray(1010).every((b) => b === 0),
      'nothing outside the requested range was written');

    ring.unregisterBuffers();
    ring.prepReadFixed(4, fd, b1, 0, 1);
    assert.equal(results(ring, [4]), [E.EFAULT]);
  }));

opTest(test, 'SYNC_FILE_RANGE syncs a file range; the kernel checks its flags and the fd type', [IORING_OP_SYNC_FILE_RANGE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile(), 'w+'));
    const [, w] = own.fds(fds.pipe());
    writeSync(fd, pattern(16384, 8));
    const all = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
    ring.prepSyncFileRange(1, fd, 8192, 4096, all);
    ring.prepSyncFileRange(2, fd, 0, 0, SYNC_FILE_RANGE_WRITE); // length 0: to the end of the file
    ring.prepSyncFileRange(3, fd, 4096, 0, 0x8); // a flag sync_file_range(2) does not define
    ring.prepSyncFileRange(4, w, 4096, 0, all); // pipes have no pages to sync
    assert.equal(results(ring, [1, 2, 3, 4]), [0, 0, E.EINVAL, E.ESPIPE]);
  }));

opTest(test, 'FALLOCATE grows a file; with FALLOC_FL_KEEP_SIZE it allocates blocks without growing it', [IORING_OP_FALLOCATE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const MiB = 1 << 20;
    ring.prepFallocate(1, fd, 0, 0, MiB);
    assert.equal(results(ring, [1]), [0]);
    let st = statSync(path);
    assert.is(st.size, MiB);
    assert.ok(st.blocks * 512 >= MiB, `1 MiB allocated (blocks ${st.blocks})`);

    ring.prepFallocate(2, fd, linux.FALLOC_FL_KEEP_SIZE, MiB, 2 * MiB);
    assert.equal(results(ring, [2]), [0]);
    st = statSync(path);
    assert.is(st.size, MiB, 'size kept');
    assert.ok(st.blocks * 512 >= 3 * MiB, `3 MiB allocated (blocks ${st.blocks})`);
  }));

opTest(test, 'OPENAT opens a file, STATX reports its size and mode, CLOSE really closes the fd', [IORING_OP_OPENAT, IORING_OP_STATX, IORING_OP_CLOSE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const contents = pattern(1234, 9);
    const path = tempFile(contents);
    chmodSync(path, 0o640);
    const cpath = own(ring.memory.cString(path));

    ring.prepOpenat(1, AT_FDCWD, cpath, O_RDONLY);
    const [fd] = results(ring, [1]);
    assert.ok(fd >= 0, `OPENAT returned an fd (${fd})`);
    own.fd(fd);
    // It is this file, open for reading.
    assert.is(fstatSync(fd).ino, statSync(path).ino);
    const back = Buffer.alloc(2000);
    assert.is(readSync(fd, back, 0, 2000, 0), 1234);
    assertBytes(back.subarray(0, 1234), contents, 'read through the opened fd');

    const stx = own(ring.memory.statxBuffer());
    assert.is(stx.byteLength, 256);
    ring.prepStatx(2, AT_FDCWD, cpath, 0, STATX_BASIC_STATS, stx);
    assert.equal(results(ring, [2]), [0]);
    // The raw struct statx: stx_mask u32 at 0, stx_mode u16 at 28, stx_ino u64 at 32, stx_size u64 at 40.
    const raw = new DataView(stx.buffer, stx.byteOffset, 256);
    assert.ok((raw.getUint32(0, true) & (STATX_SIZE | STATX_MODE)) === (STATX_SIZE | STATX_MODE), 'size and mode filled');
    assert.is(raw.getBigUint64(40, true), 1234n);
    assert.is(raw.getUint16(28, true), S_IFREG | 0o640);
    assert.is(raw.getBigUint64(32, true), statSync(path, { bigint: true }).ino);
    // The library's decoder agrees.
    const decoded = ring.memory.readStatx(stx);
    assert.is(decoded.size, 1234);
    assert.is(decoded.mode & S_IFMT, S_IFREG);
    assert.is(decoded.mode & 0o777, 0o640);

    ring.prepClose(3, fd);
    assert.equal(results(ring, [3]), [0]);
    own.closed(fd);
    assert.throws(() => fstatSync(fd), (error) => error.code === 'EBADF', 'the fd is closed');
  }));

opTest(test, 'OPENAT with O_CREAT creates a file relative to a directory fd; O_EXCL and a missing path fail', [IORING_OP_OPENAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const name = 'created-by-openat';
    const sub = join(dir, name);
    const dirFd = own.fd(openSync(dir, 'r'));
    const cname = own(ring.memory.cString(name));
    ring.prepOpenat(1, dirFd, cname, O_WRONLY | O_CREAT | O_EXCL, 0o600);
    const [fd] = results(ring, [1]);
    assert.ok(fd >= 0, `OPENAT created the file (${fd})`);
    own.fd(fd);
    assert.ok(existsSync(sub), 'the file exists');
    assert.is(statSync(sub).mode & 0o777, 0o600 & ~process.umask());
    writeSync(fd, 'created');
    assert.is(readFileSync(sub, 'latin1'), 'created', 'the fd is opened for writing on that file');

    ring.prepOpenat(2, dirFd, cname, O_WRONLY | O_CREAT | O_EXCL, 0o600);
    ring.prepOpenat(3, AT_FDCWD, own(ring.memory.cString(join(dir, 'missing', 'file'))), O_RDONLY);
    assert.equal(results(ring, [2, 3]), [E.EEXIST, E.ENOENT]);
  }));

opTest(test, 'OPENAT2 opens a file to read back; RESOLVE_NO_SYMLINKS refuses a symlink with -ELOOP', [IORING_OP_OPENAT2, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('opened by OPENAT2');
    const link = `${path}.link`;
    symlinkSync(path, link);
    ring.prepOpenat2(1, AT_FDCWD, own(ring.memory.cString(path)), own(ring.memory.openHow(O_RDONLY)));
    const [fd] = results(ring, [1]);
    assert.ok(fd >= 0, `OPENAT2 returned an fd (${fd})`);
    own.fd(fd);
    const buf = own(ring.alloc(64));
    ring.prepRead(2, fd, buf, 0);
    assert.equal(results(ring, [2]), [17]);
    assert.is(Buffer.from(buf.subarray(0, 17)).toString('latin1'), 'opened by OPENAT2');

    const clink = own(ring.memory.cString(link));
    ring.prepOpenat2(3, AT_FDCWD, clink, own(ring.memory.openHow(O_RDONLY, 0, linux.RESOLVE_NO_SYMLINKS)));
    // The same symlink without the resolve flag opens: the flag made the difference.
    ring.prepOpenat2(4, AT_FDCWD, clink, own(ring.memory.openHow(O_RDONLY)));
    const [refused, viaLink] = results(ring, [3, 4]);
    assert.is(refused, E.ELOOP);
    assert.ok(viaLink >= 0, `opened through the symlink (${viaLink})`);
    own.fd(viaLink);
    assert.is(fstatSync(viaLink).ino, fstatSync(fd).ino);
  }));

opTest(test, 'FADVISE accepts advice on a file range; bad advice and pipes are refused', [IORING_OP_FADVISE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile(pattern(65536, 10)), 'r'));
    const [r] = own.fds(fds.pipe());
    ring.prepFadvise(1, fd, 0, 65536, linux.POSIX_FADV_SEQUENTIAL);
    ring.prepFadvise(2, fd, 4096, 0, linux.POSIX_FADV_DONTNEED);
    ring.prepFadvise(3, fd, 0, 0, 99);
    ring.prepFadvise(4, r, 0, 0, linux.POSIX_FADV_DONTNEED);
    assert.equal(results(ring, [1, 2, 3, 4]), [0, 0, E.EINVAL, E.ESPIPE]);
  }));

// FADVISE with a 64-bit length came in 6.11: an older kernel wants `addr` 0 and answers -EINVAL.
const noFadvise64 = kernelProbe().supports(IORING_OP_FADVISE) && withRing({ entries: 4 }, (ring, own) => {
  const fd = own.fd(openSync(tempFile(pattern(4096, 13)), 'r'));
  ring.prepFadvise64(1, fd, 0, 4096, linux.POSIX_FADV_SEQUENTIAL);
  const [res] = results(ring, [1]);
  return res === E.EINVAL ? 'this kernel takes no 64-bit FADVISE length (-EINVAL; 6.11)' : null;
});

(noFadvise64 ? test.skip : (name, fn) => opTest(test, name, [IORING_OP_FADVISE], fn))(
  `fadvise64: advice with a 64-bit length is accepted on a file range; bad advice and pipes are refused${noFadvise64 ? ` [skipped: ${noFadvise64}]` : ''}`, () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile(pattern(65536, 12)), 'r'));
    const [r] = own.fds(fds.pipe());
    ring.prepFadvise64(1, fd, 0, 2 ** 40, linux.POSIX_FADV_SEQUENTIAL); // past what a u32 length holds
    ring.prepFadvise64(2, fd, 4096, 8192, linux.POSIX_FADV_DONTNEED);
    ring.prepFadvise64(3, fd, 0, 1, 99);
    ring.prepFadvise64(4, r, 0, 1, linux.POSIX_FADV_DONTNEED);
    assert.equal(results(ring, [1, 2, 3, 4]), [0, 0, E.EINVAL, E.ESPIPE]);
  }));

opTest(test, 'SPLICE moves bytes file → pipe → file, honouring the offsets', [IORING_OP_SPLICE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const data = pattern(10000, 11);
    const inFd = own.fd(openSync(tempFile(data), 'r'));
    const outPath = tempFile();
    const outFd = own.fd(openSync(outPath, 'w+'));
    const [r, w] = own.fds(fds.pipe());
    // From file offset 1000 into the pipe (-1: pipes have no offset), then out at file offset 10.
    ring.setSqeFlags(ring.prepSplice(1, inFd, 1000, w, -1, 5000), IOSQE_IO_LINK);
    ring.prepSplice(2, r, -1, outFd, 10, 5000);
    assert.equal(results(ring, [1, 2]), [5000, 5000]);
    const out = readFileSync(outPath);
    assert.is(out.length, 5010);
    assertBytes(out.subarray(10), data.subarray(1000, 6000), 'spliced bytes');
  }));

opTest(test, 'FILES_UPDATE installs an fd in an empty registered slot that IOSQE_FIXED_FILE reads use', [IORING_OP_FILES_UPDATE, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile('through slot 2'), 'r'));
    ring.registerFiles([-1, -1, -1]);
    const buf = own(ring.alloc(64));
    ring.setSqeFlags(ring.prepRead(1, 2, buf, 0), IOSQE_FIXED_FILE);
    assert.equal(results(ring, [1]), [E.EBADF], 'slot 2 starts empty');

    const slots = own(ring.alloc(4));
    const fdArray = new Int32Array(slots.buffer, slots.byteOffset, 1);
    fdArray[0] = fd;
    ring.prepFilesUpdate(2, fdArray, 2);
    assert.equal(results(ring, [2]), [1], 'one slot updated');

    ring.setSqeFlags(ring.prepRead(3, 2, buf, 0), IOSQE_FIXED_FILE);
    assert.equal(results(ring, [3]), [14]);
    assert.is(Buffer.from(buf.subarray(0, 14)).toString('latin1'), 'through slot 2');
    ring.unregisterFiles();
  }));

test.run();
