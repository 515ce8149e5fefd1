// The guest runner (src/guest/, `wasm-uring run`): AssemblyScript guests from test/guests,
// compiled with asc once (support/guests.js), run in this process with runGuest() and as users
// run them, with the CLI in a child process. What the guest got (args, environment, clocks) it
// leaves in a report area of its memory, which the test passes in (options.memory) and reads.
import { test as uvuTest } from 'uvu';
import { hostOnly, scoped } from './support/placements.js';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RingMemory, runGuest } from '../dist/src/index.js';
import { host } from '../dist/src/host.js';
import { readModuleInfo } from '../dist/src/guest/module.js';
import { URING_IMPORTS } from '../dist/src/guest/imports.js';
import { buildGuests, GUEST_FLAGS } from './support/guests.js';
import { tempDir } from './support/tmp.js';
import { patience } from './support/harness.js';
import { jsChild, withoutForceColor } from './support/child.js';
import {
  HEADER, I32, funcType, guestModule, importFunc, importGlobal, importMemory, name, section, vec, wasmModule,
} from './support/wasm-binary.js';

// The runner is the library's own (reader, imports, WASI, CLI): in a VM of the kernel matrix only
// what reaches the kernel runs (the uring imports), the rest is the host's.
const test = scoped(hostOnly, uvuTest);

const onBun = typeof process.versions.bun === 'string';
const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));

const WITHOUT_START = GUEST_FLAGS.filter((f, i, all) => f !== '--exportStart' && all[i - 1] !== '--exportStart');
const guests = buildGuests([
  { name: 'probe', source: 'probe.ts', flags: [...GUEST_FLAGS, '--initialMemory', '4', '--memoryBase', '65536'] },
  { name: 'minimal', source: 'minimal.ts', flags: GUEST_FLAGS },
  { name: 'own-memory', source: 'minimal.ts', flags: ['--exportStart', '_start'] },
  { name: 'unshared', source: 'minimal.ts', flags: ['--importMemory', '--maximumMemory', '64', '--exportStart', '_start'] },
  { name: 'unshared-unbounded', source: 'minimal.ts', flags: ['--importMemory', '--exportStart', '_start'] },
  { name: 'start-section', source: 'minimal.ts', flags: WITHOUT_START },
  { name: 'no-start', source: 'no-start.ts', flags: WITHOUT_START },
  { name: 'abi-1', source: 'abi-1.ts', flags: GUEST_FLAGS },
  { name: 'no-abi', source: 'no-abi.ts', flags: GUEST_FLAGS },
  { name: 'unknown-import', source: 'unknown-import.ts', flags: GUEST_FLAGS },
  { name: 'bad-signature', source: 'bad-signature.ts', flags: GUEST_FLAGS },
  { name: 'plain-wasi', source: 'plain-wasi.ts', flags: GUEST_FLAGS },
]);
const probe = guests.probe;

/** The WASI implementations this runtime can give a guest (Bun's node:wasi is not used). */
const WASIS = onBun ? ['auto', 'shim'] : ['auto', 'node:wasi', 'shim'];

/** A memory the probe accepts (it declares 4 pages, at most 64), to read its report from. */
const probeMemory = () => new WebAssembly.Memory({ initial: 4, maximum: 64, shared: true });

/** Resolves to the error runGuest rejected with (fails if it resolved). */
async function rejection(promise) {
  try {
    const code = await promise;
    assert.unreachable(`resolved with exit code ${code}`);
  } catch (error) {
    if (error.name === 'Assertion') throw error;
    return error;
  }
}

async function rejects(promise, code, ...fragments) {
  const error = await rejection(promise);
  assert.is(error.code, code, error.stack);
  for (const fragment of fragments) {
    if (fragment instanceof RegExp) assert.match(error.message, fragment);
    else assert.ok(error.message.includes(fragment), `${JSON.stringify(error.message)} says ${JSON.stringify(fragment)}`);
  }
  return error;
}

// ─── What the guest gets ──────────────────────────────────────────────────────────────────

/** The report the probe's `report` command leaves in `memory`. */
function readReport(memory) {
  const buffer = memory.buffer;
  const dv = new DataView(buffer);
  const strings = (at, size) => {
    const text = new TextDecoder().decode(new Uint8Array(buffer, at, size).slice());
    assert.ok(text.endsWith('\0'), 'every string NUL-terminated');
    return text.slice(0, -1).split('\0');
  };
  const argc = dv.getUint32(1024, true);
  const envc = dv.getUint32(1032, true);
  const errno = (at) => dv.getUint16(at, true);
  return {
    argv: strings(4096, dv.getUint32(1028, true)).slice(0, argc),
    env: envc === 0 ? [] : strings(20480, dv.getUint32(1036, true)),
    envc,
    realtime: { errno: errno(1040), ns: dv.getBigUint64(1048, true) },
    monotonic: [{ errno: errno(1042), ns: dv.getBigUint64(1056, true) }, { errno: errno(1044), ns: dv.getBigUint64(1064, true) }],
    monotonicRes: { errno: errno(1046), ns: dv.getBigUint64(1072, true) },
    cputime: { errno: errno(1080), ns: dv.getBigUint64(1088, true) },
    badClock: errno(1082),
    random: { errno: errno(1084), bytes: new Uint8Array(buffer, 1104, 32).slice() },
    schedYield: errno(1086),
    pageSize: dv.getUint32(1136, true),
  };
}

for (const wasi of WASIS) {
  test(`wasi ${wasi}: args and the environment reach the guest byte for byte, argv[0] its name; clocks, random, sched_yield answer`, async () => {
    const memory = probeMemory();
    const args = ['report', 'two words', 'é ü 😀', '--flag', '', '-'];
    const env = { A: '1', EMPTY: '', UTF: 'ü=€', LEFT_OUT: undefined };
    const before = BigInt(Date.now()) * 1_000_000n;
    assert.is(await runGuest(probe, { args, env, memory, wasi }), 0);
    const after = BigInt(Date.now()) * 1_000_000n;
    const r = readReport(memory);
    assert.equal(r.argv, [probe, ...args]);
    assert.equal(r.env, ['A=1', 'EMPTY=', 'UTF=ü=€']);
    assert.is(r.realtime.errno, 0);
    assert.ok(r.realtime.ns >= before - 2_000_000n && r.realtime.ns <= after + 2_000_000n, `realtime ${r.realtime.ns} in [${before}, ${after}]`);
    assert.is(r.monotonic[0].errno, 0);
    assert.is(r.monotonic[1].errno, 0);
    assert.ok(r.monotonic[1].ns >= r.monotonic[0].ns, 'monotonic');
    assert.is(r.monotonicRes.errno, 0);
    assert.ok(r.monotonicRes.ns > 0n && r.monotonicRes.ns <= 1_000_000n, `resolution ${r.monotonicRes.ns} ns`);
    assert.is(r.cputime.errno, 0);
    assert.ok(r.cputime.ns > 0n, 'the process has used CPU time');
    assert.is(r.badClock, 28, 'no such clock: ERRNO_INVAL');
    assert.is(r.random.errno, 0);
    assert.ok(r.random.bytes.some((b) => b !== 0), '32 random bytes are not all zero');
    assert.is(r.schedYield, 0);
    assert.is(r.pageSize, RingMemory.default.pageSize, "the bridge's page_size");
  });

  test(`wasi ${wasi}: by default the guest has no environment (not this process's) and argv is its name alone; options.name is argv[0]`, async () => {
    const memory = probeMemory();
    // 'report' must be argv[1]: the name is argv[0].
    assert.is(await runGuest(probe, { memory, wasi, args: ['report'] }), 0);
    let r = readReport(memory);
    assert.equal(r.argv, [probe, 'report']);
    assert.is(r.envc, 0);
    assert.is(await runGuest(probe, { memory, wasi, args: ['report'], name: 'the-guest', env: process.env }), 0);
    r = readReport(memory);
    assert.equal(r.argv, ['the-guest', 'report']);
    const expected = Object.entries(process.env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
    // Deno's process.env lists its entries in no fixed order: as sets.
    assert.equal([...r.env].sort(), expected.sort(), 'env: process.env hands it on');
  });

  test(`wasi ${wasi}: the exit code is proc_exit's (u32), 0 when _start returns`, async () => {
    for (const [args, code] of [[['exit', '7'], 7], [['exit', '0'], 0], [['return'], 0], [['exit', '300'], 300], [['exit', '4294967295'], 4294967295]]) {
      assert.is(await runGuest(probe, { args, wasi }), code, args.join(' '));
    }
  });

  test(`wasi ${wasi}: a guest that grew its memory gets args_get into the new page, and the bridge takes pointers into it`, async () => {
    assert.is(await runGuest(probe, { args: ['grow', 'some', 'arguments'], wasi }), 0);
  });

  uvuTest(`wasi ${wasi}: the uring imports are the host's bridge bound to the guest's memory: io_uring_setup, its params checked against that memory and written by the kernel into it, close`, async () => {
    // The guest checks: 0 entries → -EINVAL; params 100 bytes before its memory's end → -EFAULT;
    // a ring of 4 → sq_entries 4, cq_entries 8 and features in its params; close 0, again -EBADF;
    // memory_base a page-aligned address.
    assert.is(await runGuest(probe, { args: ['ring'], wasi }), 0);
  });
}

test('the shim answers ERRNO_NOSYS for what it does not implement; Math.random is seeded through env.seed', async () => {
  assert.is(await runGuest(probe, { args: ['nosys'], wasi: 'shim' }), 52);
  for (const wasi of WASIS) assert.is(await runGuest(probe, { args: ['random'], wasi }), 0, wasi);
});

if (onBun) {
  test("on Bun, wasi 'node:wasi' is refused: Bun's node:wasi ends the process on proc_exit", async () => {
    await rejects(runGuest(probe, { args: ['return'], wasi: 'node:wasi' }), 'ERR_URING_UNSUPPORTED', 'Bun', 'proc_exit');
  });
}

test('a ring the guest leaves open stays open (it is the guest\'s); the next guest runs', async () => {
  assert.is(await runGuest(probe, { args: ['leave-ring'] }), 0);
  assert.is(await runGuest(probe, { args: ['ring'] }), 0);
});

// ─── Ends other than an exit ──────────────────────────────────────────────────────────────

test('a trap rejects with ERR_URING_GUEST_TRAP naming the guest and the trap, the engine\'s error as cause; the next guest runs', async () => {
  for (const [command, Cause] of [['trap', WebAssembly.RuntimeError], ['oob', WebAssembly.RuntimeError], ['recurse', RangeError]]) {
    const error = await rejects(runGuest(probe, { args: [command], name: 'trapper' }), 'ERR_URING_GUEST_TRAP', /^trapper trapped: \S/);
    assert.instance(error.cause, Cause, command);
    assert.is(error.message, `trapper trapped: ${error.cause.message.replace(/ \(evaluating '[^']*'\)$/, '')}`);
    assert.not.match(error.message, /evaluating/, "not JavaScriptCore's note of the runner's own call");
  }
  assert.is(await runGuest(probe, { args: ['exit', '5'] }), 5);
});

// ─── What the runner refuses, before running anything ─────────────────────────────────────

test('a guest that defines its own memory, imports an unshared one, or one without a maximum is refused, saying which asc flags fix it', async () => {
  await rejects(runGuest(guests['own-memory']), 'ERR_URING_GUEST_MEMORY', 'defines its own memory',
    '--importMemory --sharedMemory --maximumMemory N --enable threads');
  await rejects(runGuest(guests.unshared), 'ERR_URING_GUEST_MEMORY', 'imports a memory that is not shared;', '--sharedMemory --enable threads');
  await rejects(runGuest(guests['unshared-unbounded']), 'ERR_URING_GUEST_MEMORY', 'is not shared and has no maximum',
    '--sharedMemory --enable threads --maximumMemory N');
  // asc refuses a shared memory without a maximum (and engines such a module): written by hand.
  const start = importFunc('wasi_snapshot_preview1', 'proc_exit', 1);
  const types = section(1, vec([funcType([], []), funcType([I32], [])]));
  const sharedUnbounded = wasmModule(types, section(2, vec([importMemory(0x02, 1), start])));
  await rejects(runGuest(sharedUnbounded, { name: 'unbounded' }), 'ERR_URING_GUEST_MEMORY',
    'unbounded imports a memory that has no maximum', '--maximumMemory N');
  const memory64 = wasmModule(types, section(2, vec([importMemory(0x07, 1, 2)])));
  await rejects(runGuest(memory64), 'ERR_URING_GUEST_MEMORY', '64-bit memory');
  await rejects(runGuest(guestModule({ imports: [] })), 'ERR_URING_GUEST_MEMORY', 'has no memory', '--importMemory');
  await rejects(runGuest(guestModule({ imports: [importMemory(0x03, 1, 2)], memories: [[0x00, 1]] })), 'ERR_URING_GUEST_MEMORY', 'defines its own memory');
  await rejects(runGuest(guestModule({ imports: [importMemory(0x03, 3, 2)] })), 'ERR_URING_GUEST_MEMORY', '3 pages initially, more than its maximum of 2');
});

test('an import the runner does not provide is refused, naming each; so is one of the wrong kind or type', async () => {
  const error = await rejects(runGuest(guests['unknown-import'], { name: 'u' }), 'ERR_URING_GUEST_IMPORT',
    'u imports things the runner does not provide: "uring"."io_uring_frobnicate", "env"."console.log" (the runner provides "uring"');
  assert.not.ok(error.message.includes('page_size'), 'what it does provide is not listed');
  await rejects(runGuest(guests['bad-signature'], { name: 'b' }), 'ERR_URING_GUEST_IMPORT',
    'b imports "uring"."io_uring_setup" as (i32) -> i32, but it is (i32, i32) -> i32; "wasi_snapshot_preview1"."proc_exit" as (i64) -> (), but it is (i32) -> ()');
  const memory = importMemory(0x03, 1, 2);
  await rejects(runGuest(guestModule({ imports: [memory, importGlobal('uring', 'page_size')] })), 'ERR_URING_GUEST_IMPORT',
    '"uring"."page_size" as a global, but it is a function');
  await rejects(runGuest(guestModule({ imports: [memory, importMemory(0x03, 1, 2, 'env', 'other')] })), 'ERR_URING_GUEST_IMPORT',
    '"env"."other" (a memory)');
  await rejects(runGuest(guestModule({ imports: [importFunc('env', 'memory', 0)] })), 'ERR_URING_GUEST_IMPORT',
    '"env"."memory" as a function, but it is a memory');
});

test('a guest with a start section, or without _start, is refused before it runs', async () => {
  await rejects(runGuest(guests['start-section']), 'ERR_URING_GUEST_START', 'has a start section', '--exportStart _start');
  await rejects(runGuest(guests['no-start']), 'ERR_URING_GUEST_START', 'does not export a function _start', '--exportStart _start');
  // The hand-written one, whose start function would trap if it ran.
  await rejects(runGuest(guestModule({ imports: [importMemory(0x03, 1, 2)], code: [0x00, 0x0b], start: true })), 'ERR_URING_GUEST_START',
    'has a start section');
});

test('a guest built for another bridge ABI version, or that does not say, is refused before any of its code runs', async () => {
  // Had they run, they would have exited 77.
  await rejects(runGuest(guests['abi-1'], { name: 'two' }), 'ERR_URING_ABI', 'two was built for bridge ABI version 1; this host implements version 2');
  await rejects(runGuest(guests['no-abi'], { name: 'none' }), 'ERR_URING_ABI', 'none does not export the global uring_abi_version');
  // Its _start would trap (unreachable) were it called.
  await rejects(runGuest(guestModule({ imports: [importMemory(0x03, 1, 2)], code: [0x00, 0x0b], abi: 9 })), 'ERR_URING_ABI', 'version 9');
});

test('a WASI command that does not import "uring" needs no ABI version: it runs', async () => {
  assert.is(await runGuest(guests['plain-wasi']), 3);
});

// ─── Malformed binaries ───────────────────────────────────────────────────────────────────

/** [what, bytes, what the message says]. */
const MALFORMED = [
  ['empty', new Uint8Array(0), 'is not a WebAssembly module: it does not begin with the bytes \\0asm (it is 0 bytes long)'],
  ['text', new TextEncoder().encode('#!/bin/sh\necho hello\n'), 'is not a WebAssembly module'],
  ['only a header', new Uint8Array(HEADER.slice(0, 6)), 'it is 6 bytes long'],
  ['version 2', new Uint8Array([...HEADER.slice(0, 4), 2, 0, 0, 0]), 'binary format version 2'],
  ['a component', new Uint8Array([...HEADER.slice(0, 4), 0x0d, 0x00, 0x01, 0x00]), 'a WebAssembly component, not a core module'],
  ['a section past the end', wasmModule([2, 50, 1, 2, 3]), 'section 2 (import) of 50 bytes runs past the end of the module at byte offset 8'],
  ['a section size LEB that never ends', wasmModule([2, 0x80, 0x80, 0x80]), 'unexpected end of section size'],
  ['an over-long LEB', wasmModule([2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 'LEB128 too long or out of range for u32'],
  ['a LEB over 2^32', wasmModule([2, 0xff, 0xff, 0xff, 0xff, 0x1f]), 'LEB128 too long or out of range for u32'],
  ['an import count the section cannot hold', wasmModule(section(2, [0xff, 0xff, 0xff, 0xff, 0x0f, 0])), 'import count 4294967295 is more than'],
  ['a name past its section', wasmModule(section(2, [1, 40, 0x61, 0x62, 0x63, 0x64])), 'import module name of 40 bytes runs past the end of its section'],
  ['a name that is not UTF-8', wasmModule(section(2, vec([[1, 0xff, ...name('x'), 0x00, 0x00]]))), 'import module name is not valid UTF-8'],
  ['an unknown import kind', wasmModule(section(2, vec([[...name('env'), ...name('x'), 0x07, 0]]))), 'unknown import kind 0x07'],
  ['unknown memory limits flags', wasmModule(section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x10, 1]]))), 'unknown memory limits flags 0x10'],
  ['a limit LEB cut short', wasmModule(section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x03, 0x81]]))), 'unexpected end of import "env"."memory" initial size'],
  ['bytes left over in the import section', wasmModule(section(2, [...vec([importMemory(0x03, 1, 2)]), 0xaa])), 'section 2 (import) is'],
  ['a type index out of range', wasmModule(section(1, vec([funcType([], [])])), section(2, vec([importFunc('uring', 'page_size', 3)]))),
    'import "uring"."page_size" names type 3, but the module declares 1 types'],
  ['an unknown value type', wasmModule(section(1, vec([[0x60, 1, 0x42, 0]]))), 'unknown value type 0x42'],
  ['an unknown type form', wasmModule(section(1, vec([[0x61, 0, 0]]))), 'unknown type form 0x61'],
  ['an unknown section', wasmModule(section(42, [])), 'unknown section id 42'],
  ['two import sections', wasmModule(section(2, [0]), section(2, [0])), 'a second import section'],
];

test('malformed binaries are refused with ERR_URING_GUEST_INVALID saying what is wrong and where', async () => {
  for (const [what, bytes, says] of MALFORMED) {
    const error = await rejection(runGuest(bytes, { name: 'm' }));
    assert.is(error.code, 'ERR_URING_GUEST_INVALID', `${what}: ${error.stack}`);
    assert.ok(error.message.startsWith('m is not a'), `${what}: ${error.message}`);
    assert.ok(error.message.includes(says), `${what}: ${JSON.stringify(error.message)} says ${JSON.stringify(says)}`);
  }
});

test("a module the runner's reader takes but the engine does not is refused with the engine's reason", async () => {
  // Well-formed imports; the function body leaves an i32 on the stack of a () -> () function.
  const error = await rejects(runGuest(guestModule({ imports: [importMemory(0x03, 1, 2)], code: [0x41, 0x01, 0x0b] }), { name: 'bad' }),
    'ERR_URING_GUEST_INVALID', 'bad is not a valid WebAssembly module: ');
  assert.instance(error.cause, WebAssembly.CompileError);
});

/** A xorshift generator, so that a failure can be replayed. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

test('the reader never fails but with ERR_URING_GUEST_INVALID on 3000 mutations and every truncation of a real guest', () => {
  const original = new Uint8Array(readFileSync(probe));
  const info = readModuleInfo(original, 'probe');
  assert.ok(info.imports.length >= 10 && !info.startSection && info.definedMemories.length === 0);
  const check = (bytes, what) => {
    try {
      readModuleInfo(bytes, 'fuzzed');
    } catch (error) {
      if (error.code !== 'ERR_URING_GUEST_INVALID') assert.unreachable(`${what}: ${error.stack}`);
    }
  };
  // The type and import sections are in the first few hundred bytes: most mutations hit them.
  const next = random(0x5eed);
  for (let i = 0; i < 3000; i++) {
    const bytes = original.slice();
    const n = 1 + next(4);
    for (let j = 0; j < n; j++) bytes[8 + next(Math.min(bytes.length - 8, next(2) ? 600 : bytes.length))] = next(256);
    check(bytes, `mutation ${i}`);
  }
  for (let length = 0; length < original.length; length += length < 800 ? 1 : 97) check(original.subarray(0, length), `truncated to ${length}`);
});

test('truncated guests are refused, never run', async () => {
  const original = new Uint8Array(readFileSync(probe));
  for (const length of [9, 20, 100, 300, original.length - 1]) {
    await rejects(runGuest(original.subarray(0, length), { args: ['exit', '9'] }), 'ERR_URING_GUEST_INVALID');
  }
  // The header alone is a module: an empty one, with no memory.
  await rejects(runGuest(original.subarray(0, 8)), 'ERR_URING_GUEST_MEMORY', 'has no memory');
});

test("ring.wasm's uring imports are the types the runner checks guests against, and the host's bridge has each", () => {
  const ring = new Uint8Array(readFileSync(new URL('../dist/src/wasm/ring.wasm', import.meta.url)));
  const uring = readModuleInfo(ring, 'ring.wasm').imports.filter((i) => i.module === 'uring');
  assert.ok(uring.length >= 10, 'ring.wasm imports the bridge');
  for (const i of uring) assert.equal(i.type, URING_IMPORTS[i.name], i.name);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const bridge = host.createBridge(memory, new Uint8Array(memory.buffer));
  for (const name of Object.keys(URING_IMPORTS)) assert.type(bridge[name], 'function', name);
});

// ─── What runGuest takes ──────────────────────────────────────────────────────────────────

test('a guest is a path, a file: URL, bytes (Uint8Array, Buffer, ArrayBuffer, DataView), or a compiled Module with a memory', async () => {
  const path = guests.minimal;
  const bytes = readFileSync(path);
  assert.is(await runGuest(path), 0);
  assert.is(await runGuest(pathToFileURL(path)), 0);
  assert.is(await runGuest(bytes), 0);
  assert.is(await runGuest(new Uint8Array(bytes)), 0);
  assert.is(await runGuest(new Uint8Array(bytes).buffer), 0);
  assert.is(await runGuest(new DataView(new Uint8Array(bytes).buffer)), 0);
  const module = new WebAssembly.Module(bytes);
  await rejects(runGuest(module), 'ERR_URING_GUEST_MEMORY', 'guest is a compiled WebAssembly.Module, which does not tell its memory', 'options.memory');
  assert.is(await runGuest(module, { memory: new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true }) }), 0);
  // A memory its import does not accept (a larger maximum): the engine's link error.
  await rejects(runGuest(module, { memory: new WebAssembly.Memory({ initial: 1, maximum: 128, shared: true }) }), 'ERR_URING_GUEST_IMPORT', 'cannot be linked');
  await rejects(runGuest(path, { memory: new WebAssembly.Memory({ initial: 1, maximum: 128, shared: true }) }), 'ERR_URING_GUEST_IMPORT', 'cannot be linked');
  // The reflection still names an unknown import.
  await rejects(runGuest(new WebAssembly.Module(readFileSync(guests['unknown-import']))), 'ERR_URING_GUEST_IMPORT', '"env"."console.log"');
});

test('bad arguments are refused as Node refuses them; a missing file with its ENOENT', async () => {
  const cases = [
    [() => runGuest(42), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, null), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, { args: 'report' }), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, { args: [1] }), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, { args: ['a\0b'] }), 'ERR_INVALID_ARG_VALUE'],
    [() => runGuest(probe, { env: { 'A=B': 'c' } }), 'ERR_INVALID_ARG_VALUE'],
    [() => runGuest(probe, { env: { A: 1 } }), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, { env: { A: 'x\0' } }), 'ERR_INVALID_ARG_VALUE'],
    [() => runGuest(probe, { name: 7 }), 'ERR_INVALID_ARG_TYPE'],
    [() => runGuest(probe, { wasi: 'preview2' }), 'ERR_INVALID_ARG_VALUE'],
    [() => runGuest(probe, { memory: new WebAssembly.Memory({ initial: 1 }) }), 'ERR_INVALID_ARG_VALUE'],
    [() => runGuest(probe, { memory: {} }), 'ERR_INVALID_ARG_TYPE'],
  ];
  for (const [call, code] of cases) {
    const error = await rejection(call());
    assert.is(error.code, code, `${call}: ${error.message}`);
  }
  const missing = join(tempDir(), 'missing.wasm');
  await rejects(runGuest(missing), 'ENOENT', missing);
  await rejects(runGuest(probe, { memory: new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true }) }), 'ERR_URING_GUEST_MEMORY',
    'needs a memory of at least 4 pages');
});

// ─── wasm-uring run ───────────────────────────────────────────────────────────────────────

/** Runs `wasm-uring run args…` in a child; resolves to its status, stdout and stderr. */
function wasmUringRun(args, env = {}) {
  const [command, argv] = jsChild([cli, 'run', ...args]);
  return new Promise((resolve) => {
    execFile(command, argv, { encoding: 'utf8', timeout: patience(30000), env: { ...withoutForceColor(), ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, signal: error?.signal, stdout, stderr });
    });
  });
}

/** Runs the CLI cases `[args, env?]` two at a time (the machine has two cores). */
async function runAll(cases) {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await wasmUringRun(...cases[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

test('wasm-uring run: everything after the guest is its, untouched; the status is its exit code (mod 256), 134 for an abort with the message on stderr', async () => {
  const [echo, argv0, exit7, exit300, returned, abort, abortBare, thrown, trace] = await runAll([
    [[probe, 'echo', '--foo', '--', '-h', 'two words', '', '--env=X']],
    [['--argv0', 'me', probe, 'echo']],
    [[probe, 'exit', '7']],
    [[probe, 'exit', '300']],
    [[probe, 'return']],
    [[probe, 'abort']],
    [[probe, 'abort-bare']],
    [[probe, 'throw']],
    [[probe, 'trace']],
  ]);
  assert.equal(echo, { code: 0, signal: undefined, stdout: `${probe}\necho\n--foo\n--\n-h\ntwo words\n\n--env=X\n`, stderr: '' });
  assert.is(argv0.stdout, 'me\necho\n');
  assert.equal([exit7.code, exit7.stderr], [7, ''], 'nothing else on stderr (no ExperimentalWarning)');
  assert.is(exit300.code, 300 & 0xff);
  assert.equal([returned.code, returned.stdout, returned.stderr], [0, '', '']);
  assert.is(abort.code, 134);
  assert.match(abort.stderr, /^abort: boom at test\/guests\/probe\.ts:\d+:\d+\n$/);
  assert.equal([abortBare.code, abortBare.stderr], [134, 'abort: (no message)\n']);
  assert.is(thrown.code, 134);
  assert.match(thrown.stderr, /^abort: thrown at test\/guests\/probe\.ts:\d+:\d+\n$/);
  assert.equal([trace.code, trace.stderr], [0, 'trace: hello 1.5, -2\n']);
});

test('wasm-uring run: the guest\'s environment is empty but for --env (NAME=VALUE, or NAME from this one), or this one with --inherit-env', async () => {
  const parent = { FROM_PARENT: 'yes', OTHER: 'o' };
  const [some, inherited, none] = await runAll([
    [['-e', 'A=1', '--env', 'FROM_PARENT', '--env=NOT_SET_ANYWHERE', '--env', 'B=x=y', probe, 'env'], parent],
    [['--inherit-env', '-e', 'A=2', probe, 'env'], parent],
    [[probe, 'env'], parent],
  ]);
  assert.equal([some.code, some.stdout, some.stderr], [0, 'A=1\nFROM_PARENT=yes\nB=x=y\n', '']);
  assert.is(inherited.code, 0);
  const lines = inherited.stdout.split('\n');
  assert.ok(lines.includes('FROM_PARENT=yes') && lines.includes('OTHER=o') && lines.includes('A=2'), inherited.stdout);
  assert.ok(lines.some((l) => l.startsWith('PATH=')), 'the whole environment');
  assert.equal([none.code, none.stdout], [0, '']);
});

uvuTest('wasm-uring run: fd_write reaches stdout and stderr with each WASI; the uring imports work', async () => {
  const results = await runAll(WASIS.flatMap((wasi) => [[['--wasi', wasi, probe, 'write']], [['--wasi', wasi, probe, 'ring']]]));
  WASIS.forEach((wasi, i) => {
    assert.equal(results[2 * i], { code: 0, signal: undefined, stdout: 'to stdout\n', stderr: 'to stderr\n' }, wasi);
    assert.equal([results[2 * i + 1].code, results[2 * i + 1].stderr], [0, ''], `${wasi}: ring`);
  });
});

test('wasm-uring run: a guest that cannot run is one line on stderr and status 1; a usage error status 2', async () => {
  const dir = tempDir();
  const missing = join(dir, 'missing.wasm');
  const text = join(dir, 'text.wasm');
  writeFileSync(text, 'not wasm\n');
  const [noFile, notWasm, ownMemory, abi, unknown, trap, noGuest, badOption, badWasi, help] = await runAll([
    [[missing]],
    [[text]],
    [[guests['own-memory']]],
    [[guests['abi-1']]],
    [[guests['unknown-import']]],
    [[probe, 'trap']],
    [[]],
    [['--bogus', probe]],
    [['--wasi', 'nope', probe]],
    [['--help']],
  ]);
  assert.equal([noFile.code, noFile.stderr], [1, `wasm-uring run: ENOENT: no such file or directory, open '${missing}'\n`]);
  assert.equal([notWasm.code, notWasm.stderr], [1, `wasm-uring run: ${text} is not a WebAssembly module: it does not begin with the bytes \\0asm\n`]);
  for (const [what, r, says] of [['own memory', ownMemory, '--importMemory'], ['abi', abi, 'bridge ABI version 1'],
    ['unknown import', unknown, '"env"."console.log"'], ['trap', trap, `${probe} trapped: `]]) {
    assert.is(r.code, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, /^wasm-uring run: [^\n]+\n$/, `${what}: one line, not ${JSON.stringify(r.stderr)}`);
    assert.ok(r.stderr.includes(says), `${what}: ${r.stderr}`);
    assert.is(r.stdout, '');
  }
  assert.is(noGuest.code, 2);
  assert.ok(noGuest.stderr.startsWith('wasm-uring run: no guest given\nusage: wasm-uring run [options] GUEST.wasm [ARG]...\n'), noGuest.stderr);
  assert.is(badOption.code, 2);
  assert.ok(badOption.stderr.startsWith("wasm-uring run: Unknown option '--bogus'"), badOption.stderr);
  assert.is(badWasi.code, 2);
  assert.ok(badWasi.stderr.startsWith("wasm-uring run: --wasi must be one of auto, node:wasi, shim, not 'nope'\n"), badWasi.stderr);
  assert.is(help.code, 0);
  assert.ok(help.stdout.startsWith('usage: wasm-uring run [options] GUEST.wasm [ARG]...\n'));
});

test.run();
