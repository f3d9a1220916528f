/**
 * A small seeded PRNG (mulberry32) for the fuzzer: fast, 32-bit state, and the same sequence on
 * every runtime, so a (seed, index) pair names one input for good.
 * @module
 */

/**
 * Deterministic random numbers.
 * @example
 * ```ts
 * const rng = Rng.forCase(1, 42);
 * rng.int(10); // the same number on every run
 * ```
 */
export class Rng {
  #state: number;

  /** @param seed any 32-bit integer */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The generator of case `index` under `seed`: independent of every other case. */
  static forCase(seed: number, index: number): Rng {
    // splitmix-style mixing so that neighbouring indexes start far apart.
    let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return new Rng((h ^ (h >>> 16)) ^ Math.floor(index / 0x1_0000_0000));
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n) (n >= 1). */
  int(n: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
