// 4 KiB reads at random offsets of a page-cached file, one at a time and 64 in flight: our
// low-level Ring and our AsyncRing against C liburing, fs.readSync, fs.promises, and fs.promises
// with libuv's own io_uring (UV_USE_IO_URING=1, in a child process: libuv reads it at start).

import { closeSync, openSync, promises as fsPromises, readSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { AsyncRing } from '../../promises/ring.js';
import { Ring } from '../../ring.js';
import { runChild } from '../child-runner.js';
import { loops, measureSubject, placements, type BenchContext } from '../context.js';
import { liburingUnavailable, runLiburing } from '../liburing.js';
import { rates, timedInFlight, timedSync, xorshift, type Run } from '../measure.js';
import { loopNotes, measured, mirrorNotes, skipped, withRatios, type CaseResult, type SubjectResult } from '../report.js';
import { host } from '../../host.js';
import { guestUnavailable, runGuestBench } from '../guest.js';
import { GUEST } from './nop.js';

const BLOCK = 4096;

/** Writes a file of `mib` MiB (random bytes) and returns its path; it stays in the page cache. */
export function makeFile(dir: string, name: string, mib: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    const chunk = randomFillSync(Buffer.alloc(1 << 20));
    for (let i = 0; i < mib; i++) writeSync(fd, chunk, 0, chunk.length, i << 20);
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Random block-aligned offsets into a file of `blocks` blocks, the same sequence each time. */
export function offsets(blocks: number): () => number {
  const random = xorshift();
  return () => Math.floor(random() * blocks) * BLOCK;
}

/** The low-level Ring keeping `depth` reads in flight: re-prepares one per completion. */
function ringReads(fd: number, blocks: number, depth: number, seconds: number, placement: 'auto' | 'mirror'): Run {
  const ring = new Ring({ entries: Math.max(depth, 2), placement });
  const bufs = Array.from({ length: depth }, () => ring.alloc(BLOCK));
  const next = offsets(blocks);
  try {
    for (let i = 0; i < depth; i++) ring.prepRead(i, fd, bufs[i]!, next());
    let refill = true;
    let failure = 0;
    const onCompletion = (slot: number, res: number): void => {
      if (res !== BLOCK) failure = res;
      if (refill) ring.prepRead(slot, fd, bufs[slot]!, next());
    };
    const run = timedSync(seconds, () => {
      ring.submitAndWait(1);
      return ring.reap(onCompletion);
    });
    refill = false;
    while (ring.inFlight > 0 || ring.sqReady > 0) {
      ring.submitAndWait(1);
      ring.reap(onCompletion);
    }
    if (failure) throw new Error(`a read returned ${failure}`);
    return run;
  } finally {
    for (const b of bufs) ring.free(b);
    ring.close();
  }
}

/**
 * The Promise API's cost per operation over the low-level Ring at the same depth: AsyncRing's
 * time per read (ring.alloc() buffers, so no staging copy) less the Ring's.
 */
function overheadNotes(c: CaseResult): string[] {
  const ns = (subject: string): number | undefined => c.results.find((r) => r.subject === subject)?.nsPerOp;
  const ring = ns('wasm-uring Ring');
  const asyncRing = ns('wasm-uring AsyncRing, ring.alloc() buffers');
  if (ring === undefined || asyncRing === undefined) return [];
  return [`AsyncRing overhead per op: ${(asyncRing - ring).toFixed(0)} ns (${c.name}: AsyncRing with ring.alloc() buffers less the low-level Ring)`];
}

export async function readCases(ctx: BenchContext): Promise<CaseResult[]> {
  const path = makeFile(ctx.dir, 'reads.bin', ctx.fileMiB);
  const blocks = (ctx.fileMiB << 20) / BLOCK;
  const fd = openSync(path, 'r');
  const cases: CaseResult[] = [];
  try {
    for (const depth of [1, 64]) {
      const name = `4 KiB random reads, ${depth === 1 ? '1 at a time' : `${depth} in flight`}`;
      const results: SubjectResult[] = [];
      const measure = async (subject: string, baseline: boolean, run: () => Run | Promise<Run>): Promise<void> => {
        results.push(await measureSubject(ctx, name, subject, baseline, run));
      };

      for (const { placement, suffix } of placements(ctx)) {
        await measure(`wasm-uring Ring${suffix}`, false, () => ringReads(fd, blocks, depth, ctx.seconds, placement));

        const ring = new AsyncRing({ entries: 128, placement });
        try {
          const inRing = Array.from({ length: depth }, () => ring.alloc(BLOCK));
          const plain = Array.from({ length: depth }, () => Buffer.alloc(BLOCK));
          const next = offsets(blocks);
          await measure(`wasm-uring AsyncRing, ring.alloc() buffers${suffix}`, false,
            () => timedInFlight(ctx.seconds, depth, (w) => ring.read(fd, inRing[w]!, next())));
          await measure(`wasm-uring AsyncRing, Buffer${suffix}`, false,
            () => timedInFlight(ctx.seconds, depth, (w) => ring.read(fd, plain[w]!, next())));
          for (const b of inRing) ring.free(b);
        } finally {
          await ring.close();
        }
      }
      // The other event-loop backend, where completions come while the loop waits (64 in flight).
      for (const { loop, suffix } of depth === 1 ? [] : loops(ctx).slice(1)) {
        const ring = new AsyncRing({ entries: 128, loop });
        const inRing = Array.from({ length: depth }, () => ring.alloc(BLOCK));
        try {
          const next = offsets(blocks);
          await measure(`wasm-uring AsyncRing, ring.alloc() buffers${suffix}`, false,
            () => timedInFlight(ctx.seconds, depth, (w) => ring.read(fd, inRing[w]!, next())));
        } finally {
          for (const b of inRing) ring.free(b);
          await ring.close();
        }
      }

      const unavailable = liburingUnavailable();
      if (depth === 64) {
        const noGuest = await guestUnavailable();
        if (noGuest) results.push(skipped(GUEST, false, noGuest));
        else await measure(GUEST, false, () => runGuestBench(['reads', path, String(depth), String(ctx.seconds)]));
      }
      if (unavailable) results.push(skipped('C liburing', true, unavailable));
      else await measure('C liburing', true, () => runLiburing('reads', [path, String(depth), String(ctx.seconds)]));

      const buf = Buffer.alloc(BLOCK);
      const next = offsets(blocks);
      await measure('fs.readSync', true, () => timedSync(ctx.seconds, () => {
        for (let i = 0; i < 64; i++) readSync(fd, buf, 0, BLOCK, next());
        return 64;
      }));

      const handle = await fsPromises.open(path, 'r');
      try {
        const bufs = Array.from({ length: depth }, () => Buffer.alloc(BLOCK));
        await measure('fs.promises', true,
          () => timedInFlight(ctx.seconds, depth, (w) => handle.read(bufs[w]!, 0, BLOCK, next())));
      } finally {
        await handle.close();
      }

      const subject = 'fs.promises, UV_USE_IO_URING=1';
      ctx.progress(name, subject, 0);
      try {
        const runs = await runChild('fs-reads', [path, String(depth), String(ctx.seconds), String(ctx.repeat)], { UV_USE_IO_URING: '1' });
        results.push(measured(subject, true, rates(runs)));
      } catch (error) {
        results.push(skipped(subject, true, (error as Error).message));
      }
      const c: CaseResult = { name, op: 'one 4 KiB read', results: withRatios(results) };
      c.notes = [...overheadNotes(c), ...mirrorNotes(c), ...loopNotes(c, host.loop)];
      cases.push(c);
    }
  } finally {
    closeSync(fd);
  }
  return cases;
}
