// The JavaScript runtimes the suite runs under (npm run test:runtimes): Node itself, and Deno and
// Bun at pinned versions fetched from the npm registry with `npm pack` into a cache outside the
// package (~/.cache/wasm-uring/runtimes), never into its dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const RUNTIMES = {
  deno: { spec: '@deno/linux-x64-glibc@2.9.6', dir: 'deno-linux-x64-glibc-2.9.6', bin: 'package/deno', hosts: ['node-api', 'ffi'] },
  bun: { spec: '@oven/bun-linux-x64@1.4.5', dir: 'oven-bun-linux-x64-1.4.5', bin: 'package/bin/bun', hosts: ['node-api', 'ffi'] },
};

const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wasm-uring', 'runtimes');

/** The path of `name`'s binary, fetched and unpacked once. */
export function runtimeBinary(name) {
  const runtime = RUNTIMES[name];
  const dir = join(cache, runtime.dir);
  const bin = join(dir, runtime.bin);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', runtime.spec, '--silent', '--pack-destination', cache], { encoding: 'utf8' })
    .trim().split('\n').at(-1);
  execFileSync('tar', ['-xzf', join(cache, tarball), '-C', dir]);
  execFileSync('chmod', ['+x', bin]);
  return bin;
}

/**
 * The command that runs `script` with `args` under `name` (node, deno, bun): the binary and the
 * arguments that come before the script.
 */
export function runtimeCommand(name, script, args = []) {
  if (name === 'node') return [process.execPath, [script, ...args]];
  const bin = runtimeBinary(name);
  if (name === 'deno') return [bin, ['run', '-A', script, ...args]];
  return [bin, [script, ...args]];
}
