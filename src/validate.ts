// Argument validation with Node's own error codes and messages (ERR_INVALID_ARG_TYPE,
// ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE), as lib/internal/validators.js words them, so a
// caller of wasm-uring sees what a caller of node:fs sees for the same mistake:
//
//   TypeError [ERR_INVALID_ARG_TYPE]: The "fd" argument must be of type number. Received type string ('abc')
//   RangeError [ERR_OUT_OF_RANGE]: The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received -1
//
// A name with a dot ("options.signal") is a property, otherwise an argument.

import { inspect } from 'node:util';

const INT32_MAX = 0x7fff_ffff;
const UINT32_MAX = 0xffff_ffff;

/** An error like Node's internal ones: `code`, and the code in the first line of the stack. */
function nodeError<E extends Error>(Base: new (message: string) => E, code: string, message: string): E & { code: string } {
  const error = new Base(message) as E & { code: string };
  // Node shows "TypeError [CODE]: …" in the stack while `name` stays "TypeError".
  const name = error.name;
  Object.defineProperty(error, 'name', { value: `${name} [${code}]`, configurable: true, writable: true });
  void error.stack; // V8 formats the stack header now, with the temporary name
  delete (error as { name?: string }).name;
  Object.defineProperty(error, 'code', { value: code, enumerable: true, configurable: true, writable: true });
  return error;
}

/** What Node's messages say about the value received (its determineSpecificType). */
function received(value: unknown): string {
  if (value === null || value === undefined) return `Received ${value}`;
  if (typeof value === 'function') return `Received function ${value.name}`;
  if (typeof value === 'object') {
    const constructor = (value as { constructor?: { name?: string } }).constructor;
    return constructor && 'name' in constructor ? `Received an instance of ${constructor.name}` : `Received ${inspect(value, { depth: -1 })}`;
  }
  if (typeof value === 'string') {
    const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
    return `Received type string (${shown.includes("'") ? JSON.stringify(shown) : `'${shown}'`})`;
  }
  return `Received type ${typeof value} (${typeof value === 'bigint' ? `${value}n` : inspect(value, { colors: false })})`;
}

/** Node's rendering of an out-of-range number: separators in big integers, `n` for bigints. */
function receivedNumber(value: unknown): string {
  const separated = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '_');
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) return separated(String(value));
  if (typeof value === 'bigint') {
    return value > 2n ** 32n || value < -(2n ** 32n) ? `${separated(String(value))}n` : `${value}n`;
  }
  return inspect(value);
}

const kind = (name: string): string => (name.includes('.') ? 'property' : 'argument');

/** Type names as typeof says them; 'Function' and 'Object' read as types too, as in Node. */
const TYPES = new Set(['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean', 'bigint', 'symbol']);
/** Capitalised words are class names ('Buffer', 'TypedArray'); anything else ('integer', 'ArrayBufferView[]') is said as is. */
const CLASS_NAME = /^([A-Z][a-z0-9]*)+$/;

/** "a, b, or c" / "a or b". */
function list(items: readonly string[]): string {
  return items.length < 3 ? items.join(' or ') : `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`;
}

/** What `expected` says after "must be", worded as Node's ERR_INVALID_ARG_TYPE words it. */
function expectation(expected: readonly string[]): string {
  const types: string[] = [];
  const instances: string[] = [];
  const other: string[] = [];
  for (const e of expected) {
    if (TYPES.has(e)) types.push(e.toLowerCase());
    else if (CLASS_NAME.test(e)) instances.push(e);
    else other.push(e);
  }
  // With instances allowed too, a plain object reads as one more class.
  if (instances.length > 0 && types.includes('object')) {
    types.splice(types.indexOf('object'), 1);
    instances.push('Object');
  }
  const parts: string[] = [];
  if (types.length) parts.push(`${types.length > 1 ? 'one of type' : 'of type'} ${list(types)}`);
  if (instances.length) parts.push(`an instance of ${list(instances)}`);
  if (other.length) {
    parts.push(other.length > 1 ? `one of ${list(other)}` : `${other[0]!.toLowerCase() !== other[0] ? 'an ' : ''}${other[0]}`);
  }
  return parts.join(' or ');
}

/** ERR_INVALID_ARG_TYPE: `name` should have been one of `expected` (types or class names). */
export function invalidArgType(name: string, expected: string | readonly string[], value: unknown): TypeError {
  const what = typeof expected === 'string' ? [expected] : expected;
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind(name)} must be ${expectation(what)}. ${received(value)}`);
}

/** ERR_INVALID_ARG_VALUE: `name` has the right type but a value that cannot be used. */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): TypeError {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind(name)} '${name}' ${reason}. Received ${shown}`);
}

/** ERR_INVALID_ARG_VALUE as a RangeError (Node has both kinds: ERR_INVALID_ARG_VALUE.RangeError). */
export function invalidArgValueRange(name: string, value: unknown, reason = 'is invalid'): RangeError {
  let shown = inspect(value);
  if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
  return nodeError(RangeError, 'ERR_INVALID_ARG_VALUE', `The ${kind(name)} '${name}' ${reason}. Received ${shown}`);
}

/** ERR_OUT_OF_RANGE: `range` says what it must be ('>= 0 && <= 10', 'an integer'). */
export function outOfRange(name: string, range: string, value: unknown): RangeError {
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. ${'Received ' + receivedNumber(value)}`);
}

// ─── Validators: each returns the value it accepted ──────────────────────────────────────────────

/** An integer in [min, max] (Node's validateInteger, the bounds of the safe integers by default). */
export function validateInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

export function validateInt32(value: unknown, name: string, min = -INT32_MAX - 1, max = INT32_MAX): number {
  return validateInteger(value, name, min, max);
}

export function validateUint32(value: unknown, name: string, positive = false): number {
  return validateInteger(value, name, positive ? 1 : 0, UINT32_MAX);
}

/** A file descriptor: an int32 ≥ 0. */
export function validateFd(value: unknown, name = 'fd'): number {
  return validateInt32(value, name, 0);
}

/** A finite number ≥ `min` (durations). */
export function validateNumber(value: unknown, name: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (Number.isNaN(value) || value < min || value > max) {
    const range = min === -Infinity ? `<= ${max}` : max === Infinity ? `>= ${min}` : `>= ${min} && <= ${max}`;
    throw outOfRange(name, range, value);
  }
  return value;
}

export function validateString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
  return value;
}

export function validateBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value);
  return value;
}

export function validateFunction(value: unknown, name: string): (...args: never[]) => unknown {
  if (typeof value !== 'function') throw invalidArgType(name, 'Function', value);
  return value as (...args: never[]) => unknown;
}

/** An options object (not null, not an array). */
export function validateObject<T extends object>(value: unknown, name: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidArgType(name, 'Object', value);
  return value as T;
}

/** An AbortSignal or undefined (Node's validateAbortSignal). */
export function validateAbortSignal(value: unknown, name = 'options.signal'): AbortSignal | undefined {
  if (value !== undefined && (value === null || typeof value !== 'object' || !('aborted' in value))) {
    throw invalidArgType(name, 'AbortSignal', value);
  }
  return value as AbortSignal | undefined;
}

/** A Buffer, TypedArray or DataView. */
export function validateBuffer(value: unknown, name = 'buffer'): ArrayBufferView {
  if (!ArrayBuffer.isView(value)) throw invalidArgType(name, ['Buffer', 'TypedArray', 'DataView'], value);
  return value;
}

/** One of a fixed set of values (Node's validateOneOf). */
export function validateOneOf<T>(value: unknown, name: string, oneOf: readonly T[]): T {
  if (!oneOf.includes(value as T)) {
    const allowed = oneOf.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
    throw invalidArgValue(name, value, `must be one of: ${allowed}`);
  }
  return value as T;
}

/** A file mode: a uint32 or an octal string ('644'); `fallback` when undefined (Node's parseFileMode). */
export function parseFileMode(value: unknown, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string') {
    if (!/^[0-7]+$/.test(value)) throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string');
    value = parseInt(value, 8);
  }
  return validateUint32(value, name);
}

/** ERR_SOCKET_BAD_PORT (a RangeError): Node's validatePort, numeric strings included; returns the port. */
export function validatePort(value: unknown, name = 'Port', allowZero = true): number {
  const port = value as number | string;
  if ((typeof value !== 'number' && typeof value !== 'string') ||
      (typeof value === 'string' && value.trim().length === 0) ||
      +port !== (+port >>> 0) || +port > 0xffff || (+port === 0 && !allowZero)) {
    const message = `${name} should be ${allowZero ? '>=' : '>'} 0 and < 65536. ${received(value)}.`;
    throw nodeError(RangeError, 'ERR_SOCKET_BAD_PORT', message);
  }
  return +port;
}

/** ERR_FS_FILE_TOO_LARGE (a RangeError), as fs.promises.readFile throws it past 2 GiB. */
export function fileTooLarge(size: number): RangeError {
  return nodeError(RangeError, 'ERR_FS_FILE_TOO_LARGE', `File size (${size}) is greater than 2 GiB`);
}

/** An array of Buffers, TypedArrays or DataViews (Node's validateBufferArray). */
export function validateBufferArray(value: unknown, name = 'buffers'): ArrayBufferView[] {
  if (!Array.isArray(value) || !value.every((b) => ArrayBuffer.isView(b))) throw invalidArgType(name, 'ArrayBufferView[]', value);
  return value;
}

/** An encoding Buffer knows ('utf8', 'latin1', 'base64'…), as Node's assertEncoding checks it. */
export function validateEncoding(value: unknown, name = 'encoding'): BufferEncoding {
  if (typeof value !== 'string' || !Buffer.isEncoding(value)) throw invalidArgValue(name, value, 'is invalid encoding');
  return value;
}

/** A path as the kernel takes it: a string or bytes, without NUL (NUL would end it early). */
export function validatePath(value: unknown, name = 'path'): string | Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw invalidArgType(name, ['string', 'Buffer', 'URL'], value);
  if (typeof value === 'string' ? value.includes('\0') : value.includes(0)) {
    throw invalidArgValue(name, value, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return value;
}
