// The bridge ABI's conformance suite (src/conformance/, shipped as wasm-uring/conformance) run
// against this process's host, one test per check: `npm test` runs it on Node with the addon,
// `node test/runtimes.js conformance` under Deno and Bun with each host. A check the kernel
// cannot run is skipped with what the kernel answered. Then what the ABI itself promises:
// ring.wasm's imports are the ones docs/bridge-abi.md lists, and a module built for another
// version of the ABI, or for none, is refused (src/abi.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { host } from '../dist/src/host.js';
import { HOST_ABI_VERSION, instantiate } from '../dist/src/abi.js';
import { IMPORTS, conformance } from '../dist/src/conformance/index.js';
import { encodeModule, op } from '../dist/src/conformance/wasm.js';
import { readModuleInfo } from '../dist/src/guest/module.js';
import { closeSync } from './support/fs.js';
import { laterPlacement } from './support/placements.js';
import { unless } from './support/lacks.js';

// The suite tries every placement itself: it runs once per `npm test`, not once per placement.
const later = laterPlacement();
const once = unless(later, test);

// support/fs.js closes fds Deno's node:fs did not open (a ring's, here) through libc.
for (const check of conformance(host, { closeFd: closeSync })) {
  unless(later ?? check.skip, test)(`conformance (${host.name} host): ${check.name}`, () => check.run());
}

// ─── The ABI itself ──────────────────────────────────────────────────────────────────────────────

const ringBytes = readFileSync(new URL('../dist/src/wasm/ring.wasm', import.meta.url));

once('ring.wasm imports exactly the "uring" functions of the ABI, with their signatures, and env.memory (shared)', () => {
  const { imports } = readModuleInfo(ringBytes, 'ring.wasm');
  const uring = imports.filter((i) => i.module === 'uring');
  const declared = Object.fromEntries(uring.map((i) => [i.name, `(${i.type.params.join(', ')}) -> ${i.type.results.join(', ')}`]));
  const spec = Object.fromEntries(IMPORTS.map((i) => [i.name, `(${i.params.map(() => 'i32').join(', ')}) -> ${i.result}`]));
  assert.equal(declared, spec);
  const others = WebAssembly.Module.imports(new WebAssembly.Module(ringBytes)).filter((i) => i.module !== 'uring');
  // The release build needs no env.abort (asc --noAssert); a debug build imports it too.
  assert.equal(others.filter((i) => i.name !== 'abort'), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  const memory = imports.find((i) => i.kind === 'memory');
  assert.ok(memory.limits.shared && memory.limits.maximum !== undefined, 'env.memory is shared, with a maximum');
});

once('ring.wasm exports uring_abi_version, an immutable i32 global holding HOST_ABI_VERSION', () => {
  const exported = readModuleInfo(ringBytes, 'ring.wasm').exports.find((e) => e.name === 'uring_abi_version');
  assert.equal(exported, { name: 'uring_abi_version', kind: 'global', global: { type: 'i32', mutable: false } });
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 256, shared: true });
  const instance = instantiate(new WebAssembly.Module(ringBytes), host.createBridge(memory, new Uint8Array(memory.buffer)), memory, 'ring.wasm');
  assert.is(instance.exports.uring_abi_version.value, HOST_ABI_VERSION);
});

once('docs/bridge-abi.md lists every import with the signature ring.wasm declares', () => {
  const doc = readFileSync(new URL('../docs/bridge-abi.md', import.meta.url), 'utf8');
  const block = /```wasm-imports\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, 'the ```wasm-imports block of docs/bridge-abi.md');
  const listed = block.split('\n').filter(Boolean).map((line) => {
    const [, name, params, result] = /^(\w+)\((.*)\) -> (\w+)/.exec(line) ?? [];
    return { name, params: params ? params.split(', ').map((p) => p.split(': ')) : [], result };
  });
  for (const spec of IMPORTS) {
    const entry = listed.find((l) => l.name === spec.name);
    assert.ok(entry, `${spec.name} is listed`);
    assert.equal(entry.params.map(([name]) => name), spec.params.map(([name]) => name), `${spec.name}'s parameters`);
    assert.ok(entry.params.every(([, type]) => type === 'i32'), `${spec.name}: every parameter an i32`);
    assert.is(entry.result, spec.result, `${spec.name}'s result`);
  }
  assert.is(listed.length, IMPORTS.length, 'nothing else is listed');
});

/** A shared memory and the host's bridge bound to it. */
function bridged() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
  return { memory, bridge: host.createBridge(memory, new Uint8Array(memory.buffer)) };
}

/** A module whose start function calls uring.page_size, exporting `version` as uring_abi_version (none: undefined). */
function guest(version) {
  const pageSize = { module: 'uring', name: 'page_size', type: { params: [], results: ['i32'] } };
  return new WebAssembly.Module(encodeModule({
    imports: [pageSize],
    functions: [{ type: { params: [], results: [] }, body: [...op.call(0), ...op.drop()] }],
    globals: version === undefined ? [] : [{ type: 'i32', value: version, export: 'uring_abi_version' }],
    start: 1,
  }));
}

/** instantiate() of `module`, counting the module's calls of page_size: the error it threw, or null. */
function tryInstantiate(module) {
  const { memory, bridge } = bridged();
  const calls = { pageSize: 0 };
  const counted = { ...bridge, page_size: () => (calls.pageSize++, bridge.page_size()) };
  try {
    instantiate(module, counted, memory, 'guest.wasm');
    return { error: null, calls };
  } catch (error) {
    return { error, calls };
  }
}

once('a module built for the host\'s ABI version is instantiated (and its start function runs)', () => {
  const { error, calls } = tryInstantiate(guest(HOST_ABI_VERSION));
  assert.is(error, null);
  assert.is(calls.pageSize, 1, 'the start function called page_size');
});

once('a module built for another ABI version is refused with ERR_URING_ABI, naming both versions', () => {
  for (const version of [HOST_ABI_VERSION + 1, 0, -1]) {
    const { error } = tryInstantiate(guest(version));
    assert.ok(error, `version ${version} refused`);
    assert.is(error.code, 'ERR_URING_ABI');
    assert.is(error.message, `guest.wasm was built for bridge ABI version ${version}; this host implements version ${HOST_ABI_VERSION}`);
  }
});

once('a module exporting no uring_abi_version is refused with ERR_URING_ABI before it is instantiated: its start function never runs', () => {
  const { error, calls } = tryInstantiate(guest(undefined));
  assert.ok(error, 'refused');
  assert.is(error.code, 'ERR_URING_ABI');
  assert.ok(error.message.startsWith('guest.wasm does not export the global uring_abi_version: it was not built against wasm-uring\'s bridge ABI'), error.message);
  assert.is(calls.pageSize, 0, 'the start function did not run');
  // An export of that name that is not a global is no version either.
  const notGlobal = new WebAssembly.Module(encodeModule({
    functions: [{ type: { params: [], results: ['i32'] }, body: op.i32Const(HOST_ABI_VERSION), export: 'uring_abi_version' }],
  }));
  assert.is(tryInstantiate(notGlobal).error?.code, 'ERR_URING_ABI');
});

test.run();
