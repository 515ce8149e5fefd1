// Copying a file front to back: AsyncRing.copyFile (128 KiB chunks, 8 in flight) against
// stream.pipeline(createReadStream, createWriteStream) and fs.promises.copyFile (which the
// kernel may do by itself: copy_file_range).

import { createReadStream, createWriteStream, promises as fsPromises, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { AsyncRing } from '../../promises/ring.js';
import { measureSubject, type BenchContext } from '../context.js';
import type { Run } from '../measure.js';
import { withRatios, type CaseResult, type SubjectResult } from '../report.js';
import { makeFile } from './reads.js';

const CHUNK = 128 << 10;

export async function copyCase(ctx: BenchContext): Promise<CaseResult> {
  const name = `copy a ${ctx.copyMiB} MiB file`;
  const src = makeFile(ctx.dir, 'copy-source.bin', ctx.copyMiB);
  const dest = join(ctx.dir, 'copy-dest.bin');
  const chunks = (ctx.copyMiB << 20) / CHUNK;
  const results: SubjectResult[] = [];
  /** One run: a fresh copy (the previous one removed first, outside the timing). */
  const timed = (copy: () => Promise<unknown>) => async (): Promise<Run> => {
    rmSync(dest, { force: true });
    const start = performance.now();
    await copy();
    return { ops: chunks, seconds: (performance.now() - start) / 1000 };
  };
  const measure = async (subject: string, baseline: boolean, copy: () => Promise<unknown>): Promise<void> => {
    results.push(await measureSubject(ctx, name, subject, baseline, timed(copy)));
  };

  const ring = new AsyncRing({ entries: 64 });
  try {
    await measure('wasm-uring AsyncRing.copyFile', false, () => ring.copyFile(src, dest, { chunkSize: CHUNK, depth: 8 }));
  } finally {
    await ring.close();
  }
  await measure('stream.pipeline', true, () => pipeline(createReadStream(src), createWriteStream(dest)));
  await measure('fs.promises.copyFile', true, () => fsPromises.copyFile(src, dest));
  rmSync(dest, { force: true });
  rmSync(src, { force: true });
  return { name, op: '128 KiB copied', results: withRatios(results) };
}
