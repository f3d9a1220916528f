/**
 * Map modify expressions (`exp.mapPut`, `exp.mapRemoveByKey`, ...): a CALL with `EXP_CALL_MODIFY`
 * whose value is the bin's map after the change (the bin itself is written only through
 * `exp.write`). Arguments are those of the matching `maps.*` operation, each an expression or a
 * plain value; removes select with returnType none (or inverted), as the server requires inside
 * expressions.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { CdtOptions } from "../ops/cdt_encode.ts";
import type { MapWriteOptions } from "../ops/maps.ts";
import { mapAttr, mapPolicyArgs } from "../ops/cdt_policy.ts";
import type { Expression } from "./expression.ts";
import { interval, modifyCall, type Operand } from "./cdt_call.ts";
import type { RemoveExpOptions } from "./list_write.ts";
import { checkOptions } from "../validate.ts";
import { CDT_OPTIONS, CDT_WRITE_OPTIONS, EXP_REMOVE_OPTIONS } from "../validate_shapes.ts";

const write = (code: number, bin: Expression, args: Operand[], o?: CdtOptions): Expression =>
  modifyCall(true, bin, code, args, o);

/** `[code, returnType none|inverted, ...args]`, with `count` last when given. */
function remove(code: number, bin: Expression, args: Operand[], o?: RemoveExpOptions): Expression {
  const rt = o?.inverted ? C.RETURN_NONE | C.RETURN_INVERTED : C.RETURN_NONE;
  const tail = o?.count === undefined ? [] : [o.count];
  return write(code, bin, [rt, ...args, ...tail], o);
}

/**
 * The map with `value` under `key` (policy flags as in `maps.put`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.write("m", exp.mapPut(exp.mapBin("m"), "seen", exp.lastUpdate()));
 * ```
 */
export function mapPut(bin: Expression, key: Operand, value: Operand, options?: MapWriteOptions): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.mapPut()");
  return write(C.MAP_PUT, bin, [key, value, ...mapPolicyArgs(options?.policy)], options);
}

/**
 * The map with every item of `items` (a map expression or a plain object/Map) written.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapPutItems(exp.mapBin("m"), { a: 1, b: 2 });
 * ```
 */
export function mapPutItems(bin: Expression, items: Operand, options?: MapWriteOptions): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.mapPutItems()");
  return write(C.MAP_PUT_ITEMS, bin, [items, ...mapPolicyArgs(options?.policy)], options);
}

/**
 * The map with `value` added to the number under `key` (created when missing).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapIncrement(exp.mapBin("m"), "hits", 1);
 * ```
 */
export function mapIncrement(
  bin: Expression,
  key: Operand,
  value: Operand,
  options?: MapWriteOptions,
): Expression {
  checkOptions(options, CDT_WRITE_OPTIONS, "exp.mapIncrement()");
  return write(C.MAP_INCREMENT, bin, [key, value, mapAttr(options?.policy)], options);
}

/**
 * An empty map (at the context level: the rest of the bin unchanged).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapClear(exp.mapBin("m"));
 * ```
 */
export function mapClear(bin: Expression, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.mapClear()");
  return write(C.MAP_CLEAR, bin, [], options);
}

/**
 * The map without the item under `key`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByKey(exp.mapBin("m"), "a");
 * ```
 */
export function mapRemoveByKey(bin: Expression, key: Operand, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.mapRemoveByKey()");
  return remove(C.MAP_REMOVE_BY_KEY, bin, [key], options);
}

/**
 * The map without the items under any of `keys`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByKeyList(exp.mapBin("m"), ["a", "b"]);
 * ```
 */
export function mapRemoveByKeyList(bin: Expression, keys: Operand, options?: RemoveExpOptions): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByKeyList()");
  return remove(C.MAP_REMOVE_BY_KEY_LIST, bin, [keys], options);
}

/**
 * The map without the items with `begin <= key < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByKeyRange(exp.mapBin("m"), "b", "d");
 * ```
 */
export function mapRemoveByKeyRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByKeyRange()");
  return remove(C.MAP_REMOVE_BY_KEY_INTERVAL, bin, interval(begin, end), options);
}

/**
 * The map without `count` items from the index of `key` plus `index` (to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByKeyRelIndexRange(exp.mapBin("m"), "b", 0, { count: 1 });
 * ```
 */
export function mapRemoveByKeyRelIndexRange(
  bin: Expression,
  key: Operand,
  index: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByKeyRelIndexRange()");
  return remove(C.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE, bin, [key, index], options);
}

/**
 * The map without the items whose value equals `value`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByValue(exp.mapBin("m"), 0);
 * ```
 */
export function mapRemoveByValue(bin: Expression, value: Operand, options?: RemoveExpOptions): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByValue()");
  return remove(C.MAP_REMOVE_BY_VALUE, bin, [value], options);
}

/**
 * The map without the items whose value equals any of `values`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByValueList(exp.mapBin("m"), [0, 1]);
 * ```
 */
export function mapRemoveByValueList(
  bin: Expression,
  values: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByValueList()");
  return remove(C.MAP_REMOVE_BY_VALUE_LIST, bin, [values], options);
}

/**
 * The map without the items with `begin <= value < end` (`null` end: to the highest).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByValueRange(exp.mapBin("m"), 0, 10);
 * ```
 */
export function mapRemoveByValueRange(
  bin: Expression,
  begin: Operand,
  end: Operand | undefined,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByValueRange()");
  return remove(C.MAP_REMOVE_BY_VALUE_INTERVAL, bin, interval(begin, end), options);
}

/**
 * The map without `count` items from the value rank of `value` plus `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByValueRelRankRange(exp.mapBin("m"), 5, 0);
 * ```
 */
export function mapRemoveByValueRelRankRange(
  bin: Expression,
  value: Operand,
  rank: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByValueRelRankRange()");
  return remove(C.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE, bin, [value, rank], options);
}

/**
 * The map without the item at `index` (key order).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByIndex(exp.mapBin("m"), 0);
 * ```
 */
export function mapRemoveByIndex(bin: Expression, index: Operand, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.mapRemoveByIndex()");
  return remove(C.MAP_REMOVE_BY_INDEX, bin, [index], options);
}

/**
 * The map without `count` items from `index` (to the end without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByIndexRange(exp.mapBin("m"), 1, { count: 2 });
 * ```
 */
export function mapRemoveByIndexRange(
  bin: Expression,
  index: Operand,
  options?: RemoveExpOptions,
): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByIndexRange()");
  return remove(C.MAP_REMOVE_BY_INDEX_RANGE, bin, [index], options);
}

/**
 * The map without the item of value rank `rank`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByRank(exp.mapBin("m"), -1);
 * ```
 */
export function mapRemoveByRank(bin: Expression, rank: Operand, options?: CdtOptions): Expression {
  checkOptions(options, CDT_OPTIONS, "exp.mapRemoveByRank()");
  return remove(C.MAP_REMOVE_BY_RANK, bin, [rank], options);
}

/**
 * The map without `count` items from value rank `rank` (to the highest without `count`).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapRemoveByRankRange(exp.mapBin("m"), 0, { count: 2 });
 * ```
 */
export function mapRemoveByRankRange(bin: Expression, rank: Operand, options?: RemoveExpOptions): Expression {
  checkOptions(options, EXP_REMOVE_OPTIONS, "exp.mapRemoveByRankRange()");
  return remove(C.MAP_REMOVE_BY_RANK_RANGE, bin, [rank], options);
}
