// The guest library's API exercised from inside a guest (test/guests.test.js runs it): each check
// prints "ok NAME" or "not ok NAME: what was wrong" on stdout, through the ring, and the test
// compares the list; a check the kernel cannot run prints "skip NAME: why". Argument 1 is a
// scratch file's path.
import {
  io_uring, io_uring_queue_init, io_uring_queue_init_params, io_uring_queue_exit, io_uring_params,
  io_uring_get_sqe, io_uring_prep_nop, io_uring_prep_write, io_uring_prep_read, io_uring_prep_openat,
  io_uring_prep_read_fixed, io_uring_prep_close, io_uring_sqe_set_data64, io_uring_sqe_set_flags,
  io_uring_submit, io_uring_submit_and_wait, io_uring_submit_and_wait_timeout, io_uring_peek_cqe,
  io_uring_wait_cqe, io_uring_wait_cqe_timeout, io_uring_for_each_cqe, io_uring_cq_advance,
  io_uring_cqe_seen, io_uring_cq_ready, io_uring_sq_ready, io_uring_sq_space_left, io_uring_cqe,
  io_uring_get_probe_ring, io_uring_opcode_supported, io_uring_free_probe, io_uring_register_buffers,
  io_uring_unregister_buffers, io_uring_register_files, io_uring_unregister_files, io_uring_setup_buf_ring,
  io_uring_free_buf_ring, iovec_set, uring_alloc, uring_free, uring_page_size, guest_args, guest_clock_ns,
  guest_exit, AT_FDCWD, IORING_OP_NOP, IORING_OP_READ, IORING_OP_SOCKET, IOSQE_FIXED_FILE, IOSQE_IO_LINK, PLACEMENT_MIRROR,
} from "wasm-uring";
export { uring_abi_version } from "wasm-uring";

const out = new io_uring();
io_uring_queue_init(4, out, 0);
function report(name: string, ok: bool, detail: string = ""): void {
  say((ok ? "ok " : "not ok ") + name + (ok ? "" : ": " + detail));
}

/** A check this kernel cannot run. */
function skip(name: string, why: string): void {
  say("skip " + name + ": " + why);
}

/** `text` and a newline on stdout, through the ring. */
function say(text: string): void {
  const line = text + "\n";
  const len = <u32>String.UTF8.byteLength(line);
  const buf = uring_alloc(len);
  String.UTF8.encodeUnsafe(changetype<usize>(line), line.length, buf);
  io_uring_prep_write(io_uring_get_sqe(out)!, 1, buf, len, <u64>-1);
  io_uring_submit_and_wait(out, 1);
  io_uring_cqe_seen(out, io_uring_wait_cqe(out)!);
  uring_free(buf, len);
}

/** One request on `ring`, waited for: its result. */
function complete(ring: io_uring): i32 {
  io_uring_submit_and_wait(ring, 1);
  const cqe = io_uring_wait_cqe(ring)!;
  const res = cqe.res;
  io_uring_cqe_seen(ring, cqe);
  return res;
}

// ── Setup ──
const bad = new io_uring();
const refused = io_uring_queue_init(0, bad, 0);
report("queue_init refuses 0 entries with -EINVAL", refused == -22, refused.toString());

const p = new io_uring_params();
const ring = new io_uring();
const initRet = io_uring_queue_init_params(8, ring, p);
report("queue_init_params fills the params the kernel answered", initRet == 0 && p.sq_entries == 8 && p.cq_entries == 16 && p.features != 0,
  `${initRet} ${p.sq_entries} ${p.cq_entries} ${p.features}`);

// ── SQ and CQ bookkeeping ──
for (let i = 0; i < 8; i++) {
  const sqe = io_uring_get_sqe(ring)!;
  io_uring_prep_nop(sqe);
  io_uring_sqe_set_data64(sqe, <u64>(100 + i));
}
report("get_sqe gives null once the 8 entries are prepared", io_uring_get_sqe(ring) == null && io_uring_sq_space_left(ring) == 0 && io_uring_sq_ready(ring) == 8);
report("peek_cqe is null before anything is submitted", io_uring_peek_cqe(ring) == null);
const submitted = io_uring_submit_and_wait(ring, 8);
report("submit_and_wait submits 8 and waits for them", submitted == 8 && io_uring_cq_ready(ring) == 8, submitted.toString());
let sum: u64 = 0;
function add(cqe: io_uring_cqe): void { sum += cqe.user_data; }
const seen = io_uring_for_each_cqe(ring, add);
io_uring_cq_advance(ring, seen);
report("for_each_cqe visits the 8 CQEs in order with their user_data; cq_advance frees them",
  seen == 8 && sum == 100 * 8 + 28 && io_uring_cq_ready(ring) == 0, `${seen} ${sum}`);

// ── Timeouts ──
let started = guest_clock_ns();
const none = io_uring_wait_cqe_timeout(ring, 30);
let waited = <f64>(guest_clock_ns() - started) / 1e6;
report("wait_cqe_timeout with nothing in flight: null, errno -ETIME, after the timeout", none == null && ring.errno == -62 && waited >= 25,
  `${ring.errno} ${waited}`);
started = guest_clock_ns();
const timedOut = io_uring_submit_and_wait_timeout(ring, 1, 30);
waited = <f64>(guest_clock_ns() - started) / 1e6;
report("submit_and_wait_timeout: a wait that times out is no error", timedOut == 0 && waited >= 25, `${timedOut} ${waited}`);

// ── Probe ──
const probe = io_uring_get_probe_ring(ring);
// Buffer rings came with Linux 5.19, as IORING_OP_SOCKET did: the probe shows which.
const hasBufRings = probe != 0 && io_uring_opcode_supported(probe, IORING_OP_SOCKET);
report("the probe lists NOP and READ, not opcode 250", probe != 0 && io_uring_opcode_supported(probe, IORING_OP_NOP)
  && io_uring_opcode_supported(probe, IORING_OP_READ) && !io_uring_opcode_supported(probe, 250));
io_uring_free_probe(probe);

// ── Files: a linked write and read, registered files and buffers ──
const args = guest_args();
const path = uring_alloc(4096);
String.UTF8.encodeUnsafe(changetype<usize>(args[1]), args[1].length, path, true);
io_uring_prep_openat(io_uring_get_sqe(ring)!, AT_FDCWD, path, 0o102 /* O_RDWR|O_CREAT */, 0o600);
const fd = complete(ring);
const text = uring_alloc(64);
const back = uring_alloc(64);
for (let i = 0; i < 64; i++) store<u8>(text + i, <u8>(i * 7 + 1));
let sqe = io_uring_get_sqe(ring)!;
io_uring_prep_write(sqe, fd, text, 64, 0);
io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
io_uring_prep_read(io_uring_get_sqe(ring)!, fd, back, 64, 0);
io_uring_submit_and_wait(ring, 2);
const w = io_uring_wait_cqe(ring)!.res;
io_uring_cq_advance(ring, 1);
const r = io_uring_wait_cqe(ring)!.res;
io_uring_cq_advance(ring, 1);
report("a linked write then read returns the bytes written", fd >= 0 && w == 64 && r == 64 && memory.compare(text, back, 64) == 0, `${fd} ${w} ${r}`);

const fds = uring_alloc(4);
store<i32>(fds, fd);
const regFiles = io_uring_register_files(ring, fds, 1);
memory.fill(back, 0, 64);
sqe = io_uring_get_sqe(ring)!;
io_uring_prep_read(sqe, 0 /* slot 0 */, back, 64, 0);
io_uring_sqe_set_flags(sqe, IOSQE_FIXED_FILE);
const fixedFileRead = complete(ring);
report("a read through registered file slot 0", regFiles == 0 && fixedFileRead == 64 && memory.compare(text, back, 64) == 0,
  `${regFiles} ${fixedFileRead}`);
io_uring_unregister_files(ring);

const page = uring_page_size();
const fixed = uring_alloc(page, page);
const iov = uring_alloc(16);
iovec_set(iov, 0, fixed, page);
const regBuffers = io_uring_register_buffers(ring, iov, 1);
io_uring_prep_read_fixed(io_uring_get_sqe(ring)!, fd, fixed, 64, 0, 0);
const fixedRead = complete(ring);
report("read_fixed into registered buffer 0", regBuffers == 0 && fixedRead == 64 && memory.compare(text, fixed, 64) == 0,
  `${regBuffers} ${fixedRead}`);
io_uring_unregister_buffers(ring);

const err = uring_alloc(4);
const bufRingCheck = "setup_buf_ring gives a page-aligned ring; 6 entries (not a power of two) is -EINVAL";
if (hasBufRings) {
  const br = io_uring_setup_buf_ring(ring, 8, 3, 0, err);
  const bad2 = io_uring_setup_buf_ring(ring, 6, 4, 0, err);
  report(bufRingCheck, br != 0 && (br & (page - 1)) == 0
    && bad2 == 0 && load<i32>(err) == -22 && io_uring_free_buf_ring(ring, br, 8, 3) == 0, load<i32>(err).toString());
} else {
  skip(bufRingCheck, "this kernel lacks IORING_REGISTER_PBUF_RING (Linux 5.19)");
}

io_uring_prep_close(io_uring_get_sqe(ring)!, fd);
report("close through the ring", complete(ring) == 0);
io_uring_queue_exit(ring);

// ── Another placement, and rings reused ──
const mirrored = new io_uring();
let mirrorOk = true;
for (let round = 0; round < 3 && mirrorOk; round++) {
  mirrorOk = io_uring_queue_init(4, mirrored, 0, PLACEMENT_MIRROR) == 0 && mirrored.placement == PLACEMENT_MIRROR;
  if (!mirrorOk) break;
  io_uring_prep_nop(io_uring_get_sqe(mirrored)!);
  mirrorOk = complete(mirrored) == 0;
  io_uring_queue_exit(mirrored);
}
report("a mirrored ring, set up, used and closed 3 times", mirrorOk);
io_uring_queue_exit(mirrored); // twice: nothing happens
guest_exit(0);
