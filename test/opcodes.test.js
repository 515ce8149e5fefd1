// The opcode table (assembly/opcodes.js) drives the layers: the generated files are what it gives,
// every queue_* export and Ring.prep* method comes from one entry with liburing's arguments, every
// opcode ring.wasm knows is queued by some entry; and the SQE fields of the encoders the installed
// liburing has no helper for are where liburing's helper puts them (nothing is submitted here;
// test/ops-*.test.js runs each against the kernel).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { Ring, constants } from '../dist/src/index.js';
import { OPCODE_LINUX } from '../dist/src/generated/opcodes.js';
import { entries, methodName, wasmSignature } from '../tools/generate-opcodes.js';
import { ringOptions, withRing } from './support/harness.js';
import { jsChild } from './support/child.js';

const table = entries();

test('the generated queue_* exports and prep* methods are what the table gives (npm run build:gen)', () => {
  execFileSync(...jsChild([new URL('../tools/generate-opcodes.js', import.meta.url).pathname, '--check']), { stdio: 'pipe' });
});

test('every queue_* export comes from one entry and takes its arguments, after ring and user_data', () => {
  withRing({ entries: 2 }, (ring) => {
    const wasm = ring.memory.wasm;
    const exports = Object.keys(wasm).filter((name) => name.startsWith('queue_')).sort();
    assert.equal(exports, table.map((e) => `queue_${e.name}`).sort());
    const arity = table.filter((e) => wasm[`queue_${e.name}`].length !== 2 + wasmSignature(e).params.length);
    assert.equal(arity.map((e) => e.name), [], 'queue_* exports whose arity is not the entry\'s');
  });
});

test('every Ring.prep* method comes from one entry, userData first', () => {
  const methods = Object.getOwnPropertyNames(Ring.prototype).filter((name) => /^prep[A-Z]/.test(name)).sort();
  assert.equal(methods, table.map(methodName).sort());
  // Arguments up to the first with a default count in Function.length: userData plus those.
  for (const entry of table) {
    const required = entry.args.filter((a) => !a.derived);
    const firstDefault = required.findIndex((a) => a.init !== undefined);
    const expected = 1 + (firstDefault < 0 ? required.length : firstDefault);
    assert.is(Ring.prototype[methodName(entry)].length, expected, `${methodName(entry)}'s parameters`);
  }
});

test('every opcode ring.wasm knows is queued by some entry, and each has a Linux version', () => {
  const opcodes = Object.entries(constants)
    .filter(([name]) => name.startsWith('IORING_OP_') && name !== 'IORING_OP_LAST').map(([, value]) => value);
  const queued = new Set(table.map((e) => constants[`IORING_OP_${e.op}`]));
  assert.equal(opcodes.filter((op) => !queued.has(op)), [], 'opcodes no entry queues');
  assert.equal([...OPCODE_LINUX.keys()].sort((a, b) => a - b), [...queued].sort((a, b) => a - b));
  assert.ok(table.every((e) => /^\d+\.\d+$/.test(e.linux)), 'a version "X.Y" on every entry');
});

// ─── Encoders the installed liburing has no helper for: the fields liburing's helper sets ───────

/** The 64 bytes of a prepared SQE as fields. */
function sqeOf(ring, sqe) {
  const dv = new DataView(ring.memory.bytes.buffer, ring.memory.bytes.byteOffset + sqe, 64);
  return {
    opcode: dv.getUint8(0), flags: dv.getUint8(1), ioprio: dv.getUint16(2, true), fd: dv.getInt32(4, true),
    off: dv.getBigUint64(8, true), addr: dv.getBigUint64(16, true), len: dv.getUint32(24, true),
    opFlags: dv.getUint32(28, true), bufIndex: dv.getUint16(40, true), fileIndex: dv.getUint32(44, true),
    addrLen: dv.getUint16(44, true), addr3: dv.getBigUint64(48, true),
  };
}
const address = (ring, view) => BigInt(ring.memory.base + view.byteOffset);

test('msg_ring_fd sign-extends source_fd into addr3, as liburing\'s int → __u64 does', () => {
  withRing({ entries: 4 }, (ring) => {
    assert.is(sqeOf(ring, ring.prepMsgRingFd(1, 5, -1, 2, 7)).addr3, 2n ** 64n - 1n);
    assert.is(sqeOf(ring, ring.prepMsgRingFd(2, 5, 3, 2, 7)).addr3, 3n);
  });
});

test('fadvise64 / madvise64: the 64-bit length in addr / off, len 0 (io_uring_prep_fadvise64, _madvise64)', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const f = sqeOf(ring, ring.prepFadvise64(1, 9, 4096, 2 ** 40 + 3, 4));
    assert.equal([f.opcode, f.fd, f.off, f.addr, f.len, f.opFlags], [constants.IORING_OP_FADVISE, 9, 4096n, 2n ** 40n + 3n, 0, 4]);
    const pages = own(ring.alloc(8192, 4096));
    const m = sqeOf(ring, ring.prepMadvise64(2, pages, constants.MADV_WILLNEED));
    assert.equal([m.opcode, m.fd, m.addr, m.off, m.len, m.opFlags],
      [constants.IORING_OP_MADVISE, -1, address(ring, pages), 8192n, 0, constants.MADV_WILLNEED]);
  });
});

test('cmd_discard: BLOCK_URING_CMD_DISCARD with the offset in addr and the length in addr3', () => {
  withRing({ entries: 4 }, (ring) => {
    const s = sqeOf(ring, ring.prepCmdDiscard(1, 8, 2 ** 33, 2 ** 20));
    const cmdOp = Number(s.off & 0xffff_ffffn); // cmd_op is the low half of `off`
    assert.equal([s.opcode, s.fd, cmdOp, s.addr, s.addr3], [constants.IORING_OP_URING_CMD, 8, constants.BLOCK_URING_CMD_DISCARD, 2n ** 33n, 2n ** 20n]);
  });
});

test('cmd_getsockname: SOCKET_URING_OP_GETSOCKNAME, sockaddr in addr, its socklen_t in addr3, peer in optlen', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const sa = own(ring.alloc(16));
    const len = own(ring.alloc(4));
    new DataView(len.buffer, len.byteOffset, 4).setUint32(0, 16, true);
    const s = sqeOf(ring, ring.prepCmdGetsockname(1, 6, sa, len, 1));
    const cmdOp = Number(s.off & 0xffff_ffffn);
    assert.equal([s.opcode, s.fd, cmdOp, s.addr, s.addr3, s.fileIndex],
      [constants.IORING_OP_URING_CMD, 6, constants.SOCKET_URING_OP_GETSOCKNAME, address(ring, sa), address(ring, len), 1]);
  });
});

test('sendmsg_zc_fixed: SENDMSG_ZC with IORING_RECVSEND_FIXED_BUF in ioprio and the buffer index', () => {
  withRing({ entries: 4 }, (ring, own) => {
    const buf = own(ring.alloc(64));
    const hdr = own(ring.memory.msghdr({ iov: own(ring.memory.iovecs([buf])) }));
    const s = sqeOf(ring, ring.prepSendmsgZcFixed(1, 4, hdr, 0x40, 3));
    assert.equal([s.opcode, s.fd, s.addr, s.len, s.opFlags, s.ioprio, s.bufIndex],
      [constants.IORING_OP_SENDMSG_ZC, 4, address(ring, hdr), 1, 0x40, constants.IORING_RECVSEND_FIXED_BUF, 3]);
  });
});

test('send_bundle: SEND with no buffer, IORING_RECVSEND_BUNDLE, and the group selected', () => {
  withRing({ entries: 4 }, (ring) => {
    const s = sqeOf(ring, ring.prepSendBundle(1, 4, 7, 100));
    assert.equal([s.opcode, s.fd, s.addr, s.len, s.ioprio, s.flags, s.bufIndex],
      [constants.IORING_OP_SEND, 4, 0n, 100, constants.IORING_RECVSEND_BUNDLE, constants.IOSQE_BUFFER_SELECT, 7]);
  });
});

test('the Ring with the opcode table is still one ring: prep* on a closed ring throws ERR_URING_CLOSED', () => {
  const ring = new Ring(ringOptions({ entries: 2 }));
  ring.close();
  assert.throws(() => ring.prepNop(1), (e) => e.code === 'ERR_URING_CLOSED');
  assert.throws(() => ring.registerFilesSparse(1), (e) => e.code === 'ERR_URING_CLOSED');
});

test.run();
