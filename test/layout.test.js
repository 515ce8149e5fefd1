// Every struct layout and kernel constant ring.wasm exports, compared by name with what gcc says
// the C headers define: sizeof_X → sizeof(struct X), offsetof_X__F → offsetof(struct X, F),
// NAME → NAME. The C program is generated from the exports, so a new export is checked without
// touching this file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from './support/fs.js';
import { Ring, RingMemory } from '../dist/src/index.js';
import { compileErrors, runC } from './support/cc.js';

// Names this machine's headers may be too old for (Debian 12 ships the Linux 6.1 uapi headers).
// A constant qualifies when assembly/abi/constants.ts marks it with a Linux version newer than
// the headers (see versionsInSource); struct fields are listed here. Such names are proven
// against the running kernel instead: by the last test here (user memory), and by the tests that
// run each opcode. Anything else a header lacks fails the test, so a misspelt name cannot slip
// through as "newer" unless it also claims a version the headers predate.
const NEWER_FIELDS = {
  offsetof_io_sqring_offsets__user_addr: 'Linux 6.5, was resv2',
  offsetof_io_cqring_offsets__user_addr: 'Linux 6.5, was resv2',
  offsetof_io_uring_sqe__level: 'Linux 6.7, in addr',
  offsetof_io_uring_sqe__optname: 'Linux 6.7, in addr',
  offsetof_io_uring_sqe__optlen: 'Linux 6.7, was file_index',
  offsetof_io_uring_sqe__optval: 'Linux 6.7, was addr3',
  offsetof_io_uring_sqe__waitid_flags: 'Linux 6.7, in the op-flags union',
  offsetof_io_uring_sqe__futex_flags: 'Linux 6.7, in the op-flags union',
  offsetof_io_uring_sqe__install_fd_flags: 'Linux 6.8, in the op-flags union',
  offsetof_io_uring_sqe__nop_flags: 'Linux 6.9, in the op-flags union',
  offsetof_io_uring_sqe__zcrx_ifq_idx: 'Linux 6.15, was file_index',
  offsetof_io_uring_sqe__pipe_flags: 'Linux 6.16, in the op-flags union',
  offsetof_io_uring_sqe__write_stream: 'Linux 6.16, was file_index',
  offsetof_io_uring_sqe__attr_ptr: 'Linux 6.16, was addr3',
  offsetof_io_uring_sqe__attr_type_mask: 'Linux 6.16, was __pad2',
  offsetof_io_uring_buf_reg__flags: 'Linux 6.4, was pad',
  offsetof_io_uring_getevents_arg__min_wait_usec: 'Linux 6.12, was pad',
  offsetof_io_uring_sync_cancel_reg__opcode: 'Linux 6.6, was pad',
};
// Whole structs newer than the headers: every sizeof_/offsetof_ export of theirs.
const NEWER_STRUCTS = {
  io_uring_buf_status: 'Linux 6.8',
  io_uring_napi: 'Linux 6.9',
  io_uring_clock_register: 'Linux 6.12',
  io_uring_clone_buffers: 'Linux 6.12',
  io_uring_region_desc: 'Linux 6.13',
  io_uring_mem_region_reg: 'Linux 6.13',
  io_uring_reg_wait: 'Linux 6.13',
  io_uring_query_hdr: 'Linux 6.18',
  io_uring_query_opcode: 'Linux 6.18',
};
// How an older header spells the same thing, compared when the new spelling is missing.
const OLDER_SPELLING = {
  offsetof_io_uring_sqe__optlen: 'offsetof(struct io_uring_sqe, file_index)',
  offsetof_io_uring_sqe__optval: 'offsetof(struct io_uring_sqe, addr3)',
  offsetof_io_uring_sqe__waitid_flags: 'offsetof(struct io_uring_sqe, rw_flags)',
  offsetof_io_uring_sqe__futex_flags: 'offsetof(struct io_uring_sqe, rw_flags)',
  offsetof_io_uring_sqe__install_fd_flags: 'offsetof(struct io_uring_sqe, rw_flags)',
  offsetof_io_uring_sqe__nop_flags: 'offsetof(struct io_uring_sqe, rw_flags)',
  offsetof_io_uring_sqe__pipe_flags: 'offsetof(struct io_uring_sqe, rw_flags)',
  offsetof_io_uring_sqe__zcrx_ifq_idx: 'offsetof(struct io_uring_sqe, file_index)',
  offsetof_io_uring_sqe__write_stream: 'offsetof(struct io_uring_sqe, file_index)',
  offsetof_io_uring_sqe__attr_ptr: 'offsetof(struct io_uring_sqe, addr3)',
  offsetof_io_uring_sqe__attr_type_mask: 'offsetof(struct io_uring_sqe, __pad2)',
  offsetof_io_sqring_offsets__user_addr: 'offsetof(struct io_sqring_offsets, resv2)',
  offsetof_io_cqring_offsets__user_addr: 'offsetof(struct io_cqring_offsets, resv2)',
  offsetof_io_uring_buf_reg__flags: 'offsetof(struct io_uring_buf_reg, pad)',
  offsetof_io_uring_getevents_arg__min_wait_usec: 'offsetof(struct io_uring_getevents_arg, pad)',
  offsetof_io_uring_sync_cancel_reg__opcode: 'offsetof(struct io_uring_sync_cancel_reg, pad)',
};

// _GNU_SOURCE first: POLLRDHUP, SYNC_FILE_RANGE_*, struct statx, AT_* and RENAME_* need it.
// <linux/fs.h> gives RWF_*; it clashes only with <sys/mount.h>, and <sys/epoll.h> only with
// <linux/eventpoll.h>, neither of which is included.
const PRELUDE = `#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/io_uring.h>
#if __has_include(<linux/io_uring/query.h>)
#include <linux/io_uring/query.h>
#endif
#include <linux/openat2.h>
#include <linux/time_types.h>

int main(void) {
`;

// ─── What ring.wasm exports ──────────────────────────────────────────────────────────────────────

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../dist/src/wasm/ring.wasm', import.meta.url)));
const instance = RingMemory.default.wasm;
const globalNames = WebAssembly.Module.exports(wasmModule).filter((e) => e.kind === 'global').map((e) => e.name);

/** One export and the C expression it must equal. */
function describe(name) {
  let m = /^sizeof_(.+)$/.exec(name);
  if (m) return { name, group: `struct ${m[1]}`, expr: `sizeof(struct ${m[1]})` };
  // The struct name may start with underscores (__kernel_timespec); the first "__" after it splits.
  m = /^offsetof_(_*[^_].*?)__(.+)$/.exec(name);
  if (m) return { name, group: `struct ${m[1]}`, expr: `offsetof(struct ${m[1]}, ${m[2]})` };
  // wasm-uring's own completion record (assembly/abi/cqe.ts): every reap test reads through it.
  if (name.startsWith('record_')) return null;
  // The bridge ABI's version, checked by the host (src/abi.ts, test/conformance.test.js).
  if (name === 'uring_abi_version') return null;
  if (name === name.toUpperCase()) {
    if (name.startsWith('PLACEMENT_') || name.startsWith('QUIESCE_')) return null; // wasm-uring's own, not the kernel's
    return { name, group: constantGroup(name), expr: name };
  }
  return { name, group: null };
}

const CONSTANT_GROUPS = [
  ['IORING_OP_*', /^IORING_OP_/],
  ['IOSQE_*', /^IOSQE_/],
  ['IORING_SETUP_*', /^IORING_SETUP_/],
  ['IORING_FEAT_*', /^IORING_FEAT_/],
  ['IORING_REGISTER_*/IORING_UNREGISTER_*', /^IORING_(UN)?REGISTER_/],
  ['other IORING_*/IO_URING_* (mmap offsets, ring flags, enter and op flags)', /^IO_?URING_|^IORING_/],
  ['RWF_* (<linux/fs.h>)', /^RWF_/],
  ['POLL*/EPOLL* (<poll.h>, <sys/epoll.h>)', /^E?POLL/],
  ['MSG_*/SOCK_* (<sys/socket.h>)', /^(MSG|SOCK)_/],
  ['AT_*/STATX_* (<fcntl.h>, <sys/stat.h>)', /^(AT|STATX)_/],
  ['SYNC_FILE_RANGE_*/SPLICE_F_*', /^(SYNC_FILE_RANGE|SPLICE_F)_/],
];
function constantGroup(name) {
  return CONSTANT_GROUPS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other constants';
}

const items = globalNames.map(describe).filter(Boolean);

/**
 * The Linux version assembly/abi/constants.ts gives each constant: "(X.Y)" ending its doc
 * comment, or "Linux X.Y" opening a comment that heads its group (a group ends at a blank line
 * or a section rule).
 */
function versionsInSource() {
  const source = readFileSync(new URL('../assembly/abi/constants.ts', import.meta.url), 'utf8');
  const versions = new Map();
  let group = null;
  let doc = '';
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('// ───')) {
      group = null;
      doc = '';
      continue;
    }
    const heading = /^(?:\/\/|\/\*\*) Linux (\d+\.\d+)/.exec(trimmed);
    if (heading) group = heading[1];
    const declaration = /^export const (\w+)/.exec(trimmed);
    if (declaration) {
      const own = /\((\d+\.\d+)\)\.?\s*\*\/\s*$/.exec(doc);
      const version = own?.[1] ?? group;
      if (version) versions.set(declaration[1], version);
      doc = '';
    } else if (trimmed.startsWith('/**') || trimmed.startsWith('*') || doc) {
      doc = trimmed.startsWith('/**') ? trimmed : `${doc} ${trimmed}`;
    }
  }
  return versions;
}

/** The uapi headers' Linux version, as "X.Y". */
function headerVersion() {
  const code = Number(/LINUX_VERSION_CODE (\d+)/.exec(readFileSync('/usr/include/linux/version.h', 'utf8'))[1]);
  return `${code >> 16}.${(code >> 8) & 0xff}`;
}

const versionNumber = (version) => version.split('.').reduce((major, minor) => Number(major) * 1000 + Number(minor));
const HEADERS = headerVersion();
const sourceVersions = versionsInSource();
/** Why a name may be missing from the headers, or undefined when it may not. */
function newerThanHeader(name) {
  if (name in NEWER_FIELDS) return NEWER_FIELDS[name];
  const struct = /^(?:sizeof|offsetof)_(.+?)(?:__.+)?$/.exec(name)?.[1];
  if (struct in NEWER_STRUCTS) return NEWER_STRUCTS[struct];
  const version = sourceVersions.get(name);
  return version && versionNumber(version) > versionNumber(HEADERS) ? `Linux ${version}` : undefined;
}
const wasmValue = (name) => instance[name].value;

// ─── What the C headers say ──────────────────────────────────────────────────────────────────────

/** The program printing "<key> <value>" for each entry, one source line per entry. */
function program(entries) {
  const lines = PRELUDE.split('\n');
  const keyOfLine = new Map();
  for (const { key, expr } of entries) {
    lines.push(`  printf("%s %lld\\n", "${key}", (long long)(${expr}));`);
    keyOfLine.set(lines.length, key);
  }
  lines.push('  return 0;', '}', '');
  return { source: lines.join('\n'), keyOfLine };
}

/**
 * Compiles the entries, dropping each line gcc rejects (a name or field the header lacks) until
 * the rest compiles; returns their values and the keys dropped.
 */
function evaluateInC(entries) {
  let kept = entries;
  const dropped = [];
  for (;;) {
    const { source, keyOfLine } = program(kept);
    // Not named "layout": uvu's file pattern also sees test/.build, and must not pick the C up.
    const errors = compileErrors('header-values', source);
    if (!errors) {
      const values = new Map(runC('header-values', source).trim().split('\n').map((line) => {
        const [key, value] = line.split(' ');
        return [key, BigInt(value)];
      }));
      return { values, dropped };
    }
    const bad = new Set([...errors.matchAll(/\.c:(\d+):\d+: (?:fatal )?error:/g)].map((m) => keyOfLine.get(Number(m[1]))));
    if (bad.size === 0 || bad.has(undefined)) throw new Error(`the generated layout program does not compile:\n${errors}`);
    dropped.push(...bad);
    kept = kept.filter((entry) => !bad.has(entry.key));
  }
}

const compared = items.filter((item) => item.group);
const entries = [
  ...compared.map(({ name, expr }) => ({ key: name, expr })),
  ...Object.entries(OLDER_SPELLING).map(([name, expr]) => ({ key: `${name}@older`, expr })),
];
const { values: cValues, dropped } = evaluateInC(entries);

/** The C value for an export: its own spelling, else the older one; undefined when neither compiled. */
function cValueOf(name) {
  return cValues.get(name) ?? cValues.get(`${name}@older`);
}

const missingInHeader = compared.filter(({ name }) => !cValues.has(name)).map(({ name }) => name);
const comparedCount = compared.filter(({ name }) => cValueOf(name) !== undefined).length;
{
  // One short line: how many of the names the headers lack come from each newer Linux (the
  // test below fails naming any that is not marked newer).
  const byVersion = new Map();
  for (const name of missingInHeader) {
    const version = /^Linux ([\d.]+)/.exec(newerThanHeader(name) ?? '')?.[1] ?? 'NOT MARKED NEWER';
    byVersion.set(version, (byVersion.get(version) ?? 0) + 1);
  }
  const newer = [...byVersion].sort(([a], [b]) => versionNumber(a) - versionNumber(b))
    .map(([version, n]) => `${version}: ${n}`).join(', ');
  console.log(`layout: ${comparedCount} of ${compared.length} exports compared with the C headers (Linux ${HEADERS})` +
    (missingInHeader.length ? `; ${missingInHeader.length} newer than them, proven by running instead (Linux ${newer})` : ''));
}

/** Wasm globals are i32 (JS sees them signed) or i64 (BigInt): equal to C's value as that type. */
function sameValue(ours, theirs) {
  if (typeof ours === 'bigint') return ours === theirs;
  return BigInt(ours) === theirs || BigInt(ours >>> 0) === theirs;
}

// ─── Tests ───────────────────────────────────────────────────────────────────────────────────────

test('every exported global is a layout export, a constant or a placement', () => {
  const unclassified = items.filter((item) => !item.group).map((item) => item.name);
  assert.equal(unclassified, [], `exports this test does not know how to check: ${unclassified.join(', ')}`);
});

test(`names missing from the headers (Linux ${HEADERS}) are all marked newer, and enough were compared`, () => {
  const unexplained = missingInHeader.filter((name) => !newerThanHeader(name));
  assert.equal(unexplained, [], `not in the C headers (misspelt?): ${unexplained.join(', ')}`);
  assert.ok(comparedCount > 150, `only ${comparedCount} of ${compared.length} items compared`);
  // The older spellings are fallbacks, allowed to be missing (a newer header renamed them).
  const strays = dropped.filter((key) => !key.endsWith('@older') && !missingInHeader.includes(key));
  assert.equal(strays, [], `lines dropped for no reason: ${strays.join(', ')}`);
});

const groups = new Map();
for (const item of compared) {
  if (!groups.has(item.group)) groups.set(item.group, []);
  groups.get(item.group).push(item);
}
for (const [group, members] of groups) {
  test(`${group} matches the C headers (${members.length} items)`, () => {
    const mismatches = [];
    for (const { name, expr } of members) {
      const theirs = cValueOf(name);
      if (theirs === undefined) continue; // allow-listed above, proven by running below
      const ours = wasmValue(name);
      if (!sameValue(ours, theirs)) mismatches.push(`${name}: ring.wasm has ${ours}, C ${expr} is ${theirs}`);
    }
    assert.equal(mismatches, [], mismatches.join('\n'));
  });
}

test('the fixed facts of the ABI: struct sizes, mmap offsets, opcodes 0..64', () => {
  const facts = {
    sizeof_io_uring_sqe: 64,
    sizeof_io_uring_cqe: 16,
    sizeof_io_uring_params: 120,
    sizeof_io_sqring_offsets: 40,
    sizeof_io_cqring_offsets: 40,
    IORING_OFF_SQ_RING: 0,
    IORING_OFF_CQ_RING: 0x8000000,
    IORING_OFF_SQES: 0x10000000,
  };
  for (const [name, value] of Object.entries(facts)) assert.is(wasmValue(name), value, name);
  const opcodes = globalNames.filter((name) => name.startsWith('IORING_OP_')).map((name) => [wasmValue(name), name]);
  opcodes.sort((a, b) => a[0] - b[0]);
  assert.equal(opcodes.map(([value]) => value), [...Array(65).keys()], 'opcodes are 0..64, each once');
  assert.is(opcodes[0][1], 'IORING_OP_NOP');
  assert.is(opcodes[33][1], 'IORING_OP_TEE');
  assert.is(opcodes[62][1], 'IORING_OP_PIPE');
  assert.is(opcodes[64][1], 'IORING_OP_URING_CMD128');
});

test('names newer than the headers work on the running kernel (a user-memory ring)', () => {
  if (!missingInHeader.length) return;
  let ring;
  try {
    ring = new Ring({ entries: 4, placement: 'user-memory' });
  } catch (error) {
    // Linux < 6.5: nothing to prove them with; setup.test.js checks the refusal is explained.
    console.log(`layout: ${missingInHeader.join(', ')} not proven: ${error.message}`);
    return;
  }
  try {
    assert.ok(ring.flags & wasmValue('IORING_SETUP_NO_MMAP'));
    // The SQ and CQ are where user_addr said only if the kernel saw both offsets right: a NOP
    // submitted through our SQ completes inline into our CQ.
    ring.prepNop(42);
    assert.is(ring.submit(), 1);
    assert.equal(ring.completions(), [{ userData: 42, res: 0, flags: 0 }]);
  } finally {
    ring.close();
  }
});

test.run();
