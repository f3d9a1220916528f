/**
 * The official `exp` module (`Aerospike.exp`): filter and operation expressions with the official
 * names and argument orders (`exp.eq(exp.binInt("n"), exp.int(7))`, `exp.lists.*`, `exp.maps.*`,
 * `exp.bit.*`, `exp.hll.*`, `exp.operations.read/write`), built on aerolite's expression builders.
 *
 * An expression is an array, as the official client's are, holding one aerolite expression; it also
 * carries the packed expression as `bytes`, so a policy's `filterExpression` takes it as it is.
 * @module
 */
import { exp as X, type Expression } from "../../mod.ts";
import { type AerospikeExp, type ExpArg, unwrap, wrap } from "./exp_base.ts";
import { regex as regexFlags } from "./constants.ts";
import { GeoJSON, toAeroValue } from "./values.ts";

export { type AerospikeExp, type ExpArg, type } from "./exp_base.ts";
export { expReadFlags, expWriteFlags, operations } from "./exp_operations.ts";

// ---- values ----

/** A boolean value. */
export const bool = (value: boolean): AerospikeExp => wrap(X.bool(value));

/** An integer value (a number beyond 2^53 is sent as the 64-bit integer nearest to it, as the official client does). */
export function int(value: number | bigint): AerospikeExp {
  if (typeof value === "number" && Number.isFinite(value) && !Number.isSafeInteger(value)) {
    return wrap(X.int(BigInt(Math.trunc(value))));
  }
  return wrap(X.int(value));
}

/** An unsigned integer value. */
export function uint(value: number | bigint): AerospikeExp {
  if (typeof value === "number" && Number.isFinite(value) && !Number.isSafeInteger(value)) {
    return wrap(X.uint(BigInt(Math.trunc(value))));
  }
  return wrap(X.uint(value));
}

/** A float value. */
export const float = (value: number): AerospikeExp => wrap(X.float(value));
/** A string value. */
export const str = (value: string): AerospikeExp => wrap(X.str(value));

/** A bytes value (its first `size` bytes when `size` is given). */
export function bytes(value: Uint8Array, size?: number): AerospikeExp {
  if (!(value instanceof Uint8Array)) throw new TypeError("exp.bytes() takes a Buffer");
  return wrap(X.blob(size === undefined || size === null ? value : value.subarray(0, size)));
}

/** A GeoJSON value (a `GeoJSON`, its text, or a GeoJSON object). */
export function geo(value: unknown): AerospikeExp {
  if (value instanceof GeoJSON) return wrap(X.geo(value.str));
  if (typeof value === "string") return wrap(X.geo(value));
  if (value !== null && typeof value === "object") return wrap(X.geo(JSON.stringify(value)));
  throw new TypeError("exp.geo() takes a GeoJSON value");
}

/** The nil value. */
export const nil = (): AerospikeExp => wrap(X.nil());
/** +infinity (the open end of a range). */
export const inf = (): AerospikeExp => wrap(X.infinity());
/** The wildcard (matches any value). */
export const wildcard = (): AerospikeExp => wrap(X.wildcard());
/** An expression that fails as "unknown" when evaluated. */
export const unknown = (): AerospikeExp => wrap(X.unknown());

/** A list value. */
export function list(value: unknown[]): AerospikeExp {
  if (!Array.isArray(value)) throw new TypeError("exp.list() takes an array");
  return wrap(X.list(value.map(toAeroValue)));
}

/** A map value (a plain object or a `Map`). */
export function map(value: unknown): AerospikeExp {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError("exp.map() takes an object or a Map");
  }
  return wrap(X.map(toAeroValue(value) as Parameters<typeof X.map>[0]));
}

// ---- record key, bins and metadata ----

/** The stored user key as an integer. */
export const keyInt = (): AerospikeExp => wrap(X.key("int"));
/** The stored user key as a string. */
export const keyStr = (): AerospikeExp => wrap(X.key("string"));
/** The stored user key as bytes. */
export const keyBlob = (): AerospikeExp => wrap(X.key("blob"));
/** True when the record stores its user key. */
export const keyExist = (): AerospikeExp => wrap(X.keyExists());

const binOf = (t: X.ExpType) => (binName: string): AerospikeExp => wrap(X.bin(binName, t));
/** A boolean bin. */
export const binBool: (binName: string) => AerospikeExp = binOf("bool");
/** An integer bin. */
export const binInt: (binName: string) => AerospikeExp = binOf("int");
/** A float bin. */
export const binFloat: (binName: string) => AerospikeExp = binOf("float");
/** A string bin. */
export const binStr: (binName: string) => AerospikeExp = binOf("string");
/** A bytes bin. */
export const binBlob: (binName: string) => AerospikeExp = binOf("blob");
/** A GeoJSON bin. */
export const binGeo: (binName: string) => AerospikeExp = binOf("geo");
/** A list bin. */
export const binList: (binName: string) => AerospikeExp = binOf("list");
/** A map bin. */
export const binMap: (binName: string) => AerospikeExp = binOf("map");
/** A HyperLogLog bin. */
export const binHll: (binName: string) => AerospikeExp = binOf("hll");
/** The particle type of a bin (0 when it does not exist). */
export const binType = (binName: string): AerospikeExp => wrap(X.binType(binName));
/** True when the bin exists. */
export const binExists = (binName: string): AerospikeExp => wrap(X.binExists(binName));

/** The record's set name. */
export const setName = (): AerospikeExp => wrap(X.setName());
/** The record's storage size (servers before 7.0). */
export const deviceSize = (): AerospikeExp => wrap(X.deviceSize());
/** The record's memory size (servers before 7.0). */
export const memorySize = (): AerospikeExp => wrap(X.memorySize());
/** The record's size in bytes (servers 7.0 and later). */
export const recordSize = (): AerospikeExp => wrap(X.recordSize());
/** Last update time, in nanoseconds since the Unix epoch. */
export const lastUpdate = (): AerospikeExp => wrap(X.lastUpdate());
/** Milliseconds since the last update. */
export const sinceUpdate = (): AerospikeExp => wrap(X.sinceUpdate());
/** Expiration time in nanoseconds since the Unix epoch (0: never). */
export const voidTime = (): AerospikeExp => wrap(X.voidTime());
/** Seconds until the record expires (-1: never). */
export const ttl = (): AerospikeExp => wrap(X.ttl());
/** True for a tombstone. */
export const isTombstone = (): AerospikeExp => wrap(X.isTombstone());
/** The record digest modulo `mod`. */
export const digestModulo = (mod: number): AerospikeExp => wrap(X.digestModulo(mod));

// ---- comparisons and logic ----

type Bin = (left: ExpArg, right: ExpArg) => AerospikeExp;
type Un = (value: ExpArg) => AerospikeExp;
type Va = (...exps: ExpArg[]) => AerospikeExp;
const bin2 = (f: (a: Expression, b: Expression) => Expression, name: string): Bin => (left, right) =>
  wrap(f(unwrap(left, name), unwrap(right, name)));
const un1 = (f: (a: Expression) => Expression, name: string): Un => (value) => wrap(f(unwrap(value, name)));
const va = (f: (...a: Expression[]) => Expression, name: string): Va => (...exps) =>
  wrap(f(...exps.map((e) => unwrap(e, name))));

/** `left == right`. */
export const eq: Bin = bin2(X.eq, "eq");
/** `left != right`. */
export const ne: Bin = bin2(X.ne, "ne");
/** `left > right`. */
export const gt: Bin = bin2(X.gt, "gt");
/** `left >= right`. */
export const ge: Bin = bin2(X.ge, "ge");
/** `left < right`. */
export const lt: Bin = bin2(X.lt, "lt");
/** `left <= right`. */
export const le: Bin = bin2(X.le, "le");

/** True when the string matches the POSIX regex (`options`: `Aerospike.regex.*` or-ed). */
export function cmpRegex(options: number, regex: string, cmpStr: ExpArg): AerospikeExp {
  const f = options ?? 0;
  if (typeof f !== "number") throw new TypeError("exp.cmpRegex() takes the options as a number");
  // The flag bits go to the server as given (the official client sends them unchanged).
  return wrap(X.regex(regex, unwrap(cmpStr, "cmpRegex"), {
    extended: (f & regexFlags.EXTENDED) !== 0,
    icase: (f & regexFlags.ICASE) !== 0,
    nosub: (f & 4) !== 0,
    newline: (f & 8) !== 0,
  }));
}

/** True when the two GeoJSON values intersect or one contains the other. */
export const cmpGeo: Bin = bin2(X.geoCompare, "cmpGeo");

/** Negation. */
export const not: Un = un1(X.not, "not");
/** All true. */
export const and: Va = va(X.and, "and");
/** Any true. */
export const or: Va = va(X.or, "or");
/** Exactly one true. */
export const exclusive: Va = va(X.exclusive, "exclusive");

// ---- arithmetic ----

/** Sum. */
export const add: Va = va(X.add, "add");
/** Difference. */
export const sub: Va = va(X.sub, "sub");
/** Product. */
export const mul: Va = va(X.mul, "mul");
/** Quotient. */
export const div: Va = va(X.div, "div");
/** `base ** exponent`. */
export const pow: Bin = bin2(X.pow, "pow");
/** Logarithm of `num` in `base`. */
export const log: Bin = bin2(X.log, "log");
/** Remainder. */
export const mod: Bin = bin2(X.mod, "mod");
/** Absolute value. */
export const abs: Un = un1(X.abs, "abs");
/** Rounds down. */
export const floor: Un = un1(X.floor, "floor");
/** Rounds up. */
export const ceil: Un = un1(X.ceil, "ceil");
/** Float to integer. */
export const toInt: Un = un1(X.toInt, "toInt");
/** Integer to float. */
export const toFloat: Un = un1(X.toFloat, "toFloat");
/** Bitwise and. */
export const intAnd: Va = va(X.intAnd, "intAnd");
/** Bitwise or. */
export const intOr: Va = va(X.intOr, "intOr");
/** Bitwise xor. */
export const intXor: Va = va(X.intXor, "intXor");
/** Bitwise not. */
export const intNot: Un = un1(X.intNot, "intNot");
/** Shift left. */
export const intLshift: Bin = bin2(X.intLshift, "intLshift");
/** Logical shift right. */
export const intRshift: Bin = bin2(X.intRshift, "intRshift");
/** Arithmetic shift right. */
export const intArshift: Bin = bin2(X.intArshift, "intArshift");
/** Number of set bits. */
export const intCount: Un = un1(X.intCount, "intCount");
/** Position of the first bit equal to `search` from the left. */
export const intLscan: Bin = bin2(X.intLscan, "intLscan");
/** Position of the first bit equal to `search` from the right. */
export const intRscan: Bin = bin2(X.intRscan, "intRscan");
/** Smallest value. */
export const min: Va = va(X.min, "min");
/** Largest value. */
export const max: Va = va(X.max, "max");

// ---- control flow and variables ----

/** `cond(c1, v1, c2, v2, ..., default)`: the value of the first true condition. */
export const cond: Va = va(X.cond, "cond");

/** A variable definition for `exp.let` (`exp.def(name, value)`). */
export type Def = ReturnType<typeof X.def>;

/** Defines variable `varName` for `exp.let`. */
export const def = (varName: string, expr: ExpArg): Def => X.def(varName, unwrap(expr, "def"));

/** `let(def1, ..., scope)`: evaluates `scope` with the variables defined. */
function letExp(...args: (Def | ExpArg)[]): AerospikeExp {
  if (args.length < 2) throw new TypeError("exp.let() takes one or more exp.def() and a scope expression");
  const defs = args.slice(0, -1);
  for (const d of defs) {
    if (!(d instanceof X.Def)) throw new TypeError("exp.let() takes exp.def() items before the scope");
  }
  const scope = unwrap(args[args.length - 1], "let");
  return wrap(X.let(...(defs as Def[]), scope));
}

/** The value of a variable defined by `exp.let`. */
const varExp = (varName: string): AerospikeExp => wrap(X.var(varName));
export { letExp as let, varExp as var };

export * as lists from "./exp_lists.ts";
export * as maps from "./exp_maps.ts";
export * as bit from "./exp_bit.ts";
export * as hll from "./exp_hll.ts";
