// WASI preview 1 for a guest: its arguments, environment, clocks, random bytes and exit. The
// guest's file and socket I/O goes through io_uring, not through WASI.
//
// Two implementations, chosen per runtime (tested on each, test/guest-run.test.js):
//
//   node:wasi  Node's and Deno's own (uvwasi in Node, Deno's ops), with proc_exit returning to
//              the runner (returnOnExit). Both work on a guest's imported shared memory, also
//              after it grew. Their ExperimentalWarning is not shown: the runner is what uses
//              WASI here, at the version it is tested with, not the guest's caller. One fix:
//              Node's environ_get fails (ERRNO_INVAL) on an empty environment.
//   shim       this file's own, on Bun: Bun's node:wasi ends the whole process on proc_exit
//              (returnOnExit is ignored), prints its own debugging output on stdout for an
//              out-of-range iovec, and writes garbage for clock_res_get. The shim has args,
//              environ, clock_time_get and clock_res_get (realtime, monotonic, process CPU
//              time), random_get, proc_exit, sched_yield, and fd_write to fds 1 and 2 (so that
//              diagnostics can print); every other function answers ERRNO_NOSYS.

import { createRequire } from 'node:module';
import { uringError } from '../errors.js';
import { runtime } from '../runtime.js';
import { GuestExit } from './env.js';
import { writeAll } from './stdio.js';
import { WASI_IMPORTS } from './imports.js';

/** Which WASI a guest gets: 'auto' (node:wasi on Node and Deno, the shim on Bun), or one of them. */
export type WasiChoice = 'auto' | 'node:wasi' | 'shim';

export interface GuestWasi {
  readonly implementation: 'node:wasi' | 'shim';
  /** The wasi_snapshot_preview1 import object. */
  readonly imports: Record<string, (...args: never[]) => unknown>;
  /**
   * Calls `start` (the guest's _start) and returns its exit code: 0 when it returns, or
   * proc_exit's. Anything else it throws is thrown on: a GuestExit (env.abort's; the shim's
   * proc_exit too), a trap.
   */
  run(start: () => void): number;
}

export interface WasiOptions {
  /** argv, argv[0] first. */
  readonly args: readonly string[];
  /** The environment, as NAME=VALUE strings. */
  readonly env: readonly string[];
  readonly memory: WebAssembly.Memory;
}

export function createWasi(choice: WasiChoice, options: WasiOptions): GuestWasi {
  const implementation = choice === 'auto' ? (runtime === 'bun' ? 'shim' : 'node:wasi') : choice;
  if (implementation === 'node:wasi') {
    if (runtime === 'bun') {
      throw uringError('ERR_URING_UNSUPPORTED', "wasi 'node:wasi' is not used on Bun: its node:wasi ends the process on proc_exit " +
        "instead of returning to the runner; use wasi 'auto' or 'shim'");
    }
    return nodeWasi(options);
  }
  return shimWasi(options);
}

// ─── node:wasi ────────────────────────────────────────────────────────────────────────────

/**
 * Runs `body` without the ExperimentalWarning node:wasi emits: Node's as the module loads,
 * Deno's as a WASI is constructed. Any other warning goes through.
 */
function withoutWasiWarning<T>(body: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const message = typeof warning === 'string' ? warning : warning?.message;
    if (type === 'ExperimentalWarning' && /^WASI\b/.test(String(message))) return;
    return (emit as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return body();
  } finally {
    process.emitWarning = emit;
  }
}

let nodeWasiModule: typeof import('node:wasi') | undefined;

function nodeWasi({ args, env, memory }: WasiOptions): GuestWasi {
  nodeWasiModule ??= withoutWasiWarning(() => createRequire(import.meta.url)('node:wasi') as typeof import('node:wasi'));
  const { WASI } = nodeWasiModule;
  const environment: Record<string, string> = {};
  for (const entry of env) {
    const at = entry.indexOf('=');
    environment[entry.slice(0, at)] = entry.slice(at + 1);
  }
  const wasi = withoutWasiWarning(() => new WASI({ version: 'preview1', args: [...args], env: environment, returnOnExit: true }));
  const imports = { ...wasi.wasiImport } as GuestWasi['imports'];
  if (env.length === 0) {
    // Node's (uvwasi's) environ_get answers ERRNO_INVAL for an empty environment, where there is
    // nothing to write: the runner's default. Deno's answers 0, as it should.
    imports.environ_get = (() => 0) as GuestWasi['imports'][string];
  }
  return {
    implementation: 'node:wasi',
    imports,
    run(start) {
      // The instance as node:wasi wants to see it: the memory is the one the guest imports (it
      // need not export it), and _initialize, were the guest to export one, is not its business.
      return wasi.start({ exports: { memory, _start: start } } as unknown as object);
    },
  };
}

// ─── The shim ─────────────────────────────────────────────────────────────────────────────

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_FAULT = 21;
const ERRNO_INVAL = 28;
const ERRNO_IO = 29;
const ERRNO_NOSYS = 52;
const ERRNO_PIPE = 64;

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME_ID = 2;

/** The resolution each clock reads with, in ns. */
const CLOCK_RESOLUTION = new Map([[CLOCK_REALTIME, 1000n], [CLOCK_MONOTONIC, 1n], [CLOCK_PROCESS_CPUTIME_ID, 1000n]]);

function clockNow(id: number): bigint | undefined {
  switch (id) {
    case CLOCK_REALTIME:
      return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
    case CLOCK_MONOTONIC:
      return process.hrtime.bigint();
    case CLOCK_PROCESS_CPUTIME_ID: {
      const { user, system } = process.cpuUsage();
      return BigInt(user + system) * 1000n;
    }
    default:
      return undefined;
  }
}

/** NUL-terminated UTF-8 strings, and their total size, as args_get and environ_get lay them out. */
function cStrings(strings: readonly string[]): { encoded: Uint8Array[]; size: number } {
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => {
    const bytes = encoder.encode(s);
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes);
    return out;
  });
  return { encoded, size: encoded.reduce((n, b) => n + b.length, 0) };
}

function shimWasi({ args, env, memory }: WasiOptions): GuestWasi {
  const argv = cStrings(args);
  const environ = cStrings(env);
  let buffer: ArrayBufferLike | undefined;
  let view!: DataView;
  let bytes!: Uint8Array;
  /** The memory now (it may have grown since the last call). */
  const current = (): void => {
    if (buffer === memory.buffer && buffer.byteLength === view.byteLength) return;
    buffer = memory.buffer;
    view = new DataView(buffer);
    bytes = new Uint8Array(buffer);
  };
  /** Whether [ptr, ptr + length) lies in the memory. */
  const fits = (ptr: number, length: number): boolean => ptr + length <= bytes.length;

  const sizes = (strings: typeof argv) => (countPtr: number, sizePtr: number): number => {
    current();
    countPtr >>>= 0;
    sizePtr >>>= 0;
    if (!fits(countPtr, 4) || !fits(sizePtr, 4)) return ERRNO_FAULT;
    view.setUint32(countPtr, strings.encoded.length, true);
    view.setUint32(sizePtr, strings.size, true);
    return ERRNO_SUCCESS;
  };
  const get = (strings: typeof argv) => (pointersPtr: number, bufferPtr: number): number => {
    current();
    pointersPtr >>>= 0;
    bufferPtr >>>= 0;
    if (!fits(pointersPtr, 4 * strings.encoded.length) || !fits(bufferPtr, strings.size)) return ERRNO_FAULT;
    let at = bufferPtr;
    strings.encoded.forEach((s, i) => {
      view.setUint32(pointersPtr + 4 * i, at, true);
      bytes.set(s, at);
      at += s.length;
    });
    return ERRNO_SUCCESS;
  };

  const implemented: GuestWasi['imports'] = {
    args_sizes_get: sizes(argv),
    args_get: get(argv),
    environ_sizes_get: sizes(environ),
    environ_get: get(environ),
    clock_res_get(id: number, out: number): number {
      current();
      out >>>= 0;
      const resolution = CLOCK_RESOLUTION.get(id >>> 0);
      if (resolution === undefined) return ERRNO_INVAL;
      if (!fits(out, 8)) return ERRNO_FAULT;
      view.setBigUint64(out, resolution, true);
      return ERRNO_SUCCESS;
    },
    clock_time_get(id: number, _precision: bigint, out: number): number {
      current();
      out >>>= 0;
      const now = clockNow(id >>> 0);
      if (now === undefined) return ERRNO_INVAL;
      if (!fits(out, 8)) return ERRNO_FAULT;
      view.setBigUint64(out, now, true);
      return ERRNO_SUCCESS;
    },
    random_get(ptr: number, length: number): number {
      current();
      ptr >>>= 0;
      length >>>= 0;
      if (!fits(ptr, length)) return ERRNO_FAULT;
      // getRandomValues takes at most 65536 bytes at once, into memory of its own.
      const chunk = new Uint8Array(Math.min(length, 65536));
      for (let done = 0; done < length; done += chunk.length) {
        const part = chunk.subarray(0, Math.min(chunk.length, length - done));
        crypto.getRandomValues(part);
        bytes.set(part, ptr + done);
      }
      return ERRNO_SUCCESS;
    },
    proc_exit(code: number): never {
      throw new GuestExit(code >>> 0);
    },
    sched_yield(): number {
      return ERRNO_SUCCESS;
    },
    fd_write(fd: number, iovs: number, iovsLength: number, writtenPtr: number): number {
      current();
      iovs >>>= 0;
      iovsLength >>>= 0;
      writtenPtr >>>= 0;
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      if (!fits(iovs, 8 * iovsLength) || !fits(writtenPtr, 4)) return ERRNO_FAULT;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < iovsLength; i++) {
        const ptr = view.getUint32(iovs + 8 * i, true);
        const length = view.getUint32(iovs + 8 * i + 4, true);
        if (!fits(ptr, length)) return ERRNO_FAULT;
        parts.push(bytes.slice(ptr, ptr + length)); // a copy: the memory is shared
      }
      let total = 0;
      for (const part of parts) {
        const { written, error } = writeAll(fd, part);
        total += written;
        if (error) {
          if (total > 0) break; // what was written is the answer; the error comes next time
          return error.code === 'EPIPE' ? ERRNO_PIPE : ERRNO_IO;
        }
      }
      view.setUint32(writtenPtr, total, true);
      return ERRNO_SUCCESS;
    },
  };
  const imports: GuestWasi['imports'] = {};
  for (const name of Object.keys(WASI_IMPORTS)) imports[name] = implemented[name] ?? ((): number => ERRNO_NOSYS);
  return {
    implementation: 'shim',
    imports,
    run(start) {
      start(); // proc_exit throws a GuestExit, which the runner catches as it catches env.abort's
      return 0;
    },
  };
}
