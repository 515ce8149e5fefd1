// The deny-uring wrapper of deny-uring.c, compiled on first use: `denyUring(errno)` is the argv
// prefix that runs a program with io_uring_setup(2) failing with that errno.
import { readFileSync } from './fs.js';
import { arch } from 'node:os';
import { compileC } from './cc.js';

const source = readFileSync(new URL('./deny-uring.c', import.meta.url), 'utf8');

/** Why the wrapper cannot work here, or null (its filter names x86_64's syscall number). */
export const denyUringUnavailable = arch() === 'x64' ? null : `deny-uring filters x86_64's io_uring_setup; this is ${arch()}`;

/** [wrapper, errno]: put before the program and its arguments. */
export function denyUring(errno) {
  return [compileC('deny-uring', source), String(errno)];
}
