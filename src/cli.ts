#!/usr/bin/env node
// wasm-uring's command line. This file only finds the command and hands it the arguments after
// its name; each command is a file in cli/ (bench is src/bench/, loaded when asked for).

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cat } from './cli/cat.js';
import { failureOf, isUsageError, messageOf, type Command } from './cli/command.js';
import { cp } from './cli/cp.js';
import { demo } from './cli/demo.js';
import { probe } from './cli/probe.js';
import { run } from './cli/run.js';

const bench: Command = {
  summary: 'every benchmark case against its baselines (npm run bench)',
  usage: 'usage: wasm-uring bench [options]   (wasm-uring bench --help lists them)\n',
  // The benchmark parses its own arguments, --help included.
  async run(args) {
    const { main } = await import('./bench/index.js');
    return main(args);
  },
};

const COMMANDS: Record<string, Command> = { demo, probe, bench, cp, cat, run };

const USAGE = `usage: wasm-uring <command> [arguments]

commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(7)}${command.summary}`).join('\n')}

\`wasm-uring <command> --help\` says what one command takes; \`wasm-uring --version\` the version.
`;

async function main(args: string[]): Promise<number> {
  // Options before the command are the entry's (only --help); those after it are the command's.
  const commandAt = args.findIndex((arg) => !arg.startsWith('-'));
  const name = commandAt < 0 ? undefined : args[commandAt]!;
  let help: boolean | undefined;
  let version: boolean | undefined;
  try {
    ({ values: { help, version } } = parseArgs({ args: args.slice(0, commandAt < 0 ? args.length : commandAt),
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } } }));
  } catch (error) {
    if (!isUsageError(error)) throw error;
    process.stderr.write(`wasm-uring: ${messageOf(error)}\n${USAGE}`);
    return 2;
  }
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (version) {
    const { version: v } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${v}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name === undefined ? 'wasm-uring: no command given' : `wasm-uring: unknown command '${name}'`}\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(args.slice(commandAt + 1));
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`wasm-uring ${name}: ${messageOf(error)}\n${command.usage}`);
      return 2;
    }
    // io_uring refused (disabled, no fds, no locked memory…) and the like: the reason, in one line.
    const failure = failureOf(error);
    if (failure === undefined) throw error;
    process.stderr.write(`wasm-uring ${name}: ${failure}\n`);
    return 1;
  }
}

// A reader that goes away (`wasm-uring probe | head -1`) is not an error: what is left to print
// goes nowhere, and the command still finishes (and cleans up) as usual.
// A command that listens for stdout's errors itself (cat) reports them itself.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || process.stdout.listenerCount('error') > 1) return;
  process.stderr.write(`wasm-uring: write error: ${error.message}\n`);
  process.exitCode = 1;
});

process.exitCode = await main(process.argv.slice(2)) || process.exitCode;
