// The bridge fuzz: a million raw calls of the host imports (host/bridge.cc, as ring.wasm
// imports them), with random and boundary offsets, lengths, fds and non-numbers. What must hold:
// nothing throws, every answer is an integer, and no call whose pointer range lies outside the
// memory is accepted (it is -EFAULT, or refused earlier for a bad fd or argument).
//
//   node test/stress/bridge-fuzz.js --seed S --calls N
import { parseArgs } from 'node:util';
import { RingMemory } from '../../dist/src/index.js';
import { rawBridge } from '../support/bridge.js';
import { census } from '../support/census.js';
import { Random, fail, report } from './random.js';

const { values } = parseArgs({ options: { seed: { type: 'string' }, calls: { type: 'string', default: '1000000' } } });
const seed = Number(values.seed);
const calls = Number(values.calls);
const random = new Random(seed);

const EFAULT = -14;
const EINVAL = -22;
const EBADF = -9;
const PAGE = 4096;
const IORING_ENTER_GETEVENTS = 1;

const before = census();
const memory = new RingMemory({ maximumBytes: 8 << 20, initialBytes: 2 << 20 });
const bridge = rawBridge(memory);
const size = memory.memory.buffer.byteLength; // never grows here: nothing allocates after this
// Rings of this bridge, so that calls get past the fd checks to the pointer checks.
const params = memory.alloc(120, 8);
const rings = [];
for (let i = 0; i < 3; i++) {
  params.fill(0);
  const fd = bridge.io_uring_setup(4, params.byteOffset);
  if (fd < 0) fail(`io_uring_setup: ${fd}`, seed);
  rings.push(fd);
}

/** An offset: boundaries of the memory, of 2^31 and 2^32, inside, just past, far past. */
function offset() {
  return random.pick([
    () => 0, () => 1, () => size - 1, () => size, () => size + 1, () => size + PAGE,
    () => 2 ** 31 - 1, () => 2 ** 31, () => 2 ** 32 - 1, () => 2 ** 32 - PAGE,
    () => random.below(size), () => random.below(size / PAGE) * PAGE, () => size + random.below(2 ** 31),
    () => random.u32(),
  ])();
}
/** A length: 0, small, a page, up to the memory and past it, the top of u32. */
function length() {
  return random.pick([
    () => 0, () => 1, () => 8, () => 16, () => 120, () => PAGE, () => size, () => size + 1,
    () => 2 ** 32 - 1, () => random.below(2 * PAGE), () => random.u32(),
  ])();
}
/** An fd: a ring of this bridge, standard fds, negative, huge. */
function fd() {
  return random.pick([() => random.pick(rings), () => 0, () => 1, () => 2, () => -1, () => 2 ** 31 - 1, () => random.below(1024)])();
}
/** Now and then not a number at all, or not an integer. */
function maybeBad(value) {
  if (!random.chance(0.02)) return value;
  return random.pick([NaN, Infinity, -Infinity, 0.5, -1, 2 ** 32, '7', null, undefined, {}, [], 10n]);
}
// A bridge argument is a Wasm i32: a negative integer is the u32 it encodes (-1 is 2^32 - 1).
const u32 = (v) => (v < 0 ? v + 2 ** 32 : v);
const outside = (off, len) => u32(off) !== 0 && !(u32(off) < size && u32(len) <= size - u32(off));
const typeOk = (...args) => args.every((v) => typeof v === 'number' && Number.isInteger(v));

let outsideCalls = 0;
let accepted = 0;
const tally = new Map();

/** Calls `name`; `range` is [off, len] of its pointer argument (or null). */
function call(name, args, range, validFd) {
  let ret;
  try {
    ret = bridge[name](...args);
  } catch (error) {
    fail(`${name}(${args.map(String).join(', ')}) threw: ${error}`, seed);
  }
  if (!Number.isInteger(ret)) fail(`${name}(${args.map(String).join(', ')}) answered ${ret}`, seed);
  tally.set(name, (tally.get(name) ?? 0) + 1);
  const cleanTypes = typeOk(...args);
  if (range && cleanTypes && validFd !== false && outside(...range)) {
    outsideCalls++;
    if (ret >= 0) {
      accepted++;
      fail(`${name}(${args.join(', ')}) accepted a range outside the ${size}-byte memory: ${ret}`, seed);
    }
    if (ret !== EFAULT && ret !== EINVAL && ret !== EBADF) fail(`${name}(${args.join(', ')}) answered ${ret} for a range outside the memory`, seed);
  }
  if (!cleanTypes && ret >= 0 && name !== 'memory_base' && name !== 'page_size') {
    fail(`${name}(${args.map(String).join(', ')}) accepted an argument that is not an integer`, seed);
  }
  return ret;
}

const mirrors = [];
const imports = [
  () => {
    const off = maybeBad(offset());
    const ret = call('io_uring_setup', [maybeBad(random.pick([1, 2, 4, 8])), off], [off, 120]);
    if (ret >= 0) bridge.close(ret); // a real ring: random params the kernel took
  },
  () => {
    // No waiting: GETEVENTS only with min_complete 0, so no call can block.
    const off = maybeBad(offset());
    const len = maybeBad(length());
    call('io_uring_enter', [maybeBad(fd()), random.below(4), 0, random.below(256) & ~IORING_ENTER_GETEVENTS, off, len], [off, len]);
  },
  () => {
    const off = maybeBad(offset());
    const len = maybeBad(length());
    // Register opcodes that only read or report (PROBE, FILES, BUFFERS, EVENTFD, IOWQ_MAX_WORKERS).
    const opcode = random.pick([0, 2, 4, 8, 19]);
    call('io_uring_register', [maybeBad(fd()), opcode, off, len, maybeBad(random.below(4))], [off, len]);
  },
  () => {
    const dest = maybeBad(offset());
    const len = maybeBad(length());
    const f = maybeBad(fd());
    call('ring_map', [f, 0, dest, len], [dest === 0 ? 1 : dest, len === 0 ? 1 : len], rings.includes(f));
  },
  () => {
    // Only past the memory or unaligned: an aligned range inside would wipe the fuzz's own state.
    let dest = offset();
    if (!outside(dest, PAGE)) dest += 1;
    const len = maybeBad(random.pick([PAGE, length()]));
    call('ring_unmap', [maybeBad(dest), len], [dest === 0 ? 1 : dest, len === 0 ? 1 : len]);
  },
  () => {
    const args = [maybeBad(fd()), maybeBad(offset()), maybeBad(length()), maybeBad(offset()), maybeBad(length()),
      maybeBad(offset()), maybeBad(length())];
    const ret = call('ring_mirror', args, null);
    if (ret > 0) {
      // Accepted only with all three regions inside the memory.
      for (let i = 1; i < 7; i += 2) {
        if (outside(args[i], args[i + 1]) || args[i] === 0) fail(`ring_mirror(${args.join(', ')}) accepted region ${i >> 1}`, seed);
      }
      mirrors.push(ret);
    }
  },
  () => {
    const off = maybeBad(offset());
    const len = maybeBad(length());
    const handle = maybeBad(mirrors.length && random.chance(0.5) ? random.pick(mirrors) : random.below(8));
    call('mirror_enter', [handle, random.below(4), 0, random.below(256) & ~IORING_ENTER_GETEVENTS, off, len],
      [off, len], mirrors.includes(handle));
  },
  () => call('mirror_sync', [maybeBad(random.below(8))], null),
  () => {
    // close: only rings of this bridge, never a file of the process (fd 0, 1, 2 stay).
    const f = maybeBad(random.pick([0, 1, 2, -1, 1000, NaN]));
    const ret = call('close', [f], null);
    if (ret !== EBADF) fail(`close(${String(f)}) answered ${ret}: it must close only rings this bridge set up`, seed);
  },
  () => call('page_size', [], null),
  () => call('memory_base', [], null),
];

const started = performance.now();
for (let i = 0; i < calls; i++) random.pick(imports)();
for (const handle of mirrors) bridge.mirror_release(handle);
for (const ring of rings) {
  if (bridge.close(ring) !== 0) fail(`closing ring ${ring}`, seed);
}
const seconds = (performance.now() - started) / 1000;
// The rings the fuzz made are gone with their fds and mappings.
const after = census();
if (after.ringFds !== before.ringFds || after.ringMappings !== before.ringMappings) {
  fail(`left behind: ${JSON.stringify(after)} after, ${JSON.stringify(before)} before`, seed);
}
report({ name: 'bridge-fuzz', seed, calls, outsideCalls, accepted, seconds: Number(seconds.toFixed(1)),
  perImport: Object.fromEntries(tally) });
