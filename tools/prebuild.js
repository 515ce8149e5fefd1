// `npm run build:prebuild` (npm pack's prepack): the addon prebuilt for each Linux architecture
// the package ships, as prebuilds/linux-<arch>/wasm-uring.glibc.node (prebuildify; node-gyp-build
// finds it at run time). This machine's architecture builds natively, the other with Debian's
// cross compiler (apt-get install g++-aarch64-linux-gnu, or g++-x86-64-linux-gnu on arm64).
//
//   WASM_URING_PREBUILD_ARCHS=x64   only these (comma-separated): to pack without a cross compiler
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Node's name for each architecture → the GNU triple its Debian cross toolchain is named by. */
export const TRIPLES = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };

/** The cross compiler building for `target` here, or null where it builds natively. */
export function crossCompiler(target) {
  return target === arch() ? null : `${TRIPLES[target]}-g++`;
}

export function onPath(command) {
  return spawnSync('sh', ['-c', 'command -v "$0"', command], { stdio: 'ignore' }).status === 0;
}

function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}

function prebuild(target) {
  const env = { ...process.env };
  const cxx = crossCompiler(target);
  if (cxx) {
    if (!onPath(cxx)) {
      fail(`${cxx} is not on PATH: install it (Debian: apt-get install g++-${TRIPLES[target].replaceAll('_', '-')}) ` +
        `or pack without linux-${target} (WASM_URING_PREBUILD_ARCHS=${arch()})`);
    }
    const triple = TRIPLES[target];
    Object.assign(env, { CC: `${triple}-gcc`, CXX: cxx, LINK: cxx, AR: `${triple}-ar`, PREBUILD_STRIP_BIN: `${triple}-strip` });
  }
  const prebuildify = createRequire(import.meta.url).resolve('prebuildify/bin.js');
  // Node-API: one build serves every Node version; --target: against this Node's headers (else
  // prebuildify names the newest Node it knows, whose headers node-gyp would have to download).
  const run = spawnSync(process.execPath, [prebuildify, '--napi', '--tag-libc', '--strip', '--arch', target, '--target', process.versions.node],
    { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) fail(`prebuildify for linux-${target} failed (${run.error?.message ?? `exit status ${run.status}`})`);
}

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = (process.env.WASM_URING_PREBUILD_ARCHS || Object.keys(TRIPLES).join(',')).split(',');
  for (const target of targets) {
    if (!TRIPLES[target]) fail(`no architecture ${target} (known: ${Object.keys(TRIPLES).join(', ')})`);
  }
  if (!onPath('node-gyp')) fail('node-gyp is not on PATH: run this through npm (npm run build:prebuild), which puts its own there');
  rmSync(new URL('../prebuilds', import.meta.url), { recursive: true, force: true }); // none left from an earlier pack
  for (const target of targets) prebuild(target);
}
