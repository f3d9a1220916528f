// The mock's expression interpreter operator by operator: each operator's value, its type errors
// (PARAMETER_ERROR 4), "unknown" from missing or mistyped bins, and short-circuit evaluation.
// Expressions are built with the client's exp.* builders and evaluated on one in-memory record.
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { evaluate, type ExpRecord, UNKNOWN } from "../server_mock/exp/eval.ts";
import { CdtError, decodeCdt, encodeCdt } from "../server_mock/cdt/value.ts";
import { exp } from "../mod.ts";
import { GeoJSON, type Value } from "../src/values.ts";
import { encodeParticle } from "../src/wire/particles.ts";
import { unpackValue } from "../src/wire/msgpack.ts";
import { computeDigest } from "../src/wire/digest.ts";

const NOW_MS = 1_800_000_000_000;
const CITIZEN_EPOCH_S = 1262304000;

function record(bins: Record<string, Value>, extra: Partial<ExpRecord> = {}): ExpRecord {
  const map = new Map(
    Object.entries(bins).map(([k, v]) => {
      const { type, bytes } = encodeParticle(v);
      return [k, { type, data: bytes }];
    }),
  );
  const now = Math.floor(NOW_MS / 1000) - CITIZEN_EPOCH_S;
  return {
    bins: map,
    digest: computeDigest("s", { type: 3, bytes: new TextEncoder().encode("k") }),
    set: "s",
    voidTime: now + 100,
    lastUpdateMs: NOW_MS - 5000,
    nowMs: NOW_MS,
    now,
    ...extra,
  };
}

const REC = record({
  n: 7,
  f: 2.5,
  s: "alice",
  b: new Uint8Array([0xf0, 0x01]),
  t: true,
  l: [5, 1, 4],
  m: { a: 1, b: 2 },
  loc: GeoJSON.point(103.9, 1.3),
  area: new GeoJSON({ type: "Polygon", coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] }),
});

/** Evaluates to a plain value, "unknown", or `{ code }` of the error. */
function run(e: exp.Expression, r: ExpRecord = REC): unknown {
  try {
    const v = evaluate(decodeCdt(exp.build(e).bytes), r);
    return v === UNKNOWN ? "unknown" : unpackValue(encodeCdt(v));
  } catch (err) {
    if (err instanceof CdtError) return { code: err.code };
    throw err;
  }
}

function table(rows: [string, exp.Expression, unknown][]): void {
  for (const [name, e, want] of rows) assert.deepEqual(run(e), want, name);
}

const PARAM = { code: 4 };
const undefinedVar = (): exp.Expression => exp.eq(exp.var("nope"), 1);

test("comparisons order values like the server, across types too", () => {
  table([
    ["eq", exp.eq(exp.intBin("n"), 7), true],
    ["ne", exp.ne(exp.intBin("n"), 7), false],
    ["gt", exp.gt(exp.intBin("n"), 6), true],
    ["ge", exp.ge(exp.intBin("n"), 8), false],
    ["lt", exp.lt(exp.floatBin("f"), 3.5), true],
    ["le", exp.le(exp.strBin("s"), "alice"), true],
    ["list eq", exp.eq(exp.listBin("l"), exp.list([5, 1, 4])), true],
    // The server's build pass refuses operands of different types before evaluating anything.
    ["int vs string is a type error", exp.eq(exp.intBin("n"), "7"), PARAM],
    [
      "NaN equals nothing",
      exp.eq(exp.div(exp.float(0), exp.float(0)), exp.div(exp.float(0), exp.float(0))),
      false,
    ],
    ["NaN is unequal", exp.ne(exp.div(exp.float(0), exp.float(0)), exp.float(1)), true],
    [
      "an unordered map does not compare",
      exp.eq(exp.map(new Map([["b", 1], ["a", 2]])), exp.map(new Map([["b", 1]]))),
      "unknown",
    ],
    ["map eq (plain objects are key-ordered maps)", exp.eq(exp.mapBin("m"), exp.map({ a: 1, b: 2 })), true],
    ["regex in POSIX basic syntax: ( is literal", exp.regex("(", exp.strBin("s")), false],
    ["regex in basic syntax: \\( groups", exp.regex("a\\(l\\)i", exp.strBin("s")), true],
    ["regex extended alternation", exp.regex("^(bob|ali)", exp.strBin("s"), { extended: true }), true],
    ["regex extended: unbalanced ( is an error", exp.regex("(", exp.strBin("s"), { extended: true }), PARAM],
    ["regex", exp.regex("^al", exp.strBin("s")), true],
    ["regex icase", exp.regex("^AL", exp.strBin("s"), { icase: true }), true],
    ["regex on an int is a type error", exp.regex("^1", exp.intBin("n")), PARAM],
  ]);
});

test("geo compare: a point within a polygon or circle, a region containing a point", () => {
  table([
    [
      "point in circle",
      exp.geoCompare(exp.geoBin("loc"), exp.geo(GeoJSON.circle(103.8, 1.35, 200_000))),
      true,
    ],
    ["point outside circle", exp.geoCompare(exp.geoBin("loc"), exp.geo(GeoJSON.circle(0, 0, 1000))), false],
    ["point in polygon", exp.geoCompare(exp.geo(GeoJSON.point(5, 5)), exp.geoBin("area")), true],
    ["polygon contains point", exp.geoCompare(exp.geoBin("area"), exp.geo(GeoJSON.point(5, 5))), true],
    ["point outside polygon", exp.geoCompare(exp.geo(GeoJSON.point(11, 5)), exp.geoBin("area")), false],
    ["non-geo operand", exp.geoCompare(exp.strBin("s"), exp.geoBin("area")), PARAM],
    ["missing geo bin", exp.geoCompare(exp.geoBin("nope"), exp.geoBin("area")), "unknown"],
  ]);
});

test("and, or, not and exclusive, with unknown operands", () => {
  table([
    ["and", exp.and(true, false), false],
    ["or", exp.or(false, true), true],
    ["not", exp.not(false), true],
    ["exclusive one", exp.exclusive(true, false, false), true],
    ["exclusive two", exp.exclusive(true, true), false],
    ["false wins an and over unknown", exp.and(exp.eq(exp.intBin("x"), 1), false), false],
    ["true wins an or over unknown", exp.or(exp.eq(exp.intBin("x"), 1), true), true],
    ["unknown and true is unknown", exp.and(exp.eq(exp.intBin("x"), 1), true), "unknown"],
    ["not of a non-boolean is a type error", exp.not(1), PARAM],
  ]);
});

test("and, or and cond short-circuit: the branch not taken is never evaluated", () => {
  table([
    ["and stops at false", exp.and(false, exp.eq(exp.div(1, 0), 1)), false],
    ["or stops at true", exp.or(true, exp.eq(exp.div(1, 0), 1)), true],
    ["cond skips later branches", exp.cond(true, 1, exp.eq(exp.div(1, 0), 1), 2, 3), 1],
    ["cond evaluates the taken branch", exp.cond(false, 1, true, 2, exp.div(1, 0)), 2],
    ["the taken branch may be unknown", exp.and(true, exp.eq(exp.div(1, 0), 1)), "unknown"],
    ["an undefined variable fails the build, taken or not", exp.and(false, undefinedVar()), PARAM],
  ]);
});

test("arithmetic on integers and floats, and mixed-type errors", () => {
  table([
    ["add", exp.add(1, 2, 3), 6],
    ["sub", exp.sub(10, 3), 7],
    ["sub negates one operand", exp.sub(4), -4],
    ["mul", exp.mul(2, 3), 6],
    ["div truncates integers", exp.div(7, 2), 3],
    ["div of floats", exp.div(7.5, 2.5), 3],
    ["pow", exp.pow(2.5, exp.float(2)), 6.25],
    ["log", exp.log(8.5, 8.5), 1],
    ["mod", exp.mod(7, 3), 1],
    ["abs", exp.abs(-3), 3],
    ["floor", exp.floor(2.7), 2],
    ["ceil", exp.ceil(2.2), 3],
    ["toInt", exp.toInt(exp.floatBin("f")), 2],
    ["toFloat compared with an int is a type error", exp.eq(exp.toFloat(exp.intBin("n")), 7.0), PARAM],
    ["toFloat makes a float", exp.eq(exp.toFloat(exp.intBin("n")), exp.float(7)), true],
    ["min", exp.min(3, 1, 2), 1],
    ["max", exp.max(3, 1, 2), 3],
    ["int + float is a type error", exp.add(1, 2.5), PARAM],
    ["int + string is a type error", exp.add(1, "a"), PARAM],
    ["pow of integers is a type error", exp.pow(2, 3), PARAM],
    ["mod of floats is a type error", exp.mod(7.5, 2.5), PARAM],
    ["integer division by zero is unknown", exp.div(1, 0), "unknown"],
    ["modulo by zero is unknown", exp.mod(1, 0), "unknown"],
    ["div of one operand is its reciprocal", exp.div(exp.float(4)), 0.25],
    ["float division by zero", exp.div(exp.float(1), exp.float(0)), Infinity],
    ["toInt out of range", exp.toInt(exp.float(1e30)), -(2n ** 63n)],
    ["min keeps the first unless a later one is smaller", exp.min(exp.float(0), exp.float(-0)), 0],
    ["unknown()", exp.unknown(), "unknown"],
    ["cond may mix unknown() with any type", exp.cond(false, exp.unknown(), exp.float(2)), 2],
    ["cond branches of different types", exp.cond(false, 1, exp.float(2)), PARAM],
    ["and of one operand", exp.and(true), PARAM],
    ["a missing bin makes it unknown", exp.add(exp.intBin("x"), 1), "unknown"],
  ]);
});

test("integer bit operators work on 64-bit two's complement", () => {
  table([
    ["intAnd", exp.intAnd(6, 3), 2],
    ["intOr", exp.intOr(6, 3), 7],
    ["intXor", exp.intXor(6, 3), 5],
    ["intNot", exp.intNot(0), -1],
    ["intLshift", exp.intLshift(1, 4), 16],
    ["intRshift is logical", exp.intRshift(-16, 2), 4611686018427387900n],
    ["intArshift keeps the sign", exp.intArshift(-16, 2), -4],
    ["intCount", exp.intCount(7), 3],
    ["intLscan", exp.intLscan(3, true), 62],
    ["intRscan", exp.intRscan(3, true), 63],
    ["intLscan finds no bit", exp.intLscan(0, true), -1],
    ["intAnd of a float is a type error", exp.intAnd(1.5, 1), PARAM],
  ]);
});

test("let, def and var bind values; typed bin reads are unknown on another type", () => {
  table([
    ["let", exp.let(exp.def("x", exp.intBin("n")), exp.mul(exp.var("x"), exp.var("x"))), 49],
    ["nested let may not redefine", exp.let(exp.def("x", 1), exp.let(exp.def("x", 2), exp.var("x"))), PARAM],
    ["a variable name starts with a letter", exp.let(exp.def("1x", 1), exp.var("1x")), PARAM],
    ["intBin", exp.intBin("n"), 7],
    ["floatBin", exp.floatBin("f"), 2.5],
    ["strBin", exp.strBin("s"), "alice"],
    ["blobBin", exp.blobBin("b"), new Uint8Array([0xf0, 0x01])],
    ["boolBin", exp.boolBin("t"), true],
    ["listBin", exp.listBin("l"), [5, 1, 4]],
    ["intBin on a string", exp.intBin("s"), "unknown"],
    ["strBin on an int", exp.strBin("n"), "unknown"],
    ["binExists", exp.binExists("n"), true],
    ["binExists of a missing bin", exp.binExists("x"), false],
    ["binType", exp.binType("s"), 3],
  ]);
});

test("record metadata reads the record's own facts", () => {
  table([
    ["keyExists without a stored key", exp.keyExists(), false],
    ["setName", exp.setName(), "s"],
    ["ttl", exp.ttl(), 100],
    ["sinceUpdate", exp.sinceUpdate(), 5000],
    ["lastUpdate in ns", exp.lastUpdate(), (BigInt(NOW_MS) - 5000n) * 1_000_000n],
    ["isTombstone", exp.isTombstone(), false],
    ["deviceSize of an in-memory record", exp.deviceSize(), 0],
    // storage-engine memory: memory_size() is the stored size, as record_size()
    ["memorySize", exp.eq(exp.memorySize(), exp.recordSize()), true],
    ["digestModulo", exp.lt(exp.digestModulo(3), 3), true],
    ["recordSize is positive", exp.gt(exp.recordSize(), 0), true],
    ["key without a stored key is unknown", exp.key("string"), "unknown"],
  ]);
  const keyed = record({ n: 1 }, { key: new Uint8Array([3, 0x6b]) });
  assert.equal(run(exp.keyExists(), keyed), true);
  assert.equal(run(exp.key("string"), keyed), "k");
  assert.equal(run(exp.ttl(), record({}, { voidTime: 0 })), -1);
});

test("list, map, bit and HLL calls read bins and modify copies", () => {
  table([
    ["listSize", exp.listSize(exp.listBin("l")), 3],
    ["listGetByRank", exp.listGetByRank(exp.listBin("l"), -1, "int"), 5],
    [
      "listGetByValueRelRankRange",
      exp.listGetByValueRelRankRange(exp.listBin("l"), 4, 0, { returnType: "count" }),
      2,
    ],
    ["listAppend yields the new list", exp.listAppend(exp.listBin("l"), 9), [5, 1, 4, 9]],
    ["listRemoveByValue", exp.listRemoveByValue(exp.listBin("l"), 1), [5, 4]],
    ["listSort", exp.listSort(exp.listBin("l")), [1, 4, 5]],
    ["mapGetByKey", exp.mapGetByKey(exp.mapBin("m"), "b", "int"), 2],
    ["mapGetByValueRange", exp.mapGetByValueRange(exp.mapBin("m"), 2, null, { returnType: "key" }), ["b"]],
    ["mapPut yields the new map", exp.mapSize(exp.mapPut(exp.mapBin("m"), "c", 3)), 3],
    ["mapRemoveByKey", exp.mapSize(exp.mapRemoveByKey(exp.mapBin("m"), "a")), 1],
    ["bitCount", exp.bitCount(exp.blobBin("b"), 0, 16), 5],
    ["bitGetInt", exp.bitGetInt(exp.blobBin("b"), 0, 4), 15],
    ["a list call on a map bin is unknown", exp.listSize(exp.listBin("m")), "unknown"],
  ]);
});

test("regex flags are glibc's as the server passes them on: 4 is REG_NEWLINE, 8 (exp's `newline`) REG_NOSUB", () => {
  // Found by the differential fuzzer against CE 8.1.2.0 (issue 13).
  const r = record({ s: "a\nb" });
  assert.equal(run(exp.regex("^b", exp.strBin("s"), { newline: true }), r), false);
  assert.equal(run(exp.regex("^b", exp.strBin("s"), { nosub: true }), r), true);
  assert.equal(run(exp.regex("a.b", exp.strBin("s"), { newline: true }), r), true);
  assert.equal(run(exp.regex("a.b", exp.strBin("s"), { nosub: true }), r), false);
});
