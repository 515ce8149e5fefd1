// Writes from a running guest to the process's stdout and stderr: synchronous, since the guest
// runs synchronously inside _start and the event loop does not turn until it returns.

import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to `fd` (1 or 2), waiting out a non-blocking stdout that is full
 * (EAGAIN) as a blocking write would. Returns how many bytes were written, and the error that
 * stopped it, if one did (EPIPE: the reader went away).
 */
export function writeAll(fd: number, bytes: Uint8Array): { written: number; error?: NodeJS.ErrnoException } {
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      return { written, error: error as NodeJS.ErrnoException };
    }
  }
  return { written };
}

/** A line (or more) of diagnostics to stderr, as well as it can; never throws. */
export function writeStderr(text: string): void {
  writeAll(2, new TextEncoder().encode(text));
}
