/**
 * The official `exp.maps` module: map read and modify expressions with the official argument
 * orders (ranges take `end` before `begin`, counts before indexes:
 * `getByIndexRange(bin, count, idx, returnType, ctx)`), on aerolite's `exp.map*` builders.
 * Map removes honour the INVERTED bit of their return type, as the official client's do.
 * @module
 */
import {
  exp as X,
  type Expression,
  type MapWriteOptions,
  type RangeOptions,
  type SelectOptions,
} from "../../mod.ts";
import {
  type AerospikeExp,
  ctxOf,
  type ExpArg,
  isInverted,
  readType,
  selectOf,
  type,
  unwrap,
  wrap,
} from "./exp_base.ts";
import { mapPolicy } from "./cdt_policies.ts";

const u = (x: unknown): Expression => unwrap(x, "maps");
/** `o` with a range count; the count is an expression, which aerolite's expression ranges take as a count. */
const counted = (o: SelectOptions, count: ExpArg): RangeOptions => ({
  ...o,
  count: u(count) as unknown as number,
});
const many = (rt: number, ctx: unknown): SelectOptions => {
  readType(type.AUTO, rt, true, true);
  return selectOf(rt, ctx);
};
function writeOpts(pol: unknown, ctx: unknown): MapWriteOptions {
  const p = mapPolicy(pol);
  return p ? { ...ctxOf(ctx), policy: p } : ctxOf(ctx);
}

type RemoveOptions = NonNullable<Parameters<typeof X.mapRemoveByIndexRange>[2]>;
function removeOpts(ctx: unknown, returnType: unknown, count?: ExpArg): RemoveOptions {
  const o: RemoveOptions = ctxOf(ctx);
  if (isInverted(returnType)) o.inverted = true;
  if (count !== undefined) o.count = u(count);
  return o;
}
/** Options of a single-item remove, which aerolite cannot invert. */
function removeOneOpts(ctx: unknown, returnType: unknown, name: string): ReturnType<typeof ctxOf> {
  if (isInverted(returnType)) {
    throw new TypeError(`exp.maps.${name}() cannot invert its selection: use the range or list variant`);
  }
  return ctxOf(ctx);
}

// ---- modify ----

/** The map with `value` under `key` (`policy`: `{ order, writeMode, writeFlags }`). */
export const put = (
  bin: ExpArg,
  value: ExpArg,
  key: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapPut(u(bin), u(key), u(value), writeOpts(policy, ctx)));

/** The map with the items of the map `map` put. */
export const putItems = (
  bin: ExpArg,
  map: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapPutItems(u(bin), u(map), writeOpts(policy, ctx)));

/** The map with the value under `key` incremented by `value`. */
export const increment = (
  bin: ExpArg,
  value: ExpArg,
  key: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapIncrement(u(bin), u(key), u(value), writeOpts(policy, ctx)));

/** The empty map. */
export const clear = (bin: ExpArg, ctx: unknown = null): AerospikeExp => wrap(X.mapClear(u(bin), ctxOf(ctx)));

/** The map without `key`. */
export const removeByKey = (
  bin: ExpArg,
  key: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByKey(u(bin), u(key), removeOneOpts(ctx, returnType, "removeByKey")));

/** The map without the keys of the list `keys`. */
export const removeByKeyList = (
  bin: ExpArg,
  keys: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByKeyList(u(bin), u(keys), removeOpts(ctx, returnType)));

/** The map without the keys `begin <= key < end`. */
export const removeByKeyRange = (
  bin: ExpArg,
  end: ExpArg,
  begin: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByKeyRange(u(bin), u(begin), u(end), removeOpts(ctx, returnType)));

/** The map without the items from the index of `key` plus `idx` to the end. */
export const removeByKeyRelIndexRangeToEnd = (
  bin: ExpArg,
  idx: ExpArg,
  key: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByKeyRelIndexRange(u(bin), u(key), u(idx), removeOpts(ctx, returnType)));

/** The map without `count` items from the index of `key` plus `idx`. */
export const removeByKeyRelIndexRange = (
  bin: ExpArg,
  count: ExpArg,
  idx: ExpArg,
  key: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp =>
  wrap(X.mapRemoveByKeyRelIndexRange(u(bin), u(key), u(idx), removeOpts(ctx, returnType, count)));

/** The map without the items whose value is `value`. */
export const removeByValue = (
  bin: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByValue(u(bin), u(value), removeOpts(ctx, returnType)));

/** The map without the items whose value is in the list `values`. */
export const removeByValueList = (
  bin: ExpArg,
  values: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByValueList(u(bin), u(values), removeOpts(ctx, returnType)));

/** The map without the items with `begin <= value < end`. */
export const removeByValueRange = (
  bin: ExpArg,
  end: ExpArg,
  begin: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByValueRange(u(bin), u(begin), u(end), removeOpts(ctx, returnType)));

/** The map without the items from the rank of `value` plus `rank` to the highest. */
export const removeByValueRelRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp =>
  wrap(X.mapRemoveByValueRelRankRange(u(bin), u(value), u(rank), removeOpts(ctx, returnType)));

/** The map without `count` items from the rank of `value` plus `rank`. */
export const removeByValueRelRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp =>
  wrap(X.mapRemoveByValueRelRankRange(u(bin), u(value), u(rank), removeOpts(ctx, returnType, count)));

/** The map without the item at index `idx`. */
export const removeByIndex = (
  bin: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByIndex(u(bin), u(idx), removeOneOpts(ctx, returnType, "removeByIndex")));

/** The map without the items from index `idx` to the end. */
export const removeByIndexRangeToEnd = (
  bin: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByIndexRange(u(bin), u(idx), removeOpts(ctx, returnType)));

/** The map without `count` items from index `idx`. */
export const removeByIndexRange = (
  bin: ExpArg,
  count: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByIndexRange(u(bin), u(idx), removeOpts(ctx, returnType, count)));

/** The map without the item of value rank `rank`. */
export const removeByRank = (
  bin: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByRank(u(bin), u(rank), removeOneOpts(ctx, returnType, "removeByRank")));

/** The map without the items from value rank `rank` to the highest. */
export const removeByRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByRankRange(u(bin), u(rank), removeOpts(ctx, returnType)));

/** The map without `count` items from value rank `rank`. */
export const removeByRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  returnType?: number,
): AerospikeExp => wrap(X.mapRemoveByRankRange(u(bin), u(rank), removeOpts(ctx, returnType, count)));

// ---- read ----

/** The number of items of the map. */
export const size = (bin: ExpArg, ctx: unknown = null): AerospikeExp => wrap(X.mapSize(u(bin), ctxOf(ctx)));

/** The item under `key`, a value read as `valueType` (`exp.type.*`). */
export function getByKey(
  bin: ExpArg,
  key: ExpArg,
  valueType: number,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp {
  const t = readType(valueType, returnType, true, false);
  return wrap(X.mapGetByKey(u(bin), u(key), t, selectOf(returnType, ctx)));
}

/** Items with `begin <= key < end`. */
export const getByKeyRange = (
  bin: ExpArg,
  end: ExpArg,
  begin: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByKeyRange(u(bin), u(begin), u(end), many(returnType, ctx)));

/** Items whose key is in the list `keys`. */
export const getByKeyList = (
  bin: ExpArg,
  keys: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByKeyList(u(bin), u(keys), many(returnType, ctx)));

/** Items from the index of `key` plus `idx` to the end. */
export const getByKeyRelIndexRangeToEnd = (
  bin: ExpArg,
  idx: ExpArg,
  key: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByKeyRelIndexRange(u(bin), u(key), u(idx), many(returnType, ctx)));

/** `count` items from the index of `key` plus `idx`. */
export const getByKeyRelIndexRange = (
  bin: ExpArg,
  count: ExpArg,
  idx: ExpArg,
  key: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp =>
  wrap(X.mapGetByKeyRelIndexRange(u(bin), u(key), u(idx), counted(many(returnType, ctx), count)));

/** Items whose value is `value`. */
export const getByValue = (
  bin: ExpArg,
  value: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByValue(u(bin), u(value), many(returnType, ctx)));

/** Items with `begin <= value < end`. */
export const getByValueRange = (
  bin: ExpArg,
  end: ExpArg,
  begin: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByValueRange(u(bin), u(begin), u(end), many(returnType, ctx)));

/** Items whose value is in the list `values`. */
export const getByValueList = (
  bin: ExpArg,
  values: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByValueList(u(bin), u(values), many(returnType, ctx)));

/** Items from the rank of `value` plus `rank` to the highest. */
export const getByValueRelRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByValueRelRankRange(u(bin), u(value), u(rank), many(returnType, ctx)));

/** `count` items from the rank of `value` plus `rank`. */
export const getByValueRelRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp =>
  wrap(X.mapGetByValueRelRankRange(u(bin), u(value), u(rank), counted(many(returnType, ctx), count)));

/** The item at index `idx` (key order), a value read as `valueType`. */
export function getByIndex(
  bin: ExpArg,
  idx: ExpArg,
  valueType: number,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp {
  const t = readType(valueType, returnType, true, false);
  return wrap(X.mapGetByIndex(u(bin), u(idx), t, selectOf(returnType, ctx)));
}

/** Items from index `idx` to the end. */
export const getByIndexRangeToEnd = (
  bin: ExpArg,
  idx: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByIndexRange(u(bin), u(idx), many(returnType, ctx)));

/** `count` items from index `idx`. */
export const getByIndexRange = (
  bin: ExpArg,
  count: ExpArg,
  idx: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByIndexRange(u(bin), u(idx), counted(many(returnType, ctx), count)));

/** The item of value rank `rank`, a value read as `valueType`. */
export function getByRank(
  bin: ExpArg,
  rank: ExpArg,
  valueType: number,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp {
  const t = readType(valueType, returnType, true, false);
  return wrap(X.mapGetByRank(u(bin), u(rank), t, selectOf(returnType, ctx)));
}

/** Items from value rank `rank` to the highest. */
export const getByRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByRankRange(u(bin), u(rank), many(returnType, ctx)));

/** `count` items from value rank `rank`. */
export const getByRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.mapGetByRankRange(u(bin), u(rank), counted(many(returnType, ctx), count)));
