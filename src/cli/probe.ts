// `wasm-uring probe`: what io_uring offers on this kernel, and how wasm-uring would use it.

import { release } from 'node:os';
import { parseArgs } from 'node:util';
import { OPCODE_LINUX } from '../generated/opcodes.js';
import { Ring, constants } from '../index.js';
import type { KernelQuery } from '../ring.js';
import type { Command } from './command.js';

export const probe: Command = {
  summary: 'kernel, the ring placement that would be used, features and supported opcodes',
  usage: `usage: wasm-uring probe [--json]

Sets up a small ring with the default options and prints the kernel version, the ring
placement a new Ring or AsyncRing would get here (the first of user-memory, fixed-mmap,
mirror that this kernel allows), the ring's features, the opcodes the kernel supports by
name, and what IORING_REGISTER_QUERY (Linux 6.18) says about register opcodes and flags.

options:
  --json       the same as one JSON object: every opcode ring.wasm knows, with its name, whether
               the kernel supports it and the first Linux that runs it
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
  placement: string;
  features: { bits: number; names: string[] };
  opcodes: { opcode: number; name: string; supported: boolean; linux: string | null }[];
  /** The kernel's last opcode (IORING_REGISTER_PROBE's last_op). */
  lastOp: number;
  /** What IORING_REGISTER_QUERY (6.18) says, or why it cannot. */
  query: KernelQuery | { error: string };
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
    return {
      kernel: release(),
      placement: ring.placement,
      features: { bits: ring.features, names: featureNames(ring.features) },
      opcodes: known.map(({ opcode, name }) => ({ opcode, name, supported: p.supports(opcode), linux: OPCODE_LINUX.get(opcode) ?? null })),
      lastOp: p.lastOp,
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
