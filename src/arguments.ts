// The argument checks of the low-level API (Ring, RingMemory, BufferRing), cheap enough for the
// prepare path: one typeof/integer test per argument, no allocation; only a failing check builds
// its error, with Node's codes and wording (src/validate.ts).
//
// The widths are those of the SQE fields or struct members the values land in: a value that does
// not fit would be truncated silently by the Wasm call (NaN becomes 0, 2^32 + 3 becomes 3).

import { inspect } from 'node:util';
import { invalidArgType, invalidArgValue, outOfRange, validateInteger, validateObject } from './validate.js';

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const UINT32_MAX = 0xffff_ffff;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The error validateInteger would throw for `value` outside [min, max]. */
function integerError(value: unknown, name: string, min: number, max: number): Error {
  try {
    validateInteger(value, name, min, max);
  } catch (error) {
    return error as Error;
  }
  return outOfRange(name, `>= ${min} && <= ${max}`, value);
}

/** A completion's user_data: an integer 0 … 2^53-1 (it comes back exactly). */
export function userDataArg(value: number, name = 'userData'): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw integerError(value, name, 0, MAX_SAFE);
}

/** A 64-bit unsigned value carried as a number: an integer 0 … 2^53-1. */
export function u64Arg(value: number, name: string): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw integerError(value, name, 0, MAX_SAFE);
}

/** A file offset: -1 (the current position, or "none") or an integer 0 … 2^53-1. */
export function offsetArg(value: number, name = 'offset'): number {
  if (value === -1 || (Number.isSafeInteger(value) && value >= 0)) return value;
  throw integerError(value, name, -1, MAX_SAFE);
}

/** An int: fds (AT_FDCWD is -100, -1 is "none" where the kernel allows it), signed fields. */
export function i32Arg(value: number, name: string): number {
  if ((value | 0) === value) return value;
  throw integerError(value, name, INT32_MIN, INT32_MAX);
}

/** An unsigned 32-bit count, length or mask. */
export function u32Arg(value: number, name: string): number {
  if (value >>> 0 === value) return value;
  throw integerError(value, name, 0, UINT32_MAX);
}

/** A 32-bit flags word, given as signed or unsigned (0x80000000 and -0x80000000 both fit). */
export function bits32Arg(value: number, name: string): number {
  if ((value | 0) === value || value >>> 0 === value) return value;
  throw integerError(value, name, INT32_MIN, UINT32_MAX);
}

export function u16Arg(value: number, name: string): number {
  if ((value & 0xffff) === value) return value;
  throw integerError(value, name, 0, 0xffff);
}

export function u8Arg(value: number, name: string): number {
  if ((value & 0xff) === value) return value;
  throw integerError(value, name, 0, 0xff);
}

/** An integer in [min, max]. */
export function intArg(value: number, name: string, min: number, max: number): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw integerError(value, name, min, max);
}

/** An array argument (Node's validateArray). */
export function arrayArg<T>(value: readonly T[], name: string): readonly T[] {
  if (!Array.isArray(value)) throw invalidArgType(name, 'Array', value);
  return value;
}

/** An options object, or undefined (then `{}`). */
export function optionsArg<T extends object>(value: T | undefined, name = 'options'): T {
  return value === undefined ? ({} as T) : validateObject<T>(value, name);
}

/** ERR_INVALID_ARG_TYPE for something that is not a Buffer, TypedArray or DataView. */
export function notAView(value: unknown, name: string): TypeError {
  return invalidArgType(name, ['Buffer', 'TypedArray', 'DataView'], value);
}

/** A view shown by its kind and size in messages ("Uint8Array(64)"), not its contents. */
export function shownView(view: ArrayBufferView): { [inspect.custom](): string } {
  const kind = view.constructor?.name ?? 'ArrayBufferView';
  const size = 'length' in view ? (view as unknown as { length: number }).length : view.byteLength;
  return { [inspect.custom]: () => `${kind}(${size})` };
}

/** ERR_INVALID_ARG_VALUE: `view` holds fewer bytes than the kernel will use through it. */
export function viewTooSmall(name: string, view: ArrayBufferView, need: number, what: string): TypeError {
  return invalidArgValue(name, shownView(view),
    `must hold at least ${need} bytes (${what}); it has ${view.byteLength}`);
}

/** ERR_OUT_OF_RANGE: a count of entries larger than the array that holds them. */
export function countTooLarge(name: string, value: number, room: number, what: string): RangeError {
  return outOfRange(name, `>= 0 && <= ${room} (${what})`, value);
}
