/**
 * Comparison, boolean, arithmetic, integer-bit and control-flow expressions. Plain numbers,
 * strings, ... are accepted wherever an operand is expected and packed as constants.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { Value } from "../values.ts";
import { checkExp, type Expression, node, packed, toExp } from "./expression.ts";
import { checkOptions } from "../validate.ts";
import { REGEX_OPTIONS } from "../validate_shapes.ts";

/** An operand: an expression or a plain value (packed as a constant). */
export type Operand = Expression | Value;

const ops = (op: number, where: string, args: readonly Operand[]): Expression =>
  node(op, args.map((a) => toExp(a, where)), where);

function binary(op: number, where: string) {
  return (left: Operand, right: Operand): Expression => ops(op, where, [left, right]);
}
function unary(op: number, where: string) {
  return (value: Operand): Expression => ops(op, where, [value]);
}
function variadic(op: number, where: string, min: number) {
  return (...args: Operand[]): Expression => {
    if (args.length < min) throw new RangeError(`${where} needs at least ${min} operand(s)`);
    return ops(op, where, args);
  };
}

/** Signature of a two-operand expression builder. */
export type Binary = (left: Operand, right: Operand) => Expression;
/** Signature of a one-operand expression builder. */
export type Unary = (value: Operand) => Expression;
/** Signature of a many-operand expression builder. */
export type Variadic = (...args: Operand[]) => Expression;

/** `left == right`. @example `exp.eq(exp.intBin("n"), 7)` */
export const eq: Binary = binary(C.EXP_EQ, "eq()");
/** `left != right`. @example `exp.ne(exp.strBin("s"), "x")` */
export const ne: Binary = binary(C.EXP_NE, "ne()");
/** `left > right`. @example `exp.gt(exp.intBin("n"), 100)` */
export const gt: Binary = binary(C.EXP_GT, "gt()");
/** `left >= right`. @example `exp.ge(exp.intBin("n"), 100)` */
export const ge: Binary = binary(C.EXP_GE, "ge()");
/** `left < right`. @example `exp.lt(exp.ttl(), 0)` */
export const lt: Binary = binary(C.EXP_LT, "lt()");
/** `left <= right`. @example `exp.le(exp.intBin("n"), 9)` */
export const le: Binary = binary(C.EXP_LE, "le()");

/** All true. @example `exp.and(exp.binExists("m"), exp.lt(exp.ttl(), 0))` */
export const and: Variadic = variadic(C.EXP_AND, "and()", 1);
/** Any true. @example `exp.or(exp.eq(exp.intBin("a"), 1), exp.eq(exp.intBin("b"), 1))` */
export const or: Variadic = variadic(C.EXP_OR, "or()", 1);
/** Negation. @example `exp.not(exp.binExists("m"))` */
export const not: Unary = unary(C.EXP_NOT, "not()");
/** Exactly one true. @example `exp.exclusive(exp.binExists("a"), exp.binExists("b"))` */
export const exclusive: Variadic = variadic(C.EXP_EXCLUSIVE, "exclusive()", 2);

/** Sum. @example `exp.add(exp.intBin("a"), exp.intBin("b"), 1)` */
export const add: Variadic = variadic(C.EXP_ADD, "add()", 1);
/** Difference (a single operand negates). @example `exp.sub(exp.intBin("a"), 1)` */
export const sub: Variadic = variadic(C.EXP_SUB, "sub()", 1);
/** Product. @example `exp.mul(exp.intBin("a"), 2)` */
export const mul: Variadic = variadic(C.EXP_MUL, "mul()", 1);
/** Quotient (a single operand inverts). @example `exp.div(exp.intBin("a"), 2)` */
export const div: Variadic = variadic(C.EXP_DIV, "div()", 1);
/** `base ** exponent` (floats). @example `exp.pow(exp.floatBin("x"), 2.0)` */
export const pow: Binary = binary(C.EXP_POW, "pow()");
/** Logarithm of `num` in `base` (floats). @example `exp.log(exp.floatBin("x"), 10.0)` */
export const log: Binary = binary(C.EXP_LOG, "log()");
/** Remainder (integers). @example `exp.mod(exp.intBin("n"), 3)` */
export const mod: Binary = binary(C.EXP_MOD, "mod()");
/** Absolute value. @example `exp.abs(exp.intBin("n"))` */
export const abs: Unary = unary(C.EXP_ABS, "abs()");
/** Round down (float). @example `exp.floor(exp.floatBin("x"))` */
export const floor: Unary = unary(C.EXP_FLOOR, "floor()");
/** Round up (float). @example `exp.ceil(exp.floatBin("x"))` */
export const ceil: Unary = unary(C.EXP_CEIL, "ceil()");
/** Float to integer. @example `exp.toInt(exp.floatBin("x"))` */
export const toInt: Unary = unary(C.EXP_TO_INT, "toInt()");
/** Integer to float. @example `exp.toFloat(exp.intBin("n"))` */
export const toFloat: Unary = unary(C.EXP_TO_FLOAT, "toFloat()");
/** Smallest operand. @example `exp.min(exp.intBin("a"), exp.intBin("b"))` */
export const min: Variadic = variadic(C.EXP_MIN, "min()", 1);
/** Largest operand. @example `exp.max(exp.intBin("a"), exp.intBin("b"))` */
export const max: Variadic = variadic(C.EXP_MAX, "max()", 1);

/** Bitwise and of integers. @example `exp.intAnd(exp.intBin("f"), 0xff)` */
export const intAnd: Variadic = variadic(C.EXP_INT_AND, "intAnd()", 1);
/** Bitwise or of integers. @example `exp.intOr(exp.intBin("f"), 1)` */
export const intOr: Variadic = variadic(C.EXP_INT_OR, "intOr()", 1);
/** Bitwise xor of integers. @example `exp.intXor(exp.intBin("f"), 1)` */
export const intXor: Variadic = variadic(C.EXP_INT_XOR, "intXor()", 1);
/** Bitwise not. @example `exp.intNot(exp.intBin("f"))` */
export const intNot: Unary = unary(C.EXP_INT_NOT, "intNot()");
/** Shift left. @example `exp.intLshift(exp.intBin("f"), 2)` */
export const intLshift: Binary = binary(C.EXP_INT_LSHIFT, "intLshift()");
/** Logical shift right. @example `exp.intRshift(exp.intBin("f"), 2)` */
export const intRshift: Binary = binary(C.EXP_INT_RSHIFT, "intRshift()");
/** Arithmetic shift right. @example `exp.intArshift(exp.intBin("f"), 2)` */
export const intArshift: Binary = binary(C.EXP_INT_ARSHIFT, "intArshift()");
/** Number of set bits. @example `exp.intCount(exp.intBin("f"))` */
export const intCount: Unary = unary(C.EXP_INT_COUNT, "intCount()");
/** Position of the first bit equal to `search` from the left. @example `exp.intLscan(exp.intBin("f"), true)` */
export const intLscan: Binary = binary(C.EXP_INT_LSCAN, "intLscan()");
/** Position of the first bit equal to `search` from the right. @example `exp.intRscan(exp.intBin("f"), true)` */
export const intRscan: Binary = binary(C.EXP_INT_RSCAN, "intRscan()");

/**
 * `cond(c1, v1, c2, v2, ..., default)`: the value of the first true condition.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.cond(exp.lt(exp.intBin("n"), 10), "small", "large");
 * ```
 */
export const cond: Variadic = (...args: Operand[]): Expression => {
  if (args.length < 3 || args.length % 2 === 0) {
    throw new RangeError("cond() takes pairs of condition/value and a default");
  }
  return ops(C.EXP_COND, "cond()", args);
};

/** A variable definition for `exp.let`. */
export class Def {
  /** Variable name. */
  readonly name: string;
  /** Its value. */
  readonly value: Expression;
  /** Use `exp.def(name, value)`. */
  constructor(name: string, value: Expression) {
    this.name = name;
    this.value = value;
  }
}

/**
 * Defines variable `name` for `exp.let`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.let(exp.def("x", exp.intBin("n")), exp.gt(exp.var("x"), 1));
 * ```
 */
export function def(name: string, value: Operand): Def {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError("def() takes a non-empty variable name");
  }
  return new Def(name, toExp(value, "def()"));
}

/**
 * `let(def1, def2, ..., scope)`: evaluates `scope` with the variables defined.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.let(exp.def("x", exp.intBin("n")), exp.and(exp.gt(exp.var("x"), 1), exp.lt(exp.var("x"), 9)));
 * ```
 */
function letExp(...args: [...Def[], Expression]): Expression {
  if (args.length < 2) throw new RangeError("let() takes at least one def and a scope expression");
  const scope = checkExp(args[args.length - 1], "let() scope");
  const defs = args.slice(0, -1) as Def[];
  return packed((w) => {
    w.packArrayHeader(2 + defs.length * 2);
    w.packInt(C.EXP_LET);
    for (const d of defs) {
      if (!(d instanceof Def)) throw new TypeError("let() takes exp.def(...) items before the scope");
      w.packRawString(d.name);
      w.writeBytes(d.value.bytes);
    }
    w.writeBytes(scope.bytes);
  });
}

/**
 * The value of a variable defined by `exp.let`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.var("x");
 * ```
 */
function varExp(name: string): Expression {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError("var() takes a non-empty variable name");
  }
  return packed((w) => {
    w.packArrayHeader(2);
    w.packInt(C.EXP_VAR);
    w.packRawString(name);
  });
}
export { letExp as let, varExp as var };

/** Regex flags of `exp.regex`. */
export interface RegexOptions {
  /** POSIX extended syntax. @default false */
  extended?: boolean;
  /** Ignore case. @default false */
  icase?: boolean;
  /** Do not report sub-matches. @default false */
  nosub?: boolean;
  /** Newline-sensitive matching. @default false */
  newline?: boolean;
}

/**
 * True when the string `value` matches `regex` (POSIX).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.regex("^al", exp.strBin("name"), { icase: true });
 * ```
 */
export function regex(pattern: string, value: Expression, options?: RegexOptions): Expression {
  checkOptions(options, REGEX_OPTIONS, "exp.regex()");
  if (typeof pattern !== "string") throw new TypeError("regex() takes the pattern as a string");
  const flags = (options?.extended ? C.EXP_REGEX_EXTENDED : 0) | (options?.icase ? C.EXP_REGEX_ICASE : 0) |
    (options?.nosub ? C.EXP_REGEX_NOSUB : 0) | (options?.newline ? C.EXP_REGEX_NEWLINE : 0);
  const bin = checkExp(value, "regex()");
  return packed((w) => {
    w.packArrayHeader(4);
    w.packInt(C.EXP_REGEX);
    w.packInt(flags);
    w.packRawString(pattern);
    w.writeBytes(bin.bytes);
  });
}

/** True when the two GeoJSON values intersect/contain. @example `exp.geoCompare(exp.geoBin("loc"), exp.geo(area))` */
export const geoCompare: Binary = binary(C.EXP_GEO, "geoCompare()");

/**
 * An expression that always fails as "unknown" (in `cond` branches that should not happen).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.cond(exp.binExists("n"), exp.intBin("n"), exp.unknown());
 * ```
 */
export function unknown(): Expression {
  return node(0, [], "unknown()");
}
