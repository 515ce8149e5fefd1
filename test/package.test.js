// The package as a user gets it: what `npm pack` ships, and declarations that type-check in a
// project without TypeScript's DOM library.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulated } from './support/harness.js';
import { tempDir } from './support/tmp.js';
import { jsChild } from './support/child.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * These check the package, not the kernel: under emulation (the kernel matrix's VMs, which have
 * node but not npm) they skip; the host's run has them.
 */
const npmMissing = spawnSync('npm', ['--version'], { stdio: 'ignore' }).error ? 'npm is not on PATH' : null;
const reason = emulated ? 'costly under emulation; it checks the package, run on the host' : npmMissing;
const hostTest = (name, fn) => (reason ? test.skip(`${name} [skipped: ${reason}]`, fn) : test(name, fn));

hostTest('npm pack ships the LICENSE, the built library and its declarations, and no .wat or tests', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const paths = files.map((f) => f.path);
  for (const want of ['LICENSE', 'package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/wasm/ring.wasm']) {
    assert.ok(paths.includes(want), `${want} is shipped`);
  }
  assert.equal(paths.filter((p) => p.endsWith('.wat') || p.startsWith('test/')), [], 'nothing only development needs');
});

(emulated ? (name, fn) => test.skip(`${name} [skipped: costly under emulation; it checks the package, run on the host]`, fn) : test)('the declarations check under --lib es2022 --types node (no DOM library), and with it', () => {
  const dir = tempDir();
  const file = join(dir, 'use.ts');
  writeFileSync(file, [
    `import { AsyncRing, Ring, RingMemory, constants } from ${JSON.stringify(join(root, 'dist/src/index.js'))};`,
    'const ring: Ring = new Ring();',
    'const memory: RingMemory = ring.memory;',
    'const used: unknown[] = [AsyncRing, memory.memory, constants.IORING_OP_READ, ring.prepRead];',
    'console.log(used.length);',
  ].join('\n'));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  for (const lib of ['es2022', 'es2022,dom']) {
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--lib', lib, '--types', 'node',
        '--typeRoots', join(root, 'node_modules/@types'), '--module', 'nodenext', '--moduleResolution', 'nodenext', file],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      assert.unreachable(`tsc --lib ${lib}: ${error.stdout}${error.stderr}`);
    }
  }
});

const onNode = !('Deno' in globalThis) && typeof process.versions.bun !== 'string';

/** Imports a copy of dist/ that has no addon beside it; what the child printed. */
function importWithoutAddon() {
  const dir = tempDir();
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const env = { ...process.env, WASM_URING_HOST: '' }; // the default choice, not the suite's (Deno's spawn keeps unset variables)
  const script = `import(${JSON.stringify(join(dir, 'dist/src/host.js'))}).then(({ host }) => console.log('loaded', host.name), (e) => console.log(e.code, e.message))`;
  return spawnSync(...jsChild(['--input-type=module', '-e', script]), { encoding: 'utf8', env }).stdout;
}

(onNode ? test : test.skip)(`without its addon (installed with --ignore-scripts), importing says what is missing and how to build it${
  onNode ? '' : ' [skipped: Node only; Deno and Bun load the FFI host instead, tested below]'}`, () => {
  assert.match(importWithoutAddon(), /^ERR_URING_NO_ADDON .*build\/Release\/uring_bridge\.node.*npm rebuild wasm-uring/);
});

(onNode ? test.skip : test)(`without its addon, Deno and Bun load the FFI host${onNode ? ' [skipped: Node has no FFI; tested above]' : ''}`, () => {
  assert.is(importWithoutAddon(), 'loaded ffi\n');
});

test.run();
