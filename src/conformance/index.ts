// The bridge ABI's conformance suite (docs/bridge-abi.md): what any host of ring.wasm must do,
// checked against the real kernel through the host's own createBridge. Both of wasm-uring's
// hosts pass it; a third-party host runs it the same way:
//
//   import { runConformance } from 'wasm-uring/conformance';
//   for (const r of runConformance({ createBridge: myCreateBridge })) console.log(r.status, r.name, r.reason ?? '');
//
// Every check calls the bridge the way ring.wasm does (from Wasm, through a module importing
// each function with its ABI signature) unless it is about JS callers, and asserts what the
// kernel really did. A check this kernel cannot run is skipped with what the kernel answered.

import { mkdtempSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ringModule } from '../wasm.js';
import { CHECKS, Probe, type Context } from './checks.js';
import { CheckFailure, CheckSkip, type HostUnderTest } from './support.js';

export type { HostUnderTest } from './support.js';
export { IMPORTS, type ImportSpec, type ParamKind } from '../abi.js';

export interface ConformanceOptions {
  /** The module the placement round trips instantiate on the bridge (default: wasm-uring's ring.wasm). */
  module?: WebAssembly.Module;
  /** Where the checks make their temporary files (default: os.tmpdir()). */
  tmpdir?: string;
  /**
   * Closes an fd behind the host's back, for the check that a number closed elsewhere and
   * reused is left alone (default: node:fs's closeSync, which Deno's node:fs refuses for fds it
   * did not open: that check is then skipped unless this is given).
   */
  closeFd?: (fd: number) => void;
}

/** One check of the suite: run() throws when it fails (the message says why). */
export interface ConformanceCheck {
  readonly name: string;
  /** Why it cannot run here (what the kernel answered when tried), or null. */
  readonly skip: string | null;
  run(): void;
}

export interface CheckResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

/**
 * The suite's checks for `host`, each with whether this kernel lets it run (found by trying,
 * through the host, when this is called). Run them in order; each cleans up after itself.
 */
export function conformance(host: HostUnderTest, options: ConformanceOptions = {}): ConformanceCheck[] {
  let dir: string | undefined;
  const ctx: Context = {
    host,
    module: options.module ?? ringModule(),
    closeFd: options.closeFd ?? closeSync,
    tmp() {
      if (!dir) {
        dir = mkdtempSync(join(options.tmpdir ?? tmpdir(), 'wasm-uring-conformance-'));
        const made = dir;
        process.once('exit', () => rmSync(made, { recursive: true, force: true }));
      }
      return dir;
    },
  };
  const probe = new Probe(ctx);
  return CHECKS.map((check) => {
    let skip: string | null = null;
    try {
      skip = check.skip?.(ctx, probe) ?? null;
    } catch (error) {
      // A skip that could not be decided (the host failed the probe): the run will say why.
      if (error instanceof CheckSkip) skip = error.message;
    }
    return {
      name: check.name,
      skip,
      run() {
        try {
          check.run(ctx, probe);
        } catch (error) {
          if (error instanceof CheckFailure || error instanceof CheckSkip) throw error;
          throw new CheckFailure(`${(error as Error)?.stack ?? String(error)}`);
        }
      },
    };
  });
}

/** Runs every check of the suite against `host`: one result per check, in order. */
export function runConformance(host: HostUnderTest, options: ConformanceOptions = {}): CheckResult[] {
  return conformance(host, options).map((check): CheckResult => {
    if (check.skip) return { name: check.name, status: 'skipped', reason: check.skip };
    try {
      check.run();
      return { name: check.name, status: 'passed' };
    } catch (error) {
      if (error instanceof CheckSkip) return { name: check.name, status: 'skipped', reason: error.message };
      return { name: check.name, status: 'failed', reason: (error as Error).message };
    }
  });
}
