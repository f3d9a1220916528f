/**
 * The differential fuzzer's seeded random source: the fuzzer's mulberry32 `Rng` (tests/fuzz) plus
 * helpers that draw CDT-shaped values (small integers, short strings from a small alphabet, so
 * duplicates and collisions are common), lists and maps.
 * @module
 */
import { Rng as BaseRng } from "../fuzz/rng.ts";
import { Double, type Value } from "../../src/values.ts";

/**
 * Deterministic random numbers and values for generators.
 * @example
 * ```ts
 * const rng = Rng.forCase(7, 0);
 * rng.list(4); // the same list on every run
 * ```
 */
export class Rng extends BaseRng {
  /** The generator of case `index` under `seed`: independent of every other case. */
  static override forCase(seed: number, index: number): Rng {
    return new Rng(BaseRng.forCase(seed, index).next());
  }

  /** An integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** A fair coin. */
  bool(): boolean {
    return this.chance(0.5);
  }

  /** A short string over a small alphabet (length 0..maxLen). */
  string(maxLen = 3): string {
    const n = this.int(maxLen + 1);
    let s = "";
    for (let i = 0; i < n; i++) s += "abcde"[this.int(5)];
    return s;
  }

  /** A small integer, mostly in [-3, 12], sometimes large or negative-large. */
  smallInt(): number {
    if (this.chance(0.05)) return this.pick([2 ** 40, -(2 ** 40), 2 ** 31, -1, 0]);
    return this.range(-3, 12);
  }

  /** A non-integral double (so that it still reads back as a float). */
  float(): Double {
    return new Double(this.range(-8, 8) + this.pick([0.25, 0.5, 0.75]));
  }

  /** A scalar: int, string, and rarely a double, bool, blob or nil. */
  scalar(): Value {
    const r = this.int(100);
    if (r < 50) return this.smallInt();
    if (r < 80) return this.string();
    if (r < 87) return this.float();
    if (r < 92) return this.bool();
    if (r < 97) return this.bytes(this.int(3));
    return null;
  }

  /** A map key: int or string (the key types the server accepts), rarely a blob. */
  key(): Value {
    const r = this.int(100);
    if (r < 45) return this.range(-2, 9);
    if (r < 95) return this.string(2);
    return this.bytes(1 + this.int(2));
  }

  /** Any value: a scalar, or (while `depth` > 0) sometimes a list or a map. */
  value(depth = 1): Value {
    if (depth > 0 && this.chance(0.12)) return this.list(this.int(4), depth - 1);
    if (depth > 0 && this.chance(0.08)) return this.map(this.int(4), depth - 1);
    return this.scalar();
  }

  /** A list of `n` values (nested down to `depth`). */
  list(n: number, depth = 0): Value[] {
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(this.value(depth));
    return out;
  }

  /** A list of `n` small integers (the common case of ordered lists and ranks). */
  ints(n: number, lo = -3, hi = 12): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.range(lo, hi));
    return out;
  }

  /** A map of up to `n` items (keys may collide), values nested down to `depth`. */
  map(n: number, depth = 0): Map<Value, Value> {
    const out = new Map<Value, Value>();
    for (let i = 0; i < n; i++) out.set(this.key(), this.value(depth));
    return out;
  }
}
