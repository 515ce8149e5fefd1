// node:fs for the tests, whose fds often come from io_uring operations or from support/fds.js
// rather than from node:fs. Deno's node:fs answers EBADF for any fd Deno did not open itself
// (Deno 2.9), so there the fd calls the tests use fall back to libc (Deno.dlopen, the tests run
// with -A) or to the /proc/self/fd link; everywhere else this is node:fs as it is.
import * as fs from 'node:fs';
import { constants } from 'node:os';
import { libc as denoLibc } from '../../dist/src/hosts/ffi/deno.js';

export * from 'node:fs';

const onDeno = 'Deno' in globalThis;
const SYS_PREAD64 = process.arch === 'arm64' ? 67 : 17;
const SYS_PWRITE64 = process.arch === 'arm64' ? 68 : 18;

/** `call()`, or on Deno for an fd it does not know, `raw()`. */
function withFallback(call, raw) {
  try {
    return call();
  } catch (error) {
    if (!onDeno || error.code !== 'EBADF') throw error;
    return raw(error);
  }
}

// The first name of each number, as Node reports it (EAGAIN, not its alias EWOULDBLOCK).
const errnoNames = new Map(Object.entries(constants.errno).reverse().map(([name, n]) => [n, name]));

/** A raw result: the value, or the original EBADF error when libc says EBADF too. */
function checked(result, error, syscall) {
  if (result >= 0) return result;
  if (result === -9) throw error;
  const code = errnoNames.get(-result) ?? 'UNKNOWN';
  throw Object.assign(new Error(`${code}: ${syscall}`), { code, errno: result, syscall });
}

export function closeSync(fd) {
  withFallback(() => fs.closeSync(fd), (error) => checked(denoLibc().close(fd), error, 'close'));
}

export function fstatSync(fd, options) {
  return withFallback(() => fs.fstatSync(fd, options), (error) => {
    try {
      return fs.statSync(`/proc/self/fd/${fd}`, options);
    } catch (linkError) {
      throw linkError.code === 'ENOENT' ? error : linkError; // no such fd: fstat's EBADF
    }
  });
}

/** The bytes and position of writeSync's and readSync's argument forms. */
function region(buffer, rest, defaultLength) {
  if (typeof buffer === 'string') {
    const [position] = rest;
    return { bytes: Buffer.from(buffer, rest[1]), position };
  }
  let [offset = 0, length, position] = rest;
  if (typeof offset === 'object' && offset !== null) ({ offset = 0, length, position } = offset);
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { bytes: view.subarray(offset, offset + (length ?? defaultLength(view, offset))), position };
}

function transfer(fd, bytes, position, plain, positioned, syscall, error) {
  const libc = denoLibc();
  if (bytes.byteLength === 0) return 0;
  const result = position === undefined || position === null || position === -1
    ? plain(libc, bytes)
    : libc.syscall(positioned, fd, libc.addressOf(bytes), bytes.byteLength, Number(position));
  return checked(result, error, syscall);
}

export function writeSync(fd, buffer, ...rest) {
  return withFallback(() => fs.writeSync(fd, buffer, ...rest), (error) => {
    const { bytes, position } = region(buffer, rest, (view, offset) => view.byteLength - offset);
    return transfer(fd, bytes, position, (libc, b) => libc.write(fd, b), SYS_PWRITE64, 'write', error);
  });
}

export function readSync(fd, buffer, ...rest) {
  return withFallback(() => fs.readSync(fd, buffer, ...rest), (error) => {
    const { bytes, position } = region(buffer, rest, (view, offset) => view.byteLength - offset);
    return transfer(fd, bytes, position, (libc, b) => libc.read(fd, b), SYS_PREAD64, 'read', error);
  });
}
