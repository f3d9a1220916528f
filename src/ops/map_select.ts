/**
 * Map selectors: `getBy*` (read, default returnType "value") and `removeBy*` (modify, default
 * returnType "none") by key, key list, key interval, index, rank, value, value list, value interval and
 * relative index/rank.
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

const RESPOND_ALL = true;

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
 * Reads the item under `key`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByKey("m", "a");
 * ```
 */
export function getByKey(bin: string, key: Value, options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_KEY, [key], options);
}

/**
 * Reads items with `begin <= key < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByKeyRange("m", "b", "d", { returnType: "keyValue" });
 * ```
 */
export function getByKeyRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(false, bin, C.MAP_GET_BY_KEY_INTERVAL, interval(begin, end), options);
}

/**
 * Reads the items under `keys`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByKeyList("m", ["a", "b"]);
 * ```
 */
export function getByKeyList(bin: string, keys: Value[], options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_KEY_LIST, [checkArray("keys", keys)], options);
}

/**
 * Reads `count` items from the index of `key` plus `index` (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByKeyRelIndexRange("m", "b", 0, { count: 2 });
 * ```
 */
export function getByKeyRelIndexRange(
  bin: string,
  key: Value,
  index: number,
  options?: RangeOptions,
): Operation {
  return sel(
    false,
    bin,
    C.MAP_GET_BY_KEY_REL_INDEX_RANGE,
    withCount([key, checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Reads every item whose value equals `value`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByValue("m", 4, { returnType: "key" });
 * ```
 */
export function getByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_VALUE, [value], options);
}

/**
 * Reads items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByValueRange("m", 1, 10);
 * ```
 */
export function getByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(false, bin, C.MAP_GET_BY_VALUE_INTERVAL, interval(begin, end), options);
}

/**
 * Reads every item whose value is one of `values`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByValueList("m", [1, 2]);
 * ```
 */
export function getByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_VALUE_LIST, [checkArray("values", values)], options);
}

/**
 * Reads `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByValueRelRankRange("m", 5, -1, { count: 2 });
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
    C.MAP_GET_BY_VALUE_REL_RANK_RANGE,
    withCount([value, checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Reads the item at `index` in key order; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByIndex("m", 0);
 * ```
 */
export function getByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_INDEX, [checkInt("index", index)], options);
}

/**
 * Reads `count` items from `index` in key order (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByIndexRange("m", 1, { count: 2 });
 * ```
 */
export function getByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return sel(
    false,
    bin,
    C.MAP_GET_BY_INDEX_RANGE,
    withCount([checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Reads the item of value rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByRank("m", -1, { returnType: "key" });
 * ```
 */
export function getByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return sel(false, bin, C.MAP_GET_BY_RANK, [checkInt("rank", rank)], options);
}

/**
 * Reads `count` items from value rank `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * maps.getByRankRange("m", 0, { count: 3 });
 * ```
 */
export function getByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return sel(
    false,
    bin,
    C.MAP_GET_BY_RANK_RANGE,
    withCount([checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Removes the item under `key`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByKey("m", "a");
 * ```
 */
export function removeByKey(bin: string, key: Value, options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_KEY, [key], options);
}

/**
 * Removes items with `begin <= key < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByKeyRange("m", "b", "d", { returnType: "keyValue" });
 * ```
 */
export function removeByKeyRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_KEY_INTERVAL, interval(begin, end), options);
}

/**
 * Removes the items under `keys`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByKeyList("m", ["a", "b"]);
 * ```
 */
export function removeByKeyList(bin: string, keys: Value[], options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_KEY_LIST, [checkArray("keys", keys)], options);
}

/**
 * Removes `count` items from the index of `key` plus `index` (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByKeyRelIndexRange("m", "b", 0, { count: 2 });
 * ```
 */
export function removeByKeyRelIndexRange(
  bin: string,
  key: Value,
  index: number,
  options?: RangeOptions,
): Operation {
  return sel(
    true,
    bin,
    C.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE,
    withCount([key, checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Removes every item whose value equals `value`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByValue("m", 4, { returnType: "key" });
 * ```
 */
export function removeByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_VALUE, [value], options);
}

/**
 * Removes items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByValueRange("m", 1, 10);
 * ```
 */
export function removeByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_VALUE_INTERVAL, interval(begin, end), options);
}

/**
 * Removes every item whose value is one of `values`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByValueList("m", [1, 2]);
 * ```
 */
export function removeByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_VALUE_LIST, [checkArray("values", values)], options);
}

/**
 * Removes `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByValueRelRankRange("m", 5, -1, { count: 2 });
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
    C.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE,
    withCount([value, checkInt("rank", rank)], options?.count),
    options,
  );
}

/**
 * Removes the item at `index` in key order; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByIndex("m", 0);
 * ```
 */
export function removeByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_INDEX, [checkInt("index", index)], options);
}

/**
 * Removes `count` items from `index` in key order (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByIndexRange("m", 1, { count: 2 });
 * ```
 */
export function removeByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return sel(
    true,
    bin,
    C.MAP_REMOVE_BY_INDEX_RANGE,
    withCount([checkInt("index", index)], options?.count),
    options,
  );
}

/**
 * Removes the item of value rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByRank("m", -1, { returnType: "key" });
 * ```
 */
export function removeByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return sel(true, bin, C.MAP_REMOVE_BY_RANK, [checkInt("rank", rank)], options);
}

/**
 * Removes `count` items from value rank `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * maps.removeByRankRange("m", 0, { count: 3 });
 * ```
 */
export function removeByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return sel(
    true,
    bin,
    C.MAP_REMOVE_BY_RANK_RANGE,
    withCount([checkInt("rank", rank)], options?.count),
    options,
  );
}
