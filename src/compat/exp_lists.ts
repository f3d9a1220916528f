/**
 * The official `exp.lists` module: list read and modify expressions with the official argument
 * orders (`getByIndexRange(bin, index, count, returnType, ctx)`,
 * `removeByIndexRange(bin, count, index, ctx)`), on aerolite's `exp.list*` builders.
 * Like the official client, list removes always select with returnType NONE.
 * @module
 */
import {
  exp as X,
  type Expression,
  type ListWriteOptions,
  type RangeOptions,
  type SelectOptions,
} from "../../mod.ts";
import { type AerospikeExp, ctxOf, type ExpArg, readType, selectOf, type, unwrap, wrap } from "./exp_base.ts";
import { listPolicy } from "./cdt_policies.ts";

const u = (x: unknown): Expression => unwrap(x, "lists");
/** `o` with a range count; the count is an expression, which aerolite's expression ranges take as a count. */
const counted = (o: SelectOptions, count: ExpArg): RangeOptions => ({
  ...o,
  count: u(count) as unknown as number,
});
const many = (rt: number, ctx: unknown): SelectOptions => {
  readType(type.AUTO, rt, false, true);
  return selectOf(rt, ctx);
};
function writeOpts(pol: unknown, ctx: unknown): ListWriteOptions {
  const p = listPolicy(pol);
  return p ? { ...ctxOf(ctx), policy: p } : ctxOf(ctx);
}

/** The number of items of the list. */
export const size = (bin: ExpArg, ctx: unknown = null): AerospikeExp => wrap(X.listSize(u(bin), ctxOf(ctx)));

/** Items equal to `value`. */
export const getByValue = (
  bin: ExpArg,
  value: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByValue(u(bin), u(value), many(returnType, ctx)));

/** Items with `begin <= value < end`. */
export const getByValueRange = (
  bin: ExpArg,
  begin: ExpArg,
  end: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByValueRange(u(bin), u(begin), u(end), many(returnType, ctx)));

/** Items equal to any of the list `value`. */
export const getByValueList = (
  bin: ExpArg,
  value: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByValueList(u(bin), u(value), many(returnType, ctx)));

/** Items from the rank of `value` plus `rank` to the highest. */
export const getByRelRankRangeToEnd = (
  bin: ExpArg,
  value: ExpArg,
  rank: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByValueRelRankRange(u(bin), u(value), u(rank), many(returnType, ctx)));

/** `count` items from the rank of `value` plus `rank`. */
export const getByRelRankRange = (
  bin: ExpArg,
  value: ExpArg,
  rank: ExpArg,
  count: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp =>
  wrap(X.listGetByValueRelRankRange(u(bin), u(value), u(rank), counted(many(returnType, ctx), count)));

/** The item at `index`, read as `valueType` (`exp.type.*`). */
export function getByIndex(
  bin: ExpArg,
  index: ExpArg,
  valueType: number,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp {
  const t = readType(valueType, returnType, false, false);
  return wrap(X.listGetByIndex(u(bin), u(index), t, selectOf(returnType, ctx)));
}

/** Items from `index` to the end. */
export const getByIndexRangeToEnd = (
  bin: ExpArg,
  index: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByIndexRange(u(bin), u(index), many(returnType, ctx)));

/** `count` items from `index`. */
export const getByIndexRange = (
  bin: ExpArg,
  index: ExpArg,
  count: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByIndexRange(u(bin), u(index), counted(many(returnType, ctx), count)));

/** The item of rank `rank`, read as `valueType` (`exp.type.*`). */
export function getByRank(
  bin: ExpArg,
  rank: ExpArg,
  valueType: number,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp {
  const t = readType(valueType, returnType, false, false);
  return wrap(X.listGetByRank(u(bin), u(rank), t, selectOf(returnType, ctx)));
}

/** Items from rank `rank` to the highest. */
export const getByRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByRankRange(u(bin), u(rank), many(returnType, ctx)));

/** `count` items from rank `rank`. */
export const getByRankRange = (
  bin: ExpArg,
  rank: ExpArg,
  count: ExpArg,
  returnType: number,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listGetByRankRange(u(bin), u(rank), counted(many(returnType, ctx), count)));

/** The list with `value` appended (`policy`: `{ order, writeFlags }`). */
export const append = (
  bin: ExpArg,
  value: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listAppend(u(bin), u(value), writeOpts(policy, ctx)));

/** The list with the items of the list `value` appended. */
export const appendItems = (
  bin: ExpArg,
  value: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listAppendItems(u(bin), u(value), writeOpts(policy, ctx)));

/** The list with `value` inserted at `idx`. */
export const insert = (
  bin: ExpArg,
  value: ExpArg,
  idx: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listInsert(u(bin), u(idx), u(value), writeOpts(policy, ctx)));

/** The list with the items of the list `value` inserted at `idx`. */
export const insertItems = (
  bin: ExpArg,
  value: ExpArg,
  idx: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listInsertItems(u(bin), u(idx), u(value), writeOpts(policy, ctx)));

/** The list with the item at `idx` incremented by `value`. */
export const increment = (
  bin: ExpArg,
  value: ExpArg,
  idx: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listIncrement(u(bin), u(idx), u(value), writeOpts(policy, ctx)));

/** The list with the item at `idx` set to `value`. */
export const set = (
  bin: ExpArg,
  value: ExpArg,
  idx: ExpArg,
  policy: unknown = null,
  ctx: unknown = null,
): AerospikeExp => wrap(X.listSet(u(bin), u(idx), u(value), writeOpts(policy, ctx)));

/** The empty list. */
export const clear = (bin: ExpArg, ctx: unknown = null): AerospikeExp =>
  wrap(X.listClear(u(bin), ctxOf(ctx)));

/** The list sorted (`order`: `lists.sortFlags.*`; bit 1 sorts descending). */
export function sort(bin: ExpArg, order: number, ctx: unknown = null): AerospikeExp {
  const f = order ?? 0;
  if (typeof f !== "number") throw new TypeError("exp.lists.sort() takes the sort flags as a number");
  return wrap(
    X.listSort(u(bin), { ...ctxOf(ctx), descending: (f & 1) !== 0, dropDuplicates: (f & 2) !== 0 }),
  );
}

type RemoveOptions = NonNullable<Parameters<typeof X.listRemoveByIndexRange>[2]>;
const removeOpts = (ctx: unknown, count?: ExpArg): RemoveOptions =>
  count === undefined ? ctxOf(ctx) : { ...ctxOf(ctx), count: u(count) };

/** The list without the items equal to `value`. */
export const removeByValue = (
  bin: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByValue(u(bin), u(value), removeOpts(ctx)));

/** The list without the items equal to any of the list `values`. */
export const removeByValueList = (
  bin: ExpArg,
  values: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByValueList(u(bin), u(values), removeOpts(ctx)));

/** The list without the items with `begin <= value < end` (note the official order: end first). */
export const removeByValueRange = (
  bin: ExpArg,
  end: ExpArg,
  begin: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByValueRange(u(bin), u(begin), u(end), removeOpts(ctx)));

/** The list without the items from the rank of `value` plus `rank` to the highest. */
export const removeByRelRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByValueRelRankRange(u(bin), u(value), u(rank), removeOpts(ctx)));

/** The list without `count` items from the rank of `value` plus `rank`. */
export const removeByRelRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  value: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByValueRelRankRange(u(bin), u(value), u(rank), removeOpts(ctx, count)));

/** The list without the item at `idx`. */
export const removeByIndex = (
  bin: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByIndex(u(bin), u(idx), ctxOf(ctx)));

/** The list without the items from `idx` to the end. */
export const removeByIndexRangeToEnd = (
  bin: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByIndexRange(u(bin), u(idx), removeOpts(ctx)));

/** The list without `count` items from `idx`. */
export const removeByIndexRange = (
  bin: ExpArg,
  count: ExpArg,
  idx: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByIndexRange(u(bin), u(idx), removeOpts(ctx, count)));

/** The list without the item of rank `rank`. */
export const removeByRank = (
  bin: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByRank(u(bin), u(rank), ctxOf(ctx)));

/** The list without the items from rank `rank` to the highest. */
export const removeByRankRangeToEnd = (
  bin: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByRankRange(u(bin), u(rank), removeOpts(ctx)));

/** The list without `count` items from rank `rank`. */
export const removeByRankRange = (
  bin: ExpArg,
  count: ExpArg,
  rank: ExpArg,
  ctx: unknown = null,
  _returnType?: number,
): AerospikeExp => wrap(X.listRemoveByRankRange(u(bin), u(rank), removeOpts(ctx, count)));
