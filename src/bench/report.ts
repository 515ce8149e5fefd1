// What the benchmark found, as a table for people and a JSON document for tools. Both carry the
// same figures: per case, each subject's median rate, ns per operation, the spread of its runs,
// and its ratio to each of the case's baselines (its rate ÷ theirs: above 1 is faster).

import { cpus, release, totalmem } from 'node:os';
import type { Rates } from './measure.js';

export interface SubjectResult {
  subject: string;
  /** A baseline: what the others are compared with. */
  baseline: boolean;
  /** Why it did not run. */
  skipped?: string;
  opsPerSecond?: number;
  nsPerOp?: number;
  /** The slowest and fastest counted runs, in ops/s. */
  min?: number;
  max?: number;
  runs?: number[];
  /** Baseline subject → this subject's rate ÷ the baseline's. */
  ratios: Record<string, number>;
}

export interface CaseResult {
  name: string;
  /** What one operation is ("a 4 KiB read"). */
  op: string;
  results: SubjectResult[];
  /** Figures derived from the results, printed under the table (e.g. the AsyncRing's overhead). */
  notes?: string[];
}

export interface Report {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; kernel: string; node: string };
  options: Record<string, unknown>;
  cases: CaseResult[];
}

export function machine(): Report['machine'] {
  const list = cpus();
  return {
    cpus: list.length, cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.version,
  };
}

/** A subject's result from its rates (ratios are filled in by withRatios). */
export function measured(subject: string, baseline: boolean, rates: Rates): SubjectResult {
  return {
    subject, baseline, opsPerSecond: rates.median, nsPerOp: 1e9 / rates.median,
    min: rates.min, max: rates.max, runs: rates.runs, ratios: {},
  };
}

export function skipped(subject: string, baseline: boolean, reason: string): SubjectResult {
  return { subject, baseline, skipped: reason, ratios: {} };
}

/** Fills in each non-baseline subject's ratio to every baseline of the case that ran. */
export function withRatios(results: SubjectResult[]): SubjectResult[] {
  const baselines = results.filter((r) => r.baseline && r.opsPerSecond);
  for (const r of results) {
    if (r.baseline || !r.opsPerSecond) continue;
    for (const b of baselines) r.ratios[b.subject] = r.opsPerSecond / b.opsPerSecond!;
  }
  return results;
}

function rate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(1);
}

function nanoseconds(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} ms` : n >= 1e4 ? `${(n / 1e3).toFixed(1)} µs` : `${n.toFixed(0)}`;
}

/** The table: one block per case, one line per subject. */
export function table(report: Report): string {
  const rows: string[][] = [['case', 'subject', 'ops/s', 'ns/op', 'spread', 'ratio to baselines']];
  for (const c of report.cases) {
    c.results.forEach((r, i) => {
      const name = i === 0 ? c.name : '';
      if (r.skipped) {
        rows.push([name, r.subject + (r.baseline ? ' (baseline)' : ''), '—', '—', '—', `skipped: ${r.skipped}`]);
        return;
      }
      const spread = r.opsPerSecond ? `±${(((r.max! - r.min!) / 2 / r.opsPerSecond) * 100).toFixed(0)}%` : '';
      const ratios = Object.entries(r.ratios).map(([b, x]) => `${x.toFixed(2)}× ${b}`).join(', ');
      rows.push([name, r.subject + (r.baseline ? ' (baseline)' : ''), rate(r.opsPerSecond!), nanoseconds(r.nsPerOp!), spread, ratios]);
    });
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const line = (row: string[]) => row.map((cell, col) => (col === 2 || col === 3 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd();
  const m = report.machine;
  return [
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    ...report.cases.map((c) => `${c.name}: one op is ${c.op}`),
    ...notesOf(report),
  ].join('\n');
}

function notesOf(report: Report): string[] {
  const notes = report.cases.flatMap((c) => c.notes ?? []);
  return notes.length ? ['', ...notes] : [];
}

/**
 * Under --mirror: each mirrored subject's time per op ÷ its user-memory twin's (the subject of
 * the same name without ", mirror"), as notes.
 */
export function mirrorNotes(c: CaseResult): string[] {
  const notes: string[] = [];
  for (const r of c.results) {
    if (!r.subject.endsWith(', mirror') || !r.nsPerOp) continue;
    const twin = c.results.find((t) => t.subject === r.subject.slice(0, -', mirror'.length));
    if (twin?.nsPerOp) notes.push(`mirror ÷ user memory, ${c.name} · ${twin.subject}: ${(r.nsPerOp / twin.nsPerOp).toFixed(2)}× the time per op`);
  }
  return notes;
}

/** How a subject's name says which event-loop backend it ran on (bench --loops). */
export const LOOP_SUFFIX: Record<string, string> = { uv: ', uv poll', thread: ', waiter thread' };

/** For each subject run on the other event-loop backend (--loops): its time ÷ its twin's. */
export function loopNotes(c: CaseResult, defaultLoop: string): string[] {
  const notes: string[] = [];
  for (const [loop, suffix] of Object.entries(LOOP_SUFFIX)) {
    for (const r of c.results) {
      if (!r.subject.endsWith(suffix) || !r.nsPerOp) continue;
      const twin = c.results.find((t) => t.subject === r.subject.slice(0, -suffix.length));
      if (twin?.nsPerOp) {
        notes.push(`${loop} ÷ ${defaultLoop} event-loop backend, ${c.name} · ${twin.subject}: ${(r.nsPerOp / twin.nsPerOp).toFixed(2)}× the time per op`);
      }
    }
  }
  return notes;
}
