// The file-system opcodes that came after Linux 5.8, against the real kernel: names and links
// (RENAMEAT, UNLINKAT, MKDIRAT, SYMLINKAT, LINKAT), xattrs, FTRUNCATE, direct descriptors
// (OPENAT/OPENAT2 into slots, CLOSE direct, FIXED_FD_INSTALL, FILES_UPDATE with ALLOC), PIPE,
// READ_MULTISHOT and the vectored fixed-buffer I/O. Each test checks the effect without the ring:
// node:fs, /proc/self and, for xattrs, getxattr(2)/setxattr(2) through a small C helper.
import { test } from 'uvu';
import { NEEDS } from '../dist/src/generated/opcodes.js';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import {
  closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, readlinkSync,
  statSync, symlinkSync, writeFileSync, writeSync, constants as fsConstants,
} from './support/fs.js';
import { join } from 'node:path';
import { compileC } from './support/cc.js';
import { fds } from './support/fds.js';
import { tempFiles } from './support/tmp.js';
import {
  E, assertBytes, complete, constants, kernelProbe, linux, opTest, pattern, results, ringBytes, withRing,
} from './support/harness.js';

const {
  IORING_OP_RENAMEAT, IORING_OP_UNLINKAT, IORING_OP_MKDIRAT, IORING_OP_SYMLINKAT, IORING_OP_LINKAT,
  IORING_OP_FSETXATTR, IORING_OP_SETXATTR, IORING_OP_FGETXATTR, IORING_OP_GETXATTR, IORING_OP_FTRUNCATE,
  IORING_OP_OPENAT, IORING_OP_OPENAT2, IORING_OP_CLOSE, IORING_OP_FILES_UPDATE, IORING_OP_READ, IORING_OP_WRITE,
  IORING_OP_FIXED_FD_INSTALL, IORING_OP_PIPE, IORING_OP_PROVIDE_BUFFERS, IORING_OP_READ_MULTISHOT,
  IORING_OP_READV_FIXED, IORING_OP_WRITEV_FIXED,
  IOSQE_FIXED_FILE, IORING_CQE_F_MORE, IORING_CQE_F_BUFFER, IORING_CQE_BUFFER_SHIFT, IORING_FILE_INDEX_ALLOC,
  IORING_FIXED_FD_NO_CLOEXEC, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, RENAME_NOREPLACE, RENAME_EXCHANGE,
  XATTR_CREATE, XATTR_REPLACE,
} = constants;
const { O_RDONLY, O_NONBLOCK } = fsConstants;
const { O_CLOEXEC } = linux;

const tempFile = tempFiles();
const dir = tempFile.dir;
/** A fresh empty directory in the temp dir. */
function tempSubdir() {
  const path = tempFile();
  mkdirSync(path);
  return path;
}

/** The fds this process has open (to prove a direct descriptor made none). */
const openFds = () => readdirSync('/proc/self/fd').length;

/** The file-status flags of `fd` as /proc/self/fdinfo shows them (O_CLOEXEC included). */
function fdFlags(fd) {
  const line = readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1').match(/^flags:\s+([0-7]+)$/m);
  assert.ok(line, `flags in /proc/self/fdinfo/${fd}`);
  return parseInt(line[1], 8);
}

/** The text of the first `n` bytes of a view. */
const text = (view, n = view.length) => Buffer.from(view.buffer, view.byteOffset, n).toString('latin1');

/** A READ through fixed-file slot `slot` (IOSQE_FIXED_FILE). */
function prepFixedRead(ring, ud, slot, buf, offset) {
  ring.setSqeFlags(ring.prepRead(ud, slot, buf, offset), IOSQE_FIXED_FILE);
}

// ─── RENAMEAT, UNLINKAT, MKDIRAT, SYMLINKAT, LINKAT ───────────────────────────────────────────────

opTest(test, 'RENAMEAT moves a file to its new name (same inode, old name gone), relative to directory fds', [IORING_OP_RENAMEAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const from = tempSubdir();
    const to = tempSubdir();
    writeFileSync(join(from, 'old'), 'renamed');
    const ino = statSync(join(from, 'old')).ino;
    const fromFd = own.fd(openSync(from, 'r'));
    const toFd = own.fd(openSync(to, 'r'));
    ring.prepRenameat(1, fromFd, own(ring.memory.cString('old')), toFd, own(ring.memory.cString('new')));
    assert.equal(results(ring, [1]), [0]);
    assert.not.ok(existsSync(join(from, 'old')), 'the old name is gone');
    assert.is(readFileSync(join(to, 'new'), 'latin1'), 'renamed');
    assert.is(statSync(join(to, 'new')).ino, ino, 'the same file, moved');

    // By absolute paths (AT_FDCWD), back under another name; a missing old name is -ENOENT.
    ring.prepRenameat(2, AT_FDCWD, own(ring.memory.cString(join(to, 'new'))), AT_FDCWD,
      own(ring.memory.cString(join(from, 'back'))));
    ring.prepRenameat(3, AT_FDCWD, own(ring.memory.cString(join(to, 'missing'))), AT_FDCWD,
      own(ring.memory.cString(join(from, 'never'))));
    assert.equal(results(ring, [2, 3]), [0, E.ENOENT]);
    assert.is(statSync(join(from, 'back')).ino, ino);
    assert.not.ok(existsSync(join(from, 'never')));
  }));

opTest(test, 'RENAMEAT flags: RENAME_NOREPLACE refuses an existing target with -EEXIST, RENAME_EXCHANGE swaps two files', [IORING_OP_RENAMEAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const a = tempFile('file a');
    const b = tempFile('file b');
    const [inoA, inoB] = [statSync(a).ino, statSync(b).ino];
    const [ca, cb] = [own(ring.memory.cString(a)), own(ring.memory.cString(b))];

    ring.prepRenameat(1, AT_FDCWD, ca, AT_FDCWD, cb, RENAME_NOREPLACE);
    assert.equal(results(ring, [1]), [E.EEXIST]);
    assert.is(readFileSync(a, 'latin1'), 'file a', 'a untouched');
    assert.is(readFileSync(b, 'latin1'), 'file b', 'b not replaced');

    ring.prepRenameat(2, AT_FDCWD, ca, AT_FDCWD, cb, RENAME_EXCHANGE);
    assert.equal(results(ring, [2]), [0]);
    assert.is(readFileSync(a, 'latin1'), 'file b');
    assert.is(readFileSync(b, 'latin1'), 'file a');
    assert.equal([statSync(a).ino, statSync(b).ino], [inoB, inoA], 'the names swapped inodes');

    // RENAME_EXCHANGE needs both names to exist; with RENAME_NOREPLACE a free name works as a plain rename.
    const free = tempFile();
    const cfree = own(ring.memory.cString(free));
    ring.prepRenameat(3, AT_FDCWD, ca, AT_FDCWD, cfree, RENAME_EXCHANGE);
    assert.equal(results(ring, [3]), [E.ENOENT]);
    ring.prepRenameat(4, AT_FDCWD, ca, AT_FDCWD, cfree, RENAME_NOREPLACE);
    assert.equal(results(ring, [4]), [0]);
    assert.not.ok(existsSync(a));
    assert.is(statSync(free).ino, inoB);
  }));

opTest(test, 'UNLINKAT removes a file; AT_REMOVEDIR removes an empty directory; wrong kinds and missing names are refused', [IORING_OP_UNLINKAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const parent = tempSubdir();
    writeFileSync(join(parent, 'file'), 'x');
    mkdirSync(join(parent, 'empty'));
    mkdirSync(join(parent, 'full'));
    writeFileSync(join(parent, 'full', 'inside'), 'y');
    const parentFd = own.fd(openSync(parent, 'r'));
    const name = (s) => own(ring.memory.cString(s));

    ring.prepUnlinkat(1, parentFd, name('file'));
    ring.prepUnlinkat(2, parentFd, name('empty'), AT_REMOVEDIR);
    assert.equal(results(ring, [1, 2]), [0, 0]);
    assert.not.ok(existsSync(join(parent, 'file')), 'the file is gone');
    assert.not.ok(existsSync(join(parent, 'empty')), 'the directory is gone');

    mkdirSync(join(parent, 'dir'));
    writeFileSync(join(parent, 'file2'), 'z');
    ring.prepUnlinkat(3, parentFd, name('dir')); // a directory without AT_REMOVEDIR
    ring.prepUnlinkat(4, parentFd, name('file2'), AT_REMOVEDIR); // a file with it
    ring.prepUnlinkat(5, parentFd, name('full'), AT_REMOVEDIR);
    ring.prepUnlinkat(6, parentFd, name('missing'));
    ring.prepUnlinkat(7, AT_FDCWD, name(join(parent, 'missing-dir')), AT_REMOVEDIR);
    assert.equal(results(ring, [3, 4, 5, 6, 7]), [E.EISDIR, E.ENOTDIR, E.ENOTEMPTY, E.ENOENT, E.ENOENT]);
    assert.ok(statSync(join(parent, 'dir')).isDirectory(), 'dir still there');
    assert.is(readFileSync(join(parent, 'file2'), 'latin1'), 'z', 'file2 still there');
    assert.is(readFileSync(join(parent, 'full', 'inside'), 'latin1'), 'y', 'full still there');
  }));

opTest(test, 'MKDIRAT makes a directory with the mode asked (less the umask); an existing name is -EEXIST', [IORING_OP_MKDIRAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const parent = tempSubdir();
    const parentFd = own.fd(openSync(parent, 'r'));
    ring.prepMkdirat(1, parentFd, own(ring.memory.cString('made')), 0o750);
    ring.prepMkdirat(2, AT_FDCWD, own(ring.memory.cString(join(parent, 'other'))), 0o705);
    assert.equal(results(ring, [1, 2]), [0, 0]);
    const umask = process.umask();
    const made = statSync(join(parent, 'made'));
    assert.ok(made.isDirectory(), 'a directory');
    assert.is(made.mode & 0o7777, 0o750 & ~umask);
    assert.is(statSync(join(parent, 'other')).mode & 0o7777, 0o705 & ~umask);
    // It is usable as a directory: a file can be made in it.
    writeFileSync(join(parent, 'made', 'child'), 'ok');

    ring.prepMkdirat(3, parentFd, own(ring.memory.cString('made')), 0o700);
    ring.prepMkdirat(4, parentFd, own(ring.memory.cString('no/such/parent')), 0o700);
    assert.equal(results(ring, [3, 4]), [E.EEXIST, E.ENOENT]);
    assert.is(readFileSync(join(parent, 'made', 'child'), 'latin1'), 'ok', 'the existing directory was left alone');
  }));

opTest(test, 'SYMLINKAT makes a symlink that readlink(2) reads back, and that opens its target', [IORING_OP_SYMLINKAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const parent = tempSubdir();
    writeFileSync(join(parent, 'target'), 'through the link');
    const parentFd = own.fd(openSync(parent, 'r'));
    ring.prepSymlinkat(1, own(ring.memory.cString('target')), parentFd, own(ring.memory.cString('link')));
    // A dangling target is stored as it is.
    ring.prepSymlinkat(2, own(ring.memory.cString('../nowhere/at all')), AT_FDCWD,
      own(ring.memory.cString(join(parent, 'dangling'))));
    assert.equal(results(ring, [1, 2]), [0, 0]);
    assert.ok(lstatSync(join(parent, 'link')).isSymbolicLink());
    assert.is(readlinkSync(join(parent, 'link')), 'target');
    assert.is(readFileSync(join(parent, 'link'), 'latin1'), 'through the link');
    assert.is(readlinkSync(join(parent, 'dangling')), '../nowhere/at all');
    assert.not.ok(existsSync(join(parent, 'dangling')), 'it dangles');

    ring.prepSymlinkat(3, own(ring.memory.cString('elsewhere')), parentFd, own(ring.memory.cString('link')));
    assert.equal(results(ring, [3]), [E.EEXIST]);
    assert.is(readlinkSync(join(parent, 'link')), 'target', 'the existing link was left alone');
  }));

opTest(test, 'LINKAT makes a hard link: the same inode, nlink 2, writes through one name seen through the other', [IORING_OP_LINKAT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const parent = tempSubdir();
    const original = join(parent, 'original');
    writeFileSync(original, 'before');
    const parentFd = own.fd(openSync(parent, 'r'));
    ring.prepLinkat(1, parentFd, own(ring.memory.cString('original')), AT_FDCWD,
      own(ring.memory.cString(join(parent, 'hard'))));
    assert.equal(results(ring, [1]), [0]);
    const [a, b] = [statSync(original), statSync(join(parent, 'hard'))];
    assert.is(b.ino, a.ino, 'same inode');
    assert.is(a.nlink, 2);
    assert.is(b.nlink, 2);
    writeFileSync(join(parent, 'hard'), 'after');
    assert.is(readFileSync(original, 'latin1'), 'after');

    // A symlink as the old path: linked itself by default, its target with AT_SYMLINK_FOLLOW.
    symlinkSync('original', join(parent, 'sym'));
    const sym = own(ring.memory.cString('sym'));
    ring.prepLinkat(2, parentFd, sym, parentFd, own(ring.memory.cString('to-sym')));
    ring.prepLinkat(3, parentFd, sym, parentFd, own(ring.memory.cString('to-target')), AT_SYMLINK_FOLLOW);
    ring.prepLinkat(4, parentFd, sym, parentFd, own(ring.memory.cString('hard')));
    assert.equal(results(ring, [2, 3, 4]), [0, 0, E.EEXIST]);
    assert.ok(lstatSync(join(parent, 'to-sym')).isSymbolicLink(), 'without the flag: a link to the symlink');
    assert.is(lstatSync(join(parent, 'to-sym')).ino, lstatSync(join(parent, 'sym')).ino);
    assert.is(lstatSync(join(parent, 'to-target')).ino, a.ino, 'with AT_SYMLINK_FOLLOW: a link to its target');
    assert.is(statSync(original).nlink, 3);
  }));

// ─── FSETXATTR, SETXATTR, FGETXATTR, GETXATTR ─────────────────────────────────────────────────────

// getxattr(2)/setxattr(2) without the ring, to check what the ring did (Node has no xattr API).
const XATTR_TOOL = `
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
/* get PATH NAME → the value in hex, or -errno; set PATH NAME HEX FLAGS → 0 or -errno */
int main(int argc, char **argv) {
  unsigned char buf[4096];
  if (argc == 4 && !strcmp(argv[1], "get")) {
    ssize_t n = getxattr(argv[2], argv[3], buf, sizeof buf);
    if (n < 0) { printf("-%d\\n", errno); return 0; }
    for (ssize_t i = 0; i < n; i++) printf("%02x", buf[i]);
    printf("\\n");
    return 0;
  }
  if (argc == 6 && !strcmp(argv[1], "set")) {
    size_t len = strlen(argv[4]) / 2;
    for (size_t i = 0; i < len && i < sizeof buf; i++) sscanf(argv[4] + 2 * i, "%2hhx", &buf[i]);
    printf("%d\\n", setxattr(argv[2], argv[3], buf, len, atoi(argv[5])) < 0 ? -errno : 0);
    return 0;
  }
  return 2;
}
`;
function xattrTool(...args) {
  return execFileSync(compileC('xattr-tool', XATTR_TOOL), args, { encoding: 'utf8' }).trim();
}
/** getxattr(2): the value as a Buffer, or the negative errno. */
function getxattr(path, name) {
  const out = xattrTool('get', path, name);
  return out.startsWith('-') ? Number(out) : Buffer.from(out, 'hex');
}
/** setxattr(2): 0 or the negative errno. */
function setxattr(path, name, value, flags = 0) {
  return Number(xattrTool('set', path, name, Buffer.from(value).toString('hex'), String(flags)));
}

/**
 * Why user.* xattrs cannot be tested here, or null: asked once by setting one through the ring
 * (tmpfs before 6.6, e.g., answers -EOPNOTSUPP).
 */
function userXattrRefusal() {
  if (!kernelProbe().supports(IORING_OP_FSETXATTR)) return null; // opTest names the missing opcode
  return withRing({ entries: 2 }, (ring, own) => {
    const fd = own.fd(openSync(tempFile(''), 'r+'));
    ring.prepFsetxattr(1, fd, own(ring.memory.cString('user.probe')), ringBytes(ring, own, Buffer.from('1')));
    const [res] = results(ring, [1]);
    return res === E.EOPNOTSUPP ? `the temp dir's file system (${dir}) refuses user.* xattrs with -EOPNOTSUPP` : null;
  });
}
const xattrRefusal = userXattrRefusal();
function xattrTest(name, opcodes, fn) {
  if (xattrRefusal) test.skip(`${name} [skipped: ${xattrRefusal}]`, fn);
  else opTest(test, name, opcodes, fn);
}

xattrTest('FSETXATTR and SETXATTR set user.* attributes that getxattr(2) reads back byte for byte', [IORING_OP_FSETXATTR, IORING_OP_SETXATTR], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('xattrs');
    const fd = own.fd(openSync(path, 'r'));
    const v1 = pattern(100, 40);
    const v2 = Buffer.from('set by path');
    ring.prepFsetxattr(1, fd, own(ring.memory.cString('user.by_fd')), ringBytes(ring, own, v1));
    ring.prepSetxattr(2, own(ring.memory.cString('user.by_path')), ringBytes(ring, own, v2), own(ring.memory.cString(path)), 0);
    assert.equal(results(ring, [1, 2]), [0, 0]);
    assertBytes(getxattr(path, 'user.by_fd'), v1, 'user.by_fd');
    assertBytes(getxattr(path, 'user.by_path'), v2, 'user.by_path');
    assert.is(getxattr(path, 'user.other'), E.ENODATA, 'nothing else was set');
    assert.is(readFileSync(path, 'latin1'), 'xattrs', 'the contents are untouched');
  }));

xattrTest('FGETXATTR and GETXATTR read what setxattr(2) set; res is its length, a 0-byte buffer asks for the size', [IORING_OP_FGETXATTR, IORING_OP_GETXATTR], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('');
    const value = pattern(300, 41);
    assert.is(setxattr(path, 'user.read_back', value), 0);
    const fd = own.fd(openSync(path, 'r'));
    const name = own(ring.memory.cString('user.read_back'));
    const [byFd, byPath] = [own(ring.alloc(512)), own(ring.alloc(512))];
    ring.prepFgetxattr(1, fd, name, byFd);
    ring.prepGetxattr(2, name, byPath, own(ring.memory.cString(path)));
    ring.prepFgetxattr(3, fd, name, own(ring.alloc(0)));
    ring.prepFgetxattr(4, fd, own(ring.memory.cString('user.absent')), own(ring.alloc(16)));
    assert.equal(results(ring, [1, 2, 3, 4]), [300, 300, 300, E.ENODATA]);
    assertBytes(byFd.subarray(0, 300), value, 'FGETXATTR value');
    assertBytes(byPath.subarray(0, 300), value, 'GETXATTR value');
    assert.ok(byFd.subarray(300).every((b) => b === 0), 'nothing written past the value');
  }));

xattrTest('XATTR_CREATE on an existing name is -EEXIST and keeps the value; XATTR_REPLACE replaces, and on a missing name is -ENODATA; too small a buffer is -ERANGE', [IORING_OP_FSETXATTR, IORING_OP_SETXATTR, IORING_OP_FGETXATTR], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('');
    const fd = own.fd(openSync(path, 'r'));
    const cpath = own(ring.memory.cString(path));
    const name = own(ring.memory.cString('user.flags'));
    ring.prepFsetxattr(1, fd, name, ringBytes(ring, own, Buffer.from('first')), XATTR_CREATE);
    assert.equal(results(ring, [1]), [0]);
    ring.prepFsetxattr(2, fd, name, ringBytes(ring, own, Buffer.from('second')), XATTR_CREATE);
    ring.prepSetxattr(3, name, ringBytes(ring, own, Buffer.from('third')), cpath, XATTR_CREATE);
    assert.equal(results(ring, [2, 3]), [E.EEXIST, E.EEXIST]);
    assert.is(getxattr(path, 'user.flags').toString('latin1'), 'first', 'XATTR_CREATE left the value');

    ring.prepSetxattr(4, name, ringBytes(ring, own, Buffer.from('replaced')), cpath, XATTR_REPLACE);
    ring.prepFsetxattr(5, fd, own(ring.memory.cString('user.nope')), ringBytes(ring, own, Buffer.from('x')), XATTR_REPLACE);
    assert.equal(results(ring, [4, 5]), [0, E.ENODATA]);
    assert.is(getxattr(path, 'user.flags').toString('latin1'), 'replaced');
    assert.is(getxattr(path, 'user.nope'), E.ENODATA, 'XATTR_REPLACE made nothing');

    const small = own(ring.alloc(4));
    ring.prepFgetxattr(6, fd, name, small);
    assert.equal(results(ring, [6]), [E.ERANGE]);
  }));

// ─── FTRUNCATE ────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'FTRUNCATE shrinks a file keeping its head, grows it with zeros, takes 64-bit lengths; a read-only fd is -EINVAL', [IORING_OP_FTRUNCATE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const data = pattern(10000, 42);
    const path = tempFile(data);
    const fd = own.fd(openSync(path, 'r+'));
    ring.prepFtruncate(1, fd, 4000);
    assert.equal(results(ring, [1]), [0]);
    assert.is(statSync(path).size, 4000);
    assertBytes(readFileSync(path), data.subarray(0, 4000), 'the head kept');

    ring.prepFtruncate(2, fd, 9000);
    assert.equal(results(ring, [2]), [0]);
    const grown = readFileSync(path);
    assert.is(grown.length, 9000);
    assertBytes(grown.subarray(0, 4000), data.subarray(0, 4000), 'the head still');
    assert.ok(grown.subarray(4000).every((b) => b === 0), 'the old tail is not back: zeros');

    ring.prepFtruncate(3, fd, 2 ** 32 + 3); // sparse
    assert.equal(results(ring, [3]), [0]);
    assert.is(fstatSync(fd).size, 2 ** 32 + 3);

    const ro = own.fd(openSync(path, 'r'));
    ring.prepFtruncate(4, ro, 0);
    assert.equal(results(ring, [4]), [E.EINVAL]);
    assert.is(statSync(path).size, 2 ** 32 + 3, 'unchanged');
  }));

// ─── Direct descriptors: OPENAT/OPENAT2 into slots, CLOSE direct, FIXED_FD_INSTALL ──────────────

opTest(test, 'OPENAT direct into slot 1 makes no fd; a FIXED_FILE READ of the slot returns the file; reopening replaces it; CLOSE direct empties it', [IORING_OP_OPENAT, IORING_OP_READ, IORING_OP_CLOSE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('opened into slot 1');
    ring.registerFiles([-1, -1, -1]);
    const before = openFds();
    ring.prepOpenatDirect(1, AT_FDCWD, own(ring.memory.cString(path)), O_RDONLY, 0, 1);
    assert.equal(results(ring, [1]), [0], 'res 0: the slot given');
    assert.is(openFds(), before, 'no fd in the process table');

    const buf = own(ring.alloc(64));
    prepFixedRead(ring, 2, 1, buf, 0);
    prepFixedRead(ring, 3, 0, own(ring.alloc(64)), 0);
    assert.equal(results(ring, [2, 3]), [18, E.EBADF], 'slot 1 holds the file, slot 0 is still empty');
    assert.is(text(buf, 18), 'opened into slot 1');

    // Opening into an occupied slot replaces its file.
    const other = tempFile('replacement');
    ring.prepOpenatDirect(8, AT_FDCWD, own(ring.memory.cString(other)), O_RDONLY, 0, 1);
    assert.equal(results(ring, [8]), [0]);
    prepFixedRead(ring, 9, 1, buf, 0);
    assert.equal(results(ring, [9]), [11]);
    assert.is(text(buf, 11), 'replacement');

    ring.prepCloseDirect(4, 1);
    assert.equal(results(ring, [4]), [0]);
    prepFixedRead(ring, 5, 1, buf, 0);
    ring.prepCloseDirect(6, 1);
    ring.prepCloseDirect(7, 3); // past the table
    assert.equal(results(ring, [5, 6, 7]), [E.EBADF, E.EBADF, E.EINVAL]);
    ring.unregisterFiles();
  }));

opTest(test, 'OPENAT direct with IORING_FILE_INDEX_ALLOC: res is the free slot the kernel picked; a full table is -ENFILE', [NEEDS.openat_direct, IORING_OP_READ, 'file_index_alloc'], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const taken = own.fd(openSync(tempFile('already in slot 0'), 'r'));
    const path = tempFile('allocated');
    ring.registerFiles([taken, -1]);
    const cpath = own(ring.memory.cString(path));
    ring.prepOpenatDirect(1, AT_FDCWD, cpath, O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
    assert.equal(results(ring, [1]), [1], 'slot 1, the only free one');
    ring.prepOpenatDirect(2, AT_FDCWD, cpath, O_RDONLY, 0, IORING_FILE_INDEX_ALLOC);
    assert.equal(results(ring, [2]), [E.ENFILE]);

    const [b0, b1] = [own(ring.alloc(32)), own(ring.alloc(32))];
    prepFixedRead(ring, 3, 0, b0, 0);
    prepFixedRead(ring, 4, 1, b1, 0);
    assert.equal(results(ring, [3, 4]), [17, 9]);
    assert.is(text(b0, 17), 'already in slot 0', 'slot 0 untouched');
    assert.is(text(b1, 9), 'allocated');
    ring.unregisterFiles();
  }));

opTest(test, 'OPENAT2 direct opens into a given slot and into an allocated one; reads through both return the file', [NEEDS.openat2_direct, IORING_OP_READ, 'file_index_alloc'], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile('via openat2');
    ring.registerFiles([-1, -1, -1, -1]);
    const cpath = own(ring.memory.cString(path));
    const how = own(ring.memory.openHow(O_RDONLY));
    const before = openFds();
    ring.prepOpenat2Direct(1, AT_FDCWD, cpath, how, 2);
    assert.equal(results(ring, [1]), [0]);
    ring.prepOpenat2Direct(2, AT_FDCWD, cpath, how, IORING_FILE_INDEX_ALLOC);
    const [slot] = results(ring, [2]);
    assert.ok(slot >= 0 && slot < 4 && slot !== 2, `allocated a free slot (${slot})`);
    assert.is(openFds(), before, 'no fds made');
    const [b1, b2] = [own(ring.alloc(32)), own(ring.alloc(32))];
    prepFixedRead(ring, 3, 2, b1, 0);
    prepFixedRead(ring, 4, slot, b2, 0);
    assert.equal(results(ring, [3, 4]), [11, 11]);
    assert.is(text(b1, 11), 'via openat2');
    assert.is(text(b2, 11), 'via openat2');
    ring.unregisterFiles();
  }));

opTest(test, 'FIXED_FD_INSTALL gives a direct descriptor a real fd (close-on-exec unless IORING_FIXED_FD_NO_CLOEXEC) that node:fs reads', [IORING_OP_OPENAT, IORING_OP_FIXED_FD_INSTALL, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const contents = pattern(5000, 43);
    const path = tempFile(contents);
    ring.registerFiles([-1, -1]);
    ring.prepOpenatDirect(1, AT_FDCWD, own(ring.memory.cString(path)), O_RDONLY, 0, 0);
    assert.equal(results(ring, [1]), [0]);

    ring.prepFixedFdInstall(2, 0);
    ring.prepFixedFdInstall(3, 0, IORING_FIXED_FD_NO_CLOEXEC);
    ring.prepFixedFdInstall(4, 1); // an empty slot
    const [fd, fd2, empty] = results(ring, [2, 3, 4]);
    assert.ok(fd >= 0 && fd2 >= 0 && fd !== fd2, `two new fds (${fd}, ${fd2})`);
    own.fd(fd);
    own.fd(fd2);
    assert.is(empty, E.EBADF);
    assert.is(fstatSync(fd).ino, statSync(path).ino, 'the fd is that file');
    const back = Buffer.alloc(6000);
    assert.is(readSync(fd, back, 0, 6000, 0), 5000);
    assertBytes(back.subarray(0, 5000), contents, 'read through the installed fd');
    assert.ok(fdFlags(fd) & O_CLOEXEC, 'close-on-exec by default');
    assert.not.ok(fdFlags(fd2) & O_CLOEXEC, 'not with IORING_FIXED_FD_NO_CLOEXEC');

    // The slot keeps its file: installing copies, it does not move.
    const buf = own(ring.alloc(16));
    prepFixedRead(ring, 5, 0, buf, 0);
    assert.equal(results(ring, [5]), [16]);
    assertBytes(buf, contents.subarray(0, 16), 'read through the slot after the install');
    ring.unregisterFiles();
  }));

opTest(test, 'FILES_UPDATE with IORING_FILE_INDEX_ALLOC puts fds in free slots and writes back which', [IORING_OP_FILES_UPDATE, IORING_OP_READ, 'file_index_alloc'], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const taken = own.fd(openSync(tempFile('slot 1'), 'r'));
    ring.registerFiles([-1, taken, -1, -1]);
    const a = own.fd(openSync(tempFile('file a'), 'r'));
    const b = own.fd(openSync(tempFile('file b'), 'r'));
    const cell = own(ring.alloc(8));
    const slots = new Int32Array(cell.buffer, cell.byteOffset, 2);
    slots.set([a, b]);
    ring.prepFilesUpdate(1, slots, IORING_FILE_INDEX_ALLOC);
    assert.equal(results(ring, [1]), [2], 'two fds installed');
    const [sa, sb] = slots;
    assert.ok([0, 2, 3].includes(sa) && [0, 2, 3].includes(sb) && sa !== sb, `two free slots written back (${sa}, ${sb})`);

    // The slots hold the files themselves: closing the fds does not empty them.
    closeSync(a);
    own.closed(a);
    const [ba, bb] = [own(ring.alloc(16)), own(ring.alloc(16))];
    prepFixedRead(ring, 2, sa, ba, 0);
    prepFixedRead(ring, 3, sb, bb, 0);
    assert.equal(results(ring, [2, 3]), [6, 6]);
    assert.is(text(ba, 6), 'file a');
    assert.is(text(bb, 6), 'file b');
    ring.unregisterFiles();
  }));

// ─── PIPE ─────────────────────────────────────────────────────────────────────────────────────────

opTest(test, 'PIPE writes two new fds that pass bytes; its flags (O_NONBLOCK, O_CLOEXEC) reach pipe2(2)', [IORING_OP_PIPE], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const cell = own(ring.alloc(8));
    const pair = new Int32Array(cell.buffer, cell.byteOffset, 2);
    pair.fill(-7);
    ring.prepPipe(1, pair, O_NONBLOCK | O_CLOEXEC);
    assert.equal(results(ring, [1]), [0]);
    const [r, w] = pair;
    assert.ok(r >= 0 && w >= 0 && r !== w, `two fds (${r}, ${w})`);
    own.fds([r, w]);
    const data = pattern(3000, 44);
    assert.is(writeSync(w, data), 3000);
    const back = Buffer.alloc(4000);
    assert.is(readSync(r, back, 0, 4000, null), 3000);
    assertBytes(back.subarray(0, 3000), data, 'bytes through the pipe');
    assert.ok(fstatSync(r).isFIFO() && fstatSync(w).isFIFO(), 'both are pipe ends');
    // The flags as the kernel holds them (an empty read is not tried: without O_NONBLOCK it would hang).
    assert.ok(fdFlags(r) & O_NONBLOCK && fdFlags(w) & O_NONBLOCK, 'O_NONBLOCK on both ends');
    assert.ok(fdFlags(r) & O_CLOEXEC && fdFlags(w) & O_CLOEXEC, 'O_CLOEXEC on both ends');
    assert.is(fdFlags(r) & 3, 0, 'the first is the read end (O_RDONLY)');
    assert.is(fdFlags(w) & 3, 1, 'the second is the write end (O_WRONLY)');
  }));

opTest(test, 'PIPE direct puts both ends in slots (given and allocated), written back to the array; bytes pass through them', [IORING_OP_PIPE, IORING_OP_WRITE, IORING_OP_READ], () =>
  withRing({ entries: 8 }, (ring, own) => {
    ring.registerFiles([-1, -1, -1, -1, -1]);
    const cell = own(ring.alloc(16));
    const given = new Int32Array(cell.buffer, cell.byteOffset, 2);
    const picked = new Int32Array(cell.buffer, cell.byteOffset + 8, 2);
    const before = openFds();
    ring.prepPipeDirect(1, given, 0, 1);
    ring.submit(); // in order: the allocation below must see slots 1 and 2 taken
    ring.prepPipeDirect(2, picked, 0, IORING_FILE_INDEX_ALLOC);
    assert.equal(results(ring, [1, 2]), [0, 0]);
    assert.is(openFds(), before, 'no fds made');
    assert.equal([...given], [1, 2], 'slots 1 and 2');
    assert.ok(picked.every((s) => [0, 3, 4].includes(s)) && picked[0] !== picked[1],
      `two of the free slots 0, 3, 4 allocated (${[...picked]})`);

    for (const [ud, [r, w]] of [[3, given], [5, picked]]) {
      const data = pattern(700, ud);
      const out = own(ring.alloc(1024));
      ring.setSqeFlags(ring.prepWrite(ud, w, ringBytes(ring, own, data), -1), IOSQE_FIXED_FILE);
      assert.equal(results(ring, [ud]), [700]);
      prepFixedRead(ring, ud + 1, r, out, -1);
      assert.equal(results(ring, [ud + 1]), [700]);
      assertBytes(out.subarray(0, 700), data, `bytes through slots ${r}/${w}`);
    }
    ring.unregisterFiles();
  }));

// ─── READ_MULTISHOT ───────────────────────────────────────────────────────────────────────────────

/** Waits until `n` completions of `ud` have arrived; returns them in order. */
function collect(ring, ud, n) {
  const got = [];
  while (got.length < n) got.push(...complete(ring, [ud]).filter((c) => c.userData === ud));
  assert.is(got.length, n, `exactly ${n} completions of ${ud}`);
  return got;
}

opTest(test, 'READ_MULTISHOT on a pipe: one CQE per write, each with F_MORE and F_BUFFER naming the buffer that holds its bytes; it ends with -ENOBUFS', [IORING_OP_PROVIDE_BUFFERS, IORING_OP_READ_MULTISHOT], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const [r, w] = own.fds(fds.pipe());
    const SIZE = 16, COUNT = 4, GROUP = 9, FIRST = 20;
    const pool = own(ring.alloc(SIZE * COUNT));
    ring.prepProvideBuffers(1, pool, SIZE, COUNT, GROUP, FIRST);
    assert.equal(results(ring, [1]), [0]);
    ring.prepReadMultishot(2, r, 0, 0, GROUP); // length 0: each buffer's size
    ring.submit();
    assert.is(ring.cqReady, 0, 'armed, nothing to read yet');

    const used = new Set();
    /** Checks one CQE: more to come, a buffer of the group, holding `bytes`. */
    const check = (cqe, bytes) => {
      assert.is(cqe.res, bytes.length);
      assert.ok(cqe.flags & IORING_CQE_F_MORE, `IORING_CQE_F_MORE in ${cqe.flags}`);
      assert.ok(cqe.flags & IORING_CQE_F_BUFFER, `IORING_CQE_F_BUFFER in ${cqe.flags}`);
      const id = cqe.flags >>> IORING_CQE_BUFFER_SHIFT;
      assert.ok(id >= FIRST && id < FIRST + COUNT && !used.has(id), `a fresh buffer of the group (${id})`);
      used.add(id);
      const at = (id - FIRST) * SIZE;
      assertBytes(pool.subarray(at, at + bytes.length), bytes, `buffer ${id}`);
    };
    for (const message of ['one', 'second write']) {
      writeSync(w, message);
      const [cqe] = collect(ring, 2, 1);
      check(cqe, Buffer.from(message));
    }
    // 20 bytes do not fit one buffer: the read goes on into the next.
    const long = pattern(20, 45);
    writeSync(w, long);
    const [c1, c2] = collect(ring, 2, 2);
    check(c1, long.subarray(0, 16));
    check(c2, long.subarray(16));
    assert.is(used.size, COUNT, 'all four buffers used');

    // No buffer left: the next read ends the request, without F_MORE.
    writeSync(w, 'x');
    const [last] = collect(ring, 2, 1);
    assert.is(last.res, E.ENOBUFS);
    assert.not.ok(last.flags & IORING_CQE_F_MORE, 'the final CQE');
    // Nothing is left armed: another write completes nothing more for it.
    writeSync(w, 'y');
    ring.prepNop(3);
    assert.equal(complete(ring, [3]).map((c) => c.userData), [3]);
    assert.ok(fds.readable(r), 'the last writes were not consumed');
    const leftover = Buffer.alloc(4);
    assert.is(readSync(r, leftover, 0, 4, null), 2);
    assert.is(text(leftover, 2), 'xy');
  }));

// ─── READV_FIXED, WRITEV_FIXED ────────────────────────────────────────────────────────────────────

opTest(test, 'WRITEV_FIXED and READV_FIXED: iovecs inside a registered buffer round-trip through a file; one outside is -EFAULT', [IORING_OP_READV_FIXED, IORING_OP_WRITEV_FIXED], () =>
  withRing({ entries: 8 }, (ring, own) => {
    const path = tempFile();
    const fd = own.fd(openSync(path, 'w+'));
    const [b0, b1] = [own(ring.alloc(8192, 4096)), own(ring.alloc(8192, 4096))];
    const data = pattern(8192, 46);
    b1.set(data);
    ring.registerBuffers([b0, b1]);

    // Three pieces of buffer 1, out of order, written at file offset 10.
    const pieces = [b1.subarray(5000, 5100), b1.subarray(0, 3), b1.subarray(4096, 6000)];
    ring.prepWritevFixed(1, fd, own(ring.memory.iovecs(pieces)), 3, 10, 0, 1);
    assert.equal(results(ring, [1]), [2007]);
    const written = Buffer.concat(pieces.map((p) => Buffer.from(p)));
    const onDisk = readFileSync(path);
    assert.is(onDisk.length, 2017);
    assertBytes(onDisk.subarray(10), written, 'file after WRITEV_FIXED');

    // Read them back into two pieces of buffer 0, the first straddling its page boundary.
    const into = [b0.subarray(4000, 4500), b0.subarray(7000, 8192)];
    ring.prepReadvFixed(2, fd, own(ring.memory.iovecs(into)), 2, 10, 0, 0);
    assert.equal(results(ring, [2]), [1692]);
    assertBytes(Buffer.concat(into.map((p) => Buffer.from(p))), written.subarray(0, 1692), 'READV_FIXED buffers');
    assert.ok(b0.subarray(0, 4000).every((b) => b === 0) && b0.subarray(4500, 7000).every((b) => b === 0),
      'nothing written outside the iovecs');

    // An iovec of buffer 1's memory named as buffer 0: refused.
    ring.prepReadvFixed(3, fd, own(ring.memory.iovecs([b1.subarray(0, 100)])), 1, 0, 0, 0);
    assert.equal(results(ring, [3]), [E.EFAULT]);
    assertBytes(b1, data, 'buffer 1 untouched');
    ring.unregisterBuffers();
  }));

test.run();
