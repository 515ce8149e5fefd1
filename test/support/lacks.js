// What the runtime under test (Node, Deno, Bun) or the host lacks that some tests need, each
// found by trying it: null when it is there, else the reason those tests are skipped.
import { constants as bufferConstants } from 'node:buffer';
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import { Ring } from '../../dist/src/index.js';
import { host } from '../../dist/src/host.js';

/** The tests that compare the library's errors with node:fs's and node:net's need Node's words there. */
export const nodeWording = (() => {
  const probes = [
    [() => net.connect({ port: 70000 }), 'Port should be >= 0 and < 65536. Received type number (70000).'],
    [() => statSync('a\0b'), "The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received 'a\\x00b'"],
  ];
  for (const [call, nodeMessage] of probes) {
    try {
      call();
    } catch (error) {
      if (error.message !== nodeMessage) return `this runtime's node:fs and node:net word errors differently from Node ("${error.message}"), so they cannot be the reference`;
    }
  }
  return null;
})();

/** Comparing Stats with fs.statSync's needs its times to the sub-millisecond, as the kernel has them. */
export const fineStatTimes = (() => {
  const { atimeMs, mtimeMs, ctimeMs } = statSync(fileURLToPath(import.meta.url));
  return [atimeMs, mtimeMs, ctimeMs].every(Number.isInteger) ? "this runtime's fs.statSync gives times in whole milliseconds" : null;
})();

/** ERR_STRING_TOO_LONG tests are written for V8's longest string (2^29 - 24 one-byte characters). */
export const v8StringLength = bufferConstants.MAX_STRING_LENGTH === 2 ** 29 - 24 ? null
  : `this runtime's strings hold up to ${bufferConstants.MAX_STRING_LENGTH} characters, not V8's 2^29 - 24`;

/** A worker's rings closed when the worker ends without closing them: the addon's environment teardown. */
export const environmentTeardown = host.name === 'ffi'
  ? 'the FFI host has no environment teardown (nothing runs when a worker ends): a worker\'s rings close only with close()' : null;

/** A child's stdout pipe as an fd the ring can poll: Node's ChildProcess has it as stdout._handle.fd. */
export const childPipeFd = (() => {
  const child = spawn('true', { stdio: ['ignore', 'pipe', 'ignore'] });
  const fd = child.stdout?._handle?.fd;
  child.stdout?.destroy();
  return Number.isInteger(fd) && fd >= 0 ? null : "this runtime's ChildProcess has no stdout._handle.fd (Node's internal) to give the ring";
})();

/**
 * Closing an fd of node:fs's with IORING_OP_CLOSE leaves node:fs as it would be after any close:
 * Deno's keeps an entry for it and closes the next fd opened under that number (Deno 2.9.6).
 */
export const closeOutsideNodeFs = (() => {
  const path = fileURLToPath(import.meta.url);
  const ring = new Ring({ entries: 2 });
  try {
    ring.prepClose(1, openSync(path, 'r'));
    ring.submitAndWait(1);
    ring.reap(() => {});
    const again = openSync(path, 'r');
    try {
      fstatSync(again);
      return null;
    } catch {
      return "this runtime's node:fs closes the next fd opened under the number of an fd of its own closed by the ring";
    } finally {
      // At once, before the number can be reused: a stale entry left behind would close that fd.
      try {
        closeSync(again);
      } catch {
        // EBADF where the runtime already closed it: the entry goes all the same
      }
    }
  } finally {
    ring.close();
  }
})();

/** `runner` (test, or a wrapper of it) itself, or a skip that names `reason` when there is one. */
export function unless(reason, runner) {
  return reason ? (name, fn) => test.skip(`${name} [skipped: ${reason}]`, fn) : runner;
}
