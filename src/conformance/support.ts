// What the conformance checks share: failing with a reason, errno names, what /proc says the
// process holds of io_uring, and a memory with a host's bridge bound to it (Arena).

import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';
import type { Bridge } from '../host.js';
import { IMPORTS, importType } from '../abi.js';
import { encodeModule, op } from './wasm.js';

/** What the suite needs of a host: its createBridge (src/host.ts's Host has it). */
export interface HostUnderTest {
  createBridge(memory: WebAssembly.Memory, view: Uint8Array): Bridge | null;
}

/** A check that did not hold: the message says what was expected and what came. */
export class CheckFailure extends Error {}

/** A check that cannot run here: the message is the reason (what the kernel answered). */
export class CheckSkip extends Error {}

const names = new Map(Object.entries(constants.errno).reverse().map(([name, n]) => [-n, name]));

/** `n` as a reader wants to see a bridge result: "-14 (-EFAULT)", "3". */
export function show(n: unknown): string {
  if (typeof n === 'number' && Number.isInteger(n) && n < 0 && names.has(n)) return `${n} (-${names.get(n)})`;
  if (typeof n === 'string') return JSON.stringify(n);
  if (typeof n === 'bigint') return `${n}n`;
  if (Array.isArray(n)) return `[${n.map(show).join(', ')}]`;
  if (typeof n === 'object' && n !== null) return JSON.stringify(n);
  return String(n);
}

/** The errno's name, for reasons: "EINVAL". */
export function errnoName(negErrno: number): string {
  return names.get(negErrno) ?? `errno ${-negErrno}`;
}

export function expect(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) throw new CheckFailure(`${what}: got ${show(actual)}, expected ${show(expected)}`);
}

export function ok(condition: unknown, what: string): asserts condition {
  if (!condition) throw new CheckFailure(what);
}

export function fail(what: string): never {
  throw new CheckFailure(what);
}

/** The negative errnos the checks name (Linux's numbers, from the runtime's own table). */
export const E = {
  EBADF: -constants.errno.EBADF,
  EFAULT: -constants.errno.EFAULT,
  EINVAL: -constants.errno.EINVAL,
  EMFILE: -constants.errno.EMFILE,
  ENXIO: -constants.errno.ENXIO,
  EOPNOTSUPP: -constants.errno.EOPNOTSUPP,
  ETIME: -constants.errno.ETIME,
};

// ─── What the process holds of io_uring (/proc/self) ─────────────────────────────────────────────

/** The fds of this process that are io_uring instances. */
export function ringFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:[io_uring]') n++;
    } catch {
      // gone while we looked (readdir's own fd)
    }
  }
  return n;
}

/** Mappings of io_uring rings in this process (the host's mirrors and fixed mmaps make them). */
export function ringMappings(): number {
  return readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.includes('io_uring')).length;
}

/** A field of the kernel's /proc/self/fdinfo for ring `fd` (SqTail, CqHead, …), or null. */
export function fdinfo(fd: number, field: string): number | null {
  try {
    const found = new RegExp(`^${field}:\\s*(\\S+)`, 'm').exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
    return found ? Number(found[1]) : null;
  } catch {
    return null;
  }
}

// ─── A memory and the bridge under test ──────────────────────────────────────────────────────────

let trampolineModule: WebAssembly.Module | undefined;

/**
 * A module that imports every "uring" function with its ABI signature and exports each under
 * the same name as a function that calls it: a host called through it sees what ring.wasm's
 * calls give it (i32 arguments, which JS receives as signed numbers).
 */
export function trampoline(): WebAssembly.Module {
  trampolineModule ??= new WebAssembly.Module(encodeModule({
    imports: IMPORTS.map((spec) => ({ module: 'uring', name: spec.name, type: importType(spec) })),
    functions: IMPORTS.map((spec, index) => ({
      type: importType(spec),
      body: [...spec.params.flatMap((_, i) => op.localGet(i)), ...op.call(index)],
      export: spec.name,
    })),
  }));
  return trampolineModule;
}

export const WASM_PAGE = 65536;

/**
 * A shared WebAssembly.Memory (1 MiB, up to 16 MiB), the host's bridge bound to it, and a bump
 * allocator over it (from 64 KiB up: below is left for the checks of offset 0; regions are
 * never reused, so the kernel's late writes to a closed ring's pages hit nobody).
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  /** The bridge's functions, called from JS. */
  readonly bridge: Bridge;
  /** The same functions called from Wasm (see trampoline). */
  readonly wasm: Bridge;
  readonly base: number;
  readonly pageSize: number;
  #next = 64 << 10;

  constructor(host: HostUnderTest, pages = 16, maximumPages = 256) {
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: maximumPages, shared: true });
    const bridge = host.createBridge(this.memory, new Uint8Array(this.memory.buffer));
    if (!bridge) fail('createBridge returned null for a shared WebAssembly.Memory and a Uint8Array over all of it');
    this.bridge = bridge;
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(trampoline(), { uring: bridge as unknown as WebAssembly.ModuleImports });
    } catch (error) {
      fail(`a module importing the bridge's functions did not link: ${(error as Error).message}`);
    }
    this.wasm = instance.exports as unknown as Bridge;
    this.pageSize = this.wasm.page_size();
    this.base = this.wasm.memory_base();
  }

  /** The memory's current size in bytes. */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  get view(): DataView {
    return new DataView(this.memory.buffer);
  }

  /** `size` zeroed bytes aligned to `align` (the memory grows when needed; it stays below 1 MiB from its end). */
  alloc(size: number, align = 8): number {
    const at = Math.ceil(this.#next / align) * align;
    this.#next = at + size;
    const want = this.#next + (1 << 20);
    if (want > this.size) this.memory.grow(Math.ceil((want - this.size) / WASM_PAGE));
    return at;
  }

  /** `n` zeroed pages, page-aligned. */
  pages(n: number): number {
    return this.alloc(n * this.pageSize, this.pageSize);
  }

  u32(at: number): number {
    return Atomics.load(new Uint32Array(this.memory.buffer), at >>> 2);
  }

  setU32(at: number, value: number): void {
    Atomics.store(new Uint32Array(this.memory.buffer), at >>> 2, value);
  }

  setU64(at: number, value: number | bigint): void {
    this.view.setBigUint64(at, BigInt(value), true);
  }

  /** A copy of `length` bytes at `at`. */
  read(at: number, length: number): Uint8Array {
    return this.bytes.slice(at, at + length);
  }

  fill(at: number, length: number, value: number): void {
    this.bytes.fill(value, at, at + length);
  }
}

/** Whether `length` bytes at `at` all hold `value`. */
export function filled(arena: Arena, at: number, length: number, value: number): boolean {
  return arena.bytes.subarray(at, at + length).every((b) => b === value);
}
