/**
 * HyperLogLog expressions on HLL bins (`exp.hllGetCount`, `exp.hllAdd`, ...): CALLs of the HLL
 * module (`[127, resultType, 2 | 0x40 for modify, [code, ...args], bin]`). Reads yield counts,
 * unions, similarity or a description; modify calls yield the changed HLL (written only through
 * `exp.write`). HLL lists travel as quoted lists of HLL-typed blobs.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import { MsgPackWriter } from "../wire/msgpack.ts";
import { PARTICLE_TYPE_HLL } from "../wire/particles.ts";
import { HLL, type Value } from "../values.ts";
import type { HLLPolicy } from "../ops/hll.ts";
import { hllPolicyFlags } from "../ops/bit_hll_flags.ts";
import { Expression } from "./expression.ts";
import { moduleCall, type Operand } from "./cdt_call.ts";
import { checkOptions } from "../validate.ts";
import { EXP_HLL_OPTIONS } from "../validate_shapes.ts";

/** Options of HLL modify expressions. */
export interface HLLExpOptions {
  /** Write flags. @default {} */
  policy?: HLLPolicy;
  /** Index bits used when the call creates the HLL (-1: it must exist). @default -1 */
  indexBitCount?: Operand;
  /** Minhash bits (-1: the server's choice). @default -1 */
  minHashBitCount?: Operand;
}

/** An array of `HLL` values as a quoted list of HLL particles; an expression as is. */
function hllList(v: HLL[] | Expression, where: string): Expression {
  if (v instanceof Expression) return v;
  if (!Array.isArray(v)) throw new TypeError(`${where} takes an array of HLL values or an expression`);
  const w = new MsgPackWriter(64);
  w.packArrayHeader(2);
  w.packInt(C.EXP_QUOTED);
  w.packArrayHeader(v.length);
  for (const h of v) {
    if (!(h instanceof HLL)) throw new TypeError(`${where} takes an array of HLL values`);
    w.packBlob(h.bytes, PARTICLE_TYPE_HLL);
  }
  return new Expression(w.toBytes());
}

const modify = (bin: Expression, code: number, args: Operand[]): Expression =>
  moduleCall(C.EXP_TYPE_HLL, C.EXP_MODULE_HLL | C.EXP_CALL_MODIFY, bin, code, args, undefined);
const read = (type: number, bin: Expression, code: number, args: Operand[]): Expression =>
  moduleCall(type, C.EXP_MODULE_HLL, bin, code, args, undefined);

/**
 * A new (or reset) HLL with `indexBitCount` index bits.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.write("h", exp.hllInit(exp.hllBin("h"), 10));
 * ```
 */
export function hllInit(bin: Expression, indexBitCount: Operand, options?: HLLExpOptions): Expression {
  checkOptions(options, EXP_HLL_OPTIONS, "exp.hllInit()");
  return modify(bin, C.HLL_INIT, [
    indexBitCount,
    options?.minHashBitCount ?? -1,
    hllPolicyFlags(options?.policy),
  ]);
}

/**
 * The HLL with `values` added.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.hllAdd(exp.hllBin("h"), ["a", "b"], { indexBitCount: 10 });
 * ```
 */
export function hllAdd(bin: Expression, values: Value[] | Expression, options?: HLLExpOptions): Expression {
  checkOptions(options, EXP_HLL_OPTIONS, "exp.hllAdd()");
  const args = [
    values,
    options?.indexBitCount ?? -1,
    options?.minHashBitCount ?? -1,
    hllPolicyFlags(options?.policy),
  ];
  return modify(bin, C.HLL_ADD, args);
}

/**
 * The bin with `values` added, the official clients' HLL `update` expression: `hllAdd` without
 * index or min-hash bit counts (the bin must already be an HLL, or the policy must allow create).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.hllGetCount(exp.hllUpdate(exp.hllBin("h"), ["x", "y"]));
 * ```
 */
export function hllUpdate(
  bin: Expression,
  values: Value[] | Expression,
  options?: { policy?: HLLExpOptions["policy"] },
): Expression {
  checkOptions(options, EXP_HLL_OPTIONS, "exp.hllUpdate()");
  return modify(bin, C.HLL_ADD, [values, -1, -1, hllPolicyFlags(options?.policy)]);
}

/**
 * The estimated number of distinct values.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.hllGetCount(exp.hllBin("h")), 1000);
 * ```
 */
export function hllGetCount(bin: Expression): Expression {
  return read(C.EXP_TYPE_INT, bin, C.HLL_COUNT, []);
}

/**
 * The union of the bin with `hlls`, as an HLL.
 * @example
 * ```ts
 * import { exp, type HLL } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * exp.hllGetUnion(exp.hllBin("h"), [other]);
 * ```
 */
export function hllGetUnion(bin: Expression, hlls: HLL[] | Expression): Expression {
  return read(C.EXP_TYPE_HLL, bin, C.HLL_UNION, [hllList(hlls, "hllGetUnion()")]);
}

/**
 * The estimated count of the union of the bin with `hlls`.
 * @example
 * ```ts
 * import { exp, type HLL } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * exp.hllGetUnionCount(exp.hllBin("h"), [other]);
 * ```
 */
export function hllGetUnionCount(bin: Expression, hlls: HLL[] | Expression): Expression {
  return read(C.EXP_TYPE_INT, bin, C.HLL_UNION_COUNT, [hllList(hlls, "hllGetUnionCount()")]);
}

/**
 * The estimated count of the intersection of the bin with `hlls`.
 * @example
 * ```ts
 * import { exp, type HLL } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * exp.hllGetIntersectCount(exp.hllBin("h"), [other]);
 * ```
 */
export function hllGetIntersectCount(bin: Expression, hlls: HLL[] | Expression): Expression {
  return read(C.EXP_TYPE_INT, bin, C.HLL_INTERSECT_COUNT, [hllList(hlls, "hllGetIntersectCount()")]);
}

/**
 * The estimated similarity (Jaccard index, a float) of the bin with `hlls`.
 * @example
 * ```ts
 * import { exp, type HLL } from "@aerolite/client";
 * declare const other: HLL; // an HLL bin value read earlier
 * exp.gt(exp.hllGetSimilarity(exp.hllBin("h"), [other]), 0.5);
 * ```
 */
export function hllGetSimilarity(bin: Expression, hlls: HLL[] | Expression): Expression {
  return read(C.EXP_TYPE_FLOAT, bin, C.HLL_SIMILARITY, [hllList(hlls, "hllGetSimilarity()")]);
}

/**
 * `[indexBitCount, minHashBitCount]` of the HLL.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.hllDescribe(exp.hllBin("h"));
 * ```
 */
export function hllDescribe(bin: Expression): Expression {
  return read(C.EXP_TYPE_LIST, bin, C.HLL_DESCRIBE, []);
}

/**
 * 1 when the HLL may contain every one of `values`, else 0.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.hllMayContain(exp.hllBin("h"), ["a"]), 1);
 * ```
 */
export function hllMayContain(bin: Expression, values: Value[] | Expression): Expression {
  return read(C.EXP_TYPE_INT, bin, C.HLL_MAY_CONTAIN, [values]);
}
