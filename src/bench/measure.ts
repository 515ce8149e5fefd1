// Measuring one subject: a warm-up run that does not count, then `repeat` runs; the median and
// the spread (slowest and fastest run) of their rates.

import { performance } from 'node:perf_hooks';

/** What one run did: `ops` operations in `seconds`. */
export interface Run {
  ops: number;
  seconds: number;
}

export interface Rates {
  /** Operations per second of each counted run, in run order. */
  runs: number[];
  median: number;
  min: number;
  max: number;
}

export function rates(runs: readonly Run[]): Rates {
  const perSecond = runs.map((r) => r.ops / r.seconds);
  const sorted = [...perSecond].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: perSecond, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Warm-up, then `repeat` runs of `run`; `onRun(i)` before each counted one (for progress). */
export async function repeatRuns(run: () => Run | Promise<Run>, repeat: number, onRun?: (i: number) => void): Promise<Rates> {
  await run();
  const runs: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    onRun?.(i);
    runs.push(await run());
  }
  return rates(runs);
}

/**
 * A run of about `seconds`: calls `step()` (which does some operations and returns how many)
 * until the time is up, looking at the clock once per step.
 */
export function timedSync(seconds: number, step: () => number): Run {
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    ops += step();
    now = performance.now();
  }
  return { ops, seconds: (now - start) / 1000 };
}

/** timedSync for asynchronous steps. */
export async function timedAsync(seconds: number, step: () => Promise<number>): Promise<Run> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    ops += await step();
    now = performance.now();
  }
  return { ops, seconds: (now - start) / 1000 };
}

/**
 * `depth` workers doing operations in parallel for about `seconds`: each awaits `op(worker)` in
 * a loop until the time is up. Counts completed operations.
 */
export async function timedInFlight(seconds: number, depth: number, op: (worker: number) => Promise<unknown>): Promise<Run> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  await Promise.all(Array.from({ length: depth }, async (_, worker) => {
    // The clock is read once per 16 operations per worker: cheap, and still well under 1 ms late.
    for (let i = 0; ; i++) {
      if ((i & 15) === 0 && performance.now() >= end) return;
      await op(worker);
      ops++;
    }
  }));
  return { ops, seconds: (performance.now() - start) / 1000 };
}

/** A fast PRNG (xorshift32) for random offsets: the same sequence for every subject. */
export function xorshift(seed = 0x9e3779b9): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}
