/**
 * List selectors: `getBy*` (read, default returnType "value") and `removeBy*` (modify, default
 * returnType "none") by index, rank, value, value list, value interval and relative rank.
 * Arguments go as `[code, returnType, ...selector]`, as the official client sends them.
 * @module
 */
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";
import * as C from "../wire/cdt_codes.ts";
import type { Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import {
  type CdtArg,
  cdtOperation,
  checkArray,
  checkCount,
  checkInt,
  type RangeOptions,
  returnTypeCode,
  type SelectOptions,
} from "./cdt_encode.ts";

const RESPOND_ALL = false;

function sel(remove: boolean, bin: string, code: number, args: CdtArg[], o?: SelectOptions): Operation {
  const rt = returnTypeCode(o, remove ? "none" : "value");
  return cdtOperation(remove ? OP_CDT_MODIFY : OP_CDT_READ, bin, code, [rt, ...args], o?.ctx, RESPOND_ALL);
}

function withCount(args: CdtArg[], count: number | undefined): CdtArg[] {
  if (count !== undefined) args.push(checkCount("count", count));
  return args;
}

/** Interval arguments: `begin` (null: from the lowest), then `end` unless it is null/undefined (to the highest). */
function interval(begin: Value, end: Value | undefined): CdtArg[] {
  if (begin === undefined) throw new TypeError("begin must be a value or null");
  return end === undefined || end === null ? [begin] : [begin, end];
}

/**
 * Reads the item at `index`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByIndex("l", 0);
 * ```
 */
export function getByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return sel(false, bin, C.LIST_GET_BY_INDEX, [checkInt("index", index)], options);
}

/**
 * Reads `count` items from `index` (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByIndexRange("l", 1, { count: 2 });
 * ```
 */
export function getByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return sel(
    false,
    bin,
    C.LIST_GET_BY_INDEX_RANGE,
    withCount([checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Reads the item of rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByRank("l", -1);
 * ```
 */
export function getByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return sel(false, bin, C.LIST_GET_BY_RANK, [checkInt("rank", rank)], options);
}

/**
 * Reads `count` items from rank `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByRankRange("l", 0, { count: 3 });
 * ```
 */
export function getByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return sel(
    false,
    bin,
    C.LIST_GET_BY_RANK_RANGE,
    withCount([checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Reads every item equal to `value`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByValue("l", 4, { returnType: "count" });
 * ```
 */
export function getByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return sel(false, bin, C.LIST_GET_BY_VALUE, [value], options);
}

/**
 * Reads every item equal to one of `values`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByValueList("l", [1, 2]);
 * ```
 */
export function getByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return sel(false, bin, C.LIST_GET_BY_VALUE_LIST, [checkArray("values", values)], options);
}

/**
 * Reads items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByValueRange("l", 2, 5);
 * ```
 */
export function getByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(false, bin, C.LIST_GET_BY_VALUE_INTERVAL, interval(begin, end), options);
}

/**
 * Reads `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * lists.getByValueRelRankRange("l", 5, -1, { count: 2 });
 * ```
 */
export function getByValueRelRankRange(
  bin: string,
  value: Value,
  rank: number,
  options?: RangeOptions,
): Operation {
  return sel(
    false,
    bin,
    C.LIST_GET_BY_VALUE_REL_RANK_RANGE,
    withCount([value, checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Removes the item at `index`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByIndex("l", 0);
 * ```
 */
export function removeByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return sel(true, bin, C.LIST_REMOVE_BY_INDEX, [checkInt("index", index)], options);
}

/**
 * Removes `count` items from `index` (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByIndexRange("l", 1, { count: 2 });
 * ```
 */
export function removeByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return sel(
    true,
    bin,
    C.LIST_REMOVE_BY_INDEX_RANGE,
    withCount([checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Removes the item of rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByRank("l", -1);
 * ```
 */
export function removeByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return sel(true, bin, C.LIST_REMOVE_BY_RANK, [checkInt("rank", rank)], options);
}

/**
 * Removes `count` items from rank `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByRankRange("l", 0, { count: 3 });
 * ```
 */
export function removeByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return sel(
    true,
    bin,
    C.LIST_REMOVE_BY_RANK_RANGE,
    withCount([checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Removes every item equal to `value`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByValue("l", 4, { returnType: "count" });
 * ```
 */
export function removeByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return sel(true, bin, C.LIST_REMOVE_BY_VALUE, [value], options);
}

/**
 * Removes every item equal to one of `values`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByValueList("l", [1, 2]);
 * ```
 */
export function removeByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return sel(true, bin, C.LIST_REMOVE_BY_VALUE_LIST, [checkArray("values", values)], options);
}

/**
 * Removes items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByValueRange("l", 2, 5);
 * ```
 */
export function removeByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(true, bin, C.LIST_REMOVE_BY_VALUE_INTERVAL, interval(begin, end), options);
}

/**
 * Removes `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * lists.removeByValueRelRankRange("l", 5, -1, { count: 2 });
 * ```
 */
export function removeByValueRelRankRange(
  bin: string,
  value: Value,
  rank: number,
  options?: RangeOptions,
): Operation {
  return sel(
    true,
    bin,
    C.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE,
    withCount([value, checkInt("rank", rank)], options?.count),
    options,
  );
}
