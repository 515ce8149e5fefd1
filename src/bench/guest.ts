// The benchmark's guest subjects: examples/guests/bench.ts, the loops of bench/c/nop.c and
// bench/c/reads.c compiled to WebAssembly against this package and run with `wasm-uring run` in a
// child process — every SQE prepared, submitted and reaped inside the guest, so its figures sit
// beside C liburing's with no JavaScript per request.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exampleGuest } from '../guest/build.js';
import { runtime } from '../runtime.js';
import type { Run } from './measure.js';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));

let guest: Promise<string | Error> | undefined;

/** The bench guest's path, or the reason it cannot be built here (no asc: a dev dependency). */
function benchGuest(): Promise<string | Error> {
  guest ??= exampleGuest('bench').catch((error: Error) => error);
  return guest;
}

/** Why the guest subjects cannot run here, or null when they can. */
export async function guestUnavailable(): Promise<string | null> {
  const built = await benchGuest();
  return built instanceof Error ? built.message.split('\n')[0]! : null;
}

/** Runs the bench guest with `args` (nop BATCH SECONDS | reads FILE DEPTH SECONDS): its ops and seconds. */
export async function runGuestBench(args: string[]): Promise<Run> {
  const built = await benchGuest();
  if (built instanceof Error) throw built;
  const argv = [cli, 'run', built, ...args];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, runtime === 'deno' ? ['run', '-A', ...argv] : argv, { encoding: 'utf8' }, (error, out, err) => {
      if (error) reject(new Error(`bench guest ${args.join(' ')}: ${err.trim() || error.message}`));
      else resolve(out);
    });
  });
  const { ops, seconds } = JSON.parse(stdout) as Partial<Run>;
  if (typeof ops !== 'number' || typeof seconds !== 'number') {
    throw new Error(`bench guest ${args.join(' ')}: printed ${JSON.stringify(stdout)}, not {"ops", "seconds"}`);
  }
  return { ops, seconds };
}
