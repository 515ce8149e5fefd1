// `wasm-uring probe`: what io_uring offers on this kernel, and how wasm-uring would use it.

import { release } from 'node:os';
import { parseArgs } from 'node:util';
import { Ring, constants } from '../index.js';
import type { Command } from './command.js';

export const probe: Command = {
  summary: 'kernel, the ring placement that would be used, features and supported opcodes',
  usage: `usage: wasm-uring probe

Sets up a small ring with the default options and prints the kernel version, the ring
placement a new Ring or AsyncRing would get here (the first of user-memory, fixed-mmap,
mirror that this kernel allows), the ring's features, the opcodes the kernel supports by
name, and what IORING_REGISTER_QUERY (Linux 6.18) says about register opcodes and flags.

options:
  -h, --help   this help
`,
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(probe.usage);
      return 0;
    }
    printProbe();
    return 0;
  },
};

function printProbe(): void {
  const ring = new Ring({ entries: 4 }); // default placement: the one any ring would get
  try {
    const p = ring.probe();
    const features = Object.entries(constants)
      .filter(([name, bit]) => name.startsWith('IORING_FEAT_') && ring.features & bit)
      .map(([name]) => name.slice('IORING_FEAT_'.length));
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
