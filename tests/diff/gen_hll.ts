/**
 * HyperLogLog cases for the differential fuzzer ("hll"): every builder of `src/ops/hll.ts` (init
 * and add with index and minhash bit counts, valid or not; setUnion with allow-fold; refreshCount;
 * fold; getCount, getUnion, getUnionCount, getIntersectCount, getSimilarity, describe) with
 * create-only/update-only/no-fail policies, on an HLL made by a setup step, a missing bin or a bin
 * of another type. The HLL values passed to unions are built by the mock's own sketch code from a
 * seeded add (the same bytes go to both servers).
 * @module
 */
import { HLL, hll, type Operation } from "../../mod.ts";
import type { HLLPolicy } from "../../src/ops/hll.ts";
import type { Value } from "../../src/values.ts";
import { runHll } from "../../server_mock/cdt/hll.ts";
import { decodeCdt } from "../../server_mock/cdt/value.ts";
import { call, type DiffCase } from "./case.ts";
import { setupOps } from "./gen_cdt.ts";
import type { Rng } from "./rng.ts";

const BIN = "h";

function indexBits(rng: Rng): number {
  return rng.chance(0.9) ? rng.range(4, 12) : rng.pick([3, 16, 17, 0]);
}

function minhashBits(rng: Rng): number {
  return rng.chance(0.6) ? rng.pick([-1, 0]) : rng.chance(0.9) ? rng.range(4, 12) : rng.pick([3, 51, 52]);
}

function values(rng: Rng, min = 0): Value[] {
  const out: Value[] = [];
  for (let i = rng.range(min, 6); i > 0; i--) {
    out.push(rng.pick<() => Value>([() => rng.string(3), () => rng.smallInt(), () => rng.bytes(2)])());
  }
  return out;
}

function policy(rng: Rng, fold = false): { policy: HLLPolicy } | undefined {
  if (rng.chance(0.55)) return undefined;
  const p: HLLPolicy = {};
  if (rng.chance(0.25)) p.createOnly = true;
  if (rng.chance(0.25)) p.updateOnly = true;
  if (rng.chance(0.35)) p.noFail = true;
  if (fold && rng.chance(0.5)) p.allowFold = true;
  return { policy: p };
}

/** An HLL value built by the mock's sketch code (index bits 4..12, minhash 0 or a few). */
function sketch(rng: Rng): HLL {
  const op = hll.add("x", values(rng, 1), {
    indexBitCount: rng.range(4, 12),
    minHashBitCount: rng.chance(0.7) ? 0 : rng.range(4, 8),
  });
  return new HLL(runHll(undefined, decodeCdt(op.data), true).value!);
}

function sketches(rng: Rng): HLL[] {
  const out: HLL[] = [];
  for (let i = rng.range(rng.chance(0.05) ? 0 : 1, 3); i > 0; i--) out.push(sketch(rng));
  return out;
}

const OPS: ((rng: Rng, bin: string) => Operation)[] = [
  (rng, bin) => {
    const o = { ...policy(rng), minHashBitCount: minhashBits(rng) };
    return call(hll.init, "hll.init", bin, rng.chance(0.1) ? -1 : indexBits(rng), o);
  },
  (rng, bin) => {
    const o = {
      ...policy(rng),
      indexBitCount: rng.chance(0.5) ? -1 : indexBits(rng),
      minHashBitCount: minhashBits(rng),
    };
    return call(hll.add, "hll.add", bin, values(rng), o);
  },
  (rng, bin) => call(hll.setUnion, "hll.setUnion", bin, sketches(rng), policy(rng, true)),
  (_rng, bin) => call(hll.refreshCount, "hll.refreshCount", bin),
  (rng, bin) => call(hll.fold, "hll.fold", bin, indexBits(rng)),
  (_rng, bin) => call(hll.getCount, "hll.getCount", bin),
  (rng, bin) => call(hll.getUnion, "hll.getUnion", bin, sketches(rng)),
  (rng, bin) => call(hll.getUnionCount, "hll.getUnionCount", bin, sketches(rng)),
  (rng, bin) => call(hll.getIntersectCount, "hll.getIntersectCount", bin, sketches(rng)),
  (rng, bin) => call(hll.getSimilarity, "hll.getSimilarity", bin, sketches(rng)),
  (_rng, bin) => call(hll.describe, "hll.describe", bin),
];

/** An operation, redrawn when the client refuses the arguments before any I/O. */
function op(rng: Rng, bin: string): Operation {
  for (;;) {
    try {
      return rng.pick(OPS)(rng, bin);
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof TypeError)) throw e;
    }
  }
}

/** Draws one HLL case. */
export function hllCase(rng: Rng): DiffCase {
  const bins: Record<string, Value> = { o: 1 };
  const r = rng.int(20);
  const c: DiffCase = { family: "hll", bins, ops: [] };
  if (r < 15) {
    c.setup = setupOps([
      call(hll.add, "hll.add", BIN, values(rng, 1), {
        indexBitCount: rng.range(4, 12),
        minHashBitCount: rng.chance(0.6) ? 0 : rng.range(4, 10),
      }),
    ]);
  } else if (r < 17) {
    bins[BIN] = rng.pick<Value>([5, "str", new Uint8Array([1, 2])]);
  }
  const k = 1 + rng.int(3);
  for (let i = 0; i < k; i++) c.ops!.push(op(rng, rng.chance(0.98) ? BIN : "o"));
  if (r === 19) c.bins = null;
  return c;
}
