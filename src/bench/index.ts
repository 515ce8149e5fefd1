// `wasm-uring bench` / `npm run bench`: every case against its baselines, in one run, each
// subject measured after a warm-up, `--repeat` times; prints a table (and JSON with --json).
//
//   NOP, batches of 1, 8, 32          wasm-uring Ring             vs C liburing
//   4 KiB random reads, QD 1 and 64   Ring, AsyncRing             vs C liburing, fs.readSync,
//                                                                    fs.promises (± UV_USE_IO_URING)
//   copy a file, 128 KiB chunks       AsyncRing.copyFile          vs stream.pipeline, fs.copyFile
//   TCP echo, 64-byte messages        AsyncRing server            vs node:net server
//   wake-up, a FIFO read              AsyncRing                   vs a node:net stream

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyCase } from './cases/copy.js';
import { echoCase } from './cases/echo.js';
import { nopCases } from './cases/nop.js';
import { readCases } from './cases/reads.js';
import { wakeupCase } from './cases/wakeup.js';
import type { BenchContext, BenchOptions } from './context.js';
import { machine, table, type CaseResult, type Report } from './report.js';

export const USAGE = `usage: wasm-uring bench [options]

Runs every case against its baselines and prints a table: per subject, the median rate of
--repeat runs (after a warm-up run), ns per operation, the spread of the runs, and the ratio to
each baseline of the case (above 1: faster than the baseline).

options:
  --cases LIST        which cases, comma-separated: nop,reads,copy,echo,wakeup (default: all)
  --repeat N          counted runs per subject (default 5)
  --seconds S         length of one timed run (default 0.3)
  --file-mib N        size of the file the random reads read (default 256)
  --copy-mib N        size of the file the copy copies (default 512)
  --echo-seconds S    length of one echo run (default 2)
  --connections N     echo client connections (default 50)
  --mirror            also run the nop and reads cases' wasm-uring subjects on mirrored rings
                      (placement 'mirror'), with each one's time ÷ its user-memory twin's
  --loops             also run the AsyncRing subjects of the reads (64 in flight), echo and
                      wakeup cases on the Node-API host's other event-loop backend (uv poll or
                      waiter thread), with each one's time ÷ its twin's
  --json              print the results as JSON on stdout (the table goes to stderr)
  -h, --help          this text
`;

const CASES = ['nop', 'reads', 'copy', 'echo', 'wakeup'] as const;
type CaseName = (typeof CASES)[number];

function positive(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new RangeError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${text}'`);
  return n;
}

/** Runs the benchmark with command-line `args`; resolves to the process exit code. */
export async function main(args: string[]): Promise<number> {
  let options: BenchOptions;
  let cases: CaseName[];
  let json: boolean;
  try {
    const { values } = parseArgs({
      args,
      options: {
        cases: { type: 'string', default: CASES.join(',') },
        repeat: { type: 'string', default: '5' },
        seconds: { type: 'string', default: '0.3' },
        'file-mib': { type: 'string', default: '256' },
        'copy-mib': { type: 'string', default: '512' },
        'echo-seconds': { type: 'string', default: '2' },
        connections: { type: 'string', default: '50' },
        mirror: { type: 'boolean', default: false },
        loops: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    cases = values.cases.split(',').map((c) => c.trim()).filter(Boolean) as CaseName[];
    const unknown = cases.filter((c) => !CASES.includes(c));
    if (unknown.length) throw new RangeError(`unknown case '${unknown[0]}' (cases: ${CASES.join(', ')})`);
    options = {
      repeat: positive('repeat', values.repeat, true),
      seconds: positive('seconds', values.seconds, false),
      fileMiB: positive('file-mib', values['file-mib'], true),
      copyMiB: positive('copy-mib', values['copy-mib'], true),
      echoSeconds: positive('echo-seconds', values['echo-seconds'], false),
      connections: positive('connections', values.connections, true),
      mirror: values.mirror,
      loops: values.loops,
    };
    json = values.json;
  } catch (error) {
    process.stderr.write(`wasm-uring bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const tty = process.stderr.isTTY;
  const dir = mkdtempSync(join(tmpdir(), 'wasm-uring-bench-'));
  const started = Date.now();
  let last = '';
  const ctx: BenchContext = {
    ...options,
    dir,
    progress(caseName, subject, run) {
      const line = `${caseName} · ${subject} · run ${run + 1}/${options.repeat}`;
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else if (`${caseName} · ${subject}` !== last) process.stderr.write(`${caseName} · ${subject}\n`);
      last = `${caseName} · ${subject}`;
    },
  };
  const results: CaseResult[] = [];
  try {
    for (const name of cases) {
      if (name === 'nop') results.push(...await nopCases(ctx));
      if (name === 'reads') results.push(...await readCases(ctx));
      if (name === 'copy') results.push(await copyCase(ctx));
      if (name === 'echo') results.push(await echoCase(ctx));
      if (name === 'wakeup') results.push(await wakeupCase(ctx));
    }
  } finally {
    if (tty) process.stderr.write('\r\x1b[K');
    rmSync(dir, { recursive: true, force: true });
  }
  const report: Report = { machine: machine(), options: { ...options, cases }, cases: results };
  const text = `${table(report)}\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`;
  if (json) {
    process.stderr.write(text);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
