// The guest's "env" imports besides its memory: what AssemblyScript's standard library asks of
// its host. abort(msg, file, line, col) ends the guest with exit code 134 (SIGABRT's 128 + 6),
// its message on stderr; trace(msg, n, a0…a4) prints a line to stderr; seed() seeds Math.random.

import { writeStderr } from './stdio.js';

/** Thrown through the guest's frames to end it with `code` (proc_exit, abort); caught by the runner. */
export class GuestExit {
  constructor(readonly code: number) {}
}

/** The exit code of a guest that aborted, as a process killed by SIGABRT reports it. */
export const ABORT_EXIT_CODE = 134;

/** The longest string of the guest's that a diagnostic shows, in UTF-16 code units. */
const MAX_CHARS = 4096;

/**
 * An AssemblyScript string in `memory` at `ptr` (UTF-16LE; its byte length is the u32 at
 * ptr - 4), or null for ptr 0. A pointer or length that does not fit the memory reads as a
 * placeholder, never as an error: the guest is ending anyway.
 */
export function readString(memory: WebAssembly.Memory, ptr: number): string | null {
  ptr >>>= 0;
  if (ptr === 0) return null;
  const buffer = memory.buffer;
  if (ptr < 4 || ptr > buffer.byteLength) return `(string at ${ptr}: outside the memory)`;
  const length = new DataView(buffer).getUint32(ptr - 4, true);
  if (length > buffer.byteLength - ptr) return `(string at ${ptr} of ${length} bytes: runs past the memory)`;
  const shown = Math.min(length - (length % 2), MAX_CHARS * 2); // whole code units (no `& ~1`: lengths reach 2^32)
  // A copy: the guest's memory is a SharedArrayBuffer.
  const bytes = new Uint8Array(buffer, ptr, shown).slice();
  const text = new TextDecoder('utf-16le').decode(bytes);
  return shown < length ? `${text}…` : text;
}

/** The env functions, reading strings from `memory`. */
export function envImports(memory: WebAssembly.Memory): Record<string, (...args: number[]) => unknown> {
  return {
    abort(msg: number, file: number, line: number, column: number): never {
      const message = readString(memory, msg) ?? '(no message)';
      const where = readString(memory, file);
      writeStderr(`abort: ${message}${where === null ? '' : ` at ${where}:${line >>> 0}:${column >>> 0}`}\n`);
      throw new GuestExit(ABORT_EXIT_CODE);
    },
    trace(msg: number, n: number, ...values: number[]): void {
      const count = Math.max(0, Math.min(n | 0, values.length));
      const shown = values.slice(0, count).map((v) => String(v)).join(', ');
      writeStderr(`trace: ${readString(memory, msg) ?? ''}${count > 0 ? ` ${shown}` : ''}\n`);
    },
    seed(): number {
      // 53 random bits, as a number (AssemblyScript reinterprets it as the seed's bits).
      const [high, low] = crypto.getRandomValues(new Uint32Array(2));
      return (high! >>> 11) * 2 ** 32 + low!;
    },
  };
}
