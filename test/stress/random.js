// A seeded random source (xoshiro128**), so that a stress run can be replayed exactly: every run
// prints its seed, and `--seed S` gives the same sequence of choices again.

import { pattern } from '../support/harness.js';

export class Random {
  #s;

  constructor(seed) {
    // splitmix32 spreads the seed over the four words of state.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s = new Uint32Array([next(), next(), next(), next()]);
  }

  /** A uint32. */
  u32() {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** An integer in [0, n). */
  below(n) {
    return Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** An integer in [min, max]. */
  between(min, max) {
    return min + this.below(max - min + 1);
  }

  /** True with probability p. */
  chance(p) {
    return this.u32() / 2 ** 32 < p;
  }

  /** One of `items`; with `weights`, weighted. */
  pick(items, weights) {
    if (!weights) return items[this.below(items.length)];
    const total = weights.reduce((a, b) => a + b, 0);
    let x = (this.u32() / 2 ** 32) * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i];
      if (x < 0) return items[i];
    }
    return items[items.length - 1];
  }
}

function rotl(x, k) {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A fresh seed (printed by the runner, so any run can be replayed). */
export function freshSeed() {
  return (Date.now() ^ (process.pid << 16) ^ Math.floor(Math.random() * 2 ** 32)) >>> 0;
}

/** `n` bytes that identify `tag` (e.g. an operation id): equal tags, equal bytes. */
export function tagged(n, tag) {
  const bytes = pattern(n, tag);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A stress child's result: one JSON line, the last on stdout. */
export function report(figures) {
  console.log(JSON.stringify(figures));
}

/** Fails the run: the message (with the seed to replay it) on stderr, exit status 1. */
export function fail(message, seed) {
  console.error(`FAILED (seed ${seed}): ${message}`);
  process.exit(1);
}
