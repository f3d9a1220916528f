/**
 * Map selectors: `getBy*` (read, default returnType "value") and `removeBy*` (modify, default
 * returnType "none") by key, key list, key interval, index, rank, value, value list, value interval and
 * relative index/rank.
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
    key: [C.MAP_GET_BY_KEY, C.MAP_REMOVE_BY_KEY],
    keyRange: [C.MAP_GET_BY_KEY_INTERVAL, C.MAP_REMOVE_BY_KEY_INTERVAL],
    keyList: [C.MAP_GET_BY_KEY_LIST, C.MAP_REMOVE_BY_KEY_LIST],
    keyRelIndexRange: [C.MAP_GET_BY_KEY_REL_INDEX_RANGE, C.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE],
    value: [C.MAP_GET_BY_VALUE, C.MAP_REMOVE_BY_VALUE],
    valueRange: [C.MAP_GET_BY_VALUE_INTERVAL, C.MAP_REMOVE_BY_VALUE_INTERVAL],
    valueList: [C.MAP_GET_BY_VALUE_LIST, C.MAP_REMOVE_BY_VALUE_LIST],
    valueRelRankRange: [C.MAP_GET_BY_VALUE_REL_RANK_RANGE, C.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE],
    index: [C.MAP_GET_BY_INDEX, C.MAP_REMOVE_BY_INDEX],
    indexRange: [C.MAP_GET_BY_INDEX_RANGE, C.MAP_REMOVE_BY_INDEX_RANGE],
    rank: [C.MAP_GET_BY_RANK, C.MAP_REMOVE_BY_RANK],
    rankRange: [C.MAP_GET_BY_RANK_RANGE, C.MAP_REMOVE_BY_RANK_RANGE],
  },
  true,
  "maps",
);

/**
 * Reads the item under `key`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByKey("m", "a");
 * ```
 */
export function getByKey(bin: string, key: Value, options?: SelectOptions): Operation {
  return S.key.get(bin, [key], options);
}

/**
 * Reads items with `begin <= key < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByKeyRange("m", "b", "d", { returnType: "keyValue" });
 * ```
 */
export function getByKeyRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return S.keyRange.get(bin, [begin, end], options);
}

/**
 * Reads the items under `keys`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByKeyList("m", ["a", "b"]);
 * ```
 */
export function getByKeyList(bin: string, keys: Value[], options?: SelectOptions): Operation {
  return S.keyList.get(bin, [keys], options);
}

/**
 * Reads `count` items from the index of `key` plus `index` (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByKeyRelIndexRange("m", "b", 0, { count: 2 });
 * ```
 */
export function getByKeyRelIndexRange(
  bin: string,
  key: Value,
  index: number,
  options?: RangeOptions,
): Operation {
  return S.keyRelIndexRange.get(bin, [key, index], options);
}

/**
 * Reads every item whose value equals `value`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByValue("m", 4, { returnType: "key" });
 * ```
 */
export function getByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return S.value.get(bin, [value], options);
}

/**
 * Reads items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByValueRange("m", 1, 10);
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
 * Reads every item whose value is one of `values`; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByValueList("m", [1, 2]);
 * ```
 */
export function getByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return S.valueList.get(bin, [values], options);
}

/**
 * Reads `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByValueRelRankRange("m", 5, -1, { count: 2 });
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
 * Reads the item at `index` in key order; returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByIndex("m", 0);
 * ```
 */
export function getByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return S.index.get(bin, [index], options);
}

/**
 * Reads `count` items from `index` in key order (to the end without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByIndexRange("m", 1, { count: 2 });
 * ```
 */
export function getByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return S.indexRange.get(bin, [index], options);
}

/**
 * Reads the item of value rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByRank("m", -1, { returnType: "key" });
 * ```
 */
export function getByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return S.rank.get(bin, [rank], options);
}

/**
 * Reads `count` items from value rank `rank` (to the highest without `count`); returns what `returnType` asks for (default the value).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.getByRankRange("m", 0, { count: 3 });
 * ```
 */
export function getByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return S.rankRange.get(bin, [rank], options);
}

/**
 * Removes the item under `key`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByKey("m", "a");
 * ```
 */
export function removeByKey(bin: string, key: Value, options?: SelectOptions): Operation {
  return S.key.remove(bin, [key], options);
}

/**
 * Removes items with `begin <= key < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByKeyRange("m", "b", "d", { returnType: "keyValue" });
 * ```
 */
export function removeByKeyRange(
  bin: string,
  begin: Value,
  end: Value | undefined,
  options?: SelectOptions,
): Operation {
  return S.keyRange.remove(bin, [begin, end], options);
}

/**
 * Removes the items under `keys`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByKeyList("m", ["a", "b"]);
 * ```
 */
export function removeByKeyList(bin: string, keys: Value[], options?: SelectOptions): Operation {
  return S.keyList.remove(bin, [keys], options);
}

/**
 * Removes `count` items from the index of `key` plus `index` (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByKeyRelIndexRange("m", "b", 0, { count: 2 });
 * ```
 */
export function removeByKeyRelIndexRange(
  bin: string,
  key: Value,
  index: number,
  options?: RangeOptions,
): Operation {
  return S.keyRelIndexRange.remove(bin, [key, index], options);
}

/**
 * Removes every item whose value equals `value`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByValue("m", 4, { returnType: "key" });
 * ```
 */
export function removeByValue(bin: string, value: Value, options?: SelectOptions): Operation {
  return S.value.remove(bin, [value], options);
}

/**
 * Removes items with `begin <= value < end` (`null` begin: from the lowest; `null`/`undefined` end: to the highest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByValueRange("m", 1, 10);
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
 * Removes every item whose value is one of `values`; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByValueList("m", [1, 2]);
 * ```
 */
export function removeByValueList(bin: string, values: Value[], options?: SelectOptions): Operation {
  return S.valueList.remove(bin, [values], options);
}

/**
 * Removes `count` items from the rank of `value` plus `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByValueRelRankRange("m", 5, -1, { count: 2 });
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

/**
 * Removes the item at `index` in key order; returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByIndex("m", 0);
 * ```
 */
export function removeByIndex(bin: string, index: number, options?: SelectOptions): Operation {
  return S.index.remove(bin, [index], options);
}

/**
 * Removes `count` items from `index` in key order (to the end without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByIndexRange("m", 1, { count: 2 });
 * ```
 */
export function removeByIndexRange(bin: string, index: number, options?: RangeOptions): Operation {
  return S.indexRange.remove(bin, [index], options);
}

/**
 * Removes the item of value rank `rank` (0 smallest, -1 largest); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByRank("m", -1, { returnType: "key" });
 * ```
 */
export function removeByRank(bin: string, rank: number, options?: SelectOptions): Operation {
  return S.rank.remove(bin, [rank], options);
}

/**
 * Removes `count` items from value rank `rank` (to the highest without `count`); returns what `returnType` asks for (default nothing).
 * @example
 * ```ts
 * import { maps } from "@aerolite/client";
 * maps.removeByRankRange("m", 0, { count: 3 });
 * ```
 */
export function removeByRankRange(bin: string, rank: number, options?: RangeOptions): Operation {
  return S.rankRange.remove(bin, [rank], options);
}
