// The C programs of the benchmark, in bench/c/: the liburing baselines (nop, reads) and the echo
// case's client. Compiled with the machine's gcc on first use and run as child processes, so the
// benchmark compares against C in the same run on the same kernel.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LiburingProgram = 'nop' | 'reads' | 'echo_client';

/** Each program and the libraries it links. */
const PROGRAMS: Readonly<Record<LiburingProgram, readonly string[]>> = {
  nop: ['-luring'],
  reads: ['-luring'],
  echo_client: [],
};
const GCC_FLAGS = ['-O2'];
const INSTALL_LIBURING = 'liburing-dev is not installed (apt-get install liburing-dev)';

// Outside the package, which may be read-only once installed, and per user, so no one else can
// plant a binary we would run.
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasm-uring', 'bench');

/** From dist/src/bench/ (where this module is compiled to) up to the package root. */
function sourcePath(name: LiburingProgram): string {
  return fileURLToPath(new URL(`../../../bench/c/${name}.c`, import.meta.url));
}

/** Why gcc could not build `name`, in one line. */
function buildFailure(name: LiburingProgram, stderr: string): string {
  if (/liburing\.h: No such file/.test(stderr) || /cannot find -luring/.test(stderr)) return INSTALL_LIBURING;
  const firstError = stderr.split('\n').find((line) => /error/.test(line)) ?? stderr.trim().split('\n')[0];
  return `gcc could not build bench/c/${name}.c: ${firstError ?? 'no diagnostics'}`;
}

const built = new Map<LiburingProgram, string>();

/**
 * The path of `name`'s binary, compiled if needed. Binaries are named by a hash of their source
 * and flags rather than compared by mtime, so checkouts sharing the cache never run each other's.
 * Throws an Error whose message is the one-line reason when it cannot be built.
 */
function binary(name: LiburingProgram): string {
  const known = built.get(name);
  if (known) return known;
  const source = sourcePath(name);
  if (!existsSync(source)) throw new Error(`${source} is missing (an incomplete package?)`);
  const libs = PROGRAMS[name];
  const header = join(dirname(source), 'common.h'); // what every program includes
  const hash = createHash('sha256').update(readFileSync(source)).update(readFileSync(header))
    .update(JSON.stringify([GCC_FLAGS, libs])).digest('hex');
  const out = join(cacheDir, `${name}-${hash.slice(0, 16)}`);
  if (!existsSync(out)) {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // Renamed into place so a concurrent run never executes a half-written binary.
    const tmp = `${out}.tmp${process.pid}`;
    const gcc = spawnSync('gcc', [...GCC_FLAGS, '-o', tmp, source, ...libs], { encoding: 'utf8' });
    if (gcc.error) {
      const code = (gcc.error as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? 'gcc is not installed (apt-get install gcc)' : `gcc did not run: ${gcc.error.message}`);
    }
    if (gcc.status !== 0) {
      rmSync(tmp, { force: true });
      throw new Error(buildFailure(name, gcc.stderr));
    }
    renameSync(tmp, out);
  }
  built.set(name, out);
  return out;
}

/** Why `names` cannot be built here (no gcc, no liburing-dev…), or null when they can. */
function unavailable(names: readonly LiburingProgram[]): string | null {
  try {
    for (const name of names) binary(name);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

let liburing: string | null | undefined;

/** Why the C baselines cannot run here (no gcc, no liburing-dev…), or null when they can. */
export function liburingUnavailable(): string | null {
  if (liburing === undefined) liburing = unavailable(['nop', 'reads']);
  return liburing;
}

/** Why the C echo client cannot run here (no gcc), or null when it can. */
export function echoClientUnavailable(): string | null {
  return unavailable(['echo_client']);
}

/**
 * Runs bench/c/NAME with `args` (see each program's header for its arguments); resolves to the
 * operations it completed and the seconds they took. Compiles on first use. Rejects with the
 * program's stderr when it fails.
 */
export async function runLiburing(name: LiburingProgram, args: string[]): Promise<{ ops: number; seconds: number }> {
  const path = binary(name);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(path, args, { encoding: 'utf8' }, (error, out, err) => {
      if (error) reject(new Error(`${name} ${args.join(' ')}: ${err.trim() || error.message}`));
      else resolve(out);
    });
  });
  let result: unknown;
  try {
    result = JSON.parse(stdout);
  } catch {
    throw new Error(`${name} ${args.join(' ')}: printed ${JSON.stringify(stdout)}, not JSON`);
  }
  const { ops, seconds } = (result ?? {}) as { ops?: unknown; seconds?: unknown };
  if (typeof ops !== 'number' || typeof seconds !== 'number') {
    throw new Error(`${name} ${args.join(' ')}: printed ${JSON.stringify(stdout)}, not {"ops", "seconds"}`);
  }
  return { ops, seconds };
}
