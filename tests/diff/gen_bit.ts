/**
 * Bitwise cases for the differential fuzzer ("bit"): every builder of `src/ops/bits.ts` (resize
 * with from-front/grow-only/shrink-only, insert, remove, set/or/xor/and, not, lshift/rshift,
 * add/subtract signed or not with each overflow action, setInt, get, count, lscan/rscan, getInt
 * signed or not), each write with create-only/update-only/no-fail/partial policies, on blobs of
 * 0..9 bytes, on a missing bin and on a bin of another type; offsets and sizes mostly in range,
 * sometimes past either end.
 * @module
 */
import { bits, type Operation } from "../../mod.ts";
import type { BitPolicy } from "../../src/ops/bits.ts";
import type { Value } from "../../src/values.ts";
import { call, type DiffCase } from "./case.ts";
import type { Rng } from "./rng.ts";

const BIN = "b";

function policy(rng: Rng): { policy: BitPolicy } | undefined {
  if (rng.chance(0.55)) return undefined;
  const p: BitPolicy = {};
  if (rng.chance(0.2)) p.createOnly = true;
  if (rng.chance(0.25)) p.updateOnly = true;
  if (rng.chance(0.35)) p.noFail = true;
  if (rng.chance(0.35)) p.partial = true;
  return { policy: p };
}

/** A bit offset around a blob of `n` bytes (negative counts from the end). */
function bitOffset(rng: Rng, n: number): number {
  const bitsN = n * 8;
  return rng.chance(0.8) ? rng.range(0, Math.max(0, bitsN)) : rng.range(-bitsN - 9, bitsN + 9);
}

function bitSize(rng: Rng, n: number): number {
  return rng.chance(0.85) ? rng.range(0, Math.min(64, n * 8 + 1)) : rng.range(0, 80);
}

function amount(rng: Rng): number | bigint {
  return rng.pick<number | bigint>([
    rng.range(-3, 300),
    rng.range(0, 3),
    -1,
    2 ** 40,
    (1n << 63n) - 1n,
    -(1n << 63n),
    (1n << 64n) - 1n,
  ]);
}

/** `n`: the blob's size in bytes, known only for the first op of a case (-1 after it). */
type OpGen = (rng: Rng, n: number, bin: string) => Operation;

const OPS: OpGen[] = [
  (rng, _n, bin) => {
    const o = { ...policy(rng) } as Parameters<typeof bits.resize>[2] & object;
    if (rng.chance(0.3)) o.fromFront = true;
    if (rng.chance(0.2)) o.growOnly = true;
    if (rng.chance(0.2)) o.shrinkOnly = true;
    return call(bits.resize, "bits.resize", bin, rng.range(0, 12), o);
  },
  (rng, n, bin) =>
    call(bits.insert, "bits.insert", bin, rng.range(-n - 2, n + 2), rng.bytes(rng.int(4)), policy(rng)),
  (rng, n, bin) =>
    call(bits.remove, "bits.remove", bin, rng.range(-n - 2, n + 1), rng.range(0, 4), policy(rng)),
  (rng, n, bin) => {
    const f = rng.pick(
      [[bits.set, "bits.set"], [bits.or, "bits.or"], [bits.xor, "bits.xor"], [
        bits.and,
        "bits.and",
      ]] as const,
    );
    const size = bitSize(rng, n);
    const bytes = rng.chance(0.85) ? Math.ceil(size / 8) : rng.int(10);
    return call(f[0], f[1], bin, bitOffset(rng, n), size, rng.bytes(bytes), policy(rng));
  },
  (rng, n, bin) => call(bits.not, "bits.not", bin, bitOffset(rng, n), bitSize(rng, n), policy(rng)),
  (rng, n, bin) => {
    const f = rng.bool() ? [bits.lshift, "bits.lshift"] as const : [bits.rshift, "bits.rshift"] as const;
    const p = policy(rng);
    const size = n < 0 ? bitSize(rng, 4) : bitSize(rng, n);
    const offset = n < 0 ? bitOffset(rng, 4) : bitOffset(rng, n);
    let shift = rng.range(0, 70);
    // Excluded: a partial shift whose range runs past the end of the blob, by at least what is
    // left of it: CE 8.1.2.0 hangs (shift == bits left) or dies without a log line (shift >
    // bits left), e.g. rshift(b, 24, 36, 25, partial) on 6 bytes. Found by this fuzzer.
    if (p?.policy.partial) {
      const start = offset < 0 ? n * 8 + offset : offset;
      const left = n * 8 - start;
      if (n < 0) delete p.policy.partial;
      else if (size > left) shift = rng.range(0, Math.max(0, left - 1));
    }
    return call(f[0], f[1], bin, offset, size, shift, p);
  },
  (rng, n, bin) => {
    const f = rng.bool() ? [bits.add, "bits.add"] as const : [bits.subtract, "bits.subtract"] as const;
    const o = { ...policy(rng) } as Parameters<typeof bits.add>[4] & object;
    if (rng.chance(0.4)) o.signed = true;
    if (rng.chance(0.7)) o.overflow = rng.pick(["fail", "saturate", "wrap"] as const);
    const size = rng.chance(0.9) ? rng.range(0, 65) : rng.range(0, 80);
    return call(f[0], f[1], bin, bitOffset(rng, n), size, amount(rng), o);
  },
  (rng, n, bin) => {
    const size = rng.chance(0.9) ? rng.range(0, 65) : rng.range(0, 80);
    return call(bits.setInt, "bits.setInt", bin, bitOffset(rng, n), size, amount(rng), policy(rng));
  },
  (rng, n, bin) => call(bits.get, "bits.get", bin, bitOffset(rng, n), bitSize(rng, n)),
  (rng, n, bin) => call(bits.count, "bits.count", bin, bitOffset(rng, n), bitSize(rng, n)),
  (rng, n, bin) => {
    const f = rng.bool() ? [bits.lscan, "bits.lscan"] as const : [bits.rscan, "bits.rscan"] as const;
    return call(f[0], f[1], bin, bitOffset(rng, n), bitSize(rng, n), rng.bool());
  },
  (rng, n, bin) => {
    const size = rng.chance(0.9) ? rng.range(0, 65) : rng.range(0, 80);
    return call(
      bits.getInt,
      "bits.getInt",
      bin,
      bitOffset(rng, n),
      size,
      rng.bool() ? { signed: true } : undefined,
    );
  },
];

const SHIFT = 5;

/** An operation, redrawn when the client refuses the arguments before any I/O. */
function op(rng: Rng, n: number, bin: string): Operation {
  for (;;) {
    try {
      const gen = rng.pick(OPS);
      // Only the partial-shift guard needs the true size; the others draw around 4 bytes later on.
      return gen(rng, gen === OPS[SHIFT] || n >= 0 ? n : 4, bin);
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
    }
  }
}

/** Draws one bit case. */
export function bitCase(rng: Rng): DiffCase {
  const bins: Record<string, Value> = { o: 1 };
  const r = rng.int(20);
  let n = 0;
  if (r < 16) {
    n = rng.int(10);
    bins[BIN] = rng.bytes(n);
  } else if (r < 18) {
    bins[BIN] = rng.pick<Value>([5, "str", [1, 2], 2.5]);
  }
  const list: Operation[] = [];
  const k = 1 + rng.int(3);
  for (let i = 0; i < k; i++) list.push(op(rng, i === 0 ? n : -1, rng.chance(0.98) ? BIN : "o"));
  return { family: "bit", bins: r === 19 ? null : bins, ops: list };
}
