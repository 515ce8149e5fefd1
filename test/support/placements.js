// The ring placements, and which of them this kernel allows (test/run.js and the stress suite
// run once per allowed placement).
import { Ring } from '../../dist/src/index.js';
import { emulated, placement } from './harness.js';

export const PLACEMENTS = ['user-memory', 'fixed-mmap', 'mirror'];

/** Why this kernel refuses `placement`, or null when a ring can be set up with it. */
export function refusal(placement) {
  try {
    new Ring({ entries: 2, placement }).close();
    return null;
  } catch (error) {
    return error.message;
  }
}

/** The first placement this kernel allows: where what does not depend on the placement runs. */
export const firstPlacement = PLACEMENTS.find((p) => refusal(p) === null);

/**
 * Why a test that proves nothing about the placement skips in this run (it runs once per suite,
 * in the first placement this kernel allows), or null where it runs.
 */
export function laterPlacement() {
  return placement !== 'auto' && placement !== firstPlacement ? `runs once per suite, in placement ${firstPlacement}` : null;
}

/**
 * Why a test that checks the library itself (its encoders, parsers, usage texts: the same on
 * every kernel) skips in a VM of the kernel matrix, where it would only repeat the host's run
 * at a tenth of the speed; null elsewhere.
 */
export const hostOnly = emulated ? 'it checks the library, not the kernel: the host\'s run has it' : null;

/**
 * Why a test that runs in every placement on the host runs in only one of them in a VM of the
 * kernel matrix (where each placement is a VM run of its own), or null.
 */
export const oncePerKernelInVm = () => (emulated ? laterPlacement() : null);

/**
 * `runner` (uvu's test) where `reason` is null, else a stand-in that registers each test as
 * skipped with the reason (keeping .skip and .run), so a whole file or group can be scoped.
 */
export function scoped(reason, runner) {
  if (!reason) return runner;
  const skip = (name, fn) => runner.skip(`${name} [skipped: ${reason}]`, fn);
  return Object.assign(skip, { skip: runner.skip, run: runner.run, only: runner.only });
}
