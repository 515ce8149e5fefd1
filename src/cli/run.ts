// `wasm-uring run GUEST.wasm [ARG]...`: runs a WebAssembly guest program (src/guest/run.ts) and
// exits with its exit status. Options before GUEST.wasm are the runner's; everything after it is
// the guest's, untouched (--foo, --, -h included).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runGuest } from '../guest/run.js';
import type { WasiChoice } from '../guest/wasi.js';
import { UsageError, type Command } from './command.js';
import { runtime } from '../runtime.js';

/**
 * On V8 (Node), the guest is compiled with the optimizing compiler before it starts, instead of
 * the baseline compiler first: a guest's _start is called once and runs to the end, and V8 never
 * moves a running function to optimized code, so its main loop would stay baseline code for good
 * (the NOP loop of the bench guest: 6% faster so). This process runs nothing but the guest.
 */
function optimizeUpFront(): void {
  if (runtime === 'node') setFlagsFromString('--no-liftoff');
}

const OPTIONS = {
  env: { type: 'string', short: 'e', multiple: true },
  'inherit-env': { type: 'boolean' },
  argv0: { type: 'string' },
  wasi: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const WASI_CHOICES: readonly WasiChoice[] = ['auto', 'node:wasi', 'shim'];

export const run: Command = {
  summary: 'run a WebAssembly guest program that does its I/O through io_uring',
  usage: `usage: wasm-uring run [options] GUEST.wasm [ARG]...

Runs GUEST.wasm, a WebAssembly guest program (a WASI command, such as an AssemblyScript
program built against wasm-uring), with the ARGs as its arguments: everything after
GUEST.wasm goes to the guest untouched, options too. The guest does its I/O through
io_uring, with this process's host as its "uring" imports; WASI gives it its arguments,
environment, clocks, random bytes and exit. It runs synchronously, to its end.

A guest imports its memory, shared and with a maximum (asc --importMemory --sharedMemory
--maximumMemory N --enable threads), exports _start (asc --exportStart _start) and its
uring_abi_version.

options:
  -e, --env NAME=VALUE  sets NAME in the guest's environment (again for more); NAME alone
                        passes this process's value of NAME, if it has one. The guest's
                        environment is empty but for these
      --inherit-env     the guest gets this process's whole environment (--env adds to it)
      --argv0 NAME      the guest's argv[0] (default: GUEST.wasm as given)
      --wasi IMPL       auto (the default: the runtime's node:wasi on Node and Deno, the
                        runner's own on Bun), node:wasi or shim
  -h, --help            this help

Exit status: the guest's (what it passed to proc_exit, modulo 256; 0 when it returned; 134
when it aborted); 1 when it cannot be run (no such file, not a guest the runner takes, a
trap), with one line on stderr saying why; 2 for a usage error.
`,
  async run(args) {
    // The first positional is the guest: where it is, parseArgs itself says (an option's value
    // is not one), without judging the options yet; then the runner's part is parsed strictly.
    const { tokens } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
    const at = tokens.find((token) => token.kind === 'positional')?.index ?? args.length;
    const { values } = parseArgs({ args: args.slice(0, at), options: OPTIONS });
    if (values.help) {
      process.stdout.write(run.usage);
      return 0;
    }
    if (at === args.length) throw new UsageError('no guest given');
    const guest = args[at]!;
    const guestArgs = args.slice(at + 1);
    if (values.wasi !== undefined && !WASI_CHOICES.includes(values.wasi as WasiChoice)) {
      throw new UsageError(`--wasi must be one of ${WASI_CHOICES.join(', ')}, not '${values.wasi}'`);
    }
    const env: Record<string, string | undefined> = values['inherit-env'] ? { ...process.env } : {};
    for (const entry of values.env ?? []) {
      const eq = entry.indexOf('=');
      const key = eq < 0 ? entry : entry.slice(0, eq);
      if (key === '') throw new UsageError(`--env ${entry}: no NAME`);
      env[key] = eq < 0 ? process.env[key] : entry.slice(eq + 1);
    }
    optimizeUpFront();
    const code = await runGuest(guest, { args: guestArgs, env, name: values.argv0 ?? guest, wasi: values.wasi as WasiChoice | undefined });
    return code & 0xff;
  },
};
