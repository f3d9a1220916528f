/**
 * The list and map read expressions that select by a value list or relative to a value/key:
 * `exp.listGetByValueList`, `exp.listGetByValueRelRankRange`, `exp.mapGetByValueRange`,
 * `exp.mapGetByValueList`, `exp.mapGetByKeyRelIndexRange`, `exp.mapGetByValueRelRankRange`.
 * Encoded as the other read expressions: `[127, resultType, 0, [code, returnType, ...args], bin]`.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { RangeOptions, SelectOptions } from "../ops/cdt_encode.ts";
import type { Expression } from "./expression.ts";
import { interval, many, type Operand, withCount } from "./cdt_call.ts";
import { checkOptions } from "../validate.ts";
import { EXP_RANGE_OPTIONS, SELECT_OPTIONS } from "../validate_shapes.ts";

/**
 * List items equal to any of `values` (default returnType "value": a list).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByValueList(exp.listBin("l"), [1, 2], { returnType: "count" });
 * ```
 */
export function listGetByValueList(bin: Expression, values: Operand, options?: SelectOptions): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.listGetByValueList()");
  return many(false, C.LIST_GET_BY_VALUE_LIST, bin, [values], options);
}

/**
 * `count` list items from the rank of `value` plus `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByValueRelRankRange(exp.listBin("l"), 5, -1, { count: 2 });
 * ```
 */
export function listGetByValueRelRankRange(
  bin: Expression,
  value: Operand,
  rank: Operand,
  options?: RangeOptions,
): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.listGetByValueRelRankRange()");
  return many(false, C.LIST_GET_BY_VALUE_REL_RANK_RANGE, bin, withCount([value, rank], options), options);
}

/**
 * Map items with `begin <= value < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByValueRange(exp.mapBin("m"), 2, 10, { returnType: "key" });
 * ```
 */
export function mapGetByValueRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByValueRange()");
  return many(true, C.MAP_GET_BY_VALUE_INTERVAL, bin, interval(begin, end), options);
}

/**
 * Map items whose value equals any of `values`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByValueList(exp.mapBin("m"), [1, 2], { returnType: "key" });
 * ```
 */
export function mapGetByValueList(bin: Expression, values: Operand, options?: SelectOptions): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByValueList()");
  return many(true, C.MAP_GET_BY_VALUE_LIST, bin, [values], options);
}

/**
 * `count` map items from the index of `key` plus `index` (key order; to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByKeyRelIndexRange(exp.mapBin("m"), "b", 0, { count: 2, returnType: "key" });
 * ```
 */
export function mapGetByKeyRelIndexRange(
  bin: Expression,
  key: Operand,
  index: Operand,
  options?: RangeOptions,
): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.mapGetByKeyRelIndexRange()");
  return many(true, C.MAP_GET_BY_KEY_REL_INDEX_RANGE, bin, withCount([key, index], options), options);
}

/**
 * `count` map items from the value rank of `value` plus `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByValueRelRankRange(exp.mapBin("m"), 4, 0, { returnType: "key" });
 * ```
 */
export function mapGetByValueRelRankRange(
  bin: Expression,
  value: Operand,
  rank: Operand,
  options?: RangeOptions,
): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.mapGetByValueRelRankRange()");
  return many(true, C.MAP_GET_BY_VALUE_REL_RANK_RANGE, bin, withCount([value, rank], options), options);
}
