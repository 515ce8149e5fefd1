// NOP in batches: what the ring itself costs per operation (prepare, submit, reap), ours
// through ring.wasm and the bridge against C liburing.

import { Ring } from '../../ring.js';
import { measureSubject, placements, type BenchContext } from '../context.js';
import { liburingUnavailable, runLiburing } from '../liburing.js';
import { timedSync } from '../measure.js';
import { guestUnavailable, runGuestBench } from '../guest.js';
import { mirrorNotes, skipped, withRatios, type CaseResult, type SubjectResult } from '../report.js';

const LIBURING = 'C liburing';
/** The same loop as C's, inside an AssemblyScript guest (src/bench/guest.ts). */
export const GUEST = 'wasm-uring guest (all in Wasm)';

export async function nopCases(ctx: BenchContext): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const batch of [1, 8, 32]) {
    const name = `NOP, batches of ${batch}`;
    const results: SubjectResult[] = [];

    for (const { placement, suffix } of placements(ctx)) {
      const ring = new Ring({ entries: 64, placement });
      try {
        const ignore = (): void => {};
        // Enough batches per step that the clock is read about every 1000 operations.
        const batchesPerStep = Math.ceil(1024 / batch);
        results.push(await measureSubject(ctx, name, `wasm-uring Ring${suffix}`, false, () => timedSync(ctx.seconds, () => {
          for (let b = 0; b < batchesPerStep; b++) {
            for (let i = 0; i < batch; i++) ring.prepNop(i);
            ring.submit();
            ring.reap(ignore);
          }
          return batchesPerStep * batch;
        })));
      } finally {
        ring.close();
      }
    }

    if (batch === 32) {
      const noGuest = await guestUnavailable();
      results.push(noGuest ? skipped(GUEST, false, noGuest)
        : await measureSubject(ctx, name, GUEST, false, () => runGuestBench(['nop', String(batch), String(ctx.seconds)])));
    }
    const unavailable = liburingUnavailable();
    results.push(unavailable ? skipped(LIBURING, true, unavailable)
      : await measureSubject(ctx, name, LIBURING, true, () => runLiburing('nop', [String(batch), String(ctx.seconds)])));
    const c: CaseResult = { name, op: 'one NOP prepared, submitted and reaped', results: withRatios(results) };
    c.notes = mirrorNotes(c);
    cases.push(c);
  }
  return cases;
}
