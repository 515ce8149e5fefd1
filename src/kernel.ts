// What the kernel under a ring runs, decided once from what it reports: the opcode probe for
// opcodes, and for the variants of an opcode (a flag, a multishot mode) a lower bound on its Linux
// version. The probe cannot see a variant, but every opcode and IORING_FEAT_* bit has a first
// release: a kernel that reports one released in Linux X is X or later. The bound is
// conservative (5.13 and 5.14 added neither, so such a kernel counts as 5.12): a variant it
// cannot prove is treated as missing and the caller takes its fallback.
//
// WASM_URING_AS_LINUX=5.10 (a testing aid) caps what is used at that release, so the fallbacks of
// an older kernel can be exercised on a newer one.

import { FEATURE_LINUX, OPCODE_LINUX } from './generated/opcodes.js';
import type { Probe } from './ring.js';

/** An opcode and the first Linux that runs what needs it (an entry of NEEDS). */
export type Need = readonly [opcode: number, linux: string];

/** Linux releases as comparable numbers: '5.10' → 510, '6.1' → 601. */
export function linuxNumber(version: string): number {
  const [major, minor] = version.split('.').map(Number);
  return major * 100 + minor;
}

/** The cap WASM_URING_AS_LINUX sets, or Infinity. */
function cap(): number {
  const value = globalThis.process?.env?.WASM_URING_AS_LINUX;
  return value && /^\d+\.\d+$/.test(value) ? linuxNumber(value) : Infinity;
}

/** What a ring's kernel runs: `Ring.kernel`, which the Promise API asks before it picks io_uring or a fallback. */
export class KernelSupport {
  /** The lowest Linux this kernel is proven to be (as a number, see linuxNumber). */
  readonly atLeast: number;
  readonly #cap = cap();
  /** has()'s answers, by NEEDS entry (each asked once per ring). */
  readonly #answers = new Map<Need, boolean>();

  /**
   * @param probe What IORING_REGISTER_PROBE reported; null where it failed (Linux before 5.6):
   *   then only what 5.1 – 5.5 brought counts as there.
   * @param features The ring's io_uring_params.features (IORING_FEAT_* bits).
   */
  constructor(readonly probe: Probe | null, features: number) {
    let bound = linuxNumber('5.1');
    for (const op of probe?.opcodes ?? []) {
      const linux = OPCODE_LINUX.get(op);
      if (linux) bound = Math.max(bound, linuxNumber(linux));
    }
    for (const [bit, linux] of FEATURE_LINUX) {
      if (features & bit) bound = Math.max(bound, linuxNumber(linux));
    }
    this.atLeast = Math.min(bound, this.#cap);
  }

  /** Whether the kernel runs what `need` names: its opcode, in the variant its release brought. */
  has(need: Need): boolean {
    let answer = this.#answers.get(need);
    if (answer === undefined) this.#answers.set(need, answer = this.#has(need));
    return answer;
  }

  #has([opcode, linux]: Need): boolean {
    const release = linuxNumber(linux);
    if (release > this.#cap) return false;
    if (this.probe ? !this.probe.supports(opcode) : release > linuxNumber('5.5')) return false;
    // The opcode's own release needs nothing beyond the probe; a later variant needs the bound.
    const opcodeRelease = linuxNumber(OPCODE_LINUX.get(opcode) ?? linux);
    return release <= opcodeRelease || release <= this.atLeast;
  }
}
