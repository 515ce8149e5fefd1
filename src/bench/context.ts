// What every case gets: the options of this run, a scratch directory, a way to say what it is
// doing (progress on stderr), and measureSubject() to measure one subject with all three.

import { repeatRuns, type Run } from './measure.js';
import { LOOP_SUFFIX, measured, type SubjectResult } from './report.js';
import { host } from '../host.js';
import { runtime } from '../runtime.js';

export interface BenchOptions {
  /** Counted runs per subject (after one warm-up). */
  repeat: number;
  /** Length of one timed run, in seconds. */
  seconds: number;
  /** Size of the file the random reads read. */
  fileMiB: number;
  /** Size of the file the copy copies. */
  copyMiB: number;
  /** Length of one echo run, in seconds. */
  echoSeconds: number;
  /** Client connections in the echo case. */
  connections: number;
  /** Also measure every wasm-uring subject of the nop and reads cases on a mirrored ring. */
  mirror: boolean;
  /** Also measure the AsyncRing subjects with the host's other event-loop backend. */
  loops: boolean;
}

/** The placements the wasm-uring subjects run on: the default, and with --mirror also 'mirror'. */
export function placements(ctx: BenchOptions): { placement: 'auto' | 'mirror'; suffix: string }[] {
  return ctx.mirror ? [{ placement: 'auto', suffix: '' }, { placement: 'mirror', suffix: ', mirror' }] : [{ placement: 'auto', suffix: '' }];
}

/**
 * The event-loop backends the AsyncRing subjects run on: the host's default, and with --loops
 * also the Node-API host's other one (src/host.ts), named in the subject.
 */
export function loops(ctx: BenchOptions): { loop: string | undefined; suffix: string }[] {
  const all = [{ loop: undefined, suffix: '' }];
  // Only the addon on Node has two (libuv's poll runs on Node only).
  if (!ctx.loops || host.name !== 'node-api' || runtime !== 'node') return all;
  const other = host.loop === 'uv' ? 'thread' : 'uv';
  return [...all, { loop: other, suffix: LOOP_SUFFIX[other]! }];
}

export interface BenchContext extends BenchOptions {
  /** A directory for the cases' files, removed afterwards. */
  dir: string;
  /** Says which subject is being measured: `run` is the counted run (0-based) or -1 (warm-up). */
  progress(caseName: string, subject: string, run: number): void;
}

/** One subject of case `caseName`: a warm-up, then `ctx.repeat` runs of `run`, with progress. */
export async function measureSubject(ctx: BenchContext, caseName: string, subject: string, baseline: boolean,
  run: () => Run | Promise<Run>): Promise<SubjectResult> {
  return measured(subject, baseline, await repeatRuns(run, ctx.repeat, (i) => ctx.progress(caseName, subject, i)));
}
