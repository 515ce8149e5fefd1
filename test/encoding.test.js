// ring.wasm's SQE encoders, byte for byte against the installed liburing: for each entry of the
// opcode table (assembly/opcodes.js) and a spread of arguments (zeros, -1, high bits, the largest
// offsets, NULL pointers), the 64 bytes a queue_* export writes must be the 64 bytes io_uring_prep_*
// writes for the same call. The expected bytes come from a C program built against <liburing.h> at
// test time. Nothing is ever submitted.
import { test as uvuTest } from 'uvu';
import { hostOnly, scoped } from './support/placements.js';

const test = scoped(hostOnly, uvuTest);
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from './support/fs.js';
import { Ring } from '../dist/src/index.js';
import { entries, wasmSignature } from '../tools/generate-opcodes.js';
import { compileC } from './support/cc.js';
import { ringOptions } from './support/harness.js';

const LIBURING_H = '/usr/include/liburing.h';
const LIBURING_VERSION = (() => {
  try {
    const v = readFileSync('/usr/include/liburing/io_uring_version.h', 'utf8');
    return `${/IO_URING_VERSION_MAJOR (\d+)/.exec(v)[1]}.${/IO_URING_VERSION_MINOR (\d+)/.exec(v)[1]}`;
  } catch {
    return '2.3'; // before 2.4 liburing had no version header
  }
})();
const SQE_SIZE = 64;

// ─── Argument kinds: what our export takes, how C spells the same value ─────────────────────────

const hex = (n) => `0x${n.toString(16)}`;
const KINDS = {
  // An int (fd, flags, mode, advice, ids): i32 on both sides.
  int: { edges: [0, -1, 1, 0x7fffffff, -0x80000000, 0x10005, -100], typical: (j) => 0x100 + j, c: (v) => `(int)${hex(v >>> 0)}u` },
  // An unsigned 32-bit count, length, mask or flags.
  u32: { edges: [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x10000], typical: (j) => 0x1000 + 0x111 * (j + 1), c: (v) => `${hex(v >>> 0)}u` },
  // A registered-buffer index: u16 in the SQE, int in liburing (truncated on both sides).
  u16: { edges: [0, 1, 0xffff, 0x10005, -1], typical: (j) => 7 + j, c: (v) => `(int)${hex(v >>> 0)}u` },
  // A fixed-file slot. IORING_FILE_INDEX_ALLOC (all ones) is left out: liburing 2.3 predates its
  // special case (2.4 on); a test below checks what we write for it.
  slot: { edges: [0, 1, 0xfffe, 0x7fffffff, 0xfffffffe], typical: (j) => 3 + j, c: (v) => `${hex(v >>> 0)}u` },
  // A 64-bit offset, length or user_data, carried as f64 up to 2^53 - 1; -1 is all ones.
  u64: {
    edges: [0, 1, -1, 0xffffffff, 2 ** 32, 2 ** 53 - 1],
    typical: (j) => (j + 1) * 2 ** 32 + 0x200,
    c: (v) => `${hex(BigInt.asUintN(64, BigInt(v)))}ull`,
  },
  // A linear-memory offset; the encoder writes base + offset, and 0 stays NULL. Never dereferenced,
  // so any offset will do, up to the top of the 4 GiB range.
  ptr: { edges: [0, 8, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff8], typical: (j) => 0x4000 + 0x40 * j, c: (v) => `P(${hex(v >>> 0)}u)` },
};
const USER_DATA = [0, 1, 0xdeadbeef, 2 ** 53 - 1, -1];

// ─── The encoders: every entry of the opcode table (assembly/opcodes.js) ───────────────────────
// queue_<name> takes liburing's arguments in liburing's order (after the ring handle and
// user_data), so each entry is compared with the C function it names, or with the C statements
// (`c`) that compose it from older helpers. A `group` argument is no argument of liburing's: its
// callers set IOSQE_BUFFER_SELECT and buf_group themselves, and so does the C side here.

const header = existsSync(LIBURING_H) ? readFileSync(LIBURING_H, 'utf8') : '';
const hasHelper = (fn) => new RegExp(`\\b${fn}\\s*\\(`).test(header);

const ENCODERS = [];
/** queue_* exports compared here with nothing (the installed liburing lacks their helper): why. */
const NEWER_THAN_LIBURING = {};
for (const entry of entries()) {
  const ours = `queue_${entry.name}`;
  const liburing = entry.liburing === null ? null : entry.liburing ?? `io_uring_prep_${entry.name}`;
  const params = wasmSignature(entry).params.map(({ name, test: kind }, i) => ({ name, kind, group: entry.args[i].kind === 'group' }));
  const helpers = entry.c ? [...entry.c.matchAll(/(io_uring_prep_\w+)\s*\(/g)].map((m) => m[1]) : [liburing];
  if (entry.queue !== 'manual' && helpers.every((fn) => fn && hasHelper(fn))) {
    ENCODERS.push({ ours, liburing: liburing ?? entry.layout, params, c: entry.c });
  } else {
    NEWER_THAN_LIBURING[ours] = liburing ? `${liburing}, newer than liburing ${LIBURING_VERSION}` : entry.layout;
  }
}

/** The C that encodes `args` as the entry does. */
function cCall(encoder, args) {
  const values = new Map(encoder.params.map(({ name, kind }, j) => [name, KINDS[kind].c(args[j])]));
  const group = encoder.params.find((p) => p.group);
  let call = encoder.c
    ? encoder.c.replace(/\b[a-zA-Z]\w*\b/g, (word) => values.get(word) ?? word)
    : `${encoder.liburing}(${['sqe', ...encoder.params.filter((p) => !p.group).map((p) => values.get(p.name))].join(', ')})`;
  if (group) call += `; sqe->flags |= IOSQE_BUFFER_SELECT; sqe->buf_group = ${values.get(group.name)}`;
  return call;
}
const MIXED_CASES = 4;
const MISMATCHES_SHOWN = 6;

/** Argument lists: typical values, each edge value of each parameter alone, then edges everywhere at once. */
function argumentSets(params) {
  const typical = params.map(({ kind }, j) => KINDS[kind].typical(j));
  const sets = [typical];
  params.forEach(({ kind }, j) => {
    for (const edge of KINDS[kind].edges) sets.push(typical.map((v, i) => (i === j ? edge : v)));
  });
  for (let k = 0; k < MIXED_CASES && params.length > 1; k++) {
    sets.push(params.map(({ kind }, j) => { const edges = KINDS[kind].edges; return edges[(k * 3 + j) % edges.length]; }));
  }
  return sets;
}

// ─── Calls through the public Ring API, with views in ring memory ───────────────────────────────
// These check what Ring passes down (view offsets, byteLength as the length, defaults) on top of
// the encoders; the C side names the same values explicitly.

function ringApiCases(ring) {
  const m = ring.memory;
  const buf = ring.alloc(4096);
  const small = ring.alloc(3);
  const iov = m.iovecs([buf, small]);
  const ts = m.timespec(1500);
  const msg = m.msghdr({ iov });
  const sockaddr = ring.alloc(16);
  const socklen = ring.alloc(4);
  const path = m.cString('/tmp/x');
  const how = m.openHow(0, 0, 0);
  const event = m.epollEvent(1, 2);
  const statxbuf = m.statxBuffer();
  const fds = new Int32Array(m.bytes.buffer, ring.alloc(12).byteOffset, 3);
  const { int, u32, u64 } = Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [k, v.c]));
  const ptr = (view) => (view ? KINDS.ptr.c(view.byteOffset) : 'NULL');
  const len = (view) => u32(view.byteLength);
  // [label, call on the Ring, the liburing call]
  return [
    ['prepNop', (ud) => ring.prepNop(ud), 'io_uring_prep_nop(sqe)'],
    ['prepReadv', (ud) => ring.prepReadv(ud, 3, iov, 2, -1), `io_uring_prep_readv(sqe, ${int(3)}, ${ptr(iov)}, ${u32(2)}, ${u64(-1)})`],
    ['prepReadv rwFlags', (ud) => ring.prepReadv(ud, 3, iov, 2, 4096, 0x10), `io_uring_prep_readv2(sqe, ${int(3)}, ${ptr(iov)}, ${u32(2)}, ${u64(4096)}, ${int(0x10)})`],
    ['prepWritev', (ud) => ring.prepWritev(ud, 4, iov, 1, 0), `io_uring_prep_writev(sqe, ${int(4)}, ${ptr(iov)}, ${u32(1)}, ${u64(0)})`],
    ['prepWritev rwFlags', (ud) => ring.prepWritev(ud, 4, iov, 1, 2 ** 40, 0x4), `io_uring_prep_writev2(sqe, ${int(4)}, ${ptr(iov)}, ${u32(1)}, ${u64(2 ** 40)}, ${int(0x4)})`],
    ['prepFsync', (ud) => ring.prepFsync(ud, 5), `io_uring_prep_fsync(sqe, ${int(5)}, ${u32(0)})`],
    ['prepFsync datasync', (ud) => ring.prepFsync(ud, 5, 1), `io_uring_prep_fsync(sqe, ${int(5)}, ${u32(1)})`],
    ['prepReadFixed', (ud) => ring.prepReadFixed(ud, 6, buf, 512, 3), `io_uring_prep_read_fixed(sqe, ${int(6)}, ${ptr(buf)}, ${len(buf)}, ${u64(512)}, ${int(3)})`],
    ['prepWriteFixed', (ud) => ring.prepWriteFixed(ud, 6, small, -1, 0), `io_uring_prep_write_fixed(sqe, ${int(6)}, ${ptr(small)}, ${len(small)}, ${u64(-1)}, ${int(0)})`],
    ['prepPollAdd', (ud) => ring.prepPollAdd(ud, 7, 0x10000001), `io_uring_prep_poll_add(sqe, ${int(7)}, ${u32(0x10000001)})`],
    ['prepPollRemove', (ud) => ring.prepPollRemove(ud, 2 ** 53 - 1), `io_uring_prep_poll_remove(sqe, ${u64(2 ** 53 - 1)})`],
    ['prepSyncFileRange', (ud) => ring.prepSyncFileRange(ud, 8, 4096, 2 ** 33), `io_uring_prep_sync_file_range(sqe, ${int(8)}, ${u32(4096)}, ${u64(2 ** 33)}, ${int(0)})`],
    ['prepSyncFileRange flags', (ud) => ring.prepSyncFileRange(ud, 8, 0, 0, 7), `io_uring_prep_sync_file_range(sqe, ${int(8)}, ${u32(0)}, ${u64(0)}, ${int(7)})`],
    ['prepSendmsg', (ud) => ring.prepSendmsg(ud, 9, msg), `io_uring_prep_sendmsg(sqe, ${int(9)}, ${ptr(msg)}, ${u32(0)})`],
    ['prepRecvmsg', (ud) => ring.prepRecvmsg(ud, 9, msg, 0x40), `io_uring_prep_recvmsg(sqe, ${int(9)}, ${ptr(msg)}, ${u32(0x40)})`],
    ['prepTimeout', (ud) => ring.prepTimeout(ud, ts), `io_uring_prep_timeout(sqe, ${ptr(ts)}, ${u32(0)}, ${u32(0)})`],
    ['prepTimeout count abs', (ud) => ring.prepTimeout(ud, ts, 3, 1), `io_uring_prep_timeout(sqe, ${ptr(ts)}, ${u32(3)}, ${u32(1)})`],
    ['prepTimeoutRemove', (ud) => ring.prepTimeoutRemove(ud, 77), `io_uring_prep_timeout_remove(sqe, ${u64(77)}, ${u32(0)})`],
    ['prepAccept', (ud) => ring.prepAccept(ud, 10, sockaddr, socklen, 0x80800), `io_uring_prep_accept(sqe, ${int(10)}, ${ptr(sockaddr)}, ${ptr(socklen)}, ${int(0x80800)})`],
    ['prepAccept no address', (ud) => ring.prepAccept(ud, 10, null, null), `io_uring_prep_accept(sqe, ${int(10)}, NULL, NULL, ${int(0)})`],
    ['prepCancel', (ud) => ring.prepCancel(ud, 12345), `io_uring_prep_cancel64(sqe, ${u64(12345)}, ${int(0)})`],
    ['prepLinkTimeout', (ud) => ring.prepLinkTimeout(ud, ts), `io_uring_prep_link_timeout(sqe, ${ptr(ts)}, ${u32(0)})`],
    ['prepConnect', (ud) => ring.prepConnect(ud, 11, sockaddr), `io_uring_prep_connect(sqe, ${int(11)}, ${ptr(sockaddr)}, ${len(sockaddr)})`],
    ['prepFallocate', (ud) => ring.prepFallocate(ud, 12, 1, 4096, 2 ** 32), `io_uring_prep_fallocate(sqe, ${int(12)}, ${int(1)}, ${u64(4096)}, ${u64(2 ** 32)})`],
    ['prepOpenat', (ud) => ring.prepOpenat(ud, -100, path, 0o101), `io_uring_prep_openat(sqe, ${int(-100)}, ${ptr(path)}, ${int(0o101)}, ${u32(0)})`],
    ['prepOpenat mode', (ud) => ring.prepOpenat(ud, 13, path, 0o2101, 0o644), `io_uring_prep_openat(sqe, ${int(13)}, ${ptr(path)}, ${int(0o2101)}, ${u32(0o644)})`],
    ['prepClose', (ud) => ring.prepClose(ud, 14), `io_uring_prep_close(sqe, ${int(14)})`],
    ['prepFilesUpdate', (ud) => ring.prepFilesUpdate(ud, fds, 2), `io_uring_prep_files_update(sqe, ${ptr(fds)}, ${u32(fds.length)}, ${int(2)})`],
    ['prepStatx', (ud) => ring.prepStatx(ud, -100, path, 0x100, 0x7ff, statxbuf), `io_uring_prep_statx(sqe, ${int(-100)}, ${ptr(path)}, ${int(0x100)}, ${u32(0x7ff)}, ${ptr(statxbuf)})`],
    ['prepRead', (ud) => ring.prepRead(ud, 15, buf, -1), `io_uring_prep_read(sqe, ${int(15)}, ${ptr(buf)}, ${len(buf)}, ${u64(-1)})`],
    ['prepWrite', (ud) => ring.prepWrite(ud, 15, small, 2 ** 53 - 1), `io_uring_prep_write(sqe, ${int(15)}, ${ptr(small)}, ${len(small)}, ${u64(2 ** 53 - 1)})`],
    ['prepFadvise', (ud) => ring.prepFadvise(ud, 16, 8192, 65536, 4), `io_uring_prep_fadvise(sqe, ${int(16)}, ${u64(8192)}, ${u32(65536)}, ${int(4)})`],
    ['prepMadvise', (ud) => ring.prepMadvise(ud, buf, 3), `io_uring_prep_madvise(sqe, ${ptr(buf)}, ${len(buf)}, ${int(3)})`],
    ['prepSend', (ud) => ring.prepSend(ud, 17, small), `io_uring_prep_send(sqe, ${int(17)}, ${ptr(small)}, ${len(small)}, ${u32(0)})`],
    ['prepSend flags', (ud) => ring.prepSend(ud, 17, buf, 0x4000), `io_uring_prep_send(sqe, ${int(17)}, ${ptr(buf)}, ${len(buf)}, ${u32(0x4000)})`],
    ['prepRecv', (ud) => ring.prepRecv(ud, 17, buf, 0x100), `io_uring_prep_recv(sqe, ${int(17)}, ${ptr(buf)}, ${len(buf)}, ${u32(0x100)})`],
    ['prepOpenat2', (ud) => ring.prepOpenat2(ud, -100, path, how), `io_uring_prep_openat2(sqe, ${int(-100)}, ${ptr(path)}, ${ptr(how)})`],
    ['prepEpollCtl', (ud) => ring.prepEpollCtl(ud, 18, 19, 1, event), `io_uring_prep_epoll_ctl(sqe, ${int(18)}, ${int(19)}, ${int(1)}, ${ptr(event)})`],
    ['prepEpollCtl del', (ud) => ring.prepEpollCtl(ud, 18, 19, 2, null), `io_uring_prep_epoll_ctl(sqe, ${int(18)}, ${int(19)}, ${int(2)}, NULL)`],
    ['prepSplice', (ud) => ring.prepSplice(ud, 20, -1, 21, 1024, 65536), `io_uring_prep_splice(sqe, ${int(20)}, ${u64(-1)}, ${int(21)}, ${u64(1024)}, ${u32(65536)}, ${u32(0)})`],
    ['prepSplice fixed', (ud) => ring.prepSplice(ud, 0, 4096, 21, -1, 1, 0x80000000), `io_uring_prep_splice(sqe, ${int(0)}, ${u64(4096)}, ${int(21)}, ${u64(-1)}, ${u32(1)}, ${u32(0x80000000)})`],
    ['prepProvideBuffers', (ud) => ring.prepProvideBuffers(ud, buf, 1024, 4, 1, 0), `io_uring_prep_provide_buffers(sqe, ${ptr(buf)}, ${int(1024)}, ${int(4)}, ${int(1)}, ${int(0)})`],
    ['prepRemoveBuffers', (ud) => ring.prepRemoveBuffers(ud, 4, 1), `io_uring_prep_remove_buffers(sqe, ${int(4)}, ${int(1)})`],
    ['prepTee', (ud) => ring.prepTee(ud, 22, 23, 4096), `io_uring_prep_tee(sqe, ${int(22)}, ${int(23)}, ${u32(4096)}, ${u32(0)})`],
    ['prepTee flags', (ud) => ring.prepTee(ud, 22, 23, 0xffffffff, 0x80000000), `io_uring_prep_tee(sqe, ${int(22)}, ${int(23)}, ${u32(0xffffffff)}, ${u32(0x80000000)})`],
  ];
}

// ─── Field names for the report ─────────────────────────────────────────────────────────────────

/** [start, end, "name|alias…"] for each SQE field, from ring.wasm's own layout exports. */
function sqeFields(wasm) {
  const byOffset = new Map();
  for (const [name, value] of Object.entries(wasm)) {
    const m = /^offsetof_io_uring_sqe__(.+)$/.exec(name);
    if (m) byOffset.set(value.value, [...(byOffset.get(value.value) ?? []), m[1]]);
  }
  // Not exported by ring.wasm (padding there); liburing 2.3's header names them.
  byOffset.set(48, ['addr3 (__pad2)']);
  byOffset.set(56, ['__pad2[0]']);
  const starts = [...byOffset.keys()].sort((a, b) => a - b);
  // The op-flags union has a dozen names: two are enough to recognise it.
  const label = (names) => (names.length > 2 ? `${names.slice(0, 2).join('|')}|…` : names.join('|'));
  return starts.map((start, i) => [start, starts[i + 1] ?? SQE_SIZE, label(byOffset.get(start))]);
}

/** Which fields differ between two hex dumps, with both values (little-endian). */
function describeDifference(fields, ours, theirs) {
  const value = (dump, start, end) => `0x${(dump.slice(start * 2, end * 2).match(/../g) ?? []).reverse().join('')}`;
  return fields
    .filter(([start, end]) => ours.slice(start * 2, end * 2) !== theirs.slice(start * 2, end * 2))
    .map(([start, end, name]) => `${name} [${start}..${end - 1}]: ours ${value(ours, start, end)}, liburing ${value(theirs, start, end)}`)
    .join('; ');
}

// ─── The run: our bytes, then liburing's for the same calls ─────────────────────────────────────

const C_PRELUDE = `#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct io_uring_sqe) == ${SQE_SIZE}, "liburing's SQE is 64 bytes");

/* A linear-memory offset as the process address our encoder writes; 0 stays NULL. */
static unsigned long long base;
#define P(off) ((off) ? (void *)(uintptr_t)(base + (off)) : NULL)

static void dump(const struct io_uring_sqe *sqe) {
  const unsigned char *b = (const unsigned char *)sqe;
  for (size_t i = 0; i < sizeof *sqe; i++) printf("%02x", b[i]);
  putchar('\\n');
}

int main(int argc, char **argv) {
  (void)argc;
  base = strtoull(argv[1], NULL, 0); /* an argument, so the binary is cached across runs */
  struct io_uring_sqe sqe_storage, *sqe = &sqe_storage;
`;

function runLiburing(cases, base) {
  const lines = [C_PRELUDE];
  for (const { call, userData } of cases) {
    lines.push(`  memset(sqe, 0, sizeof *sqe); ${call}; io_uring_sqe_set_data64(sqe, ${KINDS.u64.c(userData)}); dump(sqe);`);
  }
  lines.push('  return 0;', '}', '');
  // Not named "encoding": uvu's file pattern also sees test/.build, and must not pick the C up.
  const binary = compileC('liburing-sqes', lines.join('\n'));
  return execFileSync(binary, [String(base)], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim().split('\n');
}

/** A number for a report: small ones in decimal, large ones in hex. */
const show = (v) => (Math.abs(v) <= 0xffff ? String(v) : `${v < 0 ? '-' : ''}${hex(Math.abs(v))}`);

function encodeAll() {
  const ring = new Ring(ringOptions({ entries: 256 }));
  const { wasm } = ring.memory;
  const sqeHex = (offset) => Buffer.from(ring.memory.bytes.subarray(offset, offset + SQE_SIZE)).toString('hex');
  const cases = [];
  let caseNumber = 0;
  const userData = (choices = USER_DATA) => choices[caseNumber++ % choices.length];

  // The raw exports take any number, so they go through a second ring in the same memory
  // (its handle is ours to pass), replaced whenever its SQ fills up.
  let handle = 0;
  const freshHandle = () => {
    if (handle) wasm.ring_destroy(handle);
    handle = wasm.ring_create(256, 0, 0, 0, 0, 0) >>> 0;
    if (!handle || wasm.ring_fd(handle) < 0) throw new Error('could not create a ring for the raw encoder calls');
  };
  try {
    freshHandle();
    for (const encoder of ENCODERS) {
      for (const args of argumentSets(encoder.params)) {
        if (wasm.ring_sq_space_left(handle) === 0) freshHandle();
        const ud = userData();
        const sqe = wasm[encoder.ours](handle, ud, ...args) >>> 0;
        cases.push({
          group: encoder.liburing,
          label: `${encoder.ours}(${encoder.params.map(({ name }, j) => `${name}=${show(args[j])}`).join(', ')}) user_data=${show(ud)}`,
          call: cCall(encoder, args),
          userData: ud,
          ours: sqe ? sqeHex(sqe) : null,
        });
      }
    }
    for (const [label, prep, call] of ringApiCases(ring)) {
      const ud = userData(USER_DATA.filter((v) => v >= 0)); // Ring takes userData below 2^53
      const sqe = prep(ud) >>> 0;
      cases.push({ group: 'Ring.prep*', label: `ring.${label} user_data=${show(ud)}`, call, userData: ud, ours: sqeHex(sqe) });
    }
    const queueExports = Object.keys(wasm).filter((name) => name.startsWith('queue_'));
    return { cases, base: ring.memory.base, fields: sqeFields(wasm), queueExports };
  } finally {
    if (handle) wasm.ring_destroy(handle);
    ring.close(); // never submitted: the SQEs go with the rings
  }
}

// ─── Tests ───────────────────────────────────────────────────────────────────────────────────────

if (!existsSync(LIBURING_H)) {
  test.skip(`SQE encoding matches liburing [skipped: ${LIBURING_H} is missing (apt-get install liburing-dev; .ci/run does)]`, () => {});
} else {
  const { cases, base, fields, queueExports } = encodeAll();
  const expected = runLiburing(cases, base);

  test(`liburing encoded every case, and every encoder liburing ${LIBURING_VERSION} has is covered`, () => {
    assert.is(expected.length, cases.length, 'one line of 64 bytes per case from the C program');
    assert.ok(expected.every((line) => line.length === SQE_SIZE * 2));
    assert.ok(cases.every((c) => c.ours !== null), 'no queue_* call found the SQ full');
    const covered = new Set(ENCODERS.map((encoder) => encoder.ours));
    assert.equal(queueExports.filter((name) => !covered.has(name) && !(name in NEWER_THAN_LIBURING)), [],
      'queue_* exports without cases here');
    assert.equal(Object.keys(NEWER_THAN_LIBURING).filter((name) => !queueExports.includes(name)), [], 'stale names');
    // Opcode byte of the SQEs seen: 0..48 (Linux 6.1), but URING_CMD (46), which 2.3 has no helper for.
    const opcodes = new Set(cases.map((c) => parseInt(c.ours.slice(0, 2), 16)));
    assert.equal([...opcodes].sort((a, b) => a - b), [...Array(49).keys()].filter((op) => op !== 46));
    console.log(`encoding: ${cases.length} cases (${ENCODERS.length} encoders, ${cases.filter((c) => c.group === 'Ring.prep*').length} through Ring.prep*) byte-identical checks against liburing ${LIBURING_VERSION}; ` +
      `${Object.keys(NEWER_THAN_LIBURING).length} newer encoders are proven by running them (test/ops-*.test.js)`);
  });

  const groups = new Map();
  cases.forEach((c, i) => {
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group).push(i);
  });
  for (const [group, indices] of groups) {
    test(`${group}: same 64 bytes as liburing (${indices.length} cases)`, () => {
      const differing = indices.filter((i) => cases[i].ours !== expected[i]);
      const shown = differing.slice(0, MISMATCHES_SHOWN).map((i) => `${cases[i].label}\n    ${cases[i].ours === null
        ? 'no SQE: the queue_* export returned 0'
        : describeDifference(fields, cases[i].ours, expected[i])}\n    C: ${cases[i].call}`);
      if (differing.length > shown.length) shown.push(`… and ${differing.length - shown.length} more`);
      assert.ok(differing.length === 0, `${differing.length} of ${indices.length} differ:\n  ${shown.join('\n  ')}`);
    });
  }
}

test.run();
