// `wasm-uring probe`: what io_uring offers on this kernel, and how wasm-uring would use it.

import { release } from 'node:os';
import { parseArgs } from 'node:util';
import { OPCODE_LINUX } from '../generated/opcodes.js';
import { Ring, constants } from '../index.js';
import type { KernelQuery } from '../ring.js';
import type { Command } from './command.js';
import { host, runtime } from '../host.js';

export const probe: Command = {
  summary: 'kernel, the ring placement that would be used, features and supported opcodes',
  usage: `usage: wasm-uring probe [--json]

Sets up a small ring with the default options and prints the kernel version, the ring
placement a new Ring or AsyncRing would get here (the first of user-memory, fixed-mmap,
mirror that this kernel allows), the ring's features, the opcodes the kernel supports by
name, and what IORING_REGISTER_QUERY (Linux 6.18) says about register opcodes and flags.

options:
  --json       the same as one JSON object: the runtime and host, every opcode ring.wasm knows
               with its name, whether the kernel supports it and the first Linux that runs it,
               every register opcode, and the setup, enter and SQE flags the kernel accepts
  -h, --help   this help
`,
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } } });
    if (values.help) {
      process.stdout.write(probe.usage);
      return 0;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(probeReport(), null, 2)}\n`);
    else printProbe();
    return 0;
  },
};

/** What `probe --json` prints. */
export interface ProbeReport {
  kernel: string;
  /** The JavaScript runtime, and the host that gives ring.wasm its syscalls (src/host.ts). */
  runtime: string;
  host: { name: string; loop: string };
  placement: string;
  features: { bits: number; names: string[] };
  opcodes: { opcode: number; name: string; supported: boolean; linux: string | null }[];
  /** The kernel's last opcode (IORING_REGISTER_PROBE's last_op). */
  lastOp: number;
  /**
   * Every IORING_REGISTER_* opcode; `supported` from IORING_REGISTER_QUERY (6.18), null where
   * the kernel cannot say (before 6.18).
   */
  registerOpcodes: { opcode: number; name: string; supported: boolean | null }[];
  /** The flags the kernel accepts, by name (IORING_REGISTER_QUERY), or null before 6.18. */
  flags: { setup: string[]; enter: string[]; sqe: string[] } | null;
  /** What IORING_REGISTER_QUERY (6.18) says, or why it cannot. */
  query: KernelQuery | { error: string };
}

/** IORING_REGISTER_ names that are flags or arguments, not register opcodes. */
const NOT_REGISTER_OPCODES = new Set(['USE_REGISTERED_RING', 'FILES_SKIP', 'SRC_REGISTERED', 'DST_REPLACE', 'LAST']);

/** The constants named PREFIX… whose values are single bits set in `bits` (without PREFIX). */
function bitNames(prefix: string, bits: number): string[] {
  return Object.entries(constants)
    .filter(([name, bit]) => name.startsWith(prefix) && !name.endsWith('_BIT') && bit > 0 && (bit & (bit - 1)) === 0 && (bits & bit) >>> 0 === bit)
    .map(([name]) => name.slice(prefix.length));
}

function probeReport(): ProbeReport {
  const ring = new Ring({ entries: 4 });
  try {
    const p = ring.probe();
    const known = Object.entries(constants)
      .filter(([name]) => name.startsWith('IORING_OP_') && name !== 'IORING_OP_LAST')
      .map(([name, opcode]) => ({ opcode, name: name.slice('IORING_OP_'.length) }))
      .sort((a, b) => a.opcode - b.opcode);
    let query: ProbeReport['query'];
    try {
      query = Ring.query();
    } catch (error) {
      query = { error: (error as Error).message };
    }
    // IORING_REGISTER_X and IORING_UNREGISTER_X share one numbering.
    const registerOps = Object.entries(constants)
      .filter(([name]) => (name.startsWith('IORING_REGISTER_') && !NOT_REGISTER_OPCODES.has(name.slice('IORING_REGISTER_'.length))) ||
        name.startsWith('IORING_UNREGISTER_'))
      .map(([name, opcode]) => ({ opcode, name: name.replace(/^IORING_(REGISTER_)?/, '') }))
      .sort((a, b) => a.opcode - b.opcode);
    const answered = 'error' in query ? null : query;
    return {
      kernel: release(),
      runtime,
      host: { name: host.name, loop: host.loop },
      placement: ring.placement,
      features: { bits: ring.features, names: featureNames(ring.features) },
      opcodes: known.map(({ opcode, name }) => ({ opcode, name, supported: p.supports(opcode), linux: OPCODE_LINUX.get(opcode) ?? null })),
      lastOp: p.lastOp,
      registerOpcodes: registerOps.map(({ opcode, name }) => ({ opcode, name, supported: answered ? opcode < answered.registerOpcodes : null })),
      flags: answered && {
        setup: bitNames('IORING_SETUP_', answered.setupFlags),
        enter: bitNames('IORING_ENTER_', answered.enterFlags),
        sqe: bitNames('IOSQE_', answered.sqeFlags),
      },
      query,
    };
  } finally {
    ring.close();
  }
}

/** The IORING_FEAT_* names of `bits`. */
function featureNames(bits: number): string[] {
  return Object.entries(constants)
    .filter(([name, bit]) => name.startsWith('IORING_FEAT_') && bits & bit)
    .map(([name]) => name.slice('IORING_FEAT_'.length));
}

function printProbe(): void {
  const ring = new Ring({ entries: 4 }); // default placement: the one any ring would get
  try {
    const p = ring.probe();
    const features = featureNames(ring.features);
    console.log(`kernel:    ${release()}`);
    console.log(`runtime:   ${runtime}, host ${host.name} (event loop: ${host.loop})`);
    console.log(`placement that would be used: ${ring.placement} (the first of user-memory, fixed-mmap, mirror this kernel allows)`);
    console.log(`features:  0x${ring.features.toString(16)} (${features.join(' ')})`);
    console.log(`opcodes:   ${p.opcodes.size} supported, last ${p.lastOp}`);
    console.log(`           ${p.names.join(' ')}`);
    console.log(`register:  ${registerOpcodes()}`);
  } finally {
    ring.close();
  }
}

/** How many register opcodes the kernel has (IORING_REGISTER_QUERY, 6.18), or why it cannot say. */
function registerOpcodes(): string {
  try {
    const q = Ring.query();
    return `${q.registerOpcodes} opcodes (0 .. ${q.registerOpcodes - 1}), setup flags 0x${q.setupFlags.toString(16)}, ` +
      `enter flags 0x${q.enterFlags.toString(16)}, SQE flags 0x${q.sqeFlags.toString(16)}`;
  } catch (error) {
    return `unknown: ${(error as Error).message}`;
  }
}
