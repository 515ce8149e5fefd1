// `wasm-uring bench` / `npm run bench`: every case against its baselines, in one run.
// (Being written: see issue 5.)

/** Runs the benchmark with command-line `args`; resolves to the process exit code. */
export async function main(args: string[]): Promise<number> {
  void args;
  process.stderr.write('the benchmark is not written yet\n');
  return 1;
}
