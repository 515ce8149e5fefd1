// Bun's bindings of libc for the FFI host (bun:ffi), and nothing else. bun:ffi is imported only
// here, dynamically, and the slice of it used is declared below: the package compiles against
// @types/node alone and Node never loads this file.

import { libcOver, type Libc } from './libc.js';

interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): {
    symbols: Record<string, (...args: unknown[]) => number | bigint>;
  };
  ptr(view: ArrayBufferView): number;
  toArrayBuffer(address: number, byteOffset: number, length: number): ArrayBuffer;
  read: { i32(address: number, offset?: number): number };
}

const specifier = 'bun:ffi';
const ffi = (await import(specifier)) as BunFfi;

const i64 = 'i64';
const i32 = 'i32';

let bound: Libc | undefined;

export function libc(): Libc {
  if (bound) return bound;
  const { symbols: s } = ffi.dlopen('libc.so.6', {
    syscall: { args: [i64, i64, i64, i64, i64, i64, i64], returns: 'i64_fast' },
    mmap: { args: [i64, i64, i32, i32, i32, i64], returns: 'i64_fast' },
    munmap: { args: [i64, i64], returns: i32 },
    close: { args: [i32], returns: i32 },
    fcntl: { args: [i32, i32, i32], returns: i32 },
    poll: { args: ['ptr', i64, i32], returns: i32 },
    read: { args: [i32, 'ptr', i64], returns: 'i64_fast' },
    write: { args: [i32, 'ptr', i64], returns: 'i64_fast' },
    eventfd: { args: ['u32', i32], returns: i32 },
    getpid: { args: [], returns: i32 },
    sysconf: { args: [i32], returns: 'i64_fast' },
    __errno_location: { args: [], returns: 'ptr' },
  });
  // errno is per thread; its address is fixed for this one (a Worker loads its own copy).
  const errnoAddress = Number(s.__errno_location());
  bound = libcOver(s, () => ffi.read.i32(errnoAddress), (view) => ffi.ptr(view), (address, length) => ffi.toArrayBuffer(address, 0, length));
  return bound;
}
