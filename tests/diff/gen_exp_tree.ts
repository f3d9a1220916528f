/**
 * Random typed expression trees for the "exp" differential family. `tree(rng, type)` draws an
 * expression meant to yield `type` (int, float, str, bool, list, map, blob), built with the real
 * `exp.*` builders and remembered as text for reproductions. A few nodes are ill-typed on
 * purpose (mixed number types, a string where an integer belongs, a one-operand `and`), so the
 * server's build pass (PARAMETER_ERROR) is compared too; missing and mistyped bins, division by
 * zero and failing CDT calls reach "unknown".
 *
 * Excluded narrowly, with the reason:
 * - an integer division or modulo whose divisor can be -1: INT64_MIN / -1 kills CE 8.1.2.0 with
 *   SIGFPE (found by this fuzzer); divisors are drawn from literals that cannot multiply to -1;
 * - `pow` and `log` only on operands whose results are exact (V8's Math.pow/Math.log and glibc's
 *   pow/log may differ in the last bit elsewhere, which the mock cannot know);
 * - `lastUpdate`, `sinceUpdate` and `voidTime` only in comparisons that do not depend on the
 *   clock (the two servers write at different instants).
 * @module
 */
import { Double, exp } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import { show } from "./case.ts";
import type { Rng } from "./rng.ts";

/** Types a tree can yield. */
export type T = "int" | "float" | "str" | "bool" | "list" | "map" | "blob";
const TYPES: T[] = ["int", "float", "str", "bool", "list", "map", "blob"];

const TEXT = new WeakMap<object, string>();
type Fn = (...args: unknown[]) => exp.Expression;
const EXP = exp as unknown as Record<string, Fn>;

/** The reproduction text of an argument (an expression's recorded call, else the value). */
export function text(v: unknown): string {
  if (typeof v === "object" && v !== null && TEXT.has(v)) return TEXT.get(v)!;
  return show(v);
}

/** Calls `exp[name](...args)` and remembers the call as text. */
export function x(name: string, ...args: unknown[]): exp.Expression {
  const e = EXP[name](...args);
  const shown = args.filter((a) => a !== undefined).map(text).join(", ");
  TEXT.set(e, `exp.${name}(${shown})`);
  return e;
}

/** The bins of an "exp" record; each usually holds its own type, sometimes another. */
export const BIN_OF: Record<T, string> = {
  int: "i",
  float: "f",
  str: "s",
  bool: "t",
  list: "l",
  map: "m",
  blob: "b",
};

const INTS: Value[] = [0, 1, 2, 3, 7, -5, 100, 2 ** 40, -(2 ** 33), 9223372036854775807n];
const FLOATS = [0.5, -2.25, 3, 1e300, -1e300, 0.1, 1e-300];
const STRS = ["", "a", "ab", "abc", "ba", "alice", "Al", "a\nb"];
/** Divisors that never multiply to -1 (see the module note). */
const DIVISORS = [0, 1, 2, 3, 5, -2, -3, 7];

/** A literal value of type `t` (as a plain value or an explicit literal expression). */
export function literal(rng: Rng, t: T): Value {
  switch (t) {
    case "int":
      return rng.pick(INTS);
    case "float":
      return new Double(rng.pick(FLOATS) * (rng.chance(0.2) ? -1 : 1));
    case "str":
      return rng.pick(STRS);
    case "bool":
      return rng.bool();
    case "blob":
      return rng.bytes(rng.int(4));
    case "list":
      return rng.chance(0.7) ? rng.ints(rng.int(4), 0, 5) : rng.list(rng.int(3), 0);
    case "map":
      // Key-ordered maps (plain objects) only: how a node orders an unordered map after a put
      // into it belongs to the map family.
      return Object.fromEntries(rng.ints(rng.int(3), 0, 3).map((v, i) => [["a", "b", "c"][i], v]));
  }
}

function lit(rng: Rng, t: T): exp.Expression {
  const v = literal(rng, t);
  switch (t) {
    case "int":
      return x("int", v);
    case "float":
      return x("float", (v as Double).value);
    case "str":
      return x("str", v);
    case "bool":
      return x("bool", v);
    case "blob":
      return x("blob", v);
    case "list":
      return x("list", v);
    case "map":
      return x("map", v);
  }
}

const BIN_BUILDER: Record<T, string> = {
  int: "intBin",
  float: "floatBin",
  str: "strBin",
  bool: "boolBin",
  list: "listBin",
  map: "mapBin",
  blob: "blobBin",
};

/** A bin read of type `t`: its own bin mostly, else another bin or a missing one. */
function bin(rng: Rng, t: T): exp.Expression {
  const r = rng.int(10);
  const name = r < 8 ? BIN_OF[t] : r < 9 ? BIN_OF[rng.pick(TYPES)] : "zz";
  return x(BIN_BUILDER[t], name);
}

/** Draws an expression yielding `t` (`depth` bounds the nesting). */
export function tree(rng: Rng, t: T, depth = 3): exp.Expression {
  if (rng.chance(0.025)) {
    // Ill-typed on purpose; never an integer where a float belongs, so that no integer division
    // can be built from float operands (see the module note on -1 divisors).
    return tree(rng, rng.pick(TYPES.filter((u) => t !== "float" || u !== "int")), depth - 1);
  }
  if (depth <= 0 || rng.chance(0.3)) return rng.chance(0.5) ? lit(rng, t) : bin(rng, t);
  const sub = (u: T = t): exp.Expression => tree(rng, u, depth - 1);
  const some = (u: T = t, lo = 1, hi = 3): exp.Expression[] => {
    const out: exp.Expression[] = [];
    for (let i = rng.range(lo, hi); i > 0; i--) out.push(sub(u));
    return out;
  };
  if (rng.chance(0.08)) {
    const n = 1 + rng.int(2);
    const args: exp.Expression[] = [];
    for (let i = 0; i < n; i++) args.push(sub("bool"), rng.chance(0.1) ? x("unknown") : sub());
    return x("cond", ...args, sub());
  }
  switch (t) {
    case "int":
      return intTree(rng, sub, some);
    case "float":
      return floatTree(rng, sub, some);
    case "bool":
      return boolTree(rng, sub, some);
    case "list":
      return rng.pick([
        () => x("listAppend", bin(rng, "list"), sub("int")),
        () => x("listSort", bin(rng, "list")),
        () => x("listRemoveByIndex", bin(rng, "list"), rng.range(-3, 3)),
        () => x("listGetByIndexRange", bin(rng, "list"), rng.range(-2, 2), { count: rng.int(3) }),
        () => x("mapGetByIndexRange", bin(rng, "map"), 0, { returnType: "key" }),
      ])();
    case "map":
      return rng.pick([
        () => x("mapPut", bin(rng, "map"), rng.pick(["a", "z", 1]), sub("int")),
        () => x("mapRemoveByKey", bin(rng, "map"), rng.pick(["a", "b", "z"])),
        () => x("mapClear", bin(rng, "map")),
      ])();
    case "str":
      return rng.chance(0.5)
        ? x("listGetByIndex", bin(rng, "list"), rng.range(-1, 2), "string")
        : x("mapGetByKey", bin(rng, "map"), rng.pick(["a", "b"]), "string");
    case "blob":
      return rng.pick([
        () => x("bitResize", bin(rng, "blob"), rng.int(4)),
        () => x("bitSet", bin(rng, "blob"), rng.int(12), rng.range(1, 8), new Uint8Array([0xff])),
        () => x("bitNot", bin(rng, "blob"), 0, rng.range(0, 16)),
      ])();
  }
}

type Sub = (u?: T) => exp.Expression;
type Some = (u?: T, lo?: number, hi?: number) => exp.Expression[];

function intTree(rng: Rng, sub: Sub, some: Some): exp.Expression {
  const divisor = (): exp.Expression => x("int", rng.pick(DIVISORS));
  switch (rng.int(22)) {
    case 0:
      return x("add", ...some());
    case 1:
      return x("sub", ...some());
    case 2:
      return x("mul", ...some());
    case 3:
      return rng.chance(0.2)
        ? x("div", x("int", 1))
        : x("div", sub(), ...[divisor(), divisor()].slice(rng.int(2)));
    case 4:
      return x("mod", sub(), divisor());
    case 5:
      return x("abs", sub());
    case 6:
      return x("toInt", sub("float"));
    case 7:
      return x(rng.pick(["intAnd", "intOr", "intXor"]), ...some());
    case 8:
      return x(rng.pick(["intNot", "intCount"]), sub());
    case 9:
      return x(rng.pick(["intLshift", "intRshift", "intArshift"]), sub(), x("int", rng.range(-1, 66)));
    case 10:
      return x(rng.pick(["intLscan", "intRscan"]), sub(), sub("bool"));
    case 11:
      return x(rng.pick(["min", "max"]), ...some());
    case 12:
      return x("listSize", x("listBin", rng.pick(["l", "m", "zz"])));
    case 13:
      return x("mapSize", x("mapBin", rng.pick(["m", "l"])));
    case 14:
      return x("binType", rng.pick(["i", "f", "s", "t", "l", "m", "b", "zz"]));
    case 15:
      return x(rng.pick(["recordSize", "memorySize", "deviceSize", "ttl"]));
    case 16:
      return x("digestModulo", rng.pick([1, 3, 7, 1000]));
    case 17:
      return x("listGetByIndex", x("listBin", "l"), rng.range(-4, 4), "int");
    case 18:
      return x("mapGetByKey", x("mapBin", "m"), rng.pick(["a", "b", "c", "z"]), "int");
    case 19:
      return x("bitCount", x("blobBin", "b"), rng.int(8), rng.range(0, 32));
    case 20:
      return x(
        "bitGetInt",
        x("blobBin", "b"),
        rng.int(8),
        rng.range(1, 16),
        rng.bool() ? { signed: true } : undefined,
      );
    default:
      return x("let", exp.def("v", sub()), x("add", x("var", "v"), x("var", "v")));
  }
}

function floatTree(rng: Rng, sub: Sub, some: Some): exp.Expression {
  switch (rng.int(9)) {
    case 0:
      return x("add", ...some());
    case 1:
      return x("sub", ...some());
    case 2:
      return x("mul", ...some());
    case 3:
      return x("div", ...some("float", 1, 3));
    case 4:
      return x("pow", x("float", rng.pick([2, 0.5, 1.5, 10, 0])), x("float", rng.pick([0, 1, 2, 3, -1])));
    case 5:
      return x("log", x("float", rng.pick([1, 2, 4, 8, 16, 0])), x("float", rng.pick([2, 4, 16])));
    case 6:
      return x(rng.pick(["floor", "ceil", "abs"]), sub());
    case 7:
      return x("toFloat", sub("int"));
    default:
      return x(rng.pick(["min", "max"]), ...some());
  }
}

const CMP = ["eq", "ne", "gt", "ge", "lt", "le"];
const PATTERNS: [string, exp.RegexOptions?][] = [
  ["^a"],
  ["b$"],
  ["a.c"],
  ["(", undefined],
  ["a\\(b\\)*", undefined],
  ["^(al|ab)", { extended: true }],
  ["^[[:alpha:]]+$", { extended: true }],
  ["AL", { icase: true }],
  ["a+", undefined],
  ["a+", { extended: true }],
  ["^b", { newline: true }],
  ["^b", { nosub: true }],
  ["a.b", { nosub: true }],
];

function boolTree(rng: Rng, sub: Sub, some: Some): exp.Expression {
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2: {
      const u = rng.pick(TYPES);
      return x(rng.pick(CMP), sub(u), sub(u));
    }
    case 3:
      return rng.chance(0.05)
        ? x(rng.pick(["and", "or"]), sub()) // one operand: a build error on the server
        : x(rng.pick(["and", "or", "exclusive"]), ...some("bool", 2, 3));
    case 4:
      return x("not", sub());
    case 5:
      return x("binExists", rng.pick(["i", "s", "l", "zz"]));
    case 6: {
      const [p, o] = rng.pick(PATTERNS);
      return x("regex", p, sub("str"), o);
    }
    case 7:
      return x(rng.pick(["isTombstone", "keyExists"]));
    case 8:
      return rng.pick([
        () => x("eq", x("ttl"), -1),
        () => x("gt", x("lastUpdate"), 0),
        () => x("ge", x("sinceUpdate"), 0),
        () => x("eq", x("voidTime"), -1),
        () => x("ne", x("setName"), ""),
      ])();
    default:
      return x("eq", x("listGetByIndex", x("listBin", "l"), rng.range(-2, 2), "int"), sub("int"));
  }
}
