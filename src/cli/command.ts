// What every subcommand of the `wasm-uring` command line provides, and how it says its
// arguments are wrong. src/cli.ts picks the command and turns a usage error into exit status 2,
// and a failure the system caused (failureOf) into one line and exit status 1.

import { readFileSync } from 'node:fs';

export interface Command {
  /** One line for `wasm-uring --help`. */
  readonly summary: string;
  /** The full usage, printed by `--help` (stdout) and after a usage error (stderr). */
  readonly usage: string;
  /** Runs with the arguments after the command's name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Arguments a command cannot run with: the usage goes to stderr and the exit status is 2. */
export class UsageError extends Error {}

/** True for UsageError and for util.parseArgs's own errors (unknown option, missing value…). */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS_');
}

/** An error's message as a command prints it after its name. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a command's failure says, when the system caused it: a system error (errno, syscall) or
 * one of wasm-uring's or Node's own (a code): one line, no stack. Undefined for anything else (a
 * bug, whose stack is worth seeing).
 */
export function failureOf(error: unknown): string | undefined {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  if (!(error instanceof Error) || typeof code !== 'string') return undefined;
  if (syscall === 'io_uring_setup') return `cannot create an io_uring: ${error.message}${setupReason(code)}`;
  return error.message;
}

/** Why io_uring_setup may have been refused here, as far as this machine says. */
function setupReason(code: string): string {
  if (code !== 'EPERM' && code !== 'EACCES') return '';
  const sysctl = '/proc/sys/kernel/io_uring_disabled';
  let disabled: string;
  try {
    disabled = readFileSync(sysctl, 'utf8').trim();
  } catch {
    return '; a seccomp filter or a container\'s profile refuses it (this kernel has no io_uring_disabled switch: Linux 6.6 brought it)';
  }
  if (disabled === '2') return `; io_uring is disabled for every process: ${sysctl} is 2`;
  if (disabled === '1') return `; io_uring is disabled but for the group in /proc/sys/kernel/io_uring_group: ${sysctl} is 1`;
  return `; ${sysctl} is ${disabled}, so a seccomp filter or a container's profile refuses it`;
}
