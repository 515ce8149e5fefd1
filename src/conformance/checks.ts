// The checks of the conformance suite (index.ts runs them). Each sets up what it needs on a
// memory of its own (Arena), calls the host's bridge the way ring.wasm does (from Wasm) unless
// it is about JS callers, and asserts what the kernel really did: bytes read back, the kernel's
// own counters, what /proc says the process holds. A check that needs what this kernel lacks
// names the errno the kernel answered when it was tried.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiate } from '../abi.js';
import { IMPORTS, type ParamKind } from '../abi.js';
import {
  Arena, CheckSkip, E, WASM_PAGE, errnoName, expect, fail, fdinfo, filled, ok, ringFds, ringMappings, show,
  type HostUnderTest,
} from './support.js';
import {
  IORING_ENTER_GETEVENTS, IORING_OFF_SQ_RING, IORING_OP_NOP, IORING_OP_READ,
  IORING_REGISTER_ENABLE_RINGS, IORING_REGISTER_FILES, IORING_REGISTER_MEM_REGION,
  IORING_REGISTER_PROBE, IORING_SETUP_CQE32, IORING_SETUP_R_DISABLED, IORING_SETUP_SQE128, IORING_SQ_CQ_OVERFLOW,
  IORING_UNREGISTER_FILES, PARAMS_SIZE, PLACEMENTS, PROBE_SIZE, RawRing, describe, isRefusal, sleep,
  type Placement, type Refusal,
} from './raw-ring.js';

/** What the checks are given: the host, ring.wasm (or the module to instantiate) and the rest. */
export interface Context {
  readonly host: HostUnderTest;
  readonly module: WebAssembly.Module;
  /** Closes an fd behind the host's back (node:fs's closeSync unless told otherwise). */
  readonly closeFd: (fd: number) => void;
  /** A directory for the checks' files, made on first use. */
  tmp(): string;
}

export interface CheckDef {
  readonly name: string;
  /** Why this check cannot run here (what the kernel answered), or null. */
  readonly skip?: (ctx: Context, probe: Probe) => string | null;
  readonly run: (ctx: Context, probe: Probe) => void;
}

// ─── What this kernel (through this host) allows, tried once ─────────────────────────────────────

/** What placements and features the kernel allows, each found by trying it through the host. */
export class Probe {
  readonly #ctx: Context;
  readonly #raw = new Map<Placement, string | null>();
  readonly #wasm = new Map<Placement, string | null>();
  #waitRegion: string | null | undefined;
  #bigEntries: string | null | undefined;
  #closeBehind: string | null | undefined;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  /** Why a hand-driven ring cannot be set up in `placement` here, or null. */
  raw(placement: Placement): string | null {
    if (!this.#raw.has(placement)) {
      const ring = RawRing.create(new Arena(this.#ctx.host), placement);
      this.#raw.set(placement, isRefusal(ring) ? refusalReason(placement, ring) : (ring.destroy(), null));
    }
    return this.#raw.get(placement)!;
  }

  /** The first placement a hand-driven ring can use, or a skip naming every refusal. */
  anyPlacement(): Placement {
    const found = PLACEMENTS.find((p) => this.raw(p) === null);
    if (!found) throw new CheckSkip(`no placement works here: ${PLACEMENTS.map((p) => this.raw(p)).join('; ')}`);
    return found;
  }

  /** Why ring.wasm cannot set up a ring in `placement` here, or null. */
  wasm(placement: Placement): string | null {
    if (!this.#wasm.has(placement)) {
      const { w } = wasmInstance(this.#ctx);
      const ring = createWasmRing(w, placement);
      this.#wasm.set(placement, 'call' in ring ? refusalReason(placement, ring) : (w.ring_destroy(ring.handle), null));
    }
    return this.#wasm.get(placement)!;
  }

  /** Why a wait region (IORING_REGISTER_MEM_REGION, Linux 6.13) cannot be registered here, or null. */
  waitRegion(): string | null {
    if (this.#waitRegion === undefined) {
      const arena = new Arena(this.#ctx.host);
      const ring = RawRing.create(arena, this.anyPlacement(), { flags: IORING_SETUP_R_DISABLED });
      if (isRefusal(ring)) {
        this.#waitRegion = `IORING_SETUP_R_DISABLED: ${describe(ring)}`;
      } else {
        const ret = registerWaitRegion(arena, ring.fd);
        this.#waitRegion = ret < 0 ? `the kernel refused IORING_REGISTER_MEM_REGION with -${errnoName(ret)} (registered waits: Linux 6.13)` : null;
        ring.destroy();
      }
    }
    return this.#waitRegion;
  }

  /** Why a mirrored ring with 128-byte SQEs and 32-byte CQEs (Linux 5.19) cannot be set up here, or null. */
  bigEntries(): string | null {
    if (this.#bigEntries === undefined) {
      const mirror = this.raw('mirror');
      if (mirror) return (this.#bigEntries = mirror);
      const ring = RawRing.create(new Arena(this.#ctx.host), 'mirror', { flags: IORING_SETUP_SQE128 | IORING_SETUP_CQE32 });
      this.#bigEntries = isRefusal(ring) ? `IORING_SETUP_SQE128 | IORING_SETUP_CQE32 (Linux 5.19): ${describe(ring)}` : (ring.destroy(), null);
    }
    return this.#bigEntries;
  }

  /** Why the checks cannot close an fd behind the host's back here, or null. */
  closeBehind(): string | null {
    if (this.#closeBehind === undefined) {
      const arena = new Arena(this.#ctx.host);
      const params = arena.alloc(PARAMS_SIZE, 8);
      const fd = arena.wasm.io_uring_setup(2, params);
      if (fd < 0) return (this.#closeBehind = `io_uring_setup answered -${errnoName(fd)}`);
      try {
        this.#ctx.closeFd(fd);
        this.#closeBehind = null;
      } catch (error) {
        arena.wasm.close(fd);
        return (this.#closeBehind = `the closeFd given could not close a ring fd (${(error as Error).message}); pass options.closeFd`);
      }
      arena.wasm.close(fd); // the number is gone: -EBADF, and the host lets go of the ring
    }
    return this.#closeBehind;
  }
}

function refusalReason(placement: Placement, r: Refusal): string {
  const what = {
    'user-memory': 'IORING_SETUP_NO_MMAP (Linux 6.5)',
    'fixed-mmap': 'a MAP_FIXED mmap of the rings into the memory (refused since Linux 6.4 and in 6.1.y)',
    'mirror': 'a plain mmap of the rings',
  }[placement];
  return `the kernel refused the ${placement} placement, ${what}: ${describe(r)}`;
}

// ─── ring.wasm on the bridge ─────────────────────────────────────────────────────────────────────

/** The ring.wasm exports the round trips use. */
interface RingExports {
  init(): void;
  heap_alloc(size: number, align: number): number;
  heap_free(at: number, size: number): void;
  ring_create(entries: number, flags: number, cq: number, cpu: number, idle: number, placement: number): number;
  ring_destroy(ring: number): number;
  ring_fd(ring: number): number;
  ring_placement(ring: number): number;
  ring_sqes(ring: number): number;
  ring_err_setup(ring: number): number;
  ring_err_user_memory(ring: number): number;
  ring_err_fixed_mmap(ring: number): number;
  ring_err_mirror(ring: number): number;
  ring_submit(ring: number): number;
  ring_reap(ring: number, out: number, max: number): number;
  queue_nop(ring: number, ud: number): number;
  queue_write(ring: number, ud: number, fd: number, buf: number, n: number, offset: number): number;
  queue_read(ring: number, ud: number, fd: number, buf: number, n: number, offset: number): number;
  PLACEMENT_USER_MEMORY: { value: number };
  PLACEMENT_FIXED_MMAP: { value: number };
  PLACEMENT_MIRROR: { value: number };
}

const PLACEMENT_EXPORT = {
  'user-memory': 'PLACEMENT_USER_MEMORY',
  'fixed-mmap': 'PLACEMENT_FIXED_MMAP',
  'mirror': 'PLACEMENT_MIRROR',
} as const;

/** ring.wasm instantiated on a new memory and the host's bridge for it, as RingMemory does. */
function wasmInstance(ctx: Context): { memory: WebAssembly.Memory; w: RingExports } {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 1024, shared: true });
  const bridge = ctx.host.createBridge(memory, new Uint8Array(memory.buffer));
  if (!bridge) fail('createBridge returned null for a shared WebAssembly.Memory and a Uint8Array over all of it');
  const w = instantiate(ctx.module, bridge, memory, 'ring.wasm').exports as unknown as RingExports;
  w.init();
  return { memory, w };
}

function createWasmRing(w: RingExports, placement: Placement, entries = 8): { handle: number } | Refusal {
  const handle = w.ring_create(entries, 0, 0, 0, 0, w[PLACEMENT_EXPORT[placement]].value) >>> 0;
  if (handle === 0) fail('ring_create: the ring.wasm heap is exhausted');
  if (w.ring_fd(handle) >= 0) return { handle };
  // ring.wasm keeps what each step answered (positive errnos).
  const steps: [string, number][] = [
    ['io_uring_setup', w.ring_err_setup(handle)],
    ['io_uring_setup with IORING_SETUP_NO_MMAP', w.ring_err_user_memory(handle)],
    ['ring_map', w.ring_err_fixed_mmap(handle)],
    ['ring_mirror', w.ring_err_mirror(handle)],
  ];
  w.ring_destroy(handle);
  const [call, errno] = steps.find(([, e]) => e !== 0) ?? ['ring_create', 0];
  return { call, errno: -errno };
}

/** Reaps until completions for every user_data in `want` came (at most 2 s): their results. */
function wasmComplete(w: RingExports, memory: WebAssembly.Memory, handle: number, want: number[]): Map<number, number> {
  const out = w.heap_alloc(16 * 16, 16);
  const got = new Map<number, number>();
  try {
    const submitted = w.ring_submit(handle);
    expect(submitted, want.length, 'ring_submit (through the bridge\'s io_uring_enter or mirror_enter)');
    const deadline = Date.now() + 2000;
    while (got.size < want.length && Date.now() < deadline) {
      const n = w.ring_reap(handle, out, 16);
      ok(n >= 0, `ring_reap answered ${show(n)}`);
      const v = new DataView(memory.buffer);
      for (let i = 0; i < n; i++) got.set(v.getFloat64(out + i * 16, true), v.getInt32(out + i * 16 + 8, true));
      if (got.size < want.length) sleep(1);
    }
  } finally {
    w.heap_free(out, 16 * 16);
  }
  for (const ud of want) ok(got.has(ud), `no completion for user_data ${ud} within 2 s (got ${show([...got.keys()])})`);
  return got;
}

const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);

function placementRoundTrip(ctx: Context, placement: Placement): void {
  const before = { fds: ringFds(), maps: ringMappings() };
  const { memory, w } = wasmInstance(ctx);
  const path = join(ctx.tmp(), `round-trip-${placement}`);
  const file = openSync(path, 'w+');
  const n = 8192 + 123;
  const written: Uint8Array[] = [];
  let firstSqes = 0;
  try {
    for (const round of [0, 1]) {
      const ring = createWasmRing(w, placement);
      if ('call' in ring) fail(`round ${round + 1}: ${refusalReason(placement, ring)}`);
      const h = ring.handle;
      const buf = w.heap_alloc(n, 64);
      const back = w.heap_alloc(n, 64);
      try {
        expect(w.ring_placement(h), w[PLACEMENT_EXPORT[placement]].value, 'the placement ring.wasm used');
        if (round === 0) firstSqes = w.ring_sqes(h);
        else expect(w.ring_sqes(h), firstSqes, 'the second ring\'s SQE region: the first one\'s, reused');
        ok(w.queue_nop(h, 1) !== 0, 'queue_nop');
        expect(wasmComplete(w, memory, h, [1]).get(1), 0, 'the NOP\'s result');
        const data = pattern(n, round + 1);
        new Uint8Array(memory.buffer).set(data, buf);
        ok(w.queue_write(h, 2, file, buf, n, round * n) !== 0, 'queue_write');
        expect(wasmComplete(w, memory, h, [2]).get(2), n, 'the write\'s result');
        ok(w.queue_read(h, 3, file, back, n, round * n) !== 0, 'queue_read');
        expect(wasmComplete(w, memory, h, [3]).get(3), n, 'the read\'s result');
        const read = new Uint8Array(memory.buffer, back, n);
        ok(read.every((b, i) => b === data[i]), `round ${round + 1}: the bytes read back differ from those written`);
        written.push(data);
      } finally {
        w.heap_free(buf, n);
        w.heap_free(back, n);
        expect(w.ring_destroy(h), 0, 'ring_destroy (mirror_release, close)');
      }
    }
  } finally {
    closeSync(file);
  }
  const contents = readFileSync(path);
  expect(contents.length, 2 * n, 'the file\'s size');
  ok(written.every((data, round) => data.every((b, i) => b === contents[round * n + i])), 'the file holds what the two rings wrote');
  expect(ringFds(), before.fds, 'io_uring fds of the process once both rings are destroyed');
  expect(ringMappings(), before.maps, 'io_uring mappings of the process once both rings are destroyed');
}

// ─── Helpers of the checks ───────────────────────────────────────────────────────────────────────

/** A ring set up by hand in the first placement the kernel allows; destroyed after `body`. */
function withRing<T>(arena: Arena, probe: Probe, body: (ring: RawRing) => T, options: Parameters<typeof RawRing.create>[2] = {}, placement = probe.anyPlacement()): T {
  const ring = RawRing.create(arena, placement, options);
  if (isRefusal(ring)) fail(`a ${placement} ring: ${describe(ring)}`);
  try {
    return body(ring);
  } finally {
    ring.destroy();
  }
}

/** A ring fd set up by the arena's bridge, not placed anywhere. */
function plainRing(arena: Arena, entries = 4): number {
  const fd = arena.wasm.io_uring_setup(entries, arena.alloc(PARAMS_SIZE, 8));
  ok(fd >= 0, `io_uring_setup answered ${show(fd)}`);
  return fd;
}

/** (offset, length) pairs that do not fit in `size` bytes, and what each is. */
function badRanges(size: number): [number, number, string][] {
  return [
    [size, 1, 'one byte at the end'],
    [size - 8, 16, 'straddling the end'],
    [size, 0, 'empty, at the end'],
    [0xffff_fff0, 0x20, 'wrapping around 2^32'],
    [0xffff_ffff, 0xffff_ffff, '2^32 - 1 bytes at 2^32 - 1'],
    [1, 0xffff_ffff, '2^32 - 1 bytes at 1'],
  ];
}

/** Page-aligned regions that do not fit (or are no region: offset 0, length 0). */
function badRegions(size: number, page: number): [number, number, string][] {
  return [
    [size, page, 'a page at the end'],
    [size - page, 2 * page, 'straddling the end'],
    [2 ** 32 - page, 2 * page, 'wrapping around 2^32'],
    [page, 2 ** 32 - page, 'nearly 4 GiB'],
    [0, page, 'at offset 0 (NULL)'],
    [16 * page, 0, 'empty'],
  ];
}

const registerFiles = (arena: Arena, fd: number, at: number, len: number) =>
  arena.wasm.io_uring_register(fd, IORING_REGISTER_FILES, at, len, 1);
const unregisterFiles = (arena: Arena, fd: number) => arena.wasm.io_uring_register(fd, IORING_UNREGISTER_FILES, 0, 0, 0);

/** Registers a one-page wait region (struct io_uring_mem_region_reg) on a disabled ring, then enables it. */
function registerWaitRegion(arena: Arena, fd: number): number {
  const region = arena.pages(1);
  const desc = arena.alloc(64, 8); // struct io_uring_region_desc
  arena.setU64(desc, arena.base + region); // user_addr
  arena.setU64(desc + 8, arena.pageSize); // size
  arena.setU32(desc + 16, 1); // IORING_MEM_REGION_TYPE_USER
  const reg = arena.alloc(32, 8); // struct io_uring_mem_region_reg
  arena.setU64(reg, arena.base + desc); // region_uptr
  arena.setU64(reg + 8, 1); // IORING_MEM_REGION_REG_WAIT_ARG
  const ret = arena.wasm.io_uring_register(fd, IORING_REGISTER_MEM_REGION, reg, 32, 1);
  if (ret < 0) return ret;
  const enabled = arena.wasm.io_uring_register(fd, IORING_REGISTER_ENABLE_RINGS, 0, 0, 0);
  if (enabled < 0) return enabled;
  return region;
}

/** Opens `path` (default /dev/null) for the check, closing it after `body`. */
function withFile<T>(body: (fd: number) => T, path = '/dev/null', flags = 'r'): T {
  const fd = openSync(path, flags);
  try {
    return body(fd);
  } finally {
    closeSync(fd);
  }
}

/** What /proc says fd `fd` of this process is ('/dev/null', 'anon_inode:[io_uring]', …), or null when it is not open. */
function fdTarget(fd: number): string | null {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/** Calls `fn`, failing the check if it throws: nothing may throw across the boundary. */
function call(what: string, fn: () => number): number {
  try {
    return fn();
  } catch (error) {
    fail(`${what} threw across the boundary: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** Values that are not integers of an i32 (fd) or u32 parameter's range, around a valid `v`. */
function notIntegers(v: number, kind: ParamKind): unknown[] {
  const common = [v + 0.5, String(v), [v], BigInt(v), v + 2 ** 32, 2 ** 32, -(2 ** 31) - 1, NaN, Infinity, -Infinity, undefined, null, {}, true];
  return kind === 'fd' ? [...common, 2 ** 31] : common;
}

// ─── The plain syscalls (ABI version 2) ──────────────────────────────────────────────────────────

const AT_FDCWD = -100;
const AT_REMOVEDIR = 0x200;
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const SHUT_RDWR = 2;
const ENOTCONN = -107;
const ENOENT = -2;
const ENAMETOOLONG = -36;
const EADDRINUSE = -98;
const PATH_MAX = 4096;

/** `text` as a NUL-terminated string in the arena: its offset and length (with the NUL). */
function cPath(arena: Arena, text: string): [at: number, len: number] {
  const bytes = new TextEncoder().encode(`${text}\0`);
  const at = arena.alloc(bytes.length, 1);
  arena.bytes.set(bytes, at);
  return [at, bytes.length];
}

/** A sockaddr_in for 127.0.0.1:`port` in the arena. */
function loopback(arena: Arena, port: number): number {
  const at = arena.alloc(16, 8);
  const view = arena.view;
  view.setUint16(at, AF_INET, true);
  view.setUint16(at + 2, port, false);
  view.setUint32(at + 4, 0x7f000001, false);
  return at;
}

/** The TCP state /proc/self/net/tcp gives the local socket on 127.0.0.1:`port` ('0A' = LISTEN), or null. */
function tcpState(port: number): string | null {
  const hex = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of readFileSync('/proc/self/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === hex) return fields[3]!;
  }
  return null;
}

/** A TCP socket from the bridge's socket import, closed (behind the host: it is the module's) after `body`. */
function withSocket(ctx: Context, arena: Arena, body: (fd: number) => void): void {
  const fd = arena.wasm.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ok(fd >= 0, `socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0): ${show(fd)}`);
  ok(fdTarget(fd)?.startsWith('socket:'), `fd ${fd} is a socket (/proc says ${show(fdTarget(fd))})`);
  try {
    body(fd);
  } finally {
    try {
      ctx.closeFd(fd);
    } catch {
      // (a closeFd that refuses it leaves it open until the process ends)
    }
  }
}

/** The port getsockname reports for `fd` (and that the address is 127.0.0.1). */
function boundPort(arena: Arena, fd: number): number {
  const addr = arena.alloc(16, 8);
  expect(arena.wasm.getsockname(fd, addr, 16), 16, 'getsockname: the length of a sockaddr_in');
  expect(arena.view.getUint16(addr, true), AF_INET, 'getsockname: sin_family');
  return arena.view.getUint16(addr + 2, false);
}

// The checks of the plain syscalls (version 2), appended to CHECKS below.
const SYSCALL_CHECKS: CheckDef[] = [
  {
    name: 'socket, setsockopt, bind, listen, getsockname, getpeername, shutdown make their syscalls: a socket bound to 127.0.0.1:0 gets a port, listens (/proc/net/tcp), and stops at shutdown',
    run(ctx) {
      const arena = new Arena(ctx.host);
      withSocket(ctx, arena, (fd) => {
        const one = arena.alloc(4, 4);
        arena.setU32(one, 1);
        expect(arena.wasm.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4), 0, 'setsockopt(SO_REUSEADDR, 1)');
        expect(arena.wasm.bind(fd, loopback(arena, 0), 16), 0, 'bind to 127.0.0.1:0');
        const port = boundPort(arena, fd);
        ok(port > 0, `the port the kernel chose: ${port}`);
        const short = arena.alloc(16, 8);
        arena.fill(short, 16, 0xa5);
        expect(arena.wasm.getsockname(fd, short, 4), 16, 'getsockname into 4 bytes: the full length');
        ok(filled(arena, short + 4, 12, 0xa5), 'getsockname into 4 bytes writes only those');
        expect(arena.wasm.getpeername(fd, arena.alloc(16, 8), 16), ENOTCONN, 'getpeername of an unconnected socket: the kernel\'s -ENOTCONN');
        expect(arena.wasm.listen(fd, 8), 0, 'listen');
        expect(tcpState(port), '0A', `/proc/self/net/tcp: 127.0.0.1:${port} is LISTEN`);
        withSocket(ctx, arena, (other) => {
          expect(arena.wasm.bind(other, loopback(arena, port), 16), EADDRINUSE, 'a second bind to the listening port');
        });
        expect(arena.wasm.shutdown(fd, SHUT_RDWR), 0, 'shutdown of the listener');
        ok(tcpState(port) !== '0A', `/proc/self/net/tcp: 127.0.0.1:${port} no longer listens`);
      });
    },
  },
  {
    name: 'bind, setsockopt, getsockname and getpeername: a range outside the memory is -EFAULT before the syscall (the socket stays unbound)',
    run(ctx) {
      const arena = new Arena(ctx.host);
      withSocket(ctx, arena, (fd) => {
        for (const [off, len, what] of [[arena.size, 16, 'at the end'], [arena.size - 8, 16, 'straddling the end'],
          [0xffff_fff8, 16, 'wrapping around 2^32'], [64 << 10, 0xffff_0000, 'nearly 4 GiB long']] as const) {
          expect(arena.wasm.bind(fd, off, len), E.EFAULT, `bind with the address ${what}`);
          expect(arena.wasm.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, off, len), E.EFAULT, `setsockopt with the value ${what}`);
          expect(arena.wasm.getsockname(fd, off, len), E.EFAULT, `getsockname into ${what}`);
          expect(arena.wasm.getpeername(fd, off, len), E.EFAULT, `getpeername into ${what}`);
        }
        expect(boundPort(arena, fd), 0, 'the socket\'s port (no bind went through)');
      });
      expect(arena.wasm.bind(-1, loopback(arena, 0), 16), E.EBADF, 'bind of fd -1: the kernel\'s -EBADF');
    },
  },
  {
    name: 'unlinkat, renameat2 and mkdirat make their syscalls on the paths given (with their NUL): a directory made, a file renamed, both removed; a missing one is -ENOENT',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const dir = join(ctx.tmp(), 'plain-syscalls');
      expect(arena.wasm.mkdirat(AT_FDCWD, ...cPath(arena, dir), 0o755), 0, 'mkdirat');
      ok(statSync(dir).isDirectory(), `${dir} is a directory`);
      const a = join(dir, 'a');
      const b = join(dir, 'b');
      writeFileSync(a, 'x');
      expect(arena.wasm.renameat2(AT_FDCWD, ...cPath(arena, a), AT_FDCWD, ...cPath(arena, b), 0), 0, 'renameat2 a → b');
      ok(!existsSync(a) && readFileSync(b, 'utf8') === 'x', 'b has a\'s bytes and a is gone');
      expect(arena.wasm.unlinkat(AT_FDCWD, ...cPath(arena, b), 0), 0, 'unlinkat b');
      ok(!existsSync(b), 'b is gone');
      expect(arena.wasm.unlinkat(AT_FDCWD, ...cPath(arena, b), 0), ENOENT, 'unlinkat of b again: the kernel\'s -ENOENT');
      expect(arena.wasm.unlinkat(AT_FDCWD, ...cPath(arena, dir), AT_REMOVEDIR), 0, 'unlinkat AT_REMOVEDIR of the directory');
      ok(!existsSync(dir), 'the directory is gone');
    },
  },
  {
    name: 'unlinkat, renameat2 and mkdirat: a path outside the memory or at offset 0 is -EFAULT, longer than PATH_MAX -ENAMETOOLONG, without its NUL -EINVAL, before the syscall (the file stays)',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const dir = join(ctx.tmp(), 'plain-paths');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'kept');
      writeFileSync(file, 'kept');
      const [at, len] = cPath(arena, file);
      const [to, toLen] = cPath(arena, join(dir, 'moved'));
      const [sub, subLen] = cPath(arena, join(dir, 'sub'));
      const long = arena.alloc(PATH_MAX + 1, 1);
      arena.fill(long, PATH_MAX, 0x61);
      const bad: [number, number, number, string][] = [
        [arena.size, 8, E.EFAULT, 'at the end'],
        [arena.size - 4, 8, E.EFAULT, 'straddling the end'],
        [0xffff_fffc, 8, E.EFAULT, 'wrapping around 2^32'],
        [0, len, E.EFAULT, 'at offset 0'],
        [0, 0, E.EFAULT, 'at offset 0, empty'],
        [long, PATH_MAX + 1, ENAMETOOLONG, 'of PATH_MAX + 1 bytes'],
        [at, len - 1, E.EINVAL, 'without its NUL'],
        [at, 0, E.EINVAL, 'empty'],
      ];
      for (const [off, n, errno, what] of bad) {
        expect(arena.wasm.unlinkat(AT_FDCWD, off, n, 0), errno, `unlinkat with the path ${what}`);
        expect(arena.wasm.renameat2(AT_FDCWD, off, n, AT_FDCWD, to, toLen, 0), errno, `renameat2 with the old path ${what}`);
        expect(arena.wasm.renameat2(AT_FDCWD, at, len, AT_FDCWD, off, n, 0), errno, `renameat2 with the new path ${what}`);
        expect(arena.wasm.mkdirat(AT_FDCWD, off, n, 0o755), errno, `mkdirat with the path ${what}`);
      }
      ok(readFileSync(file, 'utf8') === 'kept' && !existsSync(join(dir, 'moved')), 'the file is still there, not renamed');
      expect(arena.wasm.mkdirat(AT_FDCWD, sub, subLen, 0o755), 0, 'mkdirat with a good path');
      expect(arena.wasm.unlinkat(AT_FDCWD, sub, subLen, AT_REMOVEDIR), 0, 'and unlinkat of it');
      expect(arena.wasm.unlinkat(AT_FDCWD, at, len, 0), 0, 'unlinkat of the file with its good path');
    },
  },
  {
    name: 'ftruncate sets the length length_hi × 2^32 + length_lo (a sparse 5 GiB file, then 3 bytes); a negative one is the kernel\'s -EINVAL',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const path = join(ctx.tmp(), 'ftruncate');
      writeFileSync(path, 'hello world');
      withFile((fd) => {
        expect(arena.wasm.ftruncate(fd, 0x4000_0000, 1), 0, 'ftruncate to 5 GiB');
        expect(statSync(path).size, 5 * 2 ** 30, 'the size');
        expect(arena.wasm.ftruncate(fd, 3, 0), 0, 'ftruncate to 3 bytes');
        expect(readFileSync(path, 'utf8'), 'hel', 'what is left');
        expect(arena.wasm.ftruncate(fd, 0, 0x8000_0000), E.EINVAL, 'ftruncate to a negative length (length_hi 2^31)');
        expect(statSync(path).size, 3, 'the size after the refused call');
      }, path, 'r+');
    },
  },
];

// ─── The checks ──────────────────────────────────────────────────────────────────────────────────

export const CHECKS: CheckDef[] = [
  // ── Binding ──
  {
    name: 'createBridge binds a shared memory: every import of the ABI is a function, callable from Wasm',
    run(ctx) {
      const arena = new Arena(ctx.host); // links a module importing each with its ABI signature
      for (const spec of IMPORTS) {
        expect(typeof (arena.bridge as unknown as Record<string, unknown>)[spec.name], 'function', `the bridge's ${spec.name}`);
      }
    },
  },
  {
    name: 'createBridge refuses (null, no throw) a non-shared memory, a view at an offset, a view of another buffer, a view that is not a Uint8Array, an object that is not a WebAssembly.Memory',
    run(ctx) {
      const shared = new WebAssembly.Memory({ initial: 2, maximum: 4, shared: true });
      const unshared = new WebAssembly.Memory({ initial: 2, maximum: 4 });
      const cases: [string, unknown, unknown][] = [
        ['a non-shared memory', unshared, new Uint8Array(unshared.buffer)],
        ['a view at offset 4096', shared, new Uint8Array(shared.buffer, 4096)],
        ['a view of another SharedArrayBuffer', shared, new Uint8Array(new SharedArrayBuffer(2 * WASM_PAGE))],
        ['a Uint32Array over the memory', shared, new Uint32Array(shared.buffer)],
        ['an object with the memory\'s buffer', { buffer: shared.buffer }, new Uint8Array(shared.buffer)],
        ['no view', shared, undefined],
      ];
      for (const [what, memory, view] of cases) {
        let bridge: unknown;
        try {
          bridge = ctx.host.createBridge(memory as WebAssembly.Memory, view as Uint8Array);
        } catch (error) {
          fail(`createBridge threw for ${what}: ${(error as Error).message}`);
        }
        expect(bridge, null, `createBridge for ${what}`);
      }
    },
  },
  {
    name: 'memory_base and page_size: a page-aligned address below 2^53 and a power of two of at least 4096, the same from JS and from Wasm',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const { base, pageSize } = arena;
      ok(Number.isInteger(pageSize) && pageSize >= 4096 && (pageSize & (pageSize - 1)) === 0, `page_size: ${show(pageSize)}`);
      ok(Number.isInteger(base) && base > 0 && base < 2 ** 53, `memory_base: ${show(base)}`);
      expect(base % pageSize, 0, 'memory_base modulo page_size');
      expect(arena.bridge.memory_base(), base, 'memory_base called from JS');
      expect(arena.bridge.page_size(), pageSize, 'page_size called from JS');
      const other = new Arena(ctx.host);
      ok(other.base !== base, 'two memories have different bases');
    },
  },
  {
    name: 'memory_base is where the kernel finds offset 0: a read SQE aimed at memory_base + offset fills exactly those bytes',
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      const path = join(ctx.tmp(), 'memory-base');
      const data = pattern(3000, 9);
      writeFileSync(path, data);
      const at = arena.alloc(4096, 64);
      arena.fill(at, 4096, 0xa5);
      withFile((fd) => withRing(arena, probe, (ring) => {
        ring.prep({ opcode: IORING_OP_READ, fd, addr: arena.base + at + 100, len: data.length, userData: 5 });
        const { cqes } = ring.complete(1);
        expect(cqes.length, 1, 'completions');
        expect(cqes[0]!.res, data.length, 'the read\'s result');
      }), path);
      const bytes = arena.read(at, 4096);
      ok(bytes.subarray(100, 100 + data.length).every((b, i) => b === data[i]), 'the file\'s bytes at offset + 100');
      ok(bytes.subarray(0, 100).every((b) => b === 0xa5) && bytes.subarray(100 + data.length).every((b) => b === 0xa5),
        'the bytes around them are untouched');
    },
  },
  {
    name: 'page_size is the alignment ring_unmap takes: a page at any multiple of it is zeroed memory again, exactly that range; half a page is -EINVAL',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const at = arena.pages(3);
      arena.fill(at, 3 * page, 0x5a);
      expect(arena.wasm.ring_unmap(at + page, page), 0, 'ring_unmap of the middle page');
      ok(filled(arena, at + page, page, 0), 'the middle page reads as zeroes');
      ok(filled(arena, at, page, 0x5a) && filled(arena, at + 2 * page, page, 0x5a), 'the pages either side keep their bytes');
      arena.fill(at + page, page, 0x33);
      ok(filled(arena, at + page, page, 0x33), 'the page is ordinary writable memory again');
      expect(arena.wasm.ring_unmap(at + page / 2, page), E.EINVAL, 'ring_unmap at half a page');
      expect(arena.wasm.ring_unmap(at, page / 2), E.EINVAL, 'ring_unmap of half a page');
      ok(filled(arena, at, page, 0x5a) && filled(arena, at + page, page, 0x33), 'refused calls touch nothing');
    },
  },
  {
    name: 'two bridges bound to one memory own their rings apart: close, ring_map and ring_mirror of the other\'s ring are -EBADF, and it keeps working',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const second = ctx.host.createBridge(arena.memory, new Uint8Array(arena.memory.buffer));
      ok(second, 'a second createBridge on the same memory');
      const params = arena.alloc(PARAMS_SIZE, 8);
      const theirs = second.io_uring_setup(4, params);
      ok(theirs >= 0, `the second bridge's io_uring_setup: ${show(theirs)}`);
      try {
        const page = arena.pageSize;
        const region = arena.pages(8);
        expect(arena.wasm.close(theirs), E.EBADF, 'close of the other bridge\'s ring');
        expect(arena.wasm.ring_map(theirs, IORING_OFF_SQ_RING, region, page), E.EBADF, 'ring_map of the other bridge\'s ring');
        expect(arena.wasm.ring_mirror(theirs, region, 4 * page, region, 4 * page, region + 4 * page, 4 * page), E.EBADF,
          'ring_mirror of the other bridge\'s ring');
        expect(second.io_uring_enter(theirs, 0, 0, IORING_ENTER_GETEVENTS, 0, 8), 0, 'the ring, entered by its own bridge');
      } finally {
        expect(second.close(theirs), 0, 'close by its own bridge');
      }
    },
  },

  // ── Bounds: every (pointer, length) pair, overflow-safe, against the current size ──
  {
    name: 'io_uring_setup: params that do not hold 120 bytes inside the memory are -EFAULT and no ring is created; the memory\'s last 120 bytes do',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const size = arena.size;
      const before = ringFds();
      for (const [at, what] of [[size, 'at the end'], [size - 119, '119 bytes before the end'], [size - 1, 'the last byte'],
        [0xffff_fff0, 'near 2^32'], [0xffff_ffff, 'at 2^32 - 1']] as const) {
        expect(arena.wasm.io_uring_setup(4, at), E.EFAULT, `io_uring_setup with params ${what}`);
      }
      expect(ringFds(), before, 'io_uring fds of the process after the refused setups');
      const fd = arena.wasm.io_uring_setup(4, size - PARAMS_SIZE);
      ok(fd >= 0, `io_uring_setup with params in the last 120 bytes: ${show(fd)}`);
      expect(arena.u32(size - PARAMS_SIZE), 4, 'sq_entries as the kernel wrote them there');
      expect(arena.wasm.close(fd), 0, 'close');
    },
  },
  {
    name: 'io_uring_enter: an arg range outside the memory is -EFAULT before the syscall (a NOP waiting in the SQ stays there); in-range and NULL args reach the kernel',
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        ring.prep({ opcode: IORING_OP_NOP, userData: 7 });
        ring.publish();
        ring.sync(); // a mirror copies it to the kernel's SQ: only an enter submits it
        for (const [off, len, what] of badRanges(arena.size)) {
          expect(arena.wasm.io_uring_enter(ring.fd, 1, 0, 0, off, len), E.EFAULT, `io_uring_enter with arg ${what}`);
        }
        ring.sync();
        expect(ring.sqHead, 0, 'the SQ head (the kernel consumed nothing)');
        expect(ring.cqTail, 0, 'the CQ tail');
        const sigset = arena.alloc(8, 8); // an empty signal mask
        expect(arena.wasm.io_uring_enter(ring.fd, 1, 1, IORING_ENTER_GETEVENTS, sigset, 8), 1, 'io_uring_enter with an in-range sigset');
        ring.sync();
        expect(show(ring.reap()), show([{ userData: 7, res: 0, flags: 0 }]), 'the NOP\'s completion');
        expect(arena.wasm.io_uring_enter(ring.fd, 0, 0, IORING_ENTER_GETEVENTS, 0, 8), 0, 'io_uring_enter with a NULL sigset');
      });
    },
  },
  {
    name: 'io_uring_register: an arg range outside the memory is -EFAULT before the syscall (nothing is registered, even where the kernel would read only what fits); an in-range one reaches the kernel',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const fd = plainRing(arena);
      try {
        withFile((file) => {
          const nothing = unregisterFiles(arena, fd); // the kernel's answer with no files registered
          ok(nothing < 0, `IORING_UNREGISTER_FILES on a new ring: ${show(nothing)}`);
          const size = arena.size;
          arena.setU32(size - 4, file); // the one fd nr_args = 1 makes the kernel read
          for (const [off, len, what] of [[size - 4, 8, '4 bytes in, 4 past the end'], ...badRanges(size)] as const) {
            expect(registerFiles(arena, fd, off, len), E.EFAULT, `IORING_REGISTER_FILES with arg ${what}`);
          }
          expect(unregisterFiles(arena, fd), nothing, 'IORING_UNREGISTER_FILES after the refused calls (nothing registered)');
          expect(registerFiles(arena, fd, size - 4, 4), 0, 'IORING_REGISTER_FILES with the memory\'s last 4 bytes');
          expect(unregisterFiles(arena, fd), 0, 'IORING_UNREGISTER_FILES after it');
        });
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'ring_map: a region outside the memory (or at offset 0, or empty) is -EFAULT before anything is mapped: the memory\'s last pages keep their bytes, no mapping appears',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const fd = plainRing(arena);
      try {
        const size = arena.size;
        arena.fill(size - 2 * page, 2 * page, 0x5a);
        arena.fill(0, page, 0x5a);
        const maps = ringMappings();
        for (const [off, len, what] of badRegions(size, page)) {
          expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, off, len), E.EFAULT, `ring_map of ${what}`);
        }
        expect(ringMappings(), maps, 'io_uring mappings of the process');
        ok(filled(arena, size - 2 * page, 2 * page, 0x5a), 'the last two pages keep their bytes');
        ok(filled(arena, 0, page, 0x5a), 'the first page keeps its bytes');
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'ring_unmap: a region outside the memory (or at offset 0, or empty) is -EFAULT, and nothing is zeroed: the memory\'s first and last pages keep their bytes',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const size = arena.size;
      arena.fill(size - 2 * page, 2 * page, 0x5a);
      arena.fill(0, page, 0x5a);
      for (const [off, len, what] of [...badRegions(size, page), ...badRanges(size)]) {
        expect(arena.wasm.ring_unmap(off, len), E.EFAULT, `ring_unmap of ${what}`);
      }
      ok(filled(arena, size - 2 * page, 2 * page, 0x5a), 'the last two pages keep their bytes');
      ok(filled(arena, 0, page, 0x5a), 'the first page keeps its bytes');
    },
  },
  {
    name: 'ring_mirror: any of its three regions outside the memory (or at offset 0, or empty) is -EFAULT before anything is mapped: no mapping, no handle',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const fd = plainRing(arena);
      try {
        const rings = arena.pages(4);
        const sqes = arena.pages(4);
        const good = [rings, 4 * page, rings, 4 * page, sqes, 4 * page];
        const maps = ringMappings();
        for (const region of [0, 1, 2]) {
          for (const [off, len, what] of badRegions(arena.size, page)) {
            const args = good.slice();
            args.splice(2 * region, 2, off, len);
            expect(arena.wasm.ring_mirror(fd, ...(args as [number, number, number, number, number, number])), E.EFAULT,
              `ring_mirror with its ${['SQ ring', 'CQ ring', 'SQE'].at(region)} region ${what}`);
          }
        }
        expect(ringMappings(), maps, 'io_uring mappings of the process');
        for (const handle of [1, 2, 3]) expect(arena.wasm.mirror_sync(handle), E.EBADF, `mirror_sync(${handle}): no mirror was made`);
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'mirror_enter: an arg range outside the memory is -EFAULT before anything is copied or entered: a NOP published in the guest copy never reaches the kernel',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        ring.prep({ opcode: IORING_OP_NOP, userData: 8 });
        ring.publish();
        for (const [off, len, what] of badRanges(arena.size)) {
          expect(arena.wasm.mirror_enter(ring.handle, 1, 0, 0, off, len), E.EFAULT, `mirror_enter with arg ${what}`);
        }
        expect(arena.wasm.io_uring_enter(ring.fd, 1, 0, 0, 0, 0), 0, 'io_uring_enter on the kernel\'s rings (it found no SQE)');
        expect(ring.sqHead, 0, 'the guest\'s SQ head');
        expect(arena.wasm.mirror_enter(ring.handle, 1, 1, IORING_ENTER_GETEVENTS, 0, 8), 1, 'mirror_enter with a NULL sigset');
        expect(show(ring.reap()), show([{ userData: 8, res: 0, flags: 0 }]), 'the NOP\'s completion, in the guest copy');
      }, {}, 'mirror');
    },
  },
  {
    name: 'the bounds follow the memory as it grows: a range past the end is -EFAULT, then, once the memory has grown over it, reaches the kernel',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const fd = plainRing(arena);
      try {
        withFile((file) => {
          const end = arena.size;
          expect(registerFiles(arena, fd, end, 4), E.EFAULT, 'IORING_REGISTER_FILES with arg at the end');
          arena.memory.grow(1);
          ok(arena.size > end, 'the memory grew');
          arena.setU32(end, file);
          expect(registerFiles(arena, fd, end, 4), 0, 'the same call after the growth');
          expect(unregisterFiles(arena, fd), 0, 'IORING_UNREGISTER_FILES');
        });
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'offset 0 is NULL: io_uring_setup, io_uring_register and io_uring_enter hand the kernel NULL (the memory at offset 0 is not read or written); ring_map, ring_unmap and ring_mirror refuse it (-EFAULT)',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      // Zeroed params at offset 0 would set up a ring; a NULL pointer is the kernel's -EFAULT.
      const before = ringFds();
      expect(arena.wasm.io_uring_setup(4, 0), E.EFAULT, 'io_uring_setup(4, NULL)');
      expect(ringFds(), before, 'io_uring fds of the process');
      const fd = plainRing(arena);
      try {
        const probed = arena.wasm.io_uring_register(fd, IORING_REGISTER_PROBE, 0, PROBE_SIZE, 256);
        ok(probed < 0, `IORING_REGISTER_PROBE into NULL: ${show(probed)} (into the zeroed bytes at offset 0 it would succeed)`);
        ok(filled(arena, 0, PROBE_SIZE, 0), 'the bytes at offset 0 are still zero');
        expect(arena.wasm.io_uring_enter(fd, 0, 0, IORING_ENTER_GETEVENTS, 0, 8), 0, 'io_uring_enter with a NULL sigset');
        arena.fill(0, page, 0x5a);
        expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, 0, page), E.EFAULT, 'ring_map at offset 0');
        expect(arena.wasm.ring_unmap(0, page), E.EFAULT, 'ring_unmap at offset 0');
        const region = arena.pages(8);
        expect(arena.wasm.ring_mirror(fd, 0, 4 * page, region, 4 * page, region + 4 * page, 4 * page), E.EFAULT, 'ring_mirror at offset 0');
        ok(filled(arena, 0, page, 0x5a), 'the first page keeps its bytes');
      } finally {
        arena.wasm.close(fd);
      }
    },
  },

  // ── Arguments and errno ──
  {
    name: 'an i32 argument of 2^31 or more, which reaches JS from Wasm as a negative number, means its u32: ring_unmap near 2^32 is -EFAULT, a huge to_submit, min_complete or nr_args is the kernel\'s to judge',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      expect(arena.wasm.ring_unmap(2 ** 32 - page, 2 * page), E.EFAULT, 'ring_unmap(2^32 - page, 2 pages) from Wasm');
      expect(arena.bridge.ring_unmap(-page, 2 * page), E.EFAULT, 'ring_unmap(-page, 2 pages) from JS: 2^32 - page');
      const fd = plainRing(arena);
      try {
        expect(arena.wasm.io_uring_enter(fd, 0x8000_0000, 0, 0, 0, 0), 0, 'io_uring_enter with to_submit 2^31 and an empty SQ, from Wasm');
        expect(arena.wasm.io_uring_enter(fd, 0, 0x8000_0000, 0, 0, 0), 0, 'io_uring_enter with min_complete 2^31 and no GETEVENTS, from Wasm');
        withFile((file) => {
          const at = arena.alloc(4, 4);
          arena.setU32(at, file);
          // IORING_REGISTER_FILES: more than IORING_MAX_FIXED_FILES (2^20) is the kernel's -EMFILE.
          const tooMany = arena.wasm.io_uring_register(fd, IORING_REGISTER_FILES, at, 4, 0x8000_0000);
          expect(tooMany, E.EMFILE, 'IORING_REGISTER_FILES with nr_args 2^31, from Wasm');
          for (const form of [-(2 ** 31), 2 ** 31]) {
            expect(arena.bridge.io_uring_register(fd, IORING_REGISTER_FILES, at, 4, form), E.EMFILE, `the same from JS, nr_args ${form}`);
          }
          expect(unregisterFiles(arena, fd), E.ENXIO, 'IORING_UNREGISTER_FILES (nothing was registered)');
        });
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'arguments that are not integers of their range (from JS) are -EBADF for an fd or a mirror handle and -EINVAL for anything else, before any syscall, never a throw',
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const fd = plainRing(arena);
      const mirror = probe.raw('mirror') === null ? RawRing.create(arena, 'mirror') : null;
      const handle = mirror && !isRefusal(mirror) ? mirror.handle : 0;
      try {
        const before = ringFds();
        const params = arena.alloc(PARAMS_SIZE, 8);
        const probeAt = arena.alloc(PROBE_SIZE, 8);
        const region = arena.pages(8);
        const marked = arena.pages(1);
        arena.fill(marked, page, 0x5a);
        const valid: Record<string, number[]> = {
          io_uring_setup: [4, params],
          io_uring_enter: [fd, 0, 0, 0, 0, 0],
          io_uring_enter_reg: [fd, 0, 0, 0, 0, 64],
          io_uring_register: [fd, IORING_REGISTER_PROBE, probeAt, PROBE_SIZE, 256],
          ring_map: [fd, IORING_OFF_SQ_RING, marked, page],
          ring_unmap: [marked, page],
          ring_mirror: [fd, region, 4 * page, region, 4 * page, region + 4 * page, 4 * page],
          mirror_enter: [handle, 0, 0, 0, 0, 0],
          mirror_enter_reg: [handle, 0, 0, 0, 0, 64],
          mirror_sync: [handle],
          mirror_release: [handle],
          close: [fd],
          // The plain syscalls: never made here (each call has a bad argument).
          socket: [2, 1, 0],
          bind: [fd, probeAt, 16],
          listen: [fd, 1],
          setsockopt: [fd, 1, 2, probeAt, 4],
          getsockname: [fd, probeAt, 16],
          getpeername: [fd, probeAt, 16],
          shutdown: [fd, 2],
          ftruncate: [fd, 0, 0],
          unlinkat: [AT_FDCWD, probeAt, 8, 0],
          renameat2: [AT_FDCWD, probeAt, 8, AT_FDCWD, probeAt, 8, 0],
          mkdirat: [AT_FDCWD, probeAt, 8, 0o755],
        };
        const bridge = arena.bridge as unknown as Record<string, (...args: unknown[]) => number>;
        for (const spec of IMPORTS) {
          const args = valid[spec.name];
          if (!args) continue;
          const noMirror = spec.params[0]?.[1] === 'handle' && handle === 0;
          spec.params.forEach(([param, kind], i) => {
            if (noMirror && i > 0) return; // without a mirror, any call is -EBADF for its handle
            const expected = kind === 'fd' || kind === 'handle' ? E.EBADF : E.EINVAL;
            for (const bad of notIntegers(args[i]!, kind)) {
              const given = args.slice() as unknown[];
              given[i] = bad;
              const what = `${spec.name}(${given.map(show).join(', ')}), ${param} not an integer of its range`;
              expect(call(what, () => bridge[spec.name]!(...given)), expected, what);
            }
          });
          const none = spec.params[0]![1] === 'fd' || spec.params[0]![1] === 'handle' ? E.EBADF : E.EINVAL;
          expect(call(`${spec.name}()`, () => bridge[spec.name]!()), none, `${spec.name}() with no arguments`);
        }
        expect(ringFds(), before, 'io_uring fds of the process (no setup went through)');
        expect(arena.wasm.io_uring_enter(fd, 0, 0, 0, 0, 0), 0, 'the ring still works (no close went through)');
        if (handle) expect(arena.wasm.mirror_sync(handle), 0, 'the mirror still works (no release went through)');
        ok(filled(arena, marked, page, 0x5a), 'the page ring_map and ring_unmap were aimed at keeps its bytes');
      } finally {
        if (mirror && !isRefusal(mirror)) mirror.destroy();
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'io_uring_enter, io_uring_enter_reg and io_uring_register pass any fd to the kernel: a number no file has and a closed ring are -EBADF, a file that is not a ring -EOPNOTSUPP',
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      const probeAt = arena.alloc(PROBE_SIZE, 8);
      withFile((file) => {
        const closed = plainRing(arena);
        expect(arena.wasm.close(closed), 0, 'close');
        const stillFree = fdTarget(closed) === null; // (another thread may have taken the number since)
        const calls: [string, (fd: number) => number][] = [
          ['io_uring_enter', (fd) => arena.wasm.io_uring_enter(fd, 0, 0, 0, 0, 0)],
          ['io_uring_register', (fd) => arena.wasm.io_uring_register(fd, IORING_REGISTER_PROBE, probeAt, PROBE_SIZE, 256)],
        ];
        // Before Linux 6.13 the kernel refuses IORING_ENTER_EXT_ARG_REG itself (-EINVAL), whatever the fd.
        if (probe.waitRegion() === null) calls.push(['io_uring_enter_reg', (fd) => arena.wasm.io_uring_enter_reg(fd, 0, 0, 0, 0, 64)]);
        for (const [name, fn] of calls) {
          expect(fn(0x7fff_ffff), E.EBADF, `${name} on fd 2^31 - 1`);
          if (stillFree) expect(fn(closed), E.EBADF, `${name} on a ring closed by close()`);
          expect(fn(file), E.EOPNOTSUPP, `${name} on /dev/null`);
        }
      });
    },
  },
  {
    name: 'ring_map, ring_mirror and close take only rings this bridge set up: -EBADF for the process\'s own files (0, 1, 2, /dev/null) and for a ring it closed, which stay as they were',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const region = arena.pages(8);
      const closed = plainRing(arena);
      expect(arena.wasm.close(closed), 0, 'close of its own ring');
      expect(arena.wasm.close(closed), E.EBADF, 'close of it again');
      withFile((file) => {
        const open = [0, 1, 2, file].filter((fd) => fdTarget(fd) !== null);
        for (const fd of [0, 1, 2, file, closed]) {
          expect(arena.wasm.close(fd), E.EBADF, `close(${fd})`);
          expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, region, page), E.EBADF, `ring_map(${fd})`);
          expect(arena.wasm.ring_mirror(fd, region, 4 * page, region, 4 * page, region + 4 * page, 4 * page), E.EBADF, `ring_mirror(${fd})`);
        }
        for (const fd of open) ok(fdTarget(fd) !== null, `fd ${fd} is still open`);
      });
    },
  },
  {
    name: 'ring_map and ring_unmap refuse an unaligned region with -EINVAL, after the fd and bounds checks (-EBADF, -EFAULT come first)',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const fd = plainRing(arena);
      try {
        const region = arena.pages(2);
        arena.fill(region, 2 * page, 0x5a);
        expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, region + 64, page), E.EINVAL, 'ring_map at a page + 64');
        expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, region, 100), E.EINVAL, 'ring_map of 100 bytes');
        expect(arena.wasm.ring_unmap(region + 64, page), E.EINVAL, 'ring_unmap at a page + 64');
        expect(arena.wasm.ring_unmap(region, page + 1), E.EINVAL, 'ring_unmap of a page + 1');
        ok(filled(arena, region, 2 * page, 0x5a), 'the region keeps its bytes');
        expect(arena.wasm.ring_map(0, IORING_OFF_SQ_RING, region + 64, page), E.EBADF, 'ring_map of stdin, unaligned');
        expect(arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, arena.size - 64, page), E.EFAULT, 'ring_map unaligned past the end');
        expect(arena.wasm.ring_unmap(arena.size - 64, page), E.EFAULT, 'ring_unmap unaligned past the end');
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'ring_map maps the kernel\'s ring over the region (its ring_entries read there) or, refused by the kernel, leaves the region zeroed memory; ring_unmap then gives zeroed memory back',
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const params = arena.alloc(PARAMS_SIZE, 8);
      const fd = arena.wasm.io_uring_setup(4, params);
      ok(fd >= 0, `io_uring_setup: ${show(fd)}`);
      try {
        const v = arena.view;
        const size = Math.ceil((v.getUint32(params + 40 + 24, true) + 4 * 4) / page) * page; // sq_off.array + entries * 4
        const region = arena.pages(size / page + 1);
        arena.fill(region, size + page, 0x5a);
        const maps = ringMappings();
        const ret = arena.wasm.ring_map(fd, IORING_OFF_SQ_RING, region, size);
        if (ret === 0) {
          expect(ringMappings(), maps + 1, 'io_uring mappings once mapped');
          expect(arena.u32(region + v.getUint32(params + 40 + 12, true)), 4, 'sq ring_entries, read in the region');
          expect(arena.wasm.ring_unmap(region, size), 0, 'ring_unmap');
          expect(ringMappings(), maps, 'io_uring mappings once unmapped');
        } else {
          ok(ret < 0, `ring_map: ${show(ret)}`);
          expect(ringMappings(), maps, `io_uring mappings after the kernel refused (${show(ret)})`);
        }
        ok(filled(arena, region, size, 0), 'the region reads as zeroes');
        ok(filled(arena, region + size, page, 0x5a), 'the page after it keeps its bytes');
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'close: a ring fd closed behind the host\'s back, its number then another file\'s, is left alone (-EBADF: that file stays open) and the ring is gone',
    skip: (_, probe) => probe.closeBehind(),
    run(ctx) {
      const arena = new Arena(ctx.host);
      const before = ringFds();
      const fd = plainRing(arena);
      ctx.closeFd(fd);
      const opened: number[] = [];
      try {
        while (opened.length < 16 && !opened.includes(fd)) opened.push(openSync('/dev/null', 'r'));
        ok(opened.includes(fd), `the number ${fd} did not come back to /dev/null (got ${show(opened)})`);
        expect(arena.wasm.close(fd), E.EBADF, 'close of the number, now /dev/null\'s');
        expect(fdTarget(fd), '/dev/null', `what fd ${fd} is`);
        expect(ringFds(), before, 'io_uring fds of the process (the ring and whatever the host kept of it are gone)');
      } finally {
        for (const file of opened) closeSync(file);
      }
    },
  },

  // ── Registered waits ──
  {
    name: 'io_uring_enter_reg and mirror_enter_reg pass the offset by value, with IORING_ENTER_EXT_ARG | IORING_ENTER_EXT_ARG_REG set by the host: a registered timeout at offset 64 of the wait region expires (-ETIME)',
    skip: (_, probe) => probe.waitRegion(),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      const placements = probe.raw('mirror') === null ? [probe.anyPlacement(), 'mirror' as const] : [probe.anyPlacement()];
      for (const placement of new Set(placements)) {
        withRing(arena, probe, (ring) => {
          const region = registerWaitRegion(arena, ring.fd);
          ok(region > 0, `IORING_REGISTER_MEM_REGION: ${show(region)}`);
          // struct io_uring_reg_wait at offset 64: a 20 ms timeout (ts.tv_nsec; flags IORING_REG_WAIT_TS).
          arena.setU64(region + 64 + 8, 20_000_000);
          arena.setU32(region + 64 + 20, 1);
          const enter = (offset: number) => ring.handle
            ? arena.wasm.mirror_enter_reg(ring.handle, 0, 1, IORING_ENTER_GETEVENTS, offset, 64)
            : arena.wasm.io_uring_enter_reg(ring.fd, 0, 1, IORING_ENTER_GETEVENTS, offset, 64);
          const name = ring.handle ? 'mirror_enter_reg' : 'io_uring_enter_reg';
          const started = Date.now();
          expect(enter(64), E.ETIME, `${name} naming offset 64 (as a pointer, the kernel would refuse it with -EFAULT)`);
          ok(Date.now() - started >= 15, `${name} waited ${Date.now() - started} ms of the 20 ms timeout`);
          expect(enter(arena.pageSize), E.EFAULT, `${name} naming an offset past the region (the kernel's check)`);
        }, { flags: IORING_SETUP_R_DISABLED }, placement);
      }
    },
  },

  // ── Placements: ring.wasm on the bridge ──
  ...PLACEMENTS.map((placement): CheckDef => ({
    name: `placement ${placement}: ring.wasm instantiated on the bridge sets up a ring, completes a NOP, writes a temp file and reads it back; destroyed, a second ring over the same regions does the same`,
    skip: (_, probe) => probe.wasm(placement),
    run: (ctx) => placementRoundTrip(ctx, placement),
  })),

  // ── The mirror protocol ──
  {
    name: 'mirror: ring_mirror writes the kernel\'s ring shape (masks, entries) into the zeroed guest copy, with heads and tails where the kernel\'s are',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        const p = ring.params;
        expect(arena.u32(ring.sqRing + p.getUint32(40 + 8, true)), 7, 'sq ring_mask');
        expect(arena.u32(ring.sqRing + p.getUint32(40 + 12, true)), 8, 'sq ring_entries');
        expect(arena.u32(ring.cqRing + p.getUint32(80 + 8, true)), 15, 'cq ring_mask');
        expect(arena.u32(ring.cqRing + p.getUint32(80 + 12, true)), 16, 'cq ring_entries');
        expect(show([ring.sqHead, ring.sqTail, ring.cqHead, ring.cqTail]), show([0, 0, 0, 0]), 'sq head, tail, cq head, tail');
      }, { entries: 8 }, 'mirror');
    },
  },
  {
    name: 'mirror: SQEs published in the guest copy reach the kernel only at mirror_sync or mirror_enter; CQEs and the SQ head come back only then',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        const kernelTail = () => fdinfo(ring.fd, 'SqTail');
        ring.prep({ opcode: IORING_OP_NOP, userData: 11 });
        ring.publish();
        expect(arena.wasm.io_uring_enter(ring.fd, 1, 0, 0, 0, 0), 0, 'io_uring_enter on the kernel\'s rings before a sync (no SQE there)');
        if (kernelTail() !== null) expect(kernelTail(), 0, 'the kernel\'s SQ tail (fdinfo) before a sync');
        expect(arena.wasm.mirror_sync(ring.handle), 0, 'mirror_sync');
        if (kernelTail() !== null) expect(kernelTail(), 1, 'the kernel\'s SQ tail (fdinfo) after it');
        expect(ring.sqHead, 0, 'the guest\'s SQ head (nothing consumed yet)');
        expect(arena.wasm.io_uring_enter(ring.fd, 1, 0, 0, 0, 0), 1, 'io_uring_enter on the kernel\'s rings after the sync');
        // The kernel consumed it and posted its completion (a NOP completes inline): not yet here.
        expect(show([ring.sqHead, ring.cqTail]), show([0, 0]), 'the guest\'s SQ head and CQ tail before the next sync');
        expect(arena.wasm.mirror_sync(ring.handle), 0, 'mirror_sync');
        expect(ring.sqHead, 1, 'the guest\'s SQ head after it');
        expect(show(ring.reap()), show([{ userData: 11, res: 0, flags: 0 }]), 'the CQE, in the guest copy');
        ring.prep({ opcode: IORING_OP_NOP, userData: 12 });
        ring.publish();
        expect(arena.wasm.mirror_enter(ring.handle, 1, 1, IORING_ENTER_GETEVENTS, 0, 0), 1, 'mirror_enter');
        expect(show(ring.cqes()), show([{ userData: 12, res: 0, flags: 0 }]), 'the CQE, in the guest copy as mirror_enter returns (no sync)');
        expect(ring.sqHead, 2, 'the guest\'s SQ head as mirror_enter returns');
      }, {}, 'mirror');
    },
  },
  {
    name: 'mirror: the guest\'s CQ head is passed on to the kernel: 24 completions through an 8-entry CQ never overflow it',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        expect(ring.cqEntries, 8, 'CQ entries');
        const seen: number[] = [];
        for (let round = 0; round < 6; round++) {
          for (let i = 0; i < 4; i++) ring.prep({ opcode: IORING_OP_NOP, userData: round * 4 + i });
          ring.publish();
          expect(ring.enter(4, 0, 0), 4, `round ${round + 1}: mirror_enter`);
          const got = ring.reap(); // moves the guest's head; the next mirror_enter passes it on
          expect(got.length, 4, `round ${round + 1}: completions in the guest copy as mirror_enter returned`);
          seen.push(...got.map((c) => c.userData));
        }
        expect(arena.wasm.mirror_sync(ring.handle), 0, 'mirror_sync');
        expect(show(seen), show([...Array(24).keys()]), 'the user_data of the completions, in order');
        const kernelHead = fdinfo(ring.fd, 'CqHead');
        if (kernelHead !== null) expect(kernelHead, 24, 'the kernel\'s CQ head (fdinfo)');
        expect(ring.cqOverflow, 0, 'cq.overflow (copied from the kernel\'s)');
        expect(ring.sqFlags & IORING_SQ_CQ_OVERFLOW, 0, 'IORING_SQ_CQ_OVERFLOW in sq.flags (copied from the kernel\'s)');
      }, {}, 'mirror');
    },
  },
  {
    name: 'mirror: an SQ array entry out of range is passed on, not followed: the kernel drops it, and sq.dropped and the SQ head come back to the guest copy',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        const slot = ring.prep({ opcode: IORING_OP_NOP, userData: 13 });
        arena.setU32(ring.sqField('array') + slot * 4, 1000); // names SQE 1000 of 4
        ring.publish();
        ring.enter(1, 0, 0);
        expect(ring.sqDropped, 1, 'sq.dropped in the guest copy');
        expect(ring.sqHead, 1, 'the guest\'s SQ head');
        expect(ring.cqes().length, 0, 'completions (a dropped SQE has none)');
        ring.prep({ opcode: IORING_OP_NOP, userData: 14 });
        const { cqes } = ring.complete(1);
        expect(show(cqes), show([{ userData: 14, res: 0, flags: 0 }]), 'the next NOP');
      }, {}, 'mirror');
    },
  },
  {
    name: 'mirror: the host maps and copies by the params the kernel returned at setup, not by the guest\'s copy changed afterwards',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        expect(arena.u32(ring.sqField('ring_entries')), 8, 'sq ring_entries in the guest copy, as the kernel has them');
        ring.prep({ opcode: IORING_OP_NOP, userData: 77 });
        const { entered, cqes } = ring.complete(1);
        expect(entered, 1, 'mirror_enter');
        expect(show(cqes), show([{ userData: 77, res: 0, flags: 0 }]), 'the NOP went round the kernel\'s real rings');
      }, {
        entries: 8,
        ringBytes: 4 << 20, // room for what the changed params claim
        beforeMirror(params) {
          const v = arena.view;
          v.setUint32(params + 40 + 24, v.getUint32(params + 40 + 24, true) + (1 << 20), true); // sq_off.array
          v.setUint32(params + 80 + 20, v.getUint32(params + 80 + 20, true) + (1 << 20), true); // cq_off.cqes
          v.setUint32(params, 1 << 15, true); // sq_entries
        },
      }, 'mirror');
    },
  },
  {
    name: 'mirror: 128-byte SQEs and 32-byte CQEs (IORING_SETUP_SQE128 | IORING_SETUP_CQE32) are copied at their stride: every slot used three times, completions in order',
    skip: (_, probe) => probe.bigEntries(),
    run(ctx, probe) {
      const arena = new Arena(ctx.host);
      withRing(arena, probe, (ring) => {
        expect(show([ring.sqeSize, ring.cqeSize]), show([128, 32]), 'SQE and CQE sizes');
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 4; i++) ring.prep({ opcode: IORING_OP_NOP, userData: 100 + round * 4 + i });
          const { cqes } = ring.complete(4);
          expect(show(cqes.map((c) => c.userData)), show([0, 1, 2, 3].map((i) => 100 + round * 4 + i)), `round ${round + 1}: user_data`);
        }
      }, { flags: IORING_SETUP_SQE128 | IORING_SETUP_CQE32 }, 'mirror');
    },
  },
  {
    name: 'mirror: ring_mirror refuses regions smaller than the kernel\'s rings or not page-aligned (-EINVAL), and a ring it did not set up (-EBADF)',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx) {
      const arena = new Arena(ctx.host);
      const page = arena.pageSize;
      const fd = plainRing(arena, 64);
      try {
        const rings = arena.pages(16);
        const sqes = arena.pages(16);
        const maps = ringMappings();
        const at = (region: number, pages: number) => [region, pages * page] as const;
        expect(arena.wasm.ring_mirror(fd, rings, 64, rings, 64, ...at(sqes, 16)), E.EINVAL, 'rings of 64 bytes');
        expect(arena.wasm.ring_mirror(fd, ...at(rings, 16), ...at(rings, 16), sqes, 64), E.EINVAL, 'SQEs of 64 bytes');
        expect(arena.wasm.ring_mirror(fd, rings + 64, 15 * page, rings + 64, 15 * page, ...at(sqes, 16)), E.EINVAL, 'rings at a page + 64');
        expect(arena.wasm.ring_mirror(fd, ...at(rings, 16), ...at(rings, 16), sqes + 64, 15 * page), E.EINVAL, 'SQEs at a page + 64');
        expect(ringMappings(), maps, 'io_uring mappings of the process');
        withFile((file) => {
          expect(arena.wasm.ring_mirror(file, ...at(rings, 16), ...at(rings, 16), ...at(sqes, 16)), E.EBADF, 'ring_mirror of /dev/null');
        });
        const handle = arena.wasm.ring_mirror(fd, ...at(rings, 16), ...at(rings, 16), ...at(sqes, 16));
        ok(handle > 0, `ring_mirror with the right sizes: ${show(handle)}`);
        expect(arena.wasm.mirror_release(handle), 0, 'mirror_release');
      } finally {
        arena.wasm.close(fd);
      }
    },
  },
  {
    name: 'mirror: mirror_release unmaps the kernel\'s rings, after which the handle is -EBADF everywhere; close then closes the ring',
    skip: (_, probe) => probe.raw('mirror'),
    run(ctx) {
      const arena = new Arena(ctx.host);
      const before = { fds: ringFds(), maps: ringMappings() };
      const ring = RawRing.create(arena, 'mirror');
      if (isRefusal(ring)) fail(describe(ring));
      ok(ringMappings() > before.maps, 'io_uring mappings while mirrored');
      expect(arena.wasm.mirror_release(ring.handle), 0, 'mirror_release');
      expect(ringMappings(), before.maps, 'io_uring mappings once released');
      expect(arena.wasm.mirror_sync(ring.handle), E.EBADF, 'mirror_sync after release');
      expect(arena.wasm.mirror_enter(ring.handle, 0, 0, 0, 0, 0), E.EBADF, 'mirror_enter after release');
      expect(arena.wasm.mirror_enter_reg(ring.handle, 0, 0, 0, 0, 64), E.EBADF, 'mirror_enter_reg after release');
      expect(arena.wasm.mirror_release(ring.handle), E.EBADF, 'mirror_release again');
      expect(arena.wasm.io_uring_enter(ring.fd, 0, 0, 0, 0, 0), 0, 'the ring itself, entered directly');
      expect(arena.wasm.close(ring.fd), 0, 'close');
      expect(ringFds(), before.fds, 'io_uring fds of the process once closed');
    },
  },
  {
    name: 'mirror: a handle no mirror has is -EBADF for mirror_sync, mirror_enter, mirror_enter_reg and mirror_release',
    run(ctx) {
      const arena = new Arena(ctx.host);
      for (const handle of [0, 1, 2, 9999, 0x7fff_ffff, -1]) {
        expect(arena.wasm.mirror_sync(handle), E.EBADF, `mirror_sync(${handle})`);
        expect(arena.wasm.mirror_enter(handle, 0, 0, 0, 0, 0), E.EBADF, `mirror_enter(${handle})`);
        expect(arena.wasm.mirror_enter_reg(handle, 0, 0, 0, 0, 64), E.EBADF, `mirror_enter_reg(${handle})`);
        expect(arena.wasm.mirror_release(handle), E.EBADF, `mirror_release(${handle})`);
      }
    },
  },
  ...SYSCALL_CHECKS,
];
