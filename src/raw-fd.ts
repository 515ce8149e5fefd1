// Calls on fds that io_uring operations opened, made outside the ring (closing an fd nobody will
// take, chmod after a copy), and the one close that must not go through the ring on Deno. Node's and Bun's node:fs take any fd number; Deno's knows only the
// fds Deno opened itself and answers EBADF for every other (Deno 2.9), so on Deno a close goes to
// libc through Deno.dlopen (when --allow-ffi lets it; else the fd is left open) and a chmod
// through the /proc/self/fd link (which names the open file itself).

import { chmodSync, closeSync, fchmodSync, fstatSync } from 'node:fs';
import { runtime } from './host.js';
import { libc as bindDenoLibc } from './hosts/ffi/deno.js';
import type { Libc } from './hosts/ffi/libc.js';

let denoLibc: Libc | null | undefined;

function libcOnDeno(): Libc | null {
  if (denoLibc === undefined) {
    denoLibc = null;
    try {
      denoLibc = bindDenoLibc();
    } catch {
      // no FFI permission
    }
  }
  return denoLibc;
}

/** close(2) of `fd`; silent when it is already gone. */
export function closeRawFd(fd: number): void {
  try {
    closeSync(fd);
  } catch (error) {
    if (runtime === 'deno' && (error as NodeJS.ErrnoException).code === 'EBADF') libcOnDeno()?.close(fd);
  }
}

/** fchmod(2) of `fd`; throws as fchmodSync does. */
export function fchmodRawFd(fd: number, mode: number): void {
  try {
    fchmodSync(fd, mode);
  } catch (error) {
    if (runtime !== 'deno' || (error as NodeJS.ErrnoException).code !== 'EBADF') throw error;
    chmodSync(`/proc/self/fd/${fd}`, mode);
  }
}

/**
 * On Deno, closes `fd` through node:fs when node:fs opened it, and says whether it did. Deno's
 * node:fs keeps an entry for each fd it opened (Deno 2.9.6); when such an fd is closed outside it
 * (IORING_OP_CLOSE), the next fd it opens under the same number is closed at once (EBADF for
 * everyone). Through node:fs the entry goes with the fd.
 */
export function closedThroughDenoFs(fd: number): boolean {
  if (runtime !== 'deno') return false;
  try {
    fstatSync(fd); // only the fds Deno opened: EBADF for any other
  } catch {
    return false;
  }
  closeSync(fd);
  return true;
}
