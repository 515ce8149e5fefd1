// Deno's bindings of libc for the FFI host (Deno.dlopen), and nothing else. The slice of Deno's
// API used here is declared below: the package compiles against @types/node alone.

import { libcOver, type Libc } from './libc.js';

type Pointer = object | null;
interface DenoFfi {
  dlopen(path: string, symbols: Record<string, { parameters: string[]; result: string }>): {
    symbols: Record<string, (...args: unknown[]) => number | bigint | Pointer>;
  };
  UnsafePointer: {
    of(view: ArrayBufferView): Pointer;
    value(pointer: Pointer): number | bigint;
    create(address: number | bigint): Pointer;
  };
  UnsafePointerView: {
    new (pointer: Pointer): { getInt32(offset?: number): number };
    getArrayBuffer(pointer: Pointer, length: number, offset?: number): ArrayBuffer;
  };
}

const i64 = 'i64';
const i32 = 'i32';

let bound: Libc | undefined;

export function libc(): Libc {
  if (bound) return bound;
  const Deno = (globalThis as unknown as { Deno: DenoFfi }).Deno;
  const { symbols: s } = Deno.dlopen('libc.so.6', {
    syscall: { parameters: [i64, i64, i64, i64, i64, i64, i64], result: i64 },
    mmap: { parameters: [i64, i64, i32, i32, i32, i64], result: i64 },
    munmap: { parameters: [i64, i64], result: i32 },
    close: { parameters: [i32], result: i32 },
    fcntl: { parameters: [i32, i32, i32], result: i32 },
    poll: { parameters: ['buffer', i64, i32], result: i32 },
    read: { parameters: [i32, 'buffer', i64], result: i64 },
    write: { parameters: [i32, 'buffer', i64], result: i64 },
    eventfd: { parameters: ['u32', i32], result: i32 },
    getpid: { parameters: [], result: i32 },
    sysconf: { parameters: [i32], result: i64 },
    __errno_location: { parameters: [], result: 'pointer' },
  });
  // errno is per thread; its address is fixed for this one (a Worker loads its own copy).
  const errno = new Deno.UnsafePointerView(s.__errno_location() as Pointer);
  bound = libcOver(s, () => errno.getInt32(),
    (view) => Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(view))),
    (address, length) => Deno.UnsafePointerView.getArrayBuffer(Deno.UnsafePointer.create(BigInt(address)), length));
  return bound;
}
