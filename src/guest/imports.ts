// What a guest may import, and the check of what it does import, before anything is compiled or
// instantiated: each import named, of its kind and (where the binary says it) of its type; the one
// memory imported as env.memory, shared, with a maximum; no start section.
//
//   "uring"                   the bridge ABI (assembly/bridge.ts), bound to the guest's memory
//   "wasi_snapshot_preview1"  WASI preview 1: args, environment, clocks, random, exit (wasi.ts)
//   "env"                     memory; AssemblyScript's abort, trace and seed (env.ts)

import { uringError, type UringError } from '../errors.js';
import { HOST_ABI_VERSION, IMPORTS, importType } from '../abi.js';
import { formatType, WASM_PAGE, type FuncType, type MemoryLimits, type ModuleInfo, type ValType } from './module.js';

/** A function type from its parameters' and results' letters: 'iI' = (i32, i64); 'F' = f64. */
function sig(params: string, results = 'i'): FuncType {
  const types: Record<string, ValType> = { i: 'i32', I: 'i64', F: 'f64' };
  return { params: [...params].map((c) => types[c]!), results: [...results].map((c) => types[c]!) };
}

/** The bridge ABI's imports (src/abi.ts; pointers and lengths are i32 offsets). */
export const URING_IMPORTS: Readonly<Record<string, FuncType>> = Object.fromEntries(IMPORTS.map((spec) => [spec.name, importType(spec)]));

/** WASI preview 1, every function (witx: wasi_snapshot_preview1), with its core type. */
export const WASI_IMPORTS: Readonly<Record<string, FuncType>> = {
  args_get: sig('ii'),
  args_sizes_get: sig('ii'),
  environ_get: sig('ii'),
  environ_sizes_get: sig('ii'),
  clock_res_get: sig('ii'),
  clock_time_get: sig('iIi'),
  fd_advise: sig('iIIi'),
  fd_allocate: sig('iII'),
  fd_close: sig('i'),
  fd_datasync: sig('i'),
  fd_fdstat_get: sig('ii'),
  fd_fdstat_set_flags: sig('ii'),
  fd_fdstat_set_rights: sig('iII'),
  fd_filestat_get: sig('ii'),
  fd_filestat_set_size: sig('iI'),
  fd_filestat_set_times: sig('iIIi'),
  fd_pread: sig('iiiIi'),
  fd_prestat_get: sig('ii'),
  fd_prestat_dir_name: sig('iii'),
  fd_pwrite: sig('iiiIi'),
  fd_read: sig('iiii'),
  fd_readdir: sig('iiiIi'),
  fd_renumber: sig('ii'),
  fd_seek: sig('iIii'),
  fd_sync: sig('i'),
  fd_tell: sig('ii'),
  fd_write: sig('iiii'),
  path_create_directory: sig('iii'),
  path_filestat_get: sig('iiiii'),
  path_filestat_set_times: sig('iiiiIIi'),
  path_link: sig('iiiiiii'),
  path_open: sig('iiiiiIIii'),
  path_readlink: sig('iiiiii'),
  path_remove_directory: sig('iii'),
  path_rename: sig('iiiiii'),
  path_symlink: sig('iiiii'),
  path_unlink_file: sig('iii'),
  poll_oneoff: sig('iiii'),
  proc_exit: sig('i', ''),
  proc_raise: sig('i'),
  sched_yield: sig(''),
  random_get: sig('ii'),
  sock_accept: sig('iii'),
  sock_recv: sig('iiiiii'),
  sock_send: sig('iiiii'),
  sock_shutdown: sig('ii'),
};

/** AssemblyScript's env functions: abort(msg, file, line, col), trace(msg, n, a0…a4), seed(). */
export const ENV_IMPORTS: Readonly<Record<string, FuncType>> = {
  abort: sig('iiii', ''),
  trace: sig('iiFFFFF', ''),
  seed: sig('', 'F'),
};

export const WASI_MODULE = 'wasi_snapshot_preview1';

const PROVIDED = `the runner provides "uring" (the bridge ABI, version ${HOST_ABI_VERSION}), "${WASI_MODULE}" ` +
  '(WASI preview 1) and "env" (memory, abort, trace, seed)';

/** The asc flags that give a guest the memory the runner wants. */
export const MEMORY_FLAGS = '--importMemory --sharedMemory --maximumMemory N --enable threads';

const MEMORY_WHY = 'a guest imports its memory (env.memory) shared and with a maximum, so that it never moves while the kernel ' +
  'uses pages of it';

const same = (a: FuncType, b: FuncType): boolean =>
  a.params.length === b.params.length && a.results.length === b.results.length &&
  a.params.every((t, i) => t === b.params[i]) && a.results.every((t, i) => t === b.results[i]);

/** Whether `module`.`name` is something the runner provides, and its type if a function. */
function provided(module: string, name: string): { kind: 'function'; type: FuncType } | { kind: 'memory' } | undefined {
  const table = module === 'uring' ? URING_IMPORTS : module === WASI_MODULE ? WASI_IMPORTS : module === 'env' ? ENV_IMPORTS : undefined;
  if (module === 'env' && name === 'memory') return { kind: 'memory' };
  if (table && Object.hasOwn(table, name)) return { kind: 'function', type: table[name]! };
  return undefined;
}

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`);

/**
 * Throws unless every import of `info` is one the runner provides, of its kind and type:
 * ERR_URING_GUEST_IMPORT naming each one that is not. Returns the limits of its env.memory
 * import (for checkMemory): null when they are unknown (a compiled Module's reflection does not
 * say them), undefined when it imports no memory.
 */
export function checkImports(info: ModuleInfo, name: string): MemoryLimits | null | undefined {
  const unknown: string[] = [];
  const wrong: string[] = [];
  let memory: MemoryLimits | null | undefined;
  for (const entry of info.imports) {
    const what = `"${entry.module}"."${entry.name}"`;
    const wanted = provided(entry.module, entry.name);
    if (!wanted) {
      unknown.push(entry.kind === 'function' ? what : `${what} (${article(entry.kind)})`);
    } else if (wanted.kind !== entry.kind) {
      wrong.push(`${what} as ${article(entry.kind)}, but it is ${article(wanted.kind)}`);
    } else if (wanted.kind === 'function' && entry.type && !same(entry.type, wanted.type)) {
      wrong.push(`${what} as ${formatType(entry.type)}, but it is ${formatType(wanted.type)}`);
    } else if (wanted.kind === 'memory') {
      memory = entry.limits ?? null; // null: imported, limits unknown (a compiled Module)
    }
  }
  if (unknown.length > 0) {
    throw uringError('ERR_URING_GUEST_IMPORT', `${name} imports ${unknown.length === 1 ? 'something' : 'things'} the runner does not provide: ` +
      `${unknown.join(', ')} (${PROVIDED})`);
  }
  if (wrong.length > 0) throw uringError('ERR_URING_GUEST_IMPORT', `${name} imports ${wrong.join('; ')}`);
  return memory;
}

function memoryError(message: string): UringError {
  return uringError('ERR_URING_GUEST_MEMORY', message);
}

/**
 * Throws ERR_URING_GUEST_MEMORY unless the guest imports one memory (`imported`, from
 * checkImports) that is shared, 32-bit, of 64 KiB pages and has a maximum, and defines none of
 * its own; the message says what is wrong and which asc flags fix it.
 */
export function checkMemory(info: ModuleInfo, imported: MemoryLimits | null | undefined, name: string): void {
  if (info.definedMemories.length > 0) {
    throw memoryError(`${name} defines its own memory; ${MEMORY_WHY}: build it with asc ${MEMORY_FLAGS}`);
  }
  if (imported === undefined) {
    throw memoryError(`${name} has no memory; ${MEMORY_WHY}: build it with asc ${MEMORY_FLAGS}`);
  }
  if (imported === null) return;
  if (imported.memory64) {
    throw memoryError(`${name} imports a 64-bit memory; the bridge ABI takes 32-bit offsets: build it without memory64, with asc ${MEMORY_FLAGS}`);
  }
  if (imported.pageSizeLog2 !== undefined && imported.pageSizeLog2 !== 16) {
    throw memoryError(`${name} imports a memory of ${2 ** Math.min(imported.pageSizeLog2, 64)}-byte pages; the runner gives 64 KiB pages`);
  }
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!imported.shared) {
    problems.push('is not shared');
    fixes.push('--sharedMemory', '--enable threads');
  }
  if (imported.maximum === undefined) {
    problems.push('has no maximum');
    fixes.push('--maximumMemory N');
  }
  if (problems.length > 0) {
    throw memoryError(`${name} imports a memory that ${problems.join(' and ')}; ${MEMORY_WHY}: build it with asc ${fixes.join(' ')} ` +
      `(all together: ${MEMORY_FLAGS})`);
  }
  const maximum = imported.maximum!;
  if (imported.initial > maximum) {
    throw memoryError(`${name} imports a memory of ${imported.initial} pages initially, more than its maximum of ${maximum}`);
  }
  if (maximum > 65536) {
    throw memoryError(`${name} imports a memory of at most ${maximum} pages (${maximum * WASM_PAGE} bytes), more than 4 GiB (65536 pages)`);
  }
}

/**
 * Throws ERR_URING_GUEST_START when the guest has a start section (code that would run at
 * instantiation, before its ABI version is checked) or does not export `_start`, the entry of a
 * WASI command.
 */
export function checkEntry(info: ModuleInfo, exports: readonly { name: string; kind: string }[], name: string): void {
  if (info.startSection) {
    throw uringError('ERR_URING_GUEST_START', `${name} has a start section: its start function would run when it is instantiated, ` +
      'before the runner checks its bridge ABI version; a guest is a WASI command whose code runs from _start: build it with asc --exportStart _start');
  }
  const start = exports.find((e) => e.name === '_start');
  if (start?.kind === 'function') return;
  const reactor = exports.some((e) => e.name === '_initialize' && e.kind === 'function');
  throw uringError('ERR_URING_GUEST_START', `${name} does not export a function _start, the entry of a WASI command` +
    `${start ? ` (its _start is ${article(start.kind)})` : reactor ? ' (it exports _initialize: a WASI reactor, which the runner does not run)' : ''}: ` +
    'build it with asc --exportStart _start');
}
