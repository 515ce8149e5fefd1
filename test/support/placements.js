// The ring placements, and which of them this kernel allows (test/run.js and the stress suite
// run once per allowed placement).
import { Ring } from '../../dist/src/index.js';
import { placement } from './harness.js';

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
