// The AssemblyScript guests of the runner's tests (test/guests/*.ts), compiled with asc into
// test/.build/guests, named by a hash of their source, flags and asc's version: compiled once,
// by the first test process that needs them (under Node, whatever runtime the tests run on:
// WASM_URING_TEST_NODE is Node's path, test/run.js), then reused.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDir } from './cc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ascVersion = JSON.parse(readFileSync(join(root, 'node_modules/assemblyscript/package.json'), 'utf8')).version;

/** What every guest is built with: the memory and entry the runner wants. */
export const GUEST_FLAGS = ['--importMemory', '--sharedMemory', '--maximumMemory', '64', '--enable', 'threads', '--exportStart', '_start'];

/**
 * Compiles each `{ name, source, flags }` (source: a file in test/guests) unless built already,
 * all in one asc process; resolves to { name: path of its .wasm }.
 */
export function buildGuests(specs) {
  const dir = join(buildDir, 'guests');
  mkdirSync(dir, { recursive: true });
  const paths = {};
  const jobs = [];
  for (const { name, source, flags } of specs) {
    const file = join('test/guests', source);
    const hash = createHash('sha256').update(readFileSync(join(root, file))).update(JSON.stringify(flags)).update(ascVersion)
      .digest('hex').slice(0, 16);
    const out = join(dir, `${name}-${hash}.wasm`);
    paths[name] = out;
    if (!existsSync(out)) jobs.push({ source: file, out, flags });
  }
  if (jobs.length > 0) {
    const list = join(dir, `jobs-${process.pid}.json`);
    writeFileSync(list, JSON.stringify(jobs));
    const node = process.env.WASM_URING_TEST_NODE || (process.versions.bun || 'Deno' in globalThis ? 'node' : process.execPath);
    try {
      execFileSync(node, [join(root, 'test/support/asc.js'), list], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    } finally {
      rmSync(list, { force: true });
    }
  }
  return paths;
}
