/**
 * List selectors: `getBy*` (read, default returnType "value") and `removeBy*` (modify, default
 * returnType "none") by index, rank, value, value list, value interval and relative rank.
 * Arguments go as `[code, returnType, ...selector]`, as the official client sends them.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import type { RangeOptions, SelectOptions } from "./cdt_encode.ts";
import { selectors } from "./selector.ts";

const S = selectors(
  {
    index: [C.LIST_GET_BY_INDEX, C.LIST_REMOVE_BY_INDEX],
    indexRange: [C.LIST_GET_BY_INDEX_RANGE, C.LIST_REMOVE_BY_INDEX_RANGE],
    rank: [C.LIST_GET_BY_RANK, C.LIST_REMOVE_BY_RANK],
    rankRange: [C.LIST_GET_BY_RANK_RANGE, C.LIST_REMOVE_BY_RANK_RANGE],
    value: [C.LIST_GET_BY_VALUE, C.LIST_REMOVE_BY_VALUE],
    valueList: [C.LIST_GET_BY_VALUE_LIST, C.LIST_REMOVE_BY_VALUE_LIST],
    valueRange: [C.LIST_GET_BY_VALUE_INTERVAL, C.LIST_REMOVE_BY_VALUE_INTERVAL],
    valueRelRankRange: [C.LIST_GET_BY_VALUE_REL_RANK_RANGE, C.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE],
  },
  false,
  "lists",
);

/**
 * Reads the item at `index`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByIndex("l", 0);
 * ```
 */
export function getByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return S.index.get(bin, [index], options);
}

/**
 * Reads `count` items from `index` (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByIndexRange("l", 1, { count: 2 });
 * ```
 */
export function getByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return S.indexRange.get(bin, [index], options);
}

/**
 * Reads the item of rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByRank("l", -1);
 * ```
 */
export function getByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return S.rank.get(bin, [rank], options);
}

/**
 * Reads `count` items from rank `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByRankRange("l", 0, { count: 3 });
 * ```
 */
export function getByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return S.rankRange.get(bin, [rank], options);
}

/**
 * Reads every item equal to `value`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByValue("l", 4, { returnType: "count" });
 * ```
 */
export function getByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return S.value.get(bin, [value], options);
}

/**
 * Reads every item equal to one of `values`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByValueList("l", [1, 2]);
 * ```
 */
export function getByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return S.valueList.get(bin, [values], options);
}

/**
 * Reads items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByValueRange("l", 2, 5);
 * ```
 */
export function getByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return S.valueRange.get(bin, [begin, end], options);
}

/**
 * Reads `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.getByValueRelRankRange("l", 5, -1, { count: 2 });
 * ```
 */
export function getByValueRelRankRange(
  bin: string,
  value: Value,
  rank: number,
  options?: RangeOptions,
): Operation {
  return S.valueRelRankRange.get(bin, [value, rank], options);
}

/**
 * Removes the item at `index`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByIndex("l", 0);
 * ```
 */
export function removeByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return S.index.remove(bin, [index], options);
}

/**
 * Removes `count` items from `index` (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByIndexRange("l", 1, { count: 2 });
 * ```
 */
export function removeByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return S.indexRange.remove(bin, [index], options);
}

/**
 * Removes the item of rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByRank("l", -1);
 * ```
 */
export function removeByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return S.rank.remove(bin, [rank], options);
}

/**
 * Removes `count` items from rank `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByRankRange("l", 0, { count: 3 });
 * ```
 */
export function removeByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return S.rankRange.remove(bin, [rank], options);
}

/**
 * Removes every item equal to `value`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByValue("l", 4, { returnType: "count" });
 * ```
 */
export function removeByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return S.value.remove(bin, [value], options);
}

/**
 * Removes every item equal to one of `values`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByValueList("l", [1, 2]);
 * ```
 */
export function removeByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return S.valueList.remove(bin, [values], options);
}

/**
 * Removes items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByValueRange("l", 2, 5);
 * ```
 */
export function removeByValueRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return S.valueRange.remove(bin, [begin, end], options);
}

/**
 * Removes `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { lists } from "@aerolite/client";
 * lists.removeByValueRelRankRange("l", 5, -1, { count: 2 });
 * ```
 */
export function removeByValueRelRankRange(
  bin: string,
  value: Value,
  rank: number,
  options?: RangeOptions,
): Operation {
  return S.valueRelRankRange.remove(bin, [value, rank], options);
}
