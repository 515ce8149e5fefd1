// What the process holds of io_uring right now: ring fds and the kernel's ring mappings. Leak
// tests compare a census before and after.
import { readFileSync, readlinkSync } from './fs.js';
// The fds of this process that are io_uring instances: the conformance suite's count.
import { ringFds } from '../../dist/src/conformance/support.js';

export { ringFds };

/** What /proc says fd `fd` of this process is, or null when it is not open. */
export function fdTarget(fd) {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

/** Mappings of io_uring rings in this process (mirror and fixed-mmap placements make them). */
export function ringMappings() {
  return readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => line.includes('io_uring')).length;
}

/** Both counts, for assert.equal(census(), before). */
export function census() {
  return { ringFds: ringFds(), ringMappings: ringMappings() };
}
