// runGuest(): runs a WebAssembly guest program (a WASI command, e.g. AssemblyScript importing
// "wasm-uring") with the bridge of this process's host as its "uring" imports, bound to the
// guest's own memory, so that it does its I/O through io_uring.
//
//   1. the binary's imports are read and checked (module.ts, imports.ts): only "uring",
//      "wasi_snapshot_preview1" and "env" (memory, abort, trace, seed); one memory, imported as
//      env.memory, shared, with a maximum (the kernel pins pages of it: it must never move); no
//      start section (it would run before the ABI check)
//   2. compiled; it must export _start
//   3. its memory is created with the declared limits, the bridge bound to it, WASI made
//      (wasi.ts) and the module instantiated
//   4. its uring_abi_version is checked (src/abi.ts) before any of its code runs
//   5. _start runs, synchronously: the guest blocks in io_uring_enter as it waits; the event
//      loop does not turn until it ends. Its exit code is proc_exit's, 0 when _start returns,
//      134 when it aborts (env.abort: the message on stderr).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkAbi } from '../abi.js';
import { uringError, type UringError } from '../errors.js';
import { host } from '../host.js';
import { invalidArgType, invalidArgValue, validateObject, validateOneOf, validateString } from '../validate.js';
import { envImports, GuestExit } from './env.js';
import { checkEntry, checkImports, checkMemory, WASI_MODULE } from './imports.js';
import { invalidGuest, readModuleInfo, reflectModuleInfo, WASM_PAGE, type MemoryLimits, type ModuleInfo } from './module.js';
import { createWasi, type WasiChoice } from './wasi.js';

export type { WasiChoice };

/** A guest program: a path (or file: URL) to a .wasm file, its bytes, or a compiled module. */
export type Guest = string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** What runGuest() runs a guest with: its arguments and environment, its name, its memory, its WASI. */
export interface RunGuestOptions {
  /** The guest's arguments, after argv[0] (which is `name`). Default none. */
  args?: readonly string[];
  /**
   * The guest's environment (its environ_get), as NAME → value; undefined values are left
   * out. Default: none at all, not this process's (pass `env: process.env` to hand it on).
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** argv[0], and how errors name the guest. Default: the path as given, else 'guest'. */
  name?: string;
  /**
   * The memory to run the guest in, instead of a new one with the limits the guest declares: a
   * shared WebAssembly.Memory its import accepts (for a caller that wants to look into it, or to
   * run a compiled WebAssembly.Module, which does not tell its memory's limits).
   */
  memory?: WebAssembly.Memory;
  /**
   * The WASI preview 1 implementation: 'auto' (the default: the runtime's node:wasi on Node
   * and Deno, the runner's own shim on Bun), 'node:wasi' (not on Bun) or 'shim'.
   */
  wasi?: WasiChoice;
}

/** What runGuest made of its options. */
interface Settings {
  name: string;
  argv: string[];
  env: string[];
  memory: WebAssembly.Memory | undefined;
  wasi: WasiChoice;
}

function noNul(value: string, name: string): string {
  if (value.includes('\0')) throw invalidArgValue(name, value, 'must not contain NUL characters');
  return value;
}

function settings(guest: Guest, options: RunGuestOptions | undefined): Settings {
  const o: RunGuestOptions = options === undefined ? {} : validateObject(options, 'options');
  const name = o.name !== undefined ? noNul(validateString(o.name, 'options.name'), 'options.name')
    : typeof guest === 'string' ? guest : guest instanceof URL ? (guest.protocol === 'file:' ? fileURLToPath(guest) : guest.href) : 'guest';
  const args = o.args ?? [];
  if (!Array.isArray(args)) throw invalidArgType('options.args', 'Array', args);
  const argv = [name, ...args.map((arg: unknown, i) => noNul(validateString(arg, `options.args[${i}]`), `options.args[${i}]`))];
  const env: string[] = [];
  if (o.env !== undefined) {
    validateObject(o.env, 'options.env');
    for (const [key, value] of Object.entries(o.env)) {
      if (value === undefined) continue;
      if (key === '' || key.includes('=') || key.includes('\0')) throw invalidArgValue('options.env', key, `has a name that cannot be one: ${JSON.stringify(key)}`);
      env.push(`${key}=${noNul(validateString(value, `options.env.${key}`), `options.env.${key}`)}`);
    }
  }
  const memory = o.memory;
  if (memory !== undefined) {
    if (!(memory instanceof WebAssembly.Memory)) throw invalidArgType('options.memory', 'WebAssembly.Memory', memory);
    if (!(memory.buffer instanceof SharedArrayBuffer)) throw invalidArgValue('options.memory', memory, 'must be a shared memory');
  }
  const wasi = o.wasi === undefined ? 'auto' : validateOneOf(o.wasi, 'options.wasi', ['auto', 'node:wasi', 'shim'] as const);
  return { name, argv, env, memory, wasi };
}

/** The guest's bytes (read from its file), or its compiled module. */
async function load(guest: Guest): Promise<Uint8Array | WebAssembly.Module> {
  if (guest instanceof WebAssembly.Module) return guest;
  if (typeof guest === 'string' || guest instanceof URL) return new Uint8Array(await readFile(guest));
  if (guest instanceof ArrayBuffer) return new Uint8Array(guest);
  if (ArrayBuffer.isView(guest)) return new Uint8Array(guest.buffer, guest.byteOffset, guest.byteLength);
  throw invalidArgType('guest', ['string', 'URL', 'ArrayBuffer', 'TypedArray', 'DataView', 'WebAssembly.Module'], guest);
}

/** An error with the engine's as its cause (where the Wasm stack is). */
function withCause(error: UringError, cause: unknown): UringError {
  Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A WebAssembly trap, or the engine's stack overflow (a RangeError, not a RuntimeError). */
function isTrap(error: unknown): error is Error {
  return error instanceof WebAssembly.RuntimeError || (error instanceof RangeError && /call stack/i.test(error.message));
}

/** What the engine says of a trap, without JavaScriptCore's "(evaluating 'start()')": the runner's call, not the guest's. */
function trapMessage(error: Error): string {
  return error.message.replace(/ \(evaluating '[^']*'\)$/, '');
}

/** The guest's memory: the caller's, or a new one with the limits it declares. */
function guestMemory(limits: MemoryLimits | null, given: WebAssembly.Memory | undefined, name: string): WebAssembly.Memory {
  if (given) {
    if (limits && given.buffer.byteLength < limits.initial * WASM_PAGE) {
      throw uringError('ERR_URING_GUEST_MEMORY', `${name} needs a memory of at least ${limits.initial} pages; options.memory has ` +
        `${given.buffer.byteLength / WASM_PAGE}`);
    }
    return given;
  }
  if (!limits) {
    throw uringError('ERR_URING_GUEST_MEMORY', `${name} is a compiled WebAssembly.Module, which does not tell its memory's limits: ` +
      "pass the guest's path or bytes instead, or a shared memory it accepts as options.memory");
  }
  try {
    return new WebAssembly.Memory({ initial: limits.initial, maximum: limits.maximum!, shared: true });
  } catch (error) {
    throw withCause(uringError('ERR_URING_GUEST_MEMORY', `${name}'s memory (${limits.initial} pages, at most ${limits.maximum}) ` +
      `could not be created: ${messageOf(error)}`), error);
  }
}

/**
 * Runs `guest` to its end and resolves to its exit code: what it passed to WASI's proc_exit, 0
 * when its _start returned, 134 when it aborted (AssemblyScript's abort(): the message on
 * stderr). Rejects without running it when it is not a guest the runner can run (a clear
 * ERR_URING_GUEST_* or ERR_URING_ABI error saying why), and with ERR_URING_GUEST_TRAP when it
 * trapped.
 *
 * The guest runs synchronously, inside _start: while it waits in io_uring_enter the event loop
 * does not turn (run it in a worker to keep one going). Rings it leaves open are its own; the
 * host closes their fds when the environment (the process, the worker) ends.
 */
export async function runGuest(guest: Guest, options?: RunGuestOptions): Promise<number> {
  const s = settings(guest, options);
  const { name } = s;
  const loaded = await load(guest);
  const bytes = loaded instanceof WebAssembly.Module ? undefined : loaded;
  const info: ModuleInfo = bytes ? readModuleInfo(bytes, name) : reflectModuleInfo(loaded as WebAssembly.Module);
  const limits = checkImports(info, name);
  checkMemory(info, limits, name);

  let module: WebAssembly.Module;
  if (bytes) {
    try {
      module = await WebAssembly.compile(bytes);
    } catch (error) {
      if (error instanceof WebAssembly.CompileError) throw withCause(invalidGuest(name, error.message), error);
      throw error;
    }
  } else {
    module = loaded as WebAssembly.Module;
  }
  checkEntry(info, WebAssembly.Module.exports(module), name);

  const memory = guestMemory(limits ?? null, s.memory, name);
  const bridge = host.createBridge(memory, new Uint8Array(memory.buffer));
  if (!bridge) throw uringError('ERR_URING_BRIDGE', `the host bridge could not bind ${name}'s memory`);
  const wasi = createWasi(s.wasi, { args: s.argv, env: s.env, memory });
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, {
      uring: bridge as unknown as WebAssembly.ModuleImports,
      [WASI_MODULE]: wasi.imports as unknown as WebAssembly.ModuleImports,
      env: { memory, ...envImports(memory) } as unknown as WebAssembly.ModuleImports,
    });
  } catch (error) {
    if (error instanceof WebAssembly.LinkError) {
      // What the checks could not see: a compiled module's imports' types, a given memory's maximum.
      throw withCause(uringError('ERR_URING_GUEST_IMPORT', `${name} cannot be linked: ${error.message}`), error);
    }
    if (error instanceof WebAssembly.RuntimeError) {
      // A data or element segment that does not fit, or a compiled module's start function.
      throw withCause(uringError('ERR_URING_GUEST_INVALID', `${name} could not be instantiated: ${error.message}`), error);
    }
    throw error;
  }
  const exports = instance.exports;
  if (info.imports.some((i) => i.module === 'uring') || 'uring_abi_version' in exports) checkAbi(exports, name);

  const start = exports._start as () => void;
  let code: number;
  try {
    code = wasi.run(() => start());
  } catch (error) {
    if (error instanceof GuestExit) code = error.code;
    else if (isTrap(error)) throw withCause(uringError('ERR_URING_GUEST_TRAP', `${name} trapped: ${trapMessage(error)}`), error);
    else throw error;
  }
  return code >>> 0;
}
