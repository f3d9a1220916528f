/**
 * The official `maps` module: map operations with the official argument order, map policies as
 * `{ order, writeMode, writeFlags }`.
 * @module
 */
import { maps as M, type Operation as AeroOp, type Value } from "../../mod.ts";
import { mapOrder, mapReturnType, mapWriteFlags, mapWriteMode } from "./constants.ts";
import { type BuildState, Operation, selectOptions } from "./operation.ts";
import { MAP_ORDERS as ORDERS, mapPolicy as policy, nul, opt } from "./cdt_policies.ts";
import { toAeroValue } from "./values.ts";

export {
  mapOrder as order,
  mapReturnType as returnType,
  mapWriteFlags as writeFlags,
  mapWriteMode as writeMode,
};

/** The official map policy shape. */
export interface MapPolicy {
  /** `maps.order.*`. */
  order?: number;
  /** `maps.writeMode.*` (servers before 4.3). */
  writeMode?: number;
  /** `maps.writeFlags.*` or-ed. */
  writeFlags?: number;
  /** Keep an index for ordered maps. */
  persistIndex?: boolean;
}

/** A map operation (the official `MapOperation`). */
export class MapOperation extends Operation {}

const v = (x: unknown): Value => toAeroValue(x);
const vs = (x: unknown): Value[] => {
  if (!Array.isArray(x)) throw new TypeError("key/value list must be an array");
  return x.map(v);
};

function writeOpts(s: BuildState, p: unknown): M.MapWriteOptions {
  const o: M.MapWriteOptions = {};
  if (s.ctx) o.ctx = s.ctx;
  const pol = policy(p);
  if (pol) o.policy = pol;
  return o;
}
const cdt = (s: BuildState) => (s.ctx ? { ctx: s.ctx } : {});
const mk = (name: string, bin: string, f: (s: BuildState) => AeroOp) => new MapOperation(name, bin, f);
const sel = (name: string, bin: string, rt: number | undefined, f: (s: BuildState) => AeroOp) =>
  new MapOperation(name, bin, f, { returnType: rt, invertible: true });

/** Sets the map's policy (order). */
export const setPolicy = (bin: string, pol: MapPolicy): MapOperation =>
  mk("setPolicy", bin, (s) => M.setPolicy(bin, policy(pol) ?? {}, cdt(s)));
/** Puts a key/value. */
export const put = (bin: string, key: unknown, value: unknown, pol?: MapPolicy): MapOperation =>
  mk("put", bin, (s) => M.put(bin, v(key), v(value), writeOpts(s, pol)));
/** Puts several key/values. */
export const putItems = (bin: string, items: unknown, pol?: MapPolicy): MapOperation =>
  mk("putItems", bin, (s) => M.putItems(bin, v(items) as { [k: string]: Value }, writeOpts(s, pol)));
/** Adds to the number at a key. */
export const increment = (bin: string, key: unknown, incr?: unknown, pol?: MapPolicy): MapOperation =>
  mk("increment", bin, (s) => M.increment(bin, v(key), v(incr ?? 1) as number, writeOpts(s, pol)));
/** Subtracts from the number at a key. */
export const decrement = (bin: string, key: unknown, decr?: unknown, pol?: MapPolicy): MapOperation =>
  mk("decrement", bin, (s) => M.decrement(bin, v(key), v(decr ?? 1) as number, writeOpts(s, pol)));
/** Removes every entry. */
export const clear = (bin: string): MapOperation => mk("clear", bin, (s) => M.clear(bin, cdt(s)));
/** Number of entries. */
export const size = (bin: string): MapOperation => mk("size", bin, (s) => M.size(bin, cdt(s)));
/** Creates a map (at a context level). */
export const create = (bin: string, order?: number, persistIndex = false, ctx?: unknown): MapOperation => {
  const op = mk(
    "create",
    bin,
    (s) =>
      M.create(bin, ORDERS[order ?? 0] ?? "unordered", {
        ...cdt(s),
        ...(persistIndex ? { persistIndex } : {}),
      }),
  );
  return ctx === undefined ? op : op.withContext(ctx);
};

type One = (bin: string, x: Value, o: ReturnType<typeof selectOptions>) => AeroOp;
type Many = (bin: string, x: Value[], o: ReturnType<typeof selectOptions>) => AeroOp;
type Idx = (bin: string, x: number, o: ReturnType<typeof selectOptions>) => AeroOp;
type Rng = (bin: string, a: Value, b: Value | undefined, o: ReturnType<typeof selectOptions>) => AeroOp;
type Rel = (bin: string, a: Value, b: number, o: ReturnType<typeof selectOptions>) => AeroOp;
/** A map operation on one key or value (`bin, value, returnType?`). */
export type MapOneOp = (bin: string, x: unknown, rt?: number) => MapOperation;
/** A map operation on a list of keys or values (`bin, values, returnType?`). */
export type MapManyOp = (bin: string, x: unknown, rt?: number) => MapOperation;
/** A map operation at one index or rank (`bin, index, returnType?`). */
export type MapIndexOp = (bin: string, x: number, rt?: number) => MapOperation;
/** A map operation on an index or rank range (`bin, index, count?, returnType?`). */
export type MapIndexRangeOp = (bin: string, x: number, n?: number | null, rt?: number) => MapOperation;
/** A map operation on a key or value interval (`bin, begin, end, returnType?`). */
export type MapRangeOp = (bin: string, a: unknown, b: unknown, rt?: number) => MapOperation;
/** A map operation relative to a key or value (`bin, value, offset, count?, returnType?`). */
export type MapRelativeOp = (
  bin: string,
  a: unknown,
  b: number,
  n?: number | null,
  rt?: number,
) => MapOperation;

const one = (name: string, f: One) => (bin: string, x: unknown, rt?: number): MapOperation =>
  sel(name, bin, rt, (s) => f(bin, v(x), selectOptions(s)));
const many = (name: string, f: Many) => (bin: string, x: unknown, rt?: number): MapOperation =>
  sel(name, bin, rt, (s) => f(bin, vs(x), selectOptions(s)));
const idx = (name: string, f: Idx) => (bin: string, x: number, rt?: number): MapOperation =>
  sel(name, bin, rt, (s) => f(bin, x, selectOptions(s)));
const idxRange =
  (name: string, f: Idx) => (bin: string, x: number, n?: number | null, rt?: number): MapOperation =>
    sel(name, bin, rt, (s) => f(bin, x, selectOptions(s, n)));
const rng = (name: string, f: Rng) => (bin: string, a: unknown, b: unknown, rt?: number): MapOperation =>
  sel(name, bin, rt, (s) => f(bin, nul(a), opt(b), selectOptions(s)));
const rel =
  (name: string, f: Rel) =>
  (bin: string, a: unknown, b: number, n?: number | null, rt?: number): MapOperation =>
    sel(name, bin, rt, (s) => f(bin, v(a), b, selectOptions(s, n)));

/** Removes by key. */
export const removeByKey: MapOneOp = one("removeByKey", M.removeByKey);
/** Removes by keys. */
export const removeByKeyList: MapManyOp = many("removeByKeyList", M.removeByKeyList);
/** Removes by key interval. */
export const removeByKeyRange: MapRangeOp = rng("removeByKeyRange", M.removeByKeyRange);
/** Removes by key-relative index range. */
export const removeByKeyRelIndexRange: MapRelativeOp = rel(
  "removeByKeyRelIndexRange",
  M.removeByKeyRelIndexRange,
);
/** Removes by value. */
export const removeByValue: MapOneOp = one("removeByValue", M.removeByValue);
/** Removes by values. */
export const removeByValueList: MapManyOp = many("removeByValueList", M.removeByValueList);
/** Removes by value interval. */
export const removeByValueRange: MapRangeOp = rng("removeByValueRange", M.removeByValueRange);
/** Removes by value-relative rank range. */
export const removeByValueRelRankRange: MapRelativeOp = rel(
  "removeByValueRelRankRange",
  M.removeByValueRelRankRange,
);
/** Removes by index. */
export const removeByIndex: MapIndexOp = idx("removeByIndex", M.removeByIndex);
/** Removes by index range. */
export const removeByIndexRange: MapIndexRangeOp = idxRange("removeByIndexRange", M.removeByIndexRange);
/** Removes by rank. */
export const removeByRank: MapIndexOp = idx("removeByRank", M.removeByRank);
/** Removes by rank range. */
export const removeByRankRange: MapIndexRangeOp = idxRange("removeByRankRange", M.removeByRankRange);
/** Selects by key. */
export const getByKey: MapOneOp = one("getByKey", M.getByKey);
/** Selects by keys. */
export const getByKeyList: MapManyOp = many("getByKeyList", M.getByKeyList);
/** Selects by key interval. */
export const getByKeyRange: MapRangeOp = rng("getByKeyRange", M.getByKeyRange);
/** Selects by key-relative index range. */
export const getByKeyRelIndexRange: MapRelativeOp = rel("getByKeyRelIndexRange", M.getByKeyRelIndexRange);
/** Selects by value. */
export const getByValue: MapOneOp = one("getByValue", M.getByValue);
/** Selects by values. */
export const getByValueList: MapManyOp = many("getByValueList", M.getByValueList);
/** Selects by value interval. */
export const getByValueRange: MapRangeOp = rng("getByValueRange", M.getByValueRange);
/** Selects by value-relative rank range. */
export const getByValueRelRankRange: MapRelativeOp = rel("getByValueRelRankRange", M.getByValueRelRankRange);
/** Selects by index. */
export const getByIndex: MapIndexOp = idx("getByIndex", M.getByIndex);
/** Selects by index range. */
export const getByIndexRange: MapIndexRangeOp = idxRange("getByIndexRange", M.getByIndexRange);
/** Selects by rank. */
export const getByRank: MapIndexOp = idx("getByRank", M.getByRank);
/** Selects by rank range. */
export const getByRankRange: MapIndexRangeOp = idxRange("getByRankRange", M.getByRankRange);
