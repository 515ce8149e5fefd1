// The package as a user gets it: what `npm pack` ships (its prepack builds the prebuild), the
// tarball installed into a new project with no compiler on PATH, with and without install
// scripts, and declarations that type-check in a project without TypeScript's DOM library.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { runtimeBinary } from './support/runtimes.js';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulated } from './support/harness.js';
import { laterPlacement } from './support/placements.js';
import { stageLibrary } from './support/stage.js';
import { tempDir } from './support/tmp.js';
import { TRIPLES, crossCompiler, onPath } from '../tools/prebuild.js';
import { jsChild } from './support/child.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * These check the package, not the kernel: under emulation (the kernel matrix's VMs, which have
 * node but not npm) they skip, and on the host they run once per suite, not once per placement.
 */
const npmMissing = spawnSync('npm', ['--version'], { stdio: 'ignore' }).error ? 'npm is not on PATH' : null;
const onNode = !('Deno' in globalThis) && typeof process.versions.bun !== 'string';
const reason = emulated ? 'costly under emulation; it checks the package, run on the host'
  : !onNode ? "it checks the package (npm, tsc), the same under every runtime: Node's run has it" : npmMissing ?? laterPlacement();
const hostTest = (name, fn) => (reason ? test.skip(`${name} [skipped: ${reason}]`, fn) : test(name, fn));

/** What a developer's checkout holds that a pack of it must not see (built or installed here). */
const notSources = new Set(['.git', 'node_modules', 'build', 'prebuilds', 'dist', 'docs/api', 'test/.build']);

/** The architectures whose prebuild ships; the other one's cross compiler may be missing here. */
const archs = Object.keys(TRIPLES);
const crossArch = archs.find((arch) => crossCompiler(arch));
const crossMissing = onPath(crossCompiler(crossArch)) ? null : `${crossCompiler(crossArch)} is not on PATH`;
const packedArchs = crossMissing ? [process.arch] : archs;

let packed;
/**
 * `npm pack` of a copy of this checkout, made once for the tests below: in a copy, so that its
 * prepack (node-gyp, prebuildify) does not rebuild the addon under the running suite. The copy
 * shares the checkout's node_modules (the build tools). Returns the tarball and the paths in it.
 */
function pack() {
  if (packed) return packed;
  const stage = tempDir('wasm-uring-pack-');
  cpSync(root, stage, { recursive: true, filter: (path) => !notSources.has(relative(root, path)) });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
  const out = tempDir('wasm-uring-tarball-');
  const started = Date.now();
  const env = { ...process.env, WASM_URING_PREBUILD_ARCHS: packedArchs.join(',') };
  const run = spawnSync('npm', ['pack', '--pack-destination', out], { cwd: stage, env, encoding: 'utf8' });
  assert.is(run.status, 0, `npm pack: ${run.stdout}${run.stderr}`);
  const tarball = join(out, readdirSync(out).find((name) => name.endsWith('.tgz')));
  console.log(`  npm pack (prepack: the prebuild; prepare: ring.wasm and dist/) took ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
    `${(statSync(tarball).size / 1024).toFixed(0)} KiB`);
  const unpacked = tempDir('wasm-uring-unpacked-');
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  const paths = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
  packed = { tarball, paths, unpacked: join(unpacked, 'package') };
  return packed;
}

/**
 * A bin directory holding only node and npm, for a PATH on which no compiler, make or python can
 * be found. npm adds to its scripts' PATH only node_modules/.bin directories and its own
 * node-gyp shim; its script shell is given by absolute path (it is not looked up on PATH).
 */
function bareBin() {
  const bin = tempDir('wasm-uring-bin-');
  symlinkSync(process.execPath, join(bin, 'node'));
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  symlinkSync(npmCli, join(bin, 'npm'));
  const env = { PATH: bin, npm_config_script_shell: '/bin/sh', npm_config_update_notifier: 'false' };
  if (process.env.HOME) env.HOME = process.env.HOME; // npm's cache and ~/.npmrc
  const found = spawnSync('/bin/sh', ['-c', 'for tool in g++ c++ gcc cc clang make python3 python; do command -v $tool; done'],
    { env, encoding: 'utf8' });
  assert.is(found.stdout, '', 'no compiler, make or python on the bare PATH');
  return env;
}

const readScript = `
import { AsyncRing } from 'wasm-uring';
const ring = new AsyncRing();
const fd = await ring.open(process.argv[2], 'r');
const buffer = Buffer.alloc(64);
const n = await ring.read(fd, buffer, 0);
await ring.close(fd);
await ring.close();
console.log(buffer.subarray(0, n).toString('hex'));
`;

/** Installs the tarball into a new project on the bare PATH; then an AsyncRing read of a file. */
function installAndRead(installFlags) {
  const { tarball } = pack();
  const env = bareBin();
  const project = tempDir('wasm-uring-user-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true }));
  const started = Date.now();
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...installFlags, tarball], { cwd: project, env, encoding: 'utf8' });
  assert.is(install.status, 0, `npm install ${installFlags.join(' ')}: ${install.stdout}${install.stderr}`);
  console.log(`  ${['npm install', ...installFlags].join(' ')} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const installed = join(project, 'node_modules', 'wasm-uring');
  assert.not.ok(existsSync(join(installed, 'build')), 'nothing was compiled: the prebuild is what loads');

  const bytes = Buffer.from('io_uring\0\xff\x00 read through the prebuilt addon\n', 'latin1');
  writeFileSync(join(project, 'data.bin'), bytes);
  writeFileSync(join(project, 'read.mjs'), readScript);
  const read = spawnSync('node', ['read.mjs', join(project, 'data.bin')], { cwd: project, env, encoding: 'utf8' });
  assert.is(read.status, 0, `the read: ${read.stderr}`);
  assert.is(read.stdout.trim(), bytes.toString('hex'));
}

hostTest('npm pack ships the library, its declarations, the prebuild and what compiling needs; nothing only development needs', () => {
  const { paths } = pack();
  for (const want of ['LICENSE', 'package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/wasm/ring.wasm',
    'dist/src/wasm/ring.d.ts', ...packedArchs.map((arch) => `prebuilds/linux-${arch}/wasm-uring.glibc.node`), 'binding.gyp', 'host/bridge.cc', 'bench/c/reads.c']) {
    assert.ok(paths.includes(want), `${want} is shipped`);
  }
  // The AssemblyScript library is shipped for guests to compile against: assembly/, index.ts.
  for (const want of ['index.ts', 'assembly/guest/index.ts', 'assembly/generated/guest.ts', 'examples/guests/asconfig.json', 'examples/guests/cat.ts']) {
    assert.ok(paths.includes(want), `${want} is shipped`);
  }
  const development = /^(test|src|tools|build)\/|\.(wat|map)$|^dist\/src\/wasm\/ring\.js$|^bench\/[^/]+\.js$|^(tsconfig|asconfig|typedoc)\.json$/;
  assert.equal(paths.filter((path) => development.test(path)), [], 'nothing only development needs');
});

/** ELF e_machine of each architecture's shared objects. */
const elfMachine = { x64: 62, arm64: 183 };

(crossMissing && !reason ? (name, fn) => test.skip(`${name} [skipped: ${crossMissing}]`, fn) : hostTest)(
  `the linux-${crossArch} prebuild is there too, cross-compiled: a shared object for ${crossArch}`, () => {
    const { unpacked } = pack();
    for (const arch of archs) {
      const elf = readFileSync(join(unpacked, `prebuilds/linux-${arch}/wasm-uring.glibc.node`));
      assert.is(elf.toString('latin1', 1, 4), 'ELF');
      assert.is(elf.readUInt16LE(18), elfMachine[arch], `linux-${arch}: e_machine`);
    }
  });

hostTest('installed from the tarball on a PATH with no compiler, the prebuild loads: an AsyncRing read returns the bytes', () => {
  installAndRead([]);
});

hostTest('installed with --ignore-scripts, the prebuild loads all the same: an AsyncRing read returns the bytes', () => {
  installAndRead(['--ignore-scripts']);
});

hostTest("the README's guest, compiled with asc against the installed package, runs with its wasm-uring run under Node, Deno and Bun: file and socket I/O", async () => {
  const { tarball } = pack();
  const project = tempDir('wasm-uring-guest-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'guest', private: true }));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, encoding: 'utf8' });
  assert.is(install.status, 0, `npm install: ${install.stdout}${install.stderr}`);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  writeFileSync(join(project, 'hello.ts'), /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## From WebAssembly')))[1]);
  // As the README says: asc with the package's guest asconfig; `wasm-uring` resolves to node_modules.
  const asc = spawnSync(process.execPath, [join(root, 'node_modules/assemblyscript/bin/asc.js'), 'hello.ts',
    '--config', 'node_modules/wasm-uring/examples/guests/asconfig.json', '-o', 'hello.wasm'], { cwd: project, encoding: 'utf8' });
  assert.is(asc.status, 0, `asc: ${asc.stdout}${asc.stderr}`);
  const server = createServer((socket) => socket.pipe(socket));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const cli = 'node_modules/wasm-uring/dist/src/cli.js';
    for (const [runtime, command] of [['node', [process.execPath, [cli]]], ['deno', [runtimeBinary('deno'), ['run', '-A', cli]]],
      ['bun', [runtimeBinary('bun'), [cli]]]]) {
      const file = join(project, `hello-${runtime}.txt`);
      const { stdout, stderr } = await promisify(execFile)(command[0], [...command[1], 'run', 'hello.wasm', file, String(server.address().port)],
        { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.is(stderr, '', runtime);
      assert.is(stdout, 'hello from io_uring\n', `${runtime}: what the echo server sent back`);
      assert.is(readFileSync(file, 'utf8'), 'hello from io_uring\n', `${runtime}: the file the guest wrote`);
    }
  } finally {
    server.close();
  }
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

const nodeOnly = (name, fn) => (onNode ? test(name, fn) : test.skip(`${name} [skipped: Node only; Deno and Bun load the FFI host instead, tested below]`, fn));

/**
 * What importing the staged library at `index` does in a child: 'loaded HOST', or the error's
 * code and message. The child gets the default choice of host, not the suite's (Deno's spawn
 * keeps variables an env leaves out, hence the empty value).
 */
function importOutcome(index) {
  const host = join(dirname(index), 'host.js');
  const script = `import(${JSON.stringify(host)}).then(({ host }) => console.log('loaded', host.name), (e) => console.log(e.code, e.message))`;
  return spawnSync(...jsChild(['--input-type=module', '-e', script]), { encoding: 'utf8', env: { ...process.env, WASM_URING_HOST: '' } }).stdout;
}

nodeOnly('with no addon that fits (no build, no prebuild for this platform), importing says what is missing and how to build it', () => {
  const index = stageLibrary(tempDir(), { addon: false });
  assert.match(importOutcome(index), /^ERR_URING_NO_ADDON .*build\/Release.*prebuilds\/.*platform=linux arch=.*npm rebuild wasm-uring/);
});

nodeOnly('a prebuild this system cannot load counts as missing: importing says why and how to build one', () => {
  const dir = tempDir();
  const index = stageLibrary(dir, { addon: false });
  mkdirSync(join(dir, 'prebuilds', `linux-${process.arch}`), { recursive: true });
  writeFileSync(join(dir, 'prebuilds', `linux-${process.arch}`, 'wasm-uring.glibc.node'), 'not a shared object');
  assert.match(importOutcome(index), /^ERR_URING_NO_ADDON .*prebuilt addon does not load on this system .*wasm-uring\.glibc\.node.*npm rebuild wasm-uring --build-from-source/);
});

(onNode ? test.skip : test)(`without its addon, Deno and Bun load the FFI host${onNode ? ' [skipped: Node has no FFI; tested above]' : ''}`, () => {
  assert.is(importOutcome(stageLibrary(tempDir(), { addon: false })), 'loaded ffi\n');
});

test.run();
