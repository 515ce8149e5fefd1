// What every subcommand of the `wasm-uring` command line provides, and how it says its
// arguments are wrong. src/cli.ts picks the command and turns a usage error into exit status 2.

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
