// The ring placements, and which of them this kernel allows (test/run.js and the stress suite
// run once per allowed placement).
import { Ring } from '../../dist/src/index.js';

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
