// Calls on fds that io_uring operations opened, made outside the ring (closing an fd nobody will
// take, chmod after a copy). Node's and Bun's node:fs take any fd number; Deno's knows only the
// fds Deno opened itself and answers EBADF for every other (Deno 2.9), so on Deno a close goes to
// libc through Deno.dlopen (when --allow-ffi lets it; else the fd is left open) and a chmod
// through the /proc/self/fd link (which names the open file itself).

import { chmodSync, closeSync, fchmodSync } from 'node:fs';
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
