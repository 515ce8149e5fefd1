// Errors shaped like Node's own system errors: `code` ('ENOENT'), negative `errno`, `syscall`,
// and `path` where one is known; the message reads like fs's: "ENOENT: no such file or directory,
// open '/missing'".

import { constants as osConstants } from 'node:os';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';

/**
 * Errnos io_uring answers with that libuv's name table lacks: Node's own os.constants.errno
 * names most (ETIME, ECHILD); EBADFD (a ring created with IORING_SETUP_R_DISABLED and not yet
 * enabled) is in neither.
 */
const EXTRA_NAMES = new Map<number, [string, string]>([
  ...Object.entries(osConstants.errno).map(([name, n]): [number, [string, string]] => [-n, [name, name]]),
  [-62, ['ETIME', 'timer expired']],
  [-10, ['ECHILD', 'no child processes']],
  [-77, ['EBADFD', 'file descriptor in bad state']],
]);

function errnoName(errno: number): [string, string] {
  const known = getSystemErrorMap().get(errno);
  if (known) return known;
  return EXTRA_NAMES.get(errno) ?? [getSystemErrorName(errno), 'unknown error'];
}

export interface UringErrorDetails {
  path?: string;
  /** The second path of a two-path call (rename, link), as Node's errors carry it. */
  dest?: string;
  /** Appended to the message: what the kernel's answer means here. */
  hint?: string;
}

/** What wasm-uring throws and rejects with: an Error shaped like Node's system errors. */
export class UringError extends Error {
  /** 'ENOENT' for an errno, 'ERR_URING_*' or Node's 'ERR_*' for the library's own. */
  readonly code: string;
  // `declare`: absent fields stay absent, as on Node's errors, instead of being set to undefined.
  /** The negative errno, for a system error. */
  declare readonly errno?: number;
  /** The call that failed: 'open', 'io_uring_enter', … */
  declare readonly syscall?: string;
  /** The path the call was given, where it had one. */
  declare readonly path?: string;
  /** The second path of a two-path call (rename, link). */
  declare readonly dest?: string;

  constructor(message: string, code: string, fields: { errno?: number; syscall?: string; path?: string; dest?: string } = {}) {
    super(message);
    this.name = 'Error';
    this.code = code;
    for (const key of ['errno', 'syscall', 'path', 'dest'] as const) {
      if (fields[key] !== undefined) Object.defineProperty(this, key, { value: fields[key], enumerable: true });
    }
  }
}

/** The error for a syscall or operation that answered `-errno` (a negative number). */
export function errnoError(negErrno: number, syscall: string, details: UringErrorDetails = {}): UringError {
  const errno = negErrno < 0 ? negErrno : -negErrno;
  const [code, description] = errnoName(errno);
  let message = `${code}: ${description}, ${syscall}`;
  if (details.path !== undefined) message += ` '${details.path}'`;
  if (details.dest !== undefined) message += ` -> '${details.dest}'`;
  if (details.hint) message += ` (${details.hint})`;
  return new UringError(message, code, { errno, syscall, path: details.path, dest: details.dest });
}

/** wasm-uring's own errors (not from the kernel): code ERR_URING_*. */
export function uringError(code: string, message: string): UringError {
  return new UringError(message, code);
}

/**
 * The rejection of an operation whose AbortSignal fired, shaped like Node's own AbortError
 * (name 'AbortError', code 'ABORT_ERR', the signal's reason as `cause`).
 */
export class AbortError extends Error {
  /** Always 'ABORT_ERR', as on Node's AbortError. */
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}
