/**
 * Scalar cases for the differential fuzzer ("scalar"): ops.read (one bin, all bins), write (of
 * every particle type: integers up to the 64-bit edges, doubles, strings, blobs, booleans, lists,
 * maps, GeoJSON valid or not, null to delete), add (integers and doubles, overflowing or not),
 * append/prepend (strings and blobs), touch and delete, mixed in one operate call, on records
 * whose bins hold every type, and on a missing record.
 * @module
 */
import { Double, GeoJSON, type Operation, ops } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import { call, type DiffCase, label } from "./case.ts";
import type { Rng } from "./rng.ts";

const BINS = ["i", "f", "s", "b", "t", "l", "m", "g", "zz"];
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

function geo(rng: Rng): GeoJSON {
  return rng.pick([
    () => GeoJSON.point(rng.range(-180, 180), rng.range(-90, 90)),
    () => GeoJSON.circle(rng.range(-10, 10), rng.range(-10, 10), rng.pick([1, 1000, 100000])),
    () => new GeoJSON({ type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }),
    () => new GeoJSON('{"type":"Point","coordinates":[200,95]}'),
    () => new GeoJSON('{"type":"Nope"}'),
  ])();
}

/** A value of any particle type. */
function value(rng: Rng): Value {
  switch (rng.int(12)) {
    case 0:
    case 1:
      return rng.pick<Value>([0, 1, -1, 7, 255, 256, 65536, 2 ** 32, 2 ** 53 - 1, MAX, MIN, MAX - 1n]);
    case 2:
      return rng.pick([
        new Double(0),
        new Double(-0),
        new Double(2.5),
        new Double(-1e300),
        new Double(1e-310),
      ]);
    case 3:
    case 4:
      return rng.string(4);
    case 5:
      return rng.bytes(rng.int(4));
    case 6:
      return rng.bool();
    case 7:
      return rng.list(rng.int(4), 1);
    case 8:
      return Object.fromEntries(rng.ints(rng.int(3), 0, 9).map((v, i) => [`k${i}`, v]));
    case 9:
      return geo(rng);
    case 10:
      return rng.map(rng.int(3));
    default:
      return null;
  }
}

/** A record with bins of each type (some missing). */
function record(rng: Rng): Record<string, Value> | null {
  if (rng.chance(0.08)) return null;
  const bins: Record<string, Value> = {
    i: rng.pick<Value>([0, 5, -3, MAX, MIN, 2 ** 40]),
    f: new Double(rng.pick([0.5, -2.25, 1e300])),
    s: rng.string(3),
    b: rng.bytes(rng.int(3)),
    t: rng.bool(),
    l: rng.ints(rng.int(3)),
    m: { a: 1 },
    g: GeoJSON.point(1, 2),
  };
  for (const k of Object.keys(bins)) if (rng.chance(0.15)) delete bins[k];
  if (Object.keys(bins).length === 0) bins.i = 1;
  return bins;
}

function addend(rng: Rng): number | bigint | Double {
  return rng.pick<number | bigint | Double>([
    1,
    -1,
    100,
    2 ** 40,
    MAX,
    MIN,
    1n,
    new Double(0.5),
    new Double(-2.5),
    new Double(1e308),
    0,
  ]);
}

const OPS: ((rng: Rng, bin: string) => Operation)[] = [
  (_rng, bin) => call(ops.read, "ops.read", bin),
  () => label(ops.read(), "ops.read()"),
  (rng, bin) => call(ops.write, "ops.write", bin, value(rng)),
  (rng, bin) => call(ops.write, "ops.write", bin, value(rng)),
  (rng, bin) => call(ops.add, "ops.add", bin, addend(rng)),
  (rng, bin) => call(ops.add, "ops.add", bin, addend(rng)),
  (rng, bin) => call(ops.append, "ops.append", bin, rng.bool() ? rng.string(2) : rng.bytes(rng.int(3))),
  (rng, bin) => call(ops.prepend, "ops.prepend", bin, rng.bool() ? rng.string(2) : rng.bytes(rng.int(3))),
  () => label(ops.touch(), "ops.touch()"),
  () => label(ops.delete(), "ops.delete()"),
];

/** Draws one scalar case. */
export function scalarCase(rng: Rng): DiffCase {
  const list: Operation[] = [];
  const k = 1 + rng.int(4);
  for (let i = 0; i < k; i++) {
    const gen = rng.pick(OPS);
    // touch and delete are rarer: they end most cases' interest.
    if ((gen === OPS[8] || gen === OPS[9]) && rng.chance(0.6)) continue;
    list.push(gen(rng, rng.pick(BINS)));
  }
  if (list.length === 0) list.push(call(ops.read, "ops.read", "i"));
  return { family: "scalar", bins: record(rng), ops: list };
}
