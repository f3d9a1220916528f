/**
 * List and map read expressions (`exp.listSize`, `exp.mapGetByKey`, ...): a CALL of a CDT read
 * on a bin expression, `[127, resultType, module 0, [code, returnType, ...args], bin]`, with the
 * same context wrapping as CDT operations.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { CdtOptions, RangeOptions, SelectOptions } from "../ops/cdt_encode.ts";
import type { Expression, ExpType } from "./expression.ts";
import { call, interval, many, one, type Operand, withCount } from "./cdt_call.ts";
import { checkOptions } from "../validate.ts";
import { CDT_OPTIONS, EXP_RANGE_OPTIONS, SELECT_OPTIONS } from "../validate_shapes.ts";

/**
 * The number of items of a list.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.add(exp.listSize(exp.listBin("l")), 100);
 * ```
 */
export function listSize(bin: Expression, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.listSize()");
  return call(C.EXP_TYPE_INT, bin, C.LIST_SIZE, [], options);
}

/**
 * The list item at `index`, read as `valueType` (or what `returnType` asks for).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.listGetByIndex(exp.listBin("l"), 0, "int"), 5);
 * ```
 */
export function listGetByIndex(
  bin: Expression,
  index: Operand,
  valueType: ExpType,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.listGetByIndex()");
  return one(false, C.LIST_GET_BY_INDEX, bin, valueType, [index], options);
}

/**
 * The list item of rank `rank`, read as `valueType`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByRank(exp.listBin("l"), -1, "int");
 * ```
 */
export function listGetByRank(
  bin: Expression,
  rank: Operand,
  valueType: ExpType,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.listGetByRank()");
  return one(false, C.LIST_GET_BY_RANK, bin, valueType, [rank], options);
}

/**
 * List items equal to `value` (default returnType "value": a list).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.listGetByValue(exp.listBin("l"), 4, { returnType: "count" }), 0);
 * ```
 */
export function listGetByValue(bin: Expression, value: Operand, options?: SelectOptions): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.listGetByValue()");
  return many(false, C.LIST_GET_BY_VALUE, bin, [value], options);
}

/**
 * List items with `begin <= value < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByValueRange(exp.listBin("l"), 2, 5, { returnType: "count" });
 * ```
 */
export function listGetByValueRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.listGetByValueRange()");
  return many(false, C.LIST_GET_BY_VALUE_INTERVAL, bin, interval(begin, end), options);
}

/**
 * `count` list items from `index` (to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByIndexRange(exp.listBin("l"), 1, { count: 2 });
 * ```
 */
export function listGetByIndexRange(bin: Expression, index: Operand, options?: RangeOptions): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.listGetByIndexRange()");
  return many(false, C.LIST_GET_BY_INDEX_RANGE, bin, withCount([index], options), options);
}

/**
 * `count` list items from rank `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listGetByRankRange(exp.listBin("l"), -3, { count: 3 });
 * ```
 */
export function listGetByRankRange(bin: Expression, rank: Operand, options?: RangeOptions): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.listGetByRankRange()");
  return many(false, C.LIST_GET_BY_RANK_RANGE, bin, withCount([rank], options), options);
}

/**
 * The number of items of a map.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.mapSize(exp.mapBin("m")), 0);
 * ```
 */
export function mapSize(bin: Expression, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.mapSize()");
  return call(C.EXP_TYPE_INT, bin, C.MAP_SIZE, [], options);
}

/**
 * The map value under `key`, read as `valueType`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.mapGetByKey(exp.mapBin("m"), "a", "int"), 11);
 * ```
 */
export function mapGetByKey(
  bin: Expression,
  key: Operand,
  valueType: ExpType,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByKey()");
  return one(true, C.MAP_GET_BY_KEY, bin, valueType, [key], options);
}

/**
 * The map item at `index` (key order), read as `valueType`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByIndex(exp.mapBin("m"), 0, "int");
 * ```
 */
export function mapGetByIndex(
  bin: Expression,
  index: Operand,
  valueType: ExpType,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByIndex()");
  return one(true, C.MAP_GET_BY_INDEX, bin, valueType, [index], options);
}

/**
 * The map item of value rank `rank`, read as `valueType`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByRank(exp.mapBin("m"), -1, "string", { returnType: "key" });
 * ```
 */
export function mapGetByRank(
  bin: Expression,
  rank: Operand,
  valueType: ExpType,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByRank()");
  return one(true, C.MAP_GET_BY_RANK, bin, valueType, [rank], options);
}

/**
 * Map items whose value equals `value`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByValue(exp.mapBin("m"), 4, { returnType: "key" });
 * ```
 */
export function mapGetByValue(bin: Expression, value: Operand, options?: SelectOptions): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByValue()");
  return many(true, C.MAP_GET_BY_VALUE, bin, [value], options);
}

/**
 * Map items with `begin <= key < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByKeyRange(exp.mapBin("m"), "b", "d", { returnType: "count" });
 * ```
 */
export function mapGetByKeyRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: SelectOptions,
): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByKeyRange()");
  return many(true, C.MAP_GET_BY_KEY_INTERVAL, bin, interval(begin, end), options);
}

/**
 * Map items under any of `keys`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByKeyList(exp.mapBin("m"), ["a", "b"], { returnType: "count" });
 * ```
 */
export function mapGetByKeyList(bin: Expression, keys: Operand, options?: SelectOptions): Expression {
  checkOptions(options, SELECT_OPTIONS, "exp.mapGetByKeyList()");
  return many(true, C.MAP_GET_BY_KEY_LIST, bin, [keys], options);
}

/**
 * `count` map items from `index` (key order; to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByIndexRange(exp.mapBin("m"), 0, { count: 2, returnType: "keyValue" });
 * ```
 */
export function mapGetByIndexRange(bin: Expression, index: Operand, options?: RangeOptions): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.mapGetByIndexRange()");
  return many(true, C.MAP_GET_BY_INDEX_RANGE, bin, withCount([index], options), options);
}

/**
 * `count` map items from value rank `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapGetByRankRange(exp.mapBin("m"), -2, { returnType: "key" });
 * ```
 */
export function mapGetByRankRange(bin: Expression, rank: Operand, options?: RangeOptions): Expression {
  checkOptions(options, EXP_RANGE_OPTIONS, "exp.mapGetByRankRange()");
  return many(true, C.MAP_GET_BY_RANK_RANGE, bin, withCount([rank], options), options);
}
