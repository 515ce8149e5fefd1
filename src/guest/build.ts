// Compiling the example guests (examples/guests/*.ts) with the AssemblyScript compiler, for the
// test suite and the benchmark: as a user would, `import … from "wasm-uring"` resolving to this
// package (asc --path, through a link to the package root) with the guests' asconfig.json. The
// binaries go to a per-user cache, named by a hash of every source they are built from, so
// checkouts sharing the cache never run each other's.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uringError } from '../errors.js';

/** From dist/src/guest/ (where this module is compiled to) up to the package root. */
const packageRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasm-uring', 'guests');

/** Every .ts file under `dir`, sorted, as paths. */
function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') || name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The path of example guest `name` (examples/guests/NAME.ts) compiled (with AssemblyScript's
 * `runtime`: the guests' asconfig.json says incremental), building it first if needed. Throws
 * ERR_URING_NO_ASC when the AssemblyScript compiler is not installed (it is a development
 * dependency), and an Error with asc's diagnostics when the build fails.
 */
export async function exampleGuest(name: string, options: { runtime?: 'incremental' | 'minimal' | 'stub' } = {}): Promise<string> {
  const entry = join(packageRoot, 'examples', 'guests', `${name}.ts`);
  if (!existsSync(entry)) throw uringError('ERR_URING_NO_GUEST', `no example guest ${name}: ${entry} is missing`);
  return buildGuest(entry, options);
}

/**
 * Compiles the AssemblyScript program `entry` (a path; the other sources of its directory may be
 * imported) as the example guests are, into the cache; resolves to the .wasm's path.
 */
export async function buildGuest(entry: string, options: { runtime?: 'incremental' | 'minimal' | 'stub' } = {}): Promise<string> {
  const runtime = options.runtime ?? 'incremental';
  const guests = join(packageRoot, 'examples', 'guests');
  const hash = createHash('sha256').update(runtime).update(entry);
  for (const file of [...sources(dirname(entry)), ...sources(guests), ...sources(join(packageRoot, 'assembly')), join(packageRoot, 'index.ts')]) {
    hash.update(file).update(readFileSync(file));
  }
  const out = join(cacheDir, `${basename(entry, '.ts')}-${runtime}-${hash.digest('hex').slice(0, 16)}.wasm`);
  if (existsSync(out)) return out;
  let asc: typeof import('assemblyscript/asc');
  try {
    asc = await import('assemblyscript/asc');
  } catch {
    throw uringError('ERR_URING_NO_ASC', 'the AssemblyScript compiler is not installed (npm install assemblyscript): example guests are built with it');
  }
  // asc finds a package as <path>/<name>/index.ts: a link named wasm-uring to this package.
  const packages = join(cacheDir, `packages-${process.pid}`);
  mkdirSync(packages, { recursive: true, mode: 0o700 });
  try {
    symlinkSync(packageRoot, join(packages, 'wasm-uring'), 'dir');
    const tmp = `${out}.tmp${process.pid}`;
    let diagnostics = '';
    const { error } = await asc.main([entry, '--config', join(guests, 'asconfig.json'), '--path', packages, '--runtime', runtime, '-o', tmp], {
      stdout: { write: (text: string) => { diagnostics += text; return true; } },
      stderr: { write: (text: string) => { diagnostics += text; return true; } },
    } as never);
    if (error) throw new Error(`asc could not build ${entry}: ${error.message}\n${diagnostics}`);
    // Renamed into place so a concurrent run never loads a half-written binary.
    renameSync(tmp, out);
    return out;
  } finally {
    rmSync(packages, { recursive: true, force: true });
  }
}
